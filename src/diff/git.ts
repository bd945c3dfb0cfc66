/**
 * The file-system side of `diff`: reading a git revision without touching the working tree
 * (`git archive <rev> | tar -x` into a temporary directory under os.tmpdir(), removed afterwards),
 * and reading saved JSON reports. Nothing else in src/diff/ does I/O.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { isJsonReport } from './report.js';

/** node:child_process, loaded when git runs (a diff), not at every start (~7 ms). */
function childProcess(): typeof import('node:child_process') {
  return createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
}

/** A problem with a diff input: the CLI turns it into a usage error (exit 2). */
export class DiffInputError extends Error {}

const MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024;

function git(cwd: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = childProcess().spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  if (r.error) return { ok: false, stdout: '', stderr: r.error.message };
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export interface GitRepo {
  /** Top-level directory of the work tree. */
  top: string;
  /** The scanned directory relative to `top`, POSIX, '' or ending in '/'. */
  prefix: string;
}

/** The git work tree that contains `dir`, or null when it is not in one (or git is missing). */
export function gitRepoOf(dir: string): GitRepo | null {
  const abs = resolve(dir);
  const cwd = existsSync(abs) && statSync(abs).isFile() ? resolve(abs, '..') : abs;
  if (!existsSync(cwd)) return null;
  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return null;
  const prefix = git(cwd, ['rev-parse', '--show-prefix']);
  return { top: top.stdout.trim(), prefix: prefix.ok ? prefix.stdout.trim() : '' };
}

/** The commit a revision names, or null when it names none. */
export function resolveRevision(repo: GitRepo, rev: string): string | null {
  if (rev.startsWith('-')) return null;
  const r = git(repo.top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  return r.ok ? r.stdout.trim() : null;
}

export interface Checkout {
  /** The directory to scan: the revision's copy of the scanned directory. */
  dir: string;
  /** Removes the temporary directory. Safe to call twice. */
  cleanup(): void;
}

/** Temporary folders alive now; removed on exit and on a terminating signal too. */
const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let watching = false;

function removeLive(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLive();
  // Then die of the same signal, as without the handler (the shell sees 130/143).
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

/**
 * Installed before the first folder exists, once, and kept: a signal that arrives while the scan
 * holds the event loop is handled as soon as it lets go, even if the folder was removed meanwhile.
 */
function watchSignals(): void {
  if (watching) return;
  watching = true;
  process.on('exit', removeLive);
  for (const s of SIGNALS) process.on(s, onSignal);
}

/**
 * Extracts `commit` into a fresh temporary directory with `git archive | tar -x`. The directory
 * is removed by `cleanup()`, and also when the process exits or is interrupted first.
 */
export function checkoutRevision(repo: GitRepo, commit: string, tempRoot: string = tmpdir()): Checkout {
  watchSignals();
  const tmp = mkdtempSync(join(tempRoot, 'nightlight-diff-'));
  live.add(tmp);
  let cleaned = false;
  const cleanup = () => {
    if (cleaned) return;
    cleaned = true;
    rmSync(tmp, { recursive: true, force: true });
    live.delete(tmp);
  };
  try {
    const archive = childProcess().spawnSync('git', ['archive', '--format=tar', commit], { cwd: repo.top, maxBuffer: MAX_ARCHIVE_BYTES, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    if (archive.error || archive.status !== 0) throw new DiffInputError(`git archive ${commit.slice(0, 12)} failed: ${archive.error?.message ?? String(archive.stderr).trim()}`);
    const tar = childProcess().spawnSync('tar', ['-x', '-f', '-', '-C', tmp], { input: archive.stdout, maxBuffer: 64 * 1024 * 1024 });
    if (tar.error || tar.status !== 0) throw new DiffInputError(`extracting ${commit.slice(0, 12)} failed: ${tar.error?.message ?? String(tar.stderr).trim()}`);
    const dir = join(tmp, repo.prefix);
    // The scanned folder may not exist at that revision: then that side has nothing in it.
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    return { dir, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** Whether an argument names a saved JSON report (ends with .json, exists, has `schemaVersion`). */
export function isReportFile(arg: string): boolean {
  if (!arg.toLowerCase().endsWith('.json') || !existsSync(arg)) return false;
  try {
    return isJsonReport(JSON.parse(readFileSync(arg, 'utf8')));
  } catch {
    return false;
  }
}

/** Reads a saved JSON report. */
export function readReportFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DiffInputError(`${file}: could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DiffInputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!isJsonReport(value)) throw new DiffInputError(`${file}: not a nightlight JSON report (no schemaVersion and findings)`);
  return value;
}
