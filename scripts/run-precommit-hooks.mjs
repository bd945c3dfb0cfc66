#!/usr/bin/env node
// Runs the hooks of .pre-commit-hooks.yaml as pre-commit runs a `language: system` hook (entry +
// args, no file names, in the repository root) on a throw-away git repository holding the example:
// nightlight-diff passes on a clean tree and fails once the working tree adds a public function
// URL; nightlight-scan fails on the example's high findings. Needs `nightlight` on the PATH.
//
//   node scripts/run-precommit-hooks.mjs --hooks .pre-commit-hooks.yaml --example examples/vulnerable-shop
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const hooks = Object.fromEntries(parse(readFileSync(resolve(args.hooks ?? '.pre-commit-hooks.yaml'), 'utf8')).map((h) => [h.id, h]));
const fail = (msg) => {
  console.error(`run-precommit-hooks: ${msg}`);
  process.exit(1);
};
const sh = (cwd, cmd, argv) => spawnSync(cmd, argv, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
const git = (cwd, ...a) => {
  const r = sh(cwd, 'git', ['-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', ...a]);
  if (r.status !== 0) fail(`git ${a.join(' ')}: ${r.stderr}`);
};
/** pre-commit's `language: system`: the entry split on spaces, then args; the repository root as cwd. */
const runHook = (cwd, id) => {
  const h = hooks[id];
  if (!h) fail(`no hook ${id}`);
  if (h.language !== 'system') fail(`${id}: language ${h.language}; this check runs system hooks`);
  const [cmd, ...entry] = h.entry.split(/\s+/);
  return sh(cwd, cmd, [...entry, ...(h.args ?? [])]);
};

const repo = mkdtempSync(join(tmpdir(), 'nightlight-precommit-'));
try {
  cpSync(resolve(args.example ?? 'examples/vulnerable-shop'), repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'app');

  const clean = runHook(repo, 'nightlight-diff');
  if (clean.status !== 0) fail(`nightlight-diff on an unchanged tree exited ${clean.status}: ${clean.stderr}`);
  const template = join(repo, 'template.yaml');
  writeFileSync(template, readFileSync(template, 'utf8').replace(/\nOutputs:/, `
  OpenWideFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => ({ statusCode: 200 });"
      Policies:
        - AmazonS3FullAccess
      FunctionUrlConfig:
        AuthType: NONE

Outputs:`));
  const changed = runHook(repo, 'nightlight-diff');
  if (changed.status !== 1) fail(`nightlight-diff after adding a public function URL exited ${changed.status}, expected 1: ${changed.stdout}${changed.stderr}`);
  if (!/OpenWideFunction/.test(changed.stdout)) fail('nightlight-diff does not name the new public function');
  const scan = runHook(repo, 'nightlight-scan');
  if (scan.status !== 1) fail(`nightlight-scan exited ${scan.status}, expected 1`);
  console.log('run-precommit-hooks: nightlight-diff (clean 0, public URL added 1) and nightlight-scan (1): ok');
} finally {
  rmSync(repo, { recursive: true, force: true });
}
