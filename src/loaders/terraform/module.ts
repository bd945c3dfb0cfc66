/**
 * A Terraform module as a lazily evaluated graph: variables, locals, resources, data sources,
 * module calls and outputs are evaluated on demand, memoised, with cycles and sizes bounded.
 */
import { posix } from 'node:path';
import type { Diagnostic, SourceLocation } from '../../model/types.js';
import type { LineIndex } from '../lines.js';
import { childEnv, entries, evaluate, loc, type Env, type EvalHost } from './eval.js';
import { envAt } from './convert.js';
import type { Block, Body } from './hcl.js';
import { EvalError, Handle, SecretUnknown, Unknown, isObject, newObject, type V, type VObject } from './values.js';

export interface ParsedFile {
  /** Relative to the scanned directory, POSIX. */
  file: string;
  text: string;
  index: LineIndex;
  body: Body;
}

export interface ModuleSource {
  /** Relative to the scanned directory, POSIX. */
  dir: string;
  files: ParsedFile[];
}

export type ModuleResolution = { kind: 'local'; dir: string } | { kind: 'remote'; source: string } | { kind: 'missing'; dir: string };

/** What a module needs from the loader. */
export interface ModuleContext {
  host: EvalHost;
  /** The root module's folder, relative to the scanned directory. */
  rootDir: string;
  diagnostics: Diagnostic[];
  maxInstances: number;
  maxModuleDepth: number;
  /**
   * Budget of the whole configuration: module instances and resource instances, counted across
   * every module (count × nesting multiplies: a module including itself 50 times at each of 10
   * levels). Spent budget means the rest is not instantiated, with one diagnostic.
   */
  budget?: { maxModules: number; maxInstances: number; modules: number; instances: number; reported: boolean };
  loadModule(dir: string): ModuleSource | null;
  resolveModule(callerDir: string, source: string, callPath: string[]): ModuleResolution;
  /** A managed resource's attribute that the configuration does not set (arn, id, invoke_arn...). */
  computedAttribute(inst: Instance, name: string): V | undefined;
  /** A data source's attribute (policy documents, caller identity, archive files...). */
  dataAttribute(inst: Instance, name: string): V | undefined;
}

export interface Decl {
  mode: 'managed' | 'data' | 'module';
  type: string;
  name: string;
  block: Block;
  file: ParsedFile;
}

type InstanceKey = { key: null | number | string; names: Record<string, V> };

const IDENTITY_ATTRIBUTES = new Set(['id', 'arn', 'name', 'function_name', 'bucket']);
/** Attributes that are secrets by construction (values Terraform generates or reads, marked sensitive by their providers). */
const SECRET_ATTRIBUTES = new Set([
  'random_password.result',
  'random_password.bcrypt_hash',
  'tls_private_key.private_key_pem',
  'tls_private_key.private_key_openssh',
  'tls_private_key.private_key_pem_pkcs8',
  'aws_api_gateway_api_key.value',
  'aws_iam_user_login_profile.password',
  'aws_iam_access_key.ses_smtp_password_v4',
  'aws_iam_service_specific_credential.service_password',
  'aws_cognito_user_pool_client.client_secret',
  'aws_secretsmanager_secret_version.secret_string',
  'data.aws_secretsmanager_secret_version.secret_string',
]);
const META_ATTRIBUTES = new Set(['count', 'for_each', 'depends_on', 'provider', 'providers', 'lifecycle']);

/** Checkov's skip comment in HCL (`#` or `//`), as Checkov reads it: the id, then `:` and the reason. */
const TF_CHECKOV_SKIP = /(?:#|\/\/)[ \t]*(?:checkov|bridgecrew):skip=[ \t]*([A-Za-z0-9_]+)(?::([^\n]*))?/g;

export class Instance {
  private readonly attrMemo = new Map<string, { v?: V; err?: unknown }>();
  private bodyMemo: VObject | null = null;
  readonly handle: Handle;
  constructor(
    readonly module: ModuleInstance,
    readonly decl: Decl,
    readonly key: null | number | string,
    readonly env: Env,
  ) {
    this.handle = new Handle(this.address, (n) => this.attr(n));
  }

  get type(): string {
    return this.decl.type;
  }
  get mode(): Decl['mode'] {
    return this.decl.mode;
  }
  get name(): string {
    return this.decl.name;
  }
  get address(): string {
    const base = `${this.decl.mode === 'data' ? 'data.' : ''}${this.decl.type}.${this.decl.name}`;
    return `${this.module.prefix}${base}${keySuffix(this.key)}`;
  }
  get location(): SourceLocation {
    return loc(this.env, this.decl.block.start);
  }

  /** Checkov's inline skips inside the block (`#checkov:skip=CKV_AWS_116:why`, also after `//`). */
  checkovSkips(): { id: string; comment: string | null; location: SourceLocation }[] {
    const { text, file, index } = this.decl.file;
    const block = text.slice(this.decl.block.start, this.decl.block.end);
    if (!block.includes(':skip=')) return [];
    const out: { id: string; comment: string | null; location: SourceLocation }[] = [];
    for (const m of block.matchAll(TF_CHECKOV_SKIP)) {
      const comment = (m[2] ?? '').trim();
      out.push({ id: m[1]!, comment: comment === '' ? null : comment, location: { file, ...index.position(this.decl.block.start + m.index) } });
    }
    return out;
  }

  /** An attribute as written in the configuration (undefined when not set), evaluated; errors become Unknown. */
  configured(name: string): V | undefined {
    const a = this.decl.block.body.attributes.find((x) => x.name === name);
    if (!a) return undefined;
    const memo = this.attrMemo.get(name);
    if (memo) {
      if ('err' in memo) throw memo.err;
      return memo.v!;
    }
    this.attrMemo.set(name, { v: new Unknown(`${this.address}.${name} refers to itself`) });
    try {
      const v = evaluate(a.expr, envAt(this.env, a.origin));
      this.attrMemo.set(name, { v });
      return v;
    } catch (err) {
      this.attrMemo.set(name, { err });
      throw err;
    }
  }

  attr(name: string): V {
    // identity attributes stay references, so the model links resources the way CloudFormation Ref/GetAtt do
    if (this.decl.mode === 'managed' && (IDENTITY_ATTRIBUTES.has(name) || (name === 'identity' && this.type.startsWith('azurerm_')))) {
      const computed = this.module.ctx.computedAttribute(this, name);
      if (computed !== undefined) return computed;
    }
    const c = this.configured(name);
    if (c !== undefined && c !== null) return c;
    if (this.decl.block.body.blocks.some((b) => b.type === name || (b.type === 'dynamic' && b.labels[0] === name))) {
      const v = this.body()[name];
      if (v !== undefined) return v;
    }
    const computed = this.decl.mode === 'data' ? this.module.ctx.dataAttribute(this, name) : this.module.ctx.computedAttribute(this, name);
    if (computed !== undefined) return computed;
    if (c === null) return null;
    const secret = SECRET_ATTRIBUTES.has(`${this.decl.mode === 'data' ? 'data.' : ''}${this.type}.${name}`);
    if (secret) return new SecretUnknown(`${this.address}.${name} is a secret generated or read at apply`, `${this.address}.${name}`);
    if (this.decl.mode === 'data') return new Unknown(`${this.address}.${name} is read from the cloud at plan time`);
    return new Unknown(`${this.address}.${name} is known only after apply`);
  }

  /** The whole evaluated body: attributes and nested blocks (as lists), with locations. */
  body(): VObject {
    if (!this.bodyMemo) this.bodyMemo = evalBody(this.decl.block.body, this.env, true);
    return this.bodyMemo;
  }
}

export function keySuffix(key: null | number | string): string {
  if (key === null) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** Evaluates a block body into an object; nested blocks become lists, `dynamic` blocks are expanded. */
export function evalBody(body: Body, env: Env, skipMeta: boolean, depth = 0): VObject {
  const out = newObject();
  const locs = new Map<string | number, SourceLocation>();
  env.host.locs.set(out, locs);
  for (const a of body.attributes) {
    if (skipMeta && META_ATTRIBUTES.has(a.name)) continue;
    const aenv = envAt(env, a.origin);
    let v: V;
    try {
      v = evaluate(a.expr, aenv);
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      v = new Unknown(`${a.name}: ${err.message}`);
    }
    if (v === null) continue;
    out[a.name] = v;
    locs.set(a.name, loc(aenv, a.start));
  }
  if (depth > 32) return out;
  const lists = new Map<string, V[]>();
  const push = (type: string, v: VObject, at: number, benv: Env) => {
    let l = lists.get(type);
    if (!l) {
      lists.set(type, (l = []));
      env.host.locs.set(l, new Map());
      locs.set(type, loc(benv, at));
    }
    env.host.locs.get(l)!.set(l.length, loc(benv, at));
    l.push(v);
  };
  for (const b of body.blocks) {
    if (skipMeta && (b.type === 'lifecycle' || b.type === 'provisioner' || b.type === 'connection')) continue;
    // a nested block an override file merged in is all that file's
    const benv = envAt(env, b.origin);
    if (b.type === 'dynamic' && b.labels[0]) {
      const name = b.labels[0];
      const iterName = (() => {
        const it = b.body.attributes.find((a) => a.name === 'iterator');
        return it && it.expr.k === 'var' ? it.expr.name : name;
      })();
      const content = b.body.blocks.find((x) => x.type === 'content');
      const fe = b.body.attributes.find((a) => a.name === 'for_each');
      if (!content || !fe) continue;
      let items: [V, V][] | Unknown;
      try {
        items = entries(evaluate(fe.expr, benv), `dynamic "${name}"`);
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        items = new Unknown(err.message);
      }
      if (items instanceof Unknown) items = [[items, items]];
      for (const [k, v] of items.slice(0, 1000)) {
        const it = newObject();
        it['key'] = k;
        it['value'] = v;
        push(name, evalBody(content.body, childEnv(benv, { [iterName]: it }), false, depth + 1), b.start, benv);
      }
      continue;
    }
    push(b.type, evalBody(b.body, benv, false, depth + 1), b.start, benv);
  }
  for (const [type, l] of lists) out[type] = l;
  return out;
}

export class ModuleInstance {
  readonly variables = new Map<string, Decl>();
  readonly locals = new Map<string, { expr: import('./hcl.js').Expr; file: ParsedFile; start: number; origin?: import('./hcl-ast.js').Origin }>();
  readonly resources = new Map<string, Decl>();
  readonly data = new Map<string, Decl>();
  readonly calls = new Map<string, Decl>();
  readonly outputs = new Map<string, Decl>();
  private readonly memo = new Map<string, { v?: V; err?: unknown }>();
  private readonly envs = new Map<string, Env>();
  private readonly expansions = new Map<Decl, InstanceKey[]>();
  private readonly instanceMemo = new Map<string, Instance>();
  private readonly childMemo = new Map<string, ModuleInstance | ModuleResolution>();

  constructor(
    readonly ctx: ModuleContext,
    readonly source: ModuleSource,
    /** `module.a.module.b["k"].` or '' for the root module. */
    readonly prefix: string,
    /** path.module: relative to the root module, as Terraform reports it. */
    readonly pathModule: string,
    readonly inputs: Map<string, () => V>,
    readonly depth: number,
    readonly callPath: string[],
    readonly parent: ModuleInstance | null = null,
  ) {
    for (const f of source.files) {
      for (const b of f.body.blocks) {
        const d = (mode: Decl['mode'], type: string, name: string): Decl => ({ mode, type, name, block: b, file: f });
        if (b.type === 'variable' && b.labels[0]) this.variables.set(b.labels[0], d('managed', 'variable', b.labels[0]));
        else if (b.type === 'locals') for (const a of b.body.attributes) this.locals.set(a.name, { expr: a.expr, file: f, start: a.start, ...(a.origin ? { origin: a.origin } : {}) });
        else if (b.type === 'resource' && b.labels.length >= 2) this.resources.set(`${b.labels[0]}.${b.labels[1]}`, d('managed', b.labels[0]!, b.labels[1]!));
        else if (b.type === 'data' && b.labels.length >= 2) this.data.set(`${b.labels[0]}.${b.labels[1]}`, d('data', b.labels[0]!, b.labels[1]!));
        else if (b.type === 'module' && b.labels[0]) this.calls.set(b.labels[0], d('module', 'module', b.labels[0]));
        else if (b.type === 'output' && b.labels[0]) this.outputs.set(b.labels[0], d('managed', 'output', b.labels[0]));
      }
    }
  }

  env(file: ParsedFile): Env {
    let e = this.envs.get(file.file);
    if (!e) {
      e = { file: file.file, index: file.index, host: this.ctx.host, lookup: (n) => this.lookup(n) };
      this.envs.set(file.file, e);
    }
    return e;
  }

  private cached(key: string, reason: string, compute: () => V): V {
    const m = this.memo.get(key);
    if (m) {
      if ('err' in m) throw m.err;
      return m.v!;
    }
    this.memo.set(key, { v: new Unknown(reason) });
    try {
      const v = compute();
      this.memo.set(key, { v });
      return v;
    } catch (err) {
      this.memo.set(key, { err });
      throw err;
    }
  }

  lookup(name: string): V | undefined {
    switch (name) {
      case 'var':
        return new Handle(`${this.prefix}var`, (n) => this.variable(n), () => [...this.variables.keys()]);
      case 'local':
        return new Handle(`${this.prefix}local`, (n) => this.local(n), () => [...this.locals.keys()]);
      case 'module':
        return new Handle(`${this.prefix}module`, (n) => this.moduleValue(n), () => [...this.calls.keys()]);
      case 'data':
        return new Handle(`${this.prefix}data`, (type) => {
          const names = [...this.data.values()].filter((d) => d.type === type);
          if (!names.length) throw new EvalError(`no data source of type ${type}`);
          return new Handle(`data.${type}`, (n) => this.collection(this.data.get(`${type}.${n}`), `data.${type}.${n}`));
        });
      case 'path': {
        const o = newObject();
        o['module'] = this.pathModule;
        o['root'] = '.';
        o['cwd'] = '.';
        return o;
      }
      case 'terraform': {
        const o = newObject();
        o['workspace'] = 'default';
        return o;
      }
      case 'self':
        return new Unknown('self is only known while provisioning');
      default: {
        if ([...this.resources.values()].some((d) => d.type === name)) {
          return new Handle(name, (n) => this.collection(this.resources.get(`${name}.${n}`), `${name}.${n}`));
        }
        return undefined;
      }
    }
  }

  variable(name: string): V {
    return this.cached(`var.${name}`, `variable ${name} refers to itself`, () => {
      const input = this.inputs.get(name);
      if (input) return input();
      const d = this.variables.get(name);
      if (!d) throw new EvalError(`no variable named "${name}"`);
      const def = d.block.body.attributes.find((a) => a.name === 'default');
      if (def) return evaluate(def.expr, envAt(this.env(d.file), def.origin));
      return new Unknown(`variable "${name}" has no value (no default; pass it with --var or a .tfvars file)`);
    });
  }

  local(name: string): V {
    return this.cached(`local.${name}`, `local.${name} refers to itself`, () => {
      const l = this.locals.get(name);
      if (!l) throw new EvalError(`no local value named "${name}"`);
      return evaluate(l.expr, envAt(this.env(l.file), l.origin));
    });
  }

  /** count / for_each of a resource, data source or module call. */
  expand(d: Decl): InstanceKey[] {
    let keys = this.expansions.get(d);
    if (keys) return keys;
    const env = this.env(d.file);
    const at = loc(env, d.block.start);
    const what = `${this.prefix}${d.mode === 'module' ? 'module.' : d.mode === 'data' ? 'data.' : ''}${d.mode === 'module' ? '' : d.type + '.'}${d.name}`;
    const count = d.block.body.attributes.find((a) => a.name === 'count');
    const forEach = d.block.body.attributes.find((a) => a.name === 'for_each');
    const warn = (message: string) => this.ctx.diagnostics.push({ level: 'warning', code: 'terraform-expansion', message: `${at.file}:${at.line}: ${what}: ${message}`, location: at });
    keys = [{ key: null, names: {} }];
    if (count) {
      let n: V;
      try {
        n = evaluate(count.expr, envAt(env, count.origin));
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        n = new Unknown(err.message);
      }
      if (typeof n === 'string' && /^\d+$/.test(n)) n = Number(n);
      if (typeof n === 'number') {
        let c = Math.max(0, Math.trunc(n));
        if (c > this.ctx.maxInstances) {
          warn(`count = ${c} is over the limit of ${this.ctx.maxInstances}; only the first ${this.ctx.maxInstances} instances are analysed`);
          c = this.ctx.maxInstances;
        }
        keys = Array.from({ length: c }, (_, i) => {
          const ci = newObject();
          ci['index'] = i;
          return { key: i, names: { count: ci } };
        });
      } else {
        warn(`count cannot be decided (${n instanceof Unknown ? n.reason : 'not a number'}); analysed as one instance`);
        const ci = newObject();
        ci['index'] = 0;
        keys = [{ key: 0, names: { count: ci } }];
      }
    } else if (forEach) {
      let v: V;
      try {
        v = evaluate(forEach.expr, envAt(env, forEach.origin));
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        v = new Unknown(err.message);
      }
      let pairs: [string, V][] | null = null;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) pairs = [...new Set(v as string[])].sort().map((s) => [s, s]);
      else if (isObject(v)) pairs = Object.keys(v).sort().map((k) => [k, v[k]!]);
      if (pairs) {
        if (pairs.length > this.ctx.maxInstances) {
          warn(`for_each has ${pairs.length} elements, over the limit of ${this.ctx.maxInstances}; only the first ${this.ctx.maxInstances} are analysed`);
          pairs = pairs.slice(0, this.ctx.maxInstances);
        }
        keys = pairs.map(([k, val]) => {
          const each = newObject();
          each['key'] = k;
          each['value'] = val;
          return { key: k, names: { each } };
        });
      } else {
        const reason = v instanceof Unknown ? v.reason : 'not a map or set of strings';
        warn(`for_each cannot be decided (${reason}); analysed as one instance`);
        const u = new Unknown(`for_each of ${what} cannot be decided`);
        const each = newObject();
        each['key'] = u;
        each['value'] = u;
        keys = [{ key: 'unknown', names: { each } }];
      }
    }
    this.expansions.set(d, keys);
    return keys;
  }

  instance(d: Decl, k: InstanceKey): Instance {
    const id = `${d.mode}.${d.type}.${d.name}${keySuffix(k.key)}`;
    let inst = this.instanceMemo.get(id);
    if (!inst) {
      inst = new Instance(this, d, k.key, childEnv(this.env(d.file), k.names));
      this.instanceMemo.set(id, inst);
    }
    return inst;
  }

  /** `aws_x.y`: one instance, a list (count) or a map (for_each). */
  private collection(d: Decl | undefined, what: string): V {
    if (!d) throw new EvalError(`${what} is not declared`);
    const keys = this.expand(d);
    const count = d.block.body.attributes.some((a) => a.name === 'count');
    const forEach = d.block.body.attributes.some((a) => a.name === 'for_each');
    if (count) return keys.map((k) => this.instance(d, k).handle);
    if (forEach) {
      const o = newObject();
      for (const k of keys) o[String(k.key)] = this.instance(d, k).handle;
      return o;
    }
    return this.instance(d, keys[0]!).handle;
  }

  // ------------------------------------------------------------------------------------------
  // Module calls
  // ------------------------------------------------------------------------------------------

  child(d: Decl, k: InstanceKey): ModuleInstance | ModuleResolution {
    const id = `${d.name}${keySuffix(k.key)}`;
    const memo = this.childMemo.get(id);
    if (memo) return memo;
    const env = childEnv(this.env(d.file), k.names);
    const at = loc(env, d.block.start);
    const srcAttr = d.block.body.attributes.find((a) => a.name === 'source');
    let source: V = null;
    try {
      source = srcAttr ? evaluate(srcAttr.expr, envAt(env, srcAttr.origin)) : null;
    } catch {
      source = null;
    }
    let result: ModuleInstance | ModuleResolution;
    if (typeof source !== 'string') {
      result = { kind: 'remote', source: '(unknown source)' };
    } else {
      const res = this.ctx.resolveModule(this.source.dir, source, [...this.callPath, d.name]);
      if (res.kind !== 'local') {
        const srcLoc = srcAttr ? loc(envAt(env, srcAttr.origin), srcAttr.start) : at;
        this.ctx.diagnostics.push(
          res.kind === 'remote'
            ? { level: 'warning', code: 'terraform-remote-module', message: `${srcLoc.file}:${srcLoc.line}: module "${d.name}" comes from "${source}", which is not in the scanned directory; its resources are not analysed and its outputs are unresolved`, location: srcLoc }
            : { level: 'warning', code: 'terraform-missing-module', message: `${srcLoc.file}:${srcLoc.line}: module "${d.name}": the folder ${res.dir} was not found; its outputs are unresolved`, location: srcLoc },
        );
        result = res;
      } else if (this.ancestorDirs().includes(res.dir)) {
        this.ctx.diagnostics.push({ level: 'warning', code: 'terraform-module-cycle', message: `${at.file}:${at.line}: module "${d.name}" includes ${res.dir}, which already includes it (a module cycle Terraform rejects); not followed, its outputs are unresolved`, location: at });
        result = { kind: 'remote', source };
      } else if (this.depth >= this.ctx.maxModuleDepth) {
        this.ctx.diagnostics.push({ level: 'warning', code: 'terraform-module-depth', message: `${at.file}:${at.line}: module "${d.name}" is nested more than ${this.ctx.maxModuleDepth} levels deep; not followed`, location: at });
        result = { kind: 'remote', source };
      } else {
        const src = this.ctx.loadModule(res.dir);
        if (!src) result = { kind: 'missing', dir: res.dir };
        else {
          const inputs = new Map<string, () => V>();
          for (const a of d.block.body.attributes) {
            if (a.name === 'source' || a.name === 'version' || META_ATTRIBUTES.has(a.name)) continue;
            let memo: { v: V } | null = null;
            inputs.set(a.name, () => {
              if (!memo) {
                try {
                  memo = { v: evaluate(a.expr, envAt(env, a.origin)) };
                } catch (err) {
                  if (!(err instanceof EvalError)) throw err;
                  memo = { v: new Unknown(`module input ${a.name}: ${err.message}`) };
                }
              }
              return memo.v;
            });
          }
          const pathModule = relativePath(this.ctx, res.dir);
          if (this.spend('modules', at)) result = new ModuleInstance(this.ctx, src, `${this.prefix}module.${d.name}${keySuffix(k.key)}.`, pathModule, inputs, this.depth + 1, [...this.callPath, d.name], this);
          else result = { kind: 'remote', source };
        }
      }
    }
    this.childMemo.set(id, result);
    return result;
  }

  private moduleValue(name: string): V {
    const d = this.calls.get(name);
    if (!d) throw new EvalError(`module "${name}" is not declared`);
    const keys = this.expand(d);
    const handleOf = (k: InstanceKey): V => {
      const c = this.child(d, k);
      if (!(c instanceof ModuleInstance)) {
        const why = c.kind === 'remote' ? `comes from "${c.source}", which is not read` : `folder ${c.dir} is missing`;
        return new Handle(`module.${name}`, (out) => new Unknown(`module.${name}.${out}: the module ${why}`));
      }
      return new Handle(`module.${name}`, (out) => c.output(out), () => [...c.outputs.keys()]);
    };
    if (d.block.body.attributes.some((a) => a.name === 'count')) return keys.map(handleOf);
    if (d.block.body.attributes.some((a) => a.name === 'for_each')) {
      const o = newObject();
      for (const k of keys) o[String(k.key)] = handleOf(k);
      return o;
    }
    return handleOf(keys[0]!);
  }

  output(name: string): V {
    return this.cached(`output.${name}`, `output ${name} refers to itself`, () => {
      const d = this.outputs.get(name);
      if (!d) throw new EvalError(`module ${this.prefix || 'root'} has no output "${name}"`);
      const v = d.block.body.attributes.find((a) => a.name === 'value');
      if (!v) return null;
      try {
        return evaluate(v.expr, envAt(this.env(d.file), v.origin));
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        return new Unknown(`output ${name}: ${err.message}`);
      }
    });
  }

  /** The folders of this module and the modules that include it. */
  private ancestorDirs(): string[] {
    const out: string[] = [];
    for (let m: ModuleInstance | null = this; m; m = m.parent) out.push(m.source.dir);
    return out;
  }

  /** Takes one unit of the configuration's budget; false (and one diagnostic) when it is spent. */
  private spend(kind: 'modules' | 'instances', at: SourceLocation): boolean {
    const b = this.ctx.budget;
    if (!b) return true;
    const max = kind === 'modules' ? b.maxModules : b.maxInstances;
    if (b[kind] < max) {
      b[kind]++;
      return true;
    }
    if (!b.reported) {
      b.reported = true;
      this.ctx.diagnostics.push({ level: 'error', code: 'terraform-budget', message: `${at.file}:${at.line}: the configuration expands to more than ${max} ${kind === 'modules' ? 'module instances' : 'resource instances'}; the rest is not analysed`, location: at });
    }
    return false;
  }

  /** Every managed and data instance in this module and the modules it calls. */
  /** Every module call of this module and of the modules it loads, with whether its source was read. */
  moduleCalls(out: { inst: Instance; loaded: boolean }[] = []): { inst: Instance; loaded: boolean }[] {
    for (const d of this.calls.values()) {
      for (const k of this.expand(d)) {
        const c = this.child(d, k);
        out.push({ inst: this.instance(d, k), loaded: c instanceof ModuleInstance });
        if (c instanceof ModuleInstance) c.moduleCalls(out);
      }
    }
    return out;
  }

  allInstances(out: Instance[] = []): Instance[] {
    for (const d of [...this.data.values(), ...this.resources.values()]) {
      for (const k of this.expand(d)) {
        const inst = this.instance(d, k);
        if (!this.spend('instances', inst.location)) return out;
        out.push(inst);
      }
    }
    for (const d of this.calls.values()) {
      for (const k of this.expand(d)) {
        const c = this.child(d, k);
        if (c instanceof ModuleInstance) c.allInstances(out);
      }
    }
    return out;
  }
}

function relativePath(ctx: ModuleContext, dir: string): string {
  // path.module is relative to the root module's folder, as Terraform reports it
  const rel = posix.relative(ctx.rootDir === '.' ? '' : ctx.rootDir, dir === '.' ? '' : dir);
  return rel === '' ? '.' : rel;
}
