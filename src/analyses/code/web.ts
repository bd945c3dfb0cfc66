/**
 * Web frameworks that run behind a Lambda adapter, as data: what makes an app, how routes are
 * registered and mounted, which adapters hand an app the Lambda event, and which fields of each
 * framework's request object the HTTP client writes. Read by the interpreter's web layer
 * (`interp-web.ts`). Sources: Flask `Request` (flask.palletsprojects.com/api/#flask.Request),
 * FastAPI/Starlette `Request` and parameters (fastapi.tiangolo.com/tutorial/), Django
 * `HttpRequest` (docs.djangoproject.com/en/stable/ref/request-response/), Chalice `Request`
 * (aws.github.io/chalice/api.html#Request), Powertools event handler
 * (docs.powertools.aws.dev/lambda/python/latest/core/event_handler/api_gateway/), Express `req`
 * (expressjs.com/en/api.html#req), Koa's context (koajs.com/#context), Fastify's request and reply
 * (fastify.dev/docs/latest/Reference/Request/, /Reply/), Django URL dispatch
 * (docs.djangoproject.com/en/stable/topics/http/urls/).
 */

export type WebFramework = 'flask' | 'fastapi' | 'django' | 'chalice' | 'powertools' | 'express' | 'koa' | 'fastify';

/** Constructors of an app (or a router/blueprint, which is mounted on one), by qualified name. */
export function webAppConstructor(q: string): WebFramework | null {
  switch (q) {
    case 'flask.Flask':
    case 'flask.Blueprint':
      return 'flask';
    case 'fastapi.FastAPI':
    case 'fastapi.APIRouter':
    case 'fastapi.routing.APIRouter':
      return 'fastapi';
    case 'chalice.Chalice':
    case 'chalice.Blueprint':
    case 'chalice.app.Chalice':
      return 'chalice';
    case 'express':
    case 'express.Router':
      return 'express';
    case 'koa':
    case '@koa/router':
    case 'koa-router':
      return 'koa';
    case 'fastify':
      return 'fastify';
    case 'django.core.wsgi.get_wsgi_application':
    case 'django.core.asgi.get_asgi_application':
    case 'django.core.handlers.wsgi.WSGIHandler':
    case 'django.core.handlers.asgi.ASGIHandler':
      return 'django';
  }
  if (/^aws_lambda_powertools\.event_handler(?:\.[a-z_]+)*\.(?:APIGatewayRestResolver|APIGatewayHttpResolver|ALBResolver|LambdaFunctionUrlResolver|ApiGatewayResolver|VPCLatticeResolver|VPCLatticeV2Resolver|Router)$/.test(q)) return 'powertools';
  return null;
}

/** Methods of an app that register the function they decorate (Python) or are given (Express) as a route. */
export const ROUTE_METHODS: Readonly<Record<WebFramework, ReadonlySet<string>>> = {
  flask: new Set(['route', 'get', 'post', 'put', 'delete', 'patch']),
  fastapi: new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'api_route']),
  chalice: new Set(['route']),
  powertools: new Set(['route', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options']),
  django: new Set(),
  express: new Set(['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head', 'use']),
  koa: new Set(['get', 'post', 'put', 'del', 'delete', 'patch', 'all', 'options', 'head', 'use']),
  fastify: new Set(['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head']),
};

/** Django URLconf functions: a pattern routing to a view, and the inclusion of another URLconf. */
export const DJANGO_PATTERNS = new Set(['django.urls.path', 'django.urls.re_path', 'django.conf.urls.url', 'django.urls.conf.path', 'django.urls.conf.re_path']);
export const DJANGO_INCLUDE = new Set(['django.urls.include', 'django.conf.urls.include', 'django.urls.conf.include']);
/** Django REST framework routers: `register(prefix, viewset)`, then `router.urls` are URL patterns. */
export const DRF_ROUTERS = new Set(['rest_framework.routers.DefaultRouter', 'rest_framework.routers.SimpleRouter']);
/** Methods of a class-based view that handle a request (Django `View`, REST framework `APIView`/viewsets). */
export const DJANGO_VIEW_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'dispatch', 'list', 'create', 'retrieve', 'update', 'partial_update', 'destroy']);

/**
 * Response and error classes whose content the framework sends to the client, with the argument
 * (position, keyword) that carries it: a Starlette/FastAPI or Django response built in a served
 * app, and FastAPI's `HTTPException(status_code, detail)` (answered as `{"detail": …}`).
 */
export const RESPONSE_CLASSES: ReadonlyMap<string, { arg: number; kw: string }> = new Map([
  ...['fastapi.HTTPException', 'fastapi.exceptions.HTTPException', 'starlette.exceptions.HTTPException'].map((q) => [q, { arg: 1, kw: 'detail' }] as const),
  ...['JSONResponse', 'PlainTextResponse', 'HTMLResponse', 'ORJSONResponse', 'UJSONResponse', 'Response'].flatMap((c) => [`fastapi.responses.${c}`, `starlette.responses.${c}`].map((q) => [q, { arg: 0, kw: 'content' }] as const)),
  ['fastapi.Response', { arg: 0, kw: 'content' }],
  ...['HttpResponse', 'JsonResponse', 'HttpResponseBadRequest', 'HttpResponseServerError', 'HttpResponseNotFound', 'HttpResponseForbidden'].map((c) => [`django.http.${c}`, { arg: 0, kw: c === 'JsonResponse' ? 'data' : 'content' }] as const),
  ['rest_framework.response.Response', { arg: 0, kw: 'data' }],
]);

/** Methods that mount a blueprint / router on an app: its routes are served by the app. */
export const MOUNT_METHODS = new Set(['register_blueprint', 'include_router', 'use']);

/**
 * Adapters that turn an app into a Lambda handler (the result is the handler) or serve the event
 * with it now (`dispatch`: the app is an argument of a call inside the handler), by qualified name.
 */
export const WEB_ADAPTERS: ReadonlyMap<string, { app: 'arg0' | 'app-prop'; dispatch: boolean }> = new Map([
  ['mangum.Mangum', { app: 'arg0', dispatch: false }],
  ['apig_wsgi.make_lambda_handler', { app: 'arg0', dispatch: false }],
  ['serverless_wsgi.handle_request', { app: 'arg0', dispatch: true }],
  ['awsgi.response', { app: 'arg0', dispatch: true }],
  ['serverless-http', { app: 'arg0', dispatch: false }],
  ['@vendia/serverless-express', { app: 'app-prop', dispatch: false }],
  ['@codegenie/serverless-express', { app: 'app-prop', dispatch: false }],
  ['@vendia/serverless-express.configure', { app: 'app-prop', dispatch: false }],
  ['@codegenie/serverless-express.configure', { app: 'app-prop', dispatch: false }],
  ['aws-serverless-express.createServer', { app: 'arg0', dispatch: false }],
  ['@fastify/aws-lambda', { app: 'arg0', dispatch: false }],
  ['aws-lambda-fastify', { app: 'arg0', dispatch: false }],
]);

/** `aws-serverless-express.proxy(server, event, context)`: the server made by `createServer(app)` serves the event. */
export const WEB_PROXY_CALLS = new Set(['aws-serverless-express.proxy']);

/** The attribute of an app that is the request being served (Chalice, Powertools). */
export const CURRENT_REQUEST: Partial<Record<WebFramework, string>> = { chalice: 'current_request', powertools: 'current_event' };

/** Module-level request objects (Flask's context-local `request`). */
export const REQUEST_GLOBALS: ReadonlyMap<string, WebFramework> = new Map([['flask.request', 'flask']]);

/**
 * Fields of the request the client writes, per framework (values read below them carry taint);
 * anything else (`method`, `user`, `auth`, `remote_addr`, `context`) is not reported as input.
 */
export const REQUEST_FIELDS: Readonly<Record<WebFramework, ReadonlySet<string>>> = {
  flask: new Set(['args', 'form', 'values', 'json', 'data', 'files', 'headers', 'cookies', 'path', 'full_path', 'url', 'base_url', 'query_string', 'view_args', 'stream']),
  fastapi: new Set(['query_params', 'path_params', 'headers', 'cookies', 'url', 'stream']),
  django: new Set(['GET', 'POST', 'body', 'COOKIES', 'META', 'FILES', 'headers', 'path', 'path_info', 'data', 'query_params']),
  chalice: new Set(['query_params', 'uri_params', 'json_body', 'raw_body', 'headers']),
  powertools: new Set(['body', 'json_body', 'decoded_body', 'query_string_parameters', 'multi_value_query_string_parameters', 'resolved_query_string_parameters', 'path_parameters', 'headers', 'multi_value_headers', 'resolved_headers_field', 'path', 'raw_event', 'cookies']),
  express: new Set(['query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'path', 'url', 'originalUrl', 'baseUrl', 'files', 'file', 'rawHeaders']),
  // Koa's context (`ctx.query`, `ctx.params` of @koa/router) and its `ctx.request` (`body` from koa-body/koa-bodyparser)
  koa: new Set(['query', 'querystring', 'body', 'params', 'headers', 'header', 'path', 'url', 'originalUrl', 'href', 'search', 'files', 'file', 'rawBody']),
  fastify: new Set(['query', 'body', 'params', 'headers', 'url', 'originalUrl', 'cookies', 'raw']),
};

/** Methods of the request that return what the client wrote (`request.get_json()`, `await request.json()`, `req.get('X-Id')`). */
export const REQUEST_METHODS: Readonly<Record<WebFramework, ReadonlySet<string>>> = {
  flask: new Set(['get_json', 'get_data']),
  fastapi: new Set(['json', 'body', 'form']),
  django: new Set(['get_full_path', 'read', 'readline', 'readlines']),
  chalice: new Set([]),
  powertools: new Set(['get_query_string_value', 'get_header_value', 'get_multi_value_query_string_values', 'get_cookie_value']),
  express: new Set(['get', 'header', 'param']),
  koa: new Set(['get']),
  fastify: new Set([]),
};

/** Koa's context names its request (`ctx.request.body`): the same input as the context. */
export const KOA_REQUEST = 'request';

/** FastAPI parameter annotations that are not client input (the request is bound as a request object). */
export const FASTAPI_UNBOUND_HINTS = /(^|\.)(Response|BackgroundTasks|WebSocket|SecurityScopes)$/;
export const FASTAPI_REQUEST_HINT = /(^|\.)(Request|HTTPConnection)$/;
/** FastAPI parameter defaults that inject a dependency (its result, not client input). */
export const FASTAPI_DEPENDENCY = new Set(['Depends', 'Security', 'fastapi.Depends', 'fastapi.Security']);

/** Express response methods that send their argument to the client; the chainable ones return the response. */
export const RESPONSE_SENDS = new Set(['send', 'json', 'jsonp', 'end', 'write', 'render']);
export const RESPONSE_CHAIN = new Set(['status', 'set', 'header', 'type', 'cookie', 'append', 'vary', 'location', 'links', 'attachment', 'code', 'headers']);
