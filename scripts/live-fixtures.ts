/**
 * Writes the recorded AWS responses that the live-scan tests serve from a loopback server
 * (test/loaders/live/fixtures/): an account in eu-west-1 holding examples/vulnerable-shop deployed
 * as the stack `vulnerable-shop-dev`, plus three console edits made after the deployment:
 *
 *   1. a function URL with AuthType NONE added to AdminReportFunction (and its public grant);
 *   2. GetOrderFunction's inline policy widened from OrdersTable to every table (`Resource: '*'`);
 *   3. RolloutFunction's reserved concurrency (its throttle) removed.
 *
 * Each response is written in its service's own protocol (JSON 1.0/1.1, query/XML, REST-JSON,
 * REST-XML), with the field names of the AWS API references. The tests read the committed
 * fixtures; run this again (`node --import tsx scripts/live-fixtures.ts`) after changing the example.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadAll } from '../src/loaders/index.js';
import { Resolver, asObject, type RObject, type RValue } from '../src/model/resolve.js';
import type { DeployedStack, Diagnostic, JsonObject, LoadedTemplate } from '../src/model/types.js';
import type { Exchange } from '../test/loaders/live/server.js';
import { writeZip } from '../test/loaders/live/zip-writer.js';

const ROOT = 'examples/vulnerable-shop';
const OUT = 'test/loaders/live/fixtures';
const STACK = 'vulnerable-shop-dev';
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK}/1f2e3d4c-0000-4000-8000-00000000c0de`;
const EPOCH = '2026-11-02T09:30:00.000Z';

const exchanges: Exchange[] = [];
const rid = (s: string) => createHash('sha256').update(s).digest('hex');
const suffix = (s: string, n = 12) => rid(s).replace(/[^a-z0-9]/g, '').slice(0, n).toUpperCase();
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function json(service: string, op: string, version: '1.0' | '1.1', body: unknown, match?: Record<string, string | null>): void {
  exchanges.push({ service, op, ...(match ? { match } : {}), status: 200, headers: { 'content-type': `application/x-amz-json-${version}` }, body: JSON.stringify(body) });
}
function rest(service: string, op: string, body: unknown, match?: Record<string, string | null>, status = 200): void {
  exchanges.push({ service, op, ...(match ? { match } : {}), status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
function query(service: string, op: string, ns: string, result: string, match?: Record<string, string | null>): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<${op}Response xmlns="${ns}"><${op}Result>${result}</${op}Result><ResponseMetadata><RequestId>${rid(op + JSON.stringify(match)).slice(0, 36)}</RequestId></ResponseMetadata></${op}Response>`;
  exchanges.push({ service, op, ...(match ? { match } : {}), status: 200, headers: { 'content-type': 'text/xml' }, body });
}
function s3(op: string, body: string, match: Record<string, string>, status = 200): void {
  exchanges.push({ service: 's3', op, match, status, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });
}
const members = (items: string[]) => items.map((x) => `<member>${x}</member>`).join('');

// --- The example as CloudFormation deployed it ---------------------------------------------------------

const diagnostics: Diagnostic[] = [];
const loaded = await loadAll({ root: ROOT, params: {} });
const template = loaded.templates[0]!;
const resources = asObject(template.body['Resources']) as Record<string, JsonObject>;

/** Physical ids as CloudFormation generates them (stack-logical-SUFFIX), or the names the template gives. */
const physical: Record<string, string> = {};
const deployed: DeployedStack = { stackName: STACK, region: REGION, accountId: ACCOUNT, resources: {} };
const generated = (logical: string, max = 64) => `${STACK}-${logical}`.slice(0, max - 13) + `-${suffix(logical)}`;
for (const [logical, res] of Object.entries(resources)) {
  const type = String(res['Type']);
  const props = asObject(res['Properties'] ?? null);
  const arnOf = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${rest}`;
  switch (type) {
    case 'AWS::Lambda::Function': {
      const name = generated(logical);
      physical[logical] = name;
      deployed.resources[logical] = { name, arn: arnOf('lambda', `function:${name}`) };
      break;
    }
    case 'AWS::IAM::Role': {
      const name = generated(logical);
      physical[logical] = name;
      deployed.resources[logical] = { name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}` };
      break;
    }
    case 'AWS::SQS::Queue': {
      const name = generated(logical, 80);
      const url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
      physical[logical] = url;
      deployed.resources[logical] = { name, ref: url, arn: arnOf('sqs', name) };
      break;
    }
    case 'AWS::S3::Bucket':
      if (props['BucketName'] === undefined) {
        const name = generated(logical).toLowerCase();
        physical[logical] = name;
        deployed.resources[logical] = { name, arn: `arn:aws:s3:::${name}` };
      }
      break;
    case 'AWS::DynamoDB::Table': {
      const name = generated(logical, 255);
      physical[logical] = name;
      deployed.resources[logical] = { name, arn: arnOf('dynamodb', `table/${name}`) };
      break;
    }
    case 'AWS::Cognito::UserPool': {
      const id = `${REGION}_${suffix(logical, 9).replace(/^./, 'Q')}`;
      physical[logical] = id;
      deployed.resources[logical] = { name: id.replace(/^[^_]*_/, ''), ref: id, arn: arnOf('cognito-idp', `userpool/${id}`) };
      break;
    }
    case 'AWS::Cognito::UserPoolClient':
      physical[logical] = suffix(logical, 26).toLowerCase();
      deployed.resources[logical] = { name: physical[logical]! };
      break;
    case 'AWS::ApiGatewayV2::Api':
      physical[logical] = suffix(logical, 10).toLowerCase();
      deployed.resources[logical] = { name: physical[logical]!, ref: physical[logical]! };
      break;
    case 'AWS::SecretsManager::Secret': {
      const arn = arnOf('secretsmanager', `secret:${logical}-${suffix(logical, 6)}`);
      physical[logical] = arn;
      deployed.resources[logical] = { name: `${logical}-${suffix(logical, 6)}`, ref: arn, arn };
      break;
    }
    case 'AWS::Events::Rule': {
      const name = generated(logical);
      physical[logical] = name;
      deployed.resources[logical] = { name, arn: arnOf('events', `rule/${name}`) };
      break;
    }
    case 'AWS::Lambda::EventSourceMapping': {
      const h = rid(logical);
      physical[logical] = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
      deployed.resources[logical] = { name: physical[logical]! };
      break;
    }
    case 'AWS::Lambda::Permission':
      physical[logical] = generated(logical, 100);
      break;
    case 'AWS::ApiGatewayV2::Stage':
    case 'AWS::SNS::Topic':
    case 'AWS::SNS::Subscription':
    case 'AWS::SQS::QueuePolicy':
    case 'AWS::Lambda::Url':
      break;
    default:
      throw new Error(`no physical id rule for ${type} (${logical})`);
  }
}
const stackTemplate: LoadedTemplate = { ...template, deployed };
const resolver = new Resolver(stackTemplate, { params: {}, region: REGION, accountId: ACCOUNT, partition: 'aws', stackName: STACK }, diagnostics);
const props: Record<string, RObject> = {};
for (const [logical, res] of Object.entries(resources)) props[logical] = asObject(resolver.resolve(res['Properties'] ?? {}, ['Resources', logical, 'Properties']) as never) as RObject;
for (const [logical, res] of Object.entries(resources)) {
  const type = String(res['Type']);
  if (physical[logical] !== undefined) continue;
  if (type === 'AWS::S3::Bucket' || type === 'AWS::SNS::Topic') {
    const ref = resolver.resolve({ Ref: logical }, []) as string;
    physical[logical] = ref;
    if (type === 'AWS::S3::Bucket') deployed.resources[logical] = { name: ref, arn: `arn:aws:s3:::${ref}` };
  }
}
for (const [logical, res] of Object.entries(resources)) {
  const type = String(res['Type']);
  const p = props[logical]!;
  if (type === 'AWS::SNS::Subscription') physical[logical] = `${String(p['TopicArn'])}:${rid(logical).slice(0, 8)}-${rid(logical).slice(8, 12)}-4${rid(logical).slice(13, 16)}-9${rid(logical).slice(17, 20)}-${rid(logical).slice(20, 32)}`;
  if (type === 'AWS::SQS::QueuePolicy') physical[logical] = `${STACK}-${logical}-${suffix(logical)}`;
  if (type === 'AWS::Lambda::Url') physical[logical] = String(p['TargetFunctionArn']);
  if (type === 'AWS::ApiGatewayV2::Stage') physical[logical] = String(p['StageName']);
}
for (const d of diagnostics) if (d.level === 'error') throw new Error(d.message);
const ofType = (type: string) => Object.keys(resources).filter((l) => resources[l]!['Type'] === type);
const str = (v: RValue | undefined) => (typeof v === 'string' ? v : undefined);

// --- The three console edits -----------------------------------------------------------------------

interface AccountState {
  props: Record<string, RObject>;
  consoleUrls: { fn: string; auth: string }[];
  consoleGrants: Record<string, JsonObject[]>;
}

const asDeployed: AccountState = { props: structuredClone(props), consoleUrls: [], consoleGrants: {} };
const edited: AccountState = { props: structuredClone(props), consoleUrls: [], consoleGrants: {} };
// 1. A function URL with AuthType NONE on AdminReportFunction, and the grants the console adds with it.
const ADMIN = 'AdminReportFunction';
const adminArn = deployed.resources[ADMIN]!.arn!;
edited.consoleUrls.push({ fn: ADMIN, auth: 'NONE' });
edited.consoleGrants[ADMIN] = [
  { Sid: 'FunctionURLAllowPublicAccess', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: adminArn, Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } },
  { Sid: 'FunctionURLAllowInvokeAction', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: adminArn, Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } } },
];
// 2. GetOrderFunction's DynamoDB read statement widened from OrdersTable to every table.
const widened = (edited.props['GetOrderFunctionRole']!['Policies'] as RObject[])[0]!;
((asObject(widened['PolicyDocument'] as never) as RObject)['Statement'] as RObject[])[0]!['Resource'] = '*';
// 3. RolloutFunction's reserved concurrency removed.
delete edited.props['RolloutFunction']!['ReservedConcurrentExecutions'];

/** Records every response of an account in the given state. */
function record({ props, consoleUrls, consoleGrants }: AccountState): Exchange[] {
  exchanges.length = 0;
  // --- STS and CloudFormation (query protocol) -------------------------------------------------------

  query('sts', 'GetCallerIdentity', 'https://sts.amazonaws.com/doc/2011-06-15/', `<Arn>arn:aws:iam::${ACCOUNT}:user/auditor</Arn><UserId>AIDAAUDITOR0000000000</UserId><Account>${ACCOUNT}</Account>`);
  const CFN_NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
  query('cloudformation', 'ListStacks', CFN_NS, `<StackSummaries>${members([`<StackId>${STACK_ID}</StackId><StackName>${STACK}</StackName><TemplateDescription>vulnerable-shop</TemplateDescription><CreationTime>${EPOCH}</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus>`])}</StackSummaries>`);
  const stackResources = Object.keys(resources)
    .sort()
    .map((l) => `<LogicalResourceId>${l}</LogicalResourceId><PhysicalResourceId>${esc(physical[l]!)}</PhysicalResourceId><ResourceType>${resources[l]!['Type']}</ResourceType><LastUpdatedTimestamp>${EPOCH}</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus>`);
  // Two pages, to exercise paging.
  const half = Math.ceil(stackResources.length / 2);
  query('cloudformation', 'ListStackResources', CFN_NS, `<StackResourceSummaries>${members(stackResources.slice(0, half))}</StackResourceSummaries><NextToken>page-2</NextToken>`, { StackName: STACK_ID, NextToken: null });
  query('cloudformation', 'ListStackResources', CFN_NS, `<StackResourceSummaries>${members(stackResources.slice(half))}</StackResourceSummaries>`, { StackName: STACK_ID, NextToken: 'page-2' });

  // --- Lambda (REST-JSON) ------------------------------------------------------------------------------

  function zipOf(dir: string): Buffer {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d).sort()) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (!e.endsWith('template.yaml') && !e.endsWith('README.md')) files.push(p);
      }
    };
    walk(dir);
    return writeZip(files.map((f) => ({ name: relative(dir, f).split('\\').join('/'), data: readFileSync(f), deflate: true })));
  }

  mkdirSync(join(OUT, 'code'), { recursive: true });
  const packages = new Map<string, { sha: string; file: string }>();
  function packageOf(codeUri: string): { sha: string; file: string } {
    let p = packages.get(codeUri);
    if (!p) {
      const zip = zipOf(join(ROOT, codeUri));
      const sha = createHash('sha256').update(zip).digest('base64');
      const file = `${createHash('sha256').update(zip).digest('hex').slice(0, 16)}.zip`;
      writeFileSync(join(OUT, 'code', file), zip);
      p = { sha, file };
      packages.set(codeUri, p);
    }
    return p;
  }

  /** SAM packages the CodeUri folder; the expanded template keeps it as Metadata for us. */
  function codeUriOf(logical: string): string {
    const samFn = asObject((template.expandedFrom?.body['Resources'] as JsonObject | undefined)?.[logical] ?? null);
    const own = asObject(samFn['Properties'] ?? null)['CodeUri'];
    return typeof own === 'string' ? own : '.';
  }

  const functions = ofType('AWS::Lambda::Function').sort((a, b) => (physical[a]! < physical[b]! ? -1 : 1));
  const configs: Record<string, unknown>[] = [];
  for (const logical of functions) {
    const p = props[logical]!;
    const name = physical[logical]!;
    const env = asObject(asObject(p['Environment'] as never)['Variables'] as never);
    const pkg = packageOf(codeUriOf(logical));
    const config = {
      FunctionName: name,
      FunctionArn: deployed.resources[logical]!.arn,
      Runtime: str(p['Runtime']),
      Role: str(p['Role']),
      Handler: str(p['Handler']),
      CodeSize: 4096,
      Description: str(p['Description']) ?? '',
      Timeout: p['Timeout'],
      MemorySize: p['MemorySize'],
      LastModified: '2026-11-02T09:31:00.000+0000',
      CodeSha256: pkg.sha,
      Version: '$LATEST',
      Environment: Object.keys(env).length ? { Variables: env } : undefined,
      TracingConfig: { Mode: asObject(p['TracingConfig'] as never)['Mode'] ?? 'PassThrough' },
      Layers: Array.isArray(p['Layers']) ? (p['Layers'] as string[]).map((arn) => ({ Arn: arn, CodeSize: 1024 })) : undefined,
      PackageType: 'Zip',
      Architectures: p['Architectures'] ?? ['x86_64'],
      EphemeralStorage: { Size: 512 },
      State: 'Active',
    };
    configs.push(config);
    rest('lambda', `GET /2019-09-30/functions/${name}/concurrency`, p['ReservedConcurrentExecutions'] !== undefined ? { ReservedConcurrentExecutions: p['ReservedConcurrentExecutions'] } : {});
    rest('lambda', `GET /2024-08-31/functions/${name}/recursion-config`, { RecursiveLoop: 'Terminate' });
    rest('lambda', `GET /2015-03-31/functions/${name}`, { Configuration: config, Code: { RepositoryType: 'S3', Location: `{{ENDPOINT}}/__code/${pkg.file}` }, Tags: { 'lambda:createdBy': 'SAM', 'aws:cloudformation:stack-name': STACK, 'aws:cloudformation:logical-id': logical } });
    // Resource policy: one statement per AWS::Lambda::Permission of the stack, plus console grants.
    const statements: JsonObject[] = [];
    for (const perm of ofType('AWS::Lambda::Permission').sort()) {
      const q = props[perm]!;
      const target = str(q['FunctionName']);
      if (target !== name && target !== config.FunctionArn) continue;
      const principal = str(q['Principal'])!;
      const st: JsonObject = { Sid: physical[perm]!, Effect: 'Allow', Principal: principal === '*' ? '*' : principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal }, Action: str(q['Action'])!, Resource: config.FunctionArn! };
      const cond: JsonObject = {};
      if (str(q['SourceArn'])) cond['ArnLike'] = { 'AWS:SourceArn': str(q['SourceArn'])! };
      if (str(q['SourceAccount'])) cond['StringEquals'] = { 'AWS:SourceAccount': str(q['SourceAccount'])! };
      if (str(q['FunctionUrlAuthType'])) cond['StringEquals'] = { ...asObject(cond['StringEquals'] ?? null), 'lambda:FunctionUrlAuthType': str(q['FunctionUrlAuthType'])! };
      if (q['InvokedViaFunctionUrl'] === true) cond['Bool'] = { 'lambda:InvokedViaFunctionUrl': 'true' };
      if (Object.keys(cond).length) st['Condition'] = cond;
      statements.push(st);
    }
    statements.push(...(consoleGrants[logical] ?? []));
    if (statements.length) rest('lambda', `GET /2015-03-31/functions/${name}/policy`, { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }), RevisionId: rid(name).slice(0, 36) });
    else rest('lambda', `GET /2015-03-31/functions/${name}/policy`, { Type: 'User', Message: `The resource you requested does not exist. (Service: Lambda, Status Code: 404)` }, undefined, 404);
    // Function URLs: declared ones and the console's.
    const urls: JsonObject[] = [];
    for (const u of ofType('AWS::Lambda::Url')) {
      const q = props[u]!;
      if (str(q['TargetFunctionArn']) !== config.FunctionArn && str(q['TargetFunctionArn']) !== name) continue;
      urls.push({ FunctionUrl: `https://${suffix(u, 32).toLowerCase()}.lambda-url.${REGION}.on.aws/`, FunctionArn: config.FunctionArn!, AuthType: str(q['AuthType'])!, Cors: (q['Cors'] ?? undefined) as JsonObject, CreationTime: EPOCH, LastModifiedTime: EPOCH, InvokeMode: str(q['InvokeMode']) ?? 'BUFFERED' });
    }
    for (const u of consoleUrls.filter((x) => x.fn === logical)) urls.push({ FunctionUrl: `https://${suffix(`${logical}-console`, 32).toLowerCase()}.lambda-url.${REGION}.on.aws/`, FunctionArn: config.FunctionArn!, AuthType: u.auth, CreationTime: EPOCH, LastModifiedTime: EPOCH, InvokeMode: 'BUFFERED' });
    rest('lambda', `GET /2021-10-31/functions/${name}/urls`, { FunctionUrlConfigs: urls });
    rest('lambda', `GET /2015-03-31/functions/${name}/aliases`, { Aliases: [] });
  }
  // ListFunctions in two pages; the first answer is a throttling error the client must retry.
  const fnHalf = Math.ceil(configs.length / 2);
  exchanges.push({ service: 'lambda', op: 'GET /2015-03-31/functions', times: 1, status: 429, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' }, body: JSON.stringify({ Type: 'User', message: 'Rate exceeded', Reason: 'CallerRateLimitExceeded' }) });
  rest('lambda', 'GET /2015-03-31/functions', { Functions: configs.slice(0, fnHalf), NextMarker: 'functions-page-2' }, { Marker: null });
  rest('lambda', 'GET /2015-03-31/functions', { Functions: configs.slice(fnHalf) }, { Marker: 'functions-page-2' });
  rest('lambda', 'GET /2015-03-31/event-source-mappings', {
    EventSourceMappings: ofType('AWS::Lambda::EventSourceMapping')
      .sort()
      .map((l) => {
        const q = props[l]!;
        return { UUID: physical[l], BatchSize: q['BatchSize'] ?? 10, EventSourceArn: str(q['EventSourceArn']), FunctionArn: deployed.resources[functions.find((f) => physical[f] === q['FunctionName'] || deployed.resources[f]!.arn === q['FunctionName'])!]!.arn, LastModified: 1793611860, State: 'Enabled', StateTransitionReason: 'USER_INITIATED', FunctionResponseTypes: q['FunctionResponseTypes'] ?? [] };
      }),
  });

  // --- IAM (query protocol) -------------------------------------------------------------------------------

  const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
  const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
  for (const logical of ofType('AWS::IAM::Role').sort()) {
    const p = props[logical]!;
    const name = physical[logical]!;
    query('iam', 'GetRole', IAM_NS, `<Role><Path>/</Path><RoleName>${name}</RoleName><RoleId>AROA${suffix(logical, 17)}</RoleId><Arn>${deployed.resources[logical]!.arn}</Arn><CreateDate>${EPOCH}</CreateDate><AssumeRolePolicyDocument>${enc(p['AssumeRolePolicyDocument'])}</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></Role>`, { RoleName: name });
    const inline = (Array.isArray(p['Policies']) ? (p['Policies'] as RObject[]) : []).map((x) => ({ name: String(x['PolicyName']), doc: x['PolicyDocument'] }));
    query('iam', 'ListRolePolicies', IAM_NS, `<PolicyNames>${members(inline.map((x) => x.name))}</PolicyNames><IsTruncated>false</IsTruncated>`, { RoleName: name });
    for (const x of inline) query('iam', 'GetRolePolicy', IAM_NS, `<RoleName>${name}</RoleName><PolicyName>${x.name}</PolicyName><PolicyDocument>${enc(x.doc)}</PolicyDocument>`, { RoleName: name, PolicyName: x.name });
    const managed = Array.isArray(p['ManagedPolicyArns']) ? (p['ManagedPolicyArns'] as string[]) : [];
    query('iam', 'ListAttachedRolePolicies', IAM_NS, `<AttachedPolicies>${members(managed.map((a) => `<PolicyName>${a.slice(a.lastIndexOf('/') + 1)}</PolicyName><PolicyArn>${a}</PolicyArn>`))}</AttachedPolicies><IsTruncated>false</IsTruncated>`, { RoleName: name });
  }

  // --- API Gateway HTTP API (REST-JSON) ---------------------------------------------------------------------

  const apis: unknown[] = [];
  for (const logical of ofType('AWS::ApiGatewayV2::Api')) {
    const id = physical[logical]!;
    const body = asObject(props[logical]!['Body'] as never) as RObject;
    const cors = asObject(body['x-amazon-apigateway-cors'] as never) as RObject;
    const camel = (o: RObject) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
    apis.push({ apiId: id, name: STACK, protocolType: 'HTTP', apiEndpoint: `https://${id}.execute-api.${REGION}.amazonaws.com`, routeSelectionExpression: '$request.method $request.path', createdDate: EPOCH, disableExecuteApiEndpoint: false, ...(Object.keys(cors).length ? { corsConfiguration: camel(cors) } : {}) });
    const schemes = asObject(asObject(body['components'] as never)['securitySchemes'] as never) as RObject;
    const authorizers: JsonObject[] = [];
    const authorizerIds: Record<string, string> = {};
    for (const [scheme, raw] of Object.entries(schemes)) {
      const az = asObject(asObject(raw as never)['x-amazon-apigateway-authorizer'] as never) as RObject;
      const jwt = asObject(az['jwtConfiguration'] as never) as RObject;
      const azId = suffix(`${logical}-${scheme}`, 6).toLowerCase();
      authorizerIds[scheme] = azId;
      authorizers.push({ authorizerId: azId, name: scheme, authorizerType: String(az['type'] ?? 'jwt').toUpperCase(), identitySource: [String(az['identitySource'] ?? '$request.header.Authorization')], jwtConfiguration: { audience: jwt['audience'] as string[], issuer: String(jwt['issuer']) } });
    }
    const routes: JsonObject[] = [];
    const integrations: JsonObject[] = [];
    for (const [path, item] of Object.entries(asObject(body['paths'] as never) as RObject)) {
      for (const [method, opRaw] of Object.entries(asObject(item as never) as RObject)) {
        const op = asObject(opRaw as never) as RObject;
        const integ = asObject(op['x-amazon-apigateway-integration'] as never) as RObject;
        const key = `${method.toUpperCase()} ${path}`;
        const integId = suffix(`${logical}-${key}-integration`, 7).toLowerCase();
        const uri = String(integ['uri']);
        integrations.push({ integrationId: integId, integrationType: 'AWS_PROXY', integrationMethod: 'POST', integrationUri: /functions\/(arn:[^/]+)\/invocations/.exec(uri)?.[1] ?? uri, payloadFormatVersion: String(integ['payloadFormatVersion'] ?? '2.0'), connectionType: 'INTERNET', timeoutInMillis: 30000 });
        const security = (op['security'] ?? body['security']) as RObject[] | undefined;
        const scheme = Array.isArray(security) && security.length ? Object.keys(security[0]!)[0] : undefined;
        routes.push({ routeId: suffix(`${logical}-${key}`, 7).toLowerCase(), routeKey: key, target: `integrations/${integId}`, authorizationType: scheme ? 'JWT' : 'NONE', ...(scheme ? { authorizerId: authorizerIds[scheme] } : {}), apiKeyRequired: false });
      }
    }
    rest('apigateway', `GET /v2/apis/${id}/routes`, { items: routes });
    rest('apigateway', `GET /v2/apis/${id}/integrations`, { items: integrations });
    rest('apigateway', `GET /v2/apis/${id}/authorizers`, { items: authorizers });
    const stages = ofType('AWS::ApiGatewayV2::Stage')
      .filter((s) => props[s]!['ApiId'] === id)
      .map((s) => {
        const q = props[s]!;
        const d = asObject(q['DefaultRouteSettings'] as never) as RObject;
        return { stageName: String(q['StageName']), autoDeploy: q['AutoDeploy'] === true, createdDate: EPOCH, defaultRouteSettings: { detailedMetricsEnabled: false, ...(d['ThrottlingBurstLimit'] !== undefined ? { throttlingBurstLimit: d['ThrottlingBurstLimit'] } : {}), ...(d['ThrottlingRateLimit'] !== undefined ? { throttlingRateLimit: d['ThrottlingRateLimit'] } : {}) }, routeSettings: {}, stageVariables: {}, tags: {} };
      });
    rest('apigateway', `GET /v2/apis/${id}/stages`, { items: stages });
  }
  rest('apigateway', 'GET /v2/apis', { items: apis });
  // REST APIs (v1): none in the example; see `restApi` below for one made by hand.
  rest('apigateway', 'GET /restapis', { item: [] });

  // --- SQS (JSON 1.0), SNS (query), S3 (REST-XML) ------------------------------------------------------------

  const queues = ofType('AWS::SQS::Queue').sort((a, b) => (physical[a]! < physical[b]! ? -1 : 1));
  json('sqs', 'ListQueues', '1.0', { QueueUrls: queues.map((q) => physical[q]) });
  for (const q of queues) {
    const p = props[q]!;
    const policy = ofType('AWS::SQS::QueuePolicy').find((x) => (props[x]!['Queues'] as string[]).includes(physical[q]!));
    const attrs: Record<string, string> = {
      QueueArn: deployed.resources[q]!.arn!,
      ApproximateNumberOfMessages: '0',
      CreatedTimestamp: '1793611800',
      LastModifiedTimestamp: '1793611800',
      VisibilityTimeout: String(p['VisibilityTimeout'] ?? 30),
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
    };
    if (policy) attrs['Policy'] = JSON.stringify(props[policy]!['PolicyDocument']);
    json('sqs', 'GetQueueAttributes', '1.0', { Attributes: attrs }, { QueueUrl: physical[q]! });
  }

  const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
  const topics = ofType('AWS::SNS::Topic');
  query('sns', 'ListTopics', SNS_NS, `<Topics>${members(topics.map((t) => `<TopicArn>${physical[t]}</TopicArn>`))}</Topics>`);
  const entries = (m: Record<string, string>) => Object.entries(m).map(([k, v]) => `<entry><key>${k}</key><value>${esc(v)}</value></entry>`).join('');
  for (const t of topics) {
    const arn = physical[t]!;
    // The policy SNS gives every new topic: the owning account only.
    const defaultPolicy = { Version: '2008-10-17', Id: '__default_policy_ID', Statement: [{ Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'], Resource: arn, Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } } }] };
    query('sns', 'GetTopicAttributes', SNS_NS, `<Attributes>${entries({ TopicArn: arn, Owner: ACCOUNT, Policy: JSON.stringify(defaultPolicy), DisplayName: '', SubscriptionsConfirmed: '2', SubscriptionsPending: '0', SubscriptionsDeleted: '0' })}</Attributes>`, { TopicArn: arn });
    const subs = ofType('AWS::SNS::Subscription').filter((s) => props[s]!['TopicArn'] === arn);
    query('sns', 'ListSubscriptionsByTopic', SNS_NS, `<Subscriptions>${members(subs.map((s) => `<SubscriptionArn>${physical[s]}</SubscriptionArn><Owner>${ACCOUNT}</Owner><Protocol>${str(props[s]!['Protocol'])}</Protocol><Endpoint>${esc(str(props[s]!['Endpoint'])!)}</Endpoint><TopicArn>${arn}</TopicArn>`))}</Subscriptions>`, { TopicArn: arn });
  }

  const buckets = ofType('AWS::S3::Bucket').sort((a, b) => (physical[a]! < physical[b]! ? -1 : 1));
  const OWNER = `<Owner><ID>${rid('owner')}</ID></Owner>`;
  s3('GET /', `<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets>${buckets.map((b) => `<Bucket><Name>${physical[b]}</Name><CreationDate>${EPOCH}</CreationDate><BucketRegion>${REGION}</BucketRegion></Bucket>`).join('')}</Buckets>${OWNER}</ListAllMyBucketsResult>`, { 'x-id': 'ListBuckets' });
  for (const b of buckets) {
    const name = physical[b]!;
    const nc = asObject(props[b]!['NotificationConfiguration'] as never) as RObject;
    const lambdas = (Array.isArray(nc['LambdaConfigurations']) ? (nc['LambdaConfigurations'] as RObject[]) : []).map((c, i) => {
      const rules = (asObject(asObject(c['Filter'] as never)['S3Key'] as never) as RObject)['Rules'];
      const filter = Array.isArray(rules) && rules.length ? `<Filter><S3Key>${(rules as RObject[]).map((r) => `<FilterRule><Name>${String(r['Name'])}</Name><Value>${esc(String(r['Value']))}</Value></FilterRule>`).join('')}</S3Key></Filter>` : '';
      return `<CloudFunctionConfiguration><Id>${rid(`${b}-${i}`).slice(0, 36)}</Id><CloudFunction>${str(c['Function'])}</CloudFunction><Event>${str(c['Event'])}</Event>${filter}</CloudFunctionConfiguration>`;
    });
    s3(`GET /${name}`, `<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${lambdas.join('')}</NotificationConfiguration>`, { notification: '' });
    s3(`GET /${name}`, `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${OWNER}<AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${rid('owner')}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`, { acl: '' });
    s3(`GET /${name}`, `<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>${name}</BucketName><RequestId>${rid(name).slice(0, 16)}</RequestId></Error>`, { policy: '' }, 404);
  }

  // --- EventBridge (JSON 1.1), DynamoDB (JSON 1.0), Step Functions (JSON 1.0), Cognito (JSON 1.1) --------------

  json('events', 'ListEventBuses', '1.1', { EventBuses: [{ Name: 'default', Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default` }] });
  const rules = ofType('AWS::Events::Rule').sort((a, b) => (physical[a]! < physical[b]! ? -1 : 1));
  json('events', 'ListRules', '1.1', {
    Rules: rules.map((r) => {
      const p = props[r]!;
      return { Name: physical[r], Arn: deployed.resources[r]!.arn, State: 'ENABLED', EventBusName: 'default', ...(p['EventPattern'] ? { EventPattern: JSON.stringify(p['EventPattern']) } : {}), ...(p['ScheduleExpression'] ? { ScheduleExpression: p['ScheduleExpression'] } : {}) };
    }),
  });
  for (const r of rules) json('events', 'ListTargetsByRule', '1.1', { Targets: ((props[r]!['Targets'] as RObject[]) ?? []).map((t) => ({ Id: t['Id'], Arn: t['Arn'] })) }, { Rule: physical[r]! });

  const tables = ofType('AWS::DynamoDB::Table').sort((a, b) => (physical[a]! < physical[b]! ? -1 : 1));
  json('dynamodb', 'ListTables', '1.0', { TableNames: tables.map((t) => physical[t]) });
  for (const t of tables) {
    const p = props[t]!;
    json('dynamodb', 'DescribeTable', '1.0', { Table: { TableName: physical[t], TableArn: deployed.resources[t]!.arn, TableStatus: 'ACTIVE', CreationDateTime: 1793611800, KeySchema: p['KeySchema'], AttributeDefinitions: p['AttributeDefinitions'], BillingModeSummary: { BillingMode: p['BillingMode'] ?? 'PROVISIONED' }, ItemCount: 0, TableSizeBytes: 0 } }, { TableName: physical[t]! });
  }
  json('kinesis', 'ListStreams', '1.1', { StreamNames: [], HasMoreStreams: false, StreamSummaries: [] });
  json('states', 'ListStateMachines', '1.0', { stateMachines: [] });

  const pools = ofType('AWS::Cognito::UserPool');
  json('cognito-idp', 'ListUserPools', '1.1', { UserPools: pools.map((u) => ({ Id: physical[u], Name: str(props[u]!['UserPoolName']), LambdaConfig: {}, Status: 'Enabled', CreationDate: 1793611800 })) });
  for (const u of pools) json('cognito-idp', 'DescribeUserPool', '1.1', { UserPool: { Id: physical[u], Name: str(props[u]!['UserPoolName']), Arn: deployed.resources[u]!.arn, LambdaConfig: {}, UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'], AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } } }, { UserPoolId: physical[u]! });
  json('cognito-identity', 'ListIdentityPools', '1.1', { IdentityPools: [] });


  return [...exchanges];
}

const baseExchanges = record(asDeployed);
const editedExchanges = record(edited);
const same = (a: Exchange, b: Exchange) => a.service === b.service && a.op === b.op && JSON.stringify(a.match ?? {}) === JSON.stringify(b.match ?? {});
/** The responses the console edits changed (served before the as-deployed ones). */
const edits = editedExchanges.filter((e) => !baseExchanges.some((b) => same(b, e) && b.body === e.body && b.status === e.status));

// --- A REST API made by hand (no stack), for the REST API test -----------------------------------------

const REST_ID = 'q7r8s9t0u1';
const integration = (logical: string) => ({ type: 'AWS_PROXY', httpMethod: 'POST', uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${deployed.resources[logical]!.arn}/invocations`, passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000 });
const restApi: Exchange[] = [];
const restJson = (op: string, body: unknown, match?: Record<string, string | null>) => restApi.push({ service: 'apigateway', op, ...(match ? { match } : {}), status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
restJson('GET /restapis', { item: [{ id: REST_ID, name: 'partner-reports', createdDate: 1793611800, apiKeySource: 'HEADER', endpointConfiguration: { types: ['REGIONAL'] }, disableExecuteApiEndpoint: false }] });
restJson(`GET /restapis/${REST_ID}/resources`, {
  item: [
    { id: 'rootid0001', path: '/' },
    { id: 'rptid00002', parentId: 'rootid0001', pathPart: 'report', path: '/report', resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: true, methodIntegration: integration('AdminReportFunction') } } },
    { id: 'ordid00003', parentId: 'rootid0001', pathPart: 'orders', path: '/orders', resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'azid01', apiKeyRequired: false, methodIntegration: integration('GetOrderFunction') } } },
  ],
}, { embed: 'methods' });
restJson(`GET /restapis/${REST_ID}/authorizers`, { item: [{ id: 'azid01', name: 'ShopUsers', type: 'COGNITO_USER_POOLS', providerARNs: [deployed.resources['UserPool']!.arn!], identitySource: 'method.request.header.Authorization' }] });
restJson(`GET /restapis/${REST_ID}/stages`, { item: [{ stageName: 'prod', deploymentId: 'dep001', methodSettings: { '*/*': { throttlingRateLimit: 10, throttlingBurstLimit: 20, metricsEnabled: false } }, createdDate: 1793611800 }] });
restJson('GET /usageplans', { item: [{ id: 'plan01', name: 'partners', apiStages: [{ apiId: REST_ID, stage: 'prod' }], throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 1000, offset: 0, period: 'DAY' } }] });

// --- An alias made by hand whose policy lets anyone invoke it, for the alias test -------------------------

const SEARCH = physical['SearchProductsFunction']!;
const aliasArn = `${deployed.resources['SearchProductsFunction']!.arn}:live`;
const alias: Exchange[] = [
  { service: 'lambda', op: `GET /2015-03-31/functions/${SEARCH}/aliases`, status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Aliases: [{ AliasArn: aliasArn, Name: 'live', FunctionVersion: '3', Description: 'promoted by hand', RevisionId: rid('alias').slice(0, 36) }] }) },
  { service: 'lambda', op: `GET /2015-03-31/functions/${SEARCH}/policy`, match: { Qualifier: 'live' }, status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [{ Sid: 'partner-invoke', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: aliasArn }] }), RevisionId: rid('alias-policy').slice(0, 36) }) },
];

// --- A Kinesis stream made by hand feeding UpdateInventoryFunction, for the stream test ------------------------

const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/stock-updates`;
const baseEsms = JSON.parse(baseExchanges.find((e) => e.op === 'GET /2015-03-31/event-source-mappings')!.body) as { EventSourceMappings: unknown[] };
const kinesis: Exchange[] = [
  { service: 'kinesis', op: 'ListStreams', status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ StreamNames: ['stock-updates'], HasMoreStreams: false, StreamSummaries: [{ StreamName: 'stock-updates', StreamARN: STREAM_ARN, StreamStatus: 'ACTIVE', StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamCreationTimestamp: 1793611800 }] }) },
  {
    service: 'lambda',
    op: 'GET /2015-03-31/event-source-mappings',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ EventSourceMappings: [...baseEsms.EventSourceMappings, { UUID: '5e1f2a3b-0000-4000-8000-00000000beef', BatchSize: 100, EventSourceArn: STREAM_ARN, FunctionArn: deployed.resources['UpdateInventoryFunction']!.arn, LastModified: 1793611860, State: 'Enabled', StartingPosition: 'LATEST', StateTransitionReason: 'USER_INITIATED' }] }),
  },
];

// --- Errors the tests inject ---------------------------------------------------------------------------------

const loyaltyQueue = physical['LoyaltyQueue']!;
const denied: Exchange[] = [
  {
    service: 'sqs',
    op: 'GetQueueAttributes',
    match: { QueueUrl: loyaltyQueue },
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'AccessDenied;Sender' },
    body: JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message: `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: sqs:getqueueattributes on resource: arn:aws:sqs:${REGION}:${ACCOUNT}:${loyaltyQueue.slice(loyaltyQueue.lastIndexOf('/') + 1)} because no identity-based policy allows the sqs:getqueueattributes action` }),
  },
];

mkdirSync(OUT, { recursive: true });
const fixture = {
  about: 'Recorded AWS responses: examples/vulnerable-shop deployed as vulnerable-shop-dev in 123456789012/eu-west-1 (exchanges); the responses three console edits changed (edits: a public URL on AdminReportFunction, GetOrderFunction policy widened to every table, RolloutFunction reserved concurrency removed); an AccessDenied answer (denied); a REST API made by hand in front of two of its functions (restApi); an alias whose policy lets anyone invoke it (alias); a Kinesis stream made by hand that feeds UpdateInventoryFunction (kinesis). Written by scripts/live-fixtures.ts.',
  stack: STACK,
  region: REGION,
  account: ACCOUNT,
  exchanges: baseExchanges,
  edits,
  denied,
  restApi,
  alias,
  kinesis,
};
writeFileSync(join(OUT, 'vulnerable-shop-account.json'), `${JSON.stringify(fixture, null, 1)}\n`);
console.log(`${baseExchanges.length} exchanges, ${edits.length} edited → ${OUT}`);
