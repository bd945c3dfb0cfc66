/**
 * `data "aws_iam_policy_document"` into the IAM policy JSON the provider would render, and
 * policy-valued attributes (jsonencode, heredoc JSON, a document's `.json`) into policy objects.
 */
import type { SourceLocation } from '../../model/types.js';
import { Concat, JsonText, Sym, Unknown, isObject, newObject, parseJsonWithSymbols, type V, type VObject } from './values.js';

type Locs = WeakMap<object, Map<string | number, SourceLocation>>;

function list(v: V | undefined): V[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  return [v];
}

function principalsOf(blocks: V | undefined): V {
  const out = newObject();
  let star = false;
  for (const b of list(blocks)) {
    if (!isObject(b)) continue;
    const type = b['type'];
    const ids = list(b['identifiers']);
    if (type === '*') {
      star = true;
      continue;
    }
    const key = typeof type === 'string' ? type : 'AWS';
    const prev = Array.isArray(out[key]) ? (out[key] as V[]) : [];
    out[key] = [...prev, ...ids];
  }
  if (star && Object.keys(out).length === 0) return '*';
  if (star) out['AWS'] = [...list(out['AWS']), '*'];
  return out;
}

/**
 * The policy document a `data "aws_iam_policy_document"` body stands for. `body` is the evaluated
 * body (statement blocks as lists); locations of statements are copied from the body's side table.
 */
export function policyDocumentFromBlock(body: VObject, locs: Locs): VObject {
  const bodyLocs = locs.get(body);
  const stmtBlocks = list(body['statement']);
  const stmtLocs = Array.isArray(body['statement']) ? locs.get(body['statement'] as V[]) : undefined;
  const statements: V[] = [];
  const stmtOutLocs = new Map<string | number, SourceLocation>();
  stmtBlocks.forEach((s, i) => {
    if (!isObject(s)) return;
    const st = newObject();
    const sLocs = locs.get(s);
    const keyLocs = new Map<string | number, SourceLocation>();
    const put = (key: string, value: V, from: string) => {
      st[key] = value;
      const l = sLocs?.get(from);
      if (l) keyLocs.set(key, l);
    };
    if (typeof s['sid'] === 'string' && s['sid'] !== '') put('Sid', s['sid'], 'sid');
    put('Effect', s['effect'] ?? 'Allow', 'effect');
    if (s['actions'] !== undefined) put('Action', s['actions'], 'actions');
    if (s['not_actions'] !== undefined) put('NotAction', s['not_actions'], 'not_actions');
    if (s['resources'] !== undefined) put('Resource', s['resources'], 'resources');
    if (s['not_resources'] !== undefined) put('NotResource', s['not_resources'], 'not_resources');
    if (s['principals'] !== undefined) put('Principal', principalsOf(s['principals']), 'principals');
    if (s['not_principals'] !== undefined) put('NotPrincipal', principalsOf(s['not_principals']), 'not_principals');
    if (s['condition'] !== undefined) {
      const cond = newObject();
      for (const c of list(s['condition'])) {
        if (!isObject(c)) continue;
        const test = typeof c['test'] === 'string' ? c['test'] : 'StringEquals';
        const variable = typeof c['variable'] === 'string' ? c['variable'] : '?';
        const op = (isObject(cond[test]) ? cond[test] : (cond[test] = newObject())) as VObject;
        op[variable] = [...list(op[variable]), ...list(c['values'])];
      }
      put('Condition', cond, 'condition');
    }
    if (keyLocs.size) locs.set(st, keyLocs);
    const l = stmtLocs?.get(i);
    if (l) stmtOutLocs.set(statements.length, l);
    statements.push(st);
  });
  let all: V[] = [];
  for (const src of list(body['source_policy_documents'] ?? body['source_json'])) {
    const doc = policyObject(src);
    if (isObject(doc)) all.push(...list(doc['Statement']));
  }
  const ownStart = all.length;
  all.push(...statements);
  for (const ov of list(body['override_policy_documents'] ?? body['override_json'])) {
    const doc = policyObject(ov);
    if (!isObject(doc)) continue;
    for (const st of list(doc['Statement'])) {
      const sid = isObject(st) ? st['Sid'] : undefined;
      const at = typeof sid === 'string' ? all.findIndex((x) => isObject(x) && x['Sid'] === sid) : -1;
      if (at >= 0) all[at] = st;
      else all.push(st);
    }
  }
  if (ownStart > 0) {
    const shifted = new Map<string | number, SourceLocation>();
    for (const [k, l] of stmtOutLocs) shifted.set((k as number) + ownStart, l);
    stmtOutLocs.clear();
    for (const [k, l] of shifted) stmtOutLocs.set(k, l);
  }
  all = all.filter((x) => x !== undefined);
  const doc = newObject();
  doc['Version'] = typeof body['version'] === 'string' ? body['version'] : '2012-10-17';
  if (typeof body['policy_id'] === 'string') doc['Id'] = body['policy_id'];
  doc['Statement'] = all;
  if (stmtOutLocs.size) locs.set(all, stmtOutLocs);
  const docLocs = new Map<string | number, SourceLocation>();
  const sl = bodyLocs?.get('statement');
  if (sl) docLocs.set('Statement', sl);
  locs.set(doc, docLocs);
  return doc;
}

/**
 * A policy-valued attribute as a policy object: a JSON text stays structured, a JSON string (a
 * heredoc) is parsed, symbolic parts stay in place. Returns an Unknown when it cannot be read.
 */
export function policyObject(v: V): V {
  if (v instanceof JsonText) return v.value;
  if (isObject(v)) return v;
  if (typeof v === 'string' || v instanceof Concat) {
    const parsed = parseJsonWithSymbols(v);
    if (parsed !== null) return parsed;
    return new Unknown(typeof v === 'string' ? 'policy text is not valid JSON' : 'policy JSON built from values known only after apply');
  }
  if (v instanceof Unknown) return v;
  if (v instanceof Sym) return new Unknown('policy known only after apply');
  return new Unknown('policy is not a JSON document');
}
