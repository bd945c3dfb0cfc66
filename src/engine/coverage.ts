/**
 * What a run did not analyse, from its diagnostics and code results (pure). Two readings:
 *
 * - `notAnalysed`: what the findings cannot speak for — functions whose code was not analysed,
 *   grouped by why, and definition-like files that were not read. The terminal report shows it in
 *   a short block before the findings.
 * - `lost`: input the scan tried to read and dropped or refused — a file refused at the boundary,
 *   a template, module or stack that could not be parsed or evaluated, a handler that could not be
 *   parsed or whose analysis stopped part-way, a rule that failed. Any of these makes the results
 *   *incomplete*: the report headers say what was lost and `--fail-on-incomplete` makes it exit 3.
 */
import type { Diagnostic, SourceLocation } from '../model/types.js';

export type LostKind = 'file' | 'definition' | 'handler' | 'rule';

export interface LostInput {
  kind: LostKind;
  code: string;
  message: string;
  location?: SourceLocation;
}

export interface Coverage {
  /** Functions whose code was not analysed, grouped by why (largest group first). */
  codeNotAnalysed: { why: string; functions: string[] }[];
  /** Files that look like definitions nightlight does not read (Zappa, Chalice, Architect, serverless.ts). */
  definitionsNotRead: { file: string; why: string }[];
  /** Input dropped or refused; non-empty means the results are incomplete. */
  lost: LostInput[];
}

/** Refused at the file boundary: never read. */
const REFUSED = new Set(['outside-root', 'symlink-outside-root', 'not-a-regular-file', 'file-too-large', 'unreadable', 'config-refused']);
/** A handler dropped or analysed only in part. */
const HANDLER_LOST = new Set(['code-too-deep', 'code-parse-failed', 'code-analysis-budget']);
/** Warnings that still mean part of a definition was dropped (budgets, cycles, depth). */
const DEFINITION_LOST = new Set(['terraform-budget', 'terraform-module-depth', 'terraform-module-cycle', 'terraform-expansion', 'variable-budget', 'value-budget']);
/** Errors about the user's configuration, suppressions or baseline: the scanned input is whole. */
const NOT_INPUT = /^(config-|suppression-|baseline-|advisor|cross-stack|physical-name)/;

function lostKind(d: Diagnostic): LostKind | null {
  if (REFUSED.has(d.code)) return 'file';
  if (HANDLER_LOST.has(d.code)) return 'handler';
  if (DEFINITION_LOST.has(d.code)) return 'definition';
  if (d.level !== 'error' || NOT_INPUT.test(d.code)) return null;
  if (d.code === 'internal-error' && /^rule /.test(d.message)) return 'rule';
  return 'definition';
}

/** Why a function's code was not analysed, in a few words, from the diagnostic that said so. */
const WHY: Record<string, string> = {
  'code-language-not-supported': 'language not supported yet',
  'handler-packaged': 'code is a package or in S3',
  'handler-unresolved': 'code location unknown',
  'handler-not-found': 'handler not found',
  'handler-export-not-found': 'handler not found',
  'code-image': 'container image',
};

/** `skipped`: each function whose code was not analysed, with the reason the code analysis gives. */
export function coverageOf(diagnostics: readonly Diagnostic[], skipped: readonly { functionId: string; reason: string }[]): Coverage {
  const byMessage = new Map(diagnostics.map((d) => [d.message, d]));
  const groups = new Map<string, string[]>();
  for (const fc of skipped) {
    const d = byMessage.get(fc.reason);
    const why = (d && WHY[d.code]) ?? (d && (REFUSED.has(d.code) || HANDLER_LOST.has(d.code) || /syntax|parse/.test(d.code)) ? 'code could not be read or parsed' : /image/i.test(fc.reason) ? 'container image' : 'code not loaded');
    const list = groups.get(why) ?? [];
    list.push(fc.functionId);
    groups.set(why, list);
  }
  const codeNotAnalysed = [...groups].map(([why, functions]) => ({ why, functions: functions.sort() })).sort((a, b) => b.functions.length - a.functions.length || (a.why < b.why ? -1 : 1));
  const definitionsNotRead = diagnostics
    .filter((d) => d.code === 'definition-not-read' || d.code === 'sls-code-config')
    .map((d) => ({ file: d.location?.file ?? '?', why: d.code === 'sls-code-config' ? 'serverless.ts (not compiled)' : (/looks like an? (.+?), which/.exec(d.message)?.[1] ?? 'not read') }));
  const lost: LostInput[] = [];
  for (const d of diagnostics) {
    const kind = lostKind(d);
    if (kind) lost.push({ kind, code: d.code, message: d.message, ...(d.location ? { location: d.location } : {}) });
  }
  return { codeNotAnalysed, definitionsNotRead, lost };
}

const KIND_WORDS: Record<LostKind, [string, string]> = {
  file: ['file refused', 'files refused'],
  definition: ['definition dropped', 'definitions dropped'],
  handler: ['handler not (fully) analysed', 'handlers not (fully) analysed'],
  rule: ['rule failed', 'rules failed'],
};

/** One line for report headers: "Incomplete: 1 file refused, 2 definitions dropped (see diagnostics)"; null when whole. */
export function incompleteLine(lost: readonly LostInput[]): string | null {
  if (lost.length === 0) return null;
  const parts = (Object.keys(KIND_WORDS) as LostKind[])
    .map((k) => [k, lost.filter((l) => l.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${KIND_WORDS[k][n === 1 ? 0 : 1]}`);
  return `Incomplete results: ${parts.join(', ')}; what was lost is in the diagnostics (errors name the file and line).`;
}

/** Counts by kind, for the JSON summary. */
export function lostCounts(lost: readonly LostInput[]): Record<LostKind | 'total', number> {
  const out = { total: lost.length, file: 0, definition: 0, handler: 0, rule: 0 };
  for (const l of lost) out[l.kind]++;
  return out;
}

/** `a, b, c and 4 more` */
export function listSome(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
