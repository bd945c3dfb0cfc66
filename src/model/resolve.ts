/**
 * Symbolic resolution of CloudFormation intrinsic functions.
 *
 * A value is either known or `Unresolved` with a reason: never silently "safe". Physical names and
 * ARNs of the template's own resources are synthesised with a placeholder account and region so
 * that policies written with `!GetAtt X.Arn` and with `!Sub arn:...:${X}` match each other.
 *
 * What resolution is given and how each resource type names itself is `resolve-names.ts`.
 */
import type { Diagnostic, DocPath, JsonObject, JsonValue, LoadedTemplate, Unresolved } from './types.js';
import { hasKey, isUnresolved, setKey, unresolved } from './types.js';
import { TYPE_NAMING, genericArn, type RValue, type RObject, type ResolveOptions } from './resolve-names.js';

export { DEFAULT_ACCOUNT, DEFAULT_REGION, TYPE_NAMING } from './resolve-names.js';
export type { RValue, RObject, ResolveOptions, CrossStackValues } from './resolve-names.js';

/** `AWS::NoValue`: the property is removed. */
const NO_VALUE = Symbol('AWS::NoValue');
type Internal = RValue | typeof NO_VALUE;

const PSEUDO = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NoValue', 'AWS::NotificationARNs']);

/**
 * Loaders that cannot know a value mark it, since a LoadedTemplate body is plain JSON:
 * `{ "Nightlight::Unresolved": "<reason>" }` in place of a value, or `<<unresolved:SOURCE:ADDRESS>>`
 * inside a string (Serverless variables). The resolver turns both into `Unresolved`.
 */
export const UNRESOLVED_KEY = 'Nightlight::Unresolved';
/** Beside `UNRESOLVED_KEY`: the value is a secret by construction (Terraform `random_password.x.result`), named. */
export const SECRET_KEY = 'Nightlight::Secret';
/** Beside `UNRESOLVED_KEY`: the logical id of the one resource the value derives from (Terraform `split("/", aws_lambda_function_url.x.function_url)[2]`). */
export const DERIVED_KEY = 'Nightlight::DerivedFrom';
const MARKER_RE = /<<unresolved:([^<>]*)>>/g;

export function markerToUnresolved(value: string): string | Unresolved {
  if (!value.includes('<<unresolved:')) return value;
  const found = [...value.matchAll(MARKER_RE)].map((m) => '${' + m[1] + '}');
  const reason = `${found.join(', ')} cannot be resolved offline`;
  const pattern = value.replace(MARKER_RE, '*');
  return pattern === '*' ? unresolved(reason) : unresolved(reason, pattern);
}

/**
 * Largest string a resolution builds (1 MB, CloudFormation's own template size limit). A chain of
 * 30 `Fn::Join`s each doubling a name would otherwise reach gigabytes from a 3.5 KB template.
 */
export const MAX_RESOLVED_STRING = 1024 * 1024;
const OVER_SIZE_BUDGET = `over the ${MAX_RESOLVED_STRING / 1024 / 1024} MB size budget`;
/** The values concat() gave up on, so the resolver reports each once where it was built. */
const overBudget = new WeakSet<Unresolved>();

/** Join parts into a string, or an Unresolved with a `*` pattern when a part is unknown. */
export function concat(parts: RValue[], why: string): string | Unresolved {
  let size = 0;
  for (const p of parts) size += typeof p === 'string' ? p.length : isUnresolved(p) ? (p.pattern?.length ?? 1) : 1;
  if (size > MAX_RESOLVED_STRING) {
    const u = unresolved(`${why}: the value is ${OVER_SIZE_BUDGET}`);
    overBudget.add(u);
    return u;
  }
  let known = true;
  const reasons: string[] = [];
  const refs = new Set<string | undefined>();
  const pattern = parts
    .map((p) => {
      if (isUnresolved(p)) {
        known = false;
        reasons.push(p.reason);
        refs.add(p.ref);
        return p.pattern ?? '*';
      }
      if (p === null) return '';
      if (typeof p === 'object') {
        known = false;
        reasons.push(`${why}: a list or object where a string was expected`);
        return '*';
      }
      return String(p);
    })
    .join('');
  // One resource's unknown name inside a string (`${Fn.Arn}/invocations`) still names that resource.
  const ref = refs.size === 1 ? [...refs][0] : undefined;
  return known ? markerToUnresolved(pattern) : unresolved(reasons[0] ?? why, pattern, ref);
}

export class Resolver {
  private readonly resources: JsonObject;
  private readonly parameters: JsonObject;
  private readonly mappings: JsonObject;
  private readonly conditions: JsonObject;
  private readonly conditionCache = new Map<string, boolean | Unresolved>();
  private readonly conditionStack = new Set<string>();
  private readonly nameCache = new Map<string, string | Unresolved>();
  private readonly nameStack = new Set<string>();
  private readonly reported = new Set<string>();
  private steps = 0;

  constructor(
    readonly template: LoadedTemplate,
    readonly options: ResolveOptions,
    private readonly diagnostics: Diagnostic[],
  ) {
    const b = template.body;
    this.resources = asObject(b['Resources']);
    this.parameters = asObject(b['Parameters']);
    this.mappings = asObject(b['Mappings']);
    this.conditions = asObject(b['Conditions']);
  }

  /** Resolves every intrinsic in `value`; `path` is where it sits in the document (for diagnostics). */
  resolve(value: JsonValue | undefined, path: DocPath): RValue {
    const r = this.eval(value ?? null, path, 0);
    return r === NO_VALUE ? null : r;
  }

  /** Resolves to a string or Unresolved. */
  str(value: JsonValue | undefined, path: DocPath): string | Unresolved | null {
    if (value === undefined || value === null) return null;
    const r = this.resolve(value, path);
    if (r === null) return null;
    if (isUnresolved(r)) return r;
    if (typeof r === 'string') return r;
    if (typeof r === 'number' || typeof r === 'boolean') return String(r);
    return unresolved(`expected a string at ${path.join('.')}`);
  }

  /** A resource's resource-level `Condition`: true, false or unknown. */
  resourceCondition(logicalId: string): boolean | Unresolved {
    const res = asObject(this.resources[logicalId]);
    const c = res['Condition'];
    if (typeof c !== 'string') return true;
    return this.condition(c, ['Resources', logicalId, 'Condition']);
  }

  condition(name: string, path: DocPath): boolean | Unresolved {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (!hasKey(this.conditions, name)) {
      this.diag('missing-condition', `condition "${name}" is not defined in Conditions`, path);
      return unresolved(`condition ${name} is not defined`);
    }
    if (this.conditionStack.has(name)) {
      this.diag('cyclic-reference', `condition "${name}" refers to itself`, path);
      return unresolved(`condition ${name} is cyclic`);
    }
    this.conditionStack.add(name);
    const v = this.eval(this.conditions[name] ?? null, ['Conditions', name], 0);
    this.conditionStack.delete(name);
    const result: boolean | Unresolved = typeof v === 'boolean' ? v : isUnresolved(v) ? v : v === 'true' ? true : v === 'false' ? false : unresolved(`condition ${name} is not a boolean`);
    this.conditionCache.set(name, result);
    return result;
  }

  /**
   * The physical name of a resource of this template: its name property, else the name
   * CloudFormation gives it, `<stack>-<LogicalId>` (without the random suffix; lower case for
   * buckets), so that two stacks' default names never meet.
   */
  physicalName(logicalId: string): string | Unresolved {
    const cached = this.nameCache.get(logicalId);
    if (cached !== undefined) return cached;
    const res = asObject(this.resources[logicalId]);
    const type = typeof res['Type'] === 'string' ? (res['Type'] as string) : '';
    const naming = TYPE_NAMING[type];
    const deployed = this.deployedResource(logicalId);
    if (deployed) {
      this.nameCache.set(logicalId, deployed.name);
      return deployed.name;
    }
    let name: string | Unresolved = this.defaultName(logicalId, type);
    if (this.nameStack.has(logicalId)) {
      this.diag('cyclic-reference', `the name of ${logicalId} depends on itself`, ['Resources', logicalId]);
      return unresolved(`cyclic reference through ${logicalId}`);
    }
    if (naming?.nameProp) {
      const props = asObject(res['Properties']);
      const raw = props[naming.nameProp];
      if (raw !== undefined && raw !== null) {
        this.nameStack.add(logicalId);
        const v = this.str(raw, ['Resources', logicalId, 'Properties', naming.nameProp]);
        this.nameStack.delete(logicalId);
        if (v !== null) name = v;
      }
    }
    if (type === 'AWS::Lambda::Alias' || type === 'AWS::Lambda::Version' || type === 'AWS::Lambda::Url') {
      // These are named after their function.
      const props = asObject(res['Properties']);
      const fnRef = props['FunctionName'] ?? props['TargetFunctionArn'];
      this.nameStack.add(logicalId);
      const fn = this.str(fnRef ?? null, ['Resources', logicalId, 'Properties', 'FunctionName']);
      this.nameStack.delete(logicalId);
      const fnName = fn === null ? logicalId : isUnresolved(fn) ? fn : fn.replace(/^arn:[^:]+:lambda:[^:]+:[^:]+:function:/, '');
      if (type === 'AWS::Lambda::Alias') name = isUnresolved(fnName) || isUnresolved(name) ? unresolved('alias of an unresolved function', '*') : `${fnName}:${name}`;
      else name = fnName;
    }
    this.nameCache.set(logicalId, name);
    return name;
  }

  /** The real physical ids of a deployed resource (LoadedTemplate.deployed), when known. */
  private deployedResource(logicalId: string): { name: string; ref?: string; arn?: string } | undefined {
    const all = this.template.deployed?.resources;
    return all && Object.prototype.hasOwnProperty.call(all, logicalId) ? all[logicalId] : undefined;
  }

  /** The name CloudFormation generates for a resource without a name property. */
  defaultName(logicalId: string, type = this.resourceType(logicalId) ?? ''): string {
    const name = `${this.options.stackName}-${logicalId}`;
    return type === 'AWS::S3::Bucket' ? name.toLowerCase() : name;
  }

  /** True when the resource's name comes from its template (a name property), not from CloudFormation. */
  hasExplicitName(logicalId: string): boolean {
    const res = asObject(this.resources[logicalId]);
    const type = typeof res['Type'] === 'string' ? (res['Type'] as string) : '';
    const props = asObject(res['Properties']);
    if (this.deployedResource(logicalId)) return true;
    if (type === 'AWS::Lambda::Alias' || type === 'AWS::Lambda::Version' || type === 'AWS::Lambda::Url') return true;
    const prop = TYPE_NAMING[type]?.nameProp;
    return prop !== undefined && props[prop] !== undefined && props[prop] !== null;
  }

  /** The synthesised ARN of a resource of this template. */
  arnOf(logicalId: string): string | Unresolved {
    const deployedArn = this.deployedResource(logicalId)?.arn;
    if (deployedArn !== undefined) return deployedArn;
    const res = asObject(this.resources[logicalId]);
    const type = typeof res['Type'] === 'string' ? (res['Type'] as string) : '';
    const name = this.physicalName(logicalId);
    if (isUnresolved(name)) {
      const naming = TYPE_NAMING[type];
      const pattern = naming ? naming.arn(name.pattern ?? '*', this.options) : '*';
      return unresolved(name.reason, pattern, logicalId);
    }
    if (type === 'AWS::Lambda::Version') return TYPE_NAMING[type]!.arn(name, this.options);
    if (type === 'AWS::ApiGateway::Stage') {
      // A stage's ARN names its API: arn:aws:apigateway:<region>::/restapis/<api id>/stages/<name>.
      const api = this.str(asObject(res['Properties'])['RestApiId'], ['Resources', logicalId, 'Properties', 'RestApiId']);
      const base = `arn:${this.options.partition}:apigateway:${this.options.region}::/restapis/`;
      if (typeof api === 'string') return `${base}${api}/stages/${name}`;
      return unresolved(isUnresolved(api) ? api.reason : 'the stage names no RestApiId', `${base}${isUnresolved(api) && api.pattern !== undefined ? api.pattern : '*'}/stages/${name}`, logicalId);
    }
    if (type === 'AWS::IAM::Role' || type === 'AWS::IAM::ManagedPolicy') {
      const p = this.str(asObject(res['Properties'])['Path'] ?? null, ['Resources', logicalId, 'Properties', 'Path']);
      const prefix = typeof p === 'string' && p !== '/' ? p.replace(/^\//, '') : '';
      return TYPE_NAMING[type]!.arn(prefix + name, this.options);
    }
    const naming = TYPE_NAMING[type];
    return naming ? naming.arn(name, this.options) : genericArn(type, name, this.options);
  }

  hasResource(logicalId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.resources, logicalId);
  }

  resourceType(logicalId: string): string | null {
    const t = asObject(this.resources[logicalId])['Type'];
    return typeof t === 'string' ? t : null;
  }

  private diag(code: string, message: string, path: DocPath): void {
    const loc = this.template.locate(path);
    const key = `${code}|${message}|${loc.line}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({ level: code === 'missing-ref' || code === 'cyclic-reference' ? 'error' : 'warning', code, message: `${loc.file}:${loc.line}: ${message}`, location: loc });
  }

  private eval(value: JsonValue, path: DocPath, depth: number): Internal {
    if (++this.steps > (this.options.maxSteps ?? 2_000_000)) return unresolved('resolution step limit reached');
    if (depth > 64) return unresolved('intrinsic functions nested too deeply');
    if (typeof value === 'string') return markerToUnresolved(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const out: RValue[] = [];
      for (let i = 0; i < value.length; i++) {
        const v = value[i]!;
        // A scalar child needs no path (only diagnostics and nested intrinsics read it): skip the copy.
        const r = v === null || typeof v !== 'object' ? this.leaf(v, depth + 1) : this.eval(v, [...path, i], depth + 1);
        if (r !== NO_VALUE) out.push(r);
      }
      return out;
    }
    const keys = Object.keys(value);
    // a loader's unresolved marker, possibly with the note that the value is a secret by construction
    if (keys.length === 2 && typeof value[UNRESOLVED_KEY] === 'string' && keys.includes(SECRET_KEY)) return unresolved(value[UNRESOLVED_KEY] as string);
    if (keys.length === 2 && typeof value[UNRESOLVED_KEY] === 'string' && typeof value[DERIVED_KEY] === 'string') {
      const from = value[DERIVED_KEY] as string;
      return this.hasResource(from) ? unresolved(value[UNRESOLVED_KEY] as string, undefined, from) : unresolved(value[UNRESOLVED_KEY] as string);
    }
    if (keys.length === 1) {
      const k = keys[0]!;
      if (k === UNRESOLVED_KEY) return unresolved(typeof value[k] === 'string' ? (value[k] as string) : 'unknown value');
      if (k === 'Ref' || k.startsWith('Fn::') || k === 'Condition') {
        const arg = value[k] ?? null;
        const p = [...path, k];
        switch (k) {
          case 'Ref':
            return this.ref(arg, p, depth);
          case 'Condition':
            // `{ Condition: Name }` inside Fn::And/Or/Not.
            if (typeof arg === 'string' && depth > 0 && path.some((x) => x === 'Fn::And' || x === 'Fn::Or' || x === 'Fn::Not' || x === 'Conditions')) return this.condition(arg, p);
            break;
          case 'Fn::GetAtt':
            return this.getAtt(arg, p, depth);
          case 'Fn::Sub':
            return this.sub(arg, p, depth);
          case 'Fn::Join':
            return this.join(arg, p, depth);
          case 'Fn::Select':
            return this.select(arg, p, depth);
          case 'Fn::Split':
            return this.split(arg, p, depth);
          case 'Fn::FindInMap':
            return this.findInMap(arg, p, depth);
          case 'Fn::If':
            return this.fnIf(arg, p, depth);
          case 'Fn::Equals':
            return this.equals(arg, p, depth);
          case 'Fn::And':
          case 'Fn::Or':
            return this.andOr(k, arg, p, depth);
          case 'Fn::Not':
            return this.not(arg, p, depth);
          case 'Fn::Base64': {
            const v = this.eval(arg, p, depth + 1);
            return typeof v === 'string' ? Buffer.from(v, 'utf8').toString('base64') : isUnresolved(v) ? v : unresolved('Fn::Base64 of a non-string');
          }
          case 'Fn::ImportValue': {
            const name = this.eval(arg, p, depth + 1);
            const imported = typeof name === 'string' ? this.options.crossStack?.importValue(name, this.template.file) : undefined;
            if (imported !== undefined) return imported;
            return unresolved(`Fn::ImportValue ${typeof name === 'string' ? `'${name}'` : ''} is exported by another stack`.replace('  ', ' '));
          }
          case 'Fn::GetAZs':
            return [`${this.options.region}a`, `${this.options.region}b`, `${this.options.region}c`];
          case 'Fn::Cidr':
            return unresolved('Fn::Cidr is not evaluated');
          case 'Fn::Transform':
            return unresolved('Fn::Transform (for example AWS::Include) pulls content from outside the template');
          case 'Fn::ToJsonString': {
            const v = this.eval(arg, p, depth + 1);
            return containsUnresolved(v) ? unresolved('Fn::ToJsonString of an unresolved value') : JSON.stringify(v);
          }
          case 'Fn::Length': {
            const v = this.eval(arg, p, depth + 1);
            return Array.isArray(v) ? v.length : unresolved('Fn::Length of an unresolved list');
          }
          default:
            if (k.startsWith('Fn::')) return unresolved(`${k} is not supported`);
        }
      }
    }
    const out: RObject = {};
    for (const [k, v] of Object.entries(value)) {
      const r = v === null || typeof v !== 'object' ? this.leaf(v, depth + 1) : this.eval(v, [...path, k], depth + 1);
      if (r !== NO_VALUE) setKey(out, k, r);
    }
    return out;
  }

  /** eval() of a scalar, which does not read its path. */
  private leaf(value: string | number | boolean | null, depth: number): Internal {
    if (++this.steps > (this.options.maxSteps ?? 2_000_000)) return unresolved('resolution step limit reached');
    if (depth > 64) return unresolved('intrinsic functions nested too deeply');
    return typeof value === 'string' ? markerToUnresolved(value) : value;
  }

  private ref(arg: JsonValue, path: DocPath, depth: number): Internal {
    const name = typeof arg === 'string' ? arg : this.eval(arg, path, depth + 1);
    if (typeof name !== 'string') return unresolved('Ref to a computed name');
    if (PSEUDO.has(name)) return this.pseudo(name);
    if (hasKey(this.parameters, name)) return this.parameter(name);
    if (this.hasResource(name)) return this.refResource(name);
    this.diag('missing-ref', `Ref to "${name}", which is neither a parameter nor a resource of this template`, path);
    return unresolved(`Ref to undefined "${name}"`);
  }

  private pseudo(name: string): Internal {
    const o = this.options;
    switch (name) {
      case 'AWS::Region':
        return o.region;
      case 'AWS::AccountId':
        return o.accountId;
      case 'AWS::Partition':
        return o.partition;
      case 'AWS::StackName':
        return o.stackName;
      case 'AWS::StackId':
        return `arn:${o.partition}:cloudformation:${o.region}:${o.accountId}:stack/${o.stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return unresolved(`${name} is only known at deploy time`);
    }
  }

  private parameter(name: string): RValue {
    const p = asObject(this.parameters[name]);
    const type = typeof p['Type'] === 'string' ? (p['Type'] as string) : 'String';
    let raw: string | number | boolean | JsonValue[] | undefined;
    if (Object.prototype.hasOwnProperty.call(this.options.params, name)) raw = this.options.params[name];
    else if (p['Default'] !== undefined && p['Default'] !== null) raw = p['Default'] as string;
    if (raw === undefined) {
      return unresolved(`parameter ${name} has no default (pass --param ${name}=...)`);
    }
    if (type.startsWith('AWS::SSM::Parameter::Value')) {
      const written = this.options.crossStack?.ssmParameter(String(raw), this.template.file);
      if (written !== undefined) return written;
      return unresolved(`parameter ${name} is read from SSM parameter ${String(raw)} at deploy time`);
    }
    if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
      if (Array.isArray(raw)) return raw.map((x) => (typeof x === 'string' ? x : String(x)));
      return String(raw)
        .split(',')
        .map((s) => s.trim());
    }
    if (type === 'Number' && typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return raw;
    return typeof raw === 'object' ? unresolved(`parameter ${name} has a non-scalar default`) : String(raw);
  }

  private refResource(logicalId: string): RValue {
    const deployedRef = this.deployedResource(logicalId)?.ref;
    if (deployedRef !== undefined) return deployedRef;
    const type = this.resourceType(logicalId) ?? '';
    const naming = TYPE_NAMING[type];
    const known = this.physicalName(logicalId);
    const name = isUnresolved(known) ? unresolved(known.reason, known.pattern, logicalId) : known;
    if (!naming) return name;
    switch (naming.ref) {
      case 'name':
        return name;
      case 'id':
        return name;
      case 'arn':
        return this.arnOf(logicalId);
      case 'url':
        return isUnresolved(name) ? unresolved(name.reason, `https://sqs.${this.options.region}.amazonaws.com/${this.options.accountId}/${name.pattern ?? '*'}`, logicalId) : naming.attrs!['QueueUrl']!(name, this.options);
    }
  }

  private getAtt(arg: JsonValue, path: DocPath, depth: number): Internal {
    let parts: RValue[];
    if (typeof arg === 'string') {
      const dot = arg.indexOf('.');
      parts = dot > 0 ? [arg.slice(0, dot), arg.slice(dot + 1)] : [arg];
    } else {
      const v = this.eval(arg, path, depth + 1);
      parts = Array.isArray(v) ? v : [];
    }
    const [id, attr] = parts;
    if (typeof id !== 'string' || typeof attr !== 'string') return unresolved('Fn::GetAtt with a computed argument');
    if (!this.hasResource(id)) {
      this.diag('missing-ref', `Fn::GetAtt refers to "${id}", which is not a resource of this template`, path);
      return unresolved(`Fn::GetAtt to undefined "${id}"`);
    }
    return this.attribute(id, attr);
  }

  /** `Fn::GetAtt [logicalId, attr]` for a resource of this template. */
  attribute(id: string, attr: string): RValue {
    const type = this.resourceType(id) ?? '';
    if (attr === 'Arn') return this.arnOf(id);
    const naming = TYPE_NAMING[type];
    const known = this.physicalName(id);
    const name = isUnresolved(known) ? unresolved(known.reason, known.pattern, id) : known;
    const fn = naming?.attrs?.[attr];
    if (fn) return isUnresolved(name) ? unresolved(name.reason, '*', id) : fn(name, this.options);
    if (attr.endsWith('Arn')) {
      const base = this.arnOf(id);
      return isUnresolved(base) ? base : `${base}/${attr}`;
    }
    if (attr === 'Name' || attr.endsWith('Name') || attr === 'Id') return name;
    return unresolved(`attribute ${attr} of ${id} (${type || 'unknown type'}) is only known at deploy time`, '*', id);
  }

  private sub(arg: JsonValue, path: DocPath, depth: number): Internal {
    let tmpl: JsonValue;
    let vars: JsonObject = {};
    if (Array.isArray(arg)) {
      tmpl = arg[0] ?? '';
      vars = asObject(arg[1] ?? null);
    } else tmpl = arg;
    const t = typeof tmpl === 'string' ? tmpl : this.eval(tmpl, path, depth + 1);
    if (typeof t !== 'string') return isUnresolved(t) ? t : unresolved('Fn::Sub template is not a string');
    const parts: RValue[] = [];
    let last = 0;
    const re = /\$\{([^}]*)\}/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t)) !== null) {
      parts.push(t.slice(last, m.index));
      last = m.index + m[0].length;
      const expr = m[1]!;
      if (expr.startsWith('!')) {
        parts.push('${' + expr.slice(1) + '}');
        continue;
      }
      const name = expr.trim();
      if (Object.prototype.hasOwnProperty.call(vars, name)) {
        const v = this.eval(vars[name] ?? null, [...path, 1, name], depth + 1);
        parts.push(v === NO_VALUE ? '' : v);
        continue;
      }
      const dot = name.indexOf('.');
      if (dot > 0 && !PSEUDO.has(name)) {
        const id = name.slice(0, dot);
        if (this.hasResource(id)) {
          parts.push(this.attribute(id, name.slice(dot + 1)));
          continue;
        }
        this.diag('missing-ref', `Fn::Sub refers to "${name}", but "${id}" is not a resource of this template`, path);
        parts.push(unresolved(`Fn::Sub variable ${name} is undefined`));
        continue;
      }
      const r = this.ref(name, path, depth + 1);
      parts.push(r === NO_VALUE ? '' : r);
    }
    parts.push(t.slice(last));
    return this.budgeted(concat(parts, 'Fn::Sub'), path);
  }

  private join(arg: JsonValue, path: DocPath, depth: number): Internal {
    if (!Array.isArray(arg) || arg.length !== 2) return unresolved('malformed Fn::Join');
    const delim = this.eval(arg[0] ?? '', [...path, 0], depth + 1);
    const list = this.eval(arg[1] ?? null, [...path, 1], depth + 1);
    if (typeof delim !== 'string') return unresolved('Fn::Join delimiter is not a string');
    if (isUnresolved(list)) return unresolved(list.reason, '*');
    if (!Array.isArray(list)) return unresolved('Fn::Join of a non-list');
    const parts: RValue[] = [];
    list.forEach((x, i) => {
      if (i > 0) parts.push(delim);
      parts.push(x);
    });
    return this.budgeted(concat(parts, 'Fn::Join'), path);
  }

  /** A value that went over the size budget is reported once where it is built. */
  private budgeted(v: string | Unresolved, path: DocPath): string | Unresolved {
    if (isUnresolved(v) && overBudget.has(v)) this.diag('value-budget', `${v.reason}; it is unresolved`, path);
    return v;
  }

  private select(arg: JsonValue, path: DocPath, depth: number): Internal {
    if (!Array.isArray(arg) || arg.length !== 2) return unresolved('malformed Fn::Select');
    const idx = this.eval(arg[0] ?? null, [...path, 0], depth + 1);
    const list = this.eval(arg[1] ?? null, [...path, 1], depth + 1);
    const i = typeof idx === 'number' ? idx : typeof idx === 'string' ? Number(idx) : NaN;
    if (isUnresolved(list)) return list;
    if (!Array.isArray(list) || !Number.isInteger(i)) return unresolved('Fn::Select of an unresolved index or list');
    if (i < 0 || i >= list.length) {
      this.diag('invalid-intrinsic', `Fn::Select index ${i} is out of range (list has ${list.length})`, path);
      return unresolved('Fn::Select index out of range');
    }
    return list[i]!;
  }

  private split(arg: JsonValue, path: DocPath, depth: number): Internal {
    if (!Array.isArray(arg) || arg.length !== 2) return unresolved('malformed Fn::Split');
    const delim = this.eval(arg[0] ?? '', [...path, 0], depth + 1);
    const s = this.eval(arg[1] ?? null, [...path, 1], depth + 1);
    if (typeof delim !== 'string' || delim === '') return unresolved('Fn::Split delimiter is not a string');
    if (typeof s !== 'string') return isUnresolved(s) ? unresolved(s.reason) : unresolved('Fn::Split of a non-string');
    return s.split(delim);
  }

  private findInMap(arg: JsonValue, path: DocPath, depth: number): Internal {
    if (!Array.isArray(arg) || arg.length < 3) return unresolved('malformed Fn::FindInMap');
    const [m, k1, k2] = [0, 1, 2].map((i) => this.eval(arg[i] ?? null, [...path, i], depth + 1));
    const dflt = arg[3] && typeof arg[3] === 'object' && !Array.isArray(arg[3]) ? (arg[3] as JsonObject)['DefaultValue'] : undefined;
    if (typeof m !== 'string' || (typeof k1 !== 'string' && typeof k1 !== 'number') || (typeof k2 !== 'string' && typeof k2 !== 'number')) {
      return dflt !== undefined ? this.eval(dflt, [...path, 3, 'DefaultValue'], depth + 1) : unresolved('Fn::FindInMap with an unresolved key');
    }
    const map = this.mappings[m];
    const level1 = map && typeof map === 'object' && !Array.isArray(map) ? (map as JsonObject)[String(k1)] : undefined;
    const v = level1 && typeof level1 === 'object' && !Array.isArray(level1) ? (level1 as JsonObject)[String(k2)] : undefined;
    if (v === undefined) {
      if (dflt !== undefined) return this.eval(dflt, [...path, 3, 'DefaultValue'], depth + 1);
      this.diag('missing-ref', `Fn::FindInMap: ${m}/${String(k1)}/${String(k2)} is not in Mappings`, path);
      return unresolved(`mapping ${m}/${String(k1)}/${String(k2)} not found`);
    }
    return this.eval(v, ['Mappings', m, String(k1), String(k2)], depth + 1);
  }

  private fnIf(arg: JsonValue, path: DocPath, depth: number): Internal {
    if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return unresolved('malformed Fn::If');
    const c = this.condition(arg[0], [...path, 0]);
    if (c === true) return this.eval(arg[1] ?? null, [...path, 1], depth + 1);
    if (c === false) return this.eval(arg[2] ?? null, [...path, 2], depth + 1);
    const a = this.eval(arg[1] ?? null, [...path, 1], depth + 1);
    const b = this.eval(arg[2] ?? null, [...path, 2], depth + 1);
    if (a !== NO_VALUE && b !== NO_VALUE && JSON.stringify(a) === JSON.stringify(b)) return a;
    return unresolved(`depends on condition ${arg[0]}, which cannot be decided statically (${c.reason}); pass --param to decide it`);
  }

  private equals(arg: JsonValue, path: DocPath, depth: number): Internal {
    if (!Array.isArray(arg) || arg.length !== 2) return unresolved('malformed Fn::Equals');
    const a = this.eval(arg[0] ?? null, [...path, 0], depth + 1);
    const b = this.eval(arg[1] ?? null, [...path, 1], depth + 1);
    if (containsUnresolved(a) || containsUnresolved(b)) {
      const u = [a, b].find(isUnresolved);
      return unresolved(u ? u.reason : 'Fn::Equals of an unresolved value');
    }
    return JSON.stringify(normaliseScalar(a)) === JSON.stringify(normaliseScalar(b));
  }

  private andOr(k: string, arg: JsonValue, path: DocPath, depth: number): Internal {
    if (!Array.isArray(arg)) return unresolved(`malformed ${k}`);
    const vals = arg.map((x, i) => this.eval(x, [...path, i], depth + 1));
    const isAnd = k === 'Fn::And';
    let unknown: Unresolved | null = null;
    for (const v of vals) {
      if (v === (isAnd ? false : true)) return !isAnd ? true : false;
      if (typeof v !== 'boolean') unknown = isUnresolved(v) ? v : unresolved(`${k} of a non-boolean`);
    }
    return unknown ?? isAnd;
  }

  private not(arg: JsonValue, path: DocPath, depth: number): Internal {
    const inner = Array.isArray(arg) ? arg[0] ?? null : arg;
    const v = this.eval(inner, [...path, 0], depth + 1);
    return typeof v === 'boolean' ? !v : isUnresolved(v) ? v : unresolved('Fn::Not of a non-boolean');
  }
}

function normaliseScalar(v: Internal): unknown {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

export function containsUnresolved(v: unknown): boolean {
  if (isUnresolved(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnresolved);
  if (v && typeof v === 'object') return Object.values(v).some(containsUnresolved);
  return false;
}

export function asObject(v: JsonValue | RValue | undefined): JsonObject {
  return v && typeof v === 'object' && !Array.isArray(v) && !isUnresolved(v) ? (v as JsonObject) : {};
}
