/**
 * The config file: strict validation with file:line errors, rule levels, parameters, cost
 * assumptions, ignore globs, suppress entries (reason required), discovery and `init`.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfig, starterConfig } from '../../src/config/schema.js';
import { loadConfig } from '../../src/config/load.js';
import { globMatch, matchName, matchPath } from '../../src/model/glob.js';
import { parseYaml } from '../../src/loaders/cloudformation/parse.js';
import { analyze } from '../../src/api.js';
import { RULES } from '../../src/rules/registry.generated.js';
import { runCli } from '../../src/cli/index.js';
import { captureIo, tempDir, writeFiles } from '../diff/helpers.js';
import { CHANGED_TEMPLATE, HANDLER } from '../diff/sam-app.js';

const ruleIds = RULES.map((r) => r.id);
const ROUTE = 'surface/no-unauthenticated-api-route';

function validate(yaml: string) {
  const parsed = parseYaml(yaml, 'nightlight.config.yaml');
  return validateConfig(parsed.value, 'nightlight.config.yaml', (p) => parsed.locations.locate(p), { ruleIds });
}

describe('config validation', () => {
  it('reads every documented key', () => {
    const { config, diagnostics } = validate(`rules:
  ${ROUTE}: critical
  cost/no-denial-of-wallet: off
parameters:
  Stage: prod
  Subnets: [a, b]
stage: prod
region: eu-west-1
cost:
  accountConcurrency: 3000
  budgetUsdPerDay: 50
  region: eu-west-1
  attackerHoldsToTimeout: false
  durationMs: { OrdersFunction: 250 }
  prices: { lambda.request: 0.0000003 }
ignore: [examples/**, "*.test.yaml"]
suppress:
  - rule: ${ROUTE}[auth]
    resource: "*Webhook*"
    reason: signed by the sender, verified in code
`);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config.rules, { [ROUTE]: 'critical', 'cost/no-denial-of-wallet': 'off' });
    assert.deepEqual(config.parameters, { Stage: 'prod', Subnets: 'a,b' });
    assert.equal(config.stage, 'prod');
    assert.equal(config.region, 'eu-west-1');
    assert.deepEqual(config.cost, { accountConcurrency: 3000, budgetUsdPerDay: 50, region: 'eu-west-1', attackerHoldsToTimeout: false, durationMs: { OrdersFunction: 250 }, prices: { 'lambda.request': 0.0000003 } });
    assert.deepEqual(config.ignore, ['examples/**', '*.test.yaml']);
    assert.deepEqual(config.suppress, [{ rule: ROUTE, key: 'auth', resource: '*Webhook*', reason: 'signed by the sender, verified in code', location: { file: 'nightlight.config.yaml', line: 18, column: 5 } }]);
  });

  it('an unknown key is an error with its file, line and column', () => {
    const { diagnostics } = validate(`rules: {}\nignores:\n  - x\ncost:\n  accountConcurency: 10\n`);
    assert.deepEqual(
      diagnostics.map((d) => [d.level, d.code, d.message]),
      [
        ['error', 'config-invalid', 'nightlight.config.yaml:2:1: unknown key "ignores"; expected one of rules, parameters, stage, region, cost, ignore, suppress, advisories, report, cache, owners, profile, failOnIncomplete'],
        ['error', 'config-invalid', 'nightlight.config.yaml:5:3: unknown key "accountConcurency" in cost; expected one of accountConcurrency, apiGatewayAccountRps, budgetUsdPerDay, logBytesPerInvocation, egressBytesPerRequest, typicalDurationMs, fanOutPerHop, sqsMaxReceiveCount, stateTransitionsPerExecution, region, attackerHoldsToTimeout, durationMs, prices'],
      ],
    );
  });

  it('wrong types, unknown rules and levels are errors', () => {
    const { diagnostics } = validate(`rules:\n  surface/nope: off\n  ${ROUTE}: loud\ncost:\n  budgetUsdPerDay: lots\n  prices: { lambda.requests: 1 }\nregion: 3\nsuppress: {}\n`);
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      [
        'nightlight.config.yaml:2:3: unknown rule "surface/nope" (see nightlight rules)',
        `nightlight.config.yaml:3:3: rule level for ${ROUTE} must be one of off, critical, high, medium, low, info, not "loud"`,
        'nightlight.config.yaml:5:3: cost.budgetUsdPerDay must be a number ≥ 0, not "lots"',
        'nightlight.config.yaml:6:13: unknown price key "lambda.requests" in cost.prices; expected one of lambda.request, lambda.duration.x86_64, lambda.duration.arm64, apigateway.rest.request, apigateway.http.request, apigateway.websocket.message, apigateway.websocket.connectionMinute, sqs.standard.request, sqs.fifo.request, sns.publish, sns.httpDelivery, eventbridge.event, stepfunctions.standard.transition, stepfunctions.express.request, logs.ingestion, dataTransferOut, waf.request, appsync.request',
        'nightlight.config.yaml:7:1: region must be a non-empty string, not a number',
        'nightlight.config.yaml:8:1: suppress must be a list of { rule, resource, reason }, not a mapping',
      ],
    );
  });

  it('a suppress entry without a reason is an error naming file and line', () => {
    const { config, diagnostics } = validate(`suppress:\n  - rule: ${ROUTE}\n    resource: LegacyApi\n`);
    assert.deepEqual(diagnostics.map((d) => d.message), [`nightlight.config.yaml:2:5: suppression of ${ROUTE} has no reason; add "reason: <why this is acceptable>" (it suppresses nothing until then)`]);
    assert.equal(config.suppress[0]!.reason, null);
  });

  it('the starter config that init writes is valid', () => {
    assert.deepEqual(validate(starterConfig(ruleIds)).diagnostics, []);
  });
});

describe('globs', () => {
  it('match paths the .gitignore way and names with *', () => {
    assert.ok(matchPath('examples/**', 'examples/a/template.yaml'));
    assert.ok(matchPath('examples', 'examples/a/template.yaml'));
    assert.ok(matchPath('*.test.yaml', 'deep/dir/x.test.yaml'));
    assert.ok(matchPath('**/fixtures/*.json', 'a/b/fixtures/x.json'));
    assert.ok(matchPath('stacks/{dev,test}/*.yaml', 'stacks/test/t.yaml'));
    assert.ok(!matchPath('examples/**', 'src/examples.yaml'));
    assert.ok(!matchPath('stacks/*.yaml', 'stacks/dev/t.yaml'));
    assert.ok(matchName('*Webhook*', 'rest-api-method:Api:POST /webhook→WebhookFn'));
    assert.ok(!matchName('Orders*', 'UsersFn'));
  });

  it('match what the equivalent regular expression matches (random globs over a small alphabet)', () => {
    // The reference: the glob as an anchored RegExp, fine on these tiny inputs.
    const reference = (glob: string): RegExp => {
      let out = '';
      for (let i = 0; i < glob.length; i++) {
        const c = glob[i]!;
        if (c === '*' && glob[i + 1] === '*' && glob[i + 2] === '/') (out += '(?:.*/)?'), (i += 2);
        else if (c === '*' && glob[i + 1] === '*') (out += '.*'), i++;
        else if (c === '*') out += '[^/]*';
        else if (c === '?') out += '[^/]';
        else if (c === '{') out += '(?:';
        else if (c === '}') out += ')';
        else if (c === ',') out += '|';
        else out += c;
      }
      return new RegExp(`^${out}$`);
    };
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pick = (alphabet: string[], max: number) => Array.from({ length: rnd(max) }, () => alphabet[rnd(alphabet.length)]!).join('');
    for (let k = 0; k < 3000; k++) {
      let glob = pick(['a', 'b', '/', '*', '**', '**/', '?'], 7);
      if (rnd(4) === 0) glob = `${glob}{${pick(['a', 'b', '*'], 3)},${pick(['a', '/', '?'], 3)}}${pick(['a', 'b', '*'], 3)}`;
      const text = pick(['a', 'b', '/'], 9);
      assert.equal(globMatch(glob, text), reference(glob).test(text), `${glob} against ${text}`);
    }
  });

  it('take linear time on a hostile glob (*a*a*a*…c against a long run of a)', () => {
    // A backtracking RegExp would not finish this in any reasonable time; the automaton does
    // about |glob| × |text| steps. Correctness is asserted here; the time bound is the hostile suite's.
    const glob = `${'*a'.repeat(40)}*c`;
    assert.equal(matchPath(glob, `${'a'.repeat(2000)}/x`), false);
    assert.equal(matchPath(glob, `${'a'.repeat(2000)}c`), true);
    assert.equal(matchName(glob, 'a'.repeat(2000)), false);
  });
});

describe('config in a scan', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('is found at the scanned root and applied: levels, suppressions, ignore globs', async () => {
    const dir = join(tmp.dir, 'app');
    writeFiles(dir, {
      'template.yaml': CHANGED_TEMPLATE,
      'src/index.js': HANDLER,
      'examples/demo/template.yaml': CHANGED_TEMPLATE.replace(/Orders/g, 'Demo'),
      'nightlight.config.yaml': `rules:\n  cost/no-concurrency-starvation: off\n  cost/require-api-throttling: low\nsuppress:\n  - rule: ${ROUTE}\n    resource: OrdersFunction\n    reason: webhook, signature checked in code\n  - rule: cost/no-timeout-mismatch\n    reason: kept for later\nignore:\n  - examples/**\n`,
    });
    const loaded = loadConfig({ root: dir, ruleIds });
    assert.deepEqual(loaded.diagnostics, []);
    assert.equal(loaded.config.file, 'nightlight.config.yaml');
    const result = await analyze({ root: dir, config: loaded.config });
    assert.deepEqual(result.inputs.map((i) => i.file), ['template.yaml'], 'examples/ is ignored');
    assert.ok(!result.findings.some((f) => f.ruleId === 'cost/no-concurrency-starvation'));
    assert.ok(result.findings.filter((f) => f.ruleId === 'cost/require-api-throttling').every((f) => f.severity === 'low'));
    const route = result.findings.find((f) => f.ruleId === ROUTE)!;
    assert.deepEqual(route.suppression, { reason: 'webhook, signature checked in code', source: 'config', location: { file: 'nightlight.config.yaml', line: 5, column: 5 } });
    assert.deepEqual(
      result.diagnostics.filter((d) => d.code === 'suppression-unused').map((d) => d.message),
      ['nightlight.config.yaml:8: config suppression of cost/no-timeout-mismatch on * matches no finding; remove it'],
    );
  });

  it('the CLI stops with exit 2 and the line of an unknown key, and takes --config', async () => {
    const dir = join(tmp.dir, 'bad');
    writeFiles(dir, { 'template.yaml': CHANGED_TEMPLATE, 'src/index.js': HANDLER, 'nightlight.config.yaml': 'rules: {}\nfail_on: high\n', 'other.json': '{ "rules": { "surface/no-unauthenticated-api-route": "off" } }' });
    const io = captureIo();
    assert.equal(await runCli(['scan', dir], io), 2);
    assert.match(io.err.join(''), /nightlight\.config\.yaml:2:1: unknown key "fail_on"/);
    assert.deepEqual(io.out, [], 'nothing was scanned');
    const io2 = captureIo();
    const code = await runCli(['scan', dir, '--config', join(dir, 'other.json'), '--format', 'json', '--fail-on', 'never'], io2);
    assert.equal(code, 0, io2.err.join(''));
    assert.ok(!(JSON.parse(io2.out.join('')) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === ROUTE));
    const io3 = captureIo();
    assert.equal(await runCli(['scan', dir, '--config', join(dir, 'missing.yaml')], io3), 2);
    assert.match(io3.err.join(''), /missing\.yaml: configuration file not found/);
  });

  it('init writes a commented config and refuses to overwrite it', async () => {
    const dir = join(tmp.dir, 'init');
    writeFiles(dir, { 'README.md': '' });
    const io = captureIo();
    assert.equal(await runCli(['init', dir], io), 0);
    const text = readFileSync(join(dir, 'nightlight.config.yaml'), 'utf8');
    assert.match(text, /^# nightlight configuration/);
    assert.deepEqual(loadConfig({ root: dir, ruleIds }).diagnostics, []);
    const again = captureIo();
    assert.equal(await runCli(['init', dir], again), 2);
    assert.match(again.err.join(''), /already exists; not overwriting it/);
    assert.equal(readFileSync(join(dir, 'nightlight.config.yaml'), 'utf8'), text);
    assert.ok(existsSync(join(dir, 'README.md')));
  });
});
