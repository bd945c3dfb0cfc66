const Koa = require('koa');
const Router = require('@koa/router');
const { bodyParser } = require('@koa/bodyparser');
const { execSync } = require('child_process');

const app = new Koa();
const router = new Router({ prefix: '/thumbs' });

router.post('/', async (ctx) => {
  const { name, size } = ctx.request.body;
  // expect: code/no-command-injection
  execSync(`convert /tmp/${name} -resize ${size} /tmp/thumb.png`);
  ctx.body = { ok: true };
});

router.get('/:name/info', async (ctx) => {
  // expect: code/no-command-injection
  ctx.body = execSync('identify /tmp/' + ctx.params.name).toString();
});

app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
module.exports = app;
