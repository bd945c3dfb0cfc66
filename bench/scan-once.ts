/**
 * One scan in a fresh process, for bench/run.ts: prints one JSON line with the wall time of
 * analyze() and the peak resident set size of the whole process.
 *
 *   node --import tsx bench/scan-once.ts <dir>
 */
import { performance } from 'node:perf_hooks';
import type { RunResult } from '../src/engine/result.js';

export interface ScanSample {
  dir: string;
  /** Wall time of analyze() alone, ms. */
  scanMs: number;
  /** CPU time (user + system, all threads) of analyze() alone, ms: steadier than wall time on a busy machine. */
  cpuMs: number;
  /** Peak RSS of the process (runtime + tsx + nightlight + the scan), MB. */
  peakRssMb: number;
  /** Peak RSS before the scan started (after imports), MB: the scan's own share is the difference. */
  baselineRssMb: number;
  functions: number;
  findings: number;
  diagnostics: number;
}

type Analyze = (options: { root: string; params?: Record<string, string> }) => Promise<RunResult>;

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

async function main(): Promise<number> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node --import tsx bench/scan-once.ts <dir>');
    return 2;
  }
  let analyze: Analyze;
  try {
    ({ analyze } = (await import('../src/api.js')) as { analyze: Analyze });
    if (typeof analyze !== 'function') throw new Error('src/api.ts does not export analyze()');
  } catch (err) {
    console.error(`analyze() is not available: ${(err as Error).message.split('\n')[0]}`);
    return 3;
  }
  const baselineRssMb = mb(process.resourceUsage().maxRSS);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const result = await analyze({ root: dir });
  const scanMs = Math.round(performance.now() - start);
  const cpu = process.cpuUsage(cpu0);
  const sample: ScanSample = {
    dir,
    scanMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMb: mb(process.resourceUsage().maxRSS),
    baselineRssMb,
    functions: result.model.functions.length,
    findings: result.findings.length,
    diagnostics: result.diagnostics.length,
  };
  console.log(JSON.stringify(sample));
  return 0;
}

process.exitCode = await main();
