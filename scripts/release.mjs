#!/usr/bin/env node
// Makes a release: `npm run release -- <version> [--date YYYY-MM-DD] [--dry-run]`.
// Sets the version (package.json, package-lock.json, src/version.ts), turns the CHANGELOG's
// [Unreleased] section into `## [<version>] - <date>` (refusing an empty one), then `npm pack`
// makes nightlight-<version>.tgz and its SHA-256 is printed. Tagging and publishing stay manual.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CHANGELOG with its [Unreleased] entries moved under `## [version] - date`; throws when there are none. */
export function releaseChangelog(text, version, date) {
  const head = '## [Unreleased]';
  const at = text.indexOf(head);
  if (at < 0) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
  if (text.includes(`## [${version}]`)) throw new Error(`CHANGELOG.md already has a section for ${version}`);
  const after = text.slice(at + head.length);
  const next = after.search(/\n## \[/);
  const body = next < 0 ? after : after.slice(0, next);
  if (!/^\s*[-*] /m.test(body)) throw new Error('the [Unreleased] section of CHANGELOG.md lists no change');
  return `${text.slice(0, at)}${head}\n\n## [${version}] - ${date}${after}`;
}

function main(argv) {
  const version = argv.find((a) => !a.startsWith('--') && argv[argv.indexOf(a) - 1] !== '--date');
  const dry = argv.includes('--dry-run');
  const dateAt = argv.indexOf('--date');
  const date = dateAt >= 0 ? argv[dateAt + 1] : new Date().toISOString().slice(0, 10);
  if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error('usage: npm run release -- <major.minor.patch> [--date YYYY-MM-DD] [--dry-run]');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`--date expects YYYY-MM-DD, got ${date}`);
  const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
  const edits = [];
  const edit = (file, fn) => edits.push([join(root, file), fn(readFileSync(join(root, file), 'utf8'))]);
  edit('CHANGELOG.md', (t) => releaseChangelog(t, version, date));
  edit('package.json', (t) => t.replace(/("version":\s*")[^"]+(")/, `$1${version}$2`));
  edit('package-lock.json', (t) => {
    const lock = JSON.parse(t);
    lock.version = version;
    lock.packages[''].version = version;
    return JSON.stringify(lock, null, 2) + '\n';
  });
  edit('src/version.ts', (t) => t.replace(/VERSION = '[^']+'/, `VERSION = '${version}'`));
  for (const [file, text] of edits) {
    console.log(`${dry ? 'would update' : 'updating'} ${file}`);
    if (!dry) writeFileSync(file, text);
  }
  const pack = spawnSync('npm', ['pack', ...(dry ? ['--dry-run'] : []), '--silent'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (pack.status !== 0) throw new Error('npm pack failed');
  const tarball = pack.stdout.trim().split('\n').at(-1);
  if (dry) console.log(`would make ${tarball}`);
  else console.log(`made ${tarball} sha256 ${createHash('sha256').update(readFileSync(join(root, tarball))).digest('hex')}\nnext: review, commit "Release ${version}", tag v${version}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`release: ${err.message}`);
    process.exitCode = 1;
  }
}
