/**
 * Policy documents from resolved template values, and who a resource policy lets in.
 */
import { wildcardMatch as matchWildcard } from './wildcard.js';
import type { Maybe, PolicyConditions, PolicyDocument, PolicyPrincipal, PolicyStatement, Principal, PrincipalKind, SourceLocation, DocPath } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import type { RValue } from './resolve.js';

export type Locate = (path: DocPath) => SourceLocation;

function list(v: RValue | undefined): Maybe<string>[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (isUnresolved(v)) return [v];
  const arr = Array.isArray(v) ? v : [v];
  return arr.map((x) => (isUnresolved(x) ? x : typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : unresolved('a non-string value in a policy list')));
}

function principal(v: RValue | undefined): PolicyPrincipal | undefined {
  if (v === undefined || v === null) return undefined;
  if (v === '*') return { any: true };
  if (isUnresolved(v)) return { aws: [v] };
  if (typeof v === 'string') return { aws: [v] };
  if (Array.isArray(v)) return { aws: list(v) ?? [] };
  const p: PolicyPrincipal = {};
  for (const [k, val] of Object.entries(v)) {
    const l = list(val as RValue) ?? [];
    const key = k.toLowerCase();
    if (key === 'aws') {
      if (l.some((x) => x === '*')) p.any = true;
      p.aws = l;
    } else if (key === 'service') p.service = l;
    else if (key === 'federated') p.federated = l;
    else if (key === 'canonicaluser') p.canonicalUser = l;
  }
  return p;
}

function conditions(v: RValue | undefined): PolicyConditions | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v) || isUnresolved(v)) return undefined;
  const out: PolicyConditions = {};
  for (const [op, block] of Object.entries(v)) {
    if (!block || typeof block !== 'object' || Array.isArray(block) || isUnresolved(block)) {
      out[op] = { '*': [unresolved(`condition ${op} could not be read`)] };
      continue;
    }
    out[op] = {};
    for (const [key, vals] of Object.entries(block)) out[op]![key] = list(vals as RValue) ?? [];
  }
  return out;
}

/** Reads a policy document (`{ Version, Statement }`) from a resolved value. `path` is where it sits, for locations. */
export function toPolicyDocument(v: RValue | undefined, path: DocPath, locate: Locate): Maybe<PolicyDocument> {
  if (isUnresolved(v)) return v;
  if (typeof v === 'string') {
    try {
      return toPolicyDocument(JSON.parse(v) as RValue, path, locate);
    } catch {
      return unresolved('policy document is a string that is not JSON');
    }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return unresolved('policy document is missing or not an object');
  const raw = v['Statement'];
  if (isUnresolved(raw)) return raw;
  const stmts = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const statements: PolicyStatement[] = [];
  stmts.forEach((s, i) => {
    const spath = Array.isArray(raw) ? [...path, 'Statement', i] : [...path, 'Statement'];
    const location = locate(spath);
    if (isUnresolved(s) || !s || typeof s !== 'object' || Array.isArray(s)) {
      statements.push({ effect: 'Allow', action: [unresolved(isUnresolved(s) ? s.reason : 'statement could not be read')], resource: [unresolved('statement could not be read', '*')], location });
      return;
    }
    const effect = s['Effect'] === 'Deny' ? 'Deny' : 'Allow';
    const st: PolicyStatement = { effect, location };
    if (typeof s['Sid'] === 'string') st.sid = s['Sid'];
    if (s['Action'] !== undefined) st.action = list(s['Action']);
    if (s['NotAction'] !== undefined) st.notAction = list(s['NotAction']);
    if (s['Resource'] !== undefined) st.resource = list(s['Resource']);
    if (s['NotResource'] !== undefined) st.notResource = list(s['NotResource']);
    if (s['Principal'] !== undefined) st.principal = principal(s['Principal']);
    if (s['NotPrincipal'] !== undefined) st.notPrincipal = principal(s['NotPrincipal']);
    const c = conditions(s['Condition']);
    if (c) st.condition = c;
    statements.push(st);
  });
  return { statements, location: locate(path) };
}

/** Case-insensitive IAM wildcard match (`*`, `?`). */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = true): boolean {
  return matchWildcard(pattern, value, { ignoreCase: caseInsensitive });
}

function actionMatches(list: Maybe<string>[] | undefined, actions: readonly string[]): boolean {
  if (!list) return false;
  return list.some((a) => (isUnresolved(a) ? true : actions.some((x) => wildcardMatch(a, x))));
}

/** Rank: lower is more exposed. Unresolved sits just above public: unknown is not safe. */
export const PRINCIPAL_RANK: Record<PrincipalKind, number> = {
  public: 0,
  unresolved: 1,
  'any-aws-account': 2,
  'cross-account': 3,
  'authenticated-users': 4,
  'aws-service': 5,
  'same-account': 6,
  deployment: 7,
};

export function weakest(a: Principal, b: Principal): Principal {
  return PRINCIPAL_RANK[b.kind] < PRINCIPAL_RANK[a.kind] ? b : a;
}

const NARROWING_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:sourcevpce', 'aws:sourcevpc', 'aws:principalaccount', 'aws:principalarn', 'aws:sourceorgid', 'aws:sourceip', 'aws:userid', 'aws:username', 'aws:principalserviceName'.toLowerCase()];

function conditionKeys(c: PolicyConditions | undefined): Map<string, Maybe<string>[]> {
  const out = new Map<string, Maybe<string>[]>();
  for (const block of Object.values(c ?? {})) for (const [k, v] of Object.entries(block)) out.set(k.toLowerCase(), v);
  return out;
}

/** A value that names no account: unresolved for the caller's account. */
function unresolvedAccount(arn: string): Maybe<string> {
  return unresolved(`access point ARN ${arn} names no account`);
}

/** The ranges of an `IpAddress` condition on aws:SourceIp (an allow-list). */
function allowedSourceIps(c: PolicyConditions | undefined): Maybe<string>[] {
  const out: Maybe<string>[] = [];
  for (const [op, block] of Object.entries(c ?? {})) {
    if (!/^(ForAnyValue:)?IpAddress(IfExists)?$/i.test(op)) continue;
    for (const [k, v] of Object.entries(block)) if (k.toLowerCase() === 'aws:sourceip') out.push(...v);
  }
  return out;
}

/** The principal a `Principal: *` statement really admits, given its conditions. */
function anyWithConditions(c: PolicyConditions | undefined, ownAccount: string): Principal {
  const keys = conditionKeys(c);
  if (keys.size === 0) return { kind: 'public', detail: 'Principal "*" with no condition' };
  // Service-specific keys limit the caller's account as the global ones do: kms:CallerAccount (the
  // AWS-managed-key pattern), s3:DataAccessPointAccount and the account in s3:DataAccessPointArn
  // (delegating a bucket to the owner's access points).
  const pointArns = (keys.get('s3:dataaccesspointarn') ?? []).map((a) => (isUnresolved(a) ? a : (/^arn:[^:]+:s3:[^:]*:(\d{12}):accesspoint\//.exec(a)?.[1] ?? unresolvedAccount(a))));
  const accounts = [...(keys.get('aws:sourceaccount') ?? []), ...(keys.get('aws:principalaccount') ?? []), ...(keys.get('aws:sourceowner') ?? []), ...(keys.get('kms:calleraccount') ?? []), ...(keys.get('s3:dataaccesspointaccount') ?? []), ...pointArns];
  if (keys.has('aws:sourcearn')) return { kind: 'aws-service', detail: 'Principal "*" limited by aws:SourceArn', scopedBySource: true };
  if (accounts.length > 0) {
    if (accounts.some(isUnresolved)) return { kind: 'unresolved', detail: 'account condition could not be resolved' };
    return accounts.every((a) => a === ownAccount) ? { kind: 'same-account', detail: 'limited to this account' } : { kind: 'cross-account', detail: `accounts ${accounts.join(', ')}` };
  }
  if (keys.has('aws:principalorgid') || keys.has('aws:principalorgpaths') || keys.has('aws:sourceorgid')) return { kind: 'cross-account', detail: 'accounts of an AWS Organization' };
  if (keys.has('aws:sourcevpce') || keys.has('aws:sourcevpc')) return { kind: 'same-account', detail: 'limited to a VPC / VPC endpoint' };
  if (keys.has('aws:principalarn') || keys.has('aws:userid') || keys.has('aws:username')) return { kind: 'cross-account', detail: 'limited to named principals' };
  // An allow-list of addresses (IpAddress, not NotIpAddress) admits named callers, not anyone.
  const allowed = allowedSourceIps(c);
  if (allowed.length > 0) return { kind: 'cross-account', detail: `callers from ${allowed.map((x) => (isUnresolved(x) ? 'an unresolved range' : x)).join(', ')} (aws:SourceIp allow-list)` };
  if (keys.has('aws:sourceip')) return { kind: 'public', detail: 'anyone outside the excluded source IP ranges' };
  if ([...keys.keys()].some((k) => NARROWING_KEYS.includes(k))) return { kind: 'cross-account', detail: 'limited by condition' };
  return { kind: 'public', detail: `Principal "*" with conditions that do not limit who calls (${[...keys.keys()].join(', ')})` };
}

function accountOf(p: string): string | null {
  if (/^\d{12}$/.test(p)) return p;
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(p);
  return m ? m[1]! : null;
}

/**
 * Who may perform any of `actions` under a resource policy. No policy means only identities of the
 * owning account (through their own IAM policies).
 */
export function principalFromResourcePolicy(doc: Maybe<PolicyDocument> | null, actions: readonly string[], ownAccount: string): Principal {
  if (doc === null) return { kind: 'same-account', detail: 'no resource policy' };
  if (isUnresolved(doc)) return { kind: 'unresolved', detail: doc.reason };
  let result: Principal = { kind: 'same-account', detail: 'resource policy grants no one else' };
  for (const s of doc.statements) {
    if (s.effect !== 'Allow') continue;
    if (s.action ? !actionMatches(s.action, actions) : s.notAction ? actionMatches(s.notAction, actions) : true) continue;
    if (s.notPrincipal) {
      result = weakest(result, { kind: 'public', detail: 'Allow with NotPrincipal' });
      continue;
    }
    const p = s.principal;
    if (!p) continue;
    if (p.any) result = weakest(result, anyWithConditions(s.condition, ownAccount));
    for (const a of p.aws ?? []) {
      if (isUnresolved(a)) {
        result = weakest(result, { kind: 'unresolved', detail: a.reason });
        continue;
      }
      if (a === '*') continue;
      const acct = accountOf(a);
      if (acct === null) result = weakest(result, { kind: 'unresolved', detail: `principal ${a}` });
      else if (acct !== ownAccount) result = weakest(result, { kind: 'cross-account', detail: `account ${acct}` });
    }
    for (const svc of p.service ?? []) {
      const keys = conditionKeys(s.condition);
      const scoped = keys.has('aws:sourcearn') || keys.has('aws:sourceaccount');
      result = weakest(result, { kind: 'aws-service', detail: isUnresolved(svc) ? 'unresolved service' : svc, scopedBySource: scoped });
    }
    if (p.federated?.length) result = weakest(result, { kind: 'authenticated-users', detail: 'federated identities' });
    if (p.canonicalUser?.length) result = weakest(result, { kind: 'cross-account', detail: 'canonical user' });
  }
  return narrowedByDeny(doc, actions, ownAccount, result);
}

const NEGATED: Record<string, string> = {
  notipaddress: 'IpAddress',
  stringnotequals: 'StringEquals',
  stringnotlike: 'StringLike',
  stringnotequalsignorecase: 'StringEqualsIgnoreCase',
  arnnotequals: 'ArnEquals',
  arnnotlike: 'ArnLike',
};

/**
 * A `Deny` to everyone unless a condition holds (`NotIpAddress aws:SourceIp`, `StringNotEquals
 * aws:SourceVpce`, ...) narrows what the Allow statements admit to the callers that condition names:
 * SAM's `IpRangeWhitelist` and `SourceVpcWhitelist`, and the usual hand-written allow-lists.
 */
function narrowedByDeny(doc: PolicyDocument, actions: readonly string[], ownAccount: string, allowed: Principal): Principal {
  if (PRINCIPAL_RANK[allowed.kind] > PRINCIPAL_RANK['any-aws-account']) return allowed;
  let result = allowed;
  for (const s of doc.statements) {
    if (s.effect !== 'Deny' || !s.principal?.any || s.condition === undefined) continue;
    if (s.action ? !actionMatches(s.action, actions) : s.notAction ? actionMatches(s.notAction, actions) : true) continue;
    const ops = Object.entries(s.condition);
    if (ops.length === 0 || !ops.every(([op]) => NEGATED[op.replace(/^ForAllValues:|^ForAnyValue:/i, '').replace(/IfExists$/i, '').toLowerCase()] !== undefined)) continue;
    // Denied unless any of the conditions is met: who remains is the widest of their complements.
    let remains: Principal | null = null;
    for (const [op, block] of ops) {
      const positive = NEGATED[op.replace(/^ForAllValues:|^ForAnyValue:/i, '').replace(/IfExists$/i, '').toLowerCase()]!;
      const p = anyWithConditions({ [positive]: block }, ownAccount);
      remains = remains === null ? p : weakest(remains, p);
    }
    if (remains !== null && PRINCIPAL_RANK[remains.kind] > PRINCIPAL_RANK[result.kind]) result = remains;
  }
  return result;
}

/** Classifies a Lambda::Permission principal string. */
export function principalFromPermission(
  principalValue: Maybe<string>,
  sourceArn: Maybe<string> | null,
  sourceAccount: Maybe<string> | null,
  orgId: Maybe<string> | null,
  ownAccount: string,
): Principal {
  if (isUnresolved(principalValue)) return { kind: 'unresolved', detail: principalValue.reason };
  const p = principalValue;
  if (p === '*' || p === 'AWS:*') {
    if (orgId) return { kind: 'cross-account', detail: 'accounts of an AWS Organization' };
    if (sourceAccount && !isUnresolved(sourceAccount)) return sourceAccount === ownAccount ? { kind: 'same-account', detail: 'limited by SourceAccount' } : { kind: 'cross-account', detail: `account ${sourceAccount}` };
    if (sourceArn) return { kind: 'aws-service', detail: 'limited by SourceArn', scopedBySource: true };
    return { kind: 'public', detail: 'Principal "*"' };
  }
  if (p.endsWith('.amazonaws.com') || p.endsWith('.amazon.com') || p.endsWith('.amazonaws.com.cn')) {
    return { kind: 'aws-service', detail: p, scopedBySource: Boolean(sourceArn || sourceAccount) };
  }
  const acct = accountOf(p);
  if (acct !== null) return acct === ownAccount ? { kind: 'same-account', detail: p } : { kind: 'cross-account', detail: `account ${acct}` };
  return { kind: 'unresolved', detail: `principal ${p}` };
}
