/**
 * The data-access analysis (src/analyses/surface/access.ts) groups plain grants by their resource
 * patterns and matches each pattern once per service. This checks it against the direct method
 * (every action of every role against every target of its service, one at a time), kept here as
 * the oracle, on apps with `Action: *`, wildcard and literal ARNs, Deny, NotResource, conditions,
 * permission boundaries and code calls.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../src/api.js';
import { dataAccess, type AccessEdge } from '../../../src/analyses/surface/access.js';
import { matchesArn } from '../../../src/analyses/surface/reach.js';
import { isRuntimeAction } from '../../../src/analyses/iam/runtime-actions.js';
import type { AppModel } from '../../../src/model/types.js';
import type { IamAnalysis } from '../../../src/analyses/iam/index.js';
import { generateSamApp } from '../../../bench/generate.js';

const REPO = join(import.meta.dirname, '..', '..', '..');
const LEVEL_ORDER = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

/** The direct method: each (action, target) pair on its own. */
function oracle(model: AppModel, iam: IamAnalysis, codeCalls: Record<string, { target: string; action: string }[]>): AccessEdge[] {
  const targets: { id: string; arn: string }[] = [];
  for (const r of model.resources) if (typeof r.arn === 'string') targets.push({ id: r.id, arn: r.arn });
  for (const f of model.functions) if (typeof f.arn === 'string') targets.push({ id: f.id, arn: f.arn });
  const service = (arn: string) => (arn.split(':')[0] === 'arn' ? arn.split(':')[2] ?? null : null);
  const edges = new Map<string, AccessEdge>();
  const edge = (functionId: string, target: string, via: 'iam' | 'code') => {
    const key = `${functionId} ${target}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { functionId, target, levels: [], actions: [], via, conditional: true }));
    else if (e.via !== via) e.via = 'iam+code';
    return e;
  };
  for (const fn of model.functions) {
    const perms = iam.permissionsOf(fn.id);
    if (!perms) continue;
    for (const svc of perms.services) {
      for (const entry of svc.actions) {
        if (isRuntimeAction(entry.action)) continue;
        for (const t of targets) {
          if (t.id === fn.id || service(t.arn) !== svc.service) continue;
          let arn: string | null = null;
          for (const p of entry.resources) {
            if (matchesArn(p, t.arn)) arn = t.arn;
            else if ((p.includes('*') || p.includes('?')) && matchesArn(p, `${t.arn}/nightlight-child`)) arn = `${t.arn}/nightlight-child`;
            if (arn !== null) break;
          }
          if (arn === null) continue;
          const plain = entry.restrictions.length === 0 && entry.grants.every((g) => !g.notResources);
          const d = plain ? (entry.conditional ? 'conditionally-allowed' : 'allowed') : iam.isAllowed(fn.id, entry.action, arn).decision;
          if (d !== 'allowed' && d !== 'conditionally-allowed') continue;
          const e = edge(fn.id, t.id, 'iam');
          const level = entry.accessLevel as AccessEdge['levels'][number];
          if (!e.levels.includes(level)) e.levels.push(level);
          if (!e.actions.includes(entry.action)) e.actions.push(entry.action);
          if (d === 'allowed' && !entry.conditional) e.conditional = false;
        }
      }
    }
  }
  const codeLevel = (action: string) => {
    const verb = action.slice(action.indexOf(':') + 1);
    if (/^(put|delete)(bucket|role|user|group)?policy/i.test(verb) || /^(attach|detach)/i.test(verb)) return 'Permissions management';
    if (/^(list|describe)/i.test(verb)) return 'List';
    return /^(put|send|publish|invoke|start|create|update|delete|write|batch|upload|copy|post|set|add|modify|restore|import|replicate|execute)/i.test(verb) ? 'Write' : 'Read';
  };
  for (const [fnId, calls] of Object.entries(codeCalls)) {
    for (const c of calls) {
      const e = edge(fnId, c.target, 'code');
      if (!e.actions.includes(c.action)) e.actions.push(c.action);
      if (!e.levels.includes(codeLevel(c.action) as AccessEdge['levels'][number])) e.levels.push(codeLevel(c.action) as AccessEdge['levels'][number]);
      e.conditional = false;
    }
  }
  const out = [...edges.values()];
  for (const e of out) {
    e.levels.sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b));
    e.actions.sort();
  }
  return out.sort((a, b) => (a.functionId < b.functionId ? -1 : a.functionId > b.functionId ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

const GRANTS = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      BillingMode: PAY_PER_REQUEST
  Audit:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: audit-log
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      BillingMode: PAY_PER_REQUEST
  Uploads:
    Type: AWS::S3::Bucket
    Properties: { BucketName: shop-uploads }
  Reports:
    Type: AWS::S3::Bucket
    Properties: { BucketName: shop-reports }
  Jobs:
    Type: AWS::SQS::Queue
    Properties: { QueueName: jobs }
  Admin:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: admin
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => {}"
      Policies:
        - Statement:
            - Effect: Allow
              Action: '*'
              Resource: '*'
            - Effect: Deny
              Action: s3:DeleteObject
              Resource: arn:aws:s3:::shop-reports*
  Scoped:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: scoped
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => {}"
      Policies:
        - Statement:
            - Effect: Allow
              Action: ['s3:*', 'dynamodb:Get*', 'dynamodb:PutItem']
              Resource: ['arn:aws:s3:::shop-*/*', !GetAtt Orders.Arn, 'arn:aws:dynamodb:*:*:table/audit-*']
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: !GetAtt Jobs.Arn
              Condition: { Bool: { aws:SecureTransport: 'true' } }
            - Effect: Allow
              Action: lambda:InvokeFunction
              NotResource: !Sub arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:admin
  Bounded:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: bounded
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => {}"
      PermissionsBoundary: !Ref Boundary
      Policies:
        - Statement:
            - Effect: Allow
              Action: ['dynamodb:*', 's3:GetObject']
              Resource: '*'
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: dynamodb:Query
            Resource: !GetAtt Audit.Arn
`;

describe('data access: grouped matching equals the direct method', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'nightlight-access-'));
    mkdirSync(join(work, 'grants'));
    writeFileSync(join(work, 'grants', 'template.yaml'), GRANTS);
    generateSamApp(join(work, 'app-40'), 40);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const [name, dir] of [
    ['grants (Action: *, wildcards, Deny, NotResource, conditions, boundary)', () => join(work, 'grants')],
    ['the bundled example', () => join(REPO, 'examples', 'vulnerable-shop')],
    ['a generated 40-function SAM app', () => join(work, 'app-40')],
  ] as const) {
    it(name, async () => {
      const result = await analyze({ root: dir() });
      const iam = result.analyses.iam;
      const codeCalls = result.analyses.code.codeCalls;
      const fast = dataAccess(result.model, iam, codeCalls);
      assert.ok(fast.length > 0);
      assert.deepEqual(fast, oracle(result.model, iam, codeCalls));
      // The run's own (computed on first read) is the same.
      assert.deepEqual(result.analyses.access, fast);
    });
  }

  it('the grants app has edges of every kind the oracle distinguishes', async () => {
    const result = await analyze({ root: join(work, 'grants') });
    const access = result.analyses.access;
    const edge = (f: string, t: string) => access.find((e) => e.functionId === f && e.target === t);
    assert.ok((edge('Admin', 'Uploads')?.actions.length ?? 0) > 50, 'Action: * on a bucket lists every s3 action');
    assert.ok(!edge('Admin', 'Reports')?.actions.includes('s3:DeleteObject'), 'the Deny removes DeleteObject on the denied bucket');
    assert.equal(edge('Scoped', 'Jobs')?.conditional, true);
    assert.ok(edge('Scoped', 'Audit'), 'a wildcard table pattern');
    assert.ok(edge('Scoped', 'Orders'), 'a literal table ARN');
    assert.ok(edge('Scoped', 'Bounded'), 'NotResource other than admin');
    assert.equal(edge('Scoped', 'Admin'), undefined, 'NotResource excludes admin');
    assert.deepEqual(edge('Bounded', 'Audit')?.actions, ['dynamodb:Query'], 'the boundary keeps only Query');
    assert.equal(edge('Bounded', 'Uploads'), undefined, 'the boundary allows no s3');
  });
});
