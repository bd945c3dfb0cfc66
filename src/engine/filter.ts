/**
 * Report filters (`--min-severity`, `--rule`, `--skip-rule`, `--category`, `--exclude`, and the
 * config's `report:` section): which findings a run shows and counts toward its exit code. Pure.
 * A filtered-out finding is not reported anywhere (terminal, JSON, SARIF, …) and fails nothing;
 * suppressed findings are filtered the same way. Unknown rule patterns and categories are errors.
 */
import type { Category, Finding, Severity } from '../model/findings.js';
import { severityRank } from '../model/findings.js';
import { matchName, matchPath } from '../model/glob.js';

export interface FindingFilter {
  /** Hide findings below this severity. */
  minSeverity?: Severity;
  /** Keep only findings of rules matching one of these globs (`code/*`). */
  rules?: readonly string[];
  /** Drop findings of rules matching one of these globs. */
  skipRules?: readonly string[];
  /** Keep only findings of these categories. */
  categories?: readonly string[];
  /** Drop findings located in files matching these path globs. */
  exclude?: readonly string[];
}

export function isEmptyFilter(f: FindingFilter): boolean {
  return !f.minSeverity && !f.rules?.length && !f.skipRules?.length && !f.categories?.length && !f.exclude?.length;
}

/** Problems with a filter: rule globs that match no rule, unknown categories. */
export function checkFilter(f: FindingFilter, ruleIds: readonly string[], categories: readonly Category[]): string[] {
  const problems: string[] = [];
  for (const [flag, globs] of [['--rule', f.rules], ['--skip-rule', f.skipRules]] as const) {
    for (const g of globs ?? []) if (!ruleIds.some((id) => matchName(g, id))) problems.push(`${flag} ${g} matches no rule (see nightlight rules)`);
  }
  const known = [...new Set(categories)].sort();
  for (const c of f.categories ?? []) if (!known.includes(c as Category)) problems.push(`--category ${c} is not a category; expected one of ${known.join(', ')}`);
  return problems;
}

export function keepFinding(finding: Finding, f: FindingFilter): boolean {
  if (f.minSeverity && severityRank(finding.severity) < severityRank(f.minSeverity)) return false;
  if (f.rules?.length && !f.rules.some((g) => matchName(g, finding.ruleId))) return false;
  if (f.skipRules?.some((g) => matchName(g, finding.ruleId))) return false;
  if (f.categories?.length && !f.categories.includes(finding.category)) return false;
  if (f.exclude?.some((g) => matchPath(g, finding.location.file))) return false;
  return true;
}

/** Both lists combined: the config's filter and the command line's (which narrows it further). */
export function mergeFilters(config: FindingFilter, cli: FindingFilter): FindingFilter {
  const out: FindingFilter = {};
  const min = cli.minSeverity ?? config.minSeverity;
  if (min) out.minSeverity = min;
  const rules = cli.rules?.length ? cli.rules : config.rules;
  if (rules?.length) out.rules = rules;
  const skip = [...(config.skipRules ?? []), ...(cli.skipRules ?? [])];
  if (skip.length) out.skipRules = skip;
  const categories = cli.categories?.length ? cli.categories : config.categories;
  if (categories?.length) out.categories = categories;
  const exclude = [...(config.exclude ?? []), ...(cli.exclude ?? [])];
  if (exclude.length) out.exclude = exclude;
  return out;
}
