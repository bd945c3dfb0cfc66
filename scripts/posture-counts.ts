/**
 * Posture figures on ../shared/corpus (issue 22): `node --import tsx scripts/posture-counts.ts`.
 * Scans every corpus stack with the posture rules under `hardening` and `all` and prints, per rule,
 * findings by severity, and how many high/critical fall on stacks without an outside entry point.
 */
import { analyze } from '../src/api.js';
import { runRules } from '../src/engine/run.js';
import { RULES } from '../src/rules/registry.generated.js';
import { corpusUnits } from './corpus.js';

const POSTURE = RULES.filter((r) => r.meta.profile === 'hardening');
const OUTSIDE = new Set(['public', 'any-aws-account', 'cross-account', 'unresolved']);
type Counts = Record<string, Record<string, number>>;
const counts: Record<string, Counts> = { security: {}, hardening: {}, all: {} };
let stacks = 0;
let functions = 0;
let insideHigh = 0;
const add = (c: Counts, rule: string, sev: string) => ((c[rule] ??= {})[sev] = (c[rule]![sev] ?? 0) + 1);
for (const format of ['sam', 'cdk', 'serverless', 'terraform']) {
  for (const unit of corpusUnits(format)) {
    const r = await analyze({ root: unit, rules: POSTURE, engine: { profile: 'all' } });
    stacks++;
    functions += r.model.functions.length;
    for (const f of r.findings) add(counts['all']!, f.ruleId, f.severity);
    for (const f of runRules(POSTURE, r.model, r.analyses, [], { profile: 'hardening' })) {
      add(counts['hardening']!, f.ruleId, f.severity);
      const outside = r.model.entryPoints.some((ep) => OUTSIDE.has(ep.principal.kind));
      if (!outside && (f.severity === 'high' || f.severity === 'critical')) insideHigh++;
    }
    for (const f of runRules(POSTURE, r.model, r.analyses, [])) add(counts['security']!, f.ruleId, f.severity);
  }
}
console.log(`${stacks} stacks, ${functions} functions; high/critical under hardening without an outside entry point: ${insideHigh}`);
for (const [profile, c] of Object.entries(counts)) {
  console.log(`## ${profile}`);
  for (const rule of Object.keys(c).sort()) console.log(`${rule}\t${['critical', 'high', 'medium', 'low', 'info'].map((s) => `${s[0]}${c[rule]![s] ?? 0}`).join(' ')}`);
}
