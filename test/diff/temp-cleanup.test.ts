/**
 * `diff` removes the folder it extracts a revision into, also when it is interrupted (issue 18):
 * the real command line is spawned on a repository large enough to be caught mid-run, killed as
 * soon as its temporary folder appears, and the temporary root must then be empty. The scan of a
 * side holds the event loop for seconds here; the run must still die of the signal, on the turn
 * it yields after the scan (without that turn it finished first and exited 1: a flaky test at 60
 * functions, a failing one at 600).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commit, initRepo, tempDir } from './helpers.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = tempDir();
after(() => tmp.cleanup());

function bigTemplate(n: number): string {
  let t = 'Transform: AWS::Serverless-2016-10-31\nResources:\n';
  for (let i = 0; i < n; i++) t += `  F${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n      InlineCode: 'exports.handler=async()=>1'\n      FunctionUrlConfig: {AuthType: NONE}\n      Policies: [AmazonS3FullAccess]\n`;
  return t;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`diff killed by ${signal} mid-run leaves no temporary folder`, async () => {
    const repo = join(tmp.dir, `repo-${signal}`);
    const temp = join(tmp.dir, `tmp-${signal}`);
    mkdirSync(temp, { recursive: true });
    mkdirSync(repo, { recursive: true });
    initRepo(repo);
    commit(repo, 'base', { 'template.yaml': bigTemplate(600) });
    commit(repo, 'head', { 'template.yaml': bigTemplate(601) });
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bin', 'nightlight.ts'), 'diff', 'HEAD~1', 'HEAD', '-C', repo, '--format', 'json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: temp, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.resume();
    child.stderr.resume();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
    // Wait for the extracted revision to appear, then interrupt.
    let sawFolder = false;
    for (let i = 0; i < 6000 && child.exitCode === null; i++) {
      if (readdirSync(temp).some((n) => n.startsWith('nightlight-diff-'))) {
        sawFolder = true;
        child.kill(signal);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const end = await exited;
    assert.ok(sawFolder, 'the temporary folder never appeared');
    assert.equal(end.signal, signal, `the run ended on its own (exit ${end.code}) before the signal: make the fixture larger`);
    assert.deepEqual(readdirSync(temp).filter((n) => n.startsWith('nightlight-diff-')), []);
  });
}
