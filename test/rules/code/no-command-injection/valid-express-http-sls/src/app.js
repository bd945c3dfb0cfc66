const express = require('express');
const { execFile } = require('child_process');

const app = express();
const router = express.Router();
app.use(express.json());

router.post('/convert', (req, res) => {
  const { file, format } = req.body;
  execFile('convert', [`/tmp/${file}`, `/tmp/out.${format}`], (err, stdout) => res.send(stdout));
});

app.get('/version/:tool', function (req, res) {
  execFile('convert', ['--version', req.params.tool], { shell: false }, (err, stdout) => res.send(stdout));
});

app.use('/api', router);
module.exports = app;
