/**
 * Hand-built RunResults for the reporter tests (independent of loaders, model builder and
 * analyses). A small app: a public function URL, an HTTP API with a Cognito route and a public
 * route, a queue → function → topic → function cascade, a cross-account permission, an entry
 * point whose principal could not be resolved, and findings of every severity.
 */
import type { Finding } from '../../src/model/findings.js';
import type { RuleMeta } from '../../src/engine/types.js';
import type { RunResult } from '../../src/engine/result.js';
import { costFixture } from '../helpers/cost.js';
import type { AuthInfo, EntryPoint, FunctionNode, Principal, ResourceKind, ResourceNode, SourceLocation } from '../../src/model/types.js';
import type { RuleDescriptor } from '../../src/reporters/sarif.js';

export const T = 'template.yaml';

export function at(line: number, column = 5, file = T): SourceLocation {
  return { file, line, column };
}

export function fn(id: string, line: number, extra: Partial<FunctionNode> = {}): FunctionNode {
  return {
    id,
    logicalId: id,
    stack: T,
    name: id,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${id}`,
    runtime: 'nodejs20.x',
    handler: { handler: 'index.handler', codeUri: `src/${id}`, inline: false },
    memoryMb: 1024,
    timeoutSeconds: 30,
    architecture: 'arm64',
    reservedConcurrency: null,
    provisionedConcurrency: null,
    roleId: `${id}Role`,
    roleArn: null,
    environment: {},
    layers: [],
    url: null,
    recursiveLoop: 'Terminate',
    permissions: [],
    location: at(line, 3),
    ...extra,
  };
}

export function res(id: string, kind: ResourceKind, type: string, line: number): ResourceNode {
  return {
    id,
    logicalId: id,
    stack: T,
    type,
    kind,
    name: null,
    arn: `arn:aws:${kind}:us-east-1:123456789012:${id}`,
    policy: null,
    attributes: {},
    location: at(line, 3),
  };
}

export function ep(
  id: string,
  kind: EntryPoint['kind'],
  label: string,
  principal: Principal,
  auth: AuthInfo,
  targets: string[],
  source: string | null,
  line: number,
): EntryPoint {
  return { id, kind, label, principal, auth, targets, source, location: at(line, 7) };
}

export const EP = {
  url: 'function-url:PublicUrlFn',
  orders: 'http-api-route:OrdersApi:GET /orders',
  ingest: 'http-api-route:OrdersApi:POST /ingest',
  queue: 'sqs-queue:IngestQueue→WorkerFn',
  topic: 'sns-subscription:ResultsTopic→NotifyFn',
  crossAccount: 'lambda-permission:WorkerFnPartnerPermission',
  unresolved: 'lambda-permission:NotifyFnImportedPermission',
} as const;

export const RULES: RuleDescriptor[] = [
  rule('surface/require-function-url-auth', {
    description: 'Function URLs must require IAM authentication.',
    category: 'public-unauthenticated-entry',
    severity: 'critical',
    cwe: [306],
    sources: [{ tool: 'checkov', id: 'CKV_AWS_258' }],
  }),
  rule('surface/no-public-cascade', {
    description: 'A public entry point must not reach functions through queues and topics unchecked.',
    category: 'cascade',
    severity: 'high',
  }),
  rule('iam/no-wildcard-actions', {
    description: 'Function roles must not grant wildcard actions.',
    category: 'over-privileged-function',
    severity: 'medium',
    cwe: [732, 269],
  }),
  rule('cost/require-throttling', {
    description: 'Public APIs need throttling.',
    category: 'missing-throttling',
    severity: 'low',
    cwe: [770],
  }),
  rule('config/deprecated-runtime', {
    description: 'Functions must not use deprecated runtimes.',
    category: 'deprecated-runtime',
    severity: 'info',
    cwe: [1104],
  }),
];

function rule(id: string, meta: Omit<RuleMeta, 'messages' | 'requires'>): RuleDescriptor {
  return { id, meta: { ...meta, messages: { default: meta.description }, requires: ['surface'] } };
}

function finding(f: Omit<Finding, 'functions'> & { functions?: string[] }): Finding {
  return { functions: [], ...f };
}

export function smallRun(): RunResult {
  const functions = [
    fn('PublicUrlFn', 5, {
      url: {
        authType: 'NONE',
        cors: null,
        invokeMode: 'BUFFERED',
        resourceId: 'PublicUrlFnUrl',
        location: at(10),
        authTypeLocation: at(12, 9),
      },
    }),
    fn('OrdersFn', 20),
    fn('IngestFn', 30),
    fn('WorkerFn', 40, { reservedConcurrency: 5 }),
    fn('NotifyFn', 50, { runtime: 'nodejs16.x' }),
  ];
  const resources = [
    res('OrdersApi', 'http-api', 'AWS::Serverless::HttpApi', 60),
    res('IngestQueue', 'queue', 'AWS::SQS::Queue', 70),
    res('ResultsTopic', 'topic', 'AWS::SNS::Topic', 75),
    res('OrdersTable', 'table', 'AWS::DynamoDB::Table', 80),
  ];
  const service: Principal = { kind: 'aws-service', detail: 'lambda.amazonaws.com', scopedBySource: true };
  const entryPoints = [
    ep(EP.url, 'function-url', 'Function URL of PublicUrlFn', { kind: 'public' }, { kind: 'none' }, ['PublicUrlFn'], null, 10),
    ep(
      EP.orders,
      'http-api-route',
      'GET /orders',
      { kind: 'authenticated-users', detail: 'Cognito user pool UserPool' },
      { kind: 'cognito', authorizer: 'CognitoAuth', scopes: ['orders/read'] },
      ['OrdersFn'],
      'OrdersApi',
      24,
    ),
    ep(EP.ingest, 'http-api-route', 'POST /ingest', { kind: 'public' }, { kind: 'none' }, ['IngestFn'], 'OrdersApi', 34),
    ep(EP.queue, 'sqs-queue', 'SQS IngestQueue', service, { kind: 'service' }, ['WorkerFn'], 'IngestQueue', 44),
    ep(EP.topic, 'sns-subscription', 'SNS ResultsTopic', { kind: 'aws-service', detail: 'sns.amazonaws.com' }, { kind: 'service' }, ['NotifyFn'], 'ResultsTopic', 54),
    ep(
      EP.crossAccount,
      'lambda-permission',
      'lambda:InvokeFunction by any account',
      { kind: 'any-aws-account' },
      { kind: 'resource-policy' },
      ['WorkerFn'],
      null,
      46,
    ),
    ep(
      EP.unresolved,
      'lambda-permission',
      'lambda:InvokeFunction by imported principal',
      { kind: 'unresolved', detail: "Fn::ImportValue 'PartnerAccount'" },
      { kind: 'unresolved', reason: 'principal comes from another stack' },
      ['NotifyFn'],
      null,
      56,
    ),
  ];
  const findings: Finding[] = [
    finding({
      ruleId: 'surface/require-function-url-auth',
      category: 'public-unauthenticated-entry',
      severity: 'critical',
      message: 'Function URL of PublicUrlFn has AuthType NONE: anyone on the internet can invoke it.',
      resource: 'PublicUrlFn',
      functions: ['PublicUrlFn'],
      location: at(12, 9),
      fingerprint: 'a1b2c3d4e5f60718',
      key: 'url',
      related: [
        { location: at(5, 3), message: 'PublicUrlFn is defined here' },
        { location: at(5, 3), message: 'PublicUrlFn is defined here' },
        { location: { file: 'src/PublicUrlFn/index.js', line: 3, column: 1 }, message: 'handler' },
      ],
    }),
    finding({
      ruleId: 'surface/no-public-cascade',
      category: 'cascade',
      severity: 'high',
      message: 'WorkerFn is reachable from the public route POST /ingest through IngestQueue.',
      resource: 'WorkerFn',
      functions: ['IngestFn', 'WorkerFn'],
      location: at(44, 7),
      fingerprint: 'b2c3d4e5f6071829',
      flows: [
        [
          { location: at(34, 7), message: 'POST /ingest (public, no auth)' },
          { location: { file: 'src/IngestFn/index.js', line: 10, column: 3 }, message: 'IngestFn sends the body to IngestQueue' },
          { location: at(70, 3), message: 'IngestQueue' },
          { location: at(44, 7), message: 'WorkerFn is triggered by IngestQueue' },
        ],
        [],
      ],
    }),
    finding({
      ruleId: 'iam/no-wildcard-actions',
      category: 'over-privileged-function',
      severity: 'medium',
      message: 'OrdersFn may call dynamodb:* on OrdersTable.',
      resource: 'OrdersFn',
      functions: ['OrdersFn'],
      location: { file: T, line: 22, column: 11, endLine: 22, endColumn: 24 },
      fingerprint: 'c3d4e5f607182930',
      key: 'Action::dynamodb:*',
      suppression: { reason: 'read-only table, reviewed by security', source: 'inline', location: at(21, 9) },
    }),
    finding({
      ruleId: 'cost/require-throttling',
      category: 'missing-throttling',
      severity: 'low',
      message: 'OrdersApi has no throttling: a flood of requests is billed in full.',
      resource: 'OrdersApi',
      location: at(60, 3),
      fingerprint: 'd4e5f60718293041',
    }),
    finding({
      ruleId: 'config/deprecated-runtime',
      category: 'deprecated-runtime',
      severity: 'info',
      message: 'NotifyFn uses nodejs16.x, which is deprecated.',
      resource: 'NotifyFn',
      functions: ['NotifyFn'],
      location: at(52, 7),
      fingerprint: 'e5f6071829304152',
      suppression: { reason: 'in baseline', source: 'baseline' },
    }),
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'nightlight', version: '0.1.0' },
    root: '/tmp/does-not-matter',
    model: {
      inputs: [{ file: T, format: 'sam' }],
      functions,
      roles: [],
      resources,
      entryPoints,
      edges: [
        { kind: 'triggers', from: 'IngestQueue', to: 'WorkerFn', entryPoint: EP.queue },
        { kind: 'triggers', from: 'ResultsTopic', to: 'NotifyFn', entryPoint: EP.topic },
        { kind: 'can-access', from: 'IngestFn', to: 'IngestQueue', actions: ['sqs:SendMessage'] },
        { kind: 'calls', from: 'IngestFn', to: 'IngestQueue' },
        { kind: 'can-access', from: 'WorkerFn', to: 'ResultsTopic', actions: ['sns:Publish'] },
        { kind: 'can-access', from: 'OrdersFn', to: 'OrdersTable', actions: ['dynamodb:GetItem', 'dynamodb:Query'] },
        { kind: 'can-access', from: 'WorkerFn', to: 'arn:aws:s3:::partner-bucket/*', actions: ['s3:PutObject'] },
      ],
      diagnostics: [],
    },
    findings,
    analyses: {
      cost: costFixture([
        { entryPoint: EP.ingest, worstCaseUsdPerHour: 176.25, worstCaseUsdPerDay: 4230 },
        { entryPoint: EP.url, worstCaseUsdPerHour: 1234.5, worstCaseUsdPerDay: 29628 },
      ]),
    },
    diagnostics: [
      { level: 'warning', code: 'unresolved-import', message: "Fn::ImportValue 'PartnerAccount' comes from another stack.", location: at(57, 11) },
      { level: 'info', code: 'stats', message: 'Scanned 1 template.' },
    ],
    inputs: [{ file: T, format: 'sam' }],
  };
}

/**
 * A generated app of about `size` map nodes: entry points, functions and resources in the ratio
 * 3:4:3, each entry point targeting one or two functions, each function touching two resources,
 * every fifth queue feeding an entry point, findings on every third function. Deterministic.
 */
export function largeRun(size = 500): RunResult {
  const principals: Principal[] = [
    { kind: 'public' },
    { kind: 'any-aws-account' },
    { kind: 'authenticated-users', detail: 'Cognito' },
    { kind: 'aws-service', detail: 'sqs.amazonaws.com' },
    { kind: 'cross-account', detail: '210987654321' },
  ];
  const body = size - principals.length;
  const nEp = Math.floor((body * 3) / 10);
  const nFn = Math.floor((body * 4) / 10);
  const nRes = body - nEp - nFn;
  const kinds: [ResourceKind, string][] = [
    ['queue', 'AWS::SQS::Queue'],
    ['table', 'AWS::DynamoDB::Table'],
    ['bucket', 'AWS::S3::Bucket'],
    ['topic', 'AWS::SNS::Topic'],
  ];
  const functions = Array.from({ length: nFn }, (_, i) => fn(`Fn${String(i).padStart(3, '0')}`, 1000 + i));
  const resources = Array.from({ length: nRes }, (_, i) => {
    const [kind, type] = kinds[i % kinds.length]!;
    return res(`Res${String(i).padStart(3, '0')}`, kind, type, 3000 + i);
  });
  const entryPoints = Array.from({ length: nEp }, (_, i) => {
    const p = principals[i % principals.length]!;
    const targets = [functions[(i * 7) % nFn]!.id];
    if (i % 3 === 0) targets.push(functions[(i * 11 + 3) % nFn]!.id);
    const queue = resources[(i * 4) % nRes]!;
    const fromQueue = p.kind === 'aws-service' && queue.kind === 'queue';
    return ep(
      `ep-${String(i).padStart(3, '0')}`,
      fromQueue ? 'sqs-queue' : 'http-api-route',
      fromQueue ? `SQS ${queue.id}` : `POST /route/${i}`,
      p,
      p.kind === 'public' ? { kind: 'none' } : p.kind === 'authenticated-users' ? { kind: 'cognito' } : { kind: 'iam' },
      [...new Set(targets)],
      fromQueue ? queue.id : null,
      2000 + i,
    );
  });
  const edges = functions.flatMap((f, i) => [
    { kind: 'can-access' as const, from: f.id, to: resources[(i * 3) % nRes]!.id, actions: ['sqs:SendMessage'] },
    { kind: 'can-access' as const, from: f.id, to: resources[(i * 5 + 1) % nRes]!.id, actions: ['dynamodb:GetItem'] },
  ]);
  const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
  const findings: Finding[] = functions
    .filter((_, i) => i % 3 === 0)
    .map((f, i) =>
      finding({
        ruleId: 'surface/no-public-cascade',
        category: 'cascade',
        severity: severities[i % severities.length]!,
        message: `${f.id} is reachable from a public route.`,
        resource: f.id,
        functions: [f.id],
        location: f.location,
        fingerprint: `fp-${f.id}`,
      }),
    );
  return {
    ...smallRun(),
    model: { inputs: [{ file: T, format: 'sam' }], functions, roles: [], resources, entryPoints, edges, diagnostics: [] },
    findings,
    analyses: {},
    diagnostics: [],
  };
}
