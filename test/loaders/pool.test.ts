/**
 * The worker pool (src/loaders/pool.ts): templates parsed on threads give the same report, byte
 * for byte, as parsing on the main thread, with the cache of incremental runs off, cold and warm.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { renderJson } from '../../src/reporters/json.js';
import { parseInPool, poolSize, AUTO_MIN_BYTES } from '../../src/loaders/pool.js';
import { DEFAULT_PARSE_LIMITS, parseYaml } from '../../src/loaders/cloudformation/parse.js';
import { generateSamApp } from '../../bench/generate.js';

const REPO = join(import.meta.dirname, '..', '..');

describe('worker pool', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'nightlight-pool-'));
    process.env['XDG_CACHE_HOME'] = join(work, 'xdg');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('returns one outcome per job, in job order, equal to parsing on the main thread', async () => {
    const texts = ['a: 1\n', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n', 'x: [1, 2\n', 'c: !Ref D\n', `big: ${'y'.repeat(300_000)}\n`];
    const jobs = texts.map((text, i) => ({ file: `t${i}.yaml`, text, isJson: false, limits: DEFAULT_PARSE_LIMITS }));
    const pooled = await parseInPool(jobs, 2);
    assert.equal(pooled.length, jobs.length);
    pooled.forEach((r, i) => {
      assert.ok(r !== null, `job ${i} parsed on a thread`);
      const local = parseYaml(texts[i]!, `t${i}.yaml`);
      assert.deepEqual(r.value, local.value);
      assert.deepEqual(r.locations, local.locations.toData());
      assert.deepEqual(r.diagnostics, local.diagnostics);
    });
    assert.deepEqual(await parseInPool(jobs, 0), jobs.map(() => null), 'no threads: every job is left to the caller');
  });

  it('sizes itself: as asked, else one per core above the threshold', () => {
    assert.equal(poolSize(0, 100, 10 * AUTO_MIN_BYTES), 0);
    assert.equal(poolSize(3, 100, 1), 3);
    assert.equal(poolSize(3, 2, 1), 2, 'never more threads than jobs');
    assert.equal(poolSize('auto', 100, AUTO_MIN_BYTES - 1), 0, 'a small scan stays on the main thread');
    assert.equal(poolSize('auto', 1, 10 * AUTO_MIN_BYTES), 0);
  });

  it('the JSON report of each benchmark app is byte-identical with and without the pool, with no, a cold and a warm cache', async () => {
    // A folder of many stacks (the case the pool is for): generated SAM apps, the bundled examples,
    // the format-equivalence apps, a JSON template, a broken one and a file that is not a template.
    const many = join(work, 'many');
    for (const n of [1, 5, 12]) generateSamApp(join(many, `gen-${n}`), n);
    for (const name of ['vulnerable-shop', 'clean-shop']) {
      cpSync(join(REPO, 'examples', name), join(many, name), { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('.nightlight') });
    }
    cpSync(join(REPO, 'test', 'model', 'equivalence', 'cfn'), join(many, 'equivalence-cfn'), { recursive: true });
    cpSync(join(REPO, 'test', 'model', 'equivalence', 'sam'), join(many, 'equivalence-sam'), { recursive: true });
    mkdirSync(join(many, 'odd'));
    writeFileSync(join(many, 'odd', 'template.json'), JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Q: { Type: 'AWS::SQS::Queue' } } }));
    writeFileSync(join(many, 'odd', 'broken.template.yaml'), 'Resources:\n  A: [1, 2\n  B: {\n');
    writeFileSync(join(many, 'odd', 'notes.yaml'), 'just: notes\n');
    const apps = [many, join(many, 'vulnerable-shop'), generateSamApp(join(work, 'gen-40'), 40).dir];
    for (const root of apps) {
      const messages: string[] = [];
      const alone = renderJson(await analyze({ root, workers: 0 }));
      const pooled = renderJson(await analyze({ root, workers: 2, progress: (m) => messages.push(m) }));
      assert.equal(pooled, alone, `${root}: with the pool`);
      if (root === many) assert.ok(messages.some((m) => /^parsing \d+ templates on 2 threads$/.test(m)), `the pool was used: ${messages.join(' | ')}`);
      const cold = renderJson(await analyze({ root, workers: 2, cache: join(work, 'cache', String(apps.indexOf(root))) }));
      const warm = renderJson(await analyze({ root, workers: 2, cache: join(work, 'cache', String(apps.indexOf(root))) }));
      const warmAlone = renderJson(await analyze({ root, workers: 0, cache: join(work, 'cache', String(apps.indexOf(root))) }));
      assert.equal(cold, alone, `${root}: pool, cold cache`);
      assert.equal(warm, alone, `${root}: pool, warm cache`);
      assert.equal(warmAlone, alone, `${root}: no pool, warm cache`);
    }
  });
});
