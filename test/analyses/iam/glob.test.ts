import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionMatches,
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
});
