/**
 * CDK cloud assemblies (`cdk.out/`) into LoadedTemplates. The synthesized templates are plain
 * CloudFormation; this loader finds them through manifest.json (stacks, nested stacks), keeps the
 * `aws:cdk:path` metadata (the construct path findings can show), and records where an asset
 * folder holds a function's code. It never runs `cdk synth`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Diagnostic, JsonObject, JsonValue, LoadedTemplate } from '../../model/types.js';
import { parseJson, type ParseLimits, DEFAULT_PARSE_LIMITS } from '../cloudformation/parse.js';
import { isTemplateBody } from '../cloudformation/load.js';
import { DEFAULT_FILE_LIMITS, readText, SKIPPED_DIRS, type FileLimits } from '../files.js';

/** Scan-relative folder or file that holds a function's code (asset folders, resolved). */
export const CODE_PATH_KEY = 'nightlight:code-path';
/** The construct path CDK records on each resource. */
export const CDK_PATH_KEY = 'aws:cdk:path';

export interface CdkOptions {
  files: FileLimits;
  parse: ParseLimits;
  /** Folder depth searched for cdk.out folders. */
  maxDepth: number;
}

export const DEFAULT_CDK_OPTIONS: CdkOptions = { files: DEFAULT_FILE_LIMITS, parse: DEFAULT_PARSE_LIMITS, maxDepth: 12 };

function isObj(v: JsonValue | undefined): v is JsonObject {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function rel(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

/**
 * Cloud assembly folders under root (scan-relative, sorted): `cdk.out` folders, and any folder
 * whose manifest.json says it is one. Follows no symbolic links; skips node_modules and VCS folders.
 */
export function discoverCdkOut(root: string, options: Partial<CdkOptions> = {}): string[] {
  const maxDepth = options.maxDepth ?? DEFAULT_CDK_OPTIONS.maxDepth;
  const out: string[] = [];
  const walk = (dirRel: string, depth: number) => {
    if (depth > maxDepth) return;
    let names: string[];
    try {
      names = readdirSync(dirRel === '.' ? root : join(root, dirRel)).sort();
    } catch {
      return;
    }
    if (names.includes('manifest.json') && (dirRel.endsWith('cdk.out') || dirRel === 'cdk.out' || names.some((n) => n.endsWith('.template.json')))) {
      out.push(dirRel);
      return;
    }
    for (const n of names) {
      if (n === 'cdk.out') {
        const p = rel(dirRel, n);
        if (isDir(join(root, p))) walk(p, depth + 1);
        continue;
      }
      if (SKIPPED_DIRS.has(n) || n.startsWith('.')) continue;
      const p = rel(dirRel, n);
      if (isDir(join(root, p))) walk(p, depth + 1);
    }
  };
  walk('.', 0);
  return out;
}

function isDir(abs: string): boolean {
  try {
    // lstat semantics: do not follow links out of the tree
    const st = statSync(abs, { throwIfNoEntry: false });
    return !!st && st.isDirectory();
  } catch {
    return false;
  }
}

/** Loads every stack template (and nested stack template) of one cloud assembly folder. */
export function loadCdkOut(root: string, assemblyDir: string, options: Partial<CdkOptions>, diagnostics: Diagnostic[]): LoadedTemplate[] {
  const opts = { ...DEFAULT_CDK_OPTIONS, ...options };
  const abs = (p: string) => join(root, ...p.split('/'));
  const manifestFile = rel(assemblyDir, 'manifest.json');
  const templates: string[] = [];
  const nested: LoadedTemplate[] = [];
  const text = readText(abs(manifestFile), manifestFile, opts.files, diagnostics);
  if (text) {
    const parsed = parseJson(text.text, manifestFile, opts.parse);
    diagnostics.push(...parsed.diagnostics);
    const artifacts = isObj(parsed.value) ? parsed.value['artifacts'] : undefined;
    if (isObj(artifacts)) {
      for (const name of Object.keys(artifacts).sort()) {
        const a = artifacts[name];
        if (!isObj(a)) continue;
        const props = a['properties'];
        if (a['type'] === 'aws:cloudformation:stack' && isObj(props) && typeof props['templateFile'] === 'string') templates.push(props['templateFile']);
        if (a['type'] === 'cdk:cloud-assembly' && isObj(props) && typeof props['directoryName'] === 'string') {
          // nested assemblies (CDK Stages)
          for (const t of loadCdkOut(root, rel(assemblyDir, props['directoryName']), opts, diagnostics)) nested.push(t);
        }
      }
    }
  }
  // templates not named by the manifest (nested stacks, or a manifest that could not be read)
  let names: string[] = [];
  try {
    names = readdirSync(abs(assemblyDir)).sort();
  } catch {
    names = [];
  }
  for (const n of names) if (n.endsWith('.template.json') && !templates.includes(n)) templates.push(n);
  const out: LoadedTemplate[] = [];
  for (const t of templates) {
    if (t.includes('..') || t.startsWith('/')) continue;
    const loaded = loadCdkTemplate(root, rel(assemblyDir, t), opts, diagnostics);
    if (loaded) out.push(loaded);
  }
  return [...out, ...nested];
}

/**
 * Loads one synthesized template as format 'cdk'. Asset metadata (`aws:asset:path`, relative to
 * the assembly folder) becomes `Metadata['nightlight:code-path']`, relative to the scanned folder.
 */
export function loadCdkTemplate(root: string, file: string, options: Partial<CdkOptions>, diagnostics: Diagnostic[]): LoadedTemplate | null {
  const opts = { ...DEFAULT_CDK_OPTIONS, ...options };
  const text = readText(join(root, ...file.split('/')), file, opts.files, diagnostics);
  if (!text) return null;
  const parsed = parseJson(text.text, file, opts.parse);
  diagnostics.push(...parsed.diagnostics);
  if (!isTemplateBody(parsed.value)) {
    if (parsed.diagnostics.every((d) => d.level !== 'error')) diagnostics.push({ level: 'warning', code: 'not-a-template', message: `${file}: not a CloudFormation template (no Resources with a Type); skipped`, location: { file, line: 1, column: 1 } });
    return null;
  }
  const body = parsed.value;
  const dir = posix.dirname(file);
  const resources = body['Resources'] as JsonObject;
  for (const id of Object.keys(resources)) {
    const r = resources[id];
    if (!isObj(r)) continue;
    const meta = r['Metadata'];
    if (!isObj(meta)) continue;
    const asset = meta['aws:asset:path'];
    if (typeof asset !== 'string' || asset.startsWith('/') || asset.includes('..')) continue;
    if (r['Type'] === 'AWS::CloudFormation::Stack') continue; // a nested stack template, loaded on its own
    const p = posix.normalize(rel(dir, asset));
    if (isDir(join(root, ...p.split('/'))) || /\.(zip|jar|py|js|mjs|ts)$/.test(p)) meta[CODE_PATH_KEY] = p;
  }
  return { file, format: 'cdk', body, locate: (path) => parsed.locations.locate(path) };
}
