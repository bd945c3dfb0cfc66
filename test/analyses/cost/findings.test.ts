import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeCost,
  denialOfWalletSeverity,
  findConcurrencyStarvation,
  findDenialOfWallet,
  findMissingThrottling,
  findTimeoutMismatch,
} from '../../../src/analyses/cost/index.js';
import type { CostAnalysis, CostAssumptionsInput, CostFinding } from '../../../src/analyses/cost/index.js';
import type { ReportInput } from '../../../src/engine/types.js';
import type { AppModel } from '../../../src/model/types.js';
import type { SurfaceAnalysis } from '../../../src/analyses/surface/types.js';
import { api, entry, fn, model, resource, surface } from './helpers.js';
import denialOfWallet from '../../../src/rules/cost/no-denial-of-wallet.js';
import missingThrottling from '../../../src/rules/cost/require-api-throttling.js';
import concurrencyStarvation from '../../../src/rules/cost/no-concurrency-starvation.js';
import timeoutMismatch from '../../../src/rules/cost/no-timeout-mismatch.js';

/** The message templates the rules of the cost checks declare (costRule, src/rules/kinds.ts). */
const COST_RULE_MESSAGES = {
  denialOfWallet: denialOfWallet.meta.messages,
  missingThrottling: missingThrottling.meta.messages,
  concurrencyStarvation: concurrencyStarvation.meta.messages,
  timeoutMismatch: timeoutMismatch.meta.messages,
};

function all(m: AppModel, s: SurfaceAnalysis = surface(), a: CostAssumptionsInput = {}): { cost: CostAnalysis; findings: Record<string, CostFinding[]> } {
  const cost = analyzeCost(m, s, a);
  return {
    cost,
    findings: {
      dow: findDenialOfWallet(m, cost),
      throttling: findMissingThrottling(m, cost),
      starvation: findConcurrencyStarvation(m, cost),
      timeout: findTimeoutMismatch(m, cost),
    },
  };
}

function total(f: Record<string, CostFinding[]>): number {
  return Object.values(f).reduce((n, list) => n + list.length, 0);
}

/** Every {{placeholder}} of the message template is filled by the finding's data. */
function assertMessageFits(rule: keyof typeof COST_RULE_MESSAGES, f: CostFinding): void {
  const templates = COST_RULE_MESSAGES[rule] as Record<string, string>;
  const template = templates[f.messageId];
  assert.ok(template, `${rule} has no message ${f.messageId}`);
  for (const [, name] of template.matchAll(/\{\{(\w+)\}\}/g)) assert.ok(name! in f.data, `${rule}.${f.messageId}: no data for ${name}`);
}

describe('severity thresholds', () => {
  const sev = (usdPerDay: number, unbounded: boolean, principal: 'public' | 'unresolved' | 'any-aws-account' = 'public', auth: 'none' | 'api-key' = 'none') =>
    denialOfWalletSeverity({ worstCaseUsdPerDay: usdPerDay, unbounded, principal, auth, assumptions: { budgetUsdPerDay: 100 } as never });
  it('grades the daily ceiling against the budget, for anyone on the internet', () => {
    assert.equal(sev(10_000, false), 'high');
    assert.equal(sev(9_999.99, false), 'medium');
    assert.equal(sev(100.01, false), 'medium');
    assert.equal(sev(100, false), 'low');
    assert.equal(sev(50.01, false), 'low');
    assert.equal(sev(50, false), null);
    assert.equal(sev(1, true), 'critical');
  });
  it('lowers it one step when the attacker needs an API key or an AWS account, or the caller is unresolved; only anyone makes it critical', () => {
    assert.equal(sev(10_000, false, 'public', 'api-key'), 'medium');
    assert.equal(sev(10_000, false, 'any-aws-account'), 'medium');
    assert.equal(sev(10_000, false, 'unresolved'), 'medium');
    assert.equal(sev(1, true, 'unresolved'), 'high');
    assert.equal(sev(1, true, 'public', 'api-key'), 'high');
  });
});

describe('a clean app: authenticated, throttled, reserved', () => {
  it('yields no cost finding', () => {
    const m = model({
      functions: [fn('OrdersFn', { memoryMb: 1024, timeoutSeconds: 10, reservedConcurrency: 5 })],
      resources: [api('Api', 'rest-api', { throttle: { rateLimit: 10, burstLimit: 20 } })],
      entryPoints: [
        entry('rest:Api:POST /orders', {
          kind: 'rest-api-method',
          source: 'Api',
          targets: ['OrdersFn'],
          label: 'POST /orders',
          principal: { kind: 'authenticated-users' },
          auth: { kind: 'cognito', authorizer: 'UserPoolAuth' },
        }),
      ],
    });
    const { cost, findings } = all(m);
    assert.equal(total(findings), 0, JSON.stringify(findings));
    assert.equal(cost.ceilings[0]!.attackerDriven, false);
  });

  it('a public route that is throttled and reserved within budget yields none either', () => {
    const m = model({
      functions: [fn('Fn', { reservedConcurrency: 2 })],
      resources: [api('Http', 'http-api', { throttle: { rateLimit: 5, burstLimit: 10 } })],
      entryPoints: [entry('http:Http:GET /', { kind: 'http-api-route', source: 'Http', targets: ['Fn'], label: 'GET /' })],
    });
    const { cost, findings } = all(m);
    assert.equal(total(findings), 0, JSON.stringify(findings));
    assert.ok(cost.ceilings[0]!.worstCaseUsdPerDay < 5);
  });

  it('internal paths (schedule, same-account queue) yield none, however large', () => {
    const m = model({
      functions: [fn('Batch', { memoryMb: 10_240, timeoutSeconds: 900 }), fn('Worker', { memoryMb: 10_240, timeoutSeconds: 900 })],
      resources: [resource('Jobs', 'queue')],
      entryPoints: [
        entry('schedule:Batch', { kind: 'schedule', targets: ['Batch'], principal: { kind: 'aws-service' }, auth: { kind: 'service' } }),
        entry('sqs:Jobs:Worker', { kind: 'sqs-queue', source: 'Jobs', targets: ['Worker'], principal: { kind: 'same-account' }, auth: { kind: 'service' } }),
      ],
    });
    const { cost, findings } = all(m);
    assert.equal(total(findings), 0, JSON.stringify(findings));
    // The ceilings are still computed: the queue consumer at the worst case is large.
    assert.ok(cost.ceilings.find((c) => c.function === 'Worker')!.worstCaseUsdPerDay > 10_000);
  });
});

describe('denial-of-wallet', () => {
  it('the public Function URL example is medium ($1,440/day: above the budget, under 100× it)', () => {
    const m = model({ functions: [fn('UrlFn', { memoryMb: 1024, timeoutSeconds: 30 })], entryPoints: [entry('url', { kind: 'function-url', targets: ['UrlFn'], label: 'Function URL of UrlFn' })] });
    const { findings } = all(m);
    assert.equal(findings.dow!.length, 1);
    const f = findings.dow![0]!;
    assert.equal(f.severity, 'medium');
    assert.equal(f.subject, 'url');
    assert.equal(f.key, 'UrlFn');
    assert.equal(f.data.perDay, '$1,442.02');
    assertMessageFits('denialOfWallet', f);
  });

  it('a default 128 MB / 3 s URL is medium ($180/day), high at a budget 100× under its ceiling, and a raised budget clears it', () => {
    const m = model({ functions: [fn('Small')], entryPoints: [entry('url', { kind: 'function-url', targets: ['Small'] })] });
    assert.equal(all(m).findings.dow![0]!.severity, 'medium');
    assert.equal(all(m, surface(), { budgetUsdPerDay: 1 }).findings.dow![0]!.severity, 'high');
    assert.equal(all(m, surface(), { budgetUsdPerDay: 1_000 }).findings.dow!.length, 0);
  });

  it('any-AWS-account permissions count; cross-account and authenticated ones do not', () => {
    const m = model({
      functions: [fn('Fn', { memoryMb: 1024, timeoutSeconds: 30 })],
      entryPoints: [
        entry('perm:any', { kind: 'lambda-permission', targets: ['Fn'], principal: { kind: 'any-aws-account' }, auth: { kind: 'resource-policy' } }),
        entry('perm:partner', { kind: 'lambda-permission', targets: ['Fn'], principal: { kind: 'cross-account', detail: '111122223333' }, auth: { kind: 'resource-policy' } }),
      ],
    });
    const dow = all(m).findings.dow!;
    assert.deepEqual(
      dow.map((f) => f.subject),
      ['perm:any'],
    );
  });

  it('an unbounded recursion loop is critical', () => {
    const m = model({
      functions: [fn('UploadFn', { reservedConcurrency: 1 }), fn('ProcFn', { memoryMb: 128, timeoutSeconds: 3 })],
      resources: [resource('Bucket', 'bucket')],
      entryPoints: [entry('url', { kind: 'function-url', targets: ['UploadFn'] })],
    });
    const s = surface({
      reaches: [{ entryPoint: 'url', functionId: 'ProcFn', path: ['url', 'UploadFn', 'Bucket', 'ProcFn'], depth: 1 }],
      loops: [{ certainty: 'code', path: ['ProcFn', 'Bucket', 'ProcFn'], awsDetects: false, reason: 'S3' }],
    });
    const f = all(m, s).findings.dow![0]!;
    assert.equal(f.severity, 'critical');
    assert.equal(f.messageId, 'unbounded');
    assert.deepEqual(f.functions, ['UploadFn', 'ProcFn']);
    assertMessageFits('denialOfWallet', f);
  });
});

describe('missing-throttling', () => {
  it('reports a public API without stage, route or usage-plan throttle, once per API', () => {
    const m = model({
      functions: [fn('A'), fn('B')],
      resources: [api('Api', 'rest-api')],
      entryPoints: [
        entry('rest:Api:GET /a', { kind: 'rest-api-method', source: 'Api', targets: ['A'], label: 'GET /a' }),
        entry('rest:Api:GET /b', { kind: 'rest-api-method', source: 'Api', targets: ['B'], label: 'GET /b' }),
        entry('rest:Api:GET /c', { kind: 'rest-api-method', source: 'Api', targets: ['B'], label: 'GET /c', throttle: { rateLimit: 1, burstLimit: 1 } }),
      ],
    });
    const list = all(m).findings.throttling!;
    assert.equal(list.length, 1);
    const f = list[0]!;
    assert.equal(f.subject, 'Api');
    assert.equal(f.data.routes, 'GET /a, GET /b');
    assert.equal(f.severity, 'medium');
    assertMessageFits('missingThrottling', f);
  });

  it('does not report an authenticated API', () => {
    const m = model({
      functions: [fn('A')],
      resources: [api('Http', 'http-api')],
      entryPoints: [entry('http:Http:GET /a', { kind: 'http-api-route', source: 'Http', targets: ['A'], principal: { kind: 'authenticated-users' }, auth: { kind: 'jwt' } })],
    });
    assert.equal(all(m).findings.throttling!.length, 0);
  });
});

describe('concurrency-starvation', () => {
  it('reports reservations that leave fewer than 100 unreserved', () => {
    const m = model({
      functions: [fn('Big', { reservedConcurrency: 500 }), fn('Bigger', { reservedConcurrency: 450 }), fn('Rest')],
      entryPoints: [],
    });
    const { cost, findings } = all(m);
    assert.equal(cost.unreservedPool, 50);
    const list = findings.starvation!;
    assert.equal(list.length, 1);
    const f = list[0]!;
    assert.equal(f.messageId, 'poolTooSmall');
    assert.equal(f.subject, 'Big');
    assert.deepEqual(f.functions, ['Big', 'Bigger']);
    assert.ok(cost.notes.some((n) => n.includes('would fail')));
    assertMessageFits('concurrencyStarvation', f);
  });

  it('folds a public function that takes the whole pool into its denial-of-wallet finding', () => {
    const m = model({
      functions: [fn('PublicFn', { timeoutSeconds: 30 }), fn('Payments'), fn('Reserved', { reservedConcurrency: 100 })],
      entryPoints: [entry('url', { kind: 'function-url', targets: ['PublicFn'], label: 'Function URL of PublicFn' })],
    });
    const { findings } = all(m);
    assert.equal(findings.starvation!.length, 0);
    assert.equal(findings.dow!.length, 1);
    assert.match(String(findings.dow![0]!.data.starves), /the whole unreserved pool \(900\).*\(1 in this app\)/);
  });

  it('reports a public function that takes the whole pool while its ceiling is within budget', () => {
    const m = model({
      functions: [fn('PublicFn', { timeoutSeconds: 30 }), fn('Payments'), fn('Reserved', { reservedConcurrency: 100 })],
      entryPoints: [entry('url', { kind: 'function-url', targets: ['PublicFn'], label: 'Function URL of PublicFn' })],
    });
    assert.equal(all(m, surface(), { budgetUsdPerDay: 100_000 }).findings.dow!.length, 0);
    const list = all(m, surface(), { budgetUsdPerDay: 100_000 }).findings.starvation!;
    assert.equal(list.length, 1);
    const f = list[0]!;
    assert.equal(f.messageId, 'takesPool');
    assert.equal(f.subject, 'PublicFn');
    assert.equal(f.data.pool, '900');
    assert.equal(f.data.others, 1);
    assertMessageFits('concurrencyStarvation', f);
  });

  it('does not report it when a throttle keeps the function below the pool', () => {
    const m = model({
      functions: [fn('PublicFn', { timeoutSeconds: 3 })],
      resources: [api('Http', 'http-api', { throttle: { rateLimit: 100, burstLimit: 100 } })],
      entryPoints: [entry('http:Http:GET /', { kind: 'http-api-route', source: 'Http', targets: ['PublicFn'] })],
    });
    // 100 rps × 3 s = 300 < 1,000
    assert.equal(all(m).findings.starvation!.length, 0);
  });
});

describe('timeout-mismatch', () => {
  it('reports a function timeout above the REST integration timeout', () => {
    const m = model({
      functions: [fn('Slow', { timeoutSeconds: 60 })],
      resources: [api('Api', 'rest-api')],
      entryPoints: [entry('rest:Api:GET /slow', { kind: 'rest-api-method', source: 'Api', targets: ['Slow'], label: 'GET /slow' })],
    });
    const list = all(m).findings.timeout!;
    assert.equal(list.length, 1);
    const f = list[0]!;
    assert.equal(f.messageId, 'integration');
    assert.equal(f.data.integrationTimeout, 29);
    assert.equal(f.data.timeout, '60');
    assertMessageFits('timeoutMismatch', f);
  });

  it('accepts 30 s behind an HTTP API (its integration timeout)', () => {
    const m = model({
      functions: [fn('Fn', { timeoutSeconds: 30 })],
      resources: [api('Http', 'http-api')],
      entryPoints: [entry('http:Http:GET /', { kind: 'http-api-route', source: 'Http', targets: ['Fn'] })],
    });
    assert.equal(all(m).findings.timeout!.length, 0);
  });

  it('reports a timeout of 600 s or more on a public path, downstream included', () => {
    const m = model({
      functions: [fn('Front', { timeoutSeconds: 900 }), fn('Worker', { timeoutSeconds: 600 })],
      resources: [resource('Q', 'queue')],
      entryPoints: [entry('url', { kind: 'function-url', targets: ['Front'] })],
    });
    const s = surface({ reaches: [{ entryPoint: 'url', functionId: 'Worker', path: ['url', 'Front', 'Q', 'Worker'], depth: 1 }] });
    const list = all(m, s).findings.timeout!;
    assert.deepEqual(
      list.map((f) => `${f.subject}:${f.messageId}`),
      ['Front:long', 'Worker:long'],
    );
    for (const f of list) assertMessageFits('timeoutMismatch', f);
  });

  it('treats an unresolved timeout as 900 s, and ignores authenticated paths', () => {
    const m = model({
      functions: [fn('Unknown', { timeoutSeconds: { unresolved: true, reason: 'SSM' } }), fn('Private', { timeoutSeconds: 900 })],
      resources: [api('Api', 'rest-api')],
      entryPoints: [
        entry('rest:Api:GET /u', { kind: 'rest-api-method', source: 'Api', targets: ['Unknown'] }),
        entry('rest:Api:GET /p', { kind: 'rest-api-method', source: 'Api', targets: ['Private'], principal: { kind: 'same-account' }, auth: { kind: 'iam' } }),
      ],
    });
    const list = all(m).findings.timeout!;
    assert.deepEqual(
      list.map((f) => f.subject),
      ['Unknown'],
    );
    assert.match(String(list[0]!.data.timeout), /unresolved/);
  });
});

describe('finding shape', () => {
  it('is assignable to the engine ReportInput', () => {
    const m = model({ functions: [fn('F')], entryPoints: [entry('url', { kind: 'function-url', targets: ['F'] })] });
    const reports: ReportInput[] = findDenialOfWallet(m, analyzeCost(m, surface(), {}));
    assert.equal(reports.length, 1);
  });
});
