/**
 * The API posture rules (issue 22) rank a stage's gap by who calls the API: an open route (anyone,
 * no sign-in) makes a missing web ACL medium and missing logs low; an API only the account's IAM
 * identities call gets info. A web ACL association is read once, by the rules and by the cost
 * analysis. Serverless `provider.logs` and `provider.tracing.apiGateway` become the stage's
 * settings as the framework applies them.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { tempDir } from '../diff/helpers.js';

const fn = (name: string, events: string) => `  ${name}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => ({ statusCode: 200 })"
      Events:
${events}`;
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  OpenApi:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod }
  GuardedApi:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod }
  InternalApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth: { DefaultAuthorizer: AWS_IAM }
  Acl:
    Type: AWS::WAFv2::WebACL
    Properties:
      Scope: REGIONAL
      DefaultAction: { Allow: {} }
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: acl }
  GuardedAcl:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:aws:apigateway:\${AWS::Region}::/restapis/\${GuardedApi}/stages/\${GuardedApi.Stage}
      WebACLArn: !GetAtt Acl.Arn
  Graph:
    Type: AWS::AppSync::GraphQLApi
    Properties: { Name: graph, AuthenticationType: AMAZON_COGNITO_USER_POOLS }
${fn('Open', '        Get:\n          Type: Api\n          Properties: { RestApiId: !Ref OpenApi, Path: /items, Method: get }\n')}${fn('Guarded', '        Get:\n          Type: Api\n          Properties: { RestApiId: !Ref GuardedApi, Path: /items, Method: get }\n')}${fn('Internal', '        Get:\n          Type: Api\n          Properties: { RestApiId: !Ref InternalApi, Path: /items, Method: get }\n')}`;

const tmp = tempDir();
after(() => tmp.cleanup());
const file = join(tmp.dir, 'template.yaml');
writeFileSync(file, TEMPLATE);

describe('API posture severity follows who calls the API', () => {
  it('an open route makes a missing web ACL medium; IAM-only callers make the gaps info', async () => {
    const r = await analyze({ root: file, engine: { profile: 'all' } });
    const sev = (rule: string, api: string) => r.findings.filter((f) => f.ruleId === rule && f.resource === api).map((f) => f.severity);
    assert.deepEqual(sev('posture/require-waf', 'OpenApi'), ['medium']);
    assert.deepEqual(sev('posture/require-waf', 'GuardedApi'), [], 'the association protects the stage');
    assert.deepEqual(sev('posture/require-waf', 'InternalApi'), ['info']);
    assert.deepEqual(sev('posture/require-waf', 'Graph'), ['low'], 'signed-in users of a user pool are callers from outside');
    assert.deepEqual(sev('posture/require-api-access-logging', 'OpenApi'), ['low']);
    assert.deepEqual(sev('posture/require-api-access-logging', 'InternalApi'), ['info']);
    assert.deepEqual(sev('posture/require-api-execution-logging', 'InternalApi'), ['info']);
    // API Gateway invokes functions through IAM: a client certificate plays no part.
    assert.equal(r.findings.filter((f) => f.ruleId === 'posture/require-client-certificate').length, 0);
    assert.match(r.findings.find((f) => f.ruleId === 'posture/require-waf' && f.resource === 'OpenApi')!.message, /anyone on the internet calls GET \/items without signing in/);
  });

  it('the cost analysis sees the same web ACL association', async () => {
    const r = await analyze({ root: file });
    assert.equal(r.model.resources.find((n) => n.id === 'GuardedApi')?.attributes.wafAssociated, true);
    assert.equal(r.model.resources.find((n) => n.id === 'OpenApi')?.attributes.wafAssociated, undefined);
    const notes = (fnId: string) => r.analyses.cost.ceilings.filter((c) => c.function === fnId).flatMap((c) => c.assumptions.notes);
    assert.ok(notes('Guarded').some((n) => /A WAF web ACL is associated/.test(n)));
    assert.ok(notes('Open').some((n) => /No WAF web ACL on the REST API/.test(n)));
  });

  it('an association whose target cannot be resolved leaves the stage unresolved (info), never protected', async () => {
    const dir = join(tmp.dir, 'unresolved');
    mkdirSync(dir);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE.replace(/ResourceArn: !Sub .*/, 'ResourceArn: !ImportValue shared-api-stage-arn'));
    const r = await analyze({ root: dir, engine: { profile: 'all' } });
    const open = r.findings.filter((f) => f.ruleId === 'posture/require-waf' && f.resource === 'OpenApi');
    assert.deepEqual(open.map((f) => f.severity), ['info']);
    assert.match(open[0]!.message, /could not be decided/);
    assert.equal(r.model.resources.find((n) => n.id === 'GuardedApi')?.attributes.wafAssociated, undefined);
  });
});

describe('Serverless provider.logs and provider.tracing.apiGateway', () => {
  it('become the REST stage settings, the HTTP API access log and the WebSocket stage settings', async () => {
    const dir = join(tmp.dir, 'sls');
    mkdirSync(dir);
    writeFileSync(join(dir, 'handler.js'), 'exports.h = async () => ({ statusCode: 200 });\n');
    writeFileSync(
      join(dir, 'serverless.yml'),
      `service: shop
provider:
  name: aws
  runtime: nodejs22.x
  logs:
    restApi: { executionLogging: false }
    httpApi: true
    websocket: { accessLogging: false }
  tracing: { apiGateway: true }
functions:
  h:
    handler: handler.h
    events:
      - http: { path: items, method: get }
      - httpApi: { path: /items, method: get }
      - websocket: { route: $default }
`,
    );
    const r = await analyze({ root: dir, rules: [] });
    const stages = (kind: string) => r.model.resources.find((n) => n.kind === kind)?.posture?.stages;
    assert.deepEqual(stages('rest-api')?.map((s) => [s.name, s.accessLog, s.executionLog, s.tracing]), [['dev', true, 'OFF', true]]);
    assert.deepEqual(stages('http-api')?.map((s) => [s.name, s.accessLog]), [['$default', true]]);
    assert.deepEqual(stages('websocket-api')?.map((s) => [s.name, s.accessLog, s.executionLog]), [['dev', false, 'INFO']]);
  });
});
