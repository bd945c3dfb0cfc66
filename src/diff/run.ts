/**
 * `diff <base> [head]`: resolve each side (a git revision, a saved JSON report, or the working
 * tree), analyse it into its JSON report, and compare the two reports.
 */
import type { Diagnostic } from '../model/types.js';
import { analyze, type AnalyzeOptions } from '../api.js';
import { toJsonReport } from '../reporters/json.js';
import { loadConfig } from '../config/load.js';
import type { NightlightConfig } from '../config/schema.js';
import { RULES } from '../rules/registry.generated.js';
import { VERSION } from '../version.js';
import { compareReports } from './compare.js';
import { readReport } from './report.js';
import type { DiffResult, DiffSide } from './types.js';
import { DiffInputError, checkoutRevision, gitRepoOf, isReportFile, readReportFile, resolveRevision, type GitRepo } from './git.js';

export interface DiffOptions {
  base: string;
  /** Omitted: the working tree of `root`. */
  head?: string;
  /** The directory scanned on each side (default '.'); for git revisions, its copy at that revision. */
  root?: string;
  /** Analysis options applied to both sides (params, region, stage, cost, ...). */
  analyze?: Omit<AnalyzeOptions, 'root' | 'config' | 'baseline'>;
  /** An explicit config file for both sides; otherwise each side uses the config file at its own root. */
  configFile?: string;
  /** Where revisions are extracted (default os.tmpdir()); each goes in its own folder, removed after use. */
  tempDir?: string;
}

/**
 * One turn of the event loop. A scan holds the loop for its whole length, and a signal handler
 * (git.ts removes the extracted folders and dies of the signal) only runs on a turn, so without
 * these an interrupt during a scan would wait for the whole diff to finish.
 */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Side {
  side: Omit<DiffSide, 'toolVersion'>;
  report: unknown;
}

async function analyzeDir(dir: string, options: DiffOptions, diagnostics: Diagnostic[], label: string): Promise<unknown> {
  const loaded = loadConfig({ root: dir, ruleIds: RULES.map((r) => r.id), ...(options.configFile !== undefined ? { file: options.configFile } : {}) });
  const errors = loaded.diagnostics.filter((d) => d.level === 'error');
  if (errors.length) throw new DiffInputError(`${label}: invalid configuration:\n  ${errors.map((d) => d.message).join('\n  ')}`);
  diagnostics.push(...loaded.diagnostics);
  const config: NightlightConfig | undefined = loaded.config.file ? loaded.config : undefined;
  const result = await analyze({ ...(options.analyze ?? {}), root: dir, ...(config ? { config } : {}) });
  return toJsonReport(result);
}

async function resolveSide(arg: string | undefined, options: DiffOptions, repo: () => GitRepo, diagnostics: Diagnostic[]): Promise<Side> {
  const root = options.root ?? '.';
  if (arg === undefined) {
    return { side: { kind: 'worktree', ref: root }, report: await analyzeDir(root, options, diagnostics, 'working tree') };
  }
  if (isReportFile(arg)) return { side: { kind: 'report', ref: arg }, report: readReportFile(arg) };
  if (arg.toLowerCase().endsWith('.json')) throw new DiffInputError(`${arg}: no such report file (and not a git revision)`);
  const r = repo();
  const commit = resolveRevision(r, arg);
  if (!commit) throw new DiffInputError(`"${arg}" is neither a JSON report nor a revision of the git repository at ${r.top}`);
  const checkout = checkoutRevision(r, commit, options.tempDir);
  try {
    await turn();
    // Paths in the report are relative to the scanned directory, so both sides line up.
    const report = await analyzeDir(checkout.dir, options, diagnostics, arg);
    await turn();
    return { side: { kind: 'git', ref: arg, commit }, report };
  } finally {
    checkout.cleanup();
  }
}

export async function runDiff(options: DiffOptions): Promise<DiffResult> {
  const diagnostics: Diagnostic[] = [];
  let repo: GitRepo | null | undefined;
  const getRepo = (): GitRepo => {
    if (repo === undefined) repo = gitRepoOf(options.root ?? '.');
    if (!repo) throw new DiffInputError(`${options.root ?? '.'} is not inside a git repository; pass two JSON reports instead`);
    return repo;
  };
  const base = await resolveSide(options.base, options, getRepo, diagnostics);
  const head = await resolveSide(options.head, options, getRepo, diagnostics);
  return compareReports(readReport(base.report), readReport(head.report), { base: base.side, head: head.side, toolVersion: VERSION, diagnostics: diagnostics.filter((d) => d.level !== 'info') });
}
