/**
 * Modules and calls in the handler interpreter (see `interp.ts`): modules, imports and exports;
 * arguments, calls and `new`, typed-language
 * SDK calls, class construction, sanitizers, and invoking the handler's own functions with their
 * arguments (depth- and budget-bounded, memoised per argument shape).
 */
import type { SourceLocation } from '../../model/types.js';
import type { Expr, KwArg, Pos } from '../../model/code-ir.js';
import { containsSource } from './sources.js';
import { CLEAN_METHODS, CLEANSERS, PYYAML_LOAD, PYYAML_SAFE_LOADERS, SANITIZERS, type CodeCategory } from './sinks.js';
import { servicePrefix } from './sdk-actions.js';
import type { SdkFlavor } from './types.js';
import { ENV_READERS, fieldName, POSITIONAL_FIELDS, RETURN_TYPES, sdkClientFor, typedOperation, UNTRACKED_TYPES } from './typed.js';
import {
  ITERATORS,
  type Taint,
  type Closure,
  type ClassVal,
  type Val,
  EMPTY,
  Scope,
  type ModState,
  type Frame,
  SERIALIZERS,
  loc,
  addStep,
  pickTaint,
  merge,
  clean,
  normalisePkg,
  rootPkg,
  qname,
  fnId,
  rubyIdent,
  sigOf,
  errorFirst,
  exceptionVal,
} from './interp-values.js';
import { Evaluator } from './interp-eval.js';

export abstract class CallEvaluator extends Evaluator {
  // ----- modules --------------------------------------------------------------------------

  protected override module(file: string): ModState | null {
    const existing = this.mods.get(file);
    if (existing) return existing;
    const ir = this.src.modules[file];
    if (!ir) return null;
    const scope = new Scope(null);
    const exportsVal: Val = { props: new Map() };
    const m: ModState = { ir, scope, exports: exportsVal, state: 'new' };
    this.mods.set(file, m);
    if (!this.python) {
      const moduleVal: Val = { props: new Map([['exports', exportsVal]]) };
      scope.vars.set('module', moduleVal);
      scope.vars.set('exports', exportsVal);
    }
    for (const imp of ir.imports) {
      if (!imp.local) continue;
      scope.vars.set(imp.local, this.importValue(imp.source, imp.resolved, imp.imported));
    }
    m.state = 'running';
    const frame: Frame = { scope, mod: m, returns: undefined, fnName: '<module>' };
    const saved = this.reachable;
    this.execBlock(ir.body, frame);
    this.reachable = saved;
    m.state = 'done';
    return m;
  }

  protected importValue(source: string, resolved: string | null, imported: string): Val {
    if (resolved) {
      const m = this.mods.get(resolved) ?? (this.src.modules[resolved] ? this.module(resolved) : null);
      if (m) {
        if (imported === '*') return this.python ? { mod: m } : this.moduleExports(m);
        if (imported === 'default') {
          const d = this.exportOf(m, 'default');
          return d === EMPTY ? this.moduleExports(m) : d;
        }
        return this.exportOf(m, imported);
      }
      return EMPTY;
    }
    const pkg = normalisePkg(source);
    if (imported === '*' || imported === 'default') return { ext: { pkg, path: [] } };
    return { ext: { pkg, path: [imported] } };
  }

  protected moduleExports(m: ModState): Val {
    if (this.python) return { mod: m };
    const moduleVal = m.scope.vars.get('module');
    const cjs = moduleVal?.props?.get('exports') ?? m.exports;
    if (m.ir.exports.length === 0) return cjs;
    const props = new Map(cjs.props ?? []);
    for (const e of m.ir.exports) {
      if (e.name === '*') continue;
      props.set(e.name, this.exportOf(m, e.name));
    }
    return { ...cjs, props };
  }

  protected override exportOf(m: ModState, name: string): Val {
    if (this.python) return m.scope.vars.get(name) ?? EMPTY;
    const esm = m.ir.exports.find((e) => e.name === name);
    if (esm) {
      if (esm.from !== undefined) {
        const imp = m.ir.imports.find((i) => i.source === esm.from && i.resolved);
        const target = imp?.resolved ? this.module(imp.resolved) : null;
        const importedName = esm.value?.k === 'lit' ? String(esm.value.value) : name;
        return target ? this.exportOf(target, importedName) : { ext: { pkg: normalisePkg(esm.from), path: [importedName] } };
      }
      if (esm.value) return this.eval(esm.value, { scope: m.scope, mod: m, returns: undefined, fnName: '<module>' });
    }
    const moduleVal = m.scope.vars.get('module');
    const cjs = moduleVal?.props?.get('exports');
    const fromCjs = cjs?.props?.get(name);
    if (fromCjs) return fromCjs;
    if (cjs && name === 'default' && cjs !== m.exports) return cjs;
    // `export default { handler }` / `module.exports = { handler }` looked up by member name
    const def = m.ir.exports.find((e) => e.name === 'default');
    if (def?.value) {
      const d = this.eval(def.value, { scope: m.scope, mod: m, returns: undefined, fnName: '<module>' });
      const p = d.props?.get(name);
      if (p) return p;
    }
    for (const star of m.ir.exports.filter((e) => e.name === '*' && e.from)) {
      const imp = m.ir.imports.find((i) => i.source === star.from && i.resolved);
      const target = imp?.resolved ? this.module(imp.resolved) : null;
      if (target) {
        const v = this.exportOf(target, name);
        if (v !== EMPTY) return v;
      }
    }
    return EMPTY;
  }

  // ----- calls ----------------------------------------------------------------------------

  protected evalArgs(e: { args: Expr[]; kwargs?: KwArg[] }, frame: Frame): { args: Val[]; kw: Map<string, Val> } {
    const args = e.args.map((a) => this.eval(a.k === 'spread' ? a.arg : a, frame));
    const kw = new Map<string, Val>();
    for (const k of e.kwargs ?? []) {
      const v = this.eval(k.value, frame);
      if (k.name) kw.set(k.name, { ...v, at: loc(frame.mod.ir.file, k.value.pos) });
      else if (v.props) for (const [n, x] of v.props) kw.set(n, x);
      else if (v.taint) kw.set('**', v);
    }
    return { args, kw };
  }

  protected override evalCall(e: Extract<Expr, { k: 'call' }>, frame: Frame): Val {
    let recv: Val | undefined;
    let method: string | null = null;
    let callee: Val;
    if (e.callee.k === 'member') {
      recv = this.eval(e.callee.object, frame);
      method = e.callee.prop ?? (e.callee.index ? this.strOf(this.eval(e.callee.index, frame)) : null);
      callee = this.member(recv, method, frame, e.callee.pos);
    } else callee = this.eval(e.callee, frame);
    const { args, kw } = this.evalArgs(e, frame);
    const file = frame.mod.ir.file;

    // require() / import()
    if (e.callee.k === 'name' && e.callee.name === 'require' && !frame.scope.lookup('require')) {
      const source = args[0]?.str;
      if (typeof source !== 'string') return EMPTY;
      const imp = frame.mod.ir.imports.find((i) => i.source === source && i.resolved);
      return this.importValue(source, imp?.resolved ?? null, '*');
    }

    // promises: what `resolve` is called with is the value the promise gives
    if (callee.settle) {
      callee.settle.value = merge(callee.settle.value, args[0] ?? EMPTY);
      return EMPTY;
    }
    // fn.bind(this, a) fixes leading arguments; fn.call(this, a) and fn.apply(this, [a]) call it
    if (recv?.fn && frame.mod.ir.language === 'javascript') {
      if (method === 'bind') return { fn: { ...recv.fn, bound: [...(recv.fn.bound ?? []), ...args.slice(1)], ...(args[0] && args[0] !== EMPTY ? { thisVal: args[0] } : {}) } };
      if (method === 'call') return this.invoke(recv.fn, args.slice(1), kw, args[0] ?? recv.fn.thisVal, loc(file, e.pos), 0);
      if (method === 'apply') return this.invoke(recv.fn, args[1]?.items ?? [], kw, args[0] ?? recv.fn.thisVal, loc(file, e.pos), 0);
    }

    // web frameworks: apps, routes, adapters, request and response objects
    const web = this.webCall(e, callee, recv, method, args, kw, frame);
    if (web) return web;

    const q0 = qname(callee) ?? (recv?.lib && method ? `${recv.lib}#${method}` : null);
    // Ruby: a method called without a receiver that the code does not define is Kernel's (`system`, `open`, `` ` ``)
    const q = this.ruby && q0 && e.callee.k === 'name' && callee.ext && !callee.ext.pkg && callee.ext.path.length === 1 ? `Kernel.${q0}` : q0;

    // environment reads
    if (recv?.envObj && method === 'get' && typeof args[0]?.str === 'string') return { env: args[0].str };
    if (q === 'os.getenv' && typeof args[0]?.str === 'string') return { env: args[0].str };
    if (this.typedLang) {
      if (q && ENV_READERS.has(q) && typeof args[0]?.str === 'string') return { env: args[0].str };
      // Java bean getters on the event: `event.getBody()` reads `body`
      if (recv?.ev && method && /^get[A-Z]/.test(method) && args.length === 0) return this.member(recv, method[3]!.toLowerCase() + method.slice(4), frame, e.pos);
      // ... and their fluent setters: new PutObjectRequest(b, k, f).withCannedAcl(acl)
      if (recv?.props && recv.lib?.endsWith('Request') && method && /^with[A-Z]/.test(method) && args.length === 1) {
        return { ...recv, props: new Map([...recv.props, [method.slice(4), { ...args[0]!, at: loc(file, e.args[0]!.pos) }]]) };
      }
      const typed = this.typedSdkCall(e, callee, recv, method, args, kw, frame);
      if (typed) return typed;
    }
    if (q === 'util.promisify' && args[0]) return args[0];

    // AWS SDK
    this.readTaint = undefined;
    const sdk = this.sdkCall(e, callee, recv, method, args, kw, frame);
    if (sdk) {
      const read: Val = this.readTaint ? { taint: this.readTaint } : EMPTY;
      this.readTaint = undefined;
      // SDK for JavaScript v2 callbacks: `(err, data) => …` runs with the service's error or its answer
      for (const a of args) if (a.fn) this.invoke(a.fn, [errorFirst(a.fn, loc(file, e.pos)) ?? EMPTY, read], new Map(), undefined, loc(file, e.pos), 0);
      return read.taint ? { ...sdk, taint: read.taint } : sdk;
    }

    // boto3 condition builders (Key/Attr) send values as expression attribute values
    if (callee.ext?.pkg === 'boto3.dynamodb.conditions' || recv?.lib === 'boto3.dynamodb.conditions') return { lib: 'boto3.dynamodb.conditions' };

    // tagged templates from a library (`sql\`…\``) are parameterised by construction
    if (e.tagged && callee.ext) return EMPTY;

    // sinks
    if (q) this.checkSinks(q, e, args, kw, frame);
    if (method && recv && !recv.ext) this.checkSqlHeuristic(e, recv, method, args, frame);
    if (method && this.python) this.djangoOrmSinks(e, method, args, kw, frame);
    if (q && PYYAML_LOAD.has(q)) {
      const loader = kw.get('Loader') ?? args[1];
      const loaderName = loader ? (qname(loader) ?? '') : '';
      if (!PYYAML_SAFE_LOADERS.test(loaderName)) this.sink('insecure-deserialization', q, args[0], e.args[0]?.pos ?? e.pos, frame);
    }
    if (q === 'js-yaml.load' && this.jsYamlUnsafe()) this.sink('insecure-deserialization', q, args[0], e.args[0]?.pos ?? e.pos, frame);
    if (this.ruby) this.rubySinks(q, e, recv, method, args, frame);

    // sanitizers and cleansers
    if (q && (CLEANSERS.has(q) || CLEANSERS.has(q.replace(/^.*#/, '')))) return EMPTY;
    if (method && CLEAN_METHODS.has(method) && !callee.fn) return EMPTY;
    if (q && SANITIZERS.has(q)) return this.sanitized(args[0] ?? EMPTY, SANITIZERS.get(q)!);
    if (this.ruby && recv && method === 'shellescape' && args.length === 0) return this.sanitized(recv, ['command-injection']);

    // the handler's own functions
    if (callee.fn) return this.invoke(callee.fn, args, kw, callee.fn.thisVal, loc(file, e.pos), 0);
    if (callee.cls) return this.construct(callee.cls, args, kw, e.pos, frame);

    // Python dict.get on the event
    if (recv?.ev && method === 'get' && typeof args[0]?.str === 'string') return merge(this.member(recv, args[0].str, frame, e.pos), args[1]);

    // Python's traceback of the exception being handled
    if (q === 'traceback.format_exc' || q === 'traceback.format_exception') return exceptionVal(`${q}()`, loc(file, e.pos));
    // a response handed to the handler's callback (`callback(null, { statusCode, body })`)
    for (const a of args) if (a.props?.has('statusCode')) this.checkResponse(a, frame);

    // sockets and shells, before a connect callback runs
    const marks = this.socketsAndShells(q, e, recv, method, args, kw, frame);

    // callbacks handed to library or built-in functions (map, forEach, then, Promise, middy)
    let wrapped: Closure | undefined = recv?.wrapped;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (!a.fn) continue;
      wrapped ??= a.fn;
      const elem = recv && method && ITERATORS.has(method) ? this.element(recv, e.pos, frame) : recv && method && ['then', 'catch', 'finally'].includes(method) ? recv : method === 'reduce' && recv ? undefined : EMPTY;
      // `.catch(e => …)` and `.then(ok, e => …)` get the rejection
      const rejected = recv && (method === 'catch' || (method === 'then' && i === 1));
      // a Node-style callback of a library (`fs.readFile(p, (err, data) => …)`) gets the library's error first
      const err = rejected ? exceptionVal(a.fn.fn.params[0]?.pattern.k === 'pname' ? a.fn.fn.params[0].pattern.name : 'the rejection', loc(file, e.pos)) : elem === EMPTY ? errorFirst(a.fn, loc(file, e.pos)) : undefined;
      const cbArgs = method === 'reduce' && recv ? [args[1] ?? EMPTY, this.element(recv, e.pos, frame)] : err ? [err, EMPTY] : [elem ?? EMPTY];
      this.invoke(a.fn, cbArgs, new Map(), undefined, loc(file, e.pos), 0);
    }

    // default: data flows through (serialisers carry the taint of any field of the object they encode)
    let taint: Taint | undefined;
    const deep = q !== null && SERIALIZERS.has(q);
    for (const a of args) taint = pickTaint(taint, a.taint ?? (a.ev && containsSource(this.opts.sources, a.ev) ? this.taintFor(a, frame, e.pos) : deep ? this.deepTaint(a, 4) : undefined));
    for (const a of kw.values()) taint = pickTaint(taint, a.taint);
    if (recv) taint = pickTaint(taint, recv.taint);
    const out: Val = {};
    if (taint) out.taint = taint;
    const lib = (this.typedLang && q ? RETURN_TYPES[q] : undefined) ?? recv?.lib ?? callee.lib ?? (callee.ext && callee.ext.pkg ? rootPkg(callee.ext.pkg) : undefined);
    if (lib) out.lib = lib;
    if (wrapped) out.wrapped = wrapped;
    if (recv?.ev && method && ['slice', 'filter', 'concat', 'flat', 'values'].includes(method)) out.ev = recv.ev;
    if (marks) Object.assign(out, marks);
    return out;
  }

  protected override evalNew(e: Extract<Expr, { k: 'new' }>, frame: Frame): Val {
    const callee = this.eval(e.callee, frame);
    const { args, kw } = this.evalArgs(e, frame);
    const q = qname(callee);
    const client = this.typedLang && q ? sdkClientFor(q, 'new') : null;
    if (client) return { sdk: { t: 'client', service: client.service, sdk: client.sdk, doc: false, bare: false } };
    const res = this.ruby && q ? /^Aws\.([A-Za-z0-9]+)\.(Resource|Bucket|Object|Table|Queue|Topic)$/.exec(q) : null;
    if (res) {
      const service = servicePrefix(res[1]!);
      if (res[2] === 'Resource') return { sdk: { t: 'resource', service } };
      return { sdk: { t: 'res-obj', service, type: res[2]!, ident: rubyIdent(args) } };
    }
    // SDK for Java 1.x request constructors name their fields by position: new PutItemRequest(table, item)
    const req = this.typedLang && q ? /^com\.amazonaws\.services\.([a-z0-9]+)\.model\.([A-Za-z0-9]+)Request$/.exec(q) : null;
    if (req) {
      const props = new Map<string, Val>();
      (POSITIONAL_FIELDS[`${servicePrefix(req[1]!)}:${req[2]!}`] ?? []).forEach((n, i) => {
        if (args[i]) props.set(n, { ...args[i]!, at: loc(frame.mod.ir.file, e.args[i]!.pos) });
      });
      return { props, lib: q! };
    }
    this.readTaint = undefined;
    const sdk = this.sdkNew(callee, args, frame, e.pos);
    if (sdk) {
      const read = this.readTaint;
      this.readTaint = undefined;
      return read ? { ...sdk, taint: read } : sdk;
    }
    // new Promise((resolve, reject) => …): the executor runs now; the promise is what it resolves with
    if (e.callee.k === 'name' && e.callee.name === 'Promise' && !callee.fn && !callee.cls && args[0]?.fn) {
      const settled: { value?: Val } = {};
      this.invoke(args[0].fn, [{ settle: settled }, { settle: {} }], new Map(), undefined, loc(frame.mod.ir.file, e.pos), 0);
      return settled.value ?? EMPTY;
    }
    if (q) this.checkSinks(q, e, args, kw, frame);
    if (callee.cls) return this.construct(callee.cls, args, kw, e.pos, frame);
    if (callee.fn) {
      const self: Val = { props: new Map() };
      this.invoke(callee.fn, args, kw, self, loc(frame.mod.ir.file, e.pos), 0);
      return self;
    }
    const out: Val = {};
    let taint: Taint | undefined;
    for (const a of args) taint = pickTaint(taint, a.taint);
    if (taint) out.taint = taint;
    const lib = this.typedLang && q && callee.ext ? q : callee.lib ?? (callee.ext && callee.ext.pkg ? rootPkg(callee.ext.pkg) : undefined);
    if (lib) out.lib = lib;
    if (q === 'net.Socket' || q === 'tls.TLSSocket') out.sock = { peer: 'an address given to connect()', at: loc(frame.mod.ir.file, e.pos) };
    return out;
  }

  /** A declared type on a value: an SDK client of that type, or the class its methods are known by. */
  protected override typed(v: Val, type: string): Val {
    if (v.sdk || v.fn || v.cls || v.inst || v.mod || v.lib === type) return v;
    const client = sdkClientFor(type, 'type');
    if (client) return { ...v, sdk: { t: 'client', service: client.service, sdk: client.sdk, doc: false, bare: false } };
    // Java and Go qualify the types they know; C# names types as written (its usings are namespaces)
    if (UNTRACKED_TYPES.test(type) || (!/[./]/.test(type) && this.src.language !== 'csharp')) return v;
    return { ...v, lib: type };
  }

  /** SDK clients and calls of Java, Go, .NET and Ruby (typed.ts). */
  protected typedSdkCall(e: Extract<Expr, { k: 'call' }>, callee: Val, recv: Val | undefined, method: string | null, args: Val[], kw: Map<string, Val>, frame: Frame): Val | null {
    const q = qname(callee);
    if (q) {
      const client = sdkClientFor(q, 'call');
      if (client) return { sdk: { t: 'client', service: client.service, sdk: client.sdk, doc: false, bare: false } };
      // Go v2 paginators: dynamodb.NewScanPaginator(client, input)
      const pager = /^github\.com\/aws\/aws-sdk-go-v2\/service\/([a-z0-9]+)\.New([A-Za-z0-9]+)Paginator$/.exec(q);
      if (pager) {
        this.typedRecord('go-v2', servicePrefix(pager[1]!), pager[2]!, args.slice(1), kw, frame, e.pos);
        return {};
      }
    }
    const s = recv?.sdk;
    if (!s || s.t !== 'client' || !method || !['java-v2', 'java-v1', 'go-v2', 'go-v1', 'dotnet', 'ruby'].includes(s.sdk)) return null;
    const op = typedOperation(s.sdk, method);
    if (op) this.typedRecord(s.sdk, s.service, op, args, kw, frame, e.pos);
    return {};
  }

  protected typedRecord(sdk: SdkFlavor, service: string, op: string, args: Val[], kw: Map<string, Val>, frame: Frame, pos: Pos): void {
    const fields = new Map<string, Val>();
    // the request object; the positional overloads of SDK for Java 1.x and .NET start with a name (`GetItemAsync(table, key)`)
    const positional = (sdk === 'java-v1' || sdk === 'dotnet') && args[0] !== undefined && !args[0].props;
    const input = positional ? undefined : args.find((a) => a.props);
    if (input) for (const [k, v] of input.props!) fields.set(fieldName(k), v);
    for (const [k, v] of kw) if (k !== '**') fields.set(fieldName(k), v);
    if (positional) {
      const names = POSITIONAL_FIELDS[`${service}:${op}`] ?? [];
      names.forEach((n, i) => {
        if (args[i] && !fields.has(n)) fields.set(n, args[i]!);
      });
    }
    // SDK for Java 2.x: putObject(request, RequestBody.fromString(body))
    if (input && service === 's3' && op === 'PutObject' && !fields.has('Body')) {
      const body = args[args.indexOf(input) + 1];
      if (body) fields.set('Body', body);
    }
    this.record(sdk, service, op, input ?? (args.length === 1 && args[0]!.taint ? args[0] : undefined), fields, frame, pos);
  }

  protected override construct(cls: ClassVal, args: Val[], kw: Map<string, Val>, pos: Pos, frame: Frame): Val {
    const self: Val = { inst: cls, props: new Map() };
    const ctor = cls.cls.methods.find((m) => m.name === 'constructor' || m.name === '__init__');
    if (ctor) this.invoke({ fn: ctor.fn, scope: cls.scope, mod: cls.mod, thisVal: self }, args, kw, self, loc(frame.mod.ir.file, pos), 0);
    return self;
  }

  protected sanitized(v: Val, cats: readonly CodeCategory[]): Val {
    if (!v.taint) return clean(v);
    const sanitized = new Set(v.taint.sanitized);
    for (const c of cats) sanitized.add(c);
    return { taint: { ...v.taint, sanitized } };
  }

  protected override invoke(c: Closure, args: Val[], kw: Map<string, Val>, thisVal: Val | undefined, at: SourceLocation | null, _depth: number): Val {
    if (this.stack.length >= this.opts.maxCallDepth || this.stack.includes(c.fn) || this.steps > this.opts.maxSteps) return EMPTY;
    const python = c.mod.ir.language === 'python';
    // Python methods receive the instance as `self`
    const params = c.fn.params;
    let actual = c.bound ? [...c.bound, ...args] : args;
    if (python && thisVal && params[0]?.pattern.k === 'pname') actual = [thisVal, ...args];
    const sig = `${fnId(c.fn)}|${this.reachable ? 1 : 0}|${actual.map((v) => sigOf(v)).join(',')}|${[...kw].map(([k, v]) => k + '=' + sigOf(v)).join(',')}`;
    const memo = this.memo.get(sig);
    if (memo) return memo;
    this.invoked.add(c.fn);
    const scope = new Scope(c.scope);
    if (thisVal) scope.vars.set('this', thisVal);
    const frame: Frame = { scope, mod: c.mod, returns: undefined, fnName: c.fn.name ?? 'function' };
    // Ruby: keyword arguments given to a method without keyword parameters are its last positional argument (a Hash)
    if (c.mod.ir.language === 'ruby' && kw.size && !params.some((p) => p.keyword)) actual = [...actual, { props: new Map([...kw].filter(([k]) => k !== '**')) }];
    let i = 0;
    params.forEach((p) => {
      let v: Val;
      const pname = p.pattern.k === 'pname' ? p.pattern.name : p.pattern.k === 'pdefault' && p.pattern.target.k === 'pname' ? p.pattern.target.name : null;
      if (p.keyword) v = p.rest ? { props: new Map(kw) } : ((pname ? kw.get(pname) : undefined) ?? EMPTY);
      else if (p.rest) {
        v = { items: actual.slice(i) };
        i = actual.length;
      } else v = actual[i++] ?? (pname ? kw.get(pname) : undefined) ?? EMPTY;
      if (p.type) v = this.typed(v, p.type);
      if (at && v.taint) {
        const label = p.pattern.k === 'pname' ? p.pattern.name : 'a parameter';
        v = { ...v, taint: addStep(v.taint, { location: at, message: `passed to \`${label}\` of \`${frame.fnName}\`` }) };
      }
      this.bind(p.pattern, v, frame, true, p.pattern.pos);
    });
    this.stack.push(c.fn);
    this.memo.set(sig, EMPTY); // recursion through memo returns nothing
    try {
      this.execBlock(c.fn.body, frame);
    } finally {
      this.stack.pop();
    }
    const result = frame.returns ?? EMPTY;
    this.memo.set(sig, result);
    return result;
  }

  // ----- implemented by the later parts of the interpreter ---------------------------------

  /** Sockets, shells and a shell bound to a socket (reverse shell): what the call's value is, and reports a binding. */
  protected abstract socketsAndShells(q: string | null, e: Extract<Expr, { k: 'call' }>, recv: Val | undefined, method: string | null, args: Val[], kw: Map<string, Val>, frame: Frame): Pick<Val, 'sock' | 'shell'> | null;
  protected abstract webCall(e: Extract<Expr, { k: 'call' }>, callee: Val, recv: Val | undefined, method: string | null, args: Val[], kw: Map<string, Val>, frame: Frame): Val | null;
  protected abstract checkSinks(q: string, e: { args: Expr[]; pos: Pos }, args: Val[], kw: Map<string, Val>, frame: Frame): void;
  protected abstract djangoOrmSinks(e: Extract<Expr, { k: 'call' }>, method: string, args: Val[], kw: Map<string, Val>, frame: Frame): void;
  protected abstract checkSqlHeuristic(e: Extract<Expr, { k: 'call' }>, recv: Val, method: string, args: Val[], frame: Frame): void;
  protected abstract deepTaint(v: Val, depth: number): Taint | undefined;
  protected abstract deepException(v: Val, depth: number): Taint | undefined;
  protected abstract jsYamlUnsafe(): boolean;
  protected abstract record(sdk: SdkFlavor, service: string, operation: string, input: Val | undefined, kw: Map<string, Val> | undefined, frame: Frame, pos: Pos): void;
  protected abstract rubySinks(q: string | null, e: Extract<Expr, { k: 'call' }>, recv: Val | undefined, method: string | null, args: Val[], frame: Frame): void;
  protected abstract sdkCall(e: Extract<Expr, { k: 'call' }>, callee: Val, recv: Val | undefined, method: string | null, args: Val[], kw: Map<string, Val>, frame: Frame): Val | null;
  protected abstract sdkNew(callee: Val, args: Val[], frame: Frame, pos: Pos): Val | null;
  protected abstract sink(category: CodeCategory, sinkName: string, v: Val | undefined, pos: Pos, frame: Frame, at?: SourceLocation): boolean;
}
