import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unresolved } from '../../../src/model/types.js';
import type { AccessRequest, EvaluationInput } from '../../../src/analyses/iam/evaluate.js';
import { evaluateAccess } from '../../../src/analyses/iam/evaluate.js';
import { ACCOUNT, doc, roleArn } from './model-fixtures.js';

const CALLER = roleArn('FnRole');

function decide(
  identity: Record<string, unknown>[],
  request: Partial<AccessRequest> & Pick<AccessRequest, 'action' | 'resource'>,
  extra: Partial<Omit<EvaluationInput, 'request' | 'identityPolicies'>> = {},
) {
  return evaluateAccess({
    identityPolicies: [{ name: 'Policy', source: 'inline', document: doc(identity) }],
    ...extra,
    request: { principalArn: CALLER, principalAccount: ACCOUNT, context: { complete: true }, ...request },
  });
}

const OBJECT = 'arn:aws:s3:::data/reports/q1.csv';

describe('iam evaluation: allow and deny', () => {
  it('implicit deny without a matching allow', () => {
    assert.equal(decide([], { action: 's3:GetObject', resource: OBJECT }).decision, 'implicitly-denied');
    assert.equal(decide([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }], { action: 's3:GetObject', resource: OBJECT }).decision, 'implicitly-denied');
  });

  it('allow with action wildcards, case-insensitive', () => {
    const d = decide([{ Effect: 'Allow', Action: 'S3:get*', Resource: 'arn:aws:s3:::data/*' }], { action: 's3:GetObject', resource: OBJECT });
    assert.equal(d.decision, 'allowed');
    assert.equal(d.allowedBy.length, 1);
    assert.deepEqual(d.allowedBy[0]!.location, { file: 'template.yaml', line: 11, column: 1 });
  });

  it('explicit deny beats allow', () => {
    const d = decide(
      [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'NoData', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' },
      ],
      { action: 's3:GetObject', resource: OBJECT },
    );
    assert.equal(d.decision, 'explicitly-denied');
    assert.equal(d.deniedBy[0]!.sid, 'NoData');
  });

  it('NotAction and NotResource', () => {
    const notIam = [{ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }];
    assert.equal(decide(notIam, { action: 'iam:PassRole', resource: roleArn('X') }).decision, 'implicitly-denied');
    assert.equal(decide(notIam, { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:1:q' }).decision, 'allowed');
    const notData = [{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::data/*' }];
    assert.equal(decide(notData, { action: 's3:GetObject', resource: OBJECT }).decision, 'implicitly-denied');
    assert.equal(decide(notData, { action: 's3:GetObject', resource: 'arn:aws:s3:::logs/x' }).decision, 'allowed');
    const denyNot = [
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' },
    ];
    assert.equal(decide(denyNot, { action: 's3:PutObject', resource: OBJECT }).decision, 'explicitly-denied');
    assert.equal(decide(denyNot, { action: 's3:GetObject', resource: OBJECT }).decision, 'allowed');
  });

  it('policy variables in Resource', () => {
    const p = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }];
    const ctx = (values: Record<string, string>, complete = true) => ({ context: { values, complete } });
    assert.equal(decide(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/a', ...ctx({ 'aws:username': 'bob' }) }).decision, 'allowed');
    assert.equal(decide(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/eve/a', ...ctx({ 'aws:username': 'bob' }) }).decision, 'implicitly-denied');
    const unknown = decide(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/a', ...ctx({}, false) });
    assert.equal(unknown.decision, 'conditionally-allowed');
    assert.deepEqual(unknown.unknownKeys, ['aws:username']);
    assert.equal(decide(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/a', ...ctx({}) }).decision, 'implicitly-denied');
  });
});

describe('iam evaluation: conditions', () => {
  const conditional = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }];

  it('an unknown context key gives "conditionally-allowed", never denied', () => {
    const d = decide(conditional, { action: 's3:GetObject', resource: OBJECT, context: {} });
    assert.equal(d.decision, 'conditionally-allowed');
    assert.deepEqual(d.unknownKeys, ['aws:SourceVpce']);
    assert.equal(d.allowedBy[0]!.match, 'maybe');
  });

  it('a supplied key decides', () => {
    assert.equal(decide(conditional, { action: 's3:GetObject', resource: OBJECT, context: { values: { 'aws:SourceVpce': 'vpce-1' } } }).decision, 'allowed');
    assert.equal(decide(conditional, { action: 's3:GetObject', resource: OBJECT, context: { values: { 'aws:SourceVpce': 'vpce-2' } } }).decision, 'implicitly-denied');
  });

  it('a deny under an unknown condition leaves the allow conditional', () => {
    const d = decide(
      [
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
      { action: 's3:GetObject', resource: OBJECT, context: {} },
    );
    assert.equal(d.decision, 'conditionally-allowed');
    assert.equal(d.deniedBy[0]!.match, 'maybe');
  });

  it('the caller ARN fills aws:PrincipalArn', () => {
    const p = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': CALLER } } }];
    assert.equal(decide(p, { action: 's3:GetObject', resource: OBJECT, context: {} }).decision, 'allowed');
  });
});

describe('iam evaluation: unresolved values are never safe', () => {
  it('an unresolved resource with a pattern matches conservatively', () => {
    const p = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'placeholder' }];
    const d0 = doc(p);
    d0.statements[0]!.resource = [unresolved('bucket name from a parameter', 'arn:aws:s3:::*/*')];
    const input = (resource: string) =>
      evaluateAccess({ identityPolicies: [{ name: 'P', document: d0 }], request: { action: 's3:GetObject', resource, context: { complete: true } } });
    const d = input(OBJECT);
    assert.equal(d.decision, 'unresolved');
    assert.deepEqual(d.unresolved, ['bucket name from a parameter']);
    assert.equal(input('arn:aws:sqs:us-east-1:1:q').decision, 'implicitly-denied');
  });

  it('an unresolved policy document may grant anything', () => {
    const d = evaluateAccess({
      identityPolicies: [{ name: 'arn:aws:iam::999999999999:policy/Shared', source: 'external', document: unresolved('policy from another stack') }],
      request: { action: 'iam:PassRole', resource: roleArn('Admin') },
    });
    assert.equal(d.decision, 'unresolved');
    assert.match(d.unresolved[0]!, /another stack/);
  });

  it('an unresolved request resource is unresolved unless the grant is *', () => {
    const scoped = decide([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:1:q' }], {
      action: 'sqs:SendMessage',
      resource: unresolved('queue from Fn::ImportValue'),
    });
    assert.equal(scoped.decision, 'unresolved');
    const star = decide([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }], {
      action: 'sqs:SendMessage',
      resource: unresolved('queue from Fn::ImportValue'),
    });
    assert.equal(star.decision, 'allowed');
  });

  it('a request pattern: covered → allowed, overlapping → unresolved, disjoint → denied', () => {
    const any = 'arn:aws:lambda:*:*:function:*';
    assert.equal(decide([{ Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: '*' }], { action: 'lambda:UpdateFunctionCode', resource: any }).decision, 'allowed');
    assert.equal(
      decide([{ Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: 'arn:aws:lambda:us-east-1:1:function:x' }], { action: 'lambda:UpdateFunctionCode', resource: any }).decision,
      'unresolved',
    );
    assert.equal(
      decide([{ Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: 'arn:aws:sqs:*:*:*' }], { action: 'lambda:UpdateFunctionCode', resource: any }).decision,
      'implicitly-denied',
    );
  });
});

describe('iam evaluation: permissions boundary', () => {
  const boundary = (statements: Record<string, unknown>[]) => ({ permissionsBoundary: { name: 'Boundary', document: doc(statements, 40) } });

  it('intersects with identity policies', () => {
    const id = [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }];
    const b = boundary([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    const put = decide(id, { action: 's3:PutObject', resource: OBJECT }, b);
    assert.equal(put.decision, 'implicitly-denied');
    assert.equal(put.boundary, 'blocks');
    assert.equal(decide(id, { action: 's3:GetObject', resource: OBJECT }, b).decision, 'allowed');
    // the boundary alone grants nothing
    assert.equal(decide([], { action: 's3:GetObject', resource: OBJECT }, b).decision, 'implicitly-denied');
  });

  it('a deny in the boundary is an explicit deny', () => {
    const d = decide([{ Effect: 'Allow', Action: '*', Resource: '*' }], { action: 'iam:CreateUser', resource: roleArn('x') }, boundary([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    ]));
    assert.equal(d.decision, 'explicitly-denied');
  });

  it('an unresolved boundary makes the decision unresolved', () => {
    const d = decide([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], { action: 's3:GetObject', resource: OBJECT }, {
      permissionsBoundary: { name: 'Boundary', document: unresolved('boundary ARN from a parameter') },
    });
    assert.equal(d.decision, 'unresolved');
    assert.equal(d.boundary, 'maybe');
  });
});

describe('iam evaluation: resource policies', () => {
  const rp = (statements: Record<string, unknown>[]) => ({ resourcePolicy: { name: 'DataBucketPolicy', document: doc(statements, 60) } });

  it('same account: a resource policy naming the role grants on its own', () => {
    const d = decide([], { action: 's3:GetObject', resource: OBJECT }, rp([{ Effect: 'Allow', Principal: { AWS: CALLER }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }]));
    assert.equal(d.decision, 'allowed');
    assert.equal(d.allowedBy[0]!.role, 'resource');
  });

  it('same account: naming only the account delegates to identity policies', () => {
    const r = rp([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }]);
    assert.equal(decide([], { action: 's3:GetObject', resource: OBJECT }, r).decision, 'implicitly-denied');
  });

  it('a resource policy deny applies to the caller', () => {
    const r = rp([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' }]);
    assert.equal(decide([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], { action: 's3:GetObject', resource: OBJECT }, r).decision, 'explicitly-denied');
    const notMe = rp([{ Effect: 'Deny', NotPrincipal: { AWS: CALLER }, Action: 's3:*', Resource: 'arn:aws:s3:::data/*' }]);
    assert.equal(decide([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], { action: 's3:GetObject', resource: OBJECT }, notMe).decision, 'allowed');
  });

  it('a service principal does not name the role', () => {
    const r = rp([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 's3:GetObject', Resource: '*' }]);
    assert.equal(decide([], { action: 's3:GetObject', resource: OBJECT }, r).decision, 'implicitly-denied');
  });

  it('cross account: both sides must allow', () => {
    const queue = 'arn:aws:sqs:us-east-1:999999999999:q';
    const id = [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queue }];
    assert.equal(decide(id, { action: 'sqs:SendMessage', resource: queue, resourceAccount: '999999999999' }).decision, 'implicitly-denied');
    const r = rp([{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sqs:SendMessage', Resource: queue }]);
    assert.equal(decide(id, { action: 'sqs:SendMessage', resource: queue, resourceAccount: '999999999999' }, r).decision, 'allowed');
    assert.equal(decide([], { action: 'sqs:SendMessage', resource: queue, resourceAccount: '999999999999' }, r).decision, 'implicitly-denied');
  });

  it('KMS key policies must allow, directly or by delegating to the account', () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1`;
    const id = [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }];
    const noDelegation = { ...rp([{ Effect: 'Allow', Principal: { AWS: roleArn('Other') }, Action: 'kms:*', Resource: '*' }]), resourcePolicyKind: 'kms-key' as const };
    assert.equal(decide(id, { action: 'kms:Decrypt', resource: key }, noDelegation).decision, 'implicitly-denied');
    const delegated = { ...rp([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }]), resourcePolicyKind: 'kms-key' as const };
    assert.equal(decide(id, { action: 'kms:Decrypt', resource: key }, delegated).decision, 'allowed');
  });
});
