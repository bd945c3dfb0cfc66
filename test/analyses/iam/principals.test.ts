import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../../src/api.js';
import type { PrincipalRisks } from '../../../src/analyses/iam/principals.js';

const here = new URL('.', import.meta.url).pathname;
const rules = join(here, '../../rules/iam/no-overprivileged-role');

async function principals(root: string): Promise<{ risks: PrincipalRisks[]; run: Awaited<ReturnType<typeof analyze>> }> {
  const run = await analyze({ root });
  return { risks: run.analyses.iamPrincipals, run };
}

describe('principals other than function roles', () => {
  test('CDK output: a user with PassRole + CreateFunction is evaluated with the catalog; a reader is not reported', async () => {
    const { risks, run } = await principals(join(here, 'fixtures/principals-cdk'));
    assert.deepEqual(risks.map((p) => [p.id, p.kind, p.matches[0]!.riskId]), [['ReleaseBot7F3A2C1D', 'user', 'lambda-passrole-create-invoke']]);
    const f = run.findings.find((x) => x.ruleId === 'iam/no-overprivileged-role')!;
    assert.equal(f.location.file, 'cdk.out/OpsStack.template.json');
    assert.equal(f.severity, 'high', 'an IAM user is the account\'s own identity: critical is for what outsiders can use');
    // The same CDK stack's user pool: the client without WriteAttributes lets users set custom:role.
    const cognito = run.findings.filter((x) => x.ruleId === 'surface/no-user-writable-custom-attribute');
    assert.deepEqual(cognito.map((x) => [x.resource, x.location.file]), [['MembersPoolWebClient5E6F7A8B', 'cdk.out/OpsStack.template.json']]);
    // …and its SSM String parameter holding a password.
    const secrets = run.findings.filter((x) => x.ruleId === 'code/no-secrets-in-config');
    assert.deepEqual(secrets.map((x) => [x.resource, x.severity]), [['DbPasswordParam0A1B2C3D', 'high']]);
  });

  test('CloudFormation: users, groups, unattached policies, roles for EC2 and another account', async () => {
    const { risks, run } = await principals(join(rules, 'invalid-cfn-identities.yaml'));
    const byId = Object.fromEntries(risks.map((p) => [p.id, p]));
    assert.deepEqual(Object.keys(byId).sort(), ['Deployer', 'Operators', 'PartnerRole', 'Spare', 'WorkerRole']);
    assert.equal(byId['WorkerRole']!.users.text, 'EC2 instances (instance profile WorkerProfile)');
    assert.equal(byId['PartnerRole']!.users.reach, 'cross-account');
    assert.match(byId['PartnerRole']!.users.text, /account 111122223333/);
    assert.equal(byId['Deployer']!.matches[0]!.class, 'privilege-escalation');
    assert.match(byId['Deployer']!.users.text, /access key/);
    assert.equal(run.model.managedPolicies?.find((p) => p.id === 'CodePusher')?.attachedTo.join(), 'Deployer');
    const partner = run.findings.find((f) => f.resource === 'PartnerRole')!;
    assert.equal(partner.severity, 'high', 'another account can assume it and edit every trust policy: catastrophic, one step away, never critical from a named account');
  });

  test('Terraform: attachments and memberships are linked by address although names are unknown; a group\'s grant is reported once, on the group', async () => {
    const { risks, run } = await principals(join(rules, 'invalid-tf'));
    const ids = risks.map((p) => p.id);
    assert.deepEqual(ids, ['aws_iam_group.admins', 'aws_iam_policy.unattached', 'aws_iam_user.deployer']);
    const ops = run.model.identities?.find((i) => i.id === 'aws_iam_user.ops');
    assert.deepEqual(ops?.groups, ['aws_iam_group.admins']);
    assert.equal(run.model.managedPolicies?.find((p) => p.id === 'aws_iam_policy.manager')?.attachedTo.join(), 'aws_iam_user.deployer');
  });
});
