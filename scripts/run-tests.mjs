#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner (Node 20 does not expand globs in --test).
// Extra arguments filter test files by substring: `npm test -- loaders sam`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === 'fixtures' || name === 'node_modules') continue;
      walk(p, out);
    } else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = walk('test', []).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(2);
}
// The packaged data compiled at build time (data/compiled/); a no-op when up to date.
const data = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-data.ts'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (data.status !== 0) process.exit(data.status ?? 1);
// The run ends on its counts: Node's spec reporter closes with a "failing tests" list that also
// names todo tests (expected gaps, not failures), so the counts are printed again after it.
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files.map((f) => relative('.', f))], {
  stdio: ['inherit', 'pipe', 'inherit'],
  env: process.stdout.isTTY && !process.env.NO_COLOR ? { ...process.env, FORCE_COLOR: '1' } : process.env,
});
const counts = new Map();
let pending = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (pending + chunk.toString('utf8')).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    // eslint-disable-next-line no-control-regex
    const m = /^ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(line.replace(/\u001b\[[0-9;]*m/g, '').trim());
    if (m) counts.set(m[1], Number(m[2]));
  }
});
child.on('close', (code) => {
  if (counts.size > 0) {
    const order = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'].filter((k) => counts.has(k));
    const todo = counts.get('todo') ?? 0;
    process.stdout.write(`\n${order.map((k) => `${k} ${counts.get(k)}`).join(' · ')}${todo ? ` (the ${todo} todo test(s) listed above are known gaps, not failures)` : ''}\n`);
  }
  process.exit(code ?? 1);
});
