#!/usr/bin/env node
// Runs the shell steps of action.yml the way a GitHub runner does (bash --noprofile --norc -eo
// pipefail, `${{ … }}` expressions substituted, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), on a
// workspace folder, once as a push (scan) and once as a pull request (diff against a base commit).
// Steps that `uses:` another action (setup-node, upload-sarif, github-script) are not run; their
// inputs are checked instead (the SARIF file the upload step would send exists and is SARIF).
//
//   node scripts/run-action-locally.mjs --action <checkout of this repo, built or not> \
//        --workspace <folder holding the app> --path <app folder relative to the workspace>
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const actionDir = resolve(args.action ?? '.');
const action = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8'));
const fail = (msg) => {
  console.error(`run-action-locally: ${msg}`);
  process.exit(1);
};

/** Runs every shell step; returns the outputs of the `run` step, the summary and the last step's status. */
function runAction({ workspace, event, baseSha, inputs }) {
  const temp = mkdtempSync(join(tmpdir(), 'nightlight-runner-'));
  const summary = join(temp, 'step-summary.md');
  writeFileSync(summary, '');
  const stepOutputs = {};
  const withInputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, String(v.default ?? '')])), ...inputs };
  const context = {
    'github.action_path': actionDir,
    'github.event_name': event,
    'github.event.pull_request.base.sha': baseSha ?? '',
    'github.event.pull_request.number': baseSha ? '1' : '',
    'github.token': '',
    'runner.temp': temp,
  };
  const evaluate = (text) =>
    String(text).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr) => {
      if (expr.startsWith('inputs.')) return withInputs[expr.slice(7)] ?? '';
      const step = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (step) return stepOutputs[step[1]]?.[step[2]] ?? '';
      if (expr in context) return context[expr];
      fail(`unknown expression \${{ ${expr} }} in action.yml`);
    });
  let last = 0;
  for (const step of action.runs.steps) {
    if (step.uses) {
      console.log(`  (not run here) ${step.name ?? step.uses}`);
      continue;
    }
    const output = join(temp, `output-${step.id ?? 'step'}`);
    writeFileSync(output, '');
    const env = { ...process.env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(v);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', evaluate(step.run)], { cwd: workspace, env, stdio: ['ignore', 'inherit', 'inherit'] });
    last = r.status ?? 1;
    console.log(`  ${step.name}: exit ${last}`);
    if (step.id) stepOutputs[step.id] = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    if (last !== 0 && step.name !== 'Result') fail(`step "${step.name}" failed (exit ${last})`);
  }
  const result = { outputs: stepOutputs.run ?? {}, summary: readFileSync(summary, 'utf8'), status: last, sarif: join(temp, 'nightlight', 'nightlight.sarif') };
  return { ...result, cleanup: () => rmSync(temp, { recursive: true, force: true }) };
}

function checkSarif(file) {
  if (!existsSync(file)) fail(`${file}: the SARIF the upload step sends is missing`);
  const sarif = JSON.parse(readFileSync(file, 'utf8'));
  if (sarif.version !== '2.1.0' || !Array.isArray(sarif.runs?.[0]?.results)) fail(`${file} is not SARIF 2.1.0`);
  return sarif.runs[0].results.length;
}

const git = (cwd, ...a) => {
  const r = spawnSync('git', ['-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', ...a], { cwd, encoding: 'utf8' });
  if (r.status !== 0) fail(`git ${a.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

const workspace = resolve(args.workspace ?? '.');
const path = args.path ?? '.';

console.log('run-action-locally: push event (scan)');
const push = runAction({ workspace, event: 'push', inputs: { path } });
if (push.outputs['exit-code'] !== '1' || push.status !== 1) fail(`scan: exit-code ${push.outputs['exit-code']}, job status ${push.status}; expected 1 (the example has high findings)`);
if (!push.summary.startsWith('<!-- nightlight-scan -->')) fail('scan: the job summary is not the Markdown report');
if (checkSarif(push.sarif) === 0) fail('scan: the SARIF has no results');
push.cleanup();

console.log('run-action-locally: pull_request event (diff against the base commit)');
const repo = mkdtempSync(join(tmpdir(), 'nightlight-pr-'));
try {
  mkdirSync(join(repo, 'app'));
  writeFileSync(join(repo, 'app', 'README.md'), 'base\n');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  const base = git(repo, 'rev-parse', 'HEAD');
  cpSync(join(workspace, path), join(repo, 'app'), { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'head');
  const pr = runAction({ workspace: repo, event: 'pull_request', baseSha: base, inputs: { path: 'app' } });
  if (pr.outputs['exit-code'] !== '1' || pr.status !== 1) fail(`diff: exit-code ${pr.outputs['exit-code']}, job status ${pr.status}; expected 1 (the change adds high findings)`);
  if (!/^This change adds /.test(pr.outputs.headline ?? '')) fail(`diff: headline output is "${pr.outputs.headline}"`);
  if (!pr.summary.startsWith('<!-- nightlight-diff -->')) fail('diff: the job summary is not the diff comment');
  if (checkSarif(pr.sarif) === 0) fail('diff: the SARIF has no results');
  pr.cleanup();
} finally {
  rmSync(repo, { recursive: true, force: true });
}
console.log('run-action-locally: ok');
