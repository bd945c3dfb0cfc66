/**
 * Profiles (issue 22): posture rules run only under `hardening` and `all`; `hardening` leaves out
 * their info findings; a rule given a level in the config runs whatever the profile; `--profile`
 * and the config's `profile:` choose it. Severities of the Lambda posture rules follow the caller.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { runCli } from '../../src/cli/index.js';
import { validateConfig } from '../../src/config/schema.js';
import { captureIo, tempDir } from '../diff/helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
    Type: AWS::S3::Bucket
  Public:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs16.x
      InlineCode: "exports.handler = async () => 1"
      Events:
        Get:
          Type: HttpApi
          Properties:
            Path: /items
            Method: get
  Nightly:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.8
      InlineCode: "def handler(e, c): return 1"
      Events:
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
`;

const tmp = tempDir();
after(() => tmp.cleanup());
const file = join(tmp.dir, 'template.yaml');
writeFileSync(file, TEMPLATE);

const posture = <T extends { ruleId: string }>(fs: T[]): T[] => fs.filter((f) => f.ruleId.startsWith('posture/'));
const at = (fs: { ruleId: string; resource: string; severity: string }[], rule: string, fn: string) => fs.find((f) => f.ruleId === rule && f.resource === fn)?.severity;

describe('profiles', () => {
  it('security (default) runs no posture rule', async () => {
    const r = await analyze({ root: file });
    assert.deepEqual(posture(r.findings), []);
    assert.ok(r.findings.length > 0, 'security rules still run');
  });

  it('hardening adds the posture rules at the severity the caller gives them, without their info findings', async () => {
    const r = await analyze({ root: file, engine: { profile: 'hardening' } });
    const f = posture(r.findings);
    assert.equal(at(f, 'posture/no-deprecated-runtime', 'Public'), 'medium', 'deprecated runtime reached from the internet: a patching gap, not a flaw usable now');
    assert.equal(at(f, 'posture/no-deprecated-runtime', 'Nightly'), 'low', 'deprecated runtime only S3 (an AWS service) reaches');
    assert.equal(at(f, 'posture/require-dead-letter', 'Nightly'), 'low', 'asynchronous S3 source of the same account');
    assert.equal(at(f, 'posture/require-dead-letter', 'Public'), undefined, 'a synchronous API function needs no DLQ');
    assert.equal(at(f, 'posture/require-tracing', 'Public'), 'low');
    assert.ok(f.every((x) => x.severity !== 'info'), 'no info posture finding under hardening');
    assert.match(f.find((x) => x.ruleId === 'posture/no-deprecated-runtime' && x.resource === 'Public')!.message, /anyone on the internet reaches it through GET \/items/);
  });

  it('all keeps the info posture findings', async () => {
    const r = await analyze({ root: file, engine: { profile: 'all' } });
    assert.equal(at(r.findings, 'posture/require-vpc', 'Public'), 'info');
  });

  it('a posture rule given a level in the config runs under the default profile', async () => {
    const r = await analyze({ root: file, engine: { ruleLevels: { 'posture/require-code-signing': 'medium' } } });
    assert.deepEqual(posture(r.findings).map((f) => `${f.ruleId} ${f.resource} ${f.severity}`).sort(), ['posture/require-code-signing Nightly medium', 'posture/require-code-signing Public medium']);
  });

  it("a Checkov skip in the resource's Metadata suppresses the rule that lists the Checkov id", async () => {
    const skipped = join(tmp.dir, 'skipped.yaml');
    writeFileSync(skipped, TEMPLATE.replace('  Nightly:\n    Type: AWS::Serverless::Function\n', '  Nightly:\n    Type: AWS::Serverless::Function\n    Metadata:\n      checkov:\n        skip:\n          - id: CKV_AWS_116\n            comment: retries are idempotent and the bucket is re-scanned nightly\n'));
    const r = await analyze({ root: skipped, engine: { profile: 'hardening' } });
    const dlq = r.findings.find((f) => f.ruleId === 'posture/require-dead-letter' && f.resource === 'Nightly');
    assert.ok(dlq, 'the finding stays, suppressed');
    assert.equal(dlq.suppression?.reason, 'retries are idempotent and the bucket is re-scanned nightly (checkov CKV_AWS_116)');
    assert.equal(r.findings.find((f) => f.ruleId === 'posture/no-deprecated-runtime' && f.resource === 'Nightly')?.suppression, undefined, 'other rules are not suppressed');
  });

  it('config profile: is validated and applied; --profile on the command line', async () => {
    const locate = () => ({ file: 'nightlight.config.yaml', line: 1, column: 1 });
    assert.equal(validateConfig({ profile: 'hardening' }, 'nightlight.config.yaml', locate).config.profile, 'hardening');
    assert.match(validateConfig({ profile: 'strict' }, 'nightlight.config.yaml', locate).diagnostics[0]!.message, /profile must be one of security, hardening, all/);
    const r = await analyze({ root: file, config: { ...validateConfig({ profile: 'all' }, 'x', locate).config } });
    assert.equal(at(r.findings, 'posture/require-vpc', 'Public'), 'info');
    const io = captureIo();
    const code = await runCli(['scan', file, '--profile', 'hardening', '--format', 'json', '--fail-on', 'never', '--no-cache'], io);
    assert.equal(code, 0);
    const ids = (JSON.parse(io.out.join('')) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    assert.ok(ids.includes('posture/no-deprecated-runtime'));
    const bad = captureIo();
    assert.equal(await runCli(['scan', file, '--profile', 'default'], bad), 2);
    assert.match(bad.err.join(''), /--profile must be one of security, hardening, all/);
  });
});
