/**
 * Baselines: accept today's findings (by fingerprint) and fail only on new ones. Format in
 * docs/baseline.md. Pure: the CLI reads and writes the file; this module parses, builds, renders
 * and applies.
 *
 * Matching is by fingerprint only (rule + subject + key, never a line or a file), so a new finding
 * of the same rule on another resource, or another key on the same resource, is new (the checkov
 * #7647 trap), while moving or reformatting code keeps the match.
 */
import type { Diagnostic } from '../model/types.js';
import type { Finding } from '../model/findings.js';
import { cmp } from '../model/order.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  resource: string;
  /** The finding's message when it was accepted: for people reading the file and reviews. */
  message: string;
}

export interface Baseline {
  version: 1;
  tool: { name: 'nightlight'; version: string };
  entries: BaselineEntry[];
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return entries.sort((a, b) => cmp(a.ruleId, b.ruleId) || cmp(a.resource, b.resource) || cmp(a.fingerprint, b.fingerprint));
}

/**
 * A baseline of the findings that would fail a build: those without a suppression, and those the
 * previous baseline accepted. Inline, metadata and config suppressions stay where they are.
 */
export function createBaseline(findings: readonly Finding[], toolVersion: string): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (f.suppression && f.suppression.source !== 'baseline') continue;
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, resource: f.resource, message: f.message });
  }
  return { version: BASELINE_VERSION, tool: { name: 'nightlight', version: toolVersion }, entries: sortEntries(entries) };
}

/** Deterministic text: sorted entries, two-space indentation, trailing newline, no timestamp. */
export function renderBaseline(baseline: Baseline): string {
  const b: Baseline = { version: baseline.version, tool: baseline.tool, entries: sortEntries([...baseline.entries]).map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, resource: e.resource, message: e.message })) };
  return `${JSON.stringify(b, null, 2)}\n`;
}

/** Parses a baseline file's text; problems are errors naming the file (and the entry). */
export function parseBaseline(text: string, file: string): { baseline: Baseline | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string) => {
    diagnostics.push({ level: 'error', code: 'baseline-invalid', message: `${file}: ${message}`, location: { file, line: 1, column: 1 } });
    return { baseline: null, diagnostics };
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(`not a nightlight baseline: invalid JSON (${(err as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('not a nightlight baseline: expected a JSON object');
  const o = raw as Record<string, unknown>;
  if (o['version'] !== BASELINE_VERSION) return fail(`unsupported baseline version ${JSON.stringify(o['version'])}; this nightlight reads version ${BASELINE_VERSION}`);
  if (!Array.isArray(o['entries'])) return fail('not a nightlight baseline: "entries" must be a list');
  const tool = o['tool'] as { version?: unknown } | undefined;
  const entries: BaselineEntry[] = [];
  (o['entries'] as unknown[]).forEach((e, i) => {
    const x = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    if (typeof x['fingerprint'] !== 'string' || x['fingerprint'] === '') {
      diagnostics.push({ level: 'error', code: 'baseline-invalid', message: `${file}: entries[${i}] has no fingerprint; it is ignored`, location: { file, line: 1, column: 1 } });
      return;
    }
    entries.push({
      fingerprint: x['fingerprint'],
      ruleId: typeof x['ruleId'] === 'string' ? x['ruleId'] : '',
      resource: typeof x['resource'] === 'string' ? x['resource'] : '',
      message: typeof x['message'] === 'string' ? x['message'] : '',
    });
  });
  return { baseline: { version: BASELINE_VERSION, tool: { name: 'nightlight', version: typeof tool?.version === 'string' ? tool.version : 'unknown' }, entries }, diagnostics };
}

export interface BaselineOutcome {
  /** Findings the baseline accepted (now carrying a `baseline` suppression). */
  accepted: number;
  /** Entries that match no finding any more. */
  stale: BaselineEntry[];
  /** The baseline without its stale entries (what --prune-baseline writes). */
  pruned: Baseline;
}

/**
 * Marks findings whose fingerprint is in the baseline (unless something else already suppressed
 * them) and reports stale entries as warnings.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, file: string, diagnostics: Diagnostic[]): BaselineOutcome {
  const byFp = new Map(baseline.entries.map((e) => [e.fingerprint, e]));
  const present = new Set<string>();
  let accepted = 0;
  for (const f of findings) {
    if (!byFp.has(f.fingerprint)) continue;
    present.add(f.fingerprint);
    if (f.suppression) continue;
    f.suppression = { reason: `accepted in the baseline ${file}`, source: 'baseline' };
    accepted++;
  }
  const stale = baseline.entries.filter((e) => !present.has(e.fingerprint));
  for (const e of sortEntries([...stale])) {
    diagnostics.push({
      level: 'warning',
      code: 'baseline-stale',
      message: `${file}: baseline entry ${e.fingerprint} (${e.ruleId || 'unknown rule'} on ${e.resource || 'unknown resource'}) matches no finding any more; --prune-baseline removes it`,
    });
  }
  return { accepted, stale, pruned: { ...baseline, entries: baseline.entries.filter((e) => present.has(e.fingerprint)) } };
}
