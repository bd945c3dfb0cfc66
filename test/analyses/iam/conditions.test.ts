import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyConditions } from '../../../src/model/types.js';
import { unresolved } from '../../../src/model/types.js';
import type { RequestContext, Truth } from '../../../src/analyses/iam/conditions.js';
import { evaluateConditions, newDoubt, normaliseContext } from '../../../src/analyses/iam/conditions.js';

function check(conditions: PolicyConditions, context?: RequestContext): { truth: Truth; keys: string[]; unresolved: string[] } {
  const doubt = newDoubt();
  const truth = evaluateConditions(conditions, normaliseContext(context), doubt);
  return { truth, keys: [...doubt.unknownKeys], unresolved: [...doubt.unresolved] };
}

const complete = (values: Record<string, string | string[]>): RequestContext => ({ values, complete: true });

describe('iam conditions', () => {
  it('string operators', () => {
    assert.equal(check({ StringEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } }, complete({ 'aws:sourcevpc': 'vpc-2' })).truth, 'yes');
    assert.equal(check({ StringEquals: { 'aws:SourceVpc': ['vpc-1'] } }, complete({ 'aws:SourceVpc': 'VPC-1' })).truth, 'no');
    assert.equal(check({ StringEqualsIgnoreCase: { 'aws:SourceVpc': ['vpc-1'] } }, complete({ 'aws:SourceVpc': 'VPC-1' })).truth, 'yes');
    assert.equal(check({ StringNotEquals: { 'aws:SourceVpc': ['vpc-1'] } }, complete({ 'aws:SourceVpc': 'vpc-1' })).truth, 'no');
    assert.equal(check({ StringLike: { 's3:prefix': ['home/*'] } }, complete({ 's3:prefix': 'home/bob' })).truth, 'yes');
    assert.equal(check({ StringNotLike: { 's3:prefix': ['home/*'] } }, complete({ 's3:prefix': 'home/bob' })).truth, 'no');
  });

  it('absent keys: positive false, negated true, IfExists true, Null', () => {
    assert.equal(check({ StringEquals: { 'aws:SourceVpc': ['vpc-1'] } }, complete({})).truth, 'no');
    assert.equal(check({ StringNotEquals: { 'aws:SourceVpc': ['vpc-1'] } }, complete({})).truth, 'yes');
    assert.equal(check({ StringEqualsIfExists: { 'aws:SourceVpc': ['vpc-1'] } }, complete({})).truth, 'yes');
    assert.equal(check({ StringEqualsIfExists: { 'aws:SourceVpc': ['vpc-1'] } }, complete({ 'aws:SourceVpc': 'x' })).truth, 'no');
    assert.equal(check({ Null: { 'aws:SourceVpc': ['true'] } }, complete({})).truth, 'yes');
    assert.equal(check({ Null: { 'aws:SourceVpc': ['false'] } }, complete({})).truth, 'no');
  });

  it('an unknown context key gives maybe, never no', () => {
    const r = check({ StringEquals: { 'aws:SourceVpc': ['vpc-1'] } });
    assert.equal(r.truth, 'maybe');
    assert.deepEqual(r.keys, ['aws:SourceVpc']);
    assert.equal(check({ Null: { 'aws:SourceVpc': ['true'] } }).truth, 'maybe');
    // a key that is supplied decides even in an incomplete context
    assert.equal(check({ StringEquals: { 'aws:SourceVpc': ['vpc-1'] } }, { values: { 'aws:SourceVpc': 'vpc-9' } }).truth, 'no');
  });

  it('numeric, date, bool, ip, arn', () => {
    assert.equal(check({ NumericLessThan: { 's3:max-keys': ['10'] } }, complete({ 's3:max-keys': '5' })).truth, 'yes');
    assert.equal(check({ NumericGreaterThanEquals: { 's3:max-keys': ['10'] } }, complete({ 's3:max-keys': '5' })).truth, 'no');
    assert.equal(check({ DateLessThan: { 'aws:CurrentTime': ['2030-01-01T00:00:00Z'] } }, complete({ 'aws:CurrentTime': '2026-01-01T00:00:00Z' })).truth, 'yes');
    assert.equal(check({ Bool: { 'aws:SecureTransport': ['false'] } }, complete({ 'aws:SecureTransport': 'true' })).truth, 'no');
    assert.equal(check({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }, complete({ 'aws:SourceIp': '10.2.3.4' })).truth, 'yes');
    assert.equal(check({ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }, complete({ 'aws:SourceIp': '10.2.3.4' })).truth, 'no');
    assert.equal(check({ IpAddress: { 'aws:SourceIp': ['2001:db8::/32'] } }, complete({ 'aws:SourceIp': '2001:db8::1' })).truth, 'yes');
    assert.equal(
      check({ ArnLike: { 'aws:SourceArn': ['arn:aws:sns:*:123456789012:orders-*'] } }, complete({ 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:orders-new' })).truth,
      'yes',
    );
    assert.equal(check({ ArnNotEquals: { 'aws:SourceArn': ['arn:aws:sns:*:1:t'] } }, complete({ 'aws:SourceArn': 'arn:aws:sns:x:1:t' })).truth, 'no');
  });

  it('set operators', () => {
    const c = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } };
    assert.equal(check(c, complete({ 'aws:TagKeys': ['a', 'b'] })).truth, 'yes');
    assert.equal(check(c, complete({ 'aws:TagKeys': ['a', 'c'] })).truth, 'no');
    assert.equal(check(c, complete({})).truth, 'yes');
    const any = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } };
    assert.equal(check(any, complete({ 'aws:TagKeys': ['c', 'b'] })).truth, 'yes');
    assert.equal(check(any, complete({ 'aws:TagKeys': ['c'] })).truth, 'no');
    assert.equal(check(any, complete({})).truth, 'no');
  });

  it('policy variables in condition values', () => {
    const c = { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } };
    assert.equal(check(c, complete({ 's3:prefix': 'home/bob/x', 'aws:username': 'bob' })).truth, 'yes');
    assert.equal(check(c, complete({ 's3:prefix': 'home/bob/x', 'aws:username': 'eve' })).truth, 'no');
    const r = check(c, { values: { 's3:prefix': 'home/bob/x' } });
    assert.equal(r.truth, 'maybe');
    assert.deepEqual(r.keys, ['aws:username']);
    assert.equal(check(c, { values: { 's3:prefix': 'other/x' } }).truth, 'no');
  });

  it('all operators and keys must hold', () => {
    const c = { StringEquals: { 'aws:SourceVpc': ['vpc-1'] }, Bool: { 'aws:SecureTransport': ['true'] } };
    assert.equal(check(c, complete({ 'aws:SourceVpc': 'vpc-1', 'aws:SecureTransport': 'true' })).truth, 'yes');
    assert.equal(check(c, complete({ 'aws:SourceVpc': 'vpc-1', 'aws:SecureTransport': 'false' })).truth, 'no');
  });

  it('unresolved values in a condition are reported', () => {
    const r = check({ StringEquals: { 'aws:SourceVpc': [unresolved('VPC id from Fn::ImportValue')] } }, complete({ 'aws:SourceVpc': 'vpc-1' }));
    assert.equal(r.truth, 'maybe');
    assert.deepEqual(r.unresolved, ['VPC id from Fn::ImportValue']);
  });
});
