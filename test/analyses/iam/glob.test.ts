import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionMatches,
  ActionPatterns,
  actionPatterns,
  arnCovers,
  arnIntersects,
  arnMatches,
  globCovers,
  globMatch,
  globsIntersect,
} from '../../../src/analyses/iam/glob.js';

describe('iam glob matching', () => {
  it('matches actions case-insensitively with * and ?', () => {
    assert.equal(actionMatches('s3:Get*', 's3:GetObject'), true);
    assert.equal(actionMatches('S3:get*', 's3:GetObject'), true);
    assert.equal(actionMatches('s3:?etObject', 's3:GetObject'), true);
    assert.equal(actionMatches('s3:Get?', 's3:GetObject'), false);
    assert.equal(actionMatches('*', 'iam:PassRole'), true);
    assert.equal(actionMatches('s3:*', 's3express:CreateSession'), false);
  });

  it('matches ARNs segment by segment, case-sensitively', () => {
    assert.equal(arnMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b.txt'), true);
    assert.equal(arnMatches('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/a'), false);
    // `*` in the region segment does not swallow the account
    assert.equal(arnMatches('arn:aws:lambda:*:function:f', 'arn:aws:lambda:us-east-1:123456789012:function:f'), false);
    assert.equal(arnMatches('arn:aws:lambda:*:*:function:f', 'arn:aws:lambda:us-east-1:123456789012:function:f'), true);
    // short patterns are padded with *
    assert.equal(arnMatches('arn:aws:lambda:*', 'arn:aws:lambda:us-east-1:123456789012:function:f'), true);
    // the resource part may contain colons
    assert.equal(arnMatches('arn:aws:lambda:*:*:function:f*', 'arn:aws:lambda:us-east-1:1:function:f:live'), true);
    assert.equal(arnMatches('*', 'anything'), true);
    assert.equal(arnMatches('arn:aws:s3:::*', '*'), false);
  });

  it('intersects and covers patterns soundly', () => {
    assert.equal(globsIntersect('a*c', 'ab*'), true);
    assert.equal(globsIntersect('a*c', 'b*'), false);
    assert.equal(globsIntersect('a?c', 'a*'), true);
    assert.equal(globCovers('a*', 'ab*'), true);
    assert.equal(globCovers('ab*', 'a*'), false);
    assert.equal(globCovers('a?', 'a*'), false);
    assert.equal(arnIntersects('arn:aws:s3:::data/*', 'arn:aws:s3:::*/secret'), true);
    assert.equal(arnIntersects('arn:aws:s3:::data/*', 'arn:aws:sqs:*:*:*'), false);
    assert.equal(arnCovers('arn:aws:lambda:*:*:function:*', 'arn:aws:lambda:us-east-1:1:function:app-*'), true);
    assert.equal(arnCovers('arn:aws:lambda:*:*:function:app-1', 'arn:aws:lambda:*:*:function:*'), false);
  });

  it('StringLike semantics', () => {
    assert.equal(globMatch('home/*/x', 'home/bob/x'), true);
    assert.equal(globMatch('HOME/*', 'home/a'), false);
    assert.equal(globMatch('HOME/*', 'home/a', true), true);
  });

  it('compiled action lists answer as matching each pattern in turn', () => {
    // Deterministic pseudo-random lists of exact names, service wildcards, inner wildcards and odd
    // forms (no colon, wildcard service, `?`, mixed case), asked about actions near and far.
    let seed = 17;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const services = ['s3', 'S3', 'iam', 'lambda', 'dynamodb', 'ec2', 'sts', ''];
    const names = ['GetObject', 'PutObject', 'PassRole', 'InvokeFunction', 'Get*', '*Object', 'Put?bject', '*', '?', 'get*Policy*', 'List*s'];
    const pattern = () => {
      const r = rand(10);
      if (r === 0) return '*';
      if (r === 1) return `${services[rand(services.length)]}*`;
      if (r === 2) return `s?:${names[rand(names.length)]}`;
      if (r === 3) return `*:${names[rand(names.length)]}`;
      return `${services[rand(services.length)]}:${names[rand(names.length)]}`;
    };
    const actions = ['s3:GetObject', 'S3:getobject', 's3:PutObject', 'iam:PassRole', 'iam:GetRolePolicy', 'lambda:InvokeFunction', 'ec2:ListTags', 'sts:AssumeRole', 's3', 's3:', ':GetObject', 'dynamodb:PutItem', 's3:Get:Object'];
    for (let round = 0; round < 400; round++) {
      const list = Array.from({ length: 1 + rand(6) }, pattern).filter((p) => p !== '*' || rand(4) === 0);
      const compiled = new ActionPatterns(list);
      for (const a of actions) assert.equal(compiled.matches(a), list.some((p) => actionMatches(p, a)), `${JSON.stringify(list)} ${a}`);
    }
    assert.equal(actionPatterns(['s3:*', { reason: 'unresolved' }]), null);
    const list = ['s3:*'];
    assert.equal(actionPatterns(list), actionPatterns(list));
  });
});
