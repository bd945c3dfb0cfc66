/**
 * The terminal report: the attack surface at a glance, then findings by severity, then what could
 * not be read. Pure: (RunResult, options) → string. Colour only when asked (the CLI asks on a TTY).
 */
import { createColors } from 'picocolors';
import type { RunResult, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import type { EntryPoint, Maybe, PrincipalKind } from '../model/types.js';
import { isUnresolved } from '../model/types.js';

export interface TerminalOptions {
  color: boolean;
  /** Terminal width for truncation. */
  width?: number;
}

const PRINCIPAL_ORDER: PrincipalKind[] = ['public', 'unresolved', 'any-aws-account', 'cross-account', 'authenticated-users', 'aws-service', 'same-account'];

function show<T>(m: Maybe<T> | null): string {
  if (m === null) return '-';
  return isUnresolved(m) ? `? (${m.reason})` : String(m);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, Math.max(0, n - 1)) + (s.length > n ? '…' : ' ') : s + ' '.repeat(n - s.length);
}

export function renderTerminal(result: RunResult, options: TerminalOptions): string {
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
  };
  const m = result.model;
  const out: string[] = [];
  const formats = [...new Set(m.inputs.map((i) => i.format))].join(', ') || 'none';
  out.push(c.bold(`nightlight ${result.tool.version}`) + c.dim(` — ${m.inputs.length} input file(s) (${formats}), ${m.functions.length} function(s), ${m.entryPoints.length} entry point(s)`));
  out.push('');
  if (m.inputs.length === 0) {
    out.push(c.yellow('No application definition found: nightlight looks for SAM/CloudFormation templates (YAML or JSON), serverless.yml, Terraform (*.tf, plan JSON) and cdk.out folders.'));
    out.push('');
  }

  // Attack surface
  const surface = result.analyses['surface'] as { reaches?: { entryPoint: string; functionId: string }[]; blastRadius?: Record<string, { worst: string | null }> } | undefined;
  const reached = new Map<string, Set<string>>();
  for (const r of surface?.reaches ?? []) {
    if (!reached.has(r.entryPoint)) reached.set(r.entryPoint, new Set());
    reached.get(r.entryPoint)!.add(r.functionId);
  }
  const eps = [...m.entryPoints].sort((a, b) => PRINCIPAL_ORDER.indexOf(a.principal.kind) - PRINCIPAL_ORDER.indexOf(b.principal.kind) || (a.id < b.id ? -1 : 1));
  out.push(c.bold('Attack surface'));
  if (eps.length === 0) out.push(c.dim('  no entry points found'));
  else {
    out.push(c.dim('  ' + pad('WHO', 20) + pad('AUTH', 18) + pad('ENTRY POINT', 44) + pad('REACHES', 36) + 'WORST CAPABILITY'));
    for (const ep of eps) {
      const reaches = [...(reached.get(ep.id) ?? new Set(ep.targets))].sort();
      const worst = surface?.blastRadius?.[ep.id]?.worst ?? '';
      out.push('  ' + principalColour[ep.principal.kind](pad(ep.principal.kind, 20)) + pad(authLabel(ep), 18) + pad(entryLabel(ep), 44) + pad(reaches.join(', '), 36) + worst);
    }
  }
  out.push('');

  // Cost
  const cost = (result.analyses['cost'] as { ceilings?: { entryPoint: string; worstCaseUsdPerHour: number; worstCaseUsdPerDay: number; bindingLimit: string; unbounded: boolean; attackerDriven: boolean; fix: string | null }[] } | undefined)?.ceilings;
  const driven = (cost ?? []).filter((e) => e.attackerDriven);
  if (driven.length) {
    out.push(c.bold('Worst-case cost (denial of wallet)'));
    out.push(c.dim('  (what an outside caller can make you spend; `nightlight cost` shows the formula and assumptions)'));
    for (const e of [...driven].sort((a, b) => b.worstCaseUsdPerDay - a.worstCaseUsdPerDay).slice(0, 10)) {
      const label = m.entryPoints.find((x) => x.id === e.entryPoint);
      out.push(`  ${pad(label ? entryLabel(label) : e.entryPoint, 50)} ${pad(`$${fmt(e.worstCaseUsdPerHour)}/h`, 14)} ${pad(`$${fmt(e.worstCaseUsdPerDay)}/day${e.unbounded ? '+' : ''}`, 16)} ${c.dim(`bound by ${e.bindingLimit}`)}`);
      if (e.fix && e.attackerDriven) out.push(c.dim(`    fix: ${e.fix}`));
    }
    out.push('');
  }

  // Functions
  out.push(c.bold('Functions'));
  for (const fn of m.functions) {
    const conc = fn.reservedConcurrency === null ? 'unreserved' : `reserved ${show(fn.reservedConcurrency)}`;
    out.push(`  ${pad(fn.id, 36)} ${pad(show(fn.runtime), 14)} ${pad(`${show(fn.memoryMb)} MB`, 10)} ${pad(`${show(fn.timeoutSeconds)} s`, 8)} ${c.dim(conc)}`);
  }
  out.push('');

  // Findings
  const active = result.findings.filter((f) => !f.suppression);
  const counts = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push(c.bold(`Findings (${active.length})`) + (counts.length ? ': ' + counts.map(([s, n]) => sevColour[s](`${n} ${s}`)).join(', ') : ''));
  for (const sev of SEVERITIES) {
    const list = active.filter((f) => f.severity === sev);
    if (list.length === 0) continue;
    out.push('');
    out.push('  ' + sevColour[sev](sev.toUpperCase()));
    for (const f of list) {
      out.push(`  ${sevColour[sev]('●')} ${f.message}`);
      out.push(c.dim(`    ${f.ruleId}  ${f.location.file}:${f.location.line}:${f.location.column}${f.constructPath ? `  (${f.constructPath})` : ''}`));
    }
  }
  const suppressed = result.findings.length - active.length;
  if (suppressed > 0) out.push('', c.dim(`  ${suppressed} suppressed finding(s) are listed in the JSON and SARIF reports.`));
  out.push('');

  if (result.diagnostics.length) {
    const errors = result.diagnostics.filter((d) => d.level === 'error').length;
    out.push(c.bold(`Diagnostics (${result.diagnostics.length}${errors ? `, ${errors} error(s)` : ''})`));
    for (const d of result.diagnostics.slice(0, 50)) out.push(`  ${d.level === 'error' ? c.red('error') : d.level === 'warning' ? c.yellow('warning') : c.dim('info')}  ${d.message}`);
    if (result.diagnostics.length > 50) out.push(c.dim(`  … ${result.diagnostics.length - 50} more in the JSON report`));
    out.push('');
  }
  return out.join('\n');
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
  if (ep.kind === 'rest-api-method' || ep.kind === 'http-api-route' || ep.kind === 'websocket-route') return `${ep.label} (${ep.source ?? 'api'})`;
  return ep.label;
}
