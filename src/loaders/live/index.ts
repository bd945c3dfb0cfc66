/**
 * `scan --live`: what is deployed in an AWS account, read with read-only calls and turned into
 * CloudFormation-shaped LoadedTemplates, one per CloudFormation stack (with the stack's logical
 * ids) plus one per region for what no stack manages. Every analysis, rule and reporter then
 * works on it unchanged. Handler code is downloaded only with `withCode`.
 *
 * Each template carries `deployed` (stack name, account, region, physical ids), which `drift`
 * also attaches to the declared template matched to that stack, so both sides name the same
 * resources with the same ARNs.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { DeployedStack, Diagnostic, JsonObject, LoadedTemplate } from '../../model/types.js';
import { parseJson } from '../cloudformation/parse.js';
import { Caller, clientConfig, type AwsAccess } from './aws.js';
import { listBuckets, readRegion, type LiveFunction, type LiveResource, type RegionRead, type RoleCache, type StackInfo } from './read.js';
import { extractZip } from './zip.js';
import { loadSdk, type Sdk } from './sdk.js';

export interface LiveOptions extends AwsAccess {
  /** Regions to read (default: the profile's or AWS_REGION's, else us-east-1). */
  regions: string[];
  /** Download and analyse each function's deployment package (needs lambda:GetFunction). */
  withCode?: boolean;
  /**
   * Where a function's package is unpacked, relative to the code folder (drift: the function's
   * CodeUri in the repository, so code findings have the same identity on both sides).
   */
  codeDir?: (fn: { stack: string | null; logicalId: string; name: string }) => string | null;
  /** Progress reports (the CLI prints them on one stderr line). */
  progress?: (message: string) => void;
}

export interface LiveResult {
  accountId: string;
  templates: LoadedTemplate[];
  diagnostics: Diagnostic[];
  /** The stacks read, by region. */
  stacks: { region: string; stack: StackInfo }[];
  /** Folder holding the unpacked packages (the scan root for handler code); remove with cleanup(). */
  codeRoot: string;
  cleanup(): void;
}

/** Types the reader reads itself; stack resources of other types appear with their type and physical id only. */
const READ_TYPES = new Set([
  'AWS::Lambda::Function',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Url',
  'AWS::Lambda::Alias',
  'AWS::Lambda::EventSourceMapping',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::ManagedPolicy',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::UsagePlan',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Stage',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SNS::Subscription',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::Events::Rule',
  'AWS::Events::EventBus',
  'AWS::Events::EventBusPolicy',
  'AWS::DynamoDB::Table',
  'AWS::Kinesis::Stream',
  'AWS::StepFunctions::StateMachine',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::IdentityPool',
  'AWS::Cognito::IdentityPoolRoleAttachment',
]);

/** What was read from the account, before handler code is fetched and templates are written. */
export interface LiveRead {
  sdk: Sdk;
  accountId: string;
  reads: RegionRead[];
  caller: Caller;
  diagnostics: Diagnostic[];
  /** The stacks read, by region. */
  stacks: { region: string; stack: StackInfo }[];
}

/** Reads the account (every region asked for); no handler code yet. */
export async function readLive(options: LiveOptions): Promise<LiveRead> {
  const diagnostics: Diagnostic[] = [];
  let lastRegion = '';
  const caller = new Caller(diagnostics, (n, action) => options.progress?.(`${lastRegion}: ${n} calls (${action})`));
  const regions = options.regions.length ? [...new Set(options.regions)] : [process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1'];
  lastRegion = regions[0]!;
  const sdk = await loadSdk();
  const sts = new sdk.sts.STSClient(clientConfig(options, regions[0]!));
  const who = await caller.call('sts:GetCallerIdentity', 'the credentials', () => sts.send(new sdk.sts.GetCallerIdentityCommand({})));
  let accountId = who?.Account ?? '';
  const roles: RoleCache = new Map();
  const buckets = listBuckets({ sdk, access: options, caller, region: regions[0]! });
  const reads: RegionRead[] = [];
  for (const region of regions) {
    lastRegion = region;
    reads.push(await readRegion({ sdk, region, accountId: accountId || '000000000000', access: options, caller, roles, buckets }));
  }
  if (!accountId) {
    const arn = reads.flatMap((r) => r.functions.map((f) => f.arn))[0];
    accountId = arn?.split(':')[4] ?? '000000000000';
  }
  return { sdk, accountId, reads, caller, diagnostics, stacks: reads.flatMap((r) => r.stacks.map((stack) => ({ region: r.region, stack }))) };
}

/** Fetches handler code when asked and writes the templates. */
export async function finishLive(read: LiveRead, options: LiveOptions): Promise<LiveResult> {
  const { accountId, caller, diagnostics } = read;
  const codeRoot = mkdtempSync(join(tmpdir(), 'nightlight-live-'));
  const templates: LoadedTemplate[] = [];
  for (const r of read.reads) {
    const assembled = assemble(r, accountId);
    if (options.withCode) await downloadCode(read.sdk, r, assembled, options, caller, codeRoot, diagnostics);
    for (const a of assembled) templates.push(toLoadedTemplate(a));
  }
  if (!options.withCode && templates.some((t) => Object.values(t.body['Resources'] as JsonObject).some((r) => (r as JsonObject)['Type'] === 'AWS::Lambda::Function'))) {
    diagnostics.push({ level: 'info', code: 'live-code-not-read', message: 'handler code was not downloaded (pass --with-code): taint and code-use findings are not computed for deployed functions' });
  }
  const denied = caller.failures.filter((f) => f.denied).length;
  if (denied) diagnostics.push({ level: 'warning', code: 'live-partial', message: `${denied} of ${caller.calls} calls were denied: the scan is partial (docs/live.md lists the policy the scanner needs)` });
  return {
    accountId,
    templates,
    diagnostics,
    stacks: read.stacks,
    codeRoot,
    cleanup: () => rmSync(codeRoot, { recursive: true, force: true }),
  };
}

export async function loadLive(options: LiveOptions): Promise<LiveResult> {
  return finishLive(await readLive(options), options);
}

// --- Assembling templates --------------------------------------------------------------------------

interface Assembled {
  region: string;
  stack: string | null;
  file: string;
  resources: JsonObject;
  deployed: DeployedStack;
  /** Function resources by logical id (for code). */
  functions: Map<string, LiveFunction>;
}

function sanitize(s: string): string {
  const v = s.replace(/[^A-Za-z0-9]/g, '');
  return v && /^[A-Za-z]/.test(v) ? v : `R${v}`;
}

/** The name the resolver synthesises attributes from, for a stack resource nightlight did not read. */
function nameFromPhysicalId(physicalId: string): { name: string; ref: string; arn?: string } {
  if (physicalId.startsWith('arn:')) {
    const rest = physicalId.split(':').slice(5).join(':');
    return { name: rest.slice(Math.max(rest.lastIndexOf('/'), rest.lastIndexOf(':')) + 1), ref: physicalId, arn: physicalId };
  }
  if (/^https:\/\/sqs\./.test(physicalId)) return { name: physicalId.slice(physicalId.lastIndexOf('/') + 1), ref: physicalId };
  return { name: physicalId, ref: physicalId };
}

export function assemble(read: RegionRead, accountId: string): Assembled[] {
  const byStack = new Map<string, Assembled>();
  const make = (stack: string | null): Assembled => {
    const key = stack ?? '';
    let a = byStack.get(key);
    if (!a) {
      const file = posix.join('live', read.region, `${stack ?? 'not-in-a-stack'}.json`);
      a = { region: read.region, stack, file, resources: {}, deployed: { stackName: stack ?? `unmanaged-${read.region}`, region: read.region, accountId, resources: {} }, functions: new Map() };
      byStack.set(key, a);
    }
    return a;
  };
  const index = new Map<string, { stack: StackInfo; logicalId: string }>();
  for (const s of read.stacks) for (const r of s.resources) index.set(`${r.type}|${r.physicalId}`, { stack: s, logicalId: r.logicalId });
  const placed = new Map<LiveResource, { a: Assembled; logicalId: string }>();
  const taken = new Set<string>();
  const unique = (a: Assembled, id: string) => {
    let v = id;
    for (let i = 2; Object.prototype.hasOwnProperty.call(a.resources, v); i++) v = `${id}${i}`;
    return v;
  };
  for (const r of read.resources) {
    const hit = r.physicalIds.map((p) => index.get(`${r.type}|${p}`)).find((x) => x !== undefined);
    let a: Assembled;
    let logicalId: string;
    if (hit && !taken.has(`${hit.stack.name}#${hit.logicalId}`)) {
      a = make(hit.stack.name);
      logicalId = hit.logicalId;
      taken.add(`${hit.stack.name}#${hit.logicalId}`);
    } else {
      const parent = r.parent ? placed.get(r.parent) : undefined;
      a = parent ? parent.a : make(null);
      logicalId = unique(a, parent ? `${parent.logicalId}${sanitize(r.suffix)}` : sanitize(r.suffix));
    }
    placed.set(r, { a, logicalId });
    a.resources[logicalId] = { Type: r.type, Properties: r.props };
    if (r.deployed) a.deployed.resources[logicalId] = r.deployed;
    if (r.type === 'AWS::Lambda::Function') {
      const fn = read.functions.find((f) => f.resource === r);
      if (fn) a.functions.set(logicalId, fn);
    }
  }
  // Stack resources of types not read (secrets, log groups, user pool clients, ...) keep their type and id.
  for (const s of read.stacks) {
    for (const r of s.resources) {
      if (READ_TYPES.has(r.type) || taken.has(`${s.name}#${r.logicalId}`)) continue;
      const a = make(s.name);
      a.resources[r.logicalId] = { Type: r.type };
      a.deployed.resources[r.logicalId] = nameFromPhysicalId(r.physicalId);
    }
  }
  return [...byStack.values()].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
}

function toLoadedTemplate(a: Assembled): LoadedTemplate {
  const body: JsonObject = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: a.stack ? `Stack ${a.stack} as deployed in ${a.deployed.accountId} ${a.region}` : `Resources in ${a.deployed.accountId} ${a.region} that no CloudFormation stack manages`,
    Resources: a.resources,
  };
  // The template is written out as JSON so that every finding points at a line of a document
  // the user can save and read (`scan --live --save-templates`).
  const text = `${JSON.stringify(body, null, 2)}\n`;
  const parsed = parseJson(text, a.file);
  const locations = parsed.locations;
  return { file: a.file, format: 'cloudformation', body: parsed.value as JsonObject, locate: (path) => locations.locate(path), deployed: a.deployed, liveText: text } as LoadedTemplate & { liveText: string };
}

/** The JSON text of a live template (what --save-templates writes). */
export function liveTemplateText(t: LoadedTemplate): string | null {
  return (t as LoadedTemplate & { liveText?: string }).liveText ?? null;
}

// --- Code packages -------------------------------------------------------------------------------------

async function downloadCode(sdk: Sdk, read: RegionRead, assembled: Assembled[], options: LiveOptions, caller: Caller, codeRoot: string, diagnostics: Diagnostic[]): Promise<void> {
  const lambda = new sdk.lambda.LambdaClient(clientConfig(options, read.region));
  const used = new Map<string, string>();
  for (const a of assembled) {
    for (const [logicalId, fn] of [...a.functions.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      if (fn.packageType !== 'Zip') continue;
      const wanted = options.codeDir?.({ stack: a.stack, logicalId, name: fn.name }) ?? null;
      const fallback = posix.join('code', read.region, fn.name);
      let dir = wanted !== null ? posix.normalize(wanted).replace(/^(\.\/)+/, '').replace(/\/$/, '') || '.' : fallback;
      // Two functions may share a folder only when they run the same package.
      if (used.has(dir) && used.get(dir) !== fn.codeSha256) dir = fallback;
      const resource = a.resources[logicalId] as JsonObject;
      resource['Metadata'] = { 'nightlight:code-path': dir };
      if (used.get(dir) === fn.codeSha256) continue;
      used.set(dir, fn.codeSha256);
      const got = await caller.call('lambda:GetFunction', fn.name, () => lambda.send(new sdk.lambda.GetFunctionCommand({ FunctionName: fn.name })));
      const url = got?.Code?.Location;
      if (!url) {
        if (got !== undefined) diagnostics.push({ level: 'warning', code: 'live-code-package', message: `${fn.name}: no package location; its code is not analysed` });
        continue;
      }
      let zip: Buffer;
      try {
        const res = await fetch(url);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        zip = Buffer.from(await res.arrayBuffer());
      } catch (err) {
        diagnostics.push({ level: 'warning', code: 'live-code-package', message: `${fn.name}: the package could not be downloaded (${(err as Error).message}); its code is not analysed` });
        continue;
      }
      const target = join(codeRoot, ...dir.split('/'));
      mkdirSync(target, { recursive: true });
      extractZip(zip, target, `${fn.name} package`, diagnostics);
    }
  }
}
