/**
 * Web frameworks behind Lambda adapters in the handler interpreter (see `interp.ts`): apps and
 * routers as the module builds them, routes registered by decorators (`@app.route`, `@app.get`) or
 * calls (`app.get(path, fn)`), and the adapter that serves an app with the Lambda event
 * (`Mangum(app)`, `serverless(app)`, `serverless_wsgi`, `app.resolve(event, context)`, a Chalice
 * app as the handler). When the app is served, each route runs with the framework's request
 * object and its path parameters as the client's input; a route that is never served is left to
 * the unreached-code pass (its permissions count, its request is not input). What routes return,
 * and what Express's `res.send` gets, is the HTTP response: an exception there is a verbose error.
 * The tables are in `web.ts`.
 */
import type { EntryPointKind, SourceLocation } from '../../model/types.js';
import type { Expr, IrFunction, Param, Pos, Stmt } from '../../model/code-ir.js';
import {
  CURRENT_REQUEST,
  DJANGO_INCLUDE,
  DJANGO_PATTERNS,
  DJANGO_VIEW_METHODS,
  DRF_ROUTERS,
  FASTAPI_DEPENDENCY,
  FASTAPI_REQUEST_HINT,
  FASTAPI_UNBOUND_HINTS,
  KOA_REQUEST,
  MOUNT_METHODS,
  REQUEST_FIELDS,
  REQUEST_GLOBALS,
  REQUEST_METHODS,
  RESPONSE_CLASSES,
  RESPONSE_CHAIN,
  RESPONSE_SENDS,
  ROUTE_METHODS,
  WEB_ADAPTERS,
  WEB_PROXY_CALLS,
  webAppConstructor,
  type WebFramework,
} from './web.js';
import { EMPTY, type ClassVal, type Closure, type Frame, type Taint, type Val, type WebApp, type WebRoute, exceptionVal, loc, qname } from './interp-values.js';
import { CallEvaluator } from './interp-calls.js';

const HTTP_KINDS: readonly EntryPointKind[] = ['rest-api-method', 'http-api-route', 'function-url', 'alb-target'];

export abstract class WebEvaluator extends CallEvaluator {
  /** Serving an app now: request objects carry the client's input. */
  private serving = 0;
  /** Route functions: what they return is the HTTP response. */
  private readonly routeFns = new Set<IrFunction>();
  private readonly served = new Set<WebApp>();

  /** The entry kind whose client writes the request: an HTTP trigger, else a caller that chooses the whole event. */
  private requestKind(): EntryPointKind | null {
    const http = this.opts.sources.find((s) => s.path.length === 1 && s.path[0] === 'body' && HTTP_KINDS.includes(s.kind));
    return (http ?? this.opts.sources.find((s) => s.path.length === 0))?.kind ?? null;
  }

  private input(label: string, what: string, at: SourceLocation): Val {
    const kind = this.serving > 0 ? this.requestKind() : null;
    if (!kind) return EMPTY;
    const taint: Taint = { kind, label, source: at, steps: [{ location: at, message: `\`${label}\` is ${what}, written by the client (${kind})` }], sanitized: new Set() };
    return { taint };
  }

  protected override importValue(source: string, resolved: string | null, imported: string): Val {
    const v = super.importValue(source, resolved, imported);
    const fw = v.ext ? REQUEST_GLOBALS.get(qname(v) ?? '') : undefined;
    return fw ? { req: { fw, name: imported } } : v;
  }

  protected override member(obj: Val, prop: string | null, frame: Frame, pos: Pos): Val {
    if (obj.req && !obj.req.method && prop !== null) {
      const { fw, name } = obj.req;
      if (fw === 'koa' && prop === KOA_REQUEST) return { req: { fw, name: `${name}.${prop}` } };
      // Koa: `ctx.body` is the response's body (the request's is `ctx.request.body`); `ctx.response` the response
      if (fw === 'koa' && prop === 'response') return { res: true };
      if (fw === 'koa' && prop === 'body' && !name.endsWith(`.${KOA_REQUEST}`)) return EMPTY;
      if (REQUEST_FIELDS[fw].has(prop)) return this.input(`${name}.${prop}`, 'part of the request', loc(frame.mod.ir.file, pos));
      if (REQUEST_METHODS[fw].has(prop)) return { req: { fw, name, method: prop } };
      return EMPTY;
    }
    // a REST framework router's `urls`: one pattern per registered viewset
    if (obj.drfRouter && prop === 'urls') return { items: obj.drfRouter.entries.map((x) => ({ urlPattern: { route: `${x.prefix}/`, view: x.view, at: x.at } })) };
    if (obj.webApp && prop !== null && CURRENT_REQUEST[obj.webApp.framework] === prop) return { req: { fw: obj.webApp.framework, name: `app.${prop}` } };
    const out = super.member(obj, prop, frame, pos);
    const fw = out.ext ? REQUEST_GLOBALS.get(qname(out) ?? '') : undefined;
    return fw ? { req: { fw, name: prop ?? 'request' } } : out;
  }

  protected override webCall(e: Extract<Expr, { k: 'call' }>, callee: Val, recv: Val | undefined, method: string | null, args: Val[], kw: Map<string, Val>, frame: Frame): Val | null {
    const at = loc(frame.mod.ir.file, e.pos);
    if (callee.req?.method) return this.input(`${callee.req.name}.${callee.req.method}()`, 'what the request carries', at);
    if (recv?.res && method) {
      if (RESPONSE_CHAIN.has(method)) return recv;
      if (RESPONSE_SENDS.has(method)) {
        args.forEach((a, i) => this.leaks(a, `res.${method}`, e.args[i]?.pos ?? e.pos, frame));
        return EMPTY;
      }
      return null;
    }
    if (recv?.webApp && method) {
      const app = recv.webApp;
      const fw = app.framework;
      if (MOUNT_METHODS.has(method)) for (const a of args) if (a.webApp && a.webApp !== app && !app.mounted.includes(a.webApp)) app.mounted.push(a.webApp);
      if (fw === 'express' && ROUTE_METHODS.express.has(method)) {
        const path = typeof args[0]?.str === 'string' ? args[0].str : method === 'use' ? '/' : '*';
        for (const a of args) if (a.fn) this.addRoute(app, a.fn, `${method === 'use' ? 'USE' : method.toUpperCase()} ${path}`, at, a.fn.fn.params.length === 4);
        return recv;
      }
      if (fw === 'express' && method === 'route') return recv;
      // Koa: `router.routes()` is the router as middleware (mounted by `app.use`)
      if (fw === 'koa' && (method === 'routes' || method === 'middleware')) return recv;
      if (fw === 'koa' && ROUTE_METHODS.koa.has(method)) {
        const path = typeof args[0]?.str === 'string' ? args[0].str : method === 'use' ? '/' : '*';
        for (const a of args) if (a.fn) this.addRoute(app, a.fn, `${method === 'use' ? 'USE' : method === 'del' ? 'DELETE' : method.toUpperCase()} ${path}`, at, false);
        return recv;
      }
      if (fw === 'fastify' && (ROUTE_METHODS.fastify.has(method) || method === 'route')) {
        // fastify.get(path, [options], handler), fastify.route({ method, url, handler })
        const opts = method === 'route' ? args[0] : args.find((a) => a.props && !a.fn);
        const path = method === 'route' ? opts?.props?.get('url')?.str : args[0]?.str;
        const verb = method === 'route' ? opts?.props?.get('method')?.str : method.toUpperCase();
        const handlers = [...args.filter((a) => a.fn), ...(opts?.props?.get('handler')?.fn ? [opts.props.get('handler')!] : [])];
        for (const h of handlers) this.addRoute(app, h.fn!, `${typeof verb === 'string' ? verb : 'ANY'} ${typeof path === 'string' ? path : '*'}`, at, false);
        return recv;
      }
      if (fw === 'fastify' && method === 'register') {
        // a plugin registers its routes on the instance it is given
        if (args[0]?.fn) this.invoke(args[0].fn, [recv, args[1] ?? EMPTY, EMPTY], new Map(), undefined, at, 0);
        return recv;
      }
      if (fw === 'fastify' && method === 'setErrorHandler' && args[0]?.fn) {
        this.addRoute(app, args[0].fn, 'error handler', at, true);
        return recv;
      }
      if (ROUTE_METHODS[fw].has(method)) return { routeOf: { app, label: this.routeLabel(method, args, kw) } };
      if ((fw === 'flask' && method === 'errorhandler') || ((fw === 'fastapi' || fw === 'powertools') && method === 'exception_handler')) return { routeOf: { app, label: 'error handler', error: true } };
      if (fw === 'flask' && method === 'add_url_rule') {
        const view = kw.get('view_func') ?? args[2];
        if (view?.fn) this.addRoute(app, view.fn, this.routeLabel('route', args, kw), at, false);
        // a class-based view (`MethodView.as_view('name')`): its handler methods
        else if (view?.cls) this.classView(app, view.cls, this.routeLabel('route', args, kw));
        return EMPTY;
      }
      if (fw === 'powertools' && method === 'resolve') {
        this.serve(app);
        return EMPTY;
      }
      return null;
    }
    if (callee.webHandler) {
      this.serve(callee.webHandler);
      return EMPTY;
    }
    // a Django class-based view: the class's handler methods serve the pattern
    if (recv?.cls && method === 'as_view') return recv;
    if (recv?.drfRouter && method === 'register') {
      const prefix = args[0]?.str ?? kw.get('prefix')?.str;
      const view = args[1] ?? kw.get('viewset');
      if (view) recv.drfRouter.entries.push({ prefix: typeof prefix === 'string' ? prefix : '*', view, at });
      return EMPTY;
    }
    const q = callee.ext ? qname(callee) : null;
    if (!q) return null;
    // a response (or FastAPI's HTTPException) built while an app is served carries its content to the client
    const response = RESPONSE_CLASSES.get(q);
    if (response && this.serving > 0) {
      const i = e.kwargs.findIndex((k) => k.name === response.kw);
      const content = i >= 0 ? kw.get(response.kw) : args[response.arg];
      const pos = i >= 0 ? e.kwargs[i]!.value.pos : (e.args[response.arg]?.pos ?? e.pos);
      if (content) this.leaks(content, q.replace(/^.*\./, ''), pos, frame);
      return null;
    }
    if (DRF_ROUTERS.has(q)) return { drfRouter: { entries: [] } };
    if (DJANGO_PATTERNS.has(q)) {
      const route = args[0]?.str ?? kw.get('route')?.str;
      const view = args[1] ?? kw.get('view');
      return view ? { urlPattern: { route: typeof route === 'string' ? route : '*', view, at } } : EMPTY;
    }
    if (DJANGO_INCLUDE.has(q)) {
      const a = args[0] ?? EMPTY;
      const first = a.items?.[0];
      // include("app.urls"), include(("app.urls", "ns")), include([path(...), ...])
      if (typeof a.str === 'string') return { urlInclude: { module: a.str } };
      if (first && typeof first.str === 'string') return { urlInclude: { module: first.str } };
      return { urlInclude: { patterns: a } };
    }
    const fw = webAppConstructor(q);
    if (fw) return { webApp: { framework: fw, routes: [], mounted: [] } };
    const adapter = WEB_ADAPTERS.get(q);
    if (adapter) {
      const arg = adapter.app === 'arg0' ? args[0] : args[0]?.props?.get('app');
      const app = arg?.webApp ?? arg?.webHandler;
      if (!app) return null;
      if (!adapter.dispatch) return { webHandler: app };
      this.serve(app);
      return EMPTY;
    }
    if (WEB_PROXY_CALLS.has(q) && args[0]?.webHandler) {
      this.serve(args[0].webHandler);
      return EMPTY;
    }
    return null;
  }

  private routeLabel(method: string, args: Val[], kw: Map<string, Val>): string {
    const path = args[0]?.str ?? kw.get('rule')?.str ?? kw.get('path')?.str;
    const methods = (kw.get('methods')?.items ?? []).map((m) => m.str).filter((m): m is string => typeof m === 'string');
    const verb = method === 'route' || method === 'api_route' ? (methods.length ? methods.join(',') : 'ANY') : method.toUpperCase();
    return `${verb} ${typeof path === 'string' ? path : '*'}`;
  }

  private addRoute(app: WebApp, fn: Closure, label: string, at: SourceLocation, error: boolean): void {
    if (app.routes.some((r) => r.fn.fn === fn.fn)) return;
    app.routes.push({ fn, framework: app.framework, label, at, ...(error ? { error } : {}) });
  }

  /** `new Koa()`, `new Router()`: an app or router like the call forms. */
  protected override evalNew(e: Extract<Expr, { k: 'new' }>, frame: Frame): Val {
    const q = e.callee.k === 'name' || e.callee.k === 'member' ? qname(this.eval(e.callee, frame)) : null;
    const fw = q ? webAppConstructor(q) : null;
    if (fw === 'koa') return { webApp: { framework: fw, routes: [], mounted: [] } };
    return super.evalNew(e, frame);
  }

  protected override decorate(s: Extract<Stmt, { k: 'func' }>, frame: Frame): void {
    const fn = frame.scope.vars.get(s.name)?.fn;
    for (const d of s.decorators ?? []) {
      const v = this.eval(d, frame);
      if (v.routeOf && fn) this.addRoute(v.routeOf.app, fn, v.routeOf.label, loc(frame.mod.ir.file, d.pos), v.routeOf.error === true);
    }
  }

  protected override serveExport(v: Val): boolean {
    // serverless-wsgi's generated handler serves the app named in serverless.yml; a Chalice app is a handler itself
    let app = v.webHandler ?? (v.webApp && (this.src.webAdapter !== undefined || v.webApp.framework === 'chalice') ? v.webApp : undefined);
    // Zappa's handler serving a Django project: the entry is the root URLconf itself
    if (!app && this.src.django && this.src.webAdapter === 'zappa' && this.src.entry === this.src.django.urlconf) app = { framework: 'django', routes: [], mounted: [] };
    if (!app) return false;
    this.serve(app);
    return true;
  }

  /** Runs every route of `app` (and of what is mounted on it) as the adapter would for a request. */
  protected serve(app: WebApp): void {
    if (this.served.has(app)) return;
    this.served.add(app);
    if (app.framework === 'django') this.djangoRoutes(app);
    const routes: WebRoute[] = [];
    const walk = (a: WebApp, seen: Set<WebApp>) => {
      if (seen.has(a)) return;
      seen.add(a);
      for (const r of a.routes) if (!routes.some((x) => x.fn.fn === r.fn.fn)) routes.push(r);
      for (const m of a.mounted) walk(m, seen);
    };
    walk(app, new Set());
    this.serving++;
    try {
      for (const r of routes) {
        this.routeFns.add(r.fn.fn);
        this.invoke(r.fn, this.routeArgs(r), new Map(), r.fn.thisVal, r.at, 0);
      }
    } finally {
      this.serving--;
    }
  }

  /**
   * A Django project's views, from the root URLconf the settings name (the loader found it and the
   * modules `include()` names): each `path()`/`re_path()`/`url()` of `urlpatterns` whose view is a
   * function, or a class-based view (`View.as_view()`) whose handler methods (`get`, `post`, ...)
   * take the request.
   */
  private djangoRoutes(app: WebApp): void {
    const conf = this.src.django;
    if (!conf) return;
    const seen = new Set<string>();
    const walk = (patterns: Val, prefix: string, depth: number): void => {
      if (depth > 8) return;
      for (const p of patterns.items ?? []) {
        const up = p.urlPattern;
        if (!up) continue;
        const label = `ANY /${prefix}${up.route}`;
        const v = up.view;
        if (v.fn) this.addRoute(app, v.fn, label, up.at, false);
        else if (v.cls) this.classView(app, v.cls, label);
        else if (v.urlInclude) {
          const inc = v.urlInclude;
          if (inc.patterns) walk(inc.patterns, `${prefix}${up.route}`, depth + 1);
          const rel = inc.module ? conf.modules[inc.module] : undefined;
          if (rel && !seen.has(rel)) {
            seen.add(rel);
            const m = this.module(rel);
            const pats = m?.scope.vars.get('urlpatterns');
            if (pats) walk(pats, `${prefix}${up.route}`, depth + 1);
          }
        }
      }
    };
    const root = this.module(conf.urlconf);
    const pats = root?.scope.vars.get('urlpatterns');
    if (pats) walk(pats, '', 0);
  }

  /** A class-based view: each handler method is a route, called on an instance with the request. */
  private classView(app: WebApp, cls: ClassVal, label: string): void {
    const inst: Val = { inst: cls, props: new Map() };
    for (const m of cls.cls.methods) {
      if (!m.name || !DJANGO_VIEW_METHODS.has(m.name)) continue;
      const fn: Closure = { fn: m.fn, scope: cls.scope, mod: cls.mod, thisVal: inst };
      this.addRoute(app, fn, `${m.name === 'dispatch' ? 'ANY' : m.name.toUpperCase()} ${label.slice(label.indexOf(' ') + 1)}`, loc(cls.mod.ir.file, m.fn.pos), false);
    }
  }

  /** What the framework passes a route: the request, the response, path parameters, the exception. */
  private routeArgs(r: WebRoute): Val[] {
    const params = r.fn.fn.params;
    const req = (fw: WebFramework): Val => ({ req: { fw, name: paramName(params[0]) ?? 'req' } });
    const pathParam = (i: number): Val => {
      const name = paramName(params[i]) ?? 'a parameter';
      // Flask and Django converters that admit only numbers or UUIDs (`<int:year>`, `<uuid:id>`) are not injectable
      if (NUMERIC_CONVERTER.test(r.label) && r.label.includes(`:${name}>`) && new RegExp(`<(?:int|float|uuid):${name}>`).test(r.label)) return EMPTY;
      return this.input(name, `a parameter of ${r.label}`, loc(r.fn.mod.ir.file, params[i]!.pattern.pos));
    };
    const err = (i: number): Val => exceptionVal(paramName(params[i]) ?? 'the exception', loc(r.fn.mod.ir.file, params[i]?.pattern.pos ?? r.fn.fn.pos));
    switch (r.framework) {
      case 'express':
        return r.error ? [err(0), req('express'), { res: true }, EMPTY] : [req('express'), { res: true }, EMPTY];
      case 'koa':
        return [{ req: { fw: 'koa', name: paramName(params[0]) ?? 'ctx' } }, EMPTY];
      case 'fastify':
        return r.error ? [err(0), req('fastify'), { res: true }] : [req('fastify'), { res: true }];
      case 'django': {
        // a class-based view's method gets `self` from the instance: the request is its next parameter
        const first = r.fn.thisVal && params[0]?.pattern.k === 'pname' ? 1 : 0;
        return params.slice(first).map((_, j) => (j === 0 ? { req: { fw: 'django' as const, name: paramName(params[first]) ?? 'request' } } : pathParam(first + j)));
      }
      case 'fastapi':
        return params.map((p, i) => {
          if (r.error) return i === 0 ? { req: { fw: 'fastapi', name: paramName(p) ?? 'request' } } : err(i);
          if (p.hint && FASTAPI_REQUEST_HINT.test(p.hint)) return { req: { fw: 'fastapi', name: paramName(p) ?? 'request' } };
          if (p.hint && FASTAPI_UNBOUND_HINTS.test(p.hint)) return EMPTY;
          const d = p.pattern.k === 'pdefault' ? p.pattern.value : null;
          // a dependency: FastAPI calls it and passes what it returns (`db=Depends(get_db)`)
          if (d?.k === 'call' && FASTAPI_DEPENDENCY.has(calleeName(d.callee))) {
            const dep = d.args[0] ? this.eval(d.args[0], { scope: r.fn.scope, mod: r.fn.mod, returns: undefined, fnName: '<module>' }) : EMPTY;
            return dep.fn ? this.invoke(dep.fn, [], new Map(), undefined, null, 0) : EMPTY;
          }
          return pathParam(i);
        });
      default: {
        if (r.error) return params.map((_, i) => (i === 0 ? err(0) : EMPTY));
        // a class-based view's method gets `self` from the instance
        const first = r.fn.thisVal && params[0]?.pattern.k === 'pname' ? 1 : 0;
        return params.slice(first).map((_, j) => pathParam(first + j));
      }
    }
  }

  /** Koa's `ctx.body = …` / `ctx.response.body = …` is what the client receives. */
  protected override memberAssigned(obj: Val, key: string, v: Val, frame: Frame, pos: Pos): void {
    if (key === 'body' && this.serving > 0 && (obj.req?.fw === 'koa' || obj.res)) this.leaks(v, 'ctx.body', pos, frame);
  }

  /** An exception (its message, stack, the object) in what a route sends back. */
  private leaks(v: Val, sinkName: string, pos: Pos, frame: Frame): void {
    const t = this.deepException(v, 4);
    if (t) this.sink('verbose-error', sinkName, { taint: t }, pos, frame);
  }

  /** What a route returns is the response (Flask, FastAPI, Chalice, Powertools). */
  protected routeResponse(v: Val, frame: Frame, pos: Pos): void {
    const top = this.stack[this.stack.length - 1];
    if (top && this.routeFns.has(top) && frame.mod.ir.language === 'python') this.leaks(v, 'the HTTP response', pos, frame);
  }
}

const NUMERIC_CONVERTER = /<(?:int|float|uuid):\w+>/;

function paramName(p: Param | undefined): string | null {
  const pat = p?.pattern;
  if (pat?.k === 'pname') return pat.name;
  if (pat?.k === 'pdefault' && pat.target.k === 'pname') return pat.target.name;
  return null;
}

function calleeName(e: Expr): string {
  if (e.k === 'name') return e.name;
  if (e.k === 'member' && e.prop) return `${calleeName(e.object)}.${e.prop}`;
  return '';
}
