/**
 * The Markdown report (`--format markdown`): a summary, the attack-surface table, cost ceilings and
 * findings by severity, in GitHub- and GitLab-flavoured Markdown (a pull-request comment, a job
 * summary). Pure: (RunResult, options) → string. Long lists are cut (comments have size limits);
 * the JSON and SARIF reports have everything.
 */
import type { Finding } from '../model/findings.js';
import type { RunResult } from '../engine/result.js';
import { SEVERITIES } from '../model/findings.js';
import type { EntryPoint, PrincipalKind, SourceLocation } from '../model/types.js';
import { incompleteLine } from '../engine/coverage.js';

export interface MarkdownOptions {
  /** Rows per table before the rest is summarised (default 50). */
  maxRows?: number;
}

const PRINCIPAL_ORDER: PrincipalKind[] = ['public', 'unresolved', 'any-aws-account', 'cross-account', 'authenticated-users', 'aws-service', 'same-account', 'deployment'];

/** Text safe in a Markdown table cell and in running text. */
export function mdText(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .trim();
}

/** A code span safe in a table cell. */
export function mdCode(s: string): string {
  const body = s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const fence = body.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${body}${fence.length > 1 ? ' ' : ''}${fence}`;
}

export function mdLocation(loc: SourceLocation | undefined): string {
  return loc && loc.file ? mdCode(`${loc.file}:${loc.line}`) : '';
}

/** A table; rows past `max` become a final "… and N more" line. */
export function mdTable(headers: string[], rows: string[][], max = 50): string[] {
  const out = [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const r of rows.slice(0, max)) out.push(`| ${r.join(' | ')} |`);
  if (rows.length > max) out.push('', `… and ${rows.length - max} more (see the JSON or SARIF report).`);
  return out;
}

/** A collapsible block (GitHub and GitLab both render `<details>`). */
export function mdDetails(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

export function usd(n: number): string {
  return n >= 100 ? `$${Math.round(n).toLocaleString('en-US')}` : `$${n.toFixed(2)}`;
}

export function severityCounts(findings: readonly Finding[]): string {
  const parts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return parts.join(', ');
}

export function authText(ep: EntryPoint): string {
  let s: string = ep.auth.kind;
  if (ep.auth.authorizer && ep.auth.kind !== 'none') s += ` (${ep.auth.authorizer})`;
  if (ep.auth.apiKeyRequired && ep.auth.kind !== 'api-key') s += ' + API key';
  return s;
}

/** The findings list, grouped by severity, for scan and diff reports alike. */
export function findingsBySeverity(findings: readonly Finding[], max: number): string[] {
  const out: string[] = [];
  for (const sev of SEVERITIES) {
    const list = findings.filter((f) => f.severity === sev);
    if (list.length === 0) continue;
    out.push('', `**${sev[0]!.toUpperCase()}${sev.slice(1)} (${list.length})**`, '');
    for (const f of list.slice(0, max)) out.push(`- ${mdText(f.message)} — ${mdCode(f.ruleId)} at ${mdLocation(f.location)}`);
    if (list.length > max) out.push(`- … and ${list.length - max} more`);
  }
  return out;
}

export function renderMarkdown(result: RunResult, options: MarkdownOptions = {}): string {
  const max = options.maxRows ?? 50;
  const m = result.model;
  const active = result.findings.filter((f) => !f.suppression);
  const suppressed = result.findings.filter((f) => f.suppression);
  const publicEps = m.entryPoints.filter((e) => e.principal.kind === 'public').length;
  const out: string[] = ['<!-- nightlight-scan -->'];
  out.push(`## nightlight: ${active.length === 0 ? 'no findings' : `${active.length} finding${active.length === 1 ? '' : 's'} (${severityCounts(active)})`}`);
  out.push('');
  const formats = [...new Set(m.inputs.map((i) => i.format))].sort().join(', ') || 'none';
  out.push(
    `${m.inputs.length} input file${m.inputs.length === 1 ? '' : 's'} (${formats}) · ${m.functions.length} function${m.functions.length === 1 ? '' : 's'} · ` +
      `${m.entryPoints.length} entry point${m.entryPoints.length === 1 ? '' : 's'} (${publicEps} public)` +
      (suppressed.length ? ` · ${suppressed.length} suppressed finding${suppressed.length === 1 ? '' : 's'}` : '') +
      ` · nightlight ${result.tool.version}`,
  );
  const incomplete = incompleteLine(result.coverage?.lost ?? []);
  if (incomplete) out.push('', `> **${incomplete}**`);

  out.push('', '### Attack surface', '');
  if (m.entryPoints.length === 0) out.push('No entry points found.');
  else {
    const eps = [...m.entryPoints].sort((a, b) => PRINCIPAL_ORDER.indexOf(a.principal.kind) - PRINCIPAL_ORDER.indexOf(b.principal.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    out.push(...mdTable(['Who can call', 'Auth', 'Entry point', 'Invokes', 'Where'], eps.map((e) => [e.principal.kind === 'public' ? `**${e.principal.kind}**` : e.principal.kind, mdText(authText(e)), mdText(e.label) + (e.source ? ` (${mdCode(e.source)})` : ''), e.targets.map(mdCode).join(', '), mdLocation(e.location)]), max));
  }

  const cost = result.analyses.cost?.ceilings;
  if (cost && cost.length) {
    out.push('', '### Worst-case cost (denial of wallet)', '');
    const rows = [...cost]
      .sort((a, b) => b.worstCaseUsdPerDay - a.worstCaseUsdPerDay || (a.entryPoint < b.entryPoint ? -1 : 1))
      .map((c) => [mdText(c.label ?? m.entryPoints.find((e) => e.id === c.entryPoint)?.label ?? c.entryPoint), `${usd(c.worstCaseUsdPerHour)}`, `${usd(c.worstCaseUsdPerDay)}${c.unbounded ? ' (unbounded)' : ''}`, c.bindingLimit]);
    out.push(...mdTable(['Entry point', 'Per hour', 'Per day', 'Bound by'], rows, max));
  }

  out.push('', '### Findings');
  if (active.length === 0) out.push('', 'No findings.');
  else out.push(...findingsBySeverity(active, max));
  if (suppressed.length) {
    const rows = suppressed.map((f) => [f.severity, mdCode(f.ruleId), mdText(f.message), `${f.suppression!.source}: ${mdText(f.suppression!.reason)}`]);
    out.push('', ...mdDetails(`${suppressed.length} suppressed finding${suppressed.length === 1 ? '' : 's'}`, mdTable(['Severity', 'Rule', 'Finding', 'Justification'], rows, max)));
  }

  const errors = result.diagnostics.filter((d) => d.level === 'error');
  if (errors.length) {
    out.push('', `### Could not be read (${errors.length})`, '');
    for (const d of errors.slice(0, max)) out.push(`- ${mdText(d.message)}`);
    if (errors.length > max) out.push(`- … and ${errors.length - max} more`);
  }
  return out.join('\n') + '\n';
}
