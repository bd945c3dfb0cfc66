const serverlessExpress = require('@vendia/serverless-express');
const express = require('express');
const { loadOrder } = require('./orders');

const app = express();

app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await loadOrder(req.params.id));
  } catch (err) {
    console.error(err);
    res.status(500).json({ error: 'internal error' });
  }
});

app.post('/orders', (req, res) => {
  loadOrder(req.body.id)
    .then((order) => res.json(order))
    .catch((e) => {
      console.error(e);
      res.sendStatus(500);
    });
});

app.use((err, req, res, next) => {
  console.error(err.stack);
  res.status(500).send('Something broke');
});

exports.handler = serverlessExpress({ app });
