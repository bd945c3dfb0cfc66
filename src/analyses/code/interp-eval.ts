/**
 * The interpreter's evaluator (see `interp.ts`): its state, the run over the entry module and the
 * code the handler was not seen to reach, statements with branch joins and guards, bindings and
 * expressions. Modules and calls are evaluated by `interp-calls.ts`, sinks checked by
 * `interp-sinks.ts`, SDK calls recorded by `interp.ts`.
 */
import type { Diagnostic, SourceLocation } from '../../model/types.js';
import type { Expr, IrFunction, Pattern, Pos, Stmt } from '../../model/code-ir.js';
import { containsSource, sourceAt, type EventSource } from './sources.js';
import { SEND_OPERATIONS } from './sdk-actions.js';
import type { HandlerSource } from '../../model/code-ir.js';
import type { SdkCall, SendRecord, StoredInput, TaintFinding } from './types.js';
import { ENV_OBJECTS } from './typed.js';
import {
  exceptionVal,
  TYPED_LANGUAGES,
  CONTEXT_TYPE,
  type Taint,
  type Closure,
  type ClassVal,
  type Val,
  EMPTY,
  Scope,
  type ModState,
  type Frame,
  type InterpResult,
  loc,
  addStep,
  pickTaint,
  merge,
  clean,
  qname,
  resetFnIds,
  JS_GLOBAL_PROCESS,
  keyOf,
  rubyAnchored,
  anchored,
} from './interp-values.js';

export interface InterpOptions {
  sources: readonly EventSource[];
  storedInput?: StoredInput;
  maxCallDepth: number;
  maxSteps: number;
}

export abstract class Evaluator {
  protected readonly mods = new Map<string, ModState>();
  protected readonly calls = new Map<string, SdkCall>();
  protected readonly findings = new Map<string, TaintFinding>();
  protected readonly diagnostics: Diagnostic[] = [];
  protected readonly memo = new Map<string, Val>();
  protected readonly invoked = new Set<IrFunction>();
  protected readonly stack: IrFunction[] = [];
  protected steps = 0;
  protected budgetReported = false;
  protected reachable = true;
  protected eventName = 'event';
  /** What the SDK read being evaluated returns, when it is data an outside caller stored (second order). */
  protected readTaint: Taint | undefined;
  protected readonly python: boolean;
  protected readonly typedLang: boolean;
  protected readonly ruby: boolean;

  constructor(
    protected readonly src: HandlerSource,
    protected readonly opts: InterpOptions,
  ) {
    this.python = src.language === 'python';
    this.typedLang = TYPED_LANGUAGES.has(src.language);
    this.ruby = src.language === 'ruby';
    resetFnIds();
  }

  run(): InterpResult {
    const entry = this.module(this.src.entry);
    let resolved = false;
    if (entry) {
      const exported = this.exportOf(entry, this.src.exportName);
      const closure = exported.fn ?? exported.wrapped ?? null;
      if (closure) {
        resolved = true;
        this.invokeHandler(closure);
      } else resolved = this.serveExport(exported);
    }
    // other functions the deployment tool's handler calls with the event (Zappa's event functions)
    for (const x of this.src.eventEntries ?? []) {
      const m = this.module(x.entry);
      const c = m ? this.exportOf(m, x.exportName).fn : undefined;
      if (c) this.invokeHandler(c);
    }
    // Code the handler was not seen to reach still needs its permissions (dead code is rare; a
    // missing permission fails at runtime): run it without event data, marking its calls.
    this.reachable = false;
    for (const m of [...this.mods.values()]) {
      for (const v of [...m.scope.vars.values()]) {
        if (v.fn && !this.invoked.has(v.fn.fn) && v.fn.mod === m) this.invoke(v.fn, [], new Map(), undefined, null, 0);
        if (v.cls && v.cls.mod === m) {
          // typed languages: the instance as its constructor leaves it (fields hold the SDK clients)
          const inst: Val = this.typedLang ? this.construct(v.cls, [], new Map(), v.cls.cls.pos, { scope: m.scope, mod: m, returns: undefined, fnName: '<module>' }) : { inst: v.cls, props: new Map() };
          for (const meth of v.cls.cls.methods) if (!this.invoked.has(meth.fn)) this.invoke({ fn: meth.fn, scope: v.cls.scope, mod: m, thisVal: inst }, [], new Map(), inst, null, 0);
        }
      }
    }
    const calls = [...this.calls.values()];
    const sends: SendRecord[] = [];
    for (const c of calls) {
      const key = `${c.service}:${c.operation}`;
      if (!SEND_OPERATIONS[key]) continue;
      for (const action of c.actions.length ? c.actions : [key]) {
        sends.push({ action, service: c.service, operation: c.operation, target: c.resources[0] ?? null, location: c.location, payloadTainted: c.payloadTaint !== null, payload: c.payloadTaint });
      }
    }
    return { resolved, calls, taint: [...this.findings.values()], sends, diagnostics: this.diagnostics };
  }

  protected invokeHandler(closure: Closure): void {
    // the event is the first parameter that is not the context (Go: `func(ctx context.Context, e Event)`)
    // Azure Functions' classic Node model: `(context, req)` — the trigger input after a context named so
    const ps = closure.fn.params;
    const contextFirst = ps.length >= 2 && !this.python && ps[0]!.pattern.k === 'pname' && /^(context|ctx)$/.test(ps[0]!.pattern.name);
    const index = contextFirst ? 1 : Math.max(0, ps.findIndex((p) => !(p.type && CONTEXT_TYPE.test(p.type))));
    const first = closure.fn.params[index];
    const name = first && first.pattern.k === 'pname' ? first.pattern.name : 'event';
    this.eventName = name;
    const at = loc(closure.mod.ir.file, first?.pattern.pos ?? closure.fn.pos);
    const ev: Val = { ev: [] };
    const whole = sourceAt(this.opts.sources, []);
    if (whole) ev.taint = { kind: whole.kind, label: name, source: at, steps: [{ location: at, message: `\`${name}\`: the whole event is chosen by the caller (${whole.kind})` }], sanitized: new Set() };
    const context: Val = {};
    // Ruby: `def handler(event:, context:)` takes both as keyword arguments
    if (first?.keyword) {
      this.invoke(closure, [], new Map([['event', ev], ['context', context]]), closure.thisVal, null, 0);
      return;
    }
    const args = index > 0 ? [...closure.fn.params.slice(0, index).map(() => context), ev] : [ev, context];
    this.invoke(closure, args, new Map(), closure.thisVal, null, 0);
  }

  // ----- statements -----------------------------------------------------------------------

  protected hoist(stmts: readonly Stmt[], frame: Frame): void {
    for (const s of stmts) {
      if (s.k === 'func') frame.scope.vars.set(s.name, { fn: { fn: s.fn, scope: frame.scope, mod: frame.mod } });
      else if (s.k === 'class') frame.scope.vars.set(s.name, { cls: { cls: s.cls, scope: frame.scope, mod: frame.mod } });
    }
  }

  /** Returns true when the block always leaves (return / throw / break / continue). */
  protected execBlock(stmts: readonly Stmt[], frame: Frame): boolean {
    this.hoist(stmts, frame);
    for (const s of stmts) if (this.exec(s, frame)) return true;
    return false;
  }

  protected tick(): boolean {
    this.steps++;
    if (this.steps <= this.opts.maxSteps) return true;
    if (!this.budgetReported) {
      this.budgetReported = true;
      this.diagnostics.push({ level: 'warning', code: 'code-analysis-budget', message: `${this.src.entry}: analysis of ${this.src.functionId} stopped after ${this.opts.maxSteps} steps; results are partial`, location: { file: this.src.entry, line: 1, column: 1 } });
    }
    return false;
  }

  protected exec(s: Stmt, frame: Frame): boolean {
    if (!this.tick()) return true;
    switch (s.k) {
      case 'expr':
        this.eval(s.expr, frame);
        return false;
      case 'var': {
        const v = s.init ? this.eval(s.init, frame) : EMPTY;
        this.bind(s.target, s.type ? this.typed(v, s.type) : v, frame, true, s.pos);
        return false;
      }
      case 'return': {
        const v = s.arg ? this.eval(s.arg, frame) : EMPTY;
        this.checkResponse(v, frame, s.arg?.pos ?? s.pos);
        frame.returns = merge(frame.returns, v);
        return true;
      }
      case 'throw':
        if (s.arg) this.eval(s.arg, frame);
        return true;
      case 'jump':
        return true;
      case 'block':
        return this.execBlock(s.body, frame);
      case 'func':
        if (s.decorators) this.decorate(s, frame);
        return false;
      case 'class':
        return false;
      case 'if':
        return this.execIf(s, frame);
      case 'loop': {
        if (s.each) {
          const iter = this.eval(s.each.iter, frame);
          this.bind(s.each.target, this.element(iter, s.each.iter.pos, frame), frame, true, s.pos);
        }
        if (s.test) this.eval(s.test, frame);
        const body = { ...frame, scope: frame.scope.fork() };
        this.execBlock(s.body, body);
        this.joinInto(frame.scope, [body.scope]);
        if (body.returns) frame.returns = merge(frame.returns, body.returns);
        return false;
      }
      case 'try': {
        const exits = this.execBlock(s.body, frame);
        let handlerExits = true;
        if (s.handler) {
          if (s.handler.param) {
            const name = s.handler.param.k === 'pname' ? s.handler.param.name : 'the caught exception';
            this.bind(s.handler.param, exceptionVal(name, loc(frame.mod.ir.file, s.handler.param.pos)), frame, true, s.pos);
          }
          handlerExits = this.execBlock(s.handler.body, frame);
        }
        const finExits = this.execBlock(s.finalizer, frame);
        return finExits || (exits && handlerExits && s.handler !== null);
      }
    }
  }

  protected execIf(s: Extract<Stmt, { k: 'if' }>, frame: Frame): boolean {
    this.eval(s.test, frame);
    const g = this.guards(s.test, frame);
    const thenF: Frame = { ...frame, scope: frame.scope.fork(), returns: undefined };
    const elseF: Frame = { ...frame, scope: frame.scope.fork(), returns: undefined };
    this.applyGuard(g.whenTrue, thenF);
    this.applyGuard(g.whenFalse, elseF);
    const thenExit = this.execBlock(s.then, thenF);
    const elseExit = this.execBlock(s.else, elseF);
    frame.returns = merge(merge(frame.returns, thenF.returns), elseF.returns);
    if (thenExit && elseExit) return true;
    if (thenExit) this.joinInto(frame.scope, [elseF.scope], true);
    else if (elseExit) this.joinInto(frame.scope, [thenF.scope], true);
    else this.joinInto(frame.scope, [thenF.scope, elseF.scope], true);
    return false;
  }

  protected joinInto(target: Scope, branches: Scope[], replace = false): void {
    const keys = new Set<string>();
    for (const b of branches) for (const k of b.vars.keys()) keys.add(k);
    for (const k of keys) {
      let v: Val | undefined = replace ? undefined : target.vars.get(k);
      for (const b of branches) v = merge(v, b.vars.get(k));
      if (v) target.vars.set(k, v);
    }
    if (replace) {
      let cleanKeys = null as Set<string> | null;
      for (const b of branches) {
        const prev: Set<string> | null = cleanKeys;
        cleanKeys = prev ? new Set([...prev].filter((x: string) => b.clean.has(x))) : new Set<string>(b.clean);
      }
      target.clean = cleanKeys ?? target.clean;
    }
  }

  /** Allow-list and validation checks: names (or member paths) known safe when the test is true / false. */
  protected guards(test: Expr, frame: Frame): { whenTrue: string[]; whenFalse: string[] } {
    const none = { whenTrue: [] as string[], whenFalse: [] as string[] };
    switch (test.k) {
      case 'unary':
        if (test.op === '!' || test.op === 'not') {
          const g = this.guards(test.arg, frame);
          return { whenTrue: g.whenFalse, whenFalse: g.whenTrue };
        }
        return none;
      case 'bin': {
        if (test.op === '&&') {
          const a = this.guards(test.left, frame);
          const b = this.guards(test.right, frame);
          return { whenTrue: [...a.whenTrue, ...b.whenTrue], whenFalse: [] };
        }
        if (test.op === '||') {
          const a = this.guards(test.left, frame);
          const b = this.guards(test.right, frame);
          return { whenTrue: [], whenFalse: [...a.whenFalse, ...b.whenFalse] };
        }
        if (test.op === 'in' || test.op === 'not in') {
          const key = keyOf(test.left);
          if (!key || this.eval(test.right, frame).taint) return none;
          return test.op === 'in' ? { whenTrue: [key], whenFalse: [] } : { whenTrue: [], whenFalse: [key] };
        }
        const eq = test.op === '===' || test.op === '==';
        const ne = test.op === '!==' || test.op === '!=';
        if (eq || ne) {
          const [a, b] = test.right.k === 'lit' ? [test.left, test.right] : [test.right, test.left];
          if (b.k === 'lit' && b.value !== null) {
            if (a.k === 'call' && a.callee.k === 'member' && a.callee.prop === 'indexOf' && b.value === -1) {
              const key = a.args[0] ? keyOf(a.args[0]) : null;
              if (key) return eq ? { whenTrue: [], whenFalse: [key] } : { whenTrue: [key], whenFalse: [] };
              return none;
            }
            const key = keyOf(a);
            if (key) return eq ? { whenTrue: [key], whenFalse: [] } : { whenTrue: [], whenFalse: [key] };
          }
        }
        return none;
      }
      case 'call': {
        const c = test.callee;
        if (c.k === 'member' && c.prop) {
          if (['includes', 'has', 'contains', '__contains__', 'Contains', 'ContainsKey', 'include?', 'member?'].includes(c.prop) && test.args[0]) {
            const key = keyOf(test.args[0]);
            if (key && !this.eval(c.object, frame).taint) return { whenTrue: [key], whenFalse: [] };
          }
          if (c.prop === 'test' && c.object.k === 'lit' && c.object.regex && anchored(String(c.object.value)) && test.args[0]) {
            const key = keyOf(test.args[0]);
            if (key) return { whenTrue: [key], whenFalse: [] };
          }
          // Java `s.matches(regex)` matches the whole string
          if (this.typedLang && c.prop === 'matches' && test.args[0]?.k === 'lit' && !/\.\*|\.\+/.test(String(test.args[0].value))) {
            const key = keyOf(c.object);
            if (key) return { whenTrue: [key], whenFalse: [] };
          }
          // Ruby `s.match?(/\A[a-z]+\z/)`: an anchored pattern without a wildcard
          if (this.ruby && (c.prop === 'match?' || c.prop === 'match') && test.args[0]?.k === 'lit' && test.args[0].regex && rubyAnchored(String(test.args[0].value))) {
            const key = keyOf(c.object);
            if (key) return { whenTrue: [key], whenFalse: [] };
          }
          if (['isdigit', 'isnumeric', 'isdecimal', 'isalnum', 'isalpha', 'isidentifier'].includes(c.prop)) {
            const key = keyOf(c.object);
            if (key) return { whenTrue: [key], whenFalse: [] };
          }
          if (['fullmatch', 'match'].includes(c.prop) && test.args.length >= 2 && test.args[0]!.k === 'lit') {
            const pattern = String((test.args[0] as { value: unknown }).value);
            if (c.prop === 'fullmatch' || anchored(pattern)) {
              const key = keyOf(test.args[1]!);
              if (key) return { whenTrue: [key], whenFalse: [] };
            }
          }
        }
        const callee = this.eval(c, frame);
        const q = qname(callee);
        if (q && /(^|\.)(isInteger|isSafeInteger|isUUID|isInt|isNumeric|isAlphanumeric|isEmail|validate|isinstance)$/.test(q) && test.args[0]) {
          const key = keyOf(test.args[0]);
          if (key) return { whenTrue: [key], whenFalse: [] };
        }
        return none;
      }
      default:
        return none;
    }
  }

  protected applyGuard(keys: string[], frame: Frame): void {
    for (const key of keys) {
      if (!key.includes('.')) {
        const v = frame.scope.lookup(key);
        if (v) frame.scope.vars.set(key, clean(v));
      }
      frame.scope.clean.add(key);
    }
  }

  // ----- binding --------------------------------------------------------------------------

  protected bind(p: Pattern, v: Val, frame: Frame, declare: boolean, at: Pos): void {
    switch (p.k) {
      case 'pname': {
        let val = v;
        if (v.taint) val = { ...v, taint: addStep(v.taint, { location: loc(frame.mod.ir.file, at), message: `assigned to \`${p.name}\`` }) };
        if (declare) frame.scope.vars.set(p.name, val);
        else frame.scope.assign(p.name, val);
        frame.scope.clean.delete(p.name);
        return;
      }
      case 'pobj':
        for (const prop of p.props) {
          const key = prop.key ?? (prop.keyExpr ? this.strOf(this.eval(prop.keyExpr, frame)) : null);
          this.bind(prop.value, this.member(v, key, frame, p.pos), frame, declare, at);
        }
        if (p.rest) this.bind(p.rest, v, frame, declare, at);
        return;
      case 'parr':
        p.items.forEach((item, i) => {
          if (item) this.bind(item, v.items && v.items[i] ? v.items[i]! : this.member(v, String(i), frame, p.pos), frame, declare, at);
        });
        if (p.rest) this.bind(p.rest, v, frame, declare, at);
        return;
      case 'pdefault':
        this.bind(p.target, v === EMPTY ? this.eval(p.value, frame) : merge(v, v.str === undefined && !v.taint && !v.ev && !v.fn && !v.sdk ? this.eval(p.value, frame) : undefined), frame, declare, at);
        return;
      case 'pexpr': {
        const e = p.expr;
        if (e.k === 'member') {
          const obj = this.eval(e.object, frame);
          const key = e.prop ?? (e.index ? this.strOf(this.eval(e.index, frame)) : null);
          if (key !== null) this.memberAssigned(obj, key, v, frame, e.pos);
          if (obj.props && key !== null) {
            obj.props.set(key, { ...v, at: loc(frame.mod.ir.file, e.pos) });
          } else if (e.object.k === 'name' && key !== null && !obj.ext && !obj.ev) {
            // first property on an unknown object: give it a shape
            const props = new Map<string, Val>([[key, v]]);
            frame.scope.assign(e.object.name, merge(obj, { props }));
          }
          // `module.exports = …`
          if (e.object.k === 'name' && e.object.name === 'module' && key === 'exports') {
            const moduleVal = frame.scope.lookup('module');
            if (moduleVal?.props) moduleVal.props.set('exports', v.props ? v : merge(v, { props: new Map() }));
          }
        } else if (e.k === 'name') {
          frame.scope.assign(e.name, v);
        }
        return;
      }
    }
  }

  protected strOf(v: Val): string | null {
    return v.str !== undefined && v.str !== null ? String(v.str) : null;
  }

  // ----- expressions ----------------------------------------------------------------------

  eval(e: Expr, frame: Frame): Val {
    if (!this.tick()) return EMPTY;
    switch (e.k) {
      case 'lit':
        return e.regex ? { str: e.value, regex: true } : { str: e.value };
      case 'name': {
        if (frame.scope.isClean(e.name)) return clean(frame.scope.lookup(e.name) ?? EMPTY);
        const v = frame.scope.lookup(e.name);
        if (v) return v;
        if (e.name === JS_GLOBAL_PROCESS && !this.python && !this.typedLang) return { ext: { pkg: '', path: ['process'] } };
        if (this.typedLang && ENV_OBJECTS.has(e.name)) return { ext: { pkg: '', path: [e.name] }, envObj: true };
        // Ruby constant paths not defined by the handler's code: `Aws::S3::Client` is `Aws.S3.Client`
        if (this.ruby && e.name.includes('::')) return { ext: { pkg: '', path: e.name.split('::') } };
        return { ext: { pkg: '', path: [e.name] } };
      }
      case 'member': {
        const key = keyOf(e);
        const obj = this.eval(e.object, frame);
        const prop = e.prop ?? (e.index ? this.strOf(this.eval(e.index, frame)) : null);
        const v = this.member(obj, prop, frame, e.pos);
        return key && frame.scope.isClean(key) ? clean(v) : v;
      }
      case 'call':
        return this.evalCall(e, frame);
      case 'new':
        return this.evalNew(e, frame);
      case 'tmpl':
        return this.concat(e.parts.map((p) => this.eval(p, frame)), frame, e.pos);
      case 'bin': {
        const l = this.eval(e.left, frame);
        const r = this.eval(e.right, frame);
        switch (e.op) {
          case '+':
          case '%':
            return this.concat([l, r], frame, e.pos);
          case '||':
          case '??':
          case 'or':
            return merge(l, r);
          case '&&':
          case 'and':
            return r;
          case '==':
          case '===':
          case '!=':
          case '!==':
          case '<':
          case '>':
          case '<=':
          case '>=':
          case 'in':
          case 'not in':
          case 'instanceof':
          case 'is':
            return EMPTY;
          default: {
            const t = pickTaint(l.taint, r.taint);
            return t ? { taint: t } : EMPTY;
          }
        }
      }
      case 'unary': {
        const v = this.eval(e.arg, frame);
        if (e.op === '!' || e.op === 'typeof' || e.op === 'void' || e.op === '-' || e.op === '+' || e.op === '++' || e.op === '~' || e.op === 'delete') return EMPTY;
        return v;
      }
      case 'cond':
        this.eval(e.test, frame);
        return merge(this.eval(e.then, frame), this.eval(e.else, frame));
      case 'obj': {
        const props = new Map<string, Val>();
        const keyVals: Val[] = [];
        let spreadTaint: Taint | undefined;
        for (const p of e.props) {
          const v = this.eval(p.value, frame);
          if (p.spread) {
            if (v.props) for (const [k, x] of v.props) props.set(k, x);
            spreadTaint = pickTaint(spreadTaint, v.taint ?? (v.ev && containsSource(this.opts.sources, v.ev) ? this.taintFor(v, frame, p.pos) : undefined));
            continue;
          }
          let key = p.key;
          if (key === null && p.keyExpr) {
            const kv = this.eval(p.keyExpr, frame);
            keyVals.push(kv);
            key = this.strOf(kv) ?? (kv.env ? `\${${kv.env}}` : null);
          }
          if (key !== null) props.set(key, { ...v, at: loc(frame.mod.ir.file, p.value.pos) });
        }
        const out: Val = { props };
        if (keyVals.length) out.keyVals = keyVals;
        if (spreadTaint) out.taint = spreadTaint;
        return out;
      }
      case 'arr': {
        const items: Val[] = [];
        for (const i of e.items) {
          if (i.k === 'spread') {
            const v = this.eval(i.arg, frame);
            if (v.items) items.push(...v.items);
            else items.push(this.element(v, i.pos, frame));
          } else items.push({ ...this.eval(i, frame), at: loc(frame.mod.ir.file, i.pos) });
        }
        return { items: items.slice(0, 64) };
      }
      case 'fn':
        return { fn: { fn: e.fn, scope: frame.scope, mod: frame.mod } };
      case 'assign': {
        let v = this.eval(e.value, frame);
        if (e.op !== '=' && e.op !== '??=' && e.op !== '||=' && e.op !== '&&=') {
          const old = e.target.k === 'pname' ? (frame.scope.lookup(e.target.name) ?? EMPTY) : e.target.k === 'pexpr' ? this.eval(e.target.expr, frame) : EMPTY;
          v = e.op === '+=' || e.op === '%=' ? this.concat([old, v], frame, e.pos) : merge(old, v);
        } else if (e.op !== '=') {
          const old = e.target.k === 'pname' ? (frame.scope.lookup(e.target.name) ?? EMPTY) : EMPTY;
          v = merge(old, v);
        }
        this.bind(e.target, v, frame, false, e.pos);
        return v;
      }
      case 'seq': {
        let v: Val = EMPTY;
        for (const i of e.items) v = this.eval(i, frame);
        return v;
      }
      case 'spread':
        return this.eval(e.arg, frame);
      case 'unknown':
        return EMPTY;
    }
  }

  protected concat(parts: Val[], frame: Frame, pos: Pos): Val {
    let taint: Taint | undefined;
    let allKnown = true;
    let text = '';
    const envs: string[] = [];
    for (const p of parts) {
      const t = p.taint ?? (p.ev && containsSource(this.opts.sources, p.ev) ? this.taintFor(p, frame, pos) : undefined);
      taint = pickTaint(taint, t);
      if (p.str !== undefined && p.str !== null && !p.taint) text += String(p.str);
      else if (p.env) {
        text += `\${${p.env}}`;
        envs.push(p.env);
        allKnown = false;
      } else if (p.pat) {
        text += p.pat.text;
        envs.push(...p.pat.envs);
        allKnown = false;
      } else {
        text += '*';
        allKnown = false;
      }
    }
    const out: Val = allKnown ? { str: text } : { pat: { text, envs } };
    if (taint) out.taint = addStep(taint, { location: loc(frame.mod.ir.file, pos), message: 'concatenated into a string' });
    return out;
  }

  /** A taint for a value that is (part of) the event object itself. */
  protected taintFor(v: Val, frame: Frame, pos: Pos): Taint | undefined {
    if (v.taint) return v.taint;
    if (!v.ev) return undefined;
    const s = containsSource(this.opts.sources, v.ev) ?? sourceAt(this.opts.sources, v.ev);
    if (!s) return undefined;
    const label = [this.eventName, ...v.ev].join('.');
    const at = loc(frame.mod.ir.file, pos);
    return { kind: s.kind, label, source: at, steps: [{ location: at, message: `\`${label}\` contains attacker-controlled data (${s.kind})` }], sanitized: new Set() };
  }

  protected member(obj: Val, prop: string | null, frame: Frame, pos: Pos): Val {
    if (obj === EMPTY) return EMPTY;
    let out: Val = {};
    if (obj.ev) {
      const path = [...obj.ev, prop ?? '*'];
      out.ev = path;
      if (obj.taint) out.taint = obj.taint;
      else {
        const s = sourceAt(this.opts.sources, path);
        if (s) {
          const label = [this.eventName, ...path].join('.');
          const at = loc(frame.mod.ir.file, pos);
          out.taint = { kind: s.kind, label, source: at, steps: [{ location: at, message: `\`${label}\` is controlled by the sender of the ${s.kind} event` }], sanitized: new Set() };
        }
      }
    } else if (obj.taint && prop !== 'length') out.taint = obj.taint;
    if (obj.props) {
      const p = prop !== null ? obj.props.get(prop) : undefined;
      if (p) out = merge(out, p);
      else if (prop === null) for (const x of obj.props.values()) out = merge(out, x);
    }
    if (obj.items && obj.items.length) {
      const i = prop !== null && /^\d+$/.test(prop) ? obj.items[Number(prop)] : undefined;
      if (i) out = merge(out, i);
      else for (const x of obj.items) out = merge(out, x);
    }
    if (obj.envObj && prop) out.env = prop;
    if (obj.ext && prop !== null) {
      const path = prop === 'default' ? obj.ext.path : [...obj.ext.path, prop];
      out.ext = { pkg: obj.ext.pkg, path };
      if (!obj.ext.pkg && path.length === 2 && path[0] === 'process' && path[1] === 'env') out.envObj = true;
      if (obj.ext.pkg === 'os' && path.length === 1 && path[0] === 'environ') out.envObj = true;
    }
    if (obj.mod && prop !== null) out = merge(out, this.exportOf(obj.mod, prop));
    if (obj.inst && prop !== null) {
      const m = obj.inst.cls.methods.find((x) => x.name === prop);
      if (m) out.fn = { fn: m.fn, scope: obj.inst.scope, mod: obj.inst.mod, thisVal: obj };
    }
    if (obj.cls && prop !== null) {
      const m = obj.cls.cls.methods.find((x) => x.name === prop);
      if (m) out.fn = { fn: m.fn, scope: obj.cls.scope, mod: obj.cls.mod };
    }
    if (obj.sdk?.t === 'res-obj' && prop === 'objects') out.sdk = { t: 'res-obj', service: obj.sdk.service, type: 'objects', ident: obj.sdk.ident };
    if (obj.lib && !out.lib) out.lib = obj.lib;
    if (obj.sdk && !out.sdk && !out.fn) out.lib = out.lib ?? 'aws-sdk';
    // a shell's standard streams, a socket's methods
    if (obj.shell && !obj.shell.stream && (prop === 'stdin' || prop === 'stdout' || prop === 'stderr')) out.shell = { ...obj.shell, stream: prop };
    if (obj.sock && prop !== null) out.sock = obj.sock;
    return out;
  }

  protected element(v: Val, pos: Pos, frame: Frame): Val {
    return this.member(v, '*', frame, pos);
  }

  // ----- implemented by the later parts of the interpreter ---------------------------------

  protected abstract checkResponse(v: Val, frame: Frame, pos?: Pos): void;
  /** Python decorators of a function statement (web routes register so). */
  protected abstract decorate(s: Extract<Stmt, { k: 'func' }>, frame: Frame): void;
  /** The handler export is a web app an adapter serves: its routes run; true when so. */
  protected abstract serveExport(v: Val): boolean;
  /** `obj.key = v` (a web framework's response body, `ctx.body = …`); nothing by default. */
  protected memberAssigned(_obj: Val, _key: string, _v: Val, _frame: Frame, _pos: Pos): void {}
  protected abstract construct(cls: ClassVal, args: Val[], kw: Map<string, Val>, pos: Pos, frame: Frame): Val;
  protected abstract evalCall(e: Extract<Expr, { k: 'call' }>, frame: Frame): Val;
  protected abstract evalNew(e: Extract<Expr, { k: 'new' }>, frame: Frame): Val;
  protected abstract exportOf(m: ModState, name: string): Val;
  protected abstract invoke(c: Closure, args: Val[], kw: Map<string, Val>, thisVal: Val | undefined, at: SourceLocation | null, _depth: number): Val;
  protected abstract module(file: string): ModState | null;
  protected abstract typed(v: Val, type: string): Val;
}
