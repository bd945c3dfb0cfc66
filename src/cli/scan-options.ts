/**
 * `scan --config / --baseline / --write-baseline / --prune-baseline`: loading the config and the
 * baseline before the scan, writing the baseline after it. The CLI owns this file I/O (like
 * `--output`); parsing and applying live in src/config/ and src/engine/baseline.ts.
 */
import { writeFileSync } from 'node:fs';
import { readExplicitFile } from '../loaders/boundary.js';
import { displayText } from '../reporters/display.js';
import type { AnalyzeOptions, RunResult } from '../api.js';
import { loadConfig } from '../config/load.js';
import { applyBaseline, createBaseline, parseBaseline, renderBaseline, type Baseline } from '../engine/baseline.js';
import { RULES } from '../rules/registry.generated.js';
import type { Diagnostic } from '../model/types.js';
import type { FindingFilter } from '../engine/filter.js';
import type { CliIo } from './io.js';

export interface ScanExtraOptions {
  config?: string;
  /** `--exclude` path globs: added to the config's `ignore`. */
  exclude?: string[];
  baseline?: string;
  writeBaseline?: string;
  pruneBaseline?: boolean;
}

export interface PreparedScan {
  /** Options to spread last into `analyze()`. */
  analyze: Pick<AnalyzeOptions, 'config' | 'baseline' | 'region' | 'stage'>;
  baseline?: { baseline: Baseline; file: string };
  /** The config's `report:` filters and `ignore` paths (the command line's are merged in by the caller). */
  report: FindingFilter & { quiet?: boolean };
}

/** Where a commander option's value came from; 'default' lets the config file's value apply. */
export type OptionSource = (name: string) => string | undefined;

function printDiagnostics(list: readonly Diagnostic[], io: CliIo): void {
  for (const d of list) io.stderr(`nightlight: ${d.level}: ${displayText(d.message)}\n`);
}

/**
 * Loads the config (found at the scanned root, or `--config`) and the baseline. Returns the exit
 * code instead when they cannot be used (2: usage error, with messages naming file and line).
 */
export function prepareScan(dir: string, opts: ScanExtraOptions & { region?: string; stage?: string }, io: CliIo, source: OptionSource = () => undefined): PreparedScan | number {
  if (opts.pruneBaseline && !opts.baseline) {
    io.stderr('nightlight: --prune-baseline rewrites the file given with --baseline; pass --baseline FILE\n');
    return 2;
  }
  const loaded = loadConfig({ root: dir, ruleIds: RULES.map((r) => r.id), ...(opts.config !== undefined ? { file: opts.config } : {}) });
  const errors = loaded.diagnostics.filter((d) => d.level === 'error');
  printDiagnostics(loaded.diagnostics, io);
  if (errors.length) {
    io.stderr(`nightlight: the configuration has ${errors.length} error(s); nothing was scanned\n`);
    return 2;
  }
  const { quiet, ...filters } = loaded.config.report;
  const prepared: PreparedScan = { analyze: {}, report: { ...filters, ...(quiet !== undefined ? { quiet } : {}), ...(loaded.config.ignore.length ? { exclude: loaded.config.ignore } : {}) } };
  if (opts.exclude?.length) {
    // --exclude is the command line's `ignore:`: those files are not scanned either.
    prepared.analyze.config = { ...loaded.config, ignore: [...loaded.config.ignore, ...opts.exclude] };
  }
  if (loaded.config.file) {
    prepared.analyze.config = { ...loaded.config, ignore: [...loaded.config.ignore, ...(opts.exclude ?? [])] };
    // A flag left at its default gives way to the config file.
    if (loaded.config.region && source('region') !== 'cli') prepared.analyze.region = loaded.config.region;
    if (loaded.config.stage && opts.stage === undefined) prepared.analyze.stage = loaded.config.stage;
  }
  if (opts.baseline) {
    const read = readExplicitFile(opts.baseline);
    if ('error' in read) {
      io.stderr(read.error === 'not found' ? `nightlight: ${opts.baseline}: baseline file not found (create it with --write-baseline ${opts.baseline})\n` : `nightlight: ${opts.baseline}: baseline file could not be read (${read.error})\n`);
      return 2;
    }
    const parsed = parseBaseline(read.text, opts.baseline);
    printDiagnostics(parsed.diagnostics, io);
    if (!parsed.baseline) return 2;
    prepared.baseline = { baseline: parsed.baseline, file: opts.baseline };
    prepared.analyze.baseline = prepared.baseline;
  }
  return prepared;
}

/**
 * After the scan: `--write-baseline` writes every finding that would fail the build (exit 0 from
 * then on), `--prune-baseline` rewrites the baseline without stale entries. Returns an exit code
 * that replaces the scan's, or null to keep it.
 */
export function finishScan(result: RunResult, prepared: PreparedScan, opts: ScanExtraOptions, io: CliIo): number | null {
  let override: number | null = null;
  if (opts.pruneBaseline && prepared.baseline) {
    const outcome = applyBaseline(result.findings, prepared.baseline.baseline, prepared.baseline.file, []);
    writeFileSync(prepared.baseline.file, renderBaseline(outcome.pruned));
    io.stderr(`nightlight: pruned ${outcome.stale.length} stale entr${outcome.stale.length === 1 ? 'y' : 'ies'} from ${prepared.baseline.file} (${outcome.pruned.entries.length} left)\n`);
  }
  if (opts.writeBaseline) {
    const baseline = createBaseline(result.findings, result.tool.version);
    writeFileSync(opts.writeBaseline, renderBaseline(baseline));
    io.stderr(`nightlight: wrote ${baseline.entries.length} finding(s) to the baseline ${opts.writeBaseline}\n`);
    override = 0;
  }
  return override;
}
