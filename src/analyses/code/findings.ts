/**
 * What the code rules report, prepared once so that each rule stays a thin filter: taint findings
 * of one category with their exposure (who can put the data in, directly or through other
 * functions), severity, cross-function flows and stable keys.
 */
import type { FlowStep, RelatedLocation, Severity } from '../../model/findings.js';
import type { AppModel, EntryPoint, PrincipalKind, SourceLocation } from '../../model/types.js';
import { PRINCIPAL_RANK } from '../../model/policy.js';
import { impactAbove, severityFor } from '../../model/findings.js';
import type { CodeAnalysis, CrossFunctionFlow } from './program.js';
import type { CodeCategory } from './sinks.js';
import type { TaintFinding } from './types.js';

export interface TaintReport {
  functionId: string;
  finding: TaintFinding;
  /** Stable identity: category, sink, file and the ordinal of that sink in the file (never a line). */
  key: string;
  severity: Severity;
  /** The most exposed principal that can put the data in; null when no entry point does. */
  principal: PrincipalKind | null;
  /** The entry point that gives it. */
  entryPoint: EntryPoint | null;
  /** Cross-function flows that bring the data to this function. */
  via: CrossFunctionFlow[];
  flows: FlowStep[][];
  related: RelatedLocation[];
  /** "POST /orders (public)" or "OrdersQueue via CreateOrderFunction → OrdersQueue (…)". */
  exposure: string;
}

const MAX_FLOWS = 5;

/** Severity from exposure (docs/severity.md): `base` is the severity for a signed-in caller; anyone raises it, internal sources lower it. */
export function severityForPrincipal(base: Severity, p: PrincipalKind | null): Severity {
  return severityFor(impactAbove(base), p);
}

export function taintReports(model: AppModel, code: CodeAnalysis, category: CodeCategory, base: Severity): TaintReport[] {
  const eps = new Map(model.entryPoints.map((e) => [e.id, e]));
  const out: TaintReport[] = [];
  for (const id of Object.keys(code.functions).sort()) {
    const fc = code.functions[id]!;
    const ordinals = new Map<string, number>();
    for (const f of fc.taint) {
      if (f.category !== category) continue;
      const base0 = `${category}:${f.sink}:${f.location.file}`;
      const n = (ordinals.get(base0) ?? 0) + 1;
      ordinals.set(base0, n);
      // second order: data read back from a store is as exposed as the entry point whose caller wrote it
      const stored = f.origin ? eps.get(f.origin) : undefined;
      const direct = stored ? [stored] : model.entryPoints.filter((e) => e.targets.includes(id) && (e.via?.kind ?? e.kind) === f.sourceKind);
      const via = stored ? [] : code.flowsInto(id, f.sourceKind);
      let best: EntryPoint | null = null;
      for (const e of [...direct, ...via.map((v) => eps.get(v.origin)).filter((e): e is EntryPoint => e !== undefined)]) {
        if (!best || PRINCIPAL_RANK[e.principal.kind] < PRINCIPAL_RANK[best.principal.kind]) best = e;
      }
      const principal = best?.principal.kind ?? null;
      const bestVia = best && !direct.includes(best) ? via.find((v) => v.origin === best!.id) : undefined;
      const flows: FlowStep[][] = [];
      for (const v of [...via].sort((a, b) => PRINCIPAL_RANK[eps.get(a.origin)?.principal.kind ?? 'same-account'] - PRINCIPAL_RANK[eps.get(b.origin)?.principal.kind ?? 'same-account'] || a.hops.length - b.hops.length).slice(0, MAX_FLOWS - 1)) {
        const origin = eps.get(v.origin);
        flows.push([...(origin ? [{ location: origin.location, message: `${origin.label} (${origin.principal.kind})` }] : []), ...v.steps, ...f.path]);
      }
      flows.push(f.path);
      const related: RelatedLocation[] = [];
      if (best) related.push({ location: best.location, message: `${best.label}: ${best.principal.kind}` });
      const exposure = stored ? `${stored.label} (${stored.principal.kind}), whose caller writes what ${id} reads back` : best ? (bestVia ? `${best.label} (${best.principal.kind}) through ${bestVia.hops.join(' → ')}` : `${best.label} (${best.principal.kind})`) : 'no known entry point';
      out.push({ functionId: id, finding: f, key: `${base0}#${n}`, severity: severityForPrincipal(base, principal), principal, entryPoint: best, via, flows, related, exposure });
    }
  }
  return out;
}

/** Shared message data for the taint rules. */
export function taintData(r: TaintReport): Record<string, string> {
  return { fn: r.functionId, source: r.finding.sourceLabel, sink: r.finding.sink, exposure: r.exposure };
}

export function locationKey(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}

