/**
 * hcl2json (HashiCorp's HCL parser, Go compiled to wasm) as the judge of HCL validity, isolated in
 * a worker thread. The Go runtime is one instance per JavaScript realm and does not survive a
 * fault: after a stack overflow on deeply nested input, the next call never settles and the
 * process ends (exit 13) with every stack lost. In a worker, a fault, a hang (time budget) or a
 * memory blow-up costs that file one diagnostic; the next file gets a fresh worker.
 */
import type { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

export type Verdict = { ok: true } | { error: string } | { fault: string };

/** Wall-clock budget of one file's check; the worker is replaced when it is spent. */
export const HCL_JUDGE_TIMEOUT_MS = 15_000;

// CommonJS, evaluated in the worker: loads hcl2json there and answers one request at a time.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { parse } = require(workerData.module);
parentPort.on('message', ({ file, text }) => {
  parse(file, text).then(
    () => parentPort.postMessage({ ok: true }),
    (e) => parentPort.postMessage({ error: String((e && e.message) || e), fault: e instanceof RangeError || /call stack|out of memory|unreachable/i.test(String(e)) }),
  );
});
`;

function modulePath(): string {
  return createRequire(import.meta.url).resolve('@cdktf/hcl2json');
}

export class HclJudge {
  private worker: Worker | null = null;

  constructor(private readonly timeoutMs = HCL_JUDGE_TIMEOUT_MS) {}

  private spawn(): Worker {
    // loaded here, not at start-up (~5 ms of every start; only HCL needs it)
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: modulePath() }, resourceLimits: { maxOldGenerationSizeMb: 512, stackSizeMb: 4 }, stdout: true, stderr: true });
    w.unref();
    return w;
  }

  /** Asks hcl2json about one file. */
  check(file: string, text: string): Promise<Verdict> {
    const w = (this.worker ??= this.spawn());
    return new Promise<Verdict>((resolve) => {
      let settled = false;
      const finish = (v: Verdict, replace: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
        if (replace) {
          if (this.worker === w) this.worker = null;
          void w.terminate();
        }
        resolve(v);
      };
      const onMessage = (m: { ok?: boolean; error?: string; fault?: boolean }) => (m.ok ? finish({ ok: true }, false) : m.fault ? finish({ fault: m.error ?? 'fault' }, true) : finish({ error: m.error ?? 'invalid' }, false));
      const onError = (err: Error) => finish({ fault: err.message }, true);
      const onExit = (code: number) => finish({ fault: `the parser stopped (exit ${code})` }, true);
      const timer = setTimeout(() => finish({ fault: `no answer within ${Math.round(this.timeoutMs / 1000)} s` }, true), this.timeoutMs);
      w.ref();
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ file, text });
    });
  }

  /** Ends the worker (the end of a Terraform load). */
  close(): void {
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }
}
