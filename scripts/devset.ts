/**
 * What a user would see on the development set (../shared/devset): for each documented
 * weakness, is there a finding of a matching category on the matching resource? And is nothing
 * reported for the documented negatives? `npm run devset`.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../src/api.js';
import type { Finding } from '../src/model/findings.js';

const DEVSET = new URL('../../shared/devset/', import.meta.url).pathname;

/** The devset's coarse categories onto DESIGN.md categories that would report them. */
const CATEGORY_MAP: Record<string, string[]> = {
  'public-unauthenticated-entry': ['public-unauthenticated-entry', 'public-resource-policy', 'public-trigger'],
  'over-privileged-function': ['over-privileged-function', 'privilege-escalation', 'data-exfiltration', 'code-tampering', 'credentials-exposure', 'unused-permission', 'code-exposure'],
  'privilege-escalation': ['privilege-escalation', 'over-privileged-function', 'public-resource-policy', 'code-tampering'],
  'secrets-in-config': ['secrets-in-config', 'hardcoded-secret'],
  'missing-throttling': ['missing-throttling', 'denial-of-wallet', 'concurrency-starvation'],
  'denial-of-wallet': ['denial-of-wallet', 'missing-throttling', 'concurrency-starvation', 'timeout-mismatch'],
  'data-exposure': ['public-resource-policy', 'data-exfiltration', 'public-trigger'],
  'command-injection': ['command-injection'],
};

interface Vuln {
  id: string;
  title?: string;
  category: string;
  resource?: string | null;
  function?: string | null;
  iac_file?: string;
  iac_line?: number;
  expected_detectable?: boolean;
  detectable_from?: string;
}

function matches(f: Finding, v: Vuln): boolean {
  const cats = CATEGORY_MAP[v.category];
  if (cats && !cats.includes(f.category)) return false;
  const names = [v.resource, v.function].filter((x): x is string => typeof x === 'string' && !x.startsWith('(')).flatMap((x) => x.split(/,\s*/));
  // No resource named: the same line of the same file.
  if (names.length === 0) return v.iac_line !== undefined ? f.location.line === v.iac_line && (!v.iac_file || f.location.file.endsWith(v.iac_file)) : Boolean(cats);
  // The same place in the same file: a finding on a resource that another (a policy, an attachment) was folded into.
  if (v.iac_file && v.iac_line !== undefined && f.location.file.endsWith(v.iac_file) && Math.abs(f.location.line - v.iac_line) <= 25) return true;
  const hay = [f.resource, ...f.functions, f.message];
  return names.some((n) => hay.some((h) => h === n || h.includes(n) || (n.includes('.') && h.includes(n.split('.').slice(-2).join('.')))));
}

export async function devsetFigures(): Promise<{ app: string; expected: number; found: number; negatives: number; negativesClean: number; missed: string[] }[]> {
  const rows = [];
  for (const app of readdirSync(DEVSET).sort()) {
    const file = join(DEVSET, app, 'expected.json');
    if (!existsSync(file)) continue;
    const exp = JSON.parse(readFileSync(file, 'utf8')) as { vulnerabilities: Vuln[] };
    // Entries behind Terraform flags (`condition: var.x = true`) are measured with those flags set, as users would scan that configuration.
    const params: Record<string, string> = {};
    for (const v of exp.vulnerabilities) {
      const m = /var\.(\w+)\s*=\s*(\w+)/.exec((v as { condition?: string }).condition ?? '');
      if (m) params[m[1]!] = m[2]!;
    }
    const r = await analyze({ root: join(DEVSET, app), params });
    let expected = 0;
    let found = 0;
    let negatives = 0;
    let negativesClean = 0;
    const missed: string[] = [];
    for (const v of exp.vulnerabilities) {
      const hit = r.findings.some((f) => matches(f, v));
      if (v.expected_detectable === false) {
        negatives++;
        if (!hit) negativesClean++;
        else missed.push(`${v.id} (negative, but reported)`);
        continue;
      }
      if (v.category === 'other') continue;
      expected++;
      if (hit) found++;
      else missed.push(`${v.id} ${v.category} ${v.resource ?? v.function ?? ''}: ${v.title ?? ''}`);
    }
    rows.push({ app, expected, found, negatives, negativesClean, missed });
  }
  return rows;
}

if (process.argv[1]?.endsWith('devset.ts')) {
  const rows = await devsetFigures();
  console.log('app                              found/expected  negatives clean');
  let e = 0;
  let f = 0;
  for (const r of rows) {
    e += r.expected;
    f += r.found;
    console.log(`${r.app.padEnd(32)} ${`${r.found}/${r.expected}`.padStart(14)}  ${`${r.negativesClean}/${r.negatives}`.padStart(15)}`);
  }
  console.log(`${'total'.padEnd(32)} ${`${f}/${e}`.padStart(14)}  (entries of category "other" are not counted)`);
  for (const r of rows) for (const m of r.missed) console.log(`  missed ${r.app}: ${m}`);
}
