/**
 * Reports that CI systems read natively: JUnit XML (GitLab, Jenkins, Azure DevOps, CircleCI test
 * reports), the GitLab SAST report (security widget and vulnerability report) and GitHub workflow
 * annotations (`::error file=…::…`, shown on the pull request's changed lines). Pure:
 * (RunResult, options) → string; the clock readings GitLab requires come from the caller.
 *
 * Paths are relative to `pathPrefix` (the scanned folder relative to the repository root, found by
 * the CLI) so they point at files that exist from the repository root, as these systems expect.
 */
import type { Finding, Severity } from '../model/findings.js';
import type { RunResult } from '../engine/result.js';
import { SEVERITIES, severityRank } from '../model/findings.js';
import { prefixed } from './sarif.js';

export interface CiReportOptions {
  /** The scanned folder relative to the repository root (`services/orders`), or '' / undefined. */
  pathPrefix?: string;
  /** JUnit: findings at or above it are failures, those below are skipped (`never`: none fail). */
  failOn?: Severity | 'never';
}

/** Unsuppressed findings, most severe first (the engine's order within a severity). */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return SEVERITIES.flatMap((s) => findings.filter((f) => !f.suppression && f.severity === s));
}

// ---------------------------------------------------------------------------------------------
// JUnit XML

/** Text safe in XML 1.0: characters XML cannot carry are dropped, markup characters escaped. */
export function xmlText(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * One `<testsuite>` per rule with findings, one `<testcase>` per finding (classname = rule id,
 * name = subject and place). A finding at or above `failOn` is a `<failure>`; one below it, or
 * suppressed, is `<skipped>` with the reason — so the test report fails exactly as the run does.
 */
export function renderJunit(result: RunResult, options: CiReportOptions = {}): string {
  const failOn = options.failOn ?? 'high';
  const fails = (f: Finding) => !f.suppression && failOn !== 'never' && severityRank(f.severity) >= severityRank(failOn);
  const rules = [...new Set(result.findings.map((f) => f.ruleId))].sort();
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const rule of rules) {
    const list = result.findings.filter((f) => f.ruleId === rule);
    const cases = list.map((f) => {
      const file = prefixed(options.pathPrefix, f.location.file);
      const where = `${file}:${f.location.line}:${f.location.column}`;
      const head = `    <testcase classname="${xmlText(rule)}" name="${xmlText(`${f.resource} (${where})`)}" file="${xmlText(file)}" line="${f.location.line}" time="0">`;
      if (fails(f)) return `${head}\n      <failure message="${xmlText(f.message)}" type="${f.severity}">${xmlText(`${f.severity}: ${f.message}\nat ${where}\nrule: ${rule} (${f.category})\nfingerprint: ${f.fingerprint}`)}</failure>\n    </testcase>`;
      const why = f.suppression ? `suppressed (${f.suppression.source}): ${f.suppression.reason}` : failOn === 'never' ? `${f.severity}: reported, nothing fails the run (--fail-on never)` : `${f.severity}: below --fail-on ${failOn}`;
      return `${head}\n      <skipped message="${xmlText(why)}"/>\n      <system-out>${xmlText(f.message)}</system-out>\n    </testcase>`;
    });
    const nFail = list.filter(fails).length;
    tests += list.length;
    failures += nFail;
    skipped += list.length - nFail;
    suites.push(`  <testsuite name="${xmlText(rule)}" tests="${list.length}" failures="${nFail}" errors="0" skipped="${list.length - nFail}" time="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  if (suites.length === 0) {
    tests = 1;
    suites.push(`  <testsuite name="nightlight" tests="1" failures="0" errors="0" skipped="0" time="0">\n    <testcase classname="nightlight" name="no findings" time="0"/>\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="nightlight ${xmlText(result.tool.version)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">\n${suites.join('\n')}\n</testsuites>\n`;
}

// ---------------------------------------------------------------------------------------------
// GitLab SAST report

/** The report schema version written (GitLab security-report-schemas, `sast-report-format.json`). */
export const GITLAB_SAST_VERSION = '15.0.6';

const GITLAB_SEVERITY: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

/** A fingerprint (32 hex digits) as a UUID-shaped id, stable across runs like the fingerprint. */
function uuidOf(fingerprint: string): string {
  const h = fingerprint.padEnd(32, '0').slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface GitlabSastOptions extends CiReportOptions {
  /** `YYYY-MM-DDTHH:MM:SS` (UTC), as GitLab requires; the CLI reads the clock. */
  startTime: string;
  endTime: string;
  /** Where rule pages live (`<uri>/<rule-id>.md`). */
  rulesDocsUri?: string;
}

export function renderGitlabSast(result: RunResult, options: GitlabSastOptions): string {
  const tool = { id: 'nightlight', name: 'nightlight', version: result.tool.version, vendor: { name: 'nightlight' } };
  const vulnerabilities = bySeverity(result.findings).map((f) => {
    const identifiers: { type: string; name: string; value: string; url?: string }[] = [{ type: 'nightlight_rule_id', name: f.ruleId, value: f.ruleId }];
    if (options.rulesDocsUri) identifiers[0]!.url = `${options.rulesDocsUri.replace(/\/+$/, '')}/${f.ruleId}.md`;
    const location: { file: string; start_line: number; end_line?: number } = { file: prefixed(options.pathPrefix, f.location.file), start_line: f.location.line };
    if (f.location.endLine !== undefined && f.location.endLine >= f.location.line) location.end_line = f.location.endLine;
    return {
      id: uuidOf(f.fingerprint),
      name: f.ruleId,
      description: f.message,
      severity: GITLAB_SEVERITY[f.severity],
      location,
      identifiers,
      details: { resource: { name: 'Resource', type: 'text', value: f.resource }, category: { name: 'Category', type: 'text', value: f.category } },
    };
  });
  const report = {
    version: GITLAB_SAST_VERSION,
    scan: { analyzer: tool, scanner: tool, type: 'sast', start_time: options.startTime, end_time: options.endTime, status: 'success' },
    vulnerabilities,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow annotations

const ANNOTATION_LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

/** Escaping of workflow command data and properties (as the Actions toolkit does it). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One workflow command per unsuppressed finding, most severe first (GitHub shows a limited number
 * of annotations per step, so the worst come first): critical and high are `::error`, medium
 * `::warning`, low and info `::notice`.
 */
export function renderAnnotations(result: RunResult, options: CiReportOptions = {}): string {
  return bySeverity(result.findings)
    .map((f) => {
      const props = [`file=${escapeProperty(prefixed(options.pathPrefix, f.location.file))}`, `line=${f.location.line}`, `col=${f.location.column}`];
      if (f.location.endLine !== undefined && f.location.endLine >= f.location.line) props.push(`endLine=${f.location.endLine}`);
      props.push(`title=${escapeProperty(`${f.severity}: ${f.ruleId}`)}`);
      return `::${ANNOTATION_LEVEL[f.severity]} ${props.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
