/**
 * Several stacks scanned together (a folder of templates, of Terraform roots): a posture setting
 * attached by a separate resource (a web ACL association, a function's log group) belongs to the
 * element of its own stack, even when another stack declares one of the same name, hence the same
 * synthesised ARN.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { tempDir } from '../diff/helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const FIXTURES = join(import.meta.dirname, 'posture');

/** `open`: a function URL anyone calls; the log group keeps its events 14 days. */
const logged = (open: boolean) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Upload:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: upload
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => 1"${open ? '\n      FunctionUrlConfig: { AuthType: NONE }' : ''}
  UploadLogs:
    Type: AWS::Logs::LogGroup
    Properties: { LogGroupName: /aws/lambda/upload, RetentionInDays: 14 }
`;

describe('posture attachments resolve within their stack', () => {
  it('a web ACL association protects the AppSync API of its own stack, not a namesake of another (CloudFormation and Terraform)', async () => {
    const dir = join(tmp.dir, 'waf');
    mkdirSync(dir);
    for (const f of ['invalid-cfn.yaml', 'valid-cfn.yaml', 'invalid-tf']) cpSync(join(FIXTURES, 'require-waf', f), join(dir, f), { recursive: true });
    cpSync(join(FIXTURES, 'shared', 'hardened-api-tf'), join(dir, 'valid-tf'), { recursive: true });
    const r = await analyze({ root: dir, engine: { profile: 'all' } });
    const graphs = r.findings.filter((f) => f.ruleId === 'posture/require-waf' && /graph/i.test(f.resource ?? '')).map((f) => f.resource).sort();
    assert.deepEqual(graphs, ['invalid-cfn.yaml#Graph', 'invalid-tf#aws_appsync_graphql_api.graph']);
    const waf = (id: string) => r.model.resources.find((n) => n.id === id)?.attributes.wafAssociated;
    assert.equal(waf('valid-cfn.yaml#Graph'), true);
    assert.equal(waf('valid-tf#aws_appsync_graphql_api.graph'), true);
    assert.equal(waf('invalid-cfn.yaml#Graph'), undefined);
  });

  it("a function's log group is ranked by the callers of the function of its own stack", async () => {
    const dir = join(tmp.dir, 'logs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a-open.yaml'), logged(true));
    writeFileSync(join(dir, 'b-internal.yaml'), logged(false));
    const r = await analyze({ root: dir, engine: { profile: 'all' } });
    const of = (res: string) => r.findings.filter((f) => f.ruleId === 'posture/require-log-retention' && f.resource === res).map((f) => [f.severity, f.functions]);
    assert.deepEqual(of('a-open.yaml#UploadLogs'), [['low', ['a-open.yaml#Upload']]]);
    assert.deepEqual(of('b-internal.yaml#UploadLogs'), [['info', ['b-internal.yaml#Upload']]]);
  });
});
