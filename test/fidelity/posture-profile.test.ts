/**
 * Posture rules on apps nobody meant to be vulnerable (issue 22), ../shared/corpus scanned stack by
 * stack (one stack in three, to keep it cheap):
 * - the default profile (`security`) adds no finding from a posture rule;
 * - under `hardening`, a posture rule reports high or critical only on a stack with a public,
 *   any-account, cross-account or unresolved entry point.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { analyze } from '../../src/api.js';
import { runRules } from '../../src/engine/run.js';
import { RULES } from '../../src/rules/registry.generated.js';
import { CORPUS, corpusUnits } from '../../scripts/corpus.js';

const POSTURE = RULES.filter((r) => r.meta.profile === 'hardening');
const OUTSIDE = new Set(['public', 'any-aws-account', 'cross-account', 'unresolved']);

test('corpus: the default profile adds no posture finding; hardening gives high/critical only where an outside caller enters', { skip: !existsSync(CORPUS) && 'corpus not present' }, async () => {
  assert.ok(POSTURE.length >= 5, 'the Lambda posture rules are registered');
  let stacks = 0;
  let hardeningFindings = 0;
  const wrong: string[] = [];
  for (const format of ['sam', 'cdk', 'serverless', 'terraform']) {
    const units = corpusUnits(format).filter((_, i) => i % 3 === 0);
    for (const unit of units) {
      const r = await analyze({ root: unit, rules: POSTURE, engine: { profile: 'hardening' } });
      if (r.model.functions.length === 0) continue;
      stacks++;
      hardeningFindings += r.findings.length;
      const name = relative(CORPUS, unit);
      const byDefault = runRules(POSTURE, r.model, r.analyses, []);
      if (byDefault.length > 0) wrong.push(`${name}: the default profile reports ${byDefault.map((f) => f.ruleId).join(', ')}`);
      const outside = r.model.entryPoints.some((ep) => OUTSIDE.has(ep.principal.kind));
      if (!outside) for (const f of r.findings) if (f.severity === 'high' || f.severity === 'critical') wrong.push(`${name}: ${f.ruleId} ${f.severity} without an outside entry point`);
    }
  }
  console.log(`posture: ${stacks} stacks with functions, ${hardeningFindings} findings under hardening`);
  assert.ok(stacks >= 100, `only ${stacks} stacks scanned`);
  assert.ok(hardeningFindings > 0, 'the posture rules fire on the corpus under hardening');
  assert.deepEqual(wrong, []);
});
