/**
 * Deployment packages come from an account and may be hostile: the unpacker writes only inside
 * its folder, skips links and encrypted entries, caps the size, and never throws.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractZip } from '../../../src/loaders/live/zip.js';
import type { Diagnostic } from '../../../src/model/types.js';
import { writeZip } from './zip-writer.js';

const zip = writeZip;

describe('unpacking a deployment package', () => {
  it('writes stored and deflated files inside the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nightlight-zip-'));
    try {
      const d: Diagnostic[] = [];
      const n = extractZip(zip([{ name: 'index.js', data: 'exports.handler = 1;' }, { name: 'src/app.py', data: 'def handler(e, c):\n  return 1\n', deflate: true }]), dir, 'pkg', d);
      assert.equal(n, 2);
      assert.deepEqual(d, []);
      assert.equal(readFileSync(join(dir, 'src/app.py'), 'utf8'), 'def handler(e, c):\n  return 1\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips entries that would land outside, links and encrypted entries, with a diagnostic each', () => {
    const base = mkdtempSync(join(tmpdir(), 'nightlight-zip-'));
    const dir = join(base, 'pkg');
    try {
      const d: Diagnostic[] = [];
      const n = extractZip(
        zip([
          { name: '../escaped.js', data: 'x' },
          { name: '/etc/absolute.js', data: 'x' },
          { name: 'a/../../escaped2.js', data: 'x' },
          { name: 'link.js', data: '/etc/passwd', mode: 0o120777 },
          { name: 'secret.js', data: 'x', flags: 1 },
          { name: 'ok.js', data: 'fine' },
        ]),
        dir,
        'pkg',
        d,
      );
      assert.equal(n, 1);
      assert.equal(d.length, 5);
      assert.ok(d.every((x) => x.code === 'live-code-package'));
      assert.equal(existsSync(join(base, 'escaped.js')), false);
      assert.equal(existsSync(join(base, 'escaped2.js')), false);
      assert.equal(existsSync(join(dir, 'link.js')), false);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('stops at the size cap and reads garbage as "not a zip"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nightlight-zip-'));
    try {
      const d: Diagnostic[] = [];
      assert.equal(extractZip(zip([{ name: 'a.js', data: 'a'.repeat(600), deflate: true }, { name: 'b.js', data: 'b'.repeat(600) }]), dir, 'pkg', d, { maxTotalBytes: 1000, maxEntries: 10 }), 1);
      assert.match(d[0]!.message, /more than 1000 bytes unzipped/);
      const g: Diagnostic[] = [];
      assert.equal(extractZip(Buffer.from('not a zip at all'), dir, 'pkg', g), 0);
      assert.match(g[0]!.message, /not a zip archive/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
