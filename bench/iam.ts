/**
 * IAM analysis benchmark: a synthetic model of 1,000 functions, each with its own role holding an
 * inline policy, a SAM policy template and AWS managed policies (a few roles are admins, a few
 * share a role, a few have a boundary). Times analyzeIam, then the queries a privilege/risk pass
 * makes for every function. Target: under 2 s in total.
 *
 *   node --import tsx bench/iam.ts [functions]
 */
import type { AppModel, AttachedPolicy, FunctionNode, PolicyDocument, RoleNode, SourceLocation } from '../src/model/types.js';
import { unresolved } from '../src/model/types.js';
import { analyzeIam, mayBeAllowed, policyFromJson } from '../src/analyses/iam/index.js';

const COUNT = Number(process.argv[2] ?? 1000);
const ACCOUNT = '123456789012';

// Deterministic PRNG (mulberry32) so every run builds the same model.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const loc = (line: number): SourceLocation => ({ file: 'template.yaml', line, column: 1 });
const doc = (statements: Record<string, unknown>[], line: number): PolicyDocument =>
  policyFromJson({ Version: '2012-10-17', Statement: statements }, loc(line));

const MANAGED = [
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
  'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess',
  'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess',
  'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
  'arn:aws:iam::aws:policy/AmazonSQSFullAccess',
];

function inlineStatements(i: number): Record<string, unknown>[] {
  const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/T${i}`;
  const statements: Record<string, unknown>[] = [
    { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], Resource: [table, `${table}/index/*`] },
    { Effect: 'Allow', Action: pick(['s3:Get*', 's3:PutObject', 's3:*']), Resource: `arn:aws:s3:::bucket-${i % 50}/*` },
    { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q${i % 20}` },
  ];
  if (rand() < 0.2) statements.push({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' });
  if (rand() < 0.1) statements.push({ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction'], Resource: '*' });
  if (rand() < 0.1) {
    statements.push({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/app': 'x' } } });
  }
  if (rand() < 0.1) statements.push({ Effect: 'Deny', Action: 's3:Delete*', Resource: '*' });
  return statements;
}

function buildModel(): AppModel {
  const roles: RoleNode[] = [];
  const functions: FunctionNode[] = [];
  for (let i = 0; i < COUNT; i++) {
    const roleId = `Role${i}`;
    // About 5% of functions reuse the previous role (shared roles).
    if (i > 0 && rand() < 0.05) {
      functions.push(makeFunction(i, roles[roles.length - 1]!.id));
      continue;
    }
    const policies: AttachedPolicy[] = [
      { name: `Inline${i}`, source: 'inline', document: doc(inlineStatements(i), 100), location: loc(100) },
      {
        name: 'SQSPollerPolicy',
        source: 'sam-policy-template',
        document: doc([{ Effect: 'Allow', Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:in${i}` }], 120),
        location: loc(120),
      },
    ];
    const managedCount = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < managedCount; k++) {
      policies.push({ name: k === 0 ? MANAGED[0]! : pick(MANAGED), source: 'aws-managed', document: unresolved('looked up by the analysis'), location: loc(90) });
    }
    if (rand() < 0.01) {
      policies.push({ name: 'arn:aws:iam::aws:policy/AdministratorAccess', source: 'aws-managed', document: unresolved('looked up'), location: loc(91) });
    }
    const boundary = rand() < 0.05 ? doc([{ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'logs:*', 'sqs:*'], Resource: '*' }], 140) : null;
    roles.push({
      id: roleId,
      logicalId: roleId,
      arn: `arn:aws:iam::${ACCOUNT}:role/${roleId}`,
      defined: true,
      policies,
      trust: doc([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }], 80),
      permissionsBoundary: boundary,
      location: loc(70),
    });
    functions.push(makeFunction(i, roleId));
  }
  return { inputs: [], functions, roles, resources: [], entryPoints: [], edges: [], diagnostics: [] };
}

function makeFunction(i: number, roleId: string): FunctionNode {
  return {
    id: `Fn${i}`,
    logicalId: `Fn${i}`,
    stack: 'template.yaml',
    name: `fn-${i}`,
    arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn-${i}`,
    runtime: 'nodejs20.x',
    handler: { handler: 'index.handler', codeUri: 'src/', inline: false },
    memoryMb: 256,
    timeoutSeconds: 10,
    architecture: 'arm64',
    reservedConcurrency: null,
    provisionedConcurrency: null,
    roleId,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/${roleId}`,
    environment: {},
    layers: [],
    url: null,
    recursiveLoop: 'Terminate',
    permissions: [],
    location: loc(200),
  };
}

// The questions a risk pass asks of every function (privilege escalation, code tampering and
// exposure, credentials exposure, data exfiltration).
const OTHER_FUNCTIONS = `arn:aws:lambda:*:${ACCOUNT}:function:*`;
const QUERIES: [string, string][] = [
  ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/*`],
  ['lambda:CreateFunction', OTHER_FUNCTIONS],
  ['lambda:InvokeFunction', OTHER_FUNCTIONS],
  ['lambda:AddPermission', OTHER_FUNCTIONS],
  ['lambda:CreateEventSourceMapping', '*'],
  ['lambda:UpdateFunctionCode', OTHER_FUNCTIONS],
  ['lambda:UpdateFunctionConfiguration', OTHER_FUNCTIONS],
  ['lambda:GetFunction', OTHER_FUNCTIONS],
  ['lambda:GetFunctionConfiguration', OTHER_FUNCTIONS],
  ['lambda:CreateFunctionUrlConfig', OTHER_FUNCTIONS],
  ['lambda:PutFunctionConcurrency', OTHER_FUNCTIONS],
  ['lambda:DeleteFunctionConcurrency', OTHER_FUNCTIONS],
  ['iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/*`],
  ['iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/*`],
  ['iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/*`],
  ['iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/*`],
  ['sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/*`],
  ['ecr:GetAuthorizationToken', '*'],
  ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:*:${ACCOUNT}:secret:*`],
  ['ssm:GetParameter', `arn:aws:ssm:*:${ACCOUNT}:parameter/*`],
  ['kms:Decrypt', `arn:aws:kms:*:${ACCOUNT}:key/*`],
  ['s3:GetObject', 'arn:aws:s3:::*/*'],
  ['dynamodb:Scan', `arn:aws:dynamodb:*:${ACCOUNT}:table/*`],
];

const model = buildModel();
const policyCount = model.roles.reduce((n, r) => n + r.policies.length, 0);

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const iam = analyzeIam(model);
const t1 = performance.now();
const cpu1 = process.cpuUsage(cpu0);
let granted = 0;
for (const f of model.functions) {
  for (const [action, resource] of QUERIES) if (mayBeAllowed(iam.isAllowed(f.id, action, resource).decision)) granted++;
}
const t2 = performance.now();
const cpu2 = process.cpuUsage(cpu0);
const warmCpu0 = process.cpuUsage();
const warm0 = performance.now();
analyzeIam(model);
const warm1 = performance.now();
const warmCpu = process.cpuUsage(warmCpu0);

// Permission lists are computed on first read (analyzeIam is lazy): time that read separately, it
// is what a scan pays when rules list every role's permissions.
const listCpu0 = process.cpuUsage();
const list0 = performance.now();
const actions = iam.roles.reduce((n, r) => n + r.services.reduce((m, s) => m + s.actions.length, 0), 0);
const list1 = performance.now();
const listCpu = process.cpuUsage(listCpu0);
const fmt = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
console.log(`iam bench: ${model.functions.length} functions, ${model.roles.length} roles, ${policyCount} attached policies`);
const cpu = (u: NodeJS.CpuUsage): string => `${((u.user + u.system) / 1e6).toFixed(3)} s cpu`;
console.log(`  analyzeIam (cold: loads iam-data and managed policies)  ${fmt(t1 - t0)}  ${cpu(cpu1)}   effective actions listed: ${actions}`);
console.log(`  risk queries (${QUERIES.length} per function, ${QUERIES.length * model.functions.length} total)     ${fmt(t2 - t1)}   may-be-allowed: ${granted}`);
console.log(`  total                                                   ${fmt(t2 - t0)}  ${cpu(cpu2)}   (target < 2 s)`);
console.log(`  analyzeIam again (warm data caches)                     ${fmt(warm1 - warm0)}  ${cpu(warmCpu)}`);
console.log(`  permission lists of every role (first read, not in the total)  ${fmt(list1 - list0)}  ${cpu(listCpu)}`);
console.log(`@bench ${JSON.stringify({ name: `iam: analyzeIam + ${QUERIES.length} queries × ${model.functions.length} functions`, ms: Math.round(t2 - t0), cpuMs: Math.round((cpu2.user + cpu2.system) / 1000), targetMs: 2000 })}`);
