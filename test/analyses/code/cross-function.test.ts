/**
 * The code analysis of a whole app: call targets resolved through the environment to template
 * resources, `calls` edges for reachability, and taint that crosses functions through SQS, SNS,
 * S3 (object keys) and direct invocation. Fixtures: fixtures/cross/<case>/ (SAM + handler code).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../../src/api.js';
import noCommandInjection from '../../../src/rules/code/no-command-injection.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/cross/${name}`, import.meta.url));

const CASES: { name: string; resource: string | null; kind: string }[] = [
  { name: 'sqs', resource: 'WorkQueue', kind: 'sqs-queue' },
  { name: 'sns', resource: 'WorkTopic', kind: 'sns-subscription' },
  { name: 's3', resource: 'WorkBucket', kind: 's3-notification' },
  { name: 'invoke', resource: null, kind: 'other' },
];

for (const c of CASES) {
  test(`cross-function taint through ${c.name}`, async () => {
    const result = await analyze({ root: fixture(c.name), rules: [noCommandInjection] });
    assert.deepEqual(result.diagnostics.filter((d) => d.level === 'error'), []);
    const code = result.analyses.code;

    // the producer's send is resolved to the template resource (or function) through its environment
    const send = code.functions['ProducerFunction']!.sends[0]!;
    assert.equal(send.payloadTainted, true);
    assert.equal(send.resolvedTarget?.node, c.resource ?? 'ConsumerFunction');

    // one flow: public route → producer → resource → consumer
    const flows = code.flows.filter((f) => f.receiver === 'ConsumerFunction');
    assert.equal(flows.length, 1);
    const flow = flows[0]!;
    assert.equal(flow.receiverKind, c.kind);
    assert.deepEqual(flow.hops, ['ProducerFunction', ...(c.resource ? [c.resource] : []), 'ConsumerFunction']);
    assert.equal(flow.steps[0]!.location.file, 'src/producer.js', 'the chain starts at the first handler');

    // the finding at the consumer's sink carries the whole chain and the public exposure
    const findings = result.findings.filter((f) => f.ruleId === 'code/no-command-injection');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.resource, 'ConsumerFunction');
    assert.deepEqual([f.location.file, f.location.line], ['src/consumer.js', c.name === 'invoke' ? 4 : 6]);
    assert.equal(f.severity, 'critical', 'public origin raises the severity');
    assert.deepEqual(f.functions, ['ConsumerFunction', 'ProducerFunction']);
    const chain = f.flows![0]!;
    assert.equal(chain[0]!.location.file, 'template.yaml', 'starts at the public route');
    assert.ok(chain.some((s) => s.location.file === 'src/producer.js' && /sent as/.test(s.message)), 'goes through the send');
    if (c.resource) assert.ok(chain.some((s) => s.message.startsWith(`${c.resource} (`)), 'goes through the resource');
    assert.deepEqual(chain[chain.length - 1]!.location, f.location, 'ends at the sink');
  });
}

test('an invoke seen in code adds a calls edge to reachability', async () => {
  const result = await analyze({ root: fixture('invoke'), rules: [] });
  const code = result.analyses.code;
  assert.deepEqual(code.codeCalls['ProducerFunction'], [{ target: 'ConsumerFunction', action: 'lambda:InvokeFunction' }]);
  const surface = result.analyses.surface;
  const reach = surface.reaches.find((r) => r.functionId === 'ConsumerFunction');
  assert.ok(reach, 'the consumer is reached from the public route through the producer');
  assert.deepEqual(reach.path.slice(1), ['ProducerFunction', 'ConsumerFunction']);
  assert.equal(surface.byFunction['ConsumerFunction']!.weakestPrincipal, 'public');
});

test('without the chain an internal trigger lowers the severity', async () => {
  // the S3 consumer on its own: same-account uploads only
  const result = await analyze({ root: fixture('s3'), rules: [noCommandInjection] });
  const code = result.analyses.code;
  assert.deepEqual(code.functions['ConsumerFunction']!.entryKinds, ['s3-notification']);
  const direct = result.model.entryPoints.find((e) => e.targets.includes('ConsumerFunction'))!;
  assert.equal(direct.principal.kind, 'same-account');
});

test('handlers are exposed for the JSON report', async () => {
  const result = await analyze({ root: fixture('sqs'), rules: [] });
  assert.deepEqual(result.analyses.handlers, {
    ConsumerFunction: { file: 'src/consumer.js', export: 'handler' },
    ProducerFunction: { file: 'src/producer.js', export: 'handler' },
  });
});
