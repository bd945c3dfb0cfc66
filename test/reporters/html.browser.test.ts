/**
 * The HTML map in a real browser: Debian's chromium driven by playwright-core (no browser
 * download). Loads the page from file://, checks the nodes are drawn, clicks a node and reads
 * the details panel, applies the filters, pans and zooms, and saves screenshots to test-output/.
 *
 * Skipped only when /usr/bin/chromium is missing outside CI; in CI (env CI set) it always runs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { RunResult } from '../../src/engine/result.js';
import type { MapTestHook } from '../../src/reporters/html/browser/main.js';
import { buildMapData, renderHtml } from '../../src/reporters/html/index.js';
import { analyze } from '../../src/api.js';
import { EP, largeRun, smallRun } from './run-result.fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(process.cwd(), 'test-output');
const skip =
  !existsSync(CHROMIUM) && !process.env['CI']
    ? `${CHROMIUM} not found: install it with \`apt-get install -y chromium\` to run the HTML map browser tests (they always run in CI)`
    : false;

type Hooked = { __nightlightMap?: MapTestHook };

async function open(browser: Browser, run: RunResult, name: string): Promise<{ page: Page; problems: string[] }> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, renderHtml(run));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => (globalThis as unknown as Hooked).__nightlightMap?.ready === true);
  return { page, problems };
}

function visibleIds(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as Required<Hooked>).__nightlightMap.visibleNodeIds());
}

function selected(page: Page): Promise<string | null> {
  return page.evaluate(() => (globalThis as unknown as Required<Hooked>).__nightlightMap.selected());
}

function view(page: Page): Promise<{ scale: number; tx: number; ty: number }> {
  return page.evaluate(() => (globalThis as unknown as Required<Hooked>).__nightlightMap.view());
}

function nodeSel(id: string): string {
  return `#nl-nodes [data-id="${id.replace(/["\\]/g, '\\$&')}"]`;
}

describe('HTML map in chromium', { skip }, () => {
  let browser: Browser;

  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('renders the small app, shows details, filters, pans and zooms', async () => {
    const run = smallRun();
    const data = buildMapData(run);
    const { page, problems } = await open(browser, run, 'html-map-small');

    // Every node is drawn and known to the page.
    const ids = await page.evaluate(() => (globalThis as unknown as Required<Hooked>).__nightlightMap.nodeIds());
    assert.deepEqual(ids, data.nodes.map((n) => n.id));
    assert.equal(await page.locator('#nl-nodes .nl-node').count(), data.nodes.length);
    assert.equal(await page.locator('#nl-edges .nl-edge').count(), data.edges.length);
    for (const id of ['p:public', `e:${EP.url}`, 'f:PublicUrlFn', 'r:IngestQueue']) {
      assert.ok(await page.locator(nodeSel(id)).isVisible(), `${id} is visible`);
    }
    assert.equal(await page.locator('#nl-counts [data-severity="critical"]').getAttribute('data-count'), '1');

    // Clicking a node opens its details with its findings.
    await page.locator(nodeSel('f:PublicUrlFn')).click();
    assert.equal(await selected(page), 'f:PublicUrlFn');
    const details = page.locator('#nl-details');
    assert.match((await details.locator('h2').first().textContent()) ?? '', /PublicUrlFn/);
    const urlFinding = details.locator('li[data-rule="surface/require-function-url-auth"]');
    assert.equal(await urlFinding.getAttribute('data-severity'), 'critical');
    assert.match((await urlFinding.textContent()) ?? '', /template\.yaml:12:9/);
    assert.match((await details.textContent()) ?? '', /Function URL auth\s*NONE/);

    // An entry point shows principal, auth and reached functions; a link jumps to the function.
    await page.locator(nodeSel(`e:${EP.orders}`)).click();
    const text = (await details.textContent()) ?? '';
    assert.match(text, /Authenticated users \(Cognito user pool UserPool\)/);
    assert.match(text, /cognito, authorizer CognitoAuth/);
    await details.locator('button[data-goto="f:OrdersFn"]').first().click();
    assert.equal(await selected(page), 'f:OrdersFn');
    assert.match((await details.locator('li[data-rule="iam/no-wildcard-actions"]').textContent()) ?? '', /suppressed: read-only table/);

    // Cost ceilings are listed.
    assert.match((await page.locator('#nl-cost').textContent()) ?? '', /\$1,234\.50/);

    // "Public only" hides what no public principal reaches.
    await page.locator('#nl-public-only').check();
    const publicIds = data.nodes.filter((n) => n.exposure === 'public').map((n) => n.id);
    assert.deepEqual(await visibleIds(page), publicIds);
    assert.ok(publicIds.includes('f:WorkerFn') && publicIds.includes('p:public'));
    assert.equal(await page.locator(nodeSel(`e:${EP.orders}`)).isVisible(), false);
    assert.equal(await page.locator(nodeSel('f:NotifyFn')).isVisible(), true);
    assert.match((await page.locator('#nl-status').textContent()) ?? '', new RegExp(`Showing ${publicIds.length} of ${data.nodes.length}`));
    await page.screenshot({ path: join(OUT, 'html-map-small-public-only.png') });
    await page.locator('#nl-public-only').uncheck();
    assert.equal((await visibleIds(page)).length, data.nodes.length);

    // The paths of one function: what can reach it and what it touches.
    await page.selectOption('#nl-function', 'f:OrdersFn');
    assert.deepEqual(
      (await visibleIds(page)).sort(),
      ['e:' + EP.orders, 'f:OrdersFn', 'p:authenticated-users', 'r:OrdersApi', 'r:OrdersTable'].sort(),
    );
    await page.selectOption('#nl-function', 'f:WorkerFn');
    const workerPaths = await visibleIds(page);
    for (const id of ['p:public', `e:${EP.ingest}`, 'f:IngestFn', 'r:IngestQueue', 'p:any-aws-account', 'r:ResultsTopic']) {
      assert.ok(workerPaths.includes(id), `${id} is on a path of WorkerFn`);
    }
    assert.ok(!workerPaths.includes('f:OrdersFn'));
    await page.selectOption('#nl-function', '');

    // Search selects the first match.
    await page.locator('#nl-search').fill('worker');
    await page.locator('#nl-search').press('Enter');
    assert.equal(await selected(page), 'f:WorkerFn');
    await page.locator('#nl-search').fill('');

    // Ctrl + wheel zooms, the wheel alone scrolls, dragging the background pans.
    const box = (await page.locator('#nl-map').boundingBox())!;
    const before = await view(page);
    await page.mouse.move(box.x + 8, box.y + box.height - 8);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await page.waitForFunction((s) => (globalThis as unknown as Required<Hooked>).__nightlightMap.view().scale !== s, before.scale);
    const zoomedIn = await view(page);
    assert.ok(zoomedIn.scale > before.scale, 'ctrl + wheel up zooms in');
    await page.mouse.wheel(0, 100);
    await page.waitForFunction((t) => (globalThis as unknown as Required<Hooked>).__nightlightMap.view().ty !== t, zoomedIn.ty);
    const zoomed = await view(page);
    assert.equal(zoomed.scale, zoomedIn.scale, 'the wheel alone does not zoom');
    assert.ok(zoomed.ty < zoomedIn.ty, 'the wheel alone scrolls down');
    await page.mouse.move(box.x + 8, box.y + box.height - 8);
    await page.mouse.down();
    await page.mouse.move(box.x + 120, box.y + box.height - 60, { steps: 4 });
    await page.mouse.up();
    const panned = await view(page);
    assert.ok(Math.abs(panned.tx - zoomed.tx - 112) < 1 && Math.abs(panned.ty - zoomed.ty + 52) < 1, 'drag pans the map');
    await page.locator('#nl-fit').click();

    await page.locator(nodeSel('f:PublicUrlFn')).click();
    await page.screenshot({ path: join(OUT, 'html-map-small.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('draws what the example\'s functions can do to its data, and the exposure that follows', async () => {
    const run = await analyze({ root: 'examples/vulnerable-shop' });
    const data = buildMapData(run);
    const { page, problems } = await open(browser, run, 'html-map-example');
    // Function → resource edges with their access levels are drawn.
    const access = page.locator('#nl-edges .nl-edge.kind-can-access[data-from^="f:"][data-to^="r:"]');
    assert.ok((await access.count()) >= 10, 'function → resource edges');
    const writesOrders = page.locator('#nl-edges .nl-edge[data-from="f:PaymentWebhookFunction"][data-to="r:OrdersTable"]');
    assert.equal(await writesOrders.count(), 1);
    assert.match((await writesOrders.getAttribute('data-access')) ?? '', /\bwrite\b/);
    assert.equal(await page.locator('#nl-edges .nl-edge[data-from="f:GetOrderFunction"][data-to="r:OrdersTable"]').getAttribute('data-access'), 'read');
    // The table the public webhook writes is reached from the public route, on the node and in its panel.
    assert.equal(data.nodes.find((n) => n.id === 'r:OrdersTable')!.exposure, 'public');
    assert.equal(await page.locator(nodeSel('r:OrdersTable')).getAttribute('data-exposure'), 'public');
    await page.locator(nodeSel('r:OrdersTable')).click();
    const details = page.locator('#nl-details');
    const text = (await details.textContent()) ?? '';
    assert.doesNotMatch(text, /not reached by any entry point/);
    assert.match(text, /reached by: public internet/);
    assert.match(text, /Written by.*PaymentWebhookFunction/);
    assert.equal(await details.locator('button[data-goto="e:function-url:-:URL of PaymentWebhookFunction→PaymentWebhookFunction"]').count(), 1);
    // The recursion loop is drawn: the function writes the bucket that triggers it.
    assert.ok((await page.locator('#nl-edges .nl-edge.nl-loop').count()) >= 2);
    assert.equal(await page.locator('#nl-edges .nl-edge.nl-loop[data-from="f:ThumbnailFunction"][data-to="r:UploadBucket"]').count(), 1);
    await page.screenshot({ path: join(OUT, 'html-map-example.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('groups and colours nodes by owner and draws trust boundaries distinctly (two teams)', async () => {
    const run = await analyze({ root: 'examples/two-teams' });
    const data = buildMapData(run);
    assert.deepEqual(data.owners, ['@org/billing', '@org/orders', '@org/platform']);
    const { page, problems } = await open(browser, run, 'html-map-owners');
    // The two boundary edges (orders' functions writing billing's queue and table) are marked and drawn thick and dashed.
    const boundary = page.locator('#nl-edges .nl-edge.nl-boundary');
    const drawn = await boundary.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-from')}->${e.getAttribute('data-to')}`).sort());
    assert.deepEqual(drawn, ['f:CreateOrderFunction->r:BillingQueue', 'f:OrdersReportFunction->r:InvoicesTable']);
    const style = (sel: string) => page.locator(sel).first().evaluate((e) => { const s = getComputedStyle(e); return { dash: s.strokeDasharray, width: s.strokeWidth }; });
    const b = await style('#nl-edges .nl-edge.nl-boundary');
    const plain = await style('#nl-edges .nl-edge:not(.nl-boundary)');
    assert.notEqual(b.dash, 'none');
    assert.ok(parseFloat(b.width) > parseFloat(plain.width), `${b.width} > ${plain.width}`);
    // Each owner has its own fill; a node says its owner.
    const fill = (id: string) => page.locator(`${nodeSel(id)} rect`).evaluate((e) => getComputedStyle(e).fill);
    assert.notEqual(await fill('f:CreateOrderFunction'), await fill('f:ChargeFunction'));
    assert.equal(await fill('f:CreateOrderFunction'), await fill('f:OrdersReportFunction'));
    assert.equal(await page.locator(nodeSel('r:BillingQueue')).getAttribute('data-owner'), '@org/billing');
    // Grouped: in the function column, each owner's functions are next to each other.
    const fnOrder = data.nodes.filter((n) => n.cls === 'function').sort((x, y) => x.y - y.y).map((n) => n.owner);
    assert.deepEqual(fnOrder, [...fnOrder].sort((x, y) => (x ?? 99) - (y ?? 99)));
    // The legend names the owners; the details panel says the owner and the boundary.
    const legend = (await page.locator('#nl-owners').textContent()) ?? '';
    assert.match(legend, /@org\/billing.*@org\/orders.*@org\/platform.*trust boundary/s);
    await page.locator(nodeSel('f:CreateOrderFunction')).click();
    const details = (await page.locator('#nl-details').textContent()) ?? '';
    assert.match(details, /Owner\s*@org\/orders \(CODEOWNERS \.github\/CODEOWNERS:3\)/);
    assert.match(details, /Trust boundary\s*CreateOrderFunction → BillingQueue \(write; @org\/orders → @org\/billing\)/);
    await page.screenshot({ path: join(OUT, 'html-map-owners.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('loads and renders a 500-node map', async () => {
    const run = largeRun(500);
    const data = buildMapData(run);
    const { page, problems } = await open(browser, run, 'html-map-500');
    assert.equal((await visibleIds(page)).length, 500);
    assert.ok((await view(page)).scale > 0.3, 'a tall map opens at a legible scale, not squeezed to fit');
    assert.equal(await page.locator('#nl-nodes .nl-node').count(), 500);
    assert.equal(await page.locator('#nl-edges .nl-edge').count(), data.edges.length);
    const withFinding = data.nodes.find((n) => n.cls === 'function' && n.findings.length > 0)!;
    const ok = await page.evaluate((id) => (globalThis as unknown as Required<Hooked>).__nightlightMap.select(id), withFinding.id);
    assert.equal(ok, true);
    assert.equal(await page.locator('#nl-details li[data-rule="surface/no-public-cascade"]').count(), 1);
    await page.locator('#nl-public-only').check();
    const visible = await visibleIds(page);
    assert.ok(visible.length > 0 && visible.length < 500);
    await page.locator('#nl-public-only').uncheck();
    await page.screenshot({ path: join(OUT, 'html-map-500.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
