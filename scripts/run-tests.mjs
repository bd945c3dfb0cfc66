#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner (Node 20 does not expand globs in --test).
// Extra arguments filter test files by substring: `npm test -- loaders sam`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

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
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...files.map((f) => relative('.', f))],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
