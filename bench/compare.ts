/**
 * `npm run bench`: the five rows of docs/performance.md, each timed as whole processes of the built
 * command (`dist/bin/nightlight.js`, so `npm run build` first), median of 3 runs after one warm-up,
 * CPU time (user + system, all threads) with wall time and peak RSS beside it, scans with the cache
 * of incremental runs off (`--no-cache`) and again warm (nothing changed); and in the same run,
 * on the same inputs, the ratio of that CPU time to
 *   - a plain parse of the same template files with the `yaml` library (bench/yaml-baseline.mjs), and
 *   - the previous release: the tree at PREVIOUS (git archive → a temp dir, built with this
 *     checkout's node_modules; kept between runs in os.tmpdir()).
 * The three commands run in turn (this, previous, yaml; this, previous, yaml; ...) so that a change
 * in the machine's load hits all three alike. Every process reports its own CPU and peak memory
 * through bench/process-sample.mjs.
 *
 *   npm run bench                      # all five rows
 *   npm run bench -- --runs 5          # more runs per command
 *   npm run bench -- --only rules,example
 *   npm run bench -- --no-previous     # skip the previous release
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateSamApp } from './generate.js';

const here = dirname(fileURLToPath(import.meta.url));
const project = dirname(here);
const SHARED_CORPUS = resolve(project, '..', 'shared', 'corpus');
/** The previous release: main before the work of issue 17. */
export const PREVIOUS = '1176b25';

interface Sample {
  cpuMs: number;
  wallMs: number;
  rssMb: number;
  status: number | null;
  stderr: string;
}

interface Command {
  label: string;
  argv: string[];
  cwd?: string;
}

interface Row {
  id: string;
  work: string;
  target: string;
  targetCpuMs: number | null;
  targetWallMs: number | null;
  targetRssMb: number | null;
  /** nightlight's arguments after the entry script. */
  args: string[];
  /** Input of the yaml baseline, or null when the row reads no files. */
  yamlInput: string | null;
  available: () => string | null;
}

function options(): { runs: number; only: Set<string> | null; previous: boolean } {
  const argv = process.argv.slice(2);
  let runs = 3;
  let only: Set<string> | null = null;
  let previous = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--only') only = new Set(argv[++i]!.split(','));
    else if (a === '--no-previous') previous = false;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs expects a positive integer');
  return { runs, only, previous };
}

const SAMPLE_PRELOAD = pathToFileURL(join(here, 'process-sample.mjs')).href;

function run(cmd: Command): Sample {
  const out = join(mkdtempSync(join(tmpdir(), 'nightlight-sample-')), 'sample.json');
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', SAMPLE_PRELOAD, ...cmd.argv], {
    cwd: cmd.cwd ?? project,
    env: { ...process.env, NIGHTLIGHT_BENCH_SAMPLE: out, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - start;
  let cpuMs = NaN;
  let rssMb = NaN;
  if (existsSync(out)) {
    const s = JSON.parse(readFileSync(out, 'utf8')) as { userMs: number; systemMs: number; maxRssKb: number };
    cpuMs = s.userMs + s.systemMs;
    rssMb = s.maxRssKb / 1024;
  }
  rmSync(dirname(out), { recursive: true, force: true });
  return { cpuMs, wallMs, rssMb, status: child.status, stderr: child.stderr ?? '' };
}

const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Builds the previous release once (kept in os.tmpdir()); returns its entry script, or an error. */
function previousRelease(): { entry: string } | { error: string } {
  const dir = join(tmpdir(), `nightlight-previous-${PREVIOUS}`);
  const entry = join(dir, 'dist', 'bin', 'nightlight.js');
  if (existsSync(entry)) return { entry };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git archive ${PREVIOUS} | tar -x -C "${dir}"`], { cwd: project, encoding: 'utf8' });
  if (archive.status !== 0) return { error: `git archive ${PREVIOUS}: ${archive.stderr.trim()}` };
  // Same dependencies as this checkout (the lock files differ only in packages added since).
  symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tsc = spawnSync(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, encoding: 'utf8' });
  if (tsc.status !== 0 || !existsSync(entry)) return { error: `building ${PREVIOUS}: ${(tsc.stdout + tsc.stderr).trim().split('\n').slice(0, 3).join(' / ')}` };
  return { entry };
}

function rows(work: string): Row[] {
  const example = join(project, 'examples', 'vulnerable-shop');
  const app = join(work, 'app-1000');
  const corpusSam = join(SHARED_CORPUS, 'sam');
  const needsCorpus = (dir: string) => () => (existsSync(dir) ? null : `${dir} not found`);
  const scan = (dir: string) => ['scan', dir, '--format', 'json', '--fail-on', 'never'];
  return [
    { id: 'rules', work: '`nightlight rules` (start-up floor)', target: '—', targetCpuMs: null, targetWallMs: null, targetRssMb: null, args: ['rules'], yamlInput: null, available: () => null },
    { id: 'example', work: 'scan of the bundled example (11 functions)', target: '≤ 0.5 s CPU, ≤ 120 MB', targetCpuMs: 500, targetWallMs: null, targetRssMb: 120, args: scan(example), yamlInput: example, available: () => null },
    {
      id: 'app1000',
      work: 'scan of the generated 1,000-function SAM app',
      target: '≤ 2 s CPU, ≤ 400 MB',
      targetCpuMs: 2000,
      targetWallMs: null,
      targetRssMb: 400,
      args: scan(app),
      yamlInput: app,
      available: () => {
        generateSamApp(app, 1000);
        return null;
      },
    },
    { id: 'sam', work: '`../shared/corpus/sam` (395 files)', target: '≤ 1.5 s CPU', targetCpuMs: 1500, targetWallMs: null, targetRssMb: null, args: scan(corpusSam), yamlInput: corpusSam, available: needsCorpus(corpusSam) },
    { id: 'corpus', work: 'whole `../shared/corpus`', target: '≤ 15 s wall, ≤ 500 MB', targetCpuMs: null, targetWallMs: 15000, targetRssMb: 500, args: scan(SHARED_CORPUS), yamlInput: SHARED_CORPUS, available: needsCorpus(SHARED_CORPUS) },
  ];
}

const s = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '—');
const mb = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '—');
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : '—');

function render(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function main(): number {
  const opts = options();
  const entry = join(project, 'dist', 'bin', 'nightlight.js');
  if (!existsSync(entry)) {
    console.error('dist/bin/nightlight.js is missing: run npm run build');
    return 2;
  }
  const work = join(tmpdir(), 'nightlight-bench-apps');
  mkdirSync(work, { recursive: true });
  const prev = opts.previous ? previousRelease() : { error: 'skipped (--no-previous)' };
  if ('error' in prev) console.log(`previous release: ${prev.error}`);
  const load0 = loadavg()[0]!;
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, ${process.platform}/${process.arch}; load average at start ${load0.toFixed(1)}`);
  console.log(`median of ${opts.runs} runs after one warm-up; CPU = user + system of the whole process (all threads)\n`);

  const table: string[][] = [];
  const failures: string[] = [];
  for (const row of rows(work)) {
    if (opts.only && !opts.only.has(row.id)) continue;
    const missing = row.available();
    if (missing !== null) {
      table.push([row.work, 'skipped', '', '', '', '', '', '', row.target, missing]);
      continue;
    }
    // `this` runs cold (--no-cache); `warm` is the same scan again with its cache kept in a temp folder
    // (filled by the warm-up run): the cost of a re-scan when nothing changed.
    const cacheDir = join(work, `cache-${row.id}`);
    rmSync(cacheDir, { recursive: true, force: true });
    const scanning = row.args[0] === 'scan';
    const commands: Command[] = [{ label: 'this', argv: [entry, ...row.args, ...(scanning ? ['--no-cache'] : [])] }];
    if (scanning) commands.push({ label: 'warm', argv: [entry, ...row.args, '--cache-dir', cacheDir] });
    if ('entry' in prev) commands.push({ label: 'previous', argv: [prev.entry, ...row.args] });
    if (row.yamlInput !== null) commands.push({ label: 'yaml', argv: [join(here, 'yaml-baseline.mjs'), row.yamlInput] });
    const samples = new Map<string, Sample[]>(commands.map((c) => [c.label, []]));
    for (let i = 0; i <= opts.runs; i++) {
      for (const c of commands) {
        const sample = run(c);
        if (sample.status !== 0 && !(scanning && c.label !== 'yaml' && sample.status === 1)) {
          failures.push(`${row.id} (${c.label}): exit ${sample.status}: ${sample.stderr.trim().split('\n').slice(-2).join(' / ')}`);
        }
        if (i > 0) samples.get(c.label)!.push(sample);
      }
    }
    const m = (label: string, key: 'cpuMs' | 'wallMs' | 'rssMb') => median((samples.get(label) ?? []).map((x) => x[key]));
    const cpu = m('this', 'cpuMs');
    const wall = m('this', 'wallMs');
    const rss = m('this', 'rssMb');
    const met =
      row.targetCpuMs === null && row.targetWallMs === null && row.targetRssMb === null
        ? ''
        : (row.targetCpuMs === null || cpu <= row.targetCpuMs) && (row.targetWallMs === null || wall <= row.targetWallMs) && (row.targetRssMb === null || rss <= row.targetRssMb)
          ? 'yes'
          : 'no';
    table.push([
      row.work,
      s(cpu),
      s(wall),
      mb(rss),
      scanning ? `${s(m('warm', 'cpuMs'))} (${mb(m('warm', 'rssMb'))} MB)` : '—',
      'entry' in prev ? `${ratio(cpu, m('previous', 'cpuMs'))} (${s(m('previous', 'cpuMs'))} s, ${mb(m('previous', 'rssMb'))} MB)` : '—',
      row.yamlInput !== null ? `${ratio(cpu, m('yaml', 'cpuMs'))} (${s(m('yaml', 'cpuMs'))} s)` : '—',
      `${s(Math.min(...samples.get('this')!.map((x) => x.cpuMs)))}–${s(Math.max(...samples.get('this')!.map((x) => x.cpuMs)))}`,
      row.target,
      met,
    ]);
    console.log(`${row.id}: done`);
  }
  console.log('');
  console.log(render(['work', 'CPU s', 'wall s', 'peak MB', 'warm cache CPU s', '× previous (its CPU, MB)', '× yaml parse (its CPU)', 'CPU range', 'target', 'met'], table));
  console.log(`\nload average at end ${loadavg()[0]!.toFixed(1)}`);
  for (const f of failures) console.log(`failure: ${f}`);
  writeFileSync(join(work, 'last-run.json'), JSON.stringify({ table, load: [load0, loadavg()[0]] }));
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
