import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { CodeCache, codeCacheSettings, codeIdentity, commandOf, type CodeCacheSettings } from '../../src/cli/code-cache.js';

const SOURCE = Buffer.from('(function () { function add(a, b) { return a + b; } function unused() { return 1; } return add(2, 3); })', 'latin1');

function settings(): CodeCacheSettings {
  const base = mkdtempSync(join(tmpdir(), 'nightlight-code-cache-'));
  return { dir: join(base, 'code'), keyFile: join(base, 'cache-key') };
}

/** One run as the launcher makes it: open, compile with the cached data, run, write when wanted. */
function run(s: CodeCacheSettings, command = 'scan', identity = codeIdentity(SOURCE, '--x'), source = SOURCE): { cache: CodeCache; script: Script; rejected: boolean; wrote: boolean } {
  const cache = CodeCache.open(s, identity)!;
  assert.ok(cache !== null);
  const script = new Script(source.toString('latin1'), { filename: 'body.js', cachedData: cache.take() });
  assert.equal((script.runInThisContext() as () => number)(), 5);
  const rejected = cache.found && script.cachedDataRejected === true;
  const wrote = cache.wants(rejected, command);
  if (wrote) cache.write(script.createCachedData(), command, rejected);
  return { cache, script, rejected, wrote };
}

test('a run stores the compiled code; the next run hands it to V8, which accepts it', () => {
  const s = settings();
  const first = run(s);
  assert.equal(first.cache.found, false);
  assert.equal(first.wrote, true);
  assert.ok(existsSync(first.cache.file));
  const second = run(s);
  assert.equal(second.cache.found, true);
  assert.equal(second.script.cachedDataRejected, false);
  assert.equal(second.wrote, false, 'a command the entry has seen writes nothing');
  assert.deepEqual(second.cache.commands, ['scan']);
  // a new command adds its code once
  const third = run(s, 'rules');
  assert.equal(third.wrote, true);
  assert.deepEqual(run(s, 'rules').cache.commands, ['rules', 'scan']);
});

test('the key file, the entry and the folder are private to the user', { skip: typeof process.getuid !== 'function' }, () => {
  const s = settings();
  run(s);
  const c = CodeCache.open(s, codeIdentity(SOURCE, '--x'))!;
  assert.equal(readFileSync(s.keyFile).length, 32);
  for (const [p, mode] of [[s.keyFile, 0o600], [c.file, 0o600], [s.dir, 0o700]] as const) {
    assert.equal(statSync(p).mode & 0o777, mode, p);
  }
  // a key others can read is not used: no cache at all
  chmodSync(s.keyFile, 0o644);
  assert.equal(CodeCache.open(s, codeIdentity(SOURCE, '--x')), null);
});

test('a damaged, truncated, forged or foreign entry is ignored and rewritten', () => {
  const s = settings();
  const { cache } = run(s);
  const good = readFileSync(cache.file);
  const variants: [string, Buffer][] = [
    ['one payload byte flipped', Buffer.from(good.map((b, i) => (i === good.length - 10 ? b ^ 0xff : b)))],
    ['truncated', good.subarray(0, good.length - 100)],
    ['header only', good.subarray(0, 40)],
    ['empty', Buffer.alloc(0)],
    ['another magic', Buffer.concat([Buffer.from('X'), good.subarray(1)])],
    ['a header length past the end', (() => { const b = Buffer.from(good); b.writeUInt32LE(0x7fffffff, good.indexOf(10) + 1); return b; })()],
  ];
  for (const [what, bytes] of variants) {
    writeFileSync(cache.file, bytes);
    const again = run(s);
    assert.equal(again.cache.found, false, what);
    assert.equal(again.wrote, true, what);
    assert.equal(run(s).cache.found, true, `${what}: rewritten`);
  }
  // an entry made with another key (another user's, or copied from another machine)
  const other = settings();
  const foreign = run(other);
  writeFileSync(cache.file, readFileSync(foreign.cache.file));
  assert.equal(run(s).cache.found, false);
});

test('an entry V8 rejects (another flag set, another source of the same identity) is rewritten', () => {
  const s = settings();
  // a source this process has not compiled yet: V8's in-memory compilation cache would answer first
  const source = Buffer.from(`/* ${process.pid} ${Date.now()} */ ${SOURCE.toString('latin1')}`, 'latin1');
  const id = codeIdentity(source, '--x');
  const cache = CodeCache.open(s, id)!;
  // code of another source stored under this identity: authentic, but not for this source
  const other = new Script('(function () { return 42; })', { filename: 'other.js' });
  (other.runInThisContext() as () => number)();
  cache.write(other.createCachedData(), 'scan', false);
  const r = run(s, 'scan', id, source);
  assert.equal(r.cache.found, true);
  assert.equal(r.rejected, true);
  assert.equal(r.wrote, true);
  assert.equal(run(s, 'scan', id, source).cache.found, true);
});

test('a symbolic link in place of an entry is not followed', { skip: process.platform === 'win32' }, () => {
  const s = settings();
  const { cache } = run(s);
  const target = join(s.dir, 'elsewhere');
  writeFileSync(target, readFileSync(cache.file));
  rmSync(cache.file);
  symlinkSync(target, cache.file);
  assert.equal(CodeCache.open(s, codeIdentity(SOURCE, '--x'))!.found, false);
});

test('an unwritable folder leaves the run as it is', { skip: typeof process.getuid !== 'function' || process.getuid() === 0 }, () => {
  const s = settings();
  run(s);
  chmodSync(s.dir, 0o500);
  try {
    const r = run(s, 'other-command');
    assert.equal(r.wrote, true);
    assert.deepEqual(readdirSync(s.dir).filter((n) => n.endsWith('.tmp')), []);
  } finally {
    chmodSync(s.dir, 0o700);
  }
});

test('the identity changes with the source and the flags; old entries are pruned to three', () => {
  assert.notEqual(codeIdentity(SOURCE, '--x'), codeIdentity(Buffer.concat([SOURCE, Buffer.from(' ')]), '--x'));
  assert.notEqual(codeIdentity(SOURCE, '--x'), codeIdentity(SOURCE, '--y'));
  const s = settings();
  const files: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = run(s, 'scan', codeIdentity(SOURCE, `--flag-${i}`));
    files.push(r.cache.file);
    utimesSync(r.cache.file, new Date(1000 * (i + 1)), new Date(1000 * (i + 1)));
  }
  run(s, 'scan', codeIdentity(SOURCE, '--flag-last'));
  const left = readdirSync(s.dir).sort();
  assert.equal(left.length, 4);
  for (const f of files.slice(3)) assert.ok(left.includes(f.slice(s.dir.length + 1)), f);
});

test('NIGHTLIGHT_CODE_CACHE=0 turns it off; commands are named for the entry', () => {
  for (const v of ['0', 'off', 'false', 'NO']) assert.equal(codeCacheSettings({ NIGHTLIGHT_CODE_CACHE: v }), null);
  assert.ok(codeCacheSettings({}) !== null);
  assert.equal(commandOf(['scan', '.', '--format', 'json']), 'scan');
  assert.equal(commandOf(['--no-color', 'rules']), 'rules');
  assert.equal(commandOf(['--version']), '--version');
  assert.equal(commandOf([]), 'help');
  assert.equal(commandOf(['../some/dir']), 'other');
});
