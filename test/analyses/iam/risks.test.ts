import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { actionCatalog, analyzeIam, analyzeIamRisks, RISKS, riskMatchesByRole, risksFor } from '../../../src/analyses/iam/index.js';
import type { RiskMatch } from '../../../src/analyses/iam/index.js';
import { awsManaged, doc, fn, inline, model, role, roleArn } from './model-fixtures.js';
import { unresolved } from '../../../src/model/types.js';

function ids(list: RiskMatch[]): string[] {
  return list.map((m) => m.riskId);
}

describe('iam risk catalog', () => {
  test('entries have unique ids, sources, and actions the catalog knows', () => {
    const catalog = actionCatalog();
    const seen = new Set<string>();
    for (const r of RISKS) {
      assert.ok(!seen.has(r.id), `duplicate ${r.id}`);
      seen.add(r.id);
      assert.ok(r.sources.length > 0, `${r.id} has no source`);
      if (r.match.kind !== 'combination') continue;
      for (const req of [...r.match.requires, ...(r.match.also ?? [])]) {
        for (const alt of req.anyOf) assert.ok(catalog.lookup(alt.action).known, `${r.id}: unknown action ${alt.action}`);
      }
    }
  });
});

describe('risksFor', () => {
  const passCreateInvoke = [{ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' }];

  test('PassRole + CreateFunction + Invoke is found, with the statement that grants it', () => {
    const m = model({ roles: [role('R', [inline('p', passCreateInvoke, 10)])], functions: [fn('F', 'R')] });
    const risks = risksFor(analyzeIam(m), m, 'F');
    const esc = risks.find((r) => r.riskId === 'lambda-passrole-create-invoke');
    assert.ok(esc, ids(risks).join(', '));
    assert.equal(esc.certainty, 'allowed');
    assert.equal(esc.severity, 'critical');
    assert.equal(esc.location.line, 11);
  });

  test('a Deny, a boundary or a known condition suppresses it', () => {
    const denied = model({
      roles: [role('R', [inline('p', [...passCreateInvoke, { Effect: 'Deny', Action: 'lambda:CreateFunction', Resource: '*' }])])],
      functions: [fn('F', 'R')],
    });
    assert.ok(!ids(risksFor(analyzeIam(denied), denied, 'F')).includes('lambda-passrole-create-invoke'));
    const bounded = model({
      roles: [role('R', [inline('p', passCreateInvoke)], { permissionsBoundary: doc([{ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }]) })],
      functions: [fn('F', 'R')],
    });
    assert.ok(!ids(risksFor(analyzeIam(bounded), bounded, 'F')).includes('lambda-passrole-create-invoke'));
    const ec2Only = model({
      roles: [role('R', [inline('p', [{ ...passCreateInvoke[0], Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }])])],
      functions: [fn('F', 'R')],
    });
    assert.ok(!ids(risksFor(analyzeIam(ec2Only), ec2Only, 'F')).includes('lambda-passrole-create-invoke'));
  });

  test('PassRole limited to a role only EC2 trusts does not reach Lambda', () => {
    const ec2Role = role('Ec2', [], { trust: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]) });
    const m = model({
      roles: [role('R', [inline('p', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn('Ec2') }, { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' }])]), ec2Role],
      functions: [fn('F', 'R')],
    });
    assert.ok(!ids(risksFor(analyzeIam(m), m, 'F')).includes('lambda-passrole-create-invoke'));
  });

  test('an unknown condition makes the risk conditional and lowers its severity', () => {
    const m = model({
      roles: [role('R', [inline('p', [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/app': 'x' } } }])])],
      functions: [fn('F', 'R')],
    });
    const read = risksFor(analyzeIam(m), m, 'F').find((r) => r.riskId === 'read-any-secret');
    assert.ok(read);
    assert.equal(read.certainty, 'conditional');
    assert.equal(read.severity, 'medium');
    assert.deepEqual(read.steps[0]!.unknownKeys, ['aws:ResourceTag/app']);
  });

  test('code tampering on itself counts; code reading needs another function', () => {
    const m = model({
      roles: [role('R', [inline('p', [{ Effect: 'Allow', Action: ['lambda:UpdateFunctionCode', 'lambda:GetFunction'], Resource: fn('F', 'R').arn as string }])])],
      functions: [fn('F', 'R'), fn('G', null, { roleArn: roleArn('R'), roleId: 'R' })],
    });
    const iam = analyzeIam(m);
    assert.deepEqual(ids(risksFor(iam, m, 'F')).filter((i) => i.startsWith('lambda-')), ['lambda-write-code']);
    // G shares the role: for G, F is another function.
    assert.deepEqual(ids(risksFor(iam, m, 'G')).filter((i) => i.startsWith('lambda-')).sort(), ['lambda-read-code', 'lambda-update-code', 'lambda-write-code']);
    const byRole = riskMatchesByRole(analyzeIamRisks(m, iam), ['code-tampering']);
    assert.equal(byRole.length, 1);
    assert.deepEqual(byRole[0]!.functions, ['F', 'G']);
  });

  test('AdministratorAccess is reported once and subsumes the risks of the same statement', () => {
    const admin = awsManaged('arn:aws:iam::aws:policy/AdministratorAccess', doc([{ Effect: 'Allow', Action: '*', Resource: '*' }], 5));
    const m = model({ roles: [role('R', [admin])], functions: [fn('F', 'R'), fn('G', 'R2')] });
    m.roles.push(role('R2', []));
    assert.deepEqual(ids(risksFor(analyzeIam(m), m, 'F')), ['managed-AdministratorAccess']);
  });

  test('a wholly unknown policy is undecided, not a finding', () => {
    const m = model({ roles: [role('R', [{ name: 'ext', source: 'external', document: unresolved('from another stack'), location: { file: 't', line: 1, column: 1 } }])], functions: [fn('F', 'R')] });
    const r = analyzeIamRisks(m, analyzeIam(m));
    assert.deepEqual(r.byFunction['F'], []);
    assert.ok((r.undecided['F'] ?? []).length > 0);
  });

  test('a trust policy open to everyone is found unless a condition names the organization', () => {
    const open = role('Open', [], { trust: doc([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }]) });
    const org = role('Org', [], { trust: doc([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }]) });
    const m = model({ roles: [open, org], functions: [fn('F', 'Open')] });
    const r = analyzeIamRisks(m, analyzeIam(m));
    assert.deepEqual(r.publicTrust.map((t) => t.roleId), ['Open']);
    assert.ok(ids(r.byFunction['F']!).includes('role-trust-public'));
  });
});
