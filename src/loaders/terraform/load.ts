/**
 * Terraform configurations into LoadedTemplates: each root module (a folder of `.tf` and `.tf.json`
 * files that no other folder calls as a module) becomes one CloudFormation-shaped template.
 *
 * hcl2json (HashiCorp's HCL parser as wasm) decides whether a file is valid HCL; nightlight's own
 * reader (hcl.ts) gives the syntax tree with offsets that evaluation and locations need; files in
 * Terraform's JSON syntax are read into the same tree (hcl-json.ts).
 */
import { posix } from 'node:path';
import type { Diagnostic, JsonObject, JsonValue, LoadedTemplate, SourceLocation } from '../../model/types.js';
import { MODULE_CALL_TYPE } from '../../model/modules.js';
import { cmp } from '../../model/order.js';
import { LocationTable } from '../cloudformation/parse.js';
import { LineIndex } from '../lines.js';
import { ScanRoot, type Candidate } from '../files.js';
import { archiveCode, type ArchiveCode } from './archive-code.js';
import { dataAttribute } from './data-sources.js';
import { evaluate, type EvalHost } from './eval.js';
import { HclSyntaxError, parseBody, parseExpression, type Body } from './hcl.js';
import { parseJsonAttributes, parseJsonBody } from './hcl-json.js';
import { HclJudge } from './hcl-judge.js';
import { ADDRESS_KEY, Emitter, computedAttribute, RESOURCE_TYPES } from './map.js';
import { ModuleInstance, type Instance, type ModuleContext, type ModuleResolution, type ModuleSource, type ParsedFile } from './module.js';
import { mapInstances } from './resources.js';
import { isOverrideFile, mergeOverrides } from './override.js';
import { EvalError, UNRESOLVED_KEY, Unknown, isObject, type V } from './values.js';

export { UNRESOLVED_KEY } from './values.js';
export { ADDRESS_KEY, CODE_PATH_KEY, MERGED_KEY } from './map.js';
export { PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION } from './data-sources.js';

export interface TerraformOptions {
  /** The file boundary (default: the scanned folder, 20 MB). */
  files?: ScanRoot;
  /** `-var name=value` values, as strings (parsed as HCL when the variable is not a string). */
  vars: Record<string, string>;
  /** `.tfvars` files, relative to the scanned directory, applied after terraform.tfvars and *.auto.tfvars. */
  varFiles: string[];
  /**
   * `TF_VAR_<name>` values, read only when the user lets the scan read the environment
   * (`--allow-env`); lowest precedence, as in Terraform.
   */
  env?: Record<string, string>;
  /** Upper bound on instances per count / for_each. */
  maxInstances: number;
  maxModuleDepth: number;
  /**
   * Maps a module source to a folder (relative to the scanned directory) before the default
   * resolution; return undefined to fall back. Lets a caller vendor modules elsewhere.
   */
  resolveModuleSource?: (callerDir: string, source: string) => string | undefined;
  /** Also check every file with hcl2json, not only those nightlight's reader rejects (slower). */
  validateAll?: boolean;
}

export const DEFAULT_TERRAFORM_OPTIONS: TerraformOptions = { vars: {}, varFiles: [], maxInstances: 50, maxModuleDepth: 10 };

/** Budgets of one root module's configuration, across all the modules it calls (docs/security.md). */
export const MAX_MODULE_INSTANCES = 2_000;
export const MAX_RESOURCE_INSTANCES = 20_000;

export interface TerraformStats {
  modules: number;
  resources: number;
  unmapped: number;
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '.' : file.slice(0, i);
}

function joinRel(dir: string, rel: string): string {
  return posix.normalize(dir === '.' ? rel : posix.join(dir, rel)).replace(/\/$/, '') || '.';
}

function outside(rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || rel.startsWith('/');
}

/** Reads and parses `.tf` files, with hcl2json as the judge of validity, and `.tf.json` files. */
class TerraformReader {
  private readonly modules = new Map<string, ModuleSource | null>();
  readonly scan: ScanRoot;
  /** hcl2json in a worker, started on the first file nightlight's reader rejects. */
  readonly judge = new HclJudge();
  constructor(
    readonly root: string,
    readonly options: TerraformOptions,
    readonly diagnostics: Diagnostic[],
  ) {
    this.scan = options.files ?? new ScanRoot(root);
  }

  abs(rel: string): string {
    return this.scan.abs(rel);
  }

  /** True when a scan-relative path resolves inside the scanned directory (symlinks included). */
  inside(rel: string): boolean {
    if (outside(rel)) return false;
    const r = this.scan.resolve(this.abs(rel));
    return !('refused' in r) || r.refused === 'missing'; // not there (yet): lexically inside is enough to name it
  }

  readRel(rel: string): string | null {
    if (outside(rel) || !this.scan.isFile(this.abs(rel))) return null;
    return this.scan.readText(this.abs(rel), rel, [])?.text ?? null;
  }

  async parseFile(file: string): Promise<ParsedFile | null> {
    const text = this.scan.readText(this.abs(file), file, this.diagnostics);
    if (text === null) return null;
    if (isJsonSyntax(file)) return this.parseJsonFile(file, text.text);
    const index = new LineIndex(text.text);
    let body: Body | null = null;
    let own: HclSyntaxError | null = null;
    try {
      body = parseBody(text.text);
    } catch (err) {
      if (!(err instanceof HclSyntaxError)) throw err;
      own = err;
    }
    // HashiCorp's parser (hcl2json) is the judge of validity. It is slow (Go compiled to wasm, tens
    // of milliseconds a file), so by default it is asked only about files nightlight's reader rejects.
    // Input too deep for nightlight's reader is not handed to the wasm parser either: its Go runtime
    // overflows too (and, in-process, would take the whole scan down).
    const tooDeep = own !== null && /too deeply/.test(own.message);
    if ((own && !tooDeep) || this.options.validateAll) {
      const verdict = await this.judge.check(file, text.text);
      if ('fault' in verdict) {
        const p = own ? index.position(own.offset) : { line: 1, column: 1 };
        this.diagnostics.push({ level: 'error', code: 'hcl-parser-fault', message: `${file}:${p.line}:${p.column}: the HCL parser failed on this file (${verdict.fault}); the file is skipped`, location: { file, ...p } });
        return null;
      }
      if ('error' in verdict) {
        const msg = verdict.error;
        const m = /:(\d+),(\d+)-[^:]*:\s*([^;\]]+)(?:;\s*([^\]]+))?/.exec(msg);
        const location: SourceLocation = m ? { file, line: Number(m[1]), column: Number(m[2]) } : own ? { file, ...index.position(own.offset) } : { file, line: 1, column: 1 };
        const what = m ? `${m[3]!.trim()}${m[4] ? `: ${m[4].trim()}` : ''}` : msg.replace(/^Error:\s*/, '');
        this.diagnostics.push({ level: 'error', code: 'hcl-syntax', message: `${file}:${location.line}:${location.column}: invalid HCL: ${what}`, location });
        return null;
      }
    }
    if (own || !body) {
      const p = index.position(own?.offset ?? 0);
      const location = { file, ...p };
      this.diagnostics.push({ level: 'warning', code: 'hcl-unsupported', message: `${file}:${p.line}:${p.column}: nightlight could not read this HCL (${own?.message ?? 'unknown error'}); the file is skipped`, location });
      return null;
    }
    return { file, text: text.text, index, body };
  }

  /** A `.tf.json` file: strict JSON, read per Terraform's JSON syntax (hcl-json.ts); a fault skips the file. */
  private parseJsonFile(file: string, text: string): ParsedFile | null {
    const index = new LineIndex(text);
    try {
      return { file, text, index, body: parseJsonBody(text) };
    } catch (err) {
      if (!(err instanceof HclSyntaxError)) throw err;
      const p = index.position(err.offset);
      this.diagnostics.push({ level: 'error', code: 'terraform-json-syntax', message: `${file}:${p.line}:${p.column}: invalid Terraform JSON syntax: ${err.message}; the file is skipped`, location: { file, ...p } });
      return null;
    }
  }

  /** The `.tf` and `.tf.json` files of a folder (relative to the scanned directory), parsed; null when there are none. */
  async module(dir: string, known?: string[]): Promise<ModuleSource | null> {
    if (this.modules.has(dir)) return this.modules.get(dir)!;
    let files = known;
    if (!files) {
      files = [];
      if (this.inside(dir)) {
        files = (this.scan.list(this.abs(dir)) ?? [])
          .filter((n) => n.endsWith('.tf') || n.endsWith('.tf.json'))
          .map((n) => (dir === '.' ? n : `${dir}/${n}`))
          .filter((f) => this.scan.isFile(this.abs(f)));
      }
    }
    if (files.length === 0) {
      this.modules.set(dir, null);
      return null;
    }
    // Override files (`override.tf`, `*_override.tf.json`) are merged into the blocks of the
    // other files, argument by argument (override.ts), never read as files of their own.
    const parsed: ParsedFile[] = [];
    const overrides: ParsedFile[] = [];
    for (const f of files) {
      const p = await this.parseFile(f);
      if (p) (isOverrideFile(f) ? overrides : parsed).push(p);
    }
    if (parsed.length === 0 && overrides.length > 0) {
      for (const o of overrides) this.diagnostics.push({ level: 'warning', code: 'terraform-override-missing', message: `${o.file}: a Terraform override file in a folder with no other Terraform file: nothing to override (Terraform refuses it); it is not read`, location: { file: o.file, line: 1, column: 1 } });
      this.modules.set(dir, null);
      return null;
    }
    const src = { dir, files: mergeOverrides(parsed, overrides, this.diagnostics) };
    this.modules.set(dir, src);
    return src;
  }

  cached(dir: string): ModuleSource | null {
    return this.modules.get(dir) ?? null;
  }
}

/** Static local module sources in a module (used to tell root modules from child modules, and to preload). */
function localSources(src: ModuleSource): string[] {
  const out: string[] = [];
  for (const f of src.files) {
    for (const b of f.body.blocks) {
      if (b.type !== 'module') continue;
      const s = b.body.attributes.find((a) => a.name === 'source');
      if (s && s.expr.k === 'lit' && typeof s.expr.value === 'string') out.push(s.expr.value);
    }
  }
  return out;
}

/** Terraform reads `.tf.json` (and `.tfvars.json`) files in its JSON syntax. */
function isJsonSyntax(file: string): boolean {
  return file.endsWith('.json');
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

function logicalIdOf(address: string): string {
  const id = address
    .replace(/\["([^"]*)"\]/g, '_$1')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
  return /^[A-Za-z]/.test(id) ? id : `R${id}`;
}

function shortHash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h.toString(36).toUpperCase();
}

interface ModuleManifestEntry {
  Key: string;
  Source: string;
  Dir: string;
}

/**
 * Loads every Terraform root module among the candidates (kind 'terraform'). Returns one
 * LoadedTemplate per root module; `file` is the module's folder.
 */
export async function loadTerraform(root: string, candidates: Candidate[], options: Partial<TerraformOptions>, diagnostics: Diagnostic[]): Promise<LoadedTemplate[]> {
  const opts: TerraformOptions = { ...DEFAULT_TERRAFORM_OPTIONS, ...options };
  const reader = new TerraformReader(root, opts, diagnostics);
  try {
    return await loadRootModules(reader, candidates, opts, diagnostics);
  } finally {
    reader.judge.close();
  }
}

async function loadRootModules(reader: TerraformReader, candidates: Candidate[], opts: TerraformOptions, diagnostics: Diagnostic[]): Promise<LoadedTemplate[]> {
  const byDir = new Map<string, string[]>();
  for (const c of candidates) {
    if (c.kind !== 'terraform') continue;
    const d = dirOf(c.file);
    if (!byDir.has(d)) byDir.set(d, []);
    byDir.get(d)!.push(c.file);
  }
  const dirs = [...byDir.keys()].sort();
  const calls = new Map<string, string[]>();
  for (const d of dirs) {
    const src = await reader.module(d, byDir.get(d)!.sort());
    if (!src) continue;
    const targets: string[] = [];
    for (const s of localSources(src)) {
      const mapped = opts.resolveModuleSource?.(d, s);
      const target = mapped ?? (isLocalSource(s) ? joinRel(d, s) : null);
      if (target && target !== d) targets.push(target);
    }
    calls.set(d, targets);
  }
  const out: LoadedTemplate[] = [];
  // One failing root module costs its own diagnostic, never the others.
  for (const d of rootModules(dirs, calls)) {
    try {
      const t = await loadRootModule(reader, d, opts, diagnostics);
      if (t) out.push(t);
    } catch (err) {
      const file = reader.cached(d)?.files[0]?.file ?? d;
      diagnostics.push({ level: 'error', code: 'terraform-evaluation', message: `${d}: the configuration could not be evaluated (${(err as Error)?.message ?? String(err)}); the other modules are scanned`, location: { file, line: 1, column: 1 } });
    }
  }
  return out;
}

/**
 * The folders to load as root modules: those no other folder calls, and, where folders call each
 * other in a cycle with no outside caller (a configuration Terraform itself would reject), the
 * first folder of each such cycle, so that its resources are still scanned (the module cycle is
 * reported when it is instantiated).
 */
export function rootModules(dirs: readonly string[], calls: ReadonlyMap<string, readonly string[]>): string[] {
  const called = new Set<string>();
  for (const targets of calls.values()) for (const t of targets) called.add(t);
  const roots = dirs.filter((d) => !called.has(d));
  const reached = new Set<string>();
  const visit = (d: string) => {
    if (reached.has(d)) return;
    reached.add(d);
    for (const t of calls.get(d) ?? []) visit(t);
  };
  roots.forEach(visit);
  for (const d of dirs) {
    if (reached.has(d)) continue;
    roots.push(d);
    visit(d);
  }
  return roots.sort();
}

/** Loads one folder as a root module. `dir` is relative to `root`. */
export async function loadTerraformDirectory(root: string, dir: string, options: Partial<TerraformOptions>, diagnostics: Diagnostic[]): Promise<LoadedTemplate | null> {
  const opts: TerraformOptions = { ...DEFAULT_TERRAFORM_OPTIONS, ...options };
  const reader = new TerraformReader(root, opts, diagnostics);
  try {
    return await loadRootModule(reader, dir, opts, diagnostics);
  } finally {
    reader.judge.close();
  }
}

async function loadRootModule(reader: TerraformReader, dir: string, opts: TerraformOptions, diagnostics: Diagnostic[]): Promise<LoadedTemplate | null> {
  const src = await reader.module(dir);
  if (!src || src.files.length === 0) return null;

  // Module manifest written by `terraform init`: registry and git modules already downloaded.
  const manifest = new Map<string, string>();
  const manifestText = reader.readRel(joinRel(dir, '.terraform/modules/modules.json'));
  if (manifestText) {
    try {
      const m = JSON.parse(manifestText) as { Modules?: ModuleManifestEntry[] };
      for (const e of m.Modules ?? []) if (e.Key && typeof e.Dir === 'string') manifest.set(e.Key, joinRel(dir, e.Dir));
    } catch {
      diagnostics.push({ level: 'warning', code: 'terraform-module-manifest', message: `${joinRel(dir, '.terraform/modules/modules.json')}: not valid JSON; downloaded modules are not followed` });
    }
  }

  // Preload every local module reachable from the root (module loading is asynchronous, evaluation is not).
  const resolve = (callerDir: string, source: string, callPath: string[]): ModuleResolution => {
    const mapped = opts.resolveModuleSource?.(callerDir, source);
    if (mapped !== undefined) return reader.cached(mapped) ? { kind: 'local', dir: mapped } : { kind: 'missing', dir: mapped };
    if (isLocalSource(source)) {
      const target = joinRel(callerDir, source);
      if (outside(target)) return { kind: 'remote', source };
      return reader.cached(target) ? { kind: 'local', dir: target } : { kind: 'missing', dir: target };
    }
    const fromManifest = manifest.get(callPath.join('.'));
    if (fromManifest && reader.cached(fromManifest)) return { kind: 'local', dir: fromManifest };
    return { kind: 'remote', source };
  };
  const queue: [string, string[]][] = [[dir, []]];
  const seen = new Set<string>();
  while (queue.length) {
    const [d, path] = queue.shift()!;
    if (seen.has(d) || path.length > opts.maxModuleDepth) continue;
    seen.add(d);
    const m = await reader.module(d);
    if (!m) continue;
    for (const f of m.files) {
      for (const b of f.body.blocks) {
        if (b.type !== 'module' || !b.labels[0]) continue;
        const s = b.body.attributes.find((a) => a.name === 'source');
        if (!s || s.expr.k !== 'lit' || typeof s.expr.value !== 'string') continue;
        const source = s.expr.value;
        const callPath = [...path, b.labels[0]];
        const mapped = opts.resolveModuleSource?.(d, source);
        const target = mapped ?? (isLocalSource(source) ? joinRel(d, source) : manifest.get(callPath.join('.')));
        if (target && !outside(target)) {
          await reader.module(target);
          queue.push([target, callPath]);
        }
      }
    }
  }

  const locs = new WeakMap<object, Map<string | number, SourceLocation>>();
  const host: EvalHost = {
    locs,
    readFile: (p) => {
      if (p.startsWith('/')) return null;
      return reader.readRel(joinRel(dir, p));
    },
    fileExists: (p) => !p.startsWith('/') && reader.readRel(joinRel(dir, p)) !== null,
  };

  const ids = new Map<string, string>();
  const usedIds = new Map<string, string>();
  const logicalId = (address: string): string => {
    let id = ids.get(address);
    if (id) return id;
    id = logicalIdOf(address);
    if (usedIds.has(id) && usedIds.get(id) !== address) id = `${id}${shortHash(address)}`;
    usedIds.set(id, address);
    ids.set(address, id);
    return id;
  };

  let instances: Instance[] = [];
  const ctx: ModuleContext = {
    host,
    rootDir: dir,
    diagnostics,
    maxInstances: opts.maxInstances,
    maxModuleDepth: opts.maxModuleDepth,
    budget: { maxModules: MAX_MODULE_INSTANCES, maxInstances: MAX_RESOURCE_INSTANCES, modules: 0, instances: 0, reported: false },
    loadModule: (d) => reader.cached(d),
    resolveModule: resolve,
    computedAttribute: (inst, name) => (RESOURCE_TYPES[inst.type] ? computedAttribute(inst.type, logicalId(inst.address), name) : undefined),
    dataAttribute: (inst, name) => dataAttribute(inst, name, locs),
  };

  const inputs = rootInputs(reader, src, dir, opts, diagnostics);
  const rootModule = new ModuleInstance(ctx, src, '', '.', inputs, 0, []);
  try {
    instances = rootModule.allInstances();
  } catch (err) {
    if (!(err instanceof EvalError) && !(err instanceof RangeError)) throw err;
    diagnostics.push({ level: 'error', code: 'terraform-evaluation', message: `${dir}: the configuration could not be evaluated (${err.message})`, location: { file: src.files[0]!.file, line: 1, column: 1 } });
    return null;
  }

  const table = new LocationTable(src.files[0]!.file);
  const archives = instances.filter((i) => i.decl.mode === 'data' && i.type === 'archive_file');
  const em = new Emitter({
    locs,
    table,
    logicalId: (inst) => logicalId(inst.address),
    codePath: (fn, inst) => codePath(fn, inst as Instance, archives, dir, reader),
    list: (rel) => (outside(rel) || !reader.inside(rel) ? null : reader.scan.list(reader.abs(rel))),
    read: (rel) => reader.readRel(rel),
    warn: (d) => diagnostics.push(d),
  });
  const { unmatched } = mapInstances(em, instances);
  // Module calls written in the scanned configuration (not those inside modules `terraform init`
  // downloaded), with their source and version: where the code the configuration deploys comes from.
  for (const { inst, loaded } of rootModule.moduleCalls()) {
    if (/(^|\/)\.terraform\//.test(inst.location.file)) continue;
    const o = em.resource(inst, MODULE_CALL_TYPE);
    o.copyAll([['Source', 'source'], ['Version', 'version']]);
    o.put(['Loaded'], loaded);
  }
  for (const inst of unmatched) {
    const l = inst.location;
    diagnostics.push({ level: 'info', code: 'terraform-unattached', message: `${l.file}:${l.line}: ${inst.address} attaches to a resource that is not in this configuration; not analysed`, location: l });
  }
  const body: JsonObject = {
    AWSTemplateFormatVersion: '2010-09-09',
    Metadata: { 'nightlight:terraform': { module: dir, files: src.files.map((f) => f.file) } },
    Resources: em.resources,
  };
  table.set([], { file: src.files[0]!.file, line: 1, column: 1 });
  reportUnsetVariables(src, dir, inputs, em.resources, diagnostics);
  return { file: dir, format: 'terraform', body, locate: (path) => table.locate(path) };
}

const UNSET_RE = /variable "([^"]+)" has no value/g;

/**
 * One warning per root module: the variables that have no value (no default, no tfvars, no
 * --var-file or --var) and the resources whose values they made unknown. References by address
 * do not depend on them (a name built from an unknown still names its resource).
 */
function reportUnsetVariables(src: ModuleSource, dir: string, inputs: Map<string, () => V>, resources: JsonObject, diagnostics: Diagnostic[]): void {
  const unset = new Map<string, { at: SourceLocation; made: Set<string> }>();
  for (const f of src.files) {
    for (const b of f.body.blocks) {
      const name = b.labels[0];
      if (b.type !== 'variable' || name === undefined || inputs.has(name) || b.body.attributes.some((a) => a.name === 'default')) continue;
      const p = f.index.position(b.start);
      unset.set(name, { at: { file: f.file, line: p.line, column: p.column }, made: new Set() });
    }
  }
  if (unset.size === 0) return;
  const walk = (v: JsonValue, address: string, depth: number): void => {
    if (depth > 64 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, address, depth + 1);
      return;
    }
    const reason = v[UNRESOLVED_KEY];
    if (typeof reason === 'string') for (const m of reason.matchAll(UNSET_RE)) unset.get(m[1]!)?.made.add(address);
    for (const x of Object.values(v)) walk(x, address, depth + 1);
  };
  for (const [id, raw] of Object.entries(resources)) {
    const res = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
    const meta = res['Metadata'];
    const address = meta && typeof meta === 'object' && !Array.isArray(meta) && typeof meta[ADDRESS_KEY] === 'string' ? (meta[ADDRESS_KEY] as string) : id;
    walk(res['Properties'] ?? null, address, 0);
  }
  const names = [...unset.keys()].sort();
  const parts = names.map((n) => {
    const made = [...unset.get(n)!.made].sort();
    return `${n} (${made.length ? `makes unknown: ${made.slice(0, 6).join(', ')}${made.length > 6 ? ` and ${made.length - 6} more` : ''}` : 'used by no analysed resource'})`;
  });
  const at = unset.get(names[0]!)!.at;
  diagnostics.push({
    level: 'warning',
    code: 'terraform-unset-variables',
    message: `${at.file}:${at.line}: module ${dir}: ${names.length} variable${names.length > 1 ? 's have' : ' has'} no value (no default, terraform.tfvars, *.auto.tfvars, --var-file or --param): ${parts.join('; ')}. Names and ARNs built from them are patterns; references by address still link`,
    location: at,
  });
}

function rootInputs(reader: TerraformReader, src: ModuleSource, dir: string, opts: TerraformOptions, diagnostics: Diagnostic[]): Map<string, () => V> {
  const values = new Map<string, V>();
  const constEnv = (file: string, index: LineIndex) => ({ file, index, host: { locs: new WeakMap(), readFile: () => null, fileExists: () => false }, lookup: () => undefined });
  for (const [k, v] of Object.entries(opts.env ?? {})) if (k.startsWith('TF_VAR_') && k.length > 7) values.set(k.slice(7), v);
  const varFiles: string[] = [];
  const names = reader.scan.list(reader.abs(dir)) ?? [];
  // Terraform's order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name
  for (const n of ['terraform.tfvars', 'terraform.tfvars.json']) if (names.includes(n)) varFiles.push(joinRel(dir, n));
  for (const n of [...names].sort(cmp)) if (n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')) varFiles.push(joinRel(dir, n));
  varFiles.push(...opts.varFiles);
  for (const vf of varFiles) {
    const text = reader.readRel(vf);
    if (text === null) {
      diagnostics.push({ level: 'warning', code: 'terraform-var-file', message: `${vf}: variable file not found in the scanned directory`, location: { file: vf, line: 1, column: 1 } });
      continue;
    }
    try {
      const body = isJsonSyntax(vf) ? parseJsonAttributes(text) : parseBody(text);
      const index = new LineIndex(text);
      for (const a of body.attributes) {
        try {
          values.set(a.name, evaluate(a.expr, constEnv(vf, index)));
        } catch (err) {
          if (!(err instanceof EvalError)) throw err;
          values.set(a.name, new Unknown(`${vf}: ${a.name}: ${err.message}`));
        }
      }
    } catch (err) {
      if (!(err instanceof HclSyntaxError)) throw err;
      const p = new LineIndex(text).position(err.offset);
      const what = isJsonSyntax(vf) ? 'invalid variable file' : 'invalid HCL';
      diagnostics.push({ level: 'error', code: isJsonSyntax(vf) ? 'terraform-json-syntax' : 'hcl-syntax', message: `${vf}:${p.line}:${p.column}: ${what}: ${err.message}`, location: { file: vf, ...p } });
    }
  }
  const declaredType = (name: string): string | null => {
    for (const f of src.files) {
      for (const b of f.body.blocks) {
        if (b.type !== 'variable' || b.labels[0] !== name) continue;
        const t = b.body.attributes.find((a) => a.name === 'type');
        return t && t.expr.k === 'var' ? t.expr.name : t ? 'complex' : null;
      }
    }
    return null;
  };
  for (const [name, raw] of Object.entries(opts.vars)) {
    const t = declaredType(name);
    let v: V = raw;
    if (t !== 'string') {
      try {
        v = evaluate(parseExpression(raw), constEnv('(--var)', new LineIndex(raw)));
      } catch {
        v = raw;
      }
      if (t === null && typeof v !== 'string' && !/^[[{0-9tf-]/.test(raw.trim())) v = raw;
    }
    values.set(name, v);
  }
  const inputs = new Map<string, () => V>();
  for (const [k, v] of values) inputs.set(k, () => v);
  return inputs;
}

/** The folder or file holding a function's code, relative to the scanned directory. */
function codePath(fn: Record<string, V>, inst: Instance, archives: Instance[], rootDir: string, reader: TerraformReader): string | ArchiveCode | null {
  const rel = (p: string): string | null => {
    const r = joinRel(rootDir, p);
    return outside(r) || !reader.inside(r) ? null : r;
  };
  const filename = fn['filename'];
  if (typeof filename === 'string') {
    const norm = posix.normalize(filename);
    for (const a of archives) {
      let out: V | undefined;
      try {
        out = a.configured('output_path');
      } catch {
        out = undefined;
      }
      if (typeof out !== 'string' || posix.normalize(out) !== norm) continue;
      // files written in the configuration (`source { content }`): the handler's file is the code
      const written = archiveCode(a, fn['handler'], fn['runtime'], rootDir, (r) => reader.readRel(r));
      if (written) return written;
      for (const key of ['source_dir', 'source_file']) {
        let s: V | undefined;
        try {
          s = a.configured(key);
        } catch {
          s = undefined;
        }
        // source_file zips one file at the archive's root: the handler is looked up beside it
        if (typeof s === 'string') return rel(key === 'source_file' ? posix.dirname(s) : s);
      }
    }
    // a folder, or a prebuilt package whose sources may sit beside it (the handler loader looks)
    return rel(filename);
  }
  // terraform-aws-modules/lambda and modules like it take the code folder as `source_path`
  let sp: V | null = null;
  try {
    sp = inst.module.inputs.has('source_path') ? inst.module.variable('source_path') : null;
  } catch {
    sp = null;
  }
  if (Array.isArray(sp)) sp = sp[0] ?? null;
  if (isObject(sp) && typeof sp['path'] === 'string') sp = sp['path'];
  if (typeof sp === 'string') return rel(sp);
  return null;
}

