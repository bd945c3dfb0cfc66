const express = require('express');
const { exec } = require('child_process');

const app = express();
const router = express.Router();
app.use(express.json());

router.post('/convert', (req, res) => {
  const { file, format } = req.body;
  // expect: code/no-command-injection
  exec(`convert /tmp/${file} /tmp/out.${format}`, (err, stdout) => res.send(stdout));
});

app.get('/version/:tool', function (req, res) {
  // expect: code/no-command-injection
  exec(req.params.tool + ' --version', (err, stdout) => res.send(stdout));
});

app.use('/api', router);
module.exports = app;
