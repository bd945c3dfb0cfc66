import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCache } from '../../src/loaders/cache.js';
import { analyze } from '../../src/api.js';
import { renderJson } from '../../src/reporters/json.js';
import { generateSamApp } from '../../bench/generate.js';

const REPO = join(import.meta.dirname, '..', '..');
let work: string;

function entries(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.bin')) out.push(join(d, e.name));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

describe('cache of incremental runs', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'nightlight-cache-'));
    // The MAC key lives in the user's cache folder; keep the test's own.
    process.env['XDG_CACHE_HOME'] = join(work, 'xdg');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('stores and returns structured values; a value of the wrong shape is not used', () => {
    const cache = ScanCache.open({ dir: join(work, 'unit') })!;
    assert.ok(cache);
    const value = { when: new Date(Date.UTC(2020, 0, 2)), n: NaN, inf: -Infinity, u: undefined, list: [1, 'a', null] };
    cache.set('k', ['a.yaml', 'text'], value);
    assert.deepEqual(cache.get('k', ['a.yaml', 'text'], (v): v is typeof value => typeof v === 'object'), value);
    assert.equal(cache.get('k', ['a.yaml', 'other text'], (v): v is unknown => true), undefined);
    assert.equal(cache.get('other-kind', ['a.yaml', 'text'], (v): v is unknown => true), undefined);
    assert.equal(cache.get('k', ['a.yaml', 'text'], (v): v is string => typeof v === 'string'), undefined);
    assert.deepEqual(cache.stats, { hits: 1, misses: 2, writes: 1, rejected: 1 });
  });

  it('ignores entries it did not write: forged, tampered, truncated, oversized, not a file', () => {
    const dir = join(work, 'hostile');
    const mine = ScanCache.open({ dir })!;
    mine.set('k', ['f'], { ok: true });
    const [file] = entries(dir);
    assert.ok(file);
    const good = readFileSync(file);
    const accept = (v: unknown): v is unknown => true;
    // Written by another key (another machine, or a repository that ships its own cache).
    const other = ScanCache.open({ dir: join(work, 'other'), keyFile: join(work, 'other-key') })!;
    other.set('k', ['f'], { ok: false });
    writeFileSync(file, readFileSync(entries(join(work, 'other'))[0]!));
    assert.equal(mine.get('k', ['f'], accept), undefined);
    const tampered = Buffer.from(good);
    tampered[tampered.length - 1] ^= 1;
    writeFileSync(file, tampered);
    assert.equal(mine.get('k', ['f'], accept), undefined);
    writeFileSync(file, good.subarray(0, 20));
    assert.equal(mine.get('k', ['f'], accept), undefined);
    const small = ScanCache.open({ dir, maxEntryBytes: 10 })!;
    writeFileSync(file, good);
    assert.equal(small.get('k', ['f'], accept), undefined);
    rmSync(file);
    mkdirSync(file);
    assert.equal(mine.get('k', ['f'], accept), undefined);
    rmSync(file, { recursive: true });
    writeFileSync(file, good);
    assert.deepEqual(mine.get('k', ['f'], accept), { ok: true });
    assert.equal(mine.stats.rejected, 4);
    assert.equal(small.stats.rejected, 1);
  });

  it('never writes through a symbolic link planted in the scanned tree', () => {
    const tree = join(work, 'linked');
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(tree);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(tree, '.nightlight'));
    assert.equal(ScanCache.open({ dir: join(tree, '.nightlight', 'cache'), inside: tree }), null);
    // Deeper: a kind folder that is a link.
    const tree2 = join(work, 'linked2');
    mkdirSync(join(tree2, '.nightlight', 'cache'), { recursive: true });
    symlinkSync(elsewhere, join(tree2, '.nightlight', 'cache', 'k'));
    const cache = ScanCache.open({ dir: join(tree2, '.nightlight', 'cache'), inside: tree2 })!;
    cache.set('k', ['f'], 1);
    assert.deepEqual(readdirSync(elsewhere), []);
    assert.equal(cache.stats.writes, 0);
  });

  it('the JSON report of each benchmark app is byte-identical without, with a cold and with a warm cache', async () => {
    const apps: string[] = [];
    for (const name of ['vulnerable-shop', 'clean-shop']) {
      // Without a cache folder a run in the checkout may have left there.
      cpSync(join(REPO, 'examples', name), join(work, 'apps', name), { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('.nightlight') });
      apps.push(join(work, 'apps', name));
    }
    cpSync(join(REPO, 'test', 'data', 'fixtures', 'py-app'), join(work, 'apps', 'py-app'), { recursive: true });
    apps.push(join(work, 'apps', 'py-app'));
    apps.push(generateSamApp(join(work, 'apps', 'generated-40'), 40).dir);
    for (const root of apps) {
      const none = renderJson(await analyze({ root }));
      assert.equal(entries(join(root, '.nightlight', 'cache')).length, 0, `${root}: no cache unless asked`);
      const cold = renderJson(await analyze({ root, cache: true }));
      const written = entries(join(root, '.nightlight', 'cache'));
      assert.ok(written.length > 0, `${root}: the cold run wrote entries`);
      const stamps = written.map((f) => statSync(f).mtimeMs);
      const warm = renderJson(await analyze({ root, cache: true }));
      assert.equal(cold, none, `${root}: cold cache`);
      assert.equal(warm, none, `${root}: warm cache`);
      assert.deepEqual(entries(join(root, '.nightlight', 'cache')), written, `${root}: the warm run wrote nothing new`);
      assert.deepEqual(written.map((f) => statSync(f).mtimeMs), stamps, `${root}: the warm run read every entry (rewrote none)`);
      // Damaged entries are ignored, not trusted.
      for (const f of written) {
        const b = readFileSync(f);
        b[b.length - 1] ^= 0xff;
        writeFileSync(f, b);
      }
      assert.equal(renderJson(await analyze({ root, cache: true })), none, `${root}: damaged cache`);
    }
  });
});
