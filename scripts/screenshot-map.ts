/// <reference lib="dom" />
/**
 * Renders the attack-surface map of an app and screenshots it in Chromium:
 * `node --import tsx scripts/screenshot-map.ts examples/vulnerable-shop docs/images/vulnerable-shop-map.png`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { analyze } from '../src/api.js';
import { renderHtml } from '../src/reporters/html/index.js';

const [dir = 'examples/vulnerable-shop', out = 'docs/images/vulnerable-shop-map.png'] = process.argv.slice(2);
const result = await analyze({ root: dir });
const html = join(tmpdir(), `nightlight-map-${process.pid}.html`);
writeFileSync(html, renderHtml(result));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(`file://${html}`);
await page.waitForFunction(() => Boolean((window as unknown as { __nightlightMap?: unknown }).__nightlightMap));
await page.waitForTimeout(300);
mkdirSync(dirname(out), { recursive: true });
await page.screenshot({ path: out, fullPage: false });
await browser.close();
console.log(`wrote ${out}`);
