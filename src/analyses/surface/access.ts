/**
 * Data access: which resources (tables, buckets, queues, topics, secrets, functions …) each
 * function can act on through its role, at which access levels, and which it calls in its code.
 * The HTML map draws these as function → resource edges, and a resource a reachable function can
 * write is as exposed as the entry points that reach that function. Pure; computed once per run.
 *
 * A grant applies to a resource when one of its resource patterns matches the resource's ARN or
 * an object under it (`arn:aws:s3:::bucket/*`, a table's indexes), the action belongs to the
 * resource's service, and the IAM evaluator allows it for that ARN (Deny, boundaries and
 * NotResource included). What Lambda itself uses (logs, traces, VPC interfaces, event-source
 * polling) is left out: it is not the function's reach into the app's data. Stacks scanned together
 * are not assumed to share an account: a wildcard reaches the function's own stack, a literal ARN
 * the resource its own stack declares, else the one other stack's (model/stacks.ts), as reach does.
 */
import type { AppModel } from '../../model/types.js';
import type { IamAnalysis } from '../iam/index.js';
import { forEachEntry } from '../iam/index.js';
import type { AccessLevel } from './types.js';
import { matchesArn } from './reach.js';
import { isRuntimeAction } from '../iam/runtime-actions.js';
import { designated } from '../../model/stacks.js';

export interface AccessEdge {
  functionId: string;
  /** A resource id or another function's id. */
  target: string;
  /** Granted access levels, most dangerous first. */
  levels: AccessLevel[];
  /** The actions granted (or called in code) on it, sorted. */
  actions: string[];
  /** `iam`: the role allows it; `code`: the handler calls it (whether or not the role allows it). */
  via: 'iam' | 'code' | 'iam+code';
  /** Every grant behind it has a condition. */
  conditional: boolean;
}

const LEVEL_ORDER: AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

/** Whether a level lets the function put data into the resource or change it. */
export function isWriteLevel(l: AccessLevel): boolean {
  return l === 'Write' || l === 'Permissions management';
}

/** The service part of an ARN (`dynamodb` in `arn:aws:dynamodb:…`). */
function serviceOf(arn: string): string | null {
  const parts = arn.split(':');
  return parts.length > 2 && parts[0] === 'arn' ? parts[2]! : null;
}

/**
 * Every function → resource access edge, sorted by function then target. With `only`, the edges of
 * those functions alone (the same edges: each function's are worked out on their own).
 */
export function dataAccess(model: AppModel, iam: IamAnalysis | null, codeCalls: Record<string, { target: string; action: string }[]> = {}, only?: ReadonlySet<string>): AccessEdge[] {
  // Targets by service: resources and functions with a known ARN.
  type Target = { id: string; arn: string; stack: string };
  const byService = new Map<string, { all: Target[]; byArn: Map<string, Target[]> }>();
  const put = (id: string, arn: unknown, stack: string) => {
    if (typeof arn !== 'string') return;
    const svc = serviceOf(arn);
    if (!svc) return;
    let group = byService.get(svc);
    if (!group) byService.set(svc, (group = { all: [], byArn: new Map() }));
    const t = { id, arn, stack };
    group.all.push(t);
    const same = group.byArn.get(arn);
    if (same) same.push(t);
    else group.byArn.set(arn, [t]);
  };
  for (const r of model.resources) put(r.id, r.arn, r.stack);
  for (const f of model.functions) put(f.id, f.arn, f.stack);

  // An edge's levels and actions are gathered as parts and merged at the end: a role with
  // `Action: *` grants hundreds of actions of a service on each of its targets.
  interface Gathered {
    edge: AccessEdge;
    levels: Set<AccessLevel>;
    /** Sorted action lists of plain grant groups (shared between edges, never mutated). */
    parts: string[][];
    /** Actions added one at a time (evaluated grants, code calls). */
    single: string[];
  }
  const edges = new Map<string, Gathered>();
  const edge = (functionId: string, target: string, via: 'iam' | 'code'): Gathered => {
    const key = `${functionId}\u0000${target}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { edge: { functionId, target, levels: [], actions: [], via, conditional: true }, levels: new Set(), parts: [], single: [] }));
    else if (e.edge.via !== via) e.edge.via = 'iam+code';
    return e;
  };
  // The targets a wildcard pattern names in a service, with the ARN checked: the same for every
  // statement that carries it, so computed once per (service, pattern).
  const wildcardHits = new Map<string, [string, string, string][]>();
  const targetsOf = (service: string, targets: { all: Target[] }, p: string): [string, string, string][] => {
    const key = `${service}\u0000${p}`;
    let hits = wildcardHits.get(key);
    if (hits === undefined) {
      hits = [];
      for (const t of targets.all) {
        if (matchesArn(p, t.arn)) hits.push([t.id, t.arn, t.stack]);
        else if (matchesArn(p, `${t.arn}/nightlight-child`)) hits.push([t.id, `${t.arn}/nightlight-child`, t.stack]);
      }
      wildcardHits.set(key, hits);
    }
    return hits;
  };
  /** Targets some pattern names (target id → the ARN checked): literal ARNs by lookup, wildcard patterns by matching. */
  const hitsOf = (service: string, targets: { all: Target[]; byArn: Map<string, Target[]> }, resources: readonly string[], stack: string): Map<string, string> => {
    const hit = new Map<string, string>();
    for (const p of resources) {
      if (!p.includes('*') && !p.includes('?')) {
        for (const t of designated(targets.byArn.get(p) ?? [], stack)) if (!hit.has(t.id)) hit.set(t.id, t.arn);
        continue;
      }
      for (const [id, arn, s] of targetsOf(service, targets, p)) if (s === stack && !hit.has(id)) hit.set(id, arn);
    }
    return hit;
  };

  if (iam) {
    for (const fn of model.functions) {
      if (only && !only.has(fn.id)) continue;
      const perms = iam.permissionsOf(fn.id);
      if (!perms) continue;
      for (const svc of perms.services) {
        const targets = byService.get(svc.service);
        if (!targets) continue;
        // Without a Deny, a boundary or a NotResource grant, a matching pattern is the answer: such
        // entries are grouped by their resource patterns and each group is matched once. Others ask
        // the evaluator, target by target.
        const groups = new Map<string, { resources: string[]; actions: string[]; levels: Set<AccessLevel>; unconditional: boolean }>();
        forEachEntry([svc], (entry, shape) => {
          if (isRuntimeAction(entry.action)) return;
          const plain = shape.restrictions.length === 0 && shape.grants.every((g) => !g.notResources);
          if (plain) {
            const key = shape.resources.join('\u0000');
            let g = groups.get(key);
            if (!g) groups.set(key, (g = { resources: shape.resources, actions: [], levels: new Set(), unconditional: false }));
            g.actions.push(entry.action);
            g.levels.add(entry.accessLevel as AccessLevel);
            if (!shape.conditional) g.unconditional = true;
            return;
          }
          for (const [id, arn] of hitsOf(svc.service, targets, shape.resources, fn.stack)) {
            if (id === fn.id) continue;
            const d = iam.isAllowed(fn.id, entry.action, arn).decision;
            if (d !== 'allowed' && d !== 'conditionally-allowed') continue;
            const e = edge(fn.id, id, 'iam');
            e.levels.add(entry.accessLevel as AccessLevel);
            e.single.push(entry.action);
            if (d === 'allowed' && !shape.conditional) e.edge.conditional = false;
          }
        });
        for (const g of groups.values()) {
          g.actions.sort();
          for (const id of hitsOf(svc.service, targets, g.resources, fn.stack).keys()) {
            if (id === fn.id) continue;
            const e = edge(fn.id, id, 'iam');
            for (const l of g.levels) e.levels.add(l);
            e.parts.push(g.actions);
            if (g.unconditional) e.edge.conditional = false;
          }
        }
      }
    }
  }
  for (const [fnId, calls] of Object.entries(codeCalls)) {
    if (only && !only.has(fnId)) continue;
    for (const c of calls) {
      const e = edge(fnId, c.target, 'code');
      e.single.push(c.action);
      e.levels.add(codeCallLevel(c.action));
      e.edge.conditional = false;
    }
  }
  const out: AccessEdge[] = [];
  for (const e of edges.values()) {
    e.edge.levels = [...e.levels].sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b));
    e.edge.actions = e.parts.length === 1 && e.single.length === 0 ? e.parts[0]!.slice() : [...new Set([...e.parts.flat(), ...e.single])].sort();
    out.push(e.edge);
  }
  return out.sort((a, b) => (a.functionId < b.functionId ? -1 : a.functionId > b.functionId ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

const WRITE_VERB = /^(put|send|publish|invoke|start|create|update|delete|write|batch|upload|copy|post|set|add|modify|restore|import|replicate|execute)/i;

/** The access level of an SDK call seen in code (`dynamodb:PutItem` → Write, `s3:GetObject` → Read). */
function codeCallLevel(action: string): AccessLevel {
  const verb = action.includes(':') ? action.slice(action.indexOf(':') + 1) : action;
  if (/^(put|delete)(bucket|role|user|group)?policy/i.test(verb) || /^(attach|detach)/i.test(verb)) return 'Permissions management';
  if (/^(list|describe)/i.test(verb)) return 'List';
  return WRITE_VERB.test(verb) ? 'Write' : 'Read';
}
