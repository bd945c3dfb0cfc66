/**
 * Noise on apps nobody meant to be vulnerable: `npm run noise [format...]`.
 * Scans every unit of ../shared/corpus on its own (stack by stack, as scripts/corpus.ts does) and
 * prints, per rule: findings per 100 functions, how many are critical and high, and the share of
 * stacks (with at least one function) where the rule fires at high or critical.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { analyze } from '../src/api.js';
import { CORPUS, corpusUnits } from './corpus.js';

export interface RuleNoise {
  rule: string;
  findings: number;
  critical: number;
  high: number;
  /** Stacks (with at least one function) where the rule reports at high or critical. */
  stacksHighOrCritical: number;
}

export interface NoiseFigures {
  stacks: number;
  functions: number;
  rules: RuleNoise[];
  /** unit → rule → findings at high or critical, for looking into a figure. */
  highOrCriticalByStack: Map<string, Map<string, number>>;
}

export async function noiseFigures(formats: readonly string[] = ['sam', 'cdk', 'serverless', 'terraform']): Promise<NoiseFigures> {
  const byRule = new Map<string, RuleNoise>();
  const highOrCriticalByStack = new Map<string, Map<string, number>>();
  let stacks = 0;
  let functions = 0;
  for (const format of formats) {
    for (const unit of corpusUnits(format)) {
      const r = await analyze({ root: unit });
      if (r.model.functions.length === 0) continue;
      stacks++;
      functions += r.model.functions.length;
      const hot = new Map<string, number>();
      for (const f of r.findings) {
        if (f.suppression) continue;
        const n = byRule.get(f.ruleId) ?? { rule: f.ruleId, findings: 0, critical: 0, high: 0, stacksHighOrCritical: 0 };
        n.findings++;
        if (f.severity === 'critical') n.critical++;
        if (f.severity === 'high') n.high++;
        byRule.set(f.ruleId, n);
        if (f.severity === 'critical' || f.severity === 'high') hot.set(f.ruleId, (hot.get(f.ruleId) ?? 0) + 1);
      }
      for (const rule of hot.keys()) byRule.get(rule)!.stacksHighOrCritical++;
      if (hot.size > 0) highOrCriticalByStack.set(relative(CORPUS, unit), hot);
    }
  }
  const rules = [...byRule.values()].sort((a, b) => b.findings - a.findings || (a.rule < b.rule ? -1 : 1));
  return { stacks, functions, rules, highOrCriticalByStack };
}

export function per100(n: number, functions: number): string {
  return functions === 0 ? '0' : ((100 * n) / functions).toFixed(1);
}

async function main() {
  if (!existsSync(CORPUS)) {
    console.error(`corpus not found at ${CORPUS}`);
    process.exit(2);
  }
  const args = process.argv.slice(2);
  const verbose = args.includes('--stacks');
  const formats = args.filter((a) => !a.startsWith('--'));
  const n = await noiseFigures(formats.length ? formats : undefined);
  const total = n.rules.reduce((t, r) => ({ f: t.f + r.findings, c: t.c + r.critical, h: t.h + r.high }), { f: 0, c: 0, h: 0 });
  console.log(`${n.stacks} stacks with functions, ${n.functions} functions`);
  console.log(`all rules: ${per100(total.f, n.functions)} findings, ${per100(total.c, n.functions)} critical, ${per100(total.c + total.h, n.functions)} high+critical per 100 functions`);
  console.log('| rule | per 100 functions | critical | high | high/critical share | stacks at high/critical |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of n.rules) {
    const share = r.findings === 0 ? 0 : Math.round((100 * (r.critical + r.high)) / r.findings);
    console.log(`| \`${r.rule}\` | ${per100(r.findings, n.functions)} | ${r.critical} | ${r.high} | ${share}% | ${r.stacksHighOrCritical} (${per100(r.stacksHighOrCritical, n.stacks)}%) |`);
  }
  if (verbose) for (const [unit, hot] of n.highOrCriticalByStack) console.log(`${unit}: ${[...hot].map(([k, v]) => `${k}×${v}`).join(', ')}`);
}

if (process.argv[1]?.endsWith('noise.ts')) await main();
