const serverlessExpress = require('@vendia/serverless-express');
const express = require('express');
const { loadOrder } = require('./orders');

const app = express();

app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await loadOrder(req.params.id));
  } catch (err) {
    // expect: code/no-verbose-error
    res.status(500).json({ error: err.stack });
  }
});

app.post('/orders', (req, res) => {
  loadOrder(req.body.id)
    .then((order) => res.json(order))
    // expect: code/no-verbose-error
    .catch((e) => res.status(500).send(e));
});

app.use((err, req, res, next) => {
  // expect: code/no-verbose-error
  res.status(500).send(err.message);
});

exports.handler = serverlessExpress({ app });
