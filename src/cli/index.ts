/**
 * The command line: the only place that reads argv, prints, and picks the exit code.
 */
import { Command, CommanderError, Option } from 'commander';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../api.js';
import type { RunResult } from '../engine/result.js';
import type { Severity } from '../model/findings.js';
import type { Diagnostic } from '../model/types.js';
import { SEVERITIES, severityRank } from '../model/findings.js';
import { RULES } from '../rules/registry.generated.js';
import { PROFILES, type Profile } from '../engine/types.js';
import { VERSION } from '../version.js';
import { renderJson, renderJsonPieces } from '../reporters/json.js';
import { renderTerminal } from '../reporters/terminal.js';
import { DEFAULT_INFORMATION_URI, renderSarif } from '../reporters/sarif.js';
import { renderAnnotations, renderGitlabSast, renderJunit } from '../reporters/ci.js';
import { renderHtml } from '../reporters/html/index.js';
import { POLICY_FORMATS, runPolicy, type PolicyFormat } from './policy.js';
import { renderCostTable } from './cost.js';
import { renderMarkdown } from '../reporters/markdown.js';
import { displaySafe, displayText } from '../reporters/display.js';
import { realpathOrNull, ScanRoot } from '../loaders/boundary.js';
import { finishScan, prepareScan } from './scan-options.js';
import { incompleteLine } from '../engine/coverage.js';
import { checkFilter, isEmptyFilter, keepFinding, mergeFilters } from '../engine/filter.js';
import { AWS_REGIONS, isKnownRegion } from '../config/regions.js';
import { DIFF_FORMATS, runDiffCommand, type DiffCliOptions } from './diff.js';
import { runInit } from './init.js';
import { advisoryCacheDir, runAdvisoriesUpdate, type AdvisoriesUpdateOptions } from './advisories.js';
import { runDriftCommand, runLiveScan } from './live.js';
import { repositoryPrefix } from './paths.js';
import { dict } from '../model/types.js';
import type { CliIo } from './io.js';
export type { CliIo } from './io.js';

export { repositoryPrefix };

const defaultIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/** The report width: `COLUMNS` when set, else the terminal's, else 80 (a pipe or a file). */
export function terminalWidth(io: CliIo): number {
  const env = Number(io.env['COLUMNS']);
  if (Number.isInteger(env) && env > 0) return env;
  return io.isTty && io.columns ? io.columns : 80;
}

/** Colour on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR (not 0) turns it on in a pipe. */
export function useColor(io: CliIo, flag: boolean, toFile: boolean): boolean {
  if (!flag || toFile || (io.env['NO_COLOR'] ?? '') !== '') return false;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.isTty;
}

type Format = 'terminal' | 'json' | 'sarif' | 'html' | 'markdown' | 'junit' | 'gitlab-sast' | 'annotations';
const FORMATS: Format[] = ['terminal', 'json', 'sarif', 'html', 'markdown', 'junit', 'gitlab-sast', 'annotations'];

/** What a renderer needs beyond the result: the repository-root prefix of paths and the run's times. */
export interface RenderContext {
  failOn?: (typeof FAIL_ON)[number];
  quiet?: boolean;
  /** The scanned folder relative to the repository root (SARIF, JUnit, GitLab SAST, annotations). */
  pathPrefix?: string;
  startTime?: Date;
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC (GitLab's report times). */
function gitlabTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}
const FAIL_ON = ['critical', 'high', 'medium', 'low', 'never'] as const;

class UsageError extends Error {}

/** The scanned input a report path would overwrite (a template, or the scanned file itself), if any. */
function scannedInput(dir: string, output: string, result: RunResult): string | null {
  const out = realpathOrNull(output);
  if (out === null) return null;
  const scan = new ScanRoot(dir);
  if (scan.file !== null && realpathOrNull(scan.file) === out) return scan.file;
  for (const input of result.inputs) if (realpathOrNull(scan.abs(input.file)) === out) return input.file;
  return null;
}

interface ScanCliOptions {
  format: Format;
  output?: string;
  failOn: (typeof FAIL_ON)[number];
  failOnIncomplete?: boolean;
  param: string[];
  region: string;
  stage?: string;
  allowEnv?: boolean;
  varFile: string[];
  maxFileSize: string;
  color: boolean;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  pruneBaseline?: boolean;
  advisories?: string;
  /** False with `--no-cache`. */
  cache: boolean;
  cacheDir?: string;
  /** `--workers N` (0: parse on the main thread only). */
  workers?: string;
  /** `--progress`: progress lines on stderr even when it is not a terminal. */
  progress?: boolean;
  minSeverity?: Severity;
  rule: string[];
  skipRule: string[];
  category: string[];
  exclude: string[];
  quiet?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** An unknown Region is a usage error naming the known ones (a typo would silently price and name ARNs wrong). */
function checkRegion(region: string | undefined): void {
  if (region !== undefined && !isKnownRegion(region)) throw new UsageError(`--region ${region} is not an AWS Region; expected one of ${AWS_REGIONS.join(', ')}`);
}

/** Why a scan found nothing to analyse (exit 2), or null: no definition at all, or `--stage` on an app with no Serverless input. */
export function noApplication(dir: string, result: RunResult, stageGiven: boolean): string | null {
  if (result.inputs.length === 0) return `no application definition found under ${dir} (SAM/CloudFormation templates, serverless.yml, zappa_settings, Terraform, cdk.out)`;
  if (stageGiven && !result.inputs.some((i) => i.format === 'serverless' || i.format === 'zappa')) {
    const formats = [...new Set(result.inputs.map((i) => i.format))].join(', ');
    return `--stage applies to Serverless Framework and Zappa apps; ${dir} has ${formats} input(s) only (for a CloudFormation parameter, use --param Stage=<value>)`;
  }
  return null;
}

/** One diagnostic on one line for stderr: where, how bad, what (repository text made display-safe). */
export function diagnosticLine(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}: ` : '';
  return displayText(`${where}${d.level}: ${d.message} [${d.code}]`);
}

function parseParams(values: string[]): Record<string, string> {
  const out: Record<string, string> = dict();
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new UsageError(`--param expects Key=Value, got "${v}"`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** The exit code of a scan whose input was partly dropped or refused, under --fail-on-incomplete. */
export const EXIT_INCOMPLETE = 3;

export function exitCodeFor(result: RunResult, failOn: (typeof FAIL_ON)[number]): number {
  if (failOn === 'never') return 0;
  const threshold = severityRank(failOn as Severity);
  return result.findings.some((f) => !f.suppression && severityRank(f.severity) >= threshold) ? 1 : 0;
}

export function render(result: RunResult, format: Format, io: CliIo, color: boolean, context: RenderContext = {}): string {
  const { failOn, quiet = false, pathPrefix = '' } = context;
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'terminal':
      return renderTerminal(displaySafe(result), { color, width: terminalWidth(io), quiet, ...(failOn ? { failOn } : {}) });
    case 'sarif':
      return renderSarif(result, RULES, { pathPrefix });
    case 'junit':
      return renderJunit(result, { pathPrefix, ...(failOn ? { failOn } : {}) });
    case 'gitlab-sast': {
      const start = context.startTime ?? new Date();
      return renderGitlabSast(result, { pathPrefix, startTime: gitlabTime(start), endTime: gitlabTime(new Date()), rulesDocsUri: `${DEFAULT_INFORMATION_URI}/blob/main/docs/rules` });
    }
    case 'annotations':
      return renderAnnotations(result, { pathPrefix });
    case 'html':
      return renderHtml(result);
    case 'markdown':
      return renderMarkdown(displaySafe(result));
    default:
      throw new UsageError(`--format ${format} is not available in this build`);
  }
}

/** Writes the pieces to a new (or truncated) file, in order. */
function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    for (const piece of pieces) {
      const bytes = Buffer.from(piece, 'utf8');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    }
  } finally {
    closeSync(fd);
  }
}

/** The rule's page from docs/rules/ (shipped in the package), or null when it is not there. */
function rulePage(id: string): string | null {
  // src/cli/index.ts (tsx) or dist/src/cli/index.js: the package root is the nearest folder with package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
  const file = join(dir, 'docs', 'rules', `${id}.md`);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/**
 * Progress of a scan on stderr. On a terminal: one line, rewritten in place once the scan has run
 * a second (elapsed seconds and the current stage), erased at the end; it also advances whenever the
 * scan yields. Elsewhere (a pipe, a CI log) nothing, unless `--progress`: then one plain line per
 * stage (counts only when a stage ends).
 */
export function startProgress(io: CliIo, dir: string, force = false): { stop(): void; update(message: string): void } {
  if (!io.stderrIsTty && !force) return { stop() {}, update() {} };
  const started = Date.now();
  const elapsed = () => Math.round((Date.now() - started) / 1000);
  let stage = '';
  if (!io.stderrIsTty) {
    return {
      stop() {},
      update(message: string) {
        const m = /^parsed (\d+)\/(\d+) /.exec(message);
        if (m && m[1] !== m[2]) return;
        io.stderr(`nightlight: ${message} (${elapsed()} s)\n`);
      },
    };
  }
  let shown = false;
  const draw = () => {
    shown = true;
    io.stderr(`\r\u001b[Knightlight: scanning ${dir} … ${elapsed()} s${stage ? `: ${stage}` : ''}`);
  };
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (shown) io.stderr('\r\u001b[K');
    },
    update(message: string) {
      stage = message;
      if (Date.now() - started >= 1000) draw();
    },
  };
}

/** `--workers N`: a whole number of threads (0 for none). */
function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 64) throw new UsageError(`--workers expects a whole number from 0 to 64, not ${value}`);
  return Number(value);
}

/** What a scan written to a file found, for the person watching the terminal. */
export function summaryLine(result: RunResult, format: Format, file: string, failOn: (typeof FAIL_ON)[number]): string {
  const active = result.findings.filter((f) => !f.suppression);
  const counts = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  const failing = failOn === 'never' ? 0 : active.filter((f) => severityRank(f.severity) >= severityRank(failOn as Severity)).length;
  const errors = result.diagnostics.filter((d) => d.level === 'error').length;
  return `nightlight: wrote the ${format} report to ${file}: ${active.length} finding(s)${counts.length ? ` (${counts.join(', ')})` : ''}${errors ? `, ${errors} error diagnostic(s)` : ''}; ${failOn === 'never' ? 'nothing fails the run (--fail-on never)' : failing ? `${failing} at or above ${failOn} fail the run` : `none at or above ${failOn}`}\n`;
}

/** Runs the CLI; returns the exit code (0 clean, 1 findings at or above --fail-on, 2 usage or unreadable input, 3 incomplete under --fail-on-incomplete). */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command();
  program
    .name('nightlight')
    .description('Checks under the bed of a serverless application: attack surface, permissions, denial of wallet, taint and change impact.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('scan')
    .description('scan a directory (default: the current one) and report')
    .argument('[dir]', 'directory or template file to scan', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('terminal'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity remains').choices([...FAIL_ON]).default('high'))
    .option('--fail-on-incomplete', `exit ${EXIT_INCOMPLETE} when input was dropped or refused (a file refused, a definition or handler not parsed, a budget hit): the results are incomplete`)
    .option('--param <Key=Value>', 'CloudFormation parameter value (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--stage <name>', 'deployment stage (Serverless Framework)')
    .option('--allow-env', 'let Serverless ${env:...} variables and Terraform TF_VAR_* read the environment')
    .option('--var-file <file>', 'Terraform variable file, relative to the scanned folder (repeatable)', collect, [] as string[])
    .option('--region <region>', 'AWS region for ARNs and prices; with --live, a region to read (repeatable)', (v: string, prev: string | string[]) => (Array.isArray(prev) ? [...prev, v] : [v]), 'us-east-1' as string | string[])
    .option('--live', 'scan what is deployed in the AWS account instead of a directory (read-only calls; docs/live.md)')
    .option('--profile <name>', 'which checks run: security (default), hardening (adds posture checks), all; with --live, any other name is the AWS profile')
    .option('--aws-profile <name>', 'with --live: AWS profile (default: the standard credential chain)')
    .option('--with-code', 'with --live: download and analyse each function\'s deployment package')
    .option('--save-templates <dir>', 'with --live: write the templates read from the account to this folder')
    .option('--config <file>', 'configuration file')
    .option('--baseline <file>', 'accept the findings recorded in this baseline file')
    .option('--write-baseline <file>', 'write the current findings to a baseline file (accepted from then on)')
    .option('--prune-baseline', 'rewrite the --baseline file without its stale entries')
    .option('--max-file-size <mb>', 'skip files larger than this many megabytes', '20')
    .option('--advisories <dir>', 'folder of OSV advisory records for dependency checks (default: .nightlight/advisories/ in the scanned folder, else the cache of `nightlight advisories update`)')
    .option('--no-color', 'never colour the terminal report')
    .option('--no-cache', 'do not read or write the cache of incremental runs (.nightlight/cache/)')
    .option('--cache-dir <dir>', 'keep the cache of incremental runs in this folder (default: .nightlight/cache/ in the scanned folder)')
    .option('--workers <n>', 'threads that parse templates (default: one per core when there is enough to parse; 0: none)')
    .option('--progress', 'progress lines on stderr even when it is not a terminal (on a terminal they are shown anyway)')
    .addOption(new Option('--min-severity <severity>', 'report only findings at or above this severity').choices([...SEVERITIES]))
    .option('--rule <glob>', 'report only findings of rules matching this glob, e.g. code/* (repeatable)', collect, [] as string[])
    .option('--skip-rule <glob>', 'leave out findings of rules matching this glob (repeatable)', collect, [] as string[])
    .option('--category <name>', 'report only findings of this category, e.g. sql-injection (repeatable)', collect, [] as string[])
    .option('--exclude <path-glob>', 'do not scan or report files matching this path glob (repeatable)', collect, [] as string[])
    .option('-q, --quiet', 'terminal report: only the findings and the verdict')
    .action(async (dir: string, rawOpts: Omit<ScanCliOptions, 'region'> & { region: string | string[]; live?: boolean; profile?: string; awsProfile?: string; withCode?: boolean; saveTemplates?: string }, cmd: Command) => {
      const startTime = new Date();
      const regions = Array.isArray(rawOpts.region) ? rawOpts.region : [rawOpts.region];
      const opts = { ...rawOpts, region: regions[regions.length - 1]! };
      // `--profile` names the checks; before profiles existed it named the AWS profile of --live, which it still does for any other name.
      const checks = opts.profile !== undefined && (PROFILES as readonly string[]).includes(opts.profile) ? (opts.profile as Profile) : undefined;
      const awsProfile = opts.awsProfile ?? (checks === undefined ? opts.profile : undefined);
      if (!opts.live && opts.profile !== undefined && checks === undefined) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')} (an AWS profile for --live goes with --aws-profile)`);
      if (!opts.live && (opts.awsProfile || opts.withCode || opts.saveTemplates)) throw new UsageError('--aws-profile, --with-code and --save-templates go with --live');
      if (opts.live && dir !== '.') throw new UsageError('--live scans the account, not a directory; to compare a directory with the account use: nightlight drift DIR --live');
      if (!opts.live && regions.length > 1) throw new UsageError('--region may be repeated only with --live');
      for (const r of regions.slice(0, -1)) checkRegion(r);
      if (!existsSync(dir)) throw new UsageError(`${dir}: no such file or directory`);
      const maxMb = Number(opts.maxFileSize);
      if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError('--max-file-size expects a positive number of megabytes');
      checkRegion(opts.region);
      const prepared = prepareScan(dir, opts, io, (name) => cmd.getOptionValueSource(name));
      if (typeof prepared === 'number') {
        exitCode = prepared;
        return;
      }
      const filter = mergeFilters(prepared.report, { ...(opts.minSeverity ? { minSeverity: opts.minSeverity } : {}), rules: opts.rule, skipRules: opts.skipRule, categories: opts.category, exclude: opts.exclude });
      const problems = checkFilter(filter, RULES.map((r) => r.id), RULES.map((r) => r.meta.category));
      if (problems.length) throw new UsageError(problems.join('\n'));
      // Without --region a Serverless service's provider.region names its ARNs (us-east-1 otherwise).
      const regionGiven = opts.live || cmd.getOptionValueSource('region') === 'cli';
      const common = { params: parseParams(opts.param), ...(regionGiven ? { region: opts.region } : {}), ...(opts.stage ? { stage: opts.stage } : {}), ...(opts.allowEnv ? { allowEnv: true } : {}), ...(opts.varFile.length ? { varFiles: opts.varFile } : {}), maxFileBytes: Math.round(maxMb * 1024 * 1024), ...(opts.advisories !== undefined ? { advisories: resolvePath(opts.advisories) } : { advisoryCache: advisoryCacheDir(io) }), ...(checks ? { engine: { profile: checks } } : {}), ...prepared.analyze };
      const liveRegions = cmd.getOptionValueSource('region') === 'cli' ? regions : [];
      const progress = opts.live ? null : startProgress(io, dir, opts.progress === true);
      const workers = parseWorkers(opts.workers);
      const analysed = opts.live
        ? await runLiveScan({ regions: liveRegions, ...(awsProfile ? { profile: awsProfile } : {}), ...(opts.withCode ? { withCode: true } : {}), ...(opts.saveTemplates ? { saveTemplates: opts.saveTemplates } : {}) }, common, io)
        : await analyze({
            root: dir,
            ...common,
            cache: opts.cache !== false && (prepared.analyze.config?.cache ?? true) && (opts.cacheDir !== undefined ? resolvePath(opts.cacheDir) : true),
            ...(workers !== undefined ? { workers } : {}),
            ...(progress ? { progress: progress.update } : {}),
          }).finally(() => progress?.stop());
      const result = isEmptyFilter(filter) ? analysed : { ...analysed, findings: analysed.findings.filter((f) => keepFinding(f, filter)) };
      const nothing = opts.live ? null : noApplication(dir, result, opts.stage !== undefined && cmd.getOptionValueSource('stage') === 'cli');
      if (nothing) {
        // What was refused or unreadable explains an empty scan: say it before the verdict.
        if (result.inputs.length === 0) for (const d of result.diagnostics) io.stderr(`nightlight: ${diagnosticLine(d)}\n`);
        io.stderr(`nightlight: ${nothing}\n`);
        exitCode = 2;
        if (result.inputs.length === 0) return;
      }
      const color = useColor(io, opts.color, Boolean(opts.output));
      // The JSON report is written piece by piece (a monorepo's is tens of MB), the others whole.
      const json = opts.format === 'json' ? renderJsonPieces(result) : null;
      const text = json === null ? render(result, opts.format, io, color, { failOn: opts.failOn, quiet: Boolean(opts.quiet ?? prepared.report.quiet), pathPrefix: repositoryPrefix(dir), startTime }) : '';
      if (opts.output) {
        const overwritten = scannedInput(dir, opts.output, result);
        if (overwritten) throw new UsageError(`-o ${opts.output}: that is ${overwritten}, an input of this scan; refusing to overwrite it with the report`);
        if (json === null) writeFileSync(opts.output, text);
        else writePieces(opts.output, json);
        io.stderr(summaryLine(result, opts.format, opts.output, opts.failOn));
      } else if (json === null) io.stdout(text.endsWith('\n') ? text : text + '\n');
      else for (const piece of json) io.stdout(piece);
      if (nothing) return;
      exitCode = finishScan(result, prepared, opts, io) ?? exitCodeFor(result, opts.failOn);
      if (result.inputs.length === 0 && result.diagnostics.some((d) => d.level === 'error')) exitCode = 2;
      else if ((opts.failOnIncomplete || prepared.analyze.config?.failOnIncomplete) && (result.coverage?.lost.length ?? 0) > 0) {
        io.stderr(`nightlight: ${incompleteLine(result.coverage!.lost)} (exit ${EXIT_INCOMPLETE}: --fail-on-incomplete)\n`);
        exitCode = EXIT_INCOMPLETE;
      }
    });

  program
    .command('diff')
    .description('what a change does to the attack surface, permissions, cost and findings: two git revisions, or two JSON reports')
    .argument('<base>', 'git revision or JSON report of the base')
    .argument('[head]', 'git revision or JSON report of the head (default: the working tree)')
    .option('-C, --dir <dir>', 'directory scanned on each side', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...DIFF_FORMATS]).default('terminal'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--markdown-output <file>', 'also write the Markdown summary (PR comment) to this file')
    .option('--sarif-output <file>', 'also write SARIF with the new findings to this file')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when the change adds a finding at or above this severity').choices([...FAIL_ON]).default('high'))
    .option('--param <Key=Value>', 'CloudFormation parameter value (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--stage <name>', 'deployment stage (Serverless Framework)')
    .option('--region <region>', 'AWS region for ARNs and prices')
    .option('--config <file>', 'configuration file for both sides (default: each side\'s own)')
    .option('--no-color', 'never colour the terminal report')
    .option('--no-cache', 'do not read or write the cache of incremental runs (.nightlight/cache/)')
    .action(async (base: string, head: string | undefined, opts: DiffCliOptions) => {
      checkRegion(opts.region);
      exitCode = await runDiffCommand(base, head, opts, io);
    });

  program
    .command('drift')
    .description('what is deployed against what the repository declares: entry points, auth, permissions, cost and findings only in the account or only in the code')
    .argument('[dir]', 'directory of the declared application', '.')
    .option('--live', 'compare with the AWS account (read-only calls; docs/live.md)')
    .option('--profile <name>', 'AWS profile (default: the standard credential chain)')
    .option('--region <region>', 'region to read (repeatable; default: AWS_REGION, else us-east-1)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--stack <name>', 'deployed stack to compare with (repeatable; default: matched by its resources)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--with-code', 'also download the deployed code and compare what it does')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...DIFF_FORMATS]).default('terminal'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--markdown-output <file>', 'also write the Markdown summary to this file')
    .option('--sarif-output <file>', 'also write SARIF with the findings only in the account to this file')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when the account has a finding the code does not, at or above this severity').choices([...FAIL_ON]).default('high'))
    .option('--param <Key=Value>', 'CloudFormation parameter value (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--stage <name>', 'deployment stage (Serverless Framework)')
    .option('--config <file>', 'configuration file')
    .option('--no-color', 'never colour the terminal report')
    .action(async (dir: string, opts: { live?: boolean; profile?: string; region: string[]; stack: string[]; withCode?: boolean; format: (typeof DIFF_FORMATS)[number]; output?: string; markdownOutput?: string; sarifOutput?: string; failOn: (typeof FAIL_ON)[number]; param: string[]; stage?: string; config?: string; color: boolean }) => {
      if (!opts.live) throw new UsageError('drift compares the directory with what is deployed: pass --live (it reads the AWS account)');
      for (const r of opts.region) checkRegion(r);
      if (!existsSync(dir)) throw new UsageError(`${dir}: no such file or directory`);
      exitCode = await runDriftCommand({ dir, regions: opts.region, stack: opts.stack, ...(opts.profile ? { profile: opts.profile } : {}), ...(opts.withCode ? { withCode: true } : {}), format: opts.format, ...(opts.output ? { output: opts.output } : {}), ...(opts.markdownOutput ? { markdownOutput: opts.markdownOutput } : {}), ...(opts.sarifOutput ? { sarifOutput: opts.sarifOutput } : {}), failOn: opts.failOn, params: parseParams(opts.param), ...(opts.stage ? { stage: opts.stage } : {}), ...(opts.config ? { config: opts.config } : {}), color: opts.color }, io);
    });

  program
    .command('init')
    .description('write a commented nightlight.config.yaml (never overwrites)')
    .argument('[dir]', 'directory to write it in', '.')
    .action((dir: string) => {
      exitCode = runInit({ dir }, io);
    });

  program
    .command('cost')
    .description('the denial-of-wallet table: worst-case spend per entry point, the binding limit and the fix')
    .argument('[dir]', 'directory or template file to scan', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .option('--all', 'list every entry point, not only those an outside caller can drive')
    .option('--budget <usd>', 'budget in USD per day (default 100)')
    .option('--account-concurrency <n>', 'Lambda concurrency quota of the account (default 1000)')
    .option('--region <region>', 'AWS region for prices and limits (default: us-east-1)')
    .option('--param <Key=Value>', 'CloudFormation parameter value (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--stage <name>', 'deployment stage (Serverless Framework)')
    .option('--config <file>', 'configuration file (default: nightlight.config.yaml in the scanned folder); the flags win over it')
    .action(async (dir: string, opts: { format: 'terminal' | 'json'; all?: boolean; budget?: string; accountConcurrency?: string; region: string; param: string[]; stage?: string; config?: string }, cmd: Command) => {
      if (!existsSync(dir)) throw new UsageError(`${dir}: no such file or directory`);
      const num = (v: string | undefined, name: string): number | undefined => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} expects a non-negative number`);
        return n;
      };
      const budget = num(opts.budget, '--budget');
      const conc = num(opts.accountConcurrency, '--account-concurrency');
      checkRegion(opts.region);
      const prepared = prepareScan(dir, opts, io, (name) => cmd.getOptionValueSource(name));
      if (typeof prepared === 'number') {
        exitCode = prepared;
        return;
      }
      const result = await analyze({
        root: dir,
        params: parseParams(opts.param),
        ...(opts.region ? { region: opts.region } : {}),
        ...(opts.stage ? { stage: opts.stage } : {}),
        cost: { ...(budget !== undefined ? { budgetUsdPerDay: budget } : {}), ...(conc !== undefined ? { accountConcurrency: conc } : {}) },
        ...prepared.analyze,
      });
      const nothing = noApplication(dir, result, opts.stage !== undefined);
      if (nothing) throw new UsageError(nothing);
      if (opts.format === 'json') {
        const cost = result.analyses.cost;
        io.stdout(JSON.stringify({ schemaVersion: 1, cost: (cost?.ceilings ?? []).filter((c) => opts.all || c.attackerDriven) }, null, 2) + '\n');
      } else io.stdout(renderCostTable(result, { color: io.isTty && !io.env['NO_COLOR'], all: Boolean(opts.all) }));
    });

  program
    .command('policy')
    .description('a function\'s effective permissions, what its code uses, and the least-privilege policy it needs')
    .argument('<function>', 'function id, logical id or name')
    .argument('[dir]', 'directory or template file to scan', '.')
    .addOption(new Option('-f, --format <format>', 'text, or the suggested policy as a patch').choices([...POLICY_FORMATS]).default('text'))
    .option('--param <Key=Value>', 'CloudFormation parameter value (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--stage <name>', 'deployment stage (Serverless Framework)')
    .option('--region <region>', 'AWS region for ARNs', 'us-east-1')
    .option('--config <file>', 'configuration file (default: nightlight.config.yaml in the scanned folder); the flags win over it')
    .action(async (fn: string, dir: string, opts: { format: PolicyFormat; param: string[]; stage?: string; region: string; config?: string }, cmd: Command) => {
      if (!existsSync(dir)) throw new UsageError(`${dir}: no such file or directory`);
      checkRegion(opts.region);
      const prepared = prepareScan(dir, opts, io, (name) => cmd.getOptionValueSource(name));
      if (typeof prepared === 'number') {
        exitCode = prepared;
        return;
      }
      exitCode = await runPolicy({ functionId: fn, dir, format: opts.format, params: parseParams(opts.param), ...(cmd.getOptionValueSource('region') === 'cli' ? { region: opts.region } : {}), ...(opts.stage ? { stage: opts.stage } : {}), analyze: prepared.analyze }, io);
    });

  program
    .command('advisories')
    .description('manage the OSV advisory snapshot that dependency checks read (docs/advisories.md)')
    .command('update')
    .description('download OSV advisories into the cache scans read (the only command that uses the network)')
    .option('--ecosystems <list>', 'comma-separated: npm,PyPI,Maven,Go,RubyGems,NuGet (default: all six)')
    .option('--dir <dir>', 'cache folder (default: $NIGHTLIGHT_ADVISORIES_DIR, else $XDG_CACHE_HOME/nightlight/advisories, else ~/.cache/nightlight/advisories)')
    .option('--url <base>', 'download from this mirror of the OSV bucket instead of https://osv-vulnerabilities.storage.googleapis.com')
    .action(async (opts: AdvisoriesUpdateOptions) => {
      exitCode = await runAdvisoriesUpdate(opts, io);
    });

  program
    .command('rules')
    .description('list the rules')
    .action(() => {
      for (const r of RULES) io.stdout(`${r.id.padEnd(48)} ${r.meta.severity.padEnd(9)} ${r.meta.category.padEnd(32)} ${r.meta.description}\n`);
    });

  program
    .command('explain')
    .description('explain one rule')
    .argument('<rule-id>')
    .action((id: string) => {
      const r = RULES.find((x) => x.id === id);
      if (!r) throw new UsageError(`unknown rule "${id}"; see nightlight rules`);
      const page = rulePage(r.id);
      if (page !== null) io.stdout(page.endsWith('\n') ? page : page + '\n');
      else io.stdout(`${r.id}\n\n${r.meta.description}\n\ncategory: ${r.meta.category}\nseverity: ${r.meta.severity}${r.meta.cwe?.length ? `\ncwe: ${r.meta.cwe.map((c) => `CWE-${c}`).join(', ')}` : ''}${r.meta.sources?.length ? `\npeers: ${r.meta.sources.map((s) => `${s.tool} ${s.id}`).join(', ')}` : ''}\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof UsageError) {
      io.stderr(`nightlight: ${err.message}\n`);
      return 2;
    }
    io.stderr(`nightlight: internal error: ${(err as Error).message}\n`);
    return 2;
  }
  return exitCode;
}
