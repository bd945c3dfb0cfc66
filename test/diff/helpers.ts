/**
 * Helpers for diff, baseline, suppression and config tests: throw-away git repositories and a
 * captured CLI io.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';

export function tempDir(prefix = 'nightlight-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (path → content; null deletes) under dir. */
export function writeFiles(dir: string, files: Record<string, string | null>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(dir, rel);
    if (text === null) unlinkSync(p);
    else {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
  }
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
}

export function initRepo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
}

/** Writes the files and commits everything. */
export function commit(dir: string, message: string, files: Record<string, string | null>): void {
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', message);
}

export interface CapturedIo extends CliIo {
  out: string[];
  err: string[];
}

export function captureIo(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), isTty: false, env: {} };
}
