/**
 * `diff` and trust boundaries (docs/owners.md): a change that lets the orders team's function write
 * the billing team's queue is a new cross-owner edge, and the diff names the owner to ask; a
 * widened grant on an existing edge is listed too; without owner information the diff is as before.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runDiff } from '../../src/diff/run.js';
import { renderDiffMarkdown, renderDiffTerminal, renderDiffJson } from '../../src/diff/render.js';
import type { DiffResult } from '../../src/diff/types.js';
import { commit, initRepo, tempDir } from './helpers.js';

const EXAMPLE = 'examples/two-teams';

function exampleFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(EXAMPLE, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(EXAMPLE);
  return out;
}

describe('diff names the owner to ask for a new cross-owner write', () => {
  const tmp = tempDir();
  const repo = join(tmp.dir, 'repo');
  const extract = join(tmp.dir, 'extract');
  let added: DiffResult;
  let widened: DiffResult;
  let unowned: DiffResult;

  before(async () => {
    mkdirSync(repo);
    mkdirSync(extract);
    initRepo(repo);
    const head = exampleFiles();
    const template = head['orders/template.yaml']!;
    // Before: orders does not send to billing (no grant, no call).
    const base = {
      ...head,
      'orders/template.yaml': template.replace(/      Policies:\n        - SQSSendMessagePolicy:\n            QueueName: !ImportValue billing-queue-name\n/, ''),
      'orders/src/create.js': "exports.handler = async (event) => ({ statusCode: 202, body: event.body ? '' : '' });\n",
    };
    assert.notEqual(base['orders/template.yaml'], template);
    commit(repo, 'orders keeps to itself', base);
    commit(repo, 'orders sends orders to billing', head);
    // Then: the orders function may also change the billing queue's attributes.
    commit(repo, 'orders may reconfigure the queue', { 'orders/template.yaml': template.replace('            QueueName: !ImportValue billing-queue-name\n', '            QueueName: !ImportValue billing-queue-name\n        - Statement:\n            - Effect: Allow\n              Action: sqs:SetQueueAttributes\n              Resource: !Sub arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:billing-queue\n') });
    commit(repo, 'no owners', { '.github/CODEOWNERS': null, 'shared/template.yaml': null, 'shared/src/jobs.js': null });
    commit(repo, 'still no owners, a route', { 'billing/template.yaml': head['billing/template.yaml']!.replace('      Events:\n        Orders:', '      Events:\n        Api:\n          Type: HttpApi\n          Properties:\n            Path: /charge\n            Method: POST\n        Orders:') });
    added = await runDiff({ base: 'HEAD~4', head: 'HEAD~3', root: repo, tempDir: extract });
    widened = await runDiff({ base: 'HEAD~3', head: 'HEAD~2', root: repo, tempDir: extract });
    unowned = await runDiff({ base: 'HEAD~1', head: 'HEAD', root: repo, tempDir: extract });
  });
  after(() => tmp.cleanup());

  it('lists the new write with its owners and whom to ask, in JSON, terminal and Markdown', () => {
    assert.deepEqual(
      added.boundaries?.added.map((b) => [b.kind, b.from, b.to, b.owners.from, b.owners.to, b.actions, b.ask]),
      [['write', 'CreateOrderFunction', 'BillingQueue', ['@org/orders'], ['@org/billing'], ['sqs:SendMessage'], ['@org/billing']]],
    );
    assert.deepEqual(added.boundaries?.widened, []);
    assert.equal(added.summary.boundariesAdded, 1);
    assert.match(added.headline, /adds 1 cross-owner edge \(ask @org\/billing\)/);
    assert.match(renderDiffTerminal(added, { color: false }), /Cross-owner edges \(trust boundaries\)\n  CreateOrderFunction \(@org\/orders\) → BillingQueue \(@org\/billing\): new write sqs:SendMessage: ask @org\/billing  orders\/template\.yaml:\d+/);
    assert.match(renderDiffMarkdown(added), /\| `CreateOrderFunction` → `BillingQueue` \(new write\) \| @org\/orders → @org\/billing \| `sqs:SendMessage` \| \*\*@org\/billing\*\* \|/);
    assert.match(renderDiffJson(added), /"boundaries": \{\n\s+"added": \[/);
  });

  it('lists a widened edge with what it gains', () => {
    assert.deepEqual(widened.boundaries?.added, []);
    assert.deepEqual(
      widened.boundaries?.widened.map((b) => [b.id, b.actions, b.ask]),
      [['write:CreateOrderFunction->BillingQueue', ['sqs:SetQueueAttributes'], ['@org/billing']]],
    );
    assert.match(widened.headline, /widens 1 cross-owner edge \(ask @org\/billing\)/);
  });

  it('without owner information on either side, the diff has no boundaries part', () => {
    assert.equal(unowned.boundaries, undefined);
    assert.equal(unowned.summary.boundariesAdded, undefined);
    assert.ok(!renderDiffJson(unowned).includes('boundaries'));
    assert.ok(unowned.entryPoints.added.length >= 1);
  });
});
