/**
 * Robustness figures on real templates: `npm run corpus [format...]`.
 * Loads every file of ../shared/corpus/<folder> on its own and prints, per format: files, files
 * loaded, functions, entry points, unresolved values, diagnostics, internal errors and crashes.
 */
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../src/api.js';
import { isUnresolved } from '../src/model/types.js';

export const CORPUS = new URL('../../shared/corpus/', import.meta.url).pathname;

export interface CorpusFigures {
  format: string;
  files: number;
  loaded: number;
  functions: number;
  entryPoints: number;
  unresolved: number;
  errors: number;
  warnings: number;
  internalErrors: number;
  crashes: number;
  crashed: string[];
  withErrors: string[];
}

function walk(dir: string, accept: (p: string) => boolean, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, accept, out);
    else if (accept(p)) out.push(p);
  }
  return out;
}

/** The units scanned for a format: files, or (Terraform) folders holding .tf files. */
export function corpusUnits(format: string): string[] {
  switch (format) {
    case 'sam':
      return walk(join(CORPUS, 'sam'), (p) => /\.(ya?ml|json|template)$/.test(p));
    case 'cdk':
      return walk(join(CORPUS, 'cdk'), (p) => p.endsWith('.json'));
    case 'serverless':
      return walk(join(CORPUS, 'serverless-framework'), (p) => /\.(ya?ml|json)$/.test(p));
    case 'terraform': {
      const dirs = new Set(walk(join(CORPUS, 'terraform'), (p) => p.endsWith('.tf')).map((p) => join(p, '..')));
      return [...dirs].sort();
    }
    default:
      throw new Error(`unknown corpus format ${format}`);
  }
}

function countUnresolved(v: unknown, depth = 0): number {
  if (depth > 40) return 0;
  if (isUnresolved(v)) return 1;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countUnresolved(x, depth + 1), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + countUnresolved(x, depth + 1), 0);
  return 0;
}

export async function corpusFigures(format: string): Promise<CorpusFigures> {
  const f: CorpusFigures = { format, files: 0, loaded: 0, functions: 0, entryPoints: 0, unresolved: 0, errors: 0, warnings: 0, internalErrors: 0, crashes: 0, crashed: [], withErrors: [] };
  for (const unit of corpusUnits(format)) {
    f.files++;
    try {
      const r = await analyze({ root: unit });
      if (r.inputs.length > 0) f.loaded++;
      f.functions += r.model.functions.length;
      f.entryPoints += r.model.entryPoints.length;
      f.unresolved += countUnresolved(r.model.functions) + countUnresolved(r.model.entryPoints.map((e) => e.principal.kind === 'unresolved' ? { unresolved: true, reason: '' } : null));
      const errs = r.diagnostics.filter((d) => d.level === 'error');
      f.errors += errs.length;
      f.warnings += r.diagnostics.filter((d) => d.level === 'warning').length;
      f.internalErrors += r.diagnostics.filter((d) => d.code === 'internal-error').length;
      if (errs.length) f.withErrors.push(relative(CORPUS, unit));
    } catch (err) {
      f.crashes++;
      f.crashed.push(`${relative(CORPUS, unit)}: ${(err as Error).stack ?? err}`);
    }
  }
  return f;
}

async function main() {
  const formats = process.argv.slice(2).length ? process.argv.slice(2) : ['sam', 'cdk', 'serverless', 'terraform'];
  if (!existsSync(CORPUS)) {
    console.error(`corpus not found at ${CORPUS}`);
    process.exit(2);
  }
  const rows: CorpusFigures[] = [];
  for (const fmt of formats) rows.push(await corpusFigures(fmt));
  console.log('format       files  loaded  functions  entry points  unresolved  errors  warnings  internal  crashes');
  for (const r of rows) {
    console.log(`${r.format.padEnd(12)} ${String(r.files).padStart(5)}  ${String(r.loaded).padStart(6)}  ${String(r.functions).padStart(9)}  ${String(r.entryPoints).padStart(12)}  ${String(r.unresolved).padStart(10)}  ${String(r.errors).padStart(6)}  ${String(r.warnings).padStart(8)}  ${String(r.internalErrors).padStart(8)}  ${String(r.crashes).padStart(7)}`);
  }
  for (const r of rows) {
    if (r.withErrors.length) console.log(`\n${r.format}: files with error diagnostics:\n  ${r.withErrors.join('\n  ')}`);
    if (r.crashed.length) console.log(`\n${r.format}: CRASHES:\n  ${r.crashed.join('\n  ')}`);
  }
  if (rows.some((r) => r.crashes > 0 || r.internalErrors > 0)) process.exitCode = 1;
}

if (process.argv[1]?.endsWith('corpus.ts')) await main();
