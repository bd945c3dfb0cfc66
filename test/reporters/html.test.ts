/**
 * HTML map reporter tests that need no browser: graph, exposure, facts, layout, escaping,
 * self-containment, determinism, and that the committed browser bundle matches its sources.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SurfaceAnalysis } from '../../src/analyses/surface/types.js';
import { costFixture } from '../helpers/cost.js';
import type { RunResult } from '../../src/engine/result.js';
import { MAP_SCRIPT, MAP_SCRIPT_SHA256 } from '../../src/reporters/html/bundle.generated.js';
import { escapeHtml, jsonForScript } from '../../src/reporters/html/escape.js';
import { buildMapData, renderHtml } from '../../src/reporters/html/index.js';
import type { MapData, MapNode } from '../../src/reporters/html/index.js';
import { ROW } from '../../src/reporters/html/layout.js';
import { BUNDLE_MODULE, ROOT, buildHtmlBundle } from '../../scripts/build-html-bundle.js';
import { EP, largeRun, smallRun } from './run-result.fixture.js';

function node(data: MapData, id: string): MapNode {
  const n = data.nodes.find((x) => x.id === id);
  assert.ok(n, `node ${id} exists`);
  return n;
}

function fact(n: MapNode, label: string): { value: string; links?: string[] } {
  const f = n.facts.find((x) => x.label === label);
  assert.ok(f, `${n.id} has fact ${label}`);
  return f;
}

function embeddedData(html: string): unknown {
  const m = /<script type="application\/json" id="nl-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'the page embeds its data');
  return JSON.parse(m[1]!);
}

describe('buildMapData', () => {
  const data = buildMapData(smallRun());

  it('has principals, entry points, functions and resources, in four columns', () => {
    const ids = data.nodes.map((n) => n.id);
    for (const id of [
      'p:public',
      'p:any-aws-account',
      'p:authenticated-users',
      'p:aws-service',
      'p:unresolved',
      `e:${EP.url}`,
      `e:${EP.orders}`,
      'f:PublicUrlFn',
      'f:WorkerFn',
      'r:OrdersApi',
      'r:IngestQueue',
      'r:arn:aws:s3:::partner-bucket/*',
    ]) {
      assert.ok(ids.includes(id), id);
    }
    assert.equal(data.nodes.length, 5 + 7 + 5 + 5);
    const xs = (cls: MapNode['cls']): Set<number> => new Set(data.nodes.filter((n) => n.cls === cls).map((n) => n.x));
    const [p, e, f, r] = [xs('principal'), xs('entry-point'), xs('function'), xs('resource')];
    for (const s of [p, e, f, r]) assert.equal(s.size, 1);
    assert.ok([...p][0]! < [...e][0]! && [...e][0]! < [...f][0]! && [...f][0]! < [...r][0]!);
    assert.equal(node(data, 'r:arn:aws:s3:::partner-bucket/*').kind, 'external');
  });

  it('orders principals from most to least exposed', () => {
    const principals = data.nodes.filter((n) => n.cls === 'principal').sort((a, b) => a.y - b.y);
    assert.deepEqual(
      principals.map((n) => n.ref),
      ['public', 'any-aws-account', 'authenticated-users', 'aws-service', 'unresolved'],
    );
  });

  it('draws entry point → function edges once, and model trigger edges only when new', () => {
    const ids = data.edges.map((e) => e.id);
    assert.ok(ids.includes(`invokes:e:${EP.ingest}->f:IngestFn`));
    assert.ok(ids.includes(`feeds:r:IngestQueue->e:${EP.queue}`));
    assert.ok(ids.includes(`exposes:p:public->e:${EP.url}`));
    assert.ok(!ids.some((id) => id.startsWith('triggers:')), 'triggers already shown as entry point → function');
    const external = data.edges.find((e) => e.to === 'r:arn:aws:s3:::partner-bucket/*')!;
    assert.equal(external.unresolved, true);
    const unresolvedEp = data.edges.find((e) => e.id === `exposes:p:unresolved->e:${EP.unresolved}`)!;
    assert.equal(unresolvedEp.unresolved, true);
    assert.equal(unresolvedEp.exposure, 'unresolved');
  });

  it('colours by the most exposed principal that reaches a node, through write cascades only', () => {
    const exposure = (id: string): string => node(data, id).exposure;
    assert.equal(exposure('f:PublicUrlFn'), 'public');
    assert.equal(exposure('f:OrdersFn'), 'authenticated-users');
    // POST /ingest → IngestFn → (sqs:SendMessage) IngestQueue → WorkerFn → (sns:Publish) ResultsTopic → NotifyFn
    assert.equal(exposure('r:IngestQueue'), 'public');
    assert.equal(exposure('f:WorkerFn'), 'public');
    assert.equal(exposure('f:NotifyFn'), 'public');
    // Read-only access does not hand the table to the caller.
    assert.equal(exposure('r:OrdersTable'), 'none');
    // An API is as exposed as its most open route; its routes keep their own principal.
    assert.equal(exposure('r:OrdersApi'), 'public');
    assert.equal(exposure(`e:${EP.orders}`), 'authenticated-users');
    assert.equal(data.edges.find((e) => e.id === `feeds:r:OrdersApi->e:${EP.orders}`)!.exposure, 'authenticated-users');
    assert.equal(data.edges.find((e) => e.id === `invokes:e:${EP.crossAccount}->f:WorkerFn`)!.exposure, 'any-aws-account');
  });

  it('attaches findings to the nodes they concern, suppressed ones without raising severity', () => {
    const f = (id: string): [number[], string | null] => [node(data, id).findings, node(data, id).worst];
    assert.deepEqual(f('f:PublicUrlFn'), [[0], 'critical']);
    assert.deepEqual(f('f:IngestFn'), [[1], 'high']);
    assert.deepEqual(f('f:WorkerFn'), [[1], 'high']);
    assert.deepEqual(f('f:OrdersFn'), [[2], null]);
    assert.deepEqual(f('r:OrdersApi'), [[3], 'low']);
    assert.equal(data.findings[2]!.suppressed, true);
    assert.equal(data.findings[0]!.location, 'template.yaml:12:9');
    assert.deepEqual(data.summary.findings, { critical: 1, high: 1, medium: 0, low: 1, info: 0 });
    assert.equal(data.summary.suppressed, 2);
  });

  it('gives entry points their principal, auth, targets, reached functions and cost', () => {
    const orders = node(data, `e:${EP.orders}`);
    assert.equal(fact(orders, 'Principal').value, 'Authenticated users (Cognito user pool UserPool)');
    assert.equal(fact(orders, 'Auth').value, 'cognito, authorizer CognitoAuth, scopes orders/read');
    assert.deepEqual(fact(orders, 'Targets').links, ['f:OrdersFn']);
    assert.deepEqual(fact(orders, 'Source').links, ['r:OrdersApi']);
    const ingest = node(data, `e:${EP.ingest}`);
    assert.deepEqual(fact(ingest, 'Reached functions').links, ['f:IngestFn', 'f:NotifyFn', 'f:WorkerFn']);
    assert.equal(fact(ingest, 'Cost ceiling').value, '$176.25/hour, $4,230.00/day');
    assert.equal(fact(ingest, 'Location').value, 'template.yaml:34:7');
    const worker = node(data, 'f:WorkerFn');
    assert.equal(fact(worker, 'Reserved concurrency').value, '5');
    assert.deepEqual(fact(worker, 'Reached from').links, [`e:${EP.ingest}`, `e:${EP.crossAccount}`, `e:${EP.queue}`]);
  });

  it('lists cost ceilings, most expensive first, and omits them without a cost analysis', () => {
    assert.deepEqual(
      data.cost?.map((c) => [c.node, c.usdPerHour]),
      [
        [`e:${EP.url}`, 1234.5],
        [`e:${EP.ingest}`, 176.25],
      ],
    );
    const html = renderHtml(smallRun());
    assert.match(html, /Cost ceilings \(worst case\)/);
    assert.match(html, /\$1,234\.50/);
    assert.match(html, /\$29,628\.00/);
    // The cost analysis's own shape: { ceilings: [...] }, one per entry point and function.
    const withCeilings: RunResult = {
      ...smallRun(),
      analyses: {
        cost: costFixture([
          { entryPoint: EP.ingest, function: 'IngestFn', worstCaseUsdPerHour: 10, worstCaseUsdPerDay: 240, unbounded: false },
          { entryPoint: EP.queue, function: 'WorkerFn', worstCaseUsdPerHour: 1, worstCaseUsdPerDay: 24, unbounded: true },
        ]),
      },
    };
    const d = buildMapData(withCeilings);
    assert.deepEqual(
      d.cost?.map((c) => [c.entryPoint, c.functionNode, c.usdPerDay, c.unbounded]),
      [
        [EP.queue, 'f:WorkerFn', 24, true],
        [EP.ingest, 'f:IngestFn', 240, false],
      ],
    );
    assert.match(fact(node(d, `e:${EP.queue}`), 'Cost ceiling').value, /^\$1\.00\/hour, \$24\.00\/day \(unbounded/);
    const noCost: RunResult = { ...smallRun(), analyses: {} };
    assert.equal(buildMapData(noCost).cost, null);
    assert.doesNotMatch(renderHtml(noCost), /Cost ceilings/);
  });

  it('prefers the surface analysis for function exposure and reachability when present', () => {
    const surface: SurfaceAnalysis = {
      reaches: [{ entryPoint: EP.orders, functionId: 'OrdersFn', path: [EP.orders, 'OrdersFn'], depth: 0 }],
      byFunction: { OrdersFn: { entryPoints: [EP.orders], weakestPrincipal: 'public', weakestEntryPoint: EP.orders } },
      loops: [],
      // Keyed by entry point, as the surface analysis computes it.
      blastRadius: { [EP.orders]: { services: { dynamodb: ['Read'] }, worst: 'dynamodb:* on OrdersTable (OrdersFn)', unknown: [], risks: ['data-exfiltration'] } },
    };
    const run: RunResult = { ...smallRun(), analyses: { surface } };
    const d = buildMapData(run);
    assert.equal(node(d, 'f:OrdersFn').exposure, 'public');
    assert.deepEqual(fact(node(d, 'f:OrdersFn'), 'Blast radius'), { label: 'Blast radius', value: 'dynamodb:* on OrdersTable (OrdersFn) (of the entry point reaching it)', links: [`e:${EP.orders}`] });
    assert.equal(fact(node(d, 'f:OrdersFn'), 'Risks').value, 'data-exfiltration');
    assert.equal(fact(node(d, `e:${EP.orders}`), 'Blast radius').value, 'dynamodb:* on OrdersTable (OrdersFn)');
    // Permissions that could not be read are unknown, not nothing.
    const unread: SurfaceAnalysis = { ...surface, blastRadius: { [EP.orders]: { services: {}, worst: null, unknown: ['OrdersFn: role Imported is not defined in the scanned templates'], risks: [] } } };
    const u = buildMapData({ ...smallRun(), analyses: { surface: unread } });
    assert.equal(fact(node(u, `e:${EP.orders}`), 'Blast radius').value, 'permissions unknown (OrdersFn)');
    assert.match(fact(node(u, 'f:OrdersFn'), 'Blast radius').value, /^permissions unknown \(OrdersFn\)/);
    assert.deepEqual(fact(node(d, `e:${EP.ingest}`), 'Reached functions').links, []);
  });

  it('lays out 500 nodes without overlaps, deterministically', () => {
    const run = largeRun(500);
    const a = buildMapData(run);
    const b = buildMapData(largeRun(500));
    assert.equal(a.nodes.length, 500);
    assert.deepEqual(a, b);
    const byColumn = new Map<number, number[]>();
    for (const n of a.nodes) byColumn.set(n.x, [...(byColumn.get(n.x) ?? []), n.y]);
    for (const ys of byColumn.values()) {
      ys.sort((p, q) => p - q);
      for (let i = 1; i < ys.length; i++) assert.ok(ys[i]! - ys[i - 1]! >= ROW - 1, 'no overlapping nodes');
      for (const y of ys) assert.ok(y >= 0 && y <= a.height);
    }
  });
});

describe('renderHtml', () => {
  it('is deterministic', () => {
    assert.equal(renderHtml(smallRun()), renderHtml(smallRun()));
  });

  it('is self-contained: inline script and styles, nothing to fetch', () => {
    const html = renderHtml(smallRun());
    assert.doesNotMatch(html, /<script[^>]*\bsrc=/i);
    assert.doesNotMatch(html, /<link\b/i);
    assert.doesNotMatch(html, /@import|url\(\s*['"]?https?:/i);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    assert.deepEqual([...new Set(urls)], ['http://www.w3.org/2000/svg'], 'only the SVG namespace, which is never fetched');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
    assert.ok(html.includes(`<script>${MAP_SCRIPT}</script>`));
  });

  it('renders one SVG element per node and edge with data attributes', () => {
    const run = smallRun();
    const html = renderHtml(run);
    const data = buildMapData(run);
    for (const n of data.nodes) assert.ok(html.includes(`data-id="${escapeHtml(n.id)}" data-cls="${n.cls}"`), n.id);
    assert.equal((html.match(/class="nl-node /g) ?? []).length, data.nodes.length);
    assert.equal((html.match(/class="nl-edge /g) ?? []).length, data.edges.length);
    assert.match(html, /class="nl-edge exp-unresolved kind-exposes nl-unresolved"/);
    assert.match(html, /<option value="f:WorkerFn">WorkerFn<\/option>/);
    assert.match(html, /data-severity="critical" data-count="1"/);
  });

  it('embeds the map data as JSON that survives hostile strings', () => {
    const run = smallRun();
    run.findings[0]!.message = 'evil </script><script>window.pwned = 1</script> <!-- \u2028 & done';
    run.model.entryPoints[0]!.label = '<img src=x onerror="alert(1)">';
    const html = renderHtml(run);
    assert.ok(!html.includes('</script><script>window.pwned'));
    assert.ok(!html.includes('<img src=x'));
    assert.deepEqual(embeddedData(html), JSON.parse(JSON.stringify(buildMapData(run))));
    assert.equal(JSON.parse(jsonForScript({ s: '</script>\u2029' })).s, '</script>\u2029');
  });

  it('escapes the title', () => {
    assert.match(renderHtml(smallRun(), { title: 'a <b> & "c"' }), /<title>a &#60;b&#62; &#38; &#34;c&#34;<\/title>/);
  });
});

describe('HTML map bundle', () => {
  it('is up to date with src/reporters/html/browser (run `npm run build:html`)', async () => {
    const committed = readFileSync(join(ROOT, BUNDLE_MODULE), 'utf8');
    assert.equal(committed, await buildHtmlBundle(), 'bundle.generated.ts is stale: run `npm run build:html`');
  });

  it('carries the CSP hash of the script it inlines', () => {
    assert.equal(MAP_SCRIPT_SHA256, `sha256-${createHash('sha256').update(MAP_SCRIPT, 'utf8').digest('base64')}`);
    assert.doesNotMatch(MAP_SCRIPT, /<\/script/i);
    assert.doesNotMatch(MAP_SCRIPT, /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts/);
  });
});

describe('map data: what functions can do to the data', () => {
  it('function → resource edges with access levels, and the exposure of what a public function writes', async () => {
    const { analyze } = await import('../../src/api.js');
    const data = buildMapData(await analyze({ root: 'examples/vulnerable-shop' }));
    const edge = (from: string, to: string) => data.edges.find((e) => e.from === from && e.to === to);
    assert.deepEqual(edge('f:GetOrderFunction', 'r:OrdersTable')?.access, ['read']);
    assert.equal(edge('f:GetOrderFunction', 'r:OrdersTable')?.flows, false, 'reading does not carry an attacker\'s event');
    assert.ok(edge('f:PaymentWebhookFunction', 'r:OrdersTable')?.access?.includes('write'));
    const table = data.nodes.find((n) => n.id === 'r:OrdersTable')!;
    assert.equal(table.exposure, 'public');
    const reached = table.facts.find((f) => f.label === 'Reached from')!;
    assert.ok(reached.links?.some((l) => l.includes('URL of PaymentWebhookFunction')));
    assert.ok(data.edges.some((e) => e.loop && e.from === 'f:ThumbnailFunction' && e.to === 'r:UploadBucket'));
  });

  it('shows the blast radius of the entry points that reach a function, each distinct one with its entry points', async () => {
    const { analyze } = await import('../../src/api.js');
    const run = await analyze({ root: 'examples/vulnerable-shop' });
    const data = buildMapData(run);
    const radius = run.analyses.surface!.blastRadius;
    const facts = (id: string, label: string) => data.nodes.find((n) => n.id === id)!.facts.filter((f) => f.label === label);
    // FulfilOrderFunction is reached from POST /orders and the orders queue (whose worst is the
    // inventory function's table scan) and from the nightly schedule (administrator access).
    const fulfil = facts('f:FulfilOrderFunction', 'Blast radius');
    assert.equal(fulfil.length, 2);
    const admin = fulfil.find((f) => f.value.startsWith('act with AdministratorAccess (AdminReportFunction)'))!;
    assert.equal(admin.links?.length, 1);
    assert.equal(radius[admin.links![0]!.slice(2)]?.worst, 'act with AdministratorAccess (AdminReportFunction)');
    const scan = fulfil.find((f) => f.value.startsWith('scan every DynamoDB table (UpdateInventoryFunction)'))!;
    assert.match(scan.value, /\(of the 2 entry points reaching it\)$/);
    for (const l of scan.links!) assert.equal(radius[l.slice(2)]?.worst, 'scan every DynamoDB table (UpdateInventoryFunction)');
    assert.match(facts('f:FulfilOrderFunction', 'Risks')[0]!.value, /\badmin\b/);
    // Every function some entry point reaches with a known worst capability shows one.
    for (const [fnId, exp] of Object.entries(run.analyses.surface!.byFunction)) {
      if (exp.entryPoints.some((e) => radius[e]?.worst)) assert.ok(facts(`f:${fnId}`, 'Blast radius').length > 0, fnId);
    }
    for (const [epId, br] of Object.entries(radius)) if (br.worst) assert.equal(facts(`e:${epId}`, 'Blast radius')[0]?.value, br.worst, epId);
  });
});
