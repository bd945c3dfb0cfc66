/**
 * The terminal report: the attack surface at a glance, then findings by severity, then what could
 * not be read, then a verdict line. Fitted to the terminal width: tables that do not fit become
 * one block per record, text wraps. Pure: (RunResult, options) → string. Colour only when asked.
 */
import { createColors } from 'picocolors';
import type { Finding, Severity } from '../model/findings.js';
import type { RunResult } from '../engine/result.js';
import { SEVERITIES, isPostureFinding, severityRank } from '../model/findings.js';
import type { EntryPoint, Maybe, PrincipalKind } from '../model/types.js';
import { isUnresolved } from '../model/types.js';
import { table, wrap } from './layout.js';
import { blastRadiusText } from '../analyses/surface/types.js';
import type { Boundary } from '../analyses/owners/index.js';
import { incompleteLine, listSome } from '../engine/coverage.js';

export interface TerminalOptions {
  color: boolean;
  /** Terminal width in columns (default 80): tables are fitted or become one block per record, text is wrapped. */
  width?: number;
  /** The run's `--fail-on`: the closing verdict line says what fails the run against it. */
  failOn?: Severity | 'never';
  /** Only the findings and the verdict (no attack surface, cost or function tables). */
  quiet?: boolean;
}

const PRINCIPAL_ORDER: PrincipalKind[] = ['public', 'unresolved', 'any-aws-account', 'cross-account', 'authenticated-users', 'aws-service', 'same-account', 'deployment'];

function show<T>(m: Maybe<T> | null): string {
  if (m === null) return '-';
  return isUnresolved(m) ? `? (${m.reason})` : String(m);
}

export function renderTerminal(result: RunResult, options: TerminalOptions): string {
  const width = Math.max(40, options.width ?? 80);
  const c = createColors(options.color);
  const sevColour: Record<Severity, (s: string) => string> = { critical: (s) => c.bold(c.red(s)), high: c.red, medium: c.yellow, low: c.cyan, info: c.dim };
  const principalColour: Record<PrincipalKind, (s: string) => string> = {
    public: (s) => c.bold(c.red(s)),
    unresolved: c.magenta,
    'any-aws-account': c.red,
    'cross-account': c.yellow,
    'authenticated-users': c.green,
    'aws-service': c.dim,
    'same-account': c.dim,
    deployment: c.dim,
  };
  const m = result.model;
  const out: string[] = [];
  const formats = [...new Set(m.inputs.map((i) => i.format))].join(', ') || 'none';
  const title = `nightlight ${result.tool.version}`;
  const [head = '', ...more] = wrap(`${title} — ${m.inputs.length} input file(s) (${formats}), ${m.functions.length} function(s), ${m.entryPoints.length} entry point(s)`, width);
  out.push(c.bold(title) + c.dim(head.slice(title.length)), ...more.map((l) => c.dim(l)));
  out.push('');
  if (m.inputs.length === 0) {
    out.push(...wrap('No application definition found: nightlight looks for SAM/CloudFormation templates (YAML or JSON), serverless.yml, Terraform (*.tf, plan JSON) and cdk.out folders.', width).map((l) => c.yellow(l)));
    out.push('');
  }
  const active = result.findings.filter((f) => !f.suppression);

  if (!options.quiet) {
    out.push(...attackSurface(result, active, width, c, sevColour, principalColour));
    out.push(...costSection(result, width, c));
    out.push(...functionsSection(result, width, c));
    out.push(...boundariesSection(result, width, c));
  }

  out.push(...notAnalysedBlock(result, width, c));

  // Findings
  const counts = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push(c.bold(`Findings (${active.length})`) + (counts.length ? ': ' + counts.map(([s, n]) => sevColour[s](`${n} ${s}`)).join(', ') : ''));
  for (const sev of SEVERITIES) {
    const list = active.filter((f) => f.severity === sev);
    if (list.length === 0) continue;
    out.push('');
    out.push('  ' + sevColour[sev](sev.toUpperCase()));
    const item = (f: Finding, indent: string) => {
      const [first = '', ...rest] = wrap(f.message, width, `${indent}● `, `${indent}  `);
      out.push(indent + sevColour[sev]('●') + first.slice(indent.length + 1), ...rest);
      out.push(...wrap(`${f.ruleId}  ${f.location.file}:${f.location.line}:${f.location.column}${f.constructPath ? `  (${f.constructPath})` : ''}`, width, `${indent}  `, `${indent}    `).map((l) => c.dim(l)));
    };
    for (const f of list) if (!isPostureFinding(f)) item(f, '  ');
    // Hardening gaps last, under the resource they are about (in the order the resources first appear).
    const byResource = new Map<string, Finding[]>();
    for (const f of list) if (isPostureFinding(f)) byResource.set(f.resource, [...(byResource.get(f.resource) ?? []), f]);
    for (const [resource, fs] of byResource) {
      out.push(...wrap(`${resource}: hardening (${fs.length})`, width, '  ◦ ', '    ').map((l) => c.dim(l)));
      for (const f of fs) item(f, '    ');
    }
  }
  const suppressed = result.findings.length - active.length;
  if (suppressed > 0) out.push('', ...wrap(`${suppressed} suppressed finding(s) are listed in the JSON and SARIF reports.`, width, '  ').map((l) => c.dim(l)));
  out.push('');

  if (result.diagnostics.length) {
    const errors = result.diagnostics.filter((d) => d.level === 'error').length;
    out.push(c.bold(`Diagnostics (${result.diagnostics.length}${errors ? `, ${errors} error(s)` : ''})`));
    for (const d of result.diagnostics.slice(0, 50)) {
      const level = d.level === 'error' ? c.red('error') : d.level === 'warning' ? c.yellow('warning') : c.dim('info');
      const [first = '', ...rest] = wrap(`${d.level}  ${d.message}`, width, '  ', '    ');
      out.push('  ' + level + first.slice(2 + d.level.length), ...rest);
    }
    if (result.diagnostics.length > 50) out.push(c.dim(`  … ${result.diagnostics.length - 50} more in the JSON report`));
    out.push('');
  }
  if (options.failOn) out.push(...verdict(active, options.failOn, width, c, sevColour));
  return out.join('\n');
}

type Colors = ReturnType<typeof createColors>;

/**
 * "What was not analysed", before the findings: the input lost (incomplete results), the functions
 * whose code was not analysed grouped by why, and definitions not read. A few lines, whatever the
 * size of the scan: each group names three and counts the rest.
 */
function notAnalysedBlock(result: RunResult, width: number, c: Colors): string[] {
  const cov = result.coverage;
  if (!cov || (cov.lost.length === 0 && cov.codeNotAnalysed.length === 0 && cov.definitionsNotRead.length === 0)) return [];
  const out = [c.bold('Not analysed')];
  const line = (text: string, colour: (s: string) => string = (s) => s) => out.push(...wrap(text, width, '  ', '    ').map(colour));
  const incomplete = incompleteLine(cov.lost);
  if (incomplete) {
    line(incomplete, c.yellow);
    line(`lost: ${listSome(cov.lost.map((l) => (l.location ? `${l.location.file}:${l.location.line} (${l.code})` : l.code)))}`, c.dim);
  }
  if (cov.codeNotAnalysed.length) {
    const total = cov.codeNotAnalysed.reduce((n, g) => n + g.functions.length, 0);
    const groups = cov.codeNotAnalysed.slice(0, 4).map((g) => `${g.why} (${g.functions.length}): ${listSome(g.functions)}`);
    if (cov.codeNotAnalysed.length > 4) groups.push(`${cov.codeNotAnalysed.length - 4} more reason(s)`);
    line(`code of ${total} function(s) not analysed — ${groups.join('; ')}`);
  }
  if (cov.definitionsNotRead.length) {
    line(`${cov.definitionsNotRead.length} definition file(s) not read: ${listSome(cov.definitionsNotRead.map((d) => `${d.file} (${d.why})`))}`);
  }
  out.push('');
  return out;
}

/** The closing line: what fails the run against `--fail-on`, or that nothing does. */
function verdict(active: readonly Finding[], failOn: Severity | 'never', width: number, c: Colors, sevColour: Record<Severity, (s: string) => string>): string[] {
  if (failOn === 'never') return wrap(`Result: not failing (--fail-on never); ${active.length} finding(s) reported.`, width).map((l) => c.bold(l));
  const threshold = severityRank(failOn);
  const failing = SEVERITIES.filter((s) => severityRank(s) >= threshold).map((s) => [s, active.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const n = failing.reduce((a, [, k]) => a + k, 0);
  if (n === 0) return wrap(`PASS: no finding at or above ${failOn} (--fail-on ${failOn}); ${active.length} below it.`, width).map((l) => c.bold(c.green(l)));
  const list = failing.map(([s, k]) => `${k} ${s}`).join(', ');
  const text = `FAIL: ${n} finding(s) at or above ${failOn} (${list}) fail the run (--fail-on ${failOn}).`;
  return wrap(text, width).map((l) => c.bold(sevColour[failing[0]![0]](l)));
}

/** The most severe unsuppressed finding on an entry point or on a function it reaches. */
function worstFinding(ep: EntryPoint, reached: ReadonlySet<string>, active: readonly Finding[]): Finding | null {
  let worst: Finding | null = null;
  for (const f of active) {
    if (f.resource !== ep.id && !f.functions.some((fn) => reached.has(fn))) continue;
    if (!worst || severityRank(f.severity) > severityRank(worst.severity)) worst = f;
  }
  return worst;
}

function attackSurface(result: RunResult, active: readonly Finding[], width: number, c: Colors, sevColour: Record<Severity, (s: string) => string>, principalColour: Record<PrincipalKind, (s: string) => string>): string[] {
  const m = result.model;
  const surface = result.analyses.surface;
  const reached = new Map<string, Map<string, number>>();
  for (const r of surface?.reaches ?? []) {
    if (!reached.has(r.entryPoint)) reached.set(r.entryPoint, new Map());
    const depths = reached.get(r.entryPoint)!;
    depths.set(r.functionId, Math.min(r.depth, depths.get(r.functionId) ?? Infinity));
  }
  const eps = [...m.entryPoints].sort((a, b) => PRINCIPAL_ORDER.indexOf(a.principal.kind) - PRINCIPAL_ORDER.indexOf(b.principal.kind) || (a.id < b.id ? -1 : 1));
  const out: string[] = [c.bold('Attack surface')];
  if (eps.length === 0) {
    out.push(c.dim('  no entry points found'), '');
    return out;
  }
  const records = eps.map((ep) => {
    const depths = reached.get(ep.id) ?? new Map(ep.targets.map((t) => [t, 0]));
    const direct = [...new Set([...ep.targets, ...[...depths].filter(([, d]) => d === 0).map(([fn]) => fn)])];
    const cascade = [...depths.keys()].filter((fn) => !direct.includes(fn)).length;
    const reaches = (direct.join(', ') || '-') + (cascade ? ` +${cascade} via cascade` : '');
    const finding = worstFinding(ep, new Set([...direct, ...depths.keys()]), active);
    const radius = surface?.blastRadius?.[ep.id];
    const capability = radius ? blastRadiusText(radius) : null;
    const worst = finding ? `${finding.severity} ${finding.category}` : capability ?? '-';
    return { ep, cells: [ep.principal.kind, authLabel(ep), entryLabel(ep), reaches, worst], finding, capability };
  });
  const worstStyle = (cell: string, row: number) => {
    const f = records[row]?.finding;
    return f ? sevColour[f.severity](cell) : c.dim(cell);
  };
  const rows = table(
    [
      { header: 'WHO', style: (s, row) => principalColour[records[row]!.ep.principal.kind](s) },
      { header: 'AUTH' },
      { header: 'ENTRY POINT' },
      { header: 'REACHES' },
      // Only the worst finding may be cut: its severity comes first.
      { header: 'WORST', min: 16, style: worstStyle },
    ],
    records.map((r) => r.cells),
    width,
    '  ',
    c.dim,
  );
  if (rows) out.push(...rows);
  else {
    for (const r of records) {
      const [who = '', auth = '', entry = '', reaches = '', worst = ''] = r.cells;
      const [first = '', ...rest] = wrap(`${who} · ${entry}`, width, '  ', '    ');
      out.push('  ' + principalColour[r.ep.principal.kind](who) + first.slice(2 + who.length), ...rest);
      out.push(...labelled('auth', auth, width, c));
      out.push(...labelled('reaches', reaches, width, c));
      const worstLines = labelled('worst', worst, width, c);
      out.push(...(r.finding ? worstLines.map((l, i) => (i === 0 ? l.replace(worst.split(' ')[0]!, sevColour[r.finding!.severity](worst.split(' ')[0]!)) : l)) : worstLines));
    }
  }
  out.push('');
  return out;
}

/** A `    label    value` line of a block, wrapped under the value. */
function labelled(label: string, value: string, width: number, c: Colors): string[] {
  const lead = '    ' + label.padEnd(9);
  return wrap(value, width, lead, ' '.repeat(lead.length)).map((l, i) => (i === 0 ? c.dim(lead) + l.slice(lead.length) : l));
}

function costSection(result: RunResult, width: number, c: Colors): string[] {
  const m = result.model;
  const cost = result.analyses.cost?.ceilings;
  const driven = [...(cost ?? []).filter((e) => e.attackerDriven)].sort((a, b) => b.worstCaseUsdPerDay - a.worstCaseUsdPerDay).slice(0, 10);
  if (driven.length === 0) return [];
  const out = [c.bold('Worst-case cost (denial of wallet)')];
  out.push(...wrap('(what an outside caller can make you spend; `nightlight cost` shows the formula and assumptions)', width, '  ').map((l) => c.dim(l)));
  const label = (id: string) => {
    const ep = m.entryPoints.find((x) => x.id === id);
    return ep ? entryLabel(ep) : id;
  };
  const cells = driven.map((e) => [label(e.entryPoint), `$${fmt(e.worstCaseUsdPerHour)}/h`, `$${fmt(e.worstCaseUsdPerDay)}/day${e.unbounded ? '+' : ''}`, e.bindingLimit]);
  const rows = table([{ header: 'ENTRY POINT' }, { header: 'PER HOUR' }, { header: 'PER DAY' }, { header: 'BOUND BY', style: c.dim }], cells, width, '  ', c.dim);
  driven.forEach((e, i) => {
    if (i === 0 && rows) out.push(rows[0]!);
    const [entry = '', hour = '', day = '', bound = ''] = cells[i]!;
    if (rows) out.push(rows[i + 1]!);
    else out.push(...wrap(entry, width, '  ', '    '), ...wrap(`${hour} · ${day} · bound by ${bound}`, width, '    ', '    '));
    if (e.fix) out.push(...wrap(`fix: ${e.fix}`, width, '    ', '         ').map((l) => c.dim(l)));
  });
  out.push('');
  return out;
}

function functionsSection(result: RunResult, width: number, c: Colors): string[] {
  const fns = result.model.functions;
  const out = [c.bold('Functions')];
  const cells = fns.map((fn) => [fn.id, show(fn.runtime), `${show(fn.memoryMb)} MB`, `${show(fn.timeoutSeconds)} s`, fn.reservedConcurrency === null ? 'unreserved' : `reserved ${show(fn.reservedConcurrency)}`]);
  const rows = table([{ header: 'FUNCTION' }, { header: 'RUNTIME' }, { header: 'MEMORY' }, { header: 'TIMEOUT' }, { header: 'CONCURRENCY', min: 11, style: c.dim }], cells, width, '  ', c.dim);
  if (rows) out.push(...rows);
  else for (const [id = '', ...rest] of cells) out.push(...wrap(id, width, '  ', '    '), ...wrap(rest.join(' · '), width, '    ').map((l) => c.dim(l)));
  out.push('');
  return out;
}

/** The trust boundaries (edges between owners, docs/owners.md); nothing when the scan had no owner information. */
function boundariesSection(result: RunResult, width: number, c: Colors): string[] {
  const o = result.analyses.owners;
  if (!o) return [];
  const owned = Object.keys(o.elements).length;
  const out = [c.bold(`Trust boundaries (${o.boundaries.length})`)];
  out.push(...wrap(`(edges between owners, from ${o.sources.length ? o.sources.join(', ') : 'owner metadata and tags'}; ${owned} element(s) owned)`, width, '  ').map((l) => c.dim(l)));
  if (o.boundaries.length === 0) {
    out.push(c.dim('  no edge joins two owners'), '');
    return out;
  }
  const shown = o.boundaries.slice(0, 20);
  const cells = shown.map((b) => [`${b.from} → ${b.to}`, b.kind, `${b.owners.from.join(' ')} → ${b.owners.to.join(' ')}`, crossesText(b)]);
  const rows = table([{ header: 'EDGE' }, { header: 'KIND' }, { header: 'OWNERS' }, { header: 'WHAT CROSSES', min: 12, style: c.dim }], cells, width, '  ', c.dim);
  if (rows) out.push(...rows);
  else for (const [edge = '', kind = '', who = '', what = ''] of cells) out.push(...wrap(`${edge} (${kind})`, width, '  ', '    '), ...wrap(`${who} · ${what}`, width, '    ', '    ').map((l) => c.dim(l)));
  if (o.boundaries.length > shown.length) out.push(c.dim(`  … ${o.boundaries.length - shown.length} more in the JSON report (boundaries[])`));
  out.push('');
  return out;
}

function crossesText(b: Boundary): string {
  const parts: string[] = [];
  if (b.crosses.actions.length) parts.push(b.crosses.actions.slice(0, 3).join(', ') + (b.crosses.actions.length > 3 ? ` +${b.crosses.actions.length - 3}` : ''));
  if (b.crosses.events.length) parts.push(`tainted: ${b.crosses.events.length} field(s) to a sink`);
  if (parts.length === 0) parts.push(b.kind === 'trigger' ? 'events' : b.kind === 'cascade' ? 'messages' : '-');
  return parts.join('; ');
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

export function authLabel(ep: EntryPoint): string {
  const a = ep.auth;
  let s: string = a.kind;
  if (a.authorizer && a.kind !== 'none') s += ` (${a.authorizer})`;
  if (a.apiKeyRequired && a.kind !== 'api-key') s += ' + api key';
  return s;
}

export function entryLabel(ep: EntryPoint): string {
  const base = ep.kind === 'rest-api-method' || ep.kind === 'http-api-route' || ep.kind === 'websocket-route' ? `${ep.label} (${ep.source ?? 'api'})` : ep.label;
  const doors = (ep.frontDoors ?? []).filter((d) => d.distribution !== ep.source).map((d) => d.distribution);
  return doors.length ? `${base}, also through CloudFront distribution ${doors.join(', ')}` : base;
}
