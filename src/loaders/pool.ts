/**
 * The worker pool of a scan (docs/performance.md, "What runs in parallel"): template texts are
 * parsed (YAML/JSON → value, location table, diagnostics) on `worker_threads`, one per core, while
 * the main thread waits; everything after parsing (SAM expansion, the model, the analyses, the
 * report) stays on the main thread. Results are returned in the order of the jobs, whatever the
 * order the threads finish in, and a job a thread could not do (an exception, a value structured
 * cloning cannot carry) comes back as null for the main thread to parse itself, so a report is
 * byte-identical with and without the pool (test/loaders/pool.test.ts).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { Diagnostic, JsonValue } from '../model/types.js';
import type { LocationData, ParseLimits } from './cloudformation/parse.js';

export interface ParseJob {
  file: string;
  text: string;
  isJson: boolean;
  limits: ParseLimits;
}

/** A parsed document as plain data (what the cache of incremental runs stores too). */
export interface ParsedData {
  value: JsonValue | undefined;
  locations: LocationData;
  diagnostics: Diagnostic[];
}

export type ParseOutcome = ParsedData | null;
export interface ParseBatch {
  id: number;
  jobs: ParseJob[];
}
export interface ParseReply {
  id: number;
  results: ParseOutcome[];
}

/**
 * How many threads to use: `workers` as asked (0 = none), else ('auto') one per core when the
 * texts to parse are large enough to repay starting the threads (~50 ms of CPU each).
 */
export function poolSize(workers: number | 'auto' | undefined, jobs: number, bytes: number): number {
  if (jobs < 2) return 0;
  if (typeof workers === 'number') return Math.max(0, Math.min(Math.floor(workers), jobs, 16));
  const cores = availableParallelism();
  if (cores < 2 || bytes < AUTO_MIN_BYTES) return 0;
  return Math.min(cores, jobs);
}

/** Below this many bytes of template text, 'auto' parses on the main thread. */
export const AUTO_MIN_BYTES = 2 * 1024 * 1024;
/** Jobs are sent in batches of about this many bytes (fewer messages, still balanced). */
const BATCH_BYTES = 256 * 1024;

/**
 * How to start a thread: the worker script beside this module (built JS in dist/), else the
 * TypeScript source loaded through tsx (tests and scripts run from source).
 */
function startWorker(): Worker | null {
  // loaded here, not at start-up: a small scan never starts a thread (~5 ms of every start)
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const js = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
  if (existsSync(js)) return new Worker(js, { stdout: false, stderr: false });
  const ts = fileURLToPath(new URL('./parse-worker.ts', import.meta.url));
  if (!existsSync(ts)) return null;
  let api: string;
  try {
    api = createRequire(import.meta.url).resolve('tsx/cjs/api');
  } catch {
    return null;
  }
  // tsx's CommonJS hooks: its ES module hooks of the parent thread do not carry over to a thread.
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(ts)});`;
  return new Worker(code, { eval: true, execArgv: [], stdout: false, stderr: false });
}

/**
 * Parses the jobs on `size` threads. Resolves with one outcome per job, in job order; null for a
 * job left to the caller (also every job when the threads cannot be started).
 */
export async function parseInPool(jobs: readonly ParseJob[], size: number, onProgress?: (done: number) => void): Promise<ParseOutcome[]> {
  const results: ParseOutcome[] = jobs.map(() => null);
  if (size < 1 || jobs.length === 0) return results;
  // Largest first, so no thread is left with one big file at the end.
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.text.length - jobs[a]!.text.length || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const i of order) {
    current.push(i);
    bytes += jobs[i]!.text.length;
    if (bytes >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  let next = 0;
  let done = 0;
  const run = (worker: Worker): Promise<void> =>
    new Promise((resolve) => {
      const send = () => {
        if (next >= batches.length) {
          resolve();
          return;
        }
        const id = next++;
        worker.postMessage({ id, jobs: batches[id]!.map((i) => jobs[i]!) } satisfies ParseBatch);
      };
      worker.on('message', (reply: ParseReply) => {
        const batch = batches[reply.id]!;
        batch.forEach((jobIndex, k) => (results[jobIndex] = reply.results[k] ?? null));
        done += batch.length;
        onProgress?.(done);
        send();
      });
      // A thread that fails leaves its batch (and the rest, if it was the last) to the main thread.
      worker.on('error', () => resolve());
      worker.on('exit', () => resolve());
      send();
    });
  const workers: Worker[] = [];
  try {
    for (let k = 0; k < Math.min(size, batches.length); k++) {
      const w = startWorker();
      if (w !== null) workers.push(w);
    }
  } catch {
    // No threads (a restricted runtime): the main thread parses everything.
  }
  await Promise.all(workers.map(run));
  await Promise.all(workers.map((w) => w.terminate()));
  return results;
}
