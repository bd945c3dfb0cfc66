/**
 * Runs one scan in a child process bounded by the runner, not by a timed assertion: the child is
 * killed when it passes the wall-clock bound or its resident memory passes the memory bound
 * (sampled from /proc on Linux; V8's heap is capped too). The result says which bound was hit.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Bounds {
  seconds: number;
  megabytes: number;
}

export const DEFAULT_BOUNDS: Bounds = { seconds: 60, megabytes: 1024 };

export interface CaseRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Which bound killed the child, if one did. */
  killed: 'time' | 'memory' | null;
  peakMegabytes: number;
}

function rssMegabytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** `nightlight <args>` from the sources (the same code the tests see), in a bounded child. */
export function runNightlight(args: string[], bounds: Bounds = DEFAULT_BOUNDS, env: Record<string, string> = {}): Promise<CaseRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${bounds.megabytes}`, '--import', 'tsx', join(REPO, 'bin', 'nightlight.ts'), ...args], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed: CaseRun['killed'] = null;
    let peak = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const kill = (why: 'time' | 'memory') => {
      if (killed) return;
      killed = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('time'), bounds.seconds * 1000);
    const sampler = setInterval(() => {
      if (child.pid === undefined) return;
      const mb = rssMegabytes(child.pid);
      peak = Math.max(peak, mb);
      if (mb > bounds.megabytes) kill('memory');
    }, 50);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      resolve({ code, signal, stdout, stderr, killed, peakMegabytes: Math.round(peak) });
    });
  });
}
