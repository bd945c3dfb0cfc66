import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCost } from '../../../src/analyses/cost/index.js';
import type { CostCeiling } from '../../../src/analyses/cost/index.js';
import { unresolved } from '../../../src/model/types.js';
import { api, entry, fn, loc, model, resource, surface } from './helpers.js';

function close(actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);
}

function line(c: CostCeiling, prefix: string): CostCeiling['breakdown'][number] {
  const found = c.breakdown.find((b) => b.item.startsWith(prefix));
  assert.ok(found, `no breakdown line ${prefix}: ${c.breakdown.map((b) => b.item).join(', ')}`);
  return found;
}

function only(c: CostCeiling[]): CostCeiling {
  assert.equal(c.length, 1);
  return c[0]!;
}

const urlModel = (props: Parameters<typeof fn>[1]) =>
  model({
    functions: [fn('UrlFn', props)],
    entryPoints: [entry('function-url:UrlFn', { kind: 'function-url', targets: ['UrlFn'], label: 'Function URL of UrlFn' })],
  });

describe('worked example: public Function URL (FIELD.md 3b)', () => {
  // 1,000 concurrent × 1 GB × $0.0000166667/GB-s × 3,600 s = $60.00/h; requests (33.3 rps) and logs add cents.
  const c = only(analyzeCost(urlModel({ memoryMb: 1024, timeoutSeconds: 30 }), surface(), {}).ceilings);

  it('costs about $60/hour and $1,440/day', () => {
    close(c.worstCaseUsdPerHour, 60, 0.2);
    close(c.worstCaseUsdPerDay, 1_440, 5);
    close(line(c, 'Lambda duration').usdPerHour, 60.0, 0.01);
    close(line(c, 'Lambda requests').usdPerHour, 0.024, 0.001);
    close(line(c, 'CloudWatch Logs').usdPerHour, 0.06, 0.001);
  });

  it('is bound by the account concurrency pool', () => {
    assert.equal(c.bindingLimit, 'account-concurrency');
    assert.equal(c.concurrency, 1_000);
    close(c.requestsPerSecond, 1_000 / 30, 0.01);
    assert.equal(c.explicitCap, false);
    assert.equal(c.attackerDriven, true);
  });

  it('carries its assumptions and a formula per line', () => {
    assert.equal(c.assumptions.region, 'us-east-1');
    assert.equal(c.assumptions.accountConcurrency, 1_000);
    assert.equal(c.assumptions.memoryMb, 1024);
    assert.equal(c.assumptions.durationSeconds, 30);
    assert.match(line(c, 'Lambda duration').formula, /1,000 concurrent/);
    assert.match(line(c, 'Lambda duration').formula, /\$0\.0000166667\/GB-s/);
  });

  it('suggests a reserved concurrency that fits the $100/day budget', () => {
    assert.ok(c.fix !== null && c.fix.includes('ReservedConcurrentExecutions'));
    assert.equal(c.suggested?.reservedConcurrency, 69);
    // 69 × 1 GB × 86,400 s × $0.0000166667 ≈ $99.36/day
    const capped = only(analyzeCost(urlModel({ memoryMb: 1024, timeoutSeconds: 30, reservedConcurrency: 69 }), surface(), {}).ceilings);
    assert.ok(capped.worstCaseUsdPerDay <= 100, `${capped.worstCaseUsdPerDay}`);
    assert.equal(capped.bindingLimit, 'reserved-concurrency');
    assert.equal(capped.fix, null);
  });

  it('scales with memory, timeout, architecture, account quota and price overrides', () => {
    const big = only(analyzeCost(urlModel({ memoryMb: 10_240, timeoutSeconds: 900 }), surface(), {}).ceilings);
    close(big.worstCaseUsdPerHour, 600, 0.5);
    close(big.worstCaseUsdPerDay, 14_400, 10);
    const arm = only(analyzeCost(urlModel({ memoryMb: 1024, timeoutSeconds: 30, architecture: 'arm64' }), surface(), {}).ceilings);
    close(line(arm, 'Lambda duration').usdPerHour, 48.0, 0.01);
    const raised = only(analyzeCost(urlModel({ memoryMb: 1024, timeoutSeconds: 30 }), surface(), { accountConcurrency: 3_000 }).ceilings);
    close(line(raised, 'Lambda duration').usdPerHour, 180.0, 0.01);
    const priced = only(analyzeCost(urlModel({ memoryMb: 1024, timeoutSeconds: 30 }), surface(), { prices: { 'lambda.duration.x86_64': 0.00002 } }).ceilings);
    close(line(priced, 'Lambda duration').usdPerHour, 72.0, 0.01);
  });
});

describe('worked example: REST API at the account throttle (FIELD.md 3b)', () => {
  const m = model({
    functions: [fn('ApiFn', { memoryMb: 128, timeoutSeconds: 3 })],
    resources: [api('Api', 'rest-api')],
    entryPoints: [entry('rest:Api:GET /items', { kind: 'rest-api-method', source: 'Api', targets: ['ApiFn'], label: 'GET /items' })],
  });
  // The attacker cannot hold a 50 ms handler: duration is an input.
  const c = only(analyzeCost(m, surface(), { durationMs: { ApiFn: 50 } }).ceilings);

  it('costs about $3,350/day with the FIELD.md breakdown', () => {
    close(c.worstCaseUsdPerDay, 3_350, 10);
    close(line(c, 'API Gateway REST').usdPerDay, 2_652.3, 0.5); // 333M × $3.50 + 531M × $2.80
    close(line(c, 'Lambda requests').usdPerDay, 172.8, 0.1);
    close(line(c, 'Lambda duration').usdPerDay, 90, 0.1);
    close(line(c, 'CloudWatch Logs').usdPerDay, 432, 0.1);
    assert.match(line(c, 'API Gateway REST').formula, /333M × \$3\.50\/M requests \+ 531M × \$2\.80\/M requests/);
  });

  it('is bound by the API Gateway account throttle and needs only 500 concurrency', () => {
    assert.equal(c.bindingLimit, 'account-throttle');
    assert.equal(c.requestsPerSecond, 10_000);
    assert.equal(c.concurrency, 500);
  });

  it('prices the first hour at the first tier', () => {
    close(c.worstCaseUsdPerHour, 126 + 7.2 + 3.75 + 18, 0.01);
  });

  it('an HTTP API front door costs about $808/day', () => {
    const h = model({
      functions: [fn('ApiFn', { memoryMb: 128, timeoutSeconds: 3 })],
      resources: [api('Http', 'http-api')],
      entryPoints: [entry('http:Http:GET /items', { kind: 'http-api-route', source: 'Http', targets: ['ApiFn'], label: 'GET /items' })],
    });
    const hc = only(analyzeCost(h, surface(), { durationMs: { ApiFn: 50 } }).ceilings);
    close(line(hc, 'API Gateway HTTP API').usdPerDay, 300 * 1.0 + 564 * 0.9, 0.5);
  });

  it('holding each call to its 3 s timeout makes concurrency bind instead', () => {
    const held = only(analyzeCost(m, surface(), {}).ceilings);
    assert.equal(held.bindingLimit, 'account-concurrency');
    assert.equal(held.concurrency, 1_000);
    // The API still bills every attacker request up to the account throttle.
    close(line(held, 'API Gateway REST').usdPerDay, 2_652.3, 0.5);
  });

  it('uses the lower account throttle of Regions such as eu-south-1, with a price fallback note', () => {
    const eu = only(analyzeCost(m, surface(), { region: 'eu-south-1', durationMs: { ApiFn: 50 } }).ceilings);
    assert.equal(eu.requestsPerSecond, 2_500);
    assert.equal(eu.assumptions.apiGatewayAccountRps, 2_500);
    assert.equal(eu.assumptions.priceRegion, 'us-east-1');
    const analysis = analyzeCost(m, surface(), { region: 'eu-south-1' });
    assert.ok(analysis.notes.some((n) => n.includes('eu-south-1')));
  });
});

describe('front-door limits', () => {
  const httpModel = (routeThrottle: number | null, stageThrottle: number | null) =>
    model({
      functions: [fn('Fn', { memoryMb: 512, timeoutSeconds: 10 })],
      resources: [api('Http', 'http-api', { throttle: stageThrottle === null ? null : { rateLimit: stageThrottle, burstLimit: stageThrottle } })],
      entryPoints: [
        entry('http:Http:POST /x', {
          kind: 'http-api-route',
          source: 'Http',
          targets: ['Fn'],
          label: 'POST /x',
          throttle: routeThrottle === null ? null : { rateLimit: routeThrottle, burstLimit: routeThrottle },
        }),
      ],
    });

  it('a stage throttle binds: 50 rps × 10 s = 500 concurrent × 0.5 GB', () => {
    const c = only(analyzeCost(httpModel(null, 50), surface(), {}).ceilings);
    assert.equal(c.bindingLimit, 'stage-throttle');
    assert.equal(c.concurrency, 500);
    assert.equal(c.explicitCap, true);
    // 250 GB-s/s × 3,600 × $0.0000166667 = $15.00; 180,000 requests: HTTP $0.18, Lambda $0.036; logs 0.18 GB $0.09
    close(c.worstCaseUsdPerHour, 15 + 0.18 + 0.036 + 0.09, 0.01);
  });

  it('a route throttle overrides the stage default', () => {
    const c = only(analyzeCost(httpModel(5, 100), surface(), {}).ceilings);
    assert.equal(c.bindingLimit, 'route-throttle');
    assert.equal(c.requestsPerSecond, 5);
  });

  it('an unresolved throttle is not a cap', () => {
    const m = httpModel(null, null);
    m.resources[0]!.attributes.throttle = { rateLimit: unresolved('SSM parameter'), burstLimit: null };
    const c = only(analyzeCost(m, surface(), {}).ceilings);
    assert.equal(c.explicitCap, false);
    assert.ok(c.assumptions.notes.some((n) => n.includes('unresolved')));
  });

  it('a usage-plan quota caps the requests of a keyed route', () => {
    const m = model({
      functions: [fn('Fn')],
      resources: [api('Api', 'rest-api', { usagePlans: [{ throttle: { rateLimit: 100, burstLimit: 200 }, quotaLimit: 10_000, period: 'DAY' }] })],
      entryPoints: [entry('rest:Api:GET /k', { kind: 'rest-api-method', source: 'Api', targets: ['Fn'], label: 'GET /k', auth: { kind: 'api-key', apiKeyRequired: true } })],
    });
    const c = only(analyzeCost(m, surface(), {}).ceilings);
    assert.equal(c.bindingLimit, 'usage-plan');
    close(c.requestsPerSecond, 10_000 / 86_400, 0.001);
    assert.ok(c.worstCaseUsdPerDay < 1);
    assert.equal(c.explicitCap, true);
  });

  it('a schedule cannot be driven faster than once a minute', () => {
    const m = model({ functions: [fn('Cron')], entryPoints: [entry('schedule:Cron', { kind: 'schedule', targets: ['Cron'], principal: { kind: 'aws-service' }, auth: { kind: 'service' } })] });
    const c = only(analyzeCost(m, surface(), {}).ceilings);
    assert.equal(c.bindingLimit, 'schedule-rate');
    assert.equal(c.attackerDriven, false);
  });

  it('a WAF on the API is noted and its inspection charged', () => {
    const m = model({
      functions: [fn('Fn')],
      resources: [api('Api', 'rest-api', { wafAssociated: true })],
      entryPoints: [entry('rest:Api:GET /w', { kind: 'rest-api-method', source: 'Api', targets: ['Fn'], label: 'GET /w' })],
    });
    const c = only(analyzeCost(m, surface(), {}).ceilings);
    close(line(c, 'AWS WAF').usdPerHour, 36 * 0.6, 0.01);
    assert.ok(c.assumptions.notes.some((n) => n.includes('WAF')));
  });
});

describe('concurrency', () => {
  it('reserved concurrency binds and keeps the ceiling small', () => {
    const c = only(analyzeCost(urlModel({ memoryMb: 1024, timeoutSeconds: 30, reservedConcurrency: 10 }), surface(), {}).ceilings);
    assert.equal(c.bindingLimit, 'reserved-concurrency');
    close(line(c, 'Lambda duration').usdPerHour, 0.6, 0.001);
    assert.equal(c.fix, null);
  });

  it('reserved concurrency 0 stops all invocations', () => {
    const c = only(analyzeCost(urlModel({ reservedConcurrency: 0 }), surface(), {}).ceilings);
    assert.equal(c.concurrency, 0);
    assert.equal(c.worstCaseUsdPerDay, 0);
  });

  it('other functions\' reservations shrink the unreserved pool', () => {
    const m = urlModel({ memoryMb: 1024, timeoutSeconds: 30 });
    m.functions.push(fn('Other', { reservedConcurrency: 400 }));
    const analysis = analyzeCost(m, surface(), {});
    assert.equal(analysis.reservedTotal, 400);
    assert.equal(analysis.unreservedPool, 600);
    const c = only(analysis.ceilings);
    assert.equal(c.concurrency, 600);
    close(line(c, 'Lambda duration').usdPerHour, 36, 0.01);
  });

  it('unresolved memory, timeout and reservation are taken at the worst case with notes', () => {
    const c = only(
      analyzeCost(
        urlModel({ memoryMb: unresolved('!Ref MemoryParam without default'), timeoutSeconds: unresolved('SSM'), reservedConcurrency: unresolved('import'), architecture: unresolved('condition') }),
        surface(),
        {},
      ).ceilings,
    );
    assert.equal(c.assumptions.memoryMb, 10_240);
    assert.equal(c.assumptions.timeoutSeconds, 900);
    assert.equal(c.assumptions.architecture, 'x86_64');
    assert.equal(c.assumptions.reservedConcurrency, null);
    close(c.worstCaseUsdPerHour, 600, 0.5);
    for (const what of ['MemorySize', 'Timeout', 'ReservedConcurrentExecutions', 'architecture']) {
      assert.ok(c.assumptions.notes.some((n) => n.includes(what) && n.includes('unresolved')), what);
    }
  });

  it('a target missing from the model is costed at the worst case', () => {
    const m = model({ entryPoints: [entry('perm:Ext', { kind: 'lambda-permission', targets: ['ExternalFn'], principal: { kind: 'any-aws-account' }, auth: { kind: 'resource-policy' } })] });
    const c = only(analyzeCost(m, surface(), {}).ceilings);
    assert.equal(c.assumptions.memoryMb, 10_240);
    assert.ok(c.assumptions.notes.some((n) => n.includes('not defined')));
  });
});

describe('downstream fan-out, retries and loops', () => {
  // Public HTTP route (10 rps stage throttle) → PubFn → Topic → Sub (async, 2 retries when it times out).
  const fanModel = () =>
    model({
      functions: [fn('PubFn', { timeoutSeconds: 1 }), fn('Sub', { timeoutSeconds: 1 })],
      resources: [api('Http', 'http-api', { throttle: { rateLimit: 10, burstLimit: 10 } }), resource('Topic', 'topic')],
      entryPoints: [entry('http:Http:POST /pub', { kind: 'http-api-route', source: 'Http', targets: ['PubFn'], label: 'POST /pub' })],
    });
  const fanSurface = surface({
    reaches: [
      { entryPoint: 'http:Http:POST /pub', functionId: 'PubFn', path: ['http:Http:POST /pub', 'PubFn'], depth: 0 },
      { entryPoint: 'http:Http:POST /pub', functionId: 'Sub', path: ['http:Http:POST /pub', 'PubFn', 'Topic', 'Sub'], depth: 1 },
    ],
  });

  it('counts downstream invocations with async retries and the SNS publishes', () => {
    const c = only(analyzeCost(fanModel(), fanSurface, {}).ceilings);
    assert.deepEqual(c.downstream, ['Sub']);
    // PubFn 10/s; Sub 10/s × 3 attempts (it times out, SNS → Lambda is async) = 30/s.
    close(line(c, 'Lambda requests').usdPerHour, 40 * 3_600 * 0.2e-6, 1e-6);
    close(line(c, 'Lambda duration (Sub').usdPerHour, 30 * 0.125 * 3_600 * 0.0000166667, 1e-4);
    close(line(c, 'SNS publishes (Topic)').usdPerHour, 10 * 3_600 * 0.5e-6, 1e-6);
  });

  it('without held calls there are no retries', () => {
    const c = only(analyzeCost(fanModel(), fanSurface, { attackerHoldsToTimeout: false }).ceilings);
    close(line(c, 'Lambda requests').usdPerHour, 20 * 3_600 * 0.2e-6, 1e-6);
  });

  it('without a surface analysis it notes that downstream is not counted', () => {
    const analysis = analyzeCost(fanModel(), undefined, {});
    assert.deepEqual(analysis.ceilings[0]!.downstream, []);
    assert.ok(analysis.notes.some((n) => n.includes('surface')));
  });

  // URL → UploadFn (reserved 10) → Bucket → ProcFn → Bucket → ProcFn: an S3 loop AWS does not stop.
  const loopModel = (recursiveLoop: 'Terminate' | 'Allow' = 'Terminate') =>
    model({
      functions: [fn('UploadFn', { reservedConcurrency: 10 }), fn('ProcFn', { memoryMb: 256, timeoutSeconds: 60, recursiveLoop })],
      resources: [resource('Bucket', 'bucket'), resource('Queue', 'queue')],
      entryPoints: [entry('function-url:UploadFn', { kind: 'function-url', targets: ['UploadFn'], label: 'Function URL of UploadFn' })],
    });
  const loopReaches = [
    { entryPoint: 'function-url:UploadFn', functionId: 'UploadFn', path: ['function-url:UploadFn', 'UploadFn'], depth: 0 },
    { entryPoint: 'function-url:UploadFn', functionId: 'ProcFn', path: ['function-url:UploadFn', 'UploadFn', 'Bucket', 'ProcFn'], depth: 1 },
  ];

  it('a loop AWS does not stop is unbounded and runs at the concurrency cap', () => {
    const s = surface({ reaches: loopReaches, loops: [{ certainty: 'code', path: ['ProcFn', 'Bucket', 'ProcFn'], awsDetects: false, reason: 'S3 loops are not detected' }] });
    const c = only(analyzeCost(loopModel(), s, {}).ceilings);
    assert.equal(c.unbounded, true);
    // ProcFn takes the rest of the pool: 990 × 0.25 GB.
    close(line(c, 'Lambda duration (ProcFn').usdPerHour, 990 * 0.25 * 3_600 * 0.0000166667, 0.01);
    assert.ok(c.fix !== null && c.fix.includes('Break the recursion loop'));
  });

  it('a loop AWS stops multiplies each event by about 16', () => {
    const s = surface({
      reaches: [
        loopReaches[0]!,
        { entryPoint: 'function-url:UploadFn', functionId: 'ProcFn', path: ['function-url:UploadFn', 'UploadFn', 'Queue', 'ProcFn'], depth: 1 },
      ],
      loops: [{ certainty: 'code', path: ['ProcFn', 'Queue', 'ProcFn'], awsDetects: true, reason: 'SQS' }],
    });
    const stopped = only(analyzeCost(loopModel(), s, { attackerHoldsToTimeout: false }).ceilings);
    assert.equal(stopped.unbounded, false);
    // UploadFn: 10 reserved / 0.1 s = 100/s; ProcFn: 100/s × 16 = 1,600/s.
    close(line(stopped, 'Lambda requests').usdPerHour, (100 + 1_600) * 3_600 * 0.2e-6, 1e-6);
    const allowed = only(analyzeCost(loopModel('Allow'), s, { attackerHoldsToTimeout: false }).ceilings);
    assert.equal(allowed.unbounded, true);
    assert.ok(allowed.fix !== null && allowed.fix.includes('RecursiveLoop: Allow'));
  });
});

describe('determinism', () => {
  it('gives identical output for identical input and does not mutate the model', () => {
    const m = model({
      functions: [fn('B', { memoryMb: 2048 }), fn('A')],
      resources: [api('Api', 'rest-api')],
      entryPoints: [
        entry('z', { kind: 'function-url', targets: ['B'] }),
        entry('a', { kind: 'rest-api-method', source: 'Api', targets: ['B', 'A'] }),
      ],
    });
    const before = structuredClone(m);
    const one = JSON.stringify(analyzeCost(m, surface(), {}));
    const two = JSON.stringify(analyzeCost(m, surface(), {}));
    assert.equal(one, two);
    assert.deepEqual(m, before);
    const ceilings = analyzeCost(m, surface(), {}).ceilings;
    assert.deepEqual(
      ceilings.map((c) => `${c.entryPoint}|${c.function}`),
      ['a|A', 'a|B', 'z|B'],
    );
    assert.ok(!one.includes('null,"worstCase') && !one.includes('Infinity'));
  });
});

describe('AppSync front door', () => {
  // 1,000 concurrent × 1 GB × 30 s: 33.33 invocations/s; AppSync $4.00/M operations → 33.33 × 3,600 × $4/M = $0.48/h
  const graphModel = (attributes: Parameters<typeof resource>[2] = {}) =>
    model({
      functions: [fn('Resolver', { memoryMb: 1024, timeoutSeconds: 30 })],
      resources: [resource('Graph', 'other', attributes)],
      entryPoints: [
        entry('appsync-resolver:Graph:Query.order (data source Backend)→Resolver', {
          kind: 'appsync-resolver',
          source: 'Graph',
          targets: ['Resolver'],
          label: 'Query.order (data source Backend)',
          auth: { kind: 'api-key', apiKeyRequired: true },
          graphql: { api: 'Graph', dataSource: 'Backend', fields: [{ type: 'Query', field: 'order' }], authLocation: loc(30) },
        }),
      ],
    });

  it('charges one AppSync operation per invocation on top of Lambda', () => {
    const c = only(analyzeCost(graphModel(), surface(), {}).ceilings);
    close(line(c, 'AppSync operations (Graph)').usdPerHour, (1_000 / 30) * 3_600 * 4e-6, 0.001);
    assert.match(line(c, 'AppSync operations').formula, /\$4\.00\/M operations/);
    close(c.worstCaseUsdPerHour, 60 + 0.024 + 0.06 + 0.48, 0.2);
    assert.equal(c.bindingLimit, 'account-concurrency');
    assert.ok(c.assumptions.notes.some((n) => n.includes("AppSync's own request-rate quota")));
  });

  it('a WAF on the AppSync API is charged too, and egress applies to its responses', () => {
    const c = only(analyzeCost(graphModel({ wafAssociated: true }), surface(), { egressBytesPerRequest: 1_000_000 }).ceilings);
    close(line(c, 'AWS WAF').usdPerHour, (1_000 / 30) * 3_600 * 0.6e-6, 0.001);
    close(line(c, 'Data transfer out').usdPerHour, (1_000 / 30) * 3_600 * 1e-3 * 0.09, 0.01);
  });
});
