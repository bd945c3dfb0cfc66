/**
 * Terraform values the way Terraform gets them (issue 12): terraform.tfvars, then *.auto.tfvars in
 * name order, then --var-file, then --param; TF_VAR_* only with --allow-env; one warning per module
 * for the variables that have no value, and references by address that do not depend on them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze, type AnalyzedRun } from '../../../src/api.js';

const FIX = join(import.meta.dirname, 'fixtures');

test('values come from terraform.tfvars, *.auto.tfvars (in order), --var-file and --param, later ones winning', async () => {
  const fn = async (o: Parameters<typeof analyze>[0]) => (await analyze(o)).model.functions[0]!;
  const plain = await fn({ root: join(FIX, 'var-files') });
  assert.equal(plain.name, 'from-auto');
  assert.equal(plain.memoryMb, 512);
  assert.equal((await fn({ root: join(FIX, 'var-files'), varFiles: ['env/prod.tfvars'] })).name, 'from-var-file');
  assert.equal((await fn({ root: join(FIX, 'var-files'), varFiles: ['env/prod.tfvars'], params: { name: 'from-param' } })).name, 'from-param');
});

test('TF_VAR_* is read only when the environment is allowed, below every file', async () => {
  process.env['TF_VAR_suffix'] = 'from-env';
  process.env['TF_VAR_env'] = 'staging';
  try {
    const without = await analyze({ root: join(FIX, 'unset-vars') });
    assert.ok(without.diagnostics.some((d) => d.code === 'terraform-unset-variables'));
    const withEnv = await analyze({ root: join(FIX, 'unset-vars'), allowEnv: true });
    assert.equal(withEnv.model.functions[0]!.name, 'staging-worker-from-env');
    assert.ok(!withEnv.diagnostics.some((d) => d.code === 'terraform-unset-variables'));
  } finally {
    delete process.env['TF_VAR_suffix'];
    delete process.env['TF_VAR_env'];
  }
});

/** What a scan says, by identity: entry points, findings and granted actions (not the names). */
function facts(r: AnalyzedRun): string[] {
  const out: string[] = [];
  for (const e of r.model.entryPoints) out.push(`entry ${e.kind} ${e.principal.kind} ${e.auth.kind} → ${e.targets.join(',')}`);
  for (const f of r.findings) out.push(`finding ${f.ruleId} ${f.severity} ${f.resource} ${f.location.file}:${f.location.line}`);
  for (const fn of r.model.functions) {
    out.push(`function ${fn.id} role=${fn.roleId} url=${fn.url ? fn.url.authType : 'none'}`);
    const perms = r.analyses.iam.permissionsOf(fn.id);
    out.push(`actions ${fn.id} ${perms?.services.length ?? 0} services, ${perms?.services.reduce((n, s) => n + s.actions.length, 0) ?? 0} actions`);
  }
  return out.sort();
}

test('names built from variables without a value change nothing but the names, and say so once', async () => {
  const unknown = await analyze({ root: join(FIX, 'unset-vars') });
  const known = await analyze({ root: join(FIX, 'unset-vars'), params: { env: 'prod', suffix: 'a1' } });
  assert.equal(known.model.functions[0]!.name, 'prod-worker-a1');
  assert.deepEqual(facts(unknown), facts(known));
  assert.ok(facts(unknown).some((f) => f.startsWith('entry function-url public')), 'the URL is an entry point');
  assert.ok(facts(unknown).some((f) => f.startsWith('entry sqs-queue')), 'the queue mapping is an entry point');
  assert.ok(facts(unknown).some((f) => f.startsWith('finding iam/no-admin-access')), 'the attached policy is on the role');
  assert.ok(!facts(unknown).some((f) => f.includes('no-overprivileged-role')), 'the role is not "unattached"');
  const d = unknown.diagnostics.filter((x) => x.code === 'terraform-unset-variables');
  assert.equal(d.length, 1);
  assert.match(d[0]!.message, /^main\.tf:2: module \.: 2 variables have no value .*: env \(makes unknown: aws_iam_role\.runner, aws_iam_role_policy\.queue, aws_lambda_function\.worker, aws_sqs_queue\.jobs\); suffix \(makes unknown: aws_iam_role\.runner, aws_lambda_function\.worker, aws_sqs_queue\.jobs\)/);
  assert.ok(!known.diagnostics.some((x) => x.code === 'terraform-unset-variables'));
});
