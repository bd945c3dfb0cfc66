/**
 * All loaders behind one call: discover the files under a root and turn each into
 * CloudFormation-shaped LoadedTemplates. Every failure is a diagnostic; nothing throws.
 */
import type { Diagnostic, LoadedTemplate } from '../model/types.js';
import { discover, ScanRoot, type Candidate } from './files.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './cloudformation/parse.js';
import { isCachedParse, loadCloudFormation, prepareCloudFormation, type LoadOptions, type PreparedCandidate } from './cloudformation/load.js';
import { parseInPool, poolSize } from './pool.js';
import { loadServerless } from './serverless/load.js';
import { expandSam, loadSamPolicyTemplates, type SamPolicyTemplates } from './sam/expand.js';
import { loadTerraform } from './terraform/load.js';
import { loadZappa } from './zappa/load.js';
import { loadTerraformPlan } from './terraform/plan.js';
import { discoverCdkOut, loadCdkOut } from './cdk/load.js';
import type { ScanCache } from './cache.js';
import { dict } from '../model/types.js';

export interface LoadAllOptions {
  /** Directory (or single template file) to scan. */
  root: string;
  /** The file boundary of the scan (default: the root, 20 MB per file). */
  scan?: ScanRoot;
  /** Serverless Framework `--stage` / `--region`, and `--param` values (also Terraform `-var`). */
  stage?: string;
  region?: string;
  params?: Record<string, string>;
  /** Terraform `.tfvars` files, relative to the root. */
  varFiles?: string[];
  /** Let Serverless `${env:...}` and Terraform `TF_VAR_*` read the environment (off by default: scans must not depend on it). */
  allowEnv?: boolean;
  parse?: Partial<ParseLimits>;
  /** The on-disk cache of incremental runs (parsed templates), or null/absent for none. */
  cache?: ScanCache | null;
  /** Threads parsing templates (src/loaders/pool.ts): 0 for none; default 'auto' (one per core for large scans). */
  workers?: number | 'auto';
  /** Progress messages for long scans (the CLI's stderr line). */
  progress?: (message: string) => void;
}

export interface LoadAllResult {
  templates: LoadedTemplate[];
  diagnostics: Diagnostic[];
}

let samPolicyTemplates: SamPolicyTemplates | null = null;
function samTemplates(): SamPolicyTemplates {
  return (samPolicyTemplates ??= loadSamPolicyTemplates());
}

/**
 * A YAML/JSON file that is neither named serverless.yml nor a template, but has a service and a
 * provider. The file is read as the CloudFormation loader reads it, and the read is kept in `read`
 * for that loader (each file is read once).
 */
function looksLikeServerless(c: Candidate, cfnOptions: LoadOptions, read: Map<Candidate, PreparedCandidate>): boolean {
  const name = c.file.split('/').pop()!.toLowerCase();
  if (/^template\.|\.template\./.test(name) || !/\.(ya?ml|json)$/i.test(name)) return false;
  // Refusals are reported by the loader that reads the file next (from `read`, or again for a service).
  const prepared = prepareCloudFormation(c, cfnOptions);
  read.set(c, prepared);
  const head = prepared.text?.text.slice(0, 200_000);
  return !!head && /^["']?service["']?\s*:/m.test(head) && /^["']?provider["']?\s*:/m.test(head) && !/AWSTemplateFormatVersion/.test(head);
}

/** `TF_VAR_*` of the environment (read only with --allow-env). */
function tfVarEnv(): Record<string, string> {
  const out: Record<string, string> = dict();
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('TF_VAR_') && v !== undefined) out[k] = v;
  return out;
}

function internalError(file: string, err: unknown): Diagnostic {
  return { level: 'error', code: 'internal-error', message: `${file}: could not be loaded (${(err as Error)?.message ?? String(err)})`, location: { file, line: 1, column: 1 } };
}

/**
 * The first pass when the worker pool is used: every CloudFormation candidate is read here (through
 * the scan's boundary) and the texts to parse are parsed on the pool's threads. Empty (each
 * candidate is then read and parsed in turn) when the pool is not used.
 */
async function prepareTemplates(list: Candidate[], cfnOptions: LoadOptions, options: LoadAllOptions, read: Map<Candidate, PreparedCandidate>): Promise<Map<Candidate, PreparedCandidate>> {
  const out = new Map<Candidate, PreparedCandidate>();
  if (options.workers === 0 || list.length < 2) return out;
  let bytes = 0;
  for (const c of list) {
    const p = read.get(c) ?? prepareCloudFormation(c, cfnOptions);
    out.set(c, p);
    if (p.isJson !== null) bytes += p.text?.bytes ?? 0;
  }
  const todo = list.filter((c) => out.get(c)!.isJson !== null && !isCachedParse(c, out.get(c)!, cfnOptions));
  const size = poolSize(options.workers, todo.length, bytes);
  if (size === 0) return out;
  options.progress?.(`parsing ${todo.length} templates on ${size} threads`);
  const results = await parseInPool(
    todo.map((c) => {
      const p = out.get(c)!;
      return { file: c.file, text: p.text!.text, isJson: p.isJson!, limits: cfnOptions.parse };
    }),
    size,
    (done) => options.progress?.(`parsed ${done}/${todo.length} templates`),
  );
  todo.forEach((c, i) => (out.get(c)!.parsed = results[i] ?? null));
  return out;
}

export async function loadAll(options: LoadAllOptions): Promise<LoadAllResult> {
  const diagnostics: Diagnostic[] = [];
  const files = options.scan ?? new ScanRoot(options.root);
  const parse = { ...DEFAULT_PARSE_LIMITS, ...options.parse };
  const templates: LoadedTemplate[] = [];
  const candidates = discover(files, diagnostics);
  const isFileRoot = files.file !== null;
  const scanRoot = files.dir;
  const serverlessOptions = { root: scanRoot, params: options.params ?? {}, allowEnv: options.allowEnv ?? false, files, parse, ...(options.stage ? { stage: options.stage } : {}), ...(options.region ? { region: options.region } : {}) };

  const cfnOptions = { files, parse, cache: options.cache ?? null };
  // CloudFormation candidates as read while looking for Serverless services (each is read once).
  const read = new Map<Candidate, PreparedCandidate>();
  // Serverless services first: the files they pull in with ${file()} are parts of them, not stacks.
  const isService = (c: Candidate) => c.kind === 'serverless' || (c.kind === 'cloudformation' && looksLikeServerless(c, cfnOptions, read));
  const services = candidates.filter(isService);
  const serviceSet = new Set(services);
  const parts = new Set<string>();
  for (const c of services) {
    try {
      const t = loadServerless({ ...c, kind: 'serverless' }, serverlessOptions, diagnostics);
      if (t) templates.push(t);
      for (const f of t?.includes ?? []) parts.add(f);
    } catch (err) {
      diagnostics.push(internalError(c.file, err));
    }
  }
  for (const c of services) read.delete(c);
  const prepared = await prepareTemplates(
    candidates.filter((c) => c.kind === 'cloudformation' && !serviceSet.has(c) && !parts.has(c.file)),
    cfnOptions,
    options,
    read,
  );
  for (const c of candidates) {
    if (serviceSet.has(c) || parts.has(c.file)) {
      read.delete(c);
      continue;
    }
    try {
      if (c.kind === 'zappa') {
        const t = loadZappa(c, { files, parse, ...(options.stage ? { stage: options.stage } : {}) }, diagnostics);
        if (t) templates.push(t);
      } else if (c.kind === 'cloudformation') {
        const ahead = prepared.get(c) ?? read.get(c);
        prepared.delete(c);
        read.delete(c);
        const t = loadCloudFormation(c, cfnOptions, diagnostics, ahead);
        if (t) templates.push(t.format === 'sam' ? expandSam(t, { policyTemplates: samTemplates() }, diagnostics) : t);
        else if (/\.json$/i.test(c.file)) {
          const plan = loadTerraformPlan(c, files, diagnostics);
          if (plan) templates.push(plan);
        }
      }
    } catch (err) {
      diagnostics.push(internalError(c.file, err));
    }
  }

  const tf = candidates.filter((c) => c.kind === 'terraform');
  if (tf.length) {
    try {
      templates.push(...(await loadTerraform(scanRoot, isFileRoot ? tf.map((c) => ({ ...c, file: c.file })) : tf, { files, vars: options.params ?? {}, varFiles: options.varFiles ?? [], ...(options.allowEnv ? { env: tfVarEnv() } : {}) }, diagnostics)));
    } catch (err) {
      diagnostics.push(internalError(tf[0]!.file, err));
    }
  }

  if (!isFileRoot) {
    for (const dir of discoverCdkOut(files)) {
      try {
        templates.push(...loadCdkOut(files, dir, { parse }, diagnostics));
      } catch (err) {
        diagnostics.push(internalError(dir, err));
      }
    }
  }
  return { templates, diagnostics };
}
