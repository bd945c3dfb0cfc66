/**
 * Differential test: nightlight's policy engine (`evaluateAccess` with a complete context, i.e.
 * plain AWS semantics) against `@cloud-copilot/iam-simulate` (AGPL, a devDependency used only
 * here as an oracle). A few hundred cases are generated from a seeded PRNG: identity policies with
 * Action/NotAction, Resource/NotResource, wildcards, Deny and conditions over context keys whose
 * values the case fixes; some with a permissions boundary, some with a resource policy.
 *
 * Every disagreement is listed; known classes are documented in docs/iam-evaluation.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { evaluateAccess, policyFromJson } from '../../../src/analyses/iam/index.js';
import type { Decision, EvaluationInput } from '../../../src/analyses/iam/index.js';

// Overridable to explore more of the space locally (the committed run uses the defaults).
const CASES = Number(process.env['DIFF_CASES'] ?? 400);
const SEED = Number(process.env['DIFF_SEED'] ?? 20260927);
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/fn`;

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

type Json = Record<string, unknown>;

interface Target {
  action: string;
  resources: string[];
  /** Patterns a statement may name (some match the resources, some do not). */
  patterns: string[];
  actionPatterns: string[];
}

const TARGETS: Target[] = [
  {
    action: 's3:GetObject',
    resources: ['arn:aws:s3:::bucket-a/key1', 'arn:aws:s3:::bucket-b/dir/key2'],
    patterns: ['arn:aws:s3:::bucket-a/*', 'arn:aws:s3:::bucket-?/dir/*', 'arn:aws:s3:::*', 'arn:aws:s3:::bucket-b/*/key2', 'arn:aws:s3:::other/*'],
    actionPatterns: ['s3:GetObject', 's3:Get*', 's3:*Object', 's3:*', 's3:PutObject'],
  },
  {
    action: 's3:PutObject',
    resources: ['arn:aws:s3:::bucket-a/uploads/f.txt'],
    patterns: ['arn:aws:s3:::bucket-a/uploads/*', 'arn:aws:s3:::bucket-a/*', 'arn:aws:s3:::bucket-a', 'arn:aws:s3:::*/uploads/*'],
    actionPatterns: ['s3:PutObject', 's3:Put*', 's3:*', 's3:GetObject'],
  },
  {
    action: 'dynamodb:GetItem',
    resources: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`, `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Users`],
    patterns: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`, 'arn:aws:dynamodb:*:*:table/O*', `arn:aws:dynamodb:*:${ACCOUNT}:table/*`, 'arn:aws:dynamodb:us-east-1:*:table/Users', 'arn:aws:dynamodb:*'],
    actionPatterns: ['dynamodb:GetItem', 'dynamodb:Get*', 'dynamodb:*', 'dynamodb:PutItem'],
  },
  {
    action: 'sqs:SendMessage',
    resources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`, `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs-dlq`],
    patterns: [`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`, `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs*`, 'arn:aws:sqs:*:*:*', `arn:aws:sqs:us-east-1:${ACCOUNT}:other`],
    actionPatterns: ['sqs:SendMessage', 'sqs:Send*', 'sqs:*', 'sqs:ReceiveMessage'],
  },
  {
    action: 'lambda:InvokeFunction',
    resources: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:billing`],
    patterns: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`, `arn:aws:lambda:*:${ACCOUNT}:function:*`, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:bill*`, 'arn:aws:lambda:*:*:function:other'],
    actionPatterns: ['lambda:InvokeFunction', 'lambda:Invoke*', 'lambda:*', 'lambda:GetFunction'],
  },
  {
    action: 'secretsmanager:GetSecretValue',
    resources: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`],
    patterns: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-*`, `arn:aws:secretsmanager:*:*:secret:*`, `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:api-*`],
    actionPatterns: ['secretsmanager:GetSecretValue', 'secretsmanager:Get*', 'secretsmanager:*', 'secretsmanager:ListSecrets'],
  },
];

/** Condition blocks over global keys whose values each case fixes (or leaves absent). */
const CONDITIONS: Json[] = [
  { StringEquals: { 'aws:PrincipalTag/team': 'a' } },
  { StringEquals: { 'aws:PrincipalTag/team': ['b', 'c'] } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'a' } },
  { StringLike: { 'aws:PrincipalTag/team': 'a*' } },
  { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'A' } },
  { ArnLike: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:*` } },
  { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` } },
  { ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:alerts' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '100' } },
  { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '172.16.0.0/12'] } },
  { NotIpAddress: { 'aws:SourceIp': '192.168.1.0/24' } },
  { Null: { 'aws:PrincipalTag/env': 'true' } },
  { Null: { 'aws:PrincipalTag/env': 'false' } },
  { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com', 'athena.amazonaws.com'] } },
  { 'ForAllValues:StringLike': { 'aws:CalledVia': '*.amazonaws.com' } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/env': 'prod' } },
  { StringLike: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/env}*' } },
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function some<T>(rand: () => number, list: readonly T[], max: number): T[] {
  const n = 1 + Math.floor(rand() * max);
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const x = pick(rand, list);
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

function statement(rand: () => number, target: Target, kind: 'identity' | 'boundary' | 'resource'): Json {
  const s: Json = { Effect: rand() < (kind === 'boundary' ? 0.15 : 0.3) ? 'Deny' : 'Allow' };
  const actions = some(rand, [...target.actionPatterns, '*', pick(rand, TARGETS).action], 2);
  if (rand() < 0.2) s['NotAction'] = actions;
  else s['Action'] = actions.length === 1 ? actions[0] : actions;
  const resources = some(rand, [...target.patterns, ...target.resources, '*'], 2);
  if (rand() < 0.15) s['NotResource'] = resources;
  else s['Resource'] = resources.length === 1 ? resources[0] : resources;
  if (kind === 'resource') s['Principal'] = pick(rand, [{ AWS: ROLE }, '*', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { AWS: `arn:aws:iam::${ACCOUNT}:role/other` }, { Service: 'sns.amazonaws.com' }]);
  if (rand() < 0.45) {
    const blocks = some(rand, CONDITIONS, 2);
    const condition: Record<string, Record<string, unknown>> = {};
    for (const b of blocks) for (const [op, kv] of Object.entries(b)) condition[op] = { ...(condition[op] ?? {}), ...(kv as Json) };
    s['Condition'] = condition;
  }
  return s;
}

function policy(statements: Json[]): Json {
  return { Version: '2012-10-17', Statement: statements };
}

interface Case {
  n: number;
  target: Target;
  resource: string;
  identity: Json[];
  boundary: Json | null;
  resourcePolicy: Json | null;
  context: Record<string, string | string[]>;
}

function generate(): Case[] {
  const rand = prng(SEED);
  const cases: Case[] = [];
  for (let n = 0; n < CASES; n++) {
    const target = pick(rand, TARGETS);
    const resource = pick(rand, target.resources);
    const identity: Json[] = [];
    const policies = 1 + Math.floor(rand() * 2);
    for (let p = 0; p < policies; p++) {
      const statements: Json[] = [];
      const count = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < count; i++) statements.push(statement(rand, target, 'identity'));
      identity.push(policy(statements));
    }
    const boundary = rand() < 0.25 ? policy([statement(rand, target, 'boundary'), ...(rand() < 0.5 ? [statement(rand, target, 'boundary')] : [])]) : null;
    const resourcePolicy = rand() < 0.25 ? policy([statement(rand, target, 'resource'), ...(rand() < 0.4 ? [statement(rand, target, 'resource')] : [])]) : null;
    const context: Record<string, string | string[]> = {};
    const team = pick(rand, ['a', 'b', 'ab', null]);
    if (team !== null) context['aws:PrincipalTag/team'] = team;
    const env = pick(rand, ['prod', 'dev', null]);
    if (env !== null) context['aws:PrincipalTag/env'] = env;
    const source = pick(rand, [`arn:aws:sns:us-east-1:${ACCOUNT}:alerts`, `arn:aws:sns:us-east-1:${ACCOUNT}:other`, null]);
    if (source !== null) context['aws:SourceArn'] = source;
    context['aws:SecureTransport'] = pick(rand, ['true', 'false']);
    const mfa = pick(rand, ['100', '7200', null]);
    if (mfa !== null) {
      context['aws:MultiFactorAuthAge'] = mfa;
      context['aws:MultiFactorAuthPresent'] = 'true';
    }
    context['aws:SourceIp'] = pick(rand, ['10.1.2.3', '192.168.1.5', '172.20.0.1', '8.8.8.8']);
    const via = pick(rand, [['cloudformation.amazonaws.com'], ['athena.amazonaws.com', 'glue.amazonaws.com'], ['example.com'], null]);
    if (via !== null) context['aws:CalledVia'] = via;
    cases.push({ n, target, resource, identity, boundary, resourcePolicy, context });
  }
  return cases;
}

const loc = { file: 'differential.json', line: 1, column: 1 };

function ours(c: Case): Decision {
  const input: EvaluationInput = {
    identityPolicies: c.identity.map((p, i) => ({ name: `identity-${i}`, document: policyFromJson(p, loc) })),
    permissionsBoundary: c.boundary === null ? null : { name: 'boundary', document: policyFromJson(c.boundary, loc) },
    resourcePolicy: c.resourcePolicy === null ? null : { name: 'resource', document: policyFromJson(c.resourcePolicy, loc) },
    request: {
      action: c.target.action,
      resource: c.resource,
      principalArn: ROLE,
      principalAccount: ACCOUNT,
      resourceAccount: ACCOUNT,
      context: { values: c.context, complete: true },
    },
  };
  return evaluateAccess(input).decision;
}

async function oracle(c: Case): Promise<Decision | { error: string }> {
  const result = await runSimulation(
    {
      identityPolicies: c.identity.map((p, i) => ({ name: `identity-${i}`, policy: p })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(c.boundary !== null ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] } : {}),
      ...(c.resourcePolicy !== null ? { resourcePolicy: c.resourcePolicy } : {}),
      request: { principal: ROLE, action: c.target.action, resource: { resource: c.resource, accountId: ACCOUNT }, contextVariables: c.context },
    },
    {},
  );
  if (result.resultType === 'error') return { error: JSON.stringify(result.errors).slice(0, 300) };
  switch (result.overallResult) {
    case 'Allowed':
      return 'allowed';
    case 'ExplicitlyDenied':
      return 'explicitly-denied';
    default:
      return 'implicitly-denied';
  }
}

test('evaluateAccess agrees with @cloud-copilot/iam-simulate on seeded random cases', async () => {
  const cases = generate();
  let agree = 0;
  let compared = 0;
  const errors: string[] = [];
  const disagreements: string[] = [];
  const outcomes: Record<string, number> = {};
  for (const c of cases) {
    const expected = await oracle(c);
    if (typeof expected !== 'string') {
      errors.push(`#${c.n}: ${expected.error}`);
      continue;
    }
    compared++;
    outcomes[expected] = (outcomes[expected] ?? 0) + 1;
    const got = ours(c);
    if (got === expected) agree++;
    else {
      disagreements.push(
        `#${c.n} ${c.target.action} ${c.resource}: nightlight ${got}, iam-simulate ${expected}\n  identity ${JSON.stringify(c.identity)}\n  boundary ${JSON.stringify(c.boundary)}\n  resource policy ${JSON.stringify(c.resourcePolicy)}\n  context ${JSON.stringify(c.context)}`,
      );
    }
  }
  const rate = compared === 0 ? 0 : agree / compared;
  console.log(`differential: ${agree}/${compared} agree (${(rate * 100).toFixed(2)}%), ${errors.length} cases rejected by the oracle; oracle outcomes ${JSON.stringify(outcomes)}`);
  for (const d of disagreements) console.log(`disagreement ${d}`);
  for (const e of errors.slice(0, 5)) console.log(`oracle rejected ${e}`);
  // The generator must exercise every outcome, or agreement means little.
  for (const d of ['allowed', 'explicitly-denied', 'implicitly-denied']) assert.ok((outcomes[d] ?? 0) >= CASES * 0.1, `too few ${d} cases`);
  assert.ok(compared >= CASES * 0.95, `the oracle rejected too many cases (${errors.length})`);
  assert.ok(rate >= 0.99, `agreement ${(rate * 100).toFixed(2)}% is below 99%`);
});
