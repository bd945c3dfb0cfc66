/**
 * A thread of the template parse pool (src/loaders/pool.ts): parses the texts it is sent, exactly
 * as the main thread would (src/loaders/cloudformation/parse.ts), and returns plain data. It reads
 * no file: the main thread reads every file through the scan's boundary and sends the text.
 */
import { parentPort } from 'node:worker_threads';
import { parseJson, parseYaml } from './cloudformation/parse.js';
import type { ParseBatch, ParseOutcome, ParseReply } from './pool.js';

function parseOne(job: ParseBatch['jobs'][number]): ParseOutcome {
  try {
    const p = job.isJson ? parseJson(job.text, job.file, job.limits) : parseYaml(job.text, job.file, job.limits);
    return { value: p.value, locations: p.locations.toData(), diagnostics: p.diagnostics };
  } catch {
    // The main thread parses it again and reports the failure as it would without the pool.
    return null;
  }
}

parentPort?.on('message', (batch: ParseBatch) => {
  const results = batch.jobs.map(parseOne);
  try {
    parentPort!.postMessage({ id: batch.id, results } satisfies ParseReply);
  } catch {
    // A value structured cloning cannot carry: each one alone, the failing ones left to the main thread.
    parentPort!.postMessage({
      id: batch.id,
      results: results.map((r) => {
        try {
          structuredClone(r);
          return r;
        } catch {
          return null;
        }
      }),
    } satisfies ParseReply);
  }
});
