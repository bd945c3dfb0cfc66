/**
 * Fidelity against the framework itself: for every corpus service that `serverless package`
 * (v3.40.0) compiled offline, compare per function the triggers, IAM actions/resources of its
 * role, URL auth and reserved concurrency with our compilation of the same serverless.yml, and the
 * HTTP and WebSocket stages' access logs and execution log level (`provider.logs`), and the REST
 * methods' request parameters, models and validator (`request`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServerless } from '../../../src/loaders/serverless/load.js';
import { ScanRoot } from '../../../src/loaders/files.js';
import { DEFAULT_PARSE_LIMITS } from '../../../src/loaders/cloudformation/parse.js';
import type { Diagnostic, JsonObject } from '../../../src/model/types.js';
import { compareFacts, extractFacts } from './facts.js';

const CORPUS = join(import.meta.dirname, '../../../../shared/corpus');
const SOURCES = join(CORPUS, 'serverless-framework');
const ORACLE = join(CORPUS, 'serverless-framework-cfn');

const cases: { name: string; mode: 'apply' | 'ignore'; oracle: string }[] = [];
for (const [dir, mode] of [
  ['with-plugins', 'apply'],
  ['plugins-removed', 'ignore'],
] as const) {
  const d = join(ORACLE, dir);
  if (!existsSync(d)) continue;
  for (const f of readdirSync(d).sort()) if (f.endsWith('.json')) cases.push({ name: f.replace(/\.json$/, ''), mode, oracle: join(d, f) });
}

test('compiled serverless.yml agrees with `serverless package` on triggers, IAM, URLs and concurrency', { skip: cases.length === 0 ? 'corpus not present' : false }, () => {
  let matched = 0;
  let total = 0;
  let functions = 0;
  let functionsMatched = 0;
  const mismatches: string[] = [];
  let idsExpected = 0;
  let idsMatched = 0;
  const missingIds: string[] = [];
  let stagesCompared = 0;
  const stageMismatches: string[] = [];
  let methodsCompared = 0;
  const methodMismatches: string[] = [];
  for (const c of cases) {
    const file = `${c.name}.yml`;
    const diagnostics: Diagnostic[] = [];
    const loaded = loadServerless(
      { file, abs: join(SOURCES, file), kind: 'serverless', named: true },
      { stage: 'dev', region: 'us-east-1', params: {}, allowEnv: false, root: SOURCES, files: new ScanRoot(SOURCES), parse: DEFAULT_PARSE_LIMITS, plugins: c.mode },
      diagnostics,
    );
    const oracle = JSON.parse(readFileSync(c.oracle, 'utf8')) as JsonObject;
    const expected = extractFacts(oracle);
    // Structure: the framework's logical ids and types (ids carrying a timestamp or code hash excepted).
    const ours = (loaded?.body['Resources'] ?? {}) as JsonObject;
    for (const [id, r] of Object.entries(oracle['Resources'] as JsonObject)) {
      const type = (r as JsonObject)['Type'];
      if (type === 'AWS::Lambda::Version' || type === 'AWS::ApiGateway::Deployment' || type === 'AWS::ApiGatewayV2::Deployment') continue;
      idsExpected++;
      if (((ours[id] as JsonObject | undefined)?.['Type'] ?? null) === type) idsMatched++;
      else missingIds.push(`${c.name} ${id} (${String(type)})`);
    }
    // Stages: access logs and execution log level as the framework compiles `provider.logs`.
    for (const [id, r] of Object.entries(oracle['Resources'] as JsonObject)) {
      if ((r as JsonObject)['Type'] !== 'AWS::ApiGatewayV2::Stage') continue;
      const settings = (x: JsonObject | undefined) => {
        const p = (x?.['Properties'] ?? {}) as JsonObject;
        return JSON.stringify([p['AccessLogSettings'] !== undefined, ((p['DefaultRouteSettings'] ?? {}) as JsonObject)['LoggingLevel'] ?? null]);
      };
      stagesCompared++;
      if (settings(r as JsonObject) !== settings(ours[id] as JsonObject | undefined)) stageMismatches.push(`${c.name} ${id}: framework ${settings(r as JsonObject)}, ours ${settings(ours[id] as JsonObject | undefined)}`);
    }
    // Methods: request parameters, models and validator as the framework compiles `request`.
    for (const [id, r] of Object.entries(oracle['Resources'] as JsonObject)) {
      if ((r as JsonObject)['Type'] !== 'AWS::ApiGateway::Method') continue;
      const request = (x: JsonObject | undefined) => {
        const p = (x?.['Properties'] ?? {}) as JsonObject;
        return JSON.stringify([p['RequestParameters'] ?? null, p['RequestValidatorId'] ?? null, p['RequestModels'] ?? null]);
      };
      methodsCompared++;
      if (request(r as JsonObject) !== request(ours[id] as JsonObject | undefined)) methodMismatches.push(`${c.name} ${id}: framework ${request(r as JsonObject)}, ours ${request(ours[id] as JsonObject | undefined)}`);
    }
    const actual = loaded ? extractFacts(loaded.body) : new Map<string, Set<string>>();
    const a = compareFacts(expected, actual, c.name);
    matched += a.matched;
    total += a.total;
    functions += a.functions;
    functionsMatched += a.functionsMatched;
    mismatches.push(...a.mismatches);
  }
  const agreement = total === 0 ? 1 : matched / total;
  console.log(
    `serverless fidelity: ${cases.length} services, ${functions} functions; facts agree ${matched}/${total} = ${(agreement * 100).toFixed(2)}%; ` +
      `functions fully agreeing ${functionsMatched}/${functions} = ${((functionsMatched / Math.max(functions, 1)) * 100).toFixed(2)}%`,
  );
  console.log(`serverless structure: ${idsMatched}/${idsExpected} of the framework's logical ids present with the same type`);
  for (const m of missingIds.slice(0, 20)) console.log(`  missing ${m}`);
  for (const m of mismatches.slice(0, 40)) console.log(`  ${m}`);
  if (mismatches.length > 40) console.log(`  ... ${mismatches.length - 40} more`);
  assert.ok(agreement >= 0.95, `agreement ${(agreement * 100).toFixed(2)}% is below 95%`);
  console.log(`serverless stages: ${stagesCompared - stageMismatches.length}/${stagesCompared} agree on access logs and execution log level`);
  assert.deepEqual(stageMismatches, []);
  console.log(`serverless methods: ${methodsCompared - methodMismatches.length}/${methodsCompared} agree on request parameters, models and validator`);
  assert.deepEqual(methodMismatches, []);
});
