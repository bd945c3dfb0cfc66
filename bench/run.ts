/**
 * `npm run bench`: scan time and peak memory of a full scan on synthetic SAM apps of 10, 100 and
 * 1,000 functions (each size in its own process, so peaks do not mix), then the other benchmarks
 * in bench/ (iam, surface, code), then one summary table against the targets. Wall times move
 * with the machine's load; CPU time is printed beside them. See docs/performance.md.
 *
 *   npm run bench                # 10, 100, 1000
 *   npm run bench -- 50 500      # other sizes
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSamApp, type GeneratedApp } from './generate.js';
import type { ScanSample } from './scan-once.js';

const here = dirname(fileURLToPath(import.meta.url));
const project = dirname(here);
const OTHER_BENCHMARKS = ['iam.ts', 'surface.ts', 'code.ts', 'code-languages.ts'];
/** Scan target: the largest app (1,000 functions) in under 2 s and 500 MB. */
const SCAN_TARGET = { functions: 1000, ms: 2000, rssMb: 500 };

/** What a benchmark reports on its `@bench {json}` line. */
interface BenchLine {
  name: string;
  ms: number;
  cpuMs: number;
  targetMs: number;
}

function sizes(): number[] {
  const given = process.argv.slice(2).map(Number);
  if (given.length === 0) return [10, 100, 1000];
  if (given.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`sizes must be positive integers: ${process.argv.slice(2).join(' ')}`);
  return given;
}

interface Row {
  app: GeneratedApp;
  sample?: ScanSample;
  processMs: number;
  error?: string;
}

function scan(app: GeneratedApp): Row {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'scan-once.ts'), app.dir], { cwd: project, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const processMs = Number((process.hrtime.bigint() - start) / 1_000_000n);
  if (child.status !== 0) {
    const why = (child.stderr || child.stdout || `exit ${child.status ?? child.signal}`).trim().split('\n').slice(-3).join(' / ');
    return { app, processMs, error: why };
  }
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return { app, processMs, sample: JSON.parse(last) as ScanSample };
  } catch {
    return { app, processMs, error: `unexpected output: ${last.slice(0, 200)}` };
  }
}

function table(rows: Row[]): string {
  const head = ['functions', 'template KB', 'files', 'scan ms', 'cpu ms', 'ms/function', 'process ms', 'peak RSS MB', 'scan RSS MB', 'findings', 'diagnostics'];
  const body = rows.map((r) => {
    const s = r.sample;
    const base = [String(r.app.functions), (r.app.templateBytes / 1024).toFixed(0), String(r.app.files)];
    if (!s) return [...base, 'error', '', '', String(r.processMs), '', '', '', ''];
    return [
      ...base,
      String(s.scanMs),
      String(s.cpuMs),
      (s.scanMs / r.app.functions).toFixed(2),
      String(r.processMs),
      s.peakRssMb.toFixed(1),
      Math.max(0, s.peakRssMb - s.baselineRssMb).toFixed(1),
      String(s.findings),
      String(s.diagnostics),
    ];
  });
  return render(head, body);
}

function render(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function summary(rows: Row[], others: BenchLine[], missing: string[]): string {
  const body: string[][] = [];
  for (const r of rows) {
    const s = r.sample;
    const target = r.app.functions === SCAN_TARGET.functions ? `< ${SCAN_TARGET.ms} ms, < ${SCAN_TARGET.rssMb} MB` : '';
    const met = !s ? 'error' : target ? (s.scanMs < SCAN_TARGET.ms && s.peakRssMb < SCAN_TARGET.rssMb ? 'yes' : 'no') : '';
    body.push([`scan: ${r.app.functions} functions`, s ? String(s.scanMs) : 'error', s ? String(s.cpuMs) : '', s ? s.peakRssMb.toFixed(0) : '', target, met]);
  }
  for (const b of others) body.push([b.name, String(b.ms), String(b.cpuMs), '', `< ${b.targetMs} ms`, b.ms < b.targetMs ? 'yes' : b.cpuMs < b.targetMs ? 'cpu only' : 'no']);
  for (const m of missing) body.push([m, 'error', '', '', '', 'error']);
  return render(['benchmark', 'wall ms', 'cpu ms', 'peak MB', 'target', 'met'], body);
}

function main(): number {
  let failed = false;
  let rows: Row[] = [];
  const work = mkdtempSync(join(tmpdir(), 'nightlight-bench-'));
  try {
    rows = [];
    for (const n of sizes()) {
      const app = generateSamApp(join(work, `app-${n}`), n);
      const row = scan(app);
      rows.push(row);
      if (row.error) failed = true;
    }
    console.log(`scan: analyze({ root }) on synthetic SAM apps (node ${process.version}, ${process.platform}/${process.arch})\n`);
    console.log(table(rows));
    for (const r of rows) if (r.error) console.log(`\n${r.app.functions} functions: ${r.error}`);
    console.log('\npeak RSS covers the whole child process (node + tsx + nightlight); scan RSS is the growth during analyze().');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const others: BenchLine[] = [];
  const missing: string[] = [];
  for (const name of OTHER_BENCHMARKS) {
    const file = join(here, name);
    if (!existsSync(file)) continue;
    console.log(`\n== bench/${name} ==`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
    const lines = (r.stdout ?? '').split('\n');
    process.stdout.write(lines.filter((l) => !l.startsWith('@bench ')).join('\n'));
    const found = lines.filter((l) => l.startsWith('@bench ')).map((l) => JSON.parse(l.slice('@bench '.length)) as BenchLine);
    others.push(...found);
    if (r.status !== 0 || found.length === 0) {
      failed = true;
      missing.push(name);
    }
  }
  console.log(`\n== summary (node ${process.version}, median-free single runs: see docs/performance.md for medians) ==\n`);
  console.log(summary(rows, others, missing));
  return failed ? 1 : 0;
}

process.exitCode = main();
