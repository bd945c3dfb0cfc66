const Koa = require('koa');
const Router = require('@koa/router');
const serverless = require('serverless-http');
const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');

const db = new DynamoDBClient({});
const app = new Koa();
const router = new Router();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    // expect: code/no-verbose-error
    ctx.body = { error: err.message, stack: err.stack };
  }
});

router.get('/accounts/:id', async (ctx) => {
  try {
    const out = await db.send(new GetItemCommand({ TableName: 'accounts', Key: { id: { S: ctx.params.id } } }));
    ctx.body = out.Item;
  } catch (e) {
    ctx.status = 502;
    // expect: code/no-verbose-error
    ctx.response.body = String(e);
  }
});

app.use(router.routes());
module.exports.handler = serverless(app);
