/**
 * Surface (reachability) benchmark: a synthetic model of 1,000 functions, each behind an API route
 * and its own SQS queue, whose roles may send to three other functions' queues (within groups of
 * 20, so there are cycles, as in real fan-out apps): 2,000 entry points and 5,000 edges
 * (1,000 API → function, 1,000 queue → function, 3,000 function → queue). The IAM analysis the
 * edges come from is timed separately; the target is for analyzeSurface: under 1 s.
 *
 *   node --import tsx bench/surface.ts [functions]
 */
import type { AppModel, EntryPoint, FunctionNode, ResourceNode, RoleNode, SourceLocation } from '../src/model/types.js';
import { analyzeIam, policyFromJson } from '../src/analyses/iam/index.js';
import { analyzeSurface } from '../src/analyses/surface/reach.js';

const COUNT = Number(process.argv[2] ?? 1000);
const GROUP = 20;
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const loc = (line: number): SourceLocation => ({ file: 'template.yaml', line, column: 1 });
const pad = (i: number): string => String(i).padStart(4, '0');
const queueArn = (i: number): string => `arn:aws:sqs:${REGION}:${ACCOUNT}:q${pad(i)}`;

/** The three queues function i may send to: i+1, i+2 and i+5 within its group of GROUP. */
function targetsOf(i: number): number[] {
  const base = i - (i % GROUP);
  const size = Math.min(GROUP, COUNT - base);
  return [1, 2, 5].map((d) => base + ((i - base + d) % size)).filter((t) => t !== i);
}

function buildModel(): AppModel {
  const functions: FunctionNode[] = [];
  const roles: RoleNode[] = [];
  const resources: ResourceNode[] = [
    { id: 'Api', logicalId: 'Api', stack: 'template.yaml', type: 'AWS::ApiGateway::RestApi', kind: 'rest-api', name: 'api', arn: `arn:aws:apigateway:${REGION}::/restapis/abc`, policy: null, attributes: {}, location: loc(1) },
  ];
  const entryPoints: EntryPoint[] = [];
  for (let i = 0; i < COUNT; i++) {
    const id = `Fn${pad(i)}`;
    resources.push({ id: `Queue${pad(i)}`, logicalId: `Queue${pad(i)}`, stack: 'template.yaml', type: 'AWS::SQS::Queue', kind: 'queue', name: `q${pad(i)}`, arn: queueArn(i), policy: null, attributes: {}, location: loc(10 + i) });
    roles.push({
      id: `${id}Role`,
      logicalId: `${id}Role`,
      arn: `arn:aws:iam::${ACCOUNT}:role/${id}Role`,
      defined: true,
      policies: [
        {
          name: `${id}Policy`,
          source: 'inline',
          document: policyFromJson({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: targetsOf(i).map(queueArn) }, { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: queueArn(i) }] }, loc(100)),
          location: loc(100),
        },
      ],
      trust: policyFromJson({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, loc(90)),
      permissionsBoundary: null,
      location: loc(90),
    });
    functions.push({
      id, logicalId: id, stack: 'template.yaml', name: `fn${pad(i)}`, arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn${pad(i)}`,
      runtime: 'nodejs20.x', handler: { handler: 'index.handler', codeUri: 'src/', inline: false }, memoryMb: 256, timeoutSeconds: 10, architecture: 'arm64',
      reservedConcurrency: null, provisionedConcurrency: null, roleId: `${id}Role`, roleArn: `arn:aws:iam::${ACCOUNT}:role/${id}Role`,
      environment: {}, layers: [], url: null, recursiveLoop: 'Terminate', permissions: [], location: loc(200 + i),
    });
    entryPoints.push({
      id: `rest-api-method:Api:GET /items/${pad(i)}:${id}`, kind: 'rest-api-method', source: 'Api', label: `GET /items/${pad(i)}`, method: 'GET', path: `/items/${pad(i)}`,
      principal: { kind: i % 10 === 0 ? 'public' : 'authenticated-users' }, auth: { kind: i % 10 === 0 ? 'none' : 'cognito' }, targets: [id], location: loc(300 + i),
    });
    entryPoints.push({
      id: `sqs-queue:Queue${pad(i)}:${id}`, kind: 'sqs-queue', source: `Queue${pad(i)}`, label: `Queue${pad(i)}`,
      principal: { kind: 'same-account' }, auth: { kind: 'iam' }, targets: [id], location: loc(400 + i),
    });
  }
  return { inputs: [], functions, roles, resources, entryPoints, edges: [], diagnostics: [] };
}

const cpuSeconds = (u: NodeJS.CpuUsage): string => `${((u.user + u.system) / 1e6).toFixed(3)} s cpu`;
const model = buildModel();
const c0 = process.cpuUsage();
const t0 = performance.now();
const iam = analyzeIam(model);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const runs: { ms: number; cpu: NodeJS.CpuUsage }[] = [];
let result = analyzeSurface(model, iam);
for (let r = 0; r < 3; r++) {
  const c = process.cpuUsage();
  const s = performance.now();
  result = analyzeSurface(model, iam);
  runs.push({ ms: performance.now() - s, cpu: process.cpuUsage(c) });
}
const edges = 2 * COUNT + model.functions.reduce((n, _, i) => n + targetsOf(i).length, 0);
const median = [...runs].sort((a, b) => a.ms - b.ms)[1]!;
console.log(`surface bench: ${model.functions.length} functions, ${model.entryPoints.length} entry points, ${edges} edges (API, queue and IAM send edges)`);
console.log(`  analyzeIam (edges come from it; not counted)      ${((t1 - t0) / 1000).toFixed(3)} s  ${cpuSeconds(c1)}`);
console.log(`  analyzeSurface, median of 3 warm runs             ${(median.ms / 1000).toFixed(3)} s  ${cpuSeconds(median.cpu)}   (target < 1 s)`);
console.log(`  reaches ${result.reaches.length}, loops ${result.loops.length}, blast radius entries ${Object.keys(result.blastRadius).length}`);
console.log(`@bench ${JSON.stringify({ name: `surface: ${model.functions.length} functions, ${edges} edges`, ms: Math.round(median.ms), cpuMs: Math.round((median.cpu.user + median.cpu.system) / 1000), targetMs: 1000 })}`);
