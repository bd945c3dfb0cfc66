/**
 * Renderers for a DiffResult: terminal, JSON, Markdown (a pull-request / merge-request comment) and
 * SARIF (new findings only, so code scanning shows what the change introduced). Pure.
 */
import { createColors } from 'picocolors';
import type { Finding } from '../model/findings.js';
import type { RunResult } from '../engine/result.js';
import { severityRank } from '../model/findings.js';
import type { AppModel } from '../model/types.js';
import { mdCode, mdDetails, mdLocation, mdTable, mdText, severityCounts, usd } from '../reporters/markdown.js';
import { renderSarif } from '../reporters/sarif.js';
import { RULES } from '../rules/registry.generated.js';
import type { BoundaryChange, DiffResult, DiffSide, PermissionChange } from './types.js';

/** Marks the PR comment so CI can find and update it instead of adding a new one. */
export const DIFF_COMMENT_MARKER = '<!-- nightlight-diff -->';

export function renderDiffJson(diff: DiffResult): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

function sideText(s: DiffSide): string {
  if (s.kind === 'git') return `${s.ref}${s.commit && s.commit !== s.ref ? ` (${s.commit.slice(0, 12)})` : ''}`;
  if (s.kind === 'report') return `report ${s.ref}`;
  if (s.kind === 'live') return `account ${s.ref}`;
  return `working tree ${s.ref}`;
}

/** How to read a drift: the base is the declaration, the head the account. */
const DRIFT_LEGEND = 'New, raised and broadened: only in the account (console edits, other deployments). Removed, fixed and narrowed: only in the code (not deployed as written).';

function money(n: number | null): string {
  return n === null ? '—' : usd(n);
}

function delta(n: number): string {
  return `${n >= 0 ? '+' : '−'}${usd(Math.abs(n))}`;
}

/** Permission changes grouped by function and resource: `s3:*, sqs:SendMessage on *`. */
function permissionGroups(list: readonly PermissionChange[]): { fn: string; resource: string; actions: PermissionChange[] }[] {
  const groups = new Map<string, { fn: string; resource: string; actions: PermissionChange[] }>();
  for (const p of list) {
    const key = `${p.function}\u0000${p.resource}`;
    if (!groups.has(key)) groups.set(key, { fn: p.function, resource: p.resource, actions: [] });
    groups.get(key)!.actions.push(p);
  }
  return [...groups.values()];
}

function actionList(actions: readonly PermissionChange[], max = 8): string {
  const names = actions.map((a) => a.action + (a.conditional ? ' (conditional)' : ''));
  return names.length > max ? `${names.slice(0, max).join(', ')} … (+${names.length - max})` : names.join(', ');
}

function mdActionNames(actions: readonly string[], max = 8): string {
  const names = actions.map(mdCode);
  return names.length > max ? `${names.slice(0, max).join(', ')} … (+${names.length - max})` : names.join(', ');
}

function mdActions(actions: readonly PermissionChange[], max = 8): string {
  const names = actions.map((a) => mdCode(a.action) + (a.conditional ? ' (conditional)' : ''));
  return names.length > max ? `${names.slice(0, max).join(', ')} … (+${names.length - max})` : names.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Terminal
// ---------------------------------------------------------------------------------------------

export function renderDiffTerminal(diff: DiffResult, options: { color: boolean }): string {
  const c = createColors(options.color);
  const out: string[] = [];
  const drift = diff.head.kind === 'live';
  out.push(c.bold(drift ? 'nightlight drift' : 'nightlight diff') + c.dim(` ${sideText(diff.base)} → ${sideText(diff.head)}`));
  out.push('');
  out.push(c.bold(diff.headline));
  if (drift) out.push(c.dim(DRIFT_LEGEND));
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push('', c.bold(title), ...lines.map((l) => `  ${l}`));
  };
  section('New entry points', diff.entryPoints.added.map((e) => `${e.principal === 'public' ? c.red(c.bold('public')) : e.principal}  ${e.auth}  ${e.label}${e.source ? ` (${e.source})` : ''} → ${e.targets.join(', ')}${e.location ? c.dim(`  ${e.location.file}:${e.location.line}`) : ''}`));
  section('Authentication weakened', diff.auth.weakened.map((a) => `${a.label}: ${a.from} → ${c.red(a.to)}${a.location ? c.dim(`  ${a.location.file}:${a.location.line}`) : ''}`));
  section('Callers widened', diff.principals.widened.map((p) => `${p.label}: ${p.from} → ${c.red(p.to)}`));
  section('Permissions broadened', permissionGroups(diff.permissions.broadened).map((g) => `${g.fn}${g.actions[0]!.functionChange === 'added' ? c.dim(' (new function)') : ''}: ${actionList(g.actions)} on ${g.resource}`));
  section('Cross-owner edges (trust boundaries)', [...(diff.boundaries?.added ?? []), ...(diff.boundaries?.widened ?? [])].map((b) => `${boundaryText(b)}: ${c.bold(`ask ${b.ask.join(', ')}`)}${b.location ? c.dim(`  ${b.location.file}:${b.location.line}`) : ''}`));
  section('Dangerous capabilities', diff.capabilities.added.map((f) => `${f.message}  ${c.dim(f.ruleId)}`));
  section('Cost ceilings raised', diff.cost.up.map((x) => `${x.label}: ${x.fromUsdPerDay === null ? 'new, ' : `${money(x.fromUsdPerDay)}/day → `}${c.red(money(x.toUsdPerDay))}/day (${delta(x.deltaUsdPerDay)})${x.unbounded ? c.red(' unbounded') : ''}`));
  const active = diff.findings.new.filter((f) => !f.suppression);
  section(
    `New findings (${active.length})`,
    active.map((f) => `${sevColour(c, f.severity)(f.severity.padEnd(8))} ${f.message}  ${c.dim(`${f.ruleId}  ${f.location.file}:${f.location.line}`)}`),
  );
  const newSuppressed = diff.findings.new.length - active.length;
  if (newSuppressed) out.push(c.dim(`  ${newSuppressed} new finding(s) are suppressed with a reason (see the JSON report).`));
  section(`Fixed findings (${diff.findings.fixed.length})`, diff.findings.fixed.map((f) => `${c.green('fixed')}    ${f.message}  ${c.dim(f.ruleId)}`));
  section('Removed entry points', diff.entryPoints.removed.map((e) => `${e.principal}  ${e.label} → ${e.targets.join(', ')}`));
  section('Authentication strengthened', diff.auth.strengthened.map((a) => `${a.label}: ${a.from} → ${c.green(a.to)}`));
  section('Callers narrowed', diff.principals.narrowed.map((p) => `${p.label}: ${p.from} → ${c.green(p.to)}`));
  section('Permissions narrowed', permissionGroups(diff.permissions.narrowed).map((g) => `${g.fn}: ${actionList(g.actions)} on ${g.resource}`));
  section('Cost ceilings lowered', diff.cost.down.map((x) => `${x.label}: ${money(x.fromUsdPerDay)}/day → ${c.green(money(x.toUsdPerDay))}/day (${delta(x.deltaUsdPerDay)})`));
  out.push('', c.dim(`${diff.findings.unchanged} finding(s) unchanged.`));
  if (diff.diagnostics.length) {
    out.push('', c.bold(`Diagnostics (${diff.diagnostics.length})`));
    for (const d of diff.diagnostics.slice(0, 50)) out.push(`  ${d.level === 'error' ? c.red('error') : c.yellow(d.level)}  ${d.message}`);
  }
  return out.join('\n') + '\n';
}

/** `CreateOrderFunction (@org/orders) → BillingQueue (@org/billing): new write sqs:SendMessage`. */
function boundaryText(b: BoundaryChange): string {
  const what = [...b.actions.slice(0, 6), ...(b.actions.length > 6 ? [`+${b.actions.length - 6} more`] : []), ...(b.actions.length === 0 ? b.levels.map((l) => l.toLowerCase()) : [])].join(', ');
  return `${b.from} (${b.owners.from.join(', ')}) → ${b.to} (${b.owners.to.join(', ')}): ${b.change === 'added' ? 'new' : 'wider'} ${b.kind}${what ? ` ${what}` : ''}`;
}

function sevColour(c: ReturnType<typeof createColors>, s: string): (x: string) => string {
  return s === 'critical' ? (x) => c.bold(c.red(x)) : s === 'high' ? c.red : s === 'medium' ? c.yellow : s === 'low' ? c.cyan : c.dim;
}

// ---------------------------------------------------------------------------------------------
// Markdown (pull-request comment)
// ---------------------------------------------------------------------------------------------

export function renderDiffMarkdown(diff: DiffResult, options: { maxRows?: number } = {}): string {
  const max = options.maxRows ?? 50;
  const drift = diff.head.kind === 'live';
  const out: string[] = [DIFF_COMMENT_MARKER, drift ? '### nightlight: drift between declared and deployed' : '### nightlight: change impact', '', `**${mdText(diff.headline)}**`, ''];
  out.push(`<sub>${mdText(sideText(diff.base))} → ${mdText(sideText(diff.head))} · nightlight ${mdText(diff.tool.version)}</sub>`);
  if (drift) out.push('', `<sub>${mdText(DRIFT_LEGEND)}</sub>`);
  const section = (title: string, body: string[]) => {
    if (body.length) out.push('', `#### ${title}`, '', ...body);
  };

  section('New entry points', diff.entryPoints.added.length ? mdTable(['Who can call', 'Auth', 'Entry point', 'Invokes', 'Where'], diff.entryPoints.added.map((e) => [e.principal === 'public' ? `**${e.principal}**` : e.principal, e.auth, mdText(e.label) + (e.source ? ` (${mdCode(e.source)})` : ''), e.targets.map(mdCode).join(', '), mdLocation(e.location)]), max) : []);
  const authRows = [
    ...diff.auth.weakened.map((a) => [mdText(a.label), 'authentication', a.from, `**${a.to}**`, mdLocation(a.location)]),
    ...diff.principals.widened.map((p) => [mdText(p.label), 'who can call', p.from, `**${p.to}**`, mdLocation(p.location)]),
  ];
  section('Weaker access control', authRows.length ? mdTable(['Entry point', 'What', 'Before', 'After', 'Where'], authRows, max) : []);
  const broad = permissionGroups(diff.permissions.broadened);
  section('Permissions broadened', broad.length ? mdTable(['Function', 'Actions', 'Resource'], broad.map((g) => [mdCode(g.fn) + (g.actions[0]!.functionChange === 'added' ? ' (new)' : ''), mdActions(g.actions), mdCode(g.resource)]), max) : []);
  const crossing = [...(diff.boundaries?.added ?? []), ...(diff.boundaries?.widened ?? [])];
  section('Cross-owner edges (trust boundaries)', crossing.length ? mdTable(['Edge', 'Owners', 'What crosses', 'Ask', 'Where'], crossing.map((b) => [`${mdCode(b.from)} → ${mdCode(b.to)} (${b.change === 'added' ? 'new' : 'wider'} ${b.kind})`, mdText(`${b.owners.from.join(', ')} → ${b.owners.to.join(', ')}`), b.actions.length ? mdActionNames(b.actions) : mdText(b.levels.join(', ').toLowerCase()), `**${mdText(b.ask.join(', '))}**`, mdLocation(b.location)]), max) : []);
  section('Dangerous capabilities', diff.capabilities.added.map((f) => `- ${mdText(f.message)} — ${mdCode(f.ruleId)} at ${mdLocation(f.location)}`));
  section('Cost ceilings raised', diff.cost.up.length ? mdTable(['Entry point', 'Before (per day)', 'After (per day)', 'Change'], diff.cost.up.map((x) => [mdText(x.label), money(x.fromUsdPerDay), `**${money(x.toUsdPerDay)}**${x.unbounded ? ' (unbounded)' : ''}`, delta(x.deltaUsdPerDay)]), max) : []);

  const active = diff.findings.new.filter((f) => !f.suppression);
  const suppressed = diff.findings.new.filter((f) => f.suppression);
  const findingRows = (list: readonly Finding[]) => list.map((f) => [f.severity === 'critical' || f.severity === 'high' ? `**${f.severity}**` : f.severity, mdText(f.message), mdCode(f.ruleId), mdLocation(f.location)]);
  section(`New findings (${active.length}${active.length ? `: ${severityCounts(active)}` : ''})`, active.length ? mdTable(['Severity', 'Finding', 'Rule', 'Where'], findingRows(bySeverity(active)), max) : []);
  if (suppressed.length) out.push('', ...mdDetails(`${suppressed.length} new finding${suppressed.length === 1 ? '' : 's'} suppressed with a reason`, mdTable(['Severity', 'Rule', 'Finding', 'Justification'], suppressed.map((f) => [f.severity, mdCode(f.ruleId), mdText(f.message), `${f.suppression!.source}: ${mdText(f.suppression!.reason)}`]), max)));

  const better: string[] = [];
  if (diff.findings.fixed.length) better.push(`- Fixes ${diff.findings.fixed.length} finding${diff.findings.fixed.length === 1 ? '' : 's'}: ${diff.findings.fixed.slice(0, max).map((f) => `${mdCode(f.ruleId)} on ${mdCode(f.resource)}`).join(', ')}${diff.findings.fixed.length > max ? ', …' : ''}`);
  for (const e of diff.entryPoints.removed.slice(0, max)) better.push(`- Removes ${mdText(e.label)} (${e.principal}) → ${e.targets.map(mdCode).join(', ')}`);
  for (const a of diff.auth.strengthened.slice(0, max)) better.push(`- Strengthens authentication on ${mdText(a.label)}: ${a.from} → ${a.to}`);
  for (const p of diff.principals.narrowed.slice(0, max)) better.push(`- Narrows who can call ${mdText(p.label)}: ${p.from} → ${p.to}`);
  for (const g of permissionGroups(diff.permissions.narrowed).slice(0, max)) better.push(`- Narrows ${mdCode(g.fn)}: ${mdActions(g.actions)} on ${mdCode(g.resource)}`);
  for (const x of diff.cost.down.slice(0, max)) better.push(`- Lowers the cost ceiling of ${mdText(x.label)}: ${money(x.fromUsdPerDay)} → ${money(x.toUsdPerDay)} per day`);
  if (better.length) out.push('', ...mdDetails(`Improvements (${better.length})`, better));

  const errors = diff.diagnostics.filter((d) => d.level === 'error');
  if (errors.length) out.push('', `#### Could not be read (${errors.length})`, '', ...errors.slice(0, max).map((d) => `- ${mdText(d.message)}`));
  out.push('', `<sub>${diff.findings.unchanged} finding${diff.findings.unchanged === 1 ? '' : 's'} unchanged.</sub>`);
  return out.join('\n') + '\n';
}

function bySeverity(list: readonly Finding[]): Finding[] {
  return [...list].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

// ---------------------------------------------------------------------------------------------
// SARIF (new findings only)
// ---------------------------------------------------------------------------------------------

const EMPTY_MODEL: AppModel = { inputs: [], functions: [], roles: [], resources: [], entryPoints: [], edges: [], diagnostics: [] };

/** SARIF with only the findings the change introduced, so code scanning alerts on exactly those. */
export function renderDiffSarif(diff: DiffResult, options: { pathPrefix?: string } = {}): string {
  const result: RunResult = {
    schemaVersion: 1,
    tool: { name: 'nightlight', version: diff.tool.version },
    root: '.',
    model: EMPTY_MODEL,
    findings: diff.findings.new,
    analyses: {},
    diagnostics: diff.diagnostics,
    inputs: [],
  };
  return renderSarif(result, RULES, options.pathPrefix ? { pathPrefix: options.pathPrefix } : {});
}
