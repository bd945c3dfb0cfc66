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
 * polling) is left out: it is not the function's reach into the app's data.
 */
import type { AppModel } from '../../model/types.js';
import type { IamAnalysis } from '../iam/index.js';
import type { AccessLevel } from './types.js';
import { isRuntimeAction, matchesArn } from './reach.js';

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

export function dataAccess(model: AppModel, iam: IamAnalysis | null, codeCalls: Record<string, { target: string; action: string }[]> = {}): AccessEdge[] {
  // Targets by service: resources and functions with a known ARN.
  type Target = { id: string; arn: string };
  const byService = new Map<string, { all: Target[]; byArn: Map<string, Target[]> }>();
  const put = (id: string, arn: unknown) => {
    if (typeof arn !== 'string') return;
    const svc = serviceOf(arn);
    if (!svc) return;
    let group = byService.get(svc);
    if (!group) byService.set(svc, (group = { all: [], byArn: new Map() }));
    const t = { id, arn };
    group.all.push(t);
    const same = group.byArn.get(arn);
    if (same) same.push(t);
    else group.byArn.set(arn, [t]);
  };
  for (const r of model.resources) put(r.id, r.arn);
  for (const f of model.functions) put(f.id, f.arn);

  const edges = new Map<string, AccessEdge>();
  const edge = (functionId: string, target: string, via: 'iam' | 'code'): AccessEdge => {
    const key = `${functionId}\u0000${target}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { functionId, target, levels: [], actions: [], via, conditional: true }));
    else if (e.via !== via) e.via = 'iam+code';
    return e;
  };

  if (iam) {
    for (const fn of model.functions) {
      const perms = iam.permissionsOf(fn.id);
      if (!perms) continue;
      for (const svc of perms.services) {
        const targets = byService.get(svc.service);
        if (!targets) continue;
        for (const entry of svc.actions) {
          if (isRuntimeAction(entry.action)) continue;
          // Targets some pattern names: literal ARNs by lookup, wildcard patterns by matching.
          const hit = new Map<string, string>(); // target id → the ARN checked
          for (const p of entry.resources) {
            if (!p.includes('*') && !p.includes('?')) {
              for (const t of targets.byArn.get(p) ?? []) if (!hit.has(t.id)) hit.set(t.id, t.arn);
              continue;
            }
            for (const t of targets.all) {
              if (hit.has(t.id)) continue;
              if (matchesArn(p, t.arn)) hit.set(t.id, t.arn);
              else if (matchesArn(p, `${t.arn}/nightlight-child`)) hit.set(t.id, `${t.arn}/nightlight-child`);
            }
          }
          // Without a Deny, a boundary or a NotResource grant, a matching pattern is the answer; else ask the evaluator.
          const plain = entry.restrictions.length === 0 && entry.grants.every((g) => !g.notResources);
          for (const [id, arn] of hit) {
            if (id === fn.id) continue;
            const d = plain ? (entry.conditional ? 'conditionally-allowed' : 'allowed') : iam.isAllowed(fn.id, entry.action, arn).decision;
            if (d !== 'allowed' && d !== 'conditionally-allowed') continue;
            const e = edge(fn.id, id, 'iam');
            if (!e.levels.includes(entry.accessLevel as AccessLevel)) e.levels.push(entry.accessLevel as AccessLevel);
            if (!e.actions.includes(entry.action)) e.actions.push(entry.action);
            if (d === 'allowed' && !entry.conditional) e.conditional = false;
          }
        }
      }
    }
  }
  for (const [fnId, calls] of Object.entries(codeCalls)) {
    for (const c of calls) {
      const e = edge(fnId, c.target, 'code');
      if (!e.actions.includes(c.action)) e.actions.push(c.action);
      const level = codeCallLevel(c.action);
      if (!e.levels.includes(level)) e.levels.push(level);
      e.conditional = false;
    }
  }
  const out = [...edges.values()];
  for (const e of out) {
    e.levels.sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b));
    e.actions.sort();
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
