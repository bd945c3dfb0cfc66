import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unresolved } from '../../../src/model/types.js';
import { analyzeIam, permissionEntries } from '../../../src/analyses/iam/analyze.js';
import type { RolePermissions } from '../../../src/analyses/iam/analyze.js';
import type { PermissionEntry } from '../../../src/analyses/iam/permissions.js';
import { ACCOUNT, at, awsManaged, doc, fn, functionArn, inline, model, resource, role, roleArn } from './model-fixtures.js';

const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`;
const BUCKET = 'arn:aws:s3:::uploads';

function entry(role: RolePermissions | null, action: string): PermissionEntry | undefined {
  assert.ok(role !== null);
  return permissionEntries(role).find((e) => e.action === action);
}

const ordersRole = role('OrdersRole', [
  awsManaged('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', unresolved('looked up by the IAM analysis'), 5),
  inline('Orders', [
    { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: TABLE },
    { Effect: 'Allow', Action: 's3:Get*', Resource: `${BUCKET}/*` },
    { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'orders' } } },
  ], 20),
  {
    name: 'DynamoDBReadPolicy',
    source: 'sam-policy-template',
    document: doc([{ Effect: 'Allow', Action: ['dynamodb:Scan'], Resource: [TABLE, `${TABLE}/index/*`] }], 30),
    location: at(30),
  },
]);

const app = model({
  roles: [
    ordersRole,
    role('SharedRole', [inline('Shared', [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }], 40)]),
  ],
  functions: [
    fn('CreateOrder', 'OrdersRole'),
    fn('Worker', 'SharedRole'),
    fn('Reporter', 'SharedRole'),
    fn('Imported', null, { roleArn: unresolved('Fn::ImportValue SharedRoleArn', `arn:aws:iam::${ACCOUNT}:role/*`) }),
    fn('ByArn', null, { roleArn: `arn:aws:iam::${ACCOUNT}:role/elsewhere` }),
  ],
  resources: [
    resource('OrdersTable', 'AWS::DynamoDB::Table', 'table', TABLE),
    resource(
      'UploadBucket',
      'AWS::S3::Bucket',
      'bucket',
      BUCKET,
      doc([{ Effect: 'Allow', Principal: { AWS: roleArn('SharedRole') }, Action: 's3:PutObject', Resource: `${BUCKET}/*` }], 80),
    ),
  ],
});

describe('analyzeIam: effective permissions', () => {
  const iam = analyzeIam(app);
  const orders = iam.permissionsOf('CreateOrder');

  it('unions inline, SAM template and AWS managed policies, grouped by service', () => {
    assert.ok(orders !== null);
    assert.deepEqual(orders.services.map((s) => s.service), ['dynamodb', 'logs', 's3', 'sqs']);
    assert.deepEqual(
      orders.services.find((s) => s.service === 'dynamodb')!.actions.map((a) => a.action),
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan'],
    );
    assert.deepEqual(orders.unresolved, []);
    assert.ok(orders.policies.every((p) => p.resolved));
  });

  it('gives each action its access level, resources and source statement', () => {
    const put = entry(orders, 'dynamodb:PutItem')!;
    assert.equal(put.accessLevel, 'Write');
    assert.deepEqual(put.resources, [TABLE]);
    assert.equal(put.conditional, false);
    assert.deepEqual(put.grants[0]!.statement.location, at(21));
    assert.equal(put.grants[0]!.statement.policy, 'Orders');

    const scan = entry(orders, 'dynamodb:Scan')!;
    assert.equal(scan.accessLevel, 'Read');
    assert.equal(scan.grants[0]!.statement.source, 'sam-policy-template');
    assert.deepEqual(scan.resources, [TABLE, `${TABLE}/index/*`]);

    const logs = entry(orders, 'logs:PutLogEvents')!;
    assert.equal(logs.grants[0]!.statement.source, 'aws-managed');
    assert.deepEqual(logs.grants[0]!.statement.location, at(5));
    assert.deepEqual(logs.resources, ['*']);
  });

  it('expands wildcards through the catalog', () => {
    const s3 = orders!.services.find((s) => s.service === 's3')!;
    assert.ok(s3.actions.length > 40);
    assert.ok(s3.actions.every((a) => a.action.startsWith('s3:Get')));
    assert.equal(entry(orders, 's3:GetObject')!.accessLevel, 'Read');
  });

  it('marks grants under a condition as conditional', () => {
    const send = entry(orders, 'sqs:SendMessage')!;
    assert.equal(send.conditional, true);
    assert.deepEqual(send.grants[0]!.conditionKeys, ['aws:ResourceTag/team']);
  });
});

describe('analyzeIam: shared roles and roles outside the model', () => {
  const iam = analyzeIam(app);

  it('reports a shared role once with every function', () => {
    const shared = iam.roles.filter((r) => r.roleId === 'SharedRole');
    assert.equal(shared.length, 1);
    assert.deepEqual(shared[0]!.functions, ['Reporter', 'Worker']);
    assert.deepEqual(iam.sharedRoles().map((r) => r.roleId), ['SharedRole']);
    assert.equal(iam.functionRoles['Worker'], 'SharedRole');
    assert.equal(iam.permissionsOf('Worker'), iam.permissionsOf('Reporter'));
  });

  it('a role known only by ARN or unresolved is unresolved, never empty-and-safe', () => {
    for (const id of ['Imported', 'ByArn']) {
      const p = iam.permissionsOf(id)!;
      assert.equal(p.inModel, false);
      assert.ok(p.unresolved.length > 0, id);
      assert.equal(iam.isAllowed(id, 'iam:PassRole', roleArn('Admin')).decision, 'unresolved');
    }
  });

  it('a role referenced by ARN only (defined: false) is unresolved', () => {
    const m = model({
      roles: [role('Ext', [], { defined: false })],
      functions: [fn('F', 'Ext')],
    });
    const r = analyzeIam(m);
    assert.ok(r.permissionsOf('F')!.unresolved.length > 0);
    assert.equal(r.isAllowed('F', 's3:GetObject', `${BUCKET}/a`).decision, 'unresolved');
  });

  it('throws for an unknown function id', () => {
    assert.throws(() => iam.isAllowed('Nope', 's3:GetObject', '*'), RangeError);
    assert.equal(iam.permissionsOf('Nope'), null);
  });
});

describe('analyzeIam: unknown AWS managed policy', () => {
  it('is listed as unresolved', () => {
    const m = model({
      roles: [role('R', [awsManaged('arn:aws:iam::aws:policy/NoSuchPolicyAtAll', unresolved('managed'))])],
      functions: [fn('F', 'R')],
    });
    const r = analyzeIam(m).permissionsOf('F')!;
    assert.equal(r.policies[0]!.resolved, false);
    assert.match(r.unresolved[0]!, /NoSuchPolicyAtAll/);
    assert.equal(analyzeIam(m).isAllowed('F', 'iam:CreateUser', '*').decision, 'unresolved');
  });
});

describe('analyzeIam: deny and boundary', () => {
  const m = model({
    roles: [
      role('Admin', [
        awsManaged('arn:aws:iam::aws:policy/AdministratorAccess', unresolved('managed')),
        inline('Guard', [
          { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
          { Effect: 'Deny', Action: 's3:DeleteObject', Resource: `${BUCKET}/*` },
          { Effect: 'Deny', Action: 'lambda:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
        ], 20),
      ]),
      role(
        'Bounded',
        [inline('Wide', [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: '*' }], 20)],
        {
          permissionsBoundary: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/public/*` }], 60),
        },
      ),
    ],
    functions: [fn('AdminFn', 'Admin'), fn('BoundedFn', 'Bounded')],
  });
  const iam = analyzeIam(m);

  it('an unconditional Deny on * removes the actions', () => {
    const admin = iam.permissionsOf('AdminFn')!;
    assert.equal(entry(admin, 'iam:PassRole'), undefined);
    assert.ok(admin.removed.some((r) => r.action === 'iam:PassRole' && r.by === 'deny'));
    assert.equal(iam.isAllowed('AdminFn', 'iam:PassRole', roleArn('X')).decision, 'explicitly-denied');
  });

  it('a Deny on some resources or under a condition stays as a restriction', () => {
    const admin = iam.permissionsOf('AdminFn')!;
    const del = entry(admin, 's3:DeleteObject')!;
    assert.ok(del.restrictions.some((r) => r.kind === 'deny' && r.resources[0] === `${BUCKET}/*`));
    assert.equal(iam.isAllowed('AdminFn', 's3:DeleteObject', `${BUCKET}/a`).decision, 'explicitly-denied');
    assert.equal(iam.isAllowed('AdminFn', 's3:DeleteObject', 'arn:aws:s3:::other/a').decision, 'allowed');
    const update = entry(admin, 'lambda:UpdateFunctionCode')!;
    assert.equal(update.conditional, true);
    assert.equal(iam.isAllowed('AdminFn', 'lambda:UpdateFunctionCode', functionArn('X')).decision, 'conditionally-allowed');
    assert.equal(
      iam.isAllowed('AdminFn', 'lambda:UpdateFunctionCode', functionArn('X'), { values: { 'aws:MultiFactorAuthPresent': 'false' } }).decision,
      'explicitly-denied',
    );
  });

  it('the boundary removes actions and narrows resources', () => {
    const bounded = iam.permissionsOf('BoundedFn')!;
    assert.deepEqual(permissionEntries(bounded).map((e) => e.action), ['s3:GetObject']);
    assert.deepEqual(entry(bounded, 's3:GetObject')!.resources, [`${BUCKET}/public/*`]);
    assert.ok(bounded.removed.some((r) => r.action === 'sqs:SendMessage' && r.by === 'boundary'));
    assert.equal(iam.isAllowed('BoundedFn', 's3:GetObject', `${BUCKET}/public/a`).decision, 'allowed');
    assert.equal(iam.isAllowed('BoundedFn', 's3:GetObject', `${BUCKET}/private/a`).decision, 'implicitly-denied');
  });
});

describe('analyzeIam: queries', () => {
  const iam = analyzeIam(app);

  it('isAllowed returns the granting statements', () => {
    const d = iam.isAllowed('CreateOrder', 'dynamodb:PutItem', TABLE);
    assert.equal(d.decision, 'allowed');
    assert.deepEqual(d.allowedBy.map((s) => s.location), [at(21)]);
    assert.equal(iam.isAllowed('CreateOrder', 'dynamodb:DeleteItem', TABLE).decision, 'implicitly-denied');
  });

  it('isAllowed: a condition on an unknown key is conditionally allowed', () => {
    const q = `arn:aws:sqs:us-east-1:${ACCOUNT}:q`;
    assert.equal(iam.isAllowed('CreateOrder', 'sqs:SendMessage', q).decision, 'conditionally-allowed');
    assert.equal(iam.isAllowed('CreateOrder', 'sqs:SendMessage', q, { values: { 'aws:ResourceTag/team': 'orders' } }).decision, 'allowed');
  });

  it('isAllowed includes the resource policy of a resource in the model', () => {
    const d = iam.isAllowed('Worker', 's3:PutObject', `${BUCKET}/x`);
    assert.equal(d.decision, 'allowed');
    assert.equal(d.allowedBy[0]!.role, 'resource');
    assert.equal(iam.isAllowed('CreateOrder', 's3:PutObject', `${BUCKET}/x`).decision, 'implicitly-denied');
  });

  it('isAllowed on another account without its policy is unresolved', () => {
    const d = iam.isAllowed('Worker', 'lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:999999999999:function:x');
    assert.equal(d.decision, 'unresolved');
  });

  it('actionsOn lists the actions on one resource', () => {
    const onTable = iam.actionsOn('CreateOrder', TABLE);
    assert.deepEqual(onTable.actions.map((a) => a.action), ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan']);
    assert.equal(onTable.actions.find((a) => a.action === 'dynamodb:PutItem')!.accessLevel, 'Write');
    const onObject = iam.actionsOn('CreateOrder', `${BUCKET}/a.txt`).actions.map((a) => a.action);
    assert.ok(onObject.includes('s3:GetObject'));
    assert.ok(!onObject.includes('s3:GetBucketPolicy'));
    assert.ok(!onObject.includes('dynamodb:GetItem'));
    // granted only by the bucket policy
    assert.deepEqual(iam.actionsOn('Worker', `${BUCKET}/a.txt`).actions.map((a) => a.action), ['s3:PutObject']);
    const invoke = iam.actionsOn('Worker', functionArn('CreateOrder')).actions.map((a) => a.action);
    assert.deepEqual(invoke, ['lambda:InvokeFunction']);
  });

  it('is deterministic', () => {
    assert.equal(JSON.stringify(analyzeIam(app).roles), JSON.stringify(iam.roles));
  });
});

describe('analyzeIam: a role known by ARN only, from a real template', () => {
  it('records why its permissions are unknown once, in the analysis and in the JSON report', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { analyze } = await import('../../../src/api.js');
    const { renderJson } = await import('../../../src/reporters/json.js');
    const dir = mkdtempSync(join(tmpdir(), 'nl-arn-role-'));
    try {
      writeFileSync(
        join(dir, 'template.yaml'),
        [
          'AWSTemplateFormatVersion: "2010-09-09"',
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          '  Fn:',
          '    Type: AWS::Serverless::Function',
          '    Properties:',
          '      Runtime: nodejs20.x',
          '      Handler: index.handler',
          '      InlineCode: "exports.handler = async () => 1;"',
          `      Role: arn:aws:iam::${ACCOUNT}:role/elsewhere`,
          '',
        ].join('\n'),
      );
      const run = await analyze({ root: dir });
      const reasons = run.analyses.iam!.permissionsOf('Fn')!.unresolved;
      assert.equal(reasons.filter((r) => r.includes('role/elsewhere')).length, 1, reasons.join(' | '));
      const json = JSON.parse(renderJson(run)) as { functions: { id: string; permissionsUnresolved?: string[] }[] };
      const listed = json.functions.find((f) => f.id === 'Fn')!.permissionsUnresolved ?? [];
      assert.equal(listed.filter((r) => r.includes('role/elsewhere')).length, 1, listed.join(' | '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
