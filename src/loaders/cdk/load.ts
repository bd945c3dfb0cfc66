/**
 * CDK cloud assemblies (`cdk.out/`) into LoadedTemplates. The synthesized templates are plain
 * CloudFormation; this loader finds them through manifest.json (stacks, nested stacks), keeps the
 * `aws:cdk:path` metadata (the construct path findings can show), and records where an asset
 * folder holds a function's code. It never runs `cdk synth`.
 */
import { posix } from 'node:path';
import type { Diagnostic, JsonObject, JsonValue, LoadedTemplate } from '../../model/types.js';
import { parseJson, type ParseLimits, DEFAULT_PARSE_LIMITS } from '../cloudformation/parse.js';
import { isTemplateBody } from '../cloudformation/load.js';
import { SKIPPED_DIRS, type ScanRoot } from '../files.js';

/** Scan-relative folder or file that holds a function's code (asset folders, resolved). */
export const CODE_PATH_KEY = 'nightlight:code-path';
/** The construct path CDK records on each resource. */
export const CDK_PATH_KEY = 'aws:cdk:path';

export interface CdkOptions {
  parse: ParseLimits;
  /** Folder depth searched for cdk.out folders. */
  maxDepth: number;
}

export const DEFAULT_CDK_OPTIONS: CdkOptions = { parse: DEFAULT_PARSE_LIMITS, maxDepth: 12 };

function isObj(v: JsonValue | undefined): v is JsonObject {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function rel(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

/**
 * Cloud assembly folders under the scan root (scan-relative, sorted): `cdk.out` folders, and any
 * folder whose manifest.json says it is one. Follows symbolic links only while they stay inside
 * the tree (each real folder once); skips node_modules and VCS folders.
 */
export function discoverCdkOut(scan: ScanRoot, options: Partial<CdkOptions> = {}): string[] {
  const maxDepth = options.maxDepth ?? DEFAULT_CDK_OPTIONS.maxDepth;
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dirRel: string, depth: number) => {
    if (depth > maxDepth) return;
    const r = scan.resolve(scan.abs(dirRel));
    if ('refused' in r || seen.has(r.real)) return;
    seen.add(r.real);
    const names = scan.list(scan.abs(dirRel));
    if (!names) return;
    if (names.includes('manifest.json') && (dirRel.endsWith('cdk.out') || dirRel === 'cdk.out' || names.some((n) => n.endsWith('.template.json')))) {
      out.push(dirRel);
      return;
    }
    for (const n of names) {
      if (n !== 'cdk.out' && (SKIPPED_DIRS.has(n) || n.startsWith('.'))) continue;
      const p = rel(dirRel, n);
      if (scan.entry(scan.abs(p)) === 'dir') walk(p, depth + 1);
    }
  };
  walk('.', 0);
  return out;
}

/** A scan-relative path named by a manifest, when it stays inside the tree; null otherwise. */
function insidePath(scan: ScanRoot, base: string, name: string): string | null {
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name) || name.includes('\0')) return null;
  const p = posix.normalize(rel(base, name));
  if (p === '..' || p.startsWith('../') || p.startsWith('/')) return null;
  const r = scan.resolve(scan.abs(p));
  return 'refused' in r && r.refused === 'outside' ? null : p;
}

/**
 * Loads every stack template (and nested stack template) of one cloud assembly folder. A
 * `directoryName` or `templateFile` that leads outside the scanned tree is refused with a
 * diagnostic; nested assemblies are read once each, at most `maxDepth` deep.
 */
export function loadCdkOut(scan: ScanRoot, assemblyDir: string, options: Partial<CdkOptions>, diagnostics: Diagnostic[], visited: Set<string> = new Set()): LoadedTemplate[] {
  const opts = { ...DEFAULT_CDK_OPTIONS, ...options };
  if (visited.has(assemblyDir) || visited.size > 1000) return [];
  visited.add(assemblyDir);
  const manifestFile = rel(assemblyDir, 'manifest.json');
  /** Scan-relative template files. */
  const templates: string[] = [];
  const nested: LoadedTemplate[] = [];
  const text = scan.readText(scan.abs(manifestFile), manifestFile, diagnostics);
  if (text) {
    const parsed = parseJson(text.text, manifestFile, opts.parse);
    diagnostics.push(...parsed.diagnostics);
    const artifacts = isObj(parsed.value) ? parsed.value['artifacts'] : undefined;
    if (isObj(artifacts)) {
      for (const name of Object.keys(artifacts).sort()) {
        const a = artifacts[name];
        if (!isObj(a)) continue;
        const props = a['properties'];
        const refuse = (key: string) => {
          const location = parsed.locations.locate(['artifacts', name, 'properties', key]);
          diagnostics.push({ level: 'error', code: 'outside-root', message: `${manifestFile}:${location.line}: artifact "${name}": ${key} leads outside the scanned directory; not read`, location });
        };
        if (a['type'] === 'aws:cloudformation:stack' && isObj(props) && typeof props['templateFile'] === 'string') {
          const t = insidePath(scan, assemblyDir, props['templateFile']);
          if (t === null) refuse('templateFile');
          else if (!templates.includes(t)) templates.push(t);
        }
        if (a['type'] === 'cdk:cloud-assembly' && isObj(props) && typeof props['directoryName'] === 'string') {
          // nested assemblies (CDK Stages)
          const d = insidePath(scan, assemblyDir, props['directoryName']);
          if (d === null) refuse('directoryName');
          else if (d.split('/').length - 1 <= opts.maxDepth * 4) for (const t of loadCdkOut(scan, d, opts, diagnostics, visited)) nested.push(t);
        }
      }
    }
  }
  // templates not named by the manifest (nested stacks, or a manifest that could not be read)
  for (const n of scan.list(scan.abs(assemblyDir)) ?? []) if (n.endsWith('.template.json') && !templates.includes(rel(assemblyDir, n))) templates.push(rel(assemblyDir, n));
  const out: LoadedTemplate[] = [];
  for (const t of templates) {
    const loaded = loadCdkTemplate(scan, t, opts, diagnostics);
    if (loaded) out.push(loaded);
  }
  return [...out, ...nested];
}

/**
 * Loads one synthesized template as format 'cdk'. Asset metadata (`aws:asset:path`, relative to
 * the assembly folder) becomes `Metadata['nightlight:code-path']`, relative to the scanned folder.
 */
export function loadCdkTemplate(scan: ScanRoot, file: string, options: Partial<CdkOptions>, diagnostics: Diagnostic[]): LoadedTemplate | null {
  const opts = { ...DEFAULT_CDK_OPTIONS, ...options };
  const text = scan.readText(scan.abs(file), file, diagnostics);
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
    if (scan.isDir(scan.abs(p)) || /\.(zip|jar|py|js|mjs|ts)$/.test(p)) meta[CODE_PATH_KEY] = p;
  }
  return { file, format: 'cdk', body, locate: (path) => parsed.locations.locate(path) };
}
