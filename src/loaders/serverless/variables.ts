/**
 * Serverless Framework variables (`${self:...}`, `${opt:stage, 'dev'}`, `${file(x.yml):key}`, ...)
 * resolved offline: no network, no credentials, no code execution.
 *
 * A value that only AWS or the user's shell could supply (`${ssm:...}`, `${cf:...}`, `${s3:...}`,
 * `${env:...}` without --allow-env, plugin sources such as `${construct:...}`) becomes an
 * unresolved marker string `<<unresolved:SOURCE:ADDRESS>>` plus a diagnostic, never a guess.
 * CloudFormation `${AWS::Region}` / `${MyResource.Arn}` inside `Fn::Sub` are not framework
 * variables (no single-colon source prefix) and are left untouched.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic, DocPath, JsonObject, JsonValue, SourceLocation, Unresolved } from '../../model/types.js';
import { setKey, unresolved } from '../../model/types.js';
import { LocationTable, parseJson, parseYaml, type ParseLimits } from '../cloudformation/parse.js';
import { readText, toPosix, type ScanRoot } from '../files.js';
import { isWithin } from '../boundary.js';

// ---------------------------------------------------------------------------------------------
// Unresolved markers
// ---------------------------------------------------------------------------------------------

const MARKER_RE = /<<unresolved:([^<>]*)>>/g;

/**
 * Budget of one resolved value, in nodes (a string counts one per KB), like the YAML reader's
 * alias budget: `${self:}` references can multiply a list ten times per line of a 1 KB file.
 */
export const MAX_RESOLVED_NODES = 100_000;

/** The marker string standing for a value that could not be resolved offline. */
export function unresolvedMarker(source: string, address: string): string {
  return `<<unresolved:${source}:${address.replace(/[<>]/g, '')}>>`;
}

export function hasUnresolvedMarker(value: string): boolean {
  return value.includes('<<unresolved:');
}

/** The `SOURCE:ADDRESS` of each marker in a string. */
export function unresolvedMarkers(value: string): string[] {
  return [...value.matchAll(MARKER_RE)].map((m) => m[1]!);
}

/**
 * Turns a string holding markers into an `Unresolved` (the pattern has `*` for each unknown part),
 * or returns null when the string holds none. For the model builder.
 */
export function unresolvedFromMarker(value: string): Unresolved | null {
  const found = unresolvedMarkers(value);
  if (found.length === 0) return null;
  const reason = `Serverless variable ${found.map((f) => '${' + f + '}').join(', ')} cannot be resolved offline`;
  const pattern = value.replace(MARKER_RE, '*');
  return pattern === '*' ? unresolved(reason) : unresolved(reason, pattern);
}

// ---------------------------------------------------------------------------------------------
// Locations through variables
// ---------------------------------------------------------------------------------------------

interface Target {
  table: LocationTable;
  path: DocPath;
}

/**
 * Locations of the resolved configuration. A value that came whole from `${self:custom.x}` or
 * `${file(x.yml):y}` is located where it was written (custom.x, or y in x.yml), not at the
 * variable that pulled it in.
 */
export class SourceMap {
  private readonly redirects = new Map<LocationTable, Map<string, Target>>();
  constructor(readonly primary: LocationTable) {}

  redirect(from: Target, to: Target): void {
    let m = this.redirects.get(from.table);
    if (!m) this.redirects.set(from.table, (m = new Map()));
    const k = LocationTable.key(from.path);
    if (!m.has(k)) m.set(k, to);
  }

  locate(path: DocPath): SourceLocation {
    return this.locateIn(this.primary, path, 0);
  }

  private locateIn(table: LocationTable, path: DocPath, hops: number): SourceLocation {
    const exact = table.get(path);
    if (exact) return exact;
    const m = this.redirects.get(table);
    for (let n = path.length - 1; n >= 0; n--) {
      const prefix = path.slice(0, n);
      const r = m?.get(LocationTable.key(prefix));
      if (r && hops < 16) return this.locateIn(r.table, [...r.path, ...path.slice(n)], hops + 1);
      const loc = table.get(prefix);
      if (loc) return loc;
    }
    return table.locate([]);
  }
}

// ---------------------------------------------------------------------------------------------
// The resolver
// ---------------------------------------------------------------------------------------------

export interface VariableOptions {
  /** `--stage`; when absent `${opt:stage}` is "not found" (fallbacks apply). */
  stage?: string;
  region?: string;
  /** `--param Key=Value` for `${param:Key}`. */
  params: Record<string, string>;
  /** Read `${env:X}` from the environment. Off by default: results must not depend on the shell. */
  allowEnv: boolean;
  env?: Record<string, string | undefined>;
  /** Absolute scanned root; `${file()}` may not leave it. */
  root: string;
  /** Absolute directory of the serverless.yml. */
  configDir: string;
  files: ScanRoot;
  parse: ParseLimits;
}

export const PLACEHOLDER_ACCOUNT_ID = '123456789012';

const KNOWN_UNRESOLVABLE: Record<string, string> = {
  ssm: 'SSM parameters are read from AWS at deploy time',
  cf: 'CloudFormation stack outputs are read from AWS at deploy time',
  s3: 'S3 objects are read from AWS at deploy time',
  secretsmanager: 'Secrets Manager values are read from AWS at deploy time',
  construct: 'serverless-lift constructs are resolved by the plugin',
  terraform: 'Terraform outputs are read by the framework at deploy time',
  vault: 'Vault secrets are read at deploy time',
  doppler: 'Doppler secrets are read at deploy time',
  git: 'git metadata is read from the working copy at deploy time',
};

class CycleSignal extends Error {
  constructor(readonly path: DocPath) {
    super('cycle');
  }
}

interface Resolved {
  /** undefined = not found (a fallback may apply). */
  value: JsonValue | undefined;
  /** Where the value was written, when it came whole from another place. */
  origin?: Target;
  /** True when the value is a marker: stop trying fallbacks. */
  final?: boolean;
}

interface LoadedFile {
  value: JsonValue | undefined;
  table: LocationTable;
}

/** Is `${content}` a framework variable (as opposed to a CloudFormation `Fn::Sub` reference)? */
function isVariableContent(content: string): boolean {
  const c = content.trim();
  if (c.startsWith('${')) return true;
  return /^[A-Za-z][\w-]*(\([^)]*\))?:(?!:)/.test(c) || /^file\(/.test(c) || /^strToBool\(/.test(c);
}

/** Top-level `${...}` spans of a string (balanced braces). */
function spans(s: string): { start: number; end: number; content: string }[] {
  const out: { start: number; end: number; content: string }[] = [];
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('${', i);
    if (open < 0) break;
    let depth = 0;
    let j = open;
    for (; j < s.length; j++) {
      if (s[j] === '$' && s[j + 1] === '{') {
        depth++;
        j++;
      } else if (s[j] === '}') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) break; // unbalanced: leave the rest as text
    out.push({ start: open, end: j + 1, content: s.slice(open + 2, j) });
    i = j + 1;
  }
  return out;
}

/** Splits `a, 'b, c', ${d}` at top-level commas. */
function splitFallbacks(content: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < content.length; i++) {
    const ch = content[i]!;
    if (quote) {
      cur += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

function toText(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export class VariableResolver {
  private readonly memo = new Map<string, JsonValue>();
  private readonly inProgress = new Set<string>();
  private readonly fileCache = new Map<string, LoadedFile>();
  private readonly included = new Set<string>();
  private readonly filesInProgress = new Set<string>();
  private readonly reported = new Set<string>();
  private stageCache: string | undefined;
  private regionCache: string | undefined;
  private computingStage = false;
  private computingRegion = false;

  constructor(
    private readonly raw: JsonObject,
    readonly sourceMap: SourceMap,
    private readonly options: VariableOptions,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** The whole configuration, resolved. */
  resolveAll(): JsonObject {
    const v = this.resolveAt([]);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  }

  get stage(): string {
    if (this.stageCache !== undefined) return this.stageCache;
    if (this.options.stage) return (this.stageCache = this.options.stage);
    if (this.computingStage) return 'dev';
    this.computingStage = true;
    let s = 'dev';
    try {
      const v = this.lookupSelf(['provider', 'stage']).value;
      if (typeof v === 'string' && v.length > 0 && !hasUnresolvedMarker(v)) s = v;
    } catch (e) {
      if (!(e instanceof CycleSignal)) throw e;
    } finally {
      this.computingStage = false;
    }
    return (this.stageCache = s);
  }

  get region(): string {
    if (this.regionCache !== undefined) return this.regionCache;
    if (this.options.region) return (this.regionCache = this.options.region);
    if (this.computingRegion) return 'us-east-1';
    this.computingRegion = true;
    let r = 'us-east-1';
    try {
      const v = this.lookupSelf(['provider', 'region']).value;
      if (typeof v === 'string' && v.length > 0 && !hasUnresolvedMarker(v)) r = v;
    } catch (e) {
      if (!(e instanceof CycleSignal)) throw e;
    } finally {
      this.computingRegion = false;
    }
    return (this.regionCache = r);
  }

  // -- configuration tree -------------------------------------------------------------------

  private rawAt(path: DocPath): JsonValue | undefined {
    let cur: JsonValue | undefined = this.raw;
    for (const seg of path) {
      if (cur === null || typeof cur !== 'object') return undefined;
      if (Array.isArray(cur)) {
        const i = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : NaN;
        cur = Number.isInteger(i) ? cur[i] : undefined;
      } else {
        cur = Object.prototype.hasOwnProperty.call(cur, String(seg)) ? cur[String(seg)] : undefined;
      }
    }
    return cur;
  }

  /** Expanded size (nodes) of resolved values: shared references count each time they appear. */
  private readonly sizes = new WeakMap<object, number>();

  private sizeOf(v: JsonValue): number {
    if (typeof v === 'string') return 1 + Math.floor(v.length / 1024);
    if (v === null || typeof v !== 'object') return 1;
    const known = this.sizes.get(v);
    if (known !== undefined) return known;
    let n = 1;
    for (const c of Array.isArray(v) ? v : Object.values(v)) {
      n += this.sizeOf(c);
      if (n > MAX_RESOLVED_NODES) break;
    }
    this.sizes.set(v, n);
    return n;
  }

  /** A value over the budget becomes unresolved where it is built, with a diagnostic. */
  private budgeted(value: JsonValue, path: DocPath): JsonValue {
    if (this.sizeOf(value) <= MAX_RESOLVED_NODES) return value;
    this.report('error', 'variable-budget', `the value expands to more than ${MAX_RESOLVED_NODES} nodes (variables multiplying a list); it is unresolved`, { table: this.sourceMap.primary, path });
    return unresolvedMarker('budget', path.join('.'));
  }

  private resolveAt(path: DocPath): JsonValue {
    const key = LocationTable.key(path);
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    if (this.inProgress.has(key)) throw new CycleSignal(path);
    this.inProgress.add(key);
    let result: JsonValue;
    try {
      const raw = this.rawAt(path);
      if (typeof raw === 'string') result = this.resolveString(raw, { table: this.sourceMap.primary, path });
      else if (Array.isArray(raw)) result = raw.map((_, i) => this.resolveAt([...path, i]));
      else if (raw && typeof raw === 'object') {
        const obj: JsonObject = {};
        for (const k of Object.keys(raw)) setKey(obj, k, this.resolveAt([...path, k]));
        result = obj;
      } else result = raw === undefined ? null : raw;
      result = this.budgeted(result, path);
    } finally {
      this.inProgress.delete(key);
    }
    this.memo.set(key, result);
    return result;
  }

  /** `${self:a.b.c}`: walks the raw tree while it can (so sibling references are not cycles). */
  private lookupSelf(segs: DocPath): Resolved {
    const path: (string | number)[] = [];
    let node: JsonValue | undefined;
    let inRaw = true;
    for (const seg of segs) {
      if (inRaw) {
        const raw = this.rawAt(path);
        if (typeof raw === 'string') {
          node = this.resolveAt(path);
          inRaw = false;
        } else if (raw && typeof raw === 'object') {
          const next = this.rawAt([...path, seg]);
          if (next === undefined) return { value: undefined };
          path.push(Array.isArray(raw) ? Number(seg) : seg);
          continue;
        } else return { value: undefined };
      }
      if (node === null || node === undefined || typeof node !== 'object') return { value: undefined };
      node = Array.isArray(node) ? node[Number(seg)] : node[String(seg)];
    }
    if (inRaw) {
      if (this.rawAt(path) === undefined) return { value: undefined };
      return { value: this.resolveAt(path), origin: { table: this.sourceMap.primary, path } };
    }
    return { value: node };
  }

  // -- strings ------------------------------------------------------------------------------

  /** Resolves the variables in one string value written at `where`. */
  resolveString(s: string, where: Target): JsonValue {
    if (!s.includes('${')) return s;
    const found = spans(s).filter((sp) => isVariableContent(sp.content));
    if (found.length === 0) return s;
    if (found.length === 1 && found[0]!.start === 0 && found[0]!.end === s.length) {
      const r = this.resolveExpression(found[0]!.content, where);
      if (r.origin && r.value !== null && typeof r.value === 'object') this.sourceMap.redirect(where, r.origin);
      return r.value === undefined ? null : r.value;
    }
    let out = '';
    let at = 0;
    for (const sp of found) {
      out += s.slice(at, sp.start);
      const r = this.resolveExpression(sp.content, where);
      out += r.value === undefined ? '' : toText(r.value);
      at = sp.end;
    }
    return out + s.slice(at);
  }

  /** Content of one `${...}`: nested variables first, then sources and fallbacks in order. */
  private resolveExpression(content: string, where: Target, nested = false): Resolved {
    // Nested variables inside the expression (`${self:custom.${opt:stage}}`) resolve first; each
    // becomes a placeholder so that its value keeps its type when it stands as a whole fallback.
    const inners: (JsonValue | undefined)[] = [];
    let text = content;
    const inner = spans(text).filter((sp) => isVariableContent(sp.content));
    if (inner.length > 0) {
      let out = '';
      let at = 0;
      for (const sp of inner) {
        out += text.slice(at, sp.start);
        const r = this.resolveExpression(sp.content, where, true);
        out += `\u0000${inners.length}\u0000`;
        inners.push(r.value);
        at = sp.end;
      }
      text = out + text.slice(at);
    }
    const parts = splitFallbacks(text);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const isLast = i === parts.length - 1;
      let r: Resolved;
      const whole = /^\u0000(\d+)\u0000$/.exec(part);
      if (whole) {
        const v = inners[Number(whole[1])];
        r = { value: v === null ? undefined : v, final: typeof v === 'string' && hasUnresolvedMarker(v) };
      } else {
        const flat = part.replace(/\u0000(\d+)\u0000/g, (_, n: string) => {
          const v = inners[Number(n)];
          return v === undefined || v === null ? '' : toText(v);
        });
        r = this.resolvePart(flat, where, i > 0, parts.length > 1 && !isLast);
      }
      if (r.final) return r;
      if (r.value !== undefined && r.value !== null) return r;
    }
    if (nested) return { value: undefined };
    const first = parts[0] ?? content;
    this.report('warning', 'variable-not-found', `variable \${${content}} has no value and no fallback; it is left unresolved`, where);
    return { value: unresolvedMarker('notfound', first), final: true };
  }

  private resolvePart(part: string, where: Target, isFallback: boolean, hasFallback: boolean): Resolved {
    if (hasUnresolvedMarker(part) && !/^['"]/.test(part)) return { value: part, final: true };
    const quoted = /^(['"])([\s\S]*)\1$/.exec(part);
    if (quoted) return { value: quoted[2]! };
    if (isFallback) {
      if (/^-?\d+(\.\d+)?$/.test(part)) return { value: Number(part) };
      if (part === 'true' || part === 'false') return { value: part === 'true' };
      if (part === 'null') return { value: undefined };
    }
    const fileMatch = /^file\((.*?)\)(?::(.*))?$/s.exec(part);
    if (fileMatch) return this.resolveFile(fileMatch[1]!.trim().replace(/^['"]|['"]$/g, ''), (fileMatch[2] ?? '').trim(), where, hasFallback);
    const boolMatch = /^strToBool\((.*)\)$/s.exec(part);
    if (boolMatch) {
      const v = boolMatch[1]!.trim().replace(/^['"]|['"]$/g, '');
      return { value: ['true', '1'].includes(v.toLowerCase()) };
    }
    const m = /^([A-Za-z][\w-]*)(?:\(([^)]*)\))?:(.*)$/s.exec(part);
    if (!m) {
      if (isFallback) return { value: part }; // a bare literal fallback
      this.report('warning', 'variable-invalid', `\${${part}} is not a valid variable`, where);
      return { value: unresolvedMarker('invalid', part), final: true };
    }
    const source = m[1]!;
    const address = m[3]!.trim();
    switch (source) {
      case 'self':
        return this.resolveSelf(address, where);
      case 'opt':
        if (address === 'stage') return { value: this.options.stage };
        if (address === 'region') return { value: this.options.region };
        return { value: undefined };
      case 'sls':
        if (address === 'stage') return { value: this.stage };
        if (address === 'instanceId') {
          this.report('info', 'variable-symbolic', '${sls:instanceId} changes on every deployment; kept symbolic', where);
          return { value: unresolvedMarker('sls', 'instanceId'), final: true };
        }
        return this.unresolvable(source, address, `\${sls:${address}} is not known offline`, where);
      case 'aws':
        if (address === 'region') return { value: this.region };
        if (address === 'accountId') return { value: PLACEHOLDER_ACCOUNT_ID };
        return this.unresolvable(source, address, `\${aws:${address}} is read from AWS at deploy time`, where);
      case 'param':
        return this.resolveParam(address);
      case 'env': {
        if (this.options.allowEnv) {
          const v = (this.options.env ?? process.env)[address];
          return { value: v === undefined ? undefined : v };
        }
        if (hasFallback) {
          this.report('info', 'variable-env-fallback', `\${env:${address}} is not read (environment variables are off); its fallback is used`, where);
          return { value: undefined };
        }
        return this.unresolvable(source, address, `\${env:${address}} is not read because environment variables are off (allow them with --allow-env)`, where);
      }
      default: {
        const reason = KNOWN_UNRESOLVABLE[source] ?? `'${source}' is not a variable source nightlight knows (a plugin's or a custom resolver?)`;
        return this.unresolvable(source, address, `\${${source}:${address}}: ${reason}`, where);
      }
    }
  }

  private unresolvable(source: string, address: string, message: string, where: Target): Resolved {
    this.report('warning', 'variable-unresolved', `${message}; the value is unresolved`, where);
    return { value: unresolvedMarker(source, address), final: true };
  }

  private resolveSelf(address: string, where: Target): Resolved {
    const segs = address.length === 0 ? [] : address.split('.').map((s) => s.trim());
    try {
      const r = this.lookupSelf(segs);
      if (r.value === undefined || r.value === null) {
        if (address === 'provider.stage') return { value: this.stage };
        if (address === 'provider.region') return { value: this.region };
        if (address === 'service.name' || address === 'service') {
          const svc = this.rawAt(['service']);
          if (svc && typeof svc === 'object' && !Array.isArray(svc)) return this.resolveSelf('service.name', where);
        }
      }
      if (address === 'service' && r.value && typeof r.value === 'object' && !Array.isArray(r.value)) {
        const name = r.value['name'];
        return { value: name === undefined ? undefined : name };
      }
      return r;
    } catch (e) {
      if (!(e instanceof CycleSignal)) throw e;
      this.report('warning', 'variable-cycle', `\${self:${address}} refers back to itself (a cycle through ${e.path.join('.') || 'the root'}); left unresolved`, where);
      return { value: unresolvedMarker('cycle', `self:${address}`), final: true };
    }
  }

  private resolveParam(name: string): Resolved {
    if (Object.prototype.hasOwnProperty.call(this.options.params, name)) return { value: this.options.params[name]! };
    for (const scope of [this.stage, 'default']) {
      const r = this.lookupSelf(['params', scope, name]);
      if (r.value !== undefined && r.value !== null) return r;
    }
    return { value: undefined };
  }

  private resolveFile(pathText: string, address: string, where: Target, hasFallback: boolean): Resolved {
    if (pathText.length === 0 || hasUnresolvedMarker(pathText)) {
      return this.unresolvable('file', pathText, `\${file(${pathText})}: the file name could not be resolved`, where);
    }
    const abs = isAbsolute(pathText) ? pathText : resolve(this.options.configDir, pathText);
    const rootAbs = resolve(this.options.root);
    let real = abs;
    try {
      if (existsSync(abs)) real = realpathSync(abs);
    } catch {
      /* keep abs */
    }
    let rootReal = rootAbs;
    try {
      rootReal = realpathSync(rootAbs);
    } catch {
      /* keep */
    }
    if (!isWithin(rootAbs, abs) || !isWithin(rootReal, real)) {
      this.report('error', 'variable-file-outside-root', `\${file(${pathText})} points outside the scanned directory; not read`, where);
      return { value: unresolvedMarker('file', pathText), final: true };
    }
    const rel = toPosix(relative(rootAbs, abs));
    const ext = extname(abs).toLowerCase();
    if (['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'].includes(ext)) {
      return this.unresolvable('file', pathText, `\${file(${pathText})} is JavaScript/TypeScript, which nightlight never runs`, where);
    }
    if (!existsSync(abs)) {
      if (hasFallback) return { value: undefined };
      this.report('warning', 'variable-file-missing', `\${file(${pathText})}: ${rel} does not exist; the value is unresolved`, where);
      return { value: unresolvedMarker('file', pathText), final: true };
    }
    if (this.filesInProgress.has(abs)) {
      this.report('warning', 'variable-cycle', `\${file(${pathText})} includes itself; left unresolved`, where);
      return { value: unresolvedMarker('cycle', `file(${pathText})`), final: true };
    }
    const loaded = this.loadFile(abs, rel, ext);
    if (loaded.value === undefined) return { value: unresolvedMarker('file', pathText), final: true };
    this.filesInProgress.add(abs);
    let value: JsonValue;
    try {
      value = this.resolveDetached(loaded.value, { table: loaded.table, path: [] });
    } finally {
      this.filesInProgress.delete(abs);
    }
    const segs = address.length === 0 ? [] : address.split('.').map((s) => s.trim());
    let cur: JsonValue | undefined = value;
    for (const seg of segs) {
      if (cur === null || cur === undefined || typeof cur !== 'object') {
        cur = undefined;
        break;
      }
      cur = Array.isArray(cur) ? cur[Number(seg)] : cur[seg];
    }
    return { value: cur, origin: { table: loaded.table, path: segs } };
  }

  /** Files read through `${file()}` (relative to the scanned root, sorted): parts of this service. */
  includedFiles(): string[] {
    return [...this.included].sort();
  }

  private loadFile(abs: string, rel: string, ext: string): LoadedFile {
    const cached = this.fileCache.get(abs);
    if (cached) return cached;
    this.included.add(rel);
    const local: Diagnostic[] = [];
    const text = readText(abs, rel, this.options.files, local);
    let result: LoadedFile;
    if (text === null) {
      this.diagnostics.push(...local);
      result = { value: undefined, table: new LocationTable(rel) };
    } else {
      const parsed = ext === '.json' ? parseJson(text.text, rel, this.options.parse) : parseYaml(text.text, rel, this.options.parse);
      this.diagnostics.push(...parsed.diagnostics);
      result = { value: parsed.value, table: parsed.locations };
    }
    this.fileCache.set(abs, result);
    return result;
  }

  /** Resolves every string of a value that is not part of the configuration tree (file contents). */
  private resolveDetached(value: JsonValue, where: Target, depth = 0): JsonValue {
    if (depth > this.options.parse.maxDepth) return null;
    if (typeof value === 'string') return this.resolveString(value, where);
    if (Array.isArray(value)) return value.map((v, i) => this.resolveDetached(v, { table: where.table, path: [...where.path, i] }, depth + 1));
    if (value && typeof value === 'object') {
      const obj: JsonObject = {};
      for (const [k, v] of Object.entries(value)) setKey(obj, k, this.resolveDetached(v, { table: where.table, path: [...where.path, k] }, depth + 1));
      return obj;
    }
    return value;
  }

  private report(level: Diagnostic['level'], code: string, message: string, where: Target): void {
    const location = where.table.locate(where.path);
    const key = `${code}\u0001${message}\u0001${location.file}:${location.line}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({ level, code, message: `${location.file}:${location.line}: ${message}`, location });
  }
}

export function configDirOf(abs: string): string {
  return dirname(abs);
}
