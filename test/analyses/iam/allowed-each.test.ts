import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unresolved } from '../../../src/model/types.js';
import { analyzeIam } from '../../../src/analyses/iam/analyze.js';
import type { RequestContext } from '../../../src/analyses/iam/conditions.js';
import { ACCOUNT, at, doc, fn, functionArn, inline, model, resource, role, roleArn } from './model-fixtures.js';

// isAllowedEach decides resources the role's statements cannot tell apart once; every answer must
// be what isAllowed gives for that resource alone.

const OTHER = '999999999999';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`;
const BUCKET = 'arn:aws:s3:::uploads';

const roles = [
  role('Star', [inline('Star', [{ Effect: 'Allow', Action: '*', Resource: '*' }])]),
  role('StarConditional', [inline('Cond', [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } }])]),
  role('Scoped', [inline('Scoped', [{ Effect: 'Allow', Action: ['lambda:*', 'iam:PassRole'], Resource: [functionArn('a*'), roleArn('Star')] }])]),
  role('StarWithDeny', [
    inline('Allow', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
    inline('Deny', [{ Effect: 'Deny', Action: 'lambda:UpdateFunctionCode', Resource: functionArn('b') }], 30),
  ]),
  role('NotResource', [inline('NotRes', [{ Effect: 'Allow', Action: 'lambda:*', NotResource: functionArn('a') }])]),
  role('NotAction', [inline('NotAct', [{ Effect: 'Allow', NotAction: 's3:*', Resource: functionArn('a') }])]),
  role('Variables', [inline('Vars', [{ Effect: 'Allow', Action: 'lambda:*', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:${aws:PrincipalTag/team}-*' }])]),
  role('Unknown', [{ name: 'Elsewhere', source: 'external', document: unresolved('not in the templates'), location: at(3) }]),
  role('Bounded', [inline('Star', [{ Effect: 'Allow', Action: '*', Resource: '*' }])], {
    permissionsBoundary: doc([{ Effect: 'Allow', Action: 'lambda:*', Resource: functionArn('a') }], 60),
  }),
  role('BoundedStar', [inline('Star', [{ Effect: 'Allow', Action: '*', Resource: '*' }])], {
    permissionsBoundary: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }], 60),
  }),
];

const app = model({
  roles,
  functions: [...roles.map((r) => fn(`fn-${r.id}`, r.id)), fn('a', 'Star'), fn('b', 'Star'), fn('ab', 'Scoped')],
  resources: [
    // Resource policies at function ARNs (the engine looks them up by ARN, whatever the kind): an Allow for another account, a Deny.
    resource('AFn', 'AWS::Lambda::Function', 'other', functionArn('a'), doc([{ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'lambda:InvokeFunction', Resource: functionArn('a') }], 70)),
    resource('BFn', 'AWS::Lambda::Function', 'other', functionArn('b'), doc([{ Effect: 'Deny', Principal: '*', Action: 'lambda:*', Resource: functionArn('b') }], 75)),
    resource('Key', 'AWS::KMS::Key', 'kms-key', KEY, doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }], 80)),
    resource('Uploads', 'AWS::S3::Bucket', 'bucket', BUCKET, doc([{ Effect: 'Allow', Principal: { AWS: roleArn('Scoped') }, NotAction: 's3:Delete*', Resource: `${BUCKET}/*` }], 85)),
  ],
});

const RESOURCES = [
  functionArn('a'),
  functionArn('b'),
  functionArn('ab'),
  functionArn('c'),
  functionArn('team-x'),
  `arn:aws:lambda:us-east-1:${OTHER}:function:far`,
  `arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`,
  roleArn('Star'),
  roleArn('Scoped'),
  roleArn('nowhere'),
  KEY,
  `${BUCKET}/a.txt`,
  'not-an-arn',
  '*',
];
const ACTIONS = ['lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'iam:PassRole', 'kms:Decrypt', 's3:GetObject', 's3:DeleteObject', 'dynamodb:GetItem'];
const CONTEXTS: (RequestContext | undefined)[] = [undefined, { values: { 'aws:ResourceTag/env': 'prod', 'aws:PrincipalTag/team': 'team' } }, { values: { 'iam:PassedToService': 'lambda.amazonaws.com' } }];

describe('analyzeIam: isAllowedEach', () => {
  const iam = analyzeIam(app);

  it('answers every resource as isAllowed does alone', () => {
    let compared = 0;
    for (const f of app.functions) {
      for (const action of ACTIONS) {
        for (const context of CONTEXTS) {
          const each = iam.isAllowedEach(f.id, action, RESOURCES, context);
          assert.equal(each.length, RESOURCES.length);
          RESOURCES.forEach((r, i) => {
            assert.deepEqual(each[i], iam.isAllowed(f.id, action, r, context), `${f.id} ${action} ${r} ${JSON.stringify(context)}`);
            compared++;
          });
        }
      }
    }
    assert.equal(compared, app.functions.length * ACTIONS.length * CONTEXTS.length * RESOURCES.length);
  });

  it('decides once only what the statements cannot tell apart', () => {
    const fns = [functionArn('c'), functionArn('team-x'), functionArn('ab')];
    // Resource "*" and no resource policy in the way: one decision.
    const star = iam.isAllowedEach('fn-StarConditional', 'lambda:UpdateFunctionCode', fns);
    assert.ok(star[0] === star[1] && star[1] === star[2]);
    assert.equal(star[0]!.decision, 'conditionally-allowed');
    // A resource policy that names the action (b's Deny) is evaluated for its resource.
    const withB = iam.isAllowedEach('fn-Star', 'lambda:UpdateFunctionCode', [functionArn('b'), functionArn('c')]);
    assert.notEqual(withB[0], withB[1]);
    assert.equal(withB[0]!.decision, 'explicitly-denied');
    assert.equal(withB[1]!.decision, 'allowed');
    // A scoped grant or a scoped boundary: each resource on its own.
    const scoped = iam.isAllowedEach('fn-Scoped', 'lambda:UpdateFunctionCode', fns);
    assert.ok(scoped[0] !== scoped[1]);
    const bounded = iam.isAllowedEach('fn-Bounded', 'lambda:UpdateFunctionCode', [functionArn('a'), functionArn('c')]);
    assert.deepEqual(bounded.map((d) => d.decision), ['allowed', 'implicitly-denied']);
  });
});
