import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isUnresolved } from '../../../src/model/types.js';
import { managedPolicyArn, managedPolicyDocument, managedPolicyName } from '../../../src/analyses/iam/managed.js';
import { at } from './model-fixtures.js';

describe('iam AWS managed policies', () => {
  it('finds a policy by ARN with its path', () => {
    const d = managedPolicyDocument('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', at(7));
    assert.ok(!isUnresolved(d));
    const actions = d.statements.flatMap((s) => s.action ?? []);
    assert.ok(actions.includes('logs:PutLogEvents'));
    assert.deepEqual(d.statements[0]!.location, at(7));
  });

  it('finds a policy by name', () => {
    const d = managedPolicyDocument('AdministratorAccess', at(3));
    assert.ok(!isUnresolved(d));
    assert.deepEqual(d.statements[0]!.action, ['*']);
    assert.deepEqual(d.statements[0]!.resource, ['*']);
    assert.equal(managedPolicyArn('AWSLambdaBasicExecutionRole'), 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
  });

  it('reads NotAction policies (PowerUserAccess)', () => {
    const d = managedPolicyDocument('arn:aws:iam::aws:policy/PowerUserAccess', at(3));
    assert.ok(!isUnresolved(d));
    assert.ok(d.statements.some((s) => s.notAction?.includes('iam:*')));
  });

  it('finds the first and the last policy of the data file', () => {
    assert.ok(!isUnresolved(managedPolicyDocument('AIDevOpsReleaseManagementVPCPolicy', at(1))));
  });

  it('accepts other partitions', () => {
    assert.ok(!isUnresolved(managedPolicyDocument('arn:aws-us-gov:iam::aws:policy/AdministratorAccess', at(1))));
  });

  it('unknown names, wrong paths and customer ARNs are unresolved', () => {
    const unknown = managedPolicyDocument('arn:aws:iam::aws:policy/NoSuchPolicyXyz', at(1));
    assert.ok(isUnresolved(unknown));
    const wrongPath = managedPolicyDocument('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole', at(1));
    assert.ok(isUnresolved(wrongPath));
    assert.match(wrongPath.reason, /service-role/);
    assert.ok(isUnresolved(managedPolicyDocument('arn:aws:iam::123456789012:policy/Mine', at(1))));
    assert.equal(managedPolicyName('arn:aws:iam::123456789012:policy/Mine'), null);
  });
});
