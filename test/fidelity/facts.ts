/**
 * The security facts of a model, per function, for comparing two ways of reading the same app
 * (SAM vs. the translator's CloudFormation, serverless.yml vs. the framework's CloudFormation).
 */
import type { AppModel, Maybe, PolicyDocument, RequestValidation } from '../../src/model/types.js';
import { isUnresolved } from '../../src/model/types.js';

export interface FunctionFacts {
  triggers: string[];
  iam: string[];
  urlAuth: string;
  reservedConcurrency: string;
}

function show(v: Maybe<unknown> | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (isUnresolved(v)) return `?${v.pattern ?? ''}`;
  return String(v);
}

function statements(doc: Maybe<PolicyDocument>, into: Set<string>, prefix: string): void {
  if (isUnresolved(doc)) {
    into.add(`${prefix}unresolved`);
    return;
  }
  for (const s of doc.statements) {
    const actions = (s.action ?? s.notAction ?? []).map(show);
    const resources = (s.resource ?? s.notResource ?? ['-']).map(show);
    for (const a of actions) for (const r of resources) into.add(`${s.effect}${s.notAction ? '!' : ''} ${a.toLowerCase()} ${s.notResource ? '!' : ''}${r}`);
  }
}

/** A REST method's request validation: model, required parameters, what the validator checks. */
function requestFacts(r: RequestValidation): string {
  const v = r.validator === null ? 'none' : isUnresolved(r.validator) ? '?' : `${show(r.validator.body)}/${show(r.validator.parameters)}`;
  return `model=${r.model} required=${r.requiredParameters.join(',')} validator=${v}`;
}

/** Facts keyed by function logical id. */
export function factsOf(model: AppModel): Map<string, FunctionFacts> {
  const roles = new Map(model.roles.map((r) => [r.id, r]));
  const out = new Map<string, FunctionFacts>();
  for (const fn of model.functions) {
    const triggers = model.entryPoints
      .filter((e) => e.targets.includes(fn.id))
      .map((e) => `${e.kind}|${e.source ?? '-'}|${e.kind.includes('api') || e.kind.includes('route') ? `${e.method ?? ''} ${e.path ?? ''}` : ''}|${e.auth.kind}${e.auth.apiKeyRequired ? '+key' : ''}|${e.principal.kind}${e.request ? `|${requestFacts(e.request)}` : ''}`);
    const iam = new Set<string>();
    const role = fn.roleId ? roles.get(fn.roleId) : undefined;
    if (role) {
      for (const p of role.policies) {
        if (p.source === 'aws-managed' || p.source === 'external') iam.add(`managed ${p.name}`);
        else statements(p.document, iam, '');
      }
      if (role.permissionsBoundary) iam.add('boundary');
    } else if (fn.roleArn) iam.add(`role ${show(fn.roleArn)}`);
    out.set(fn.logicalId, {
      triggers: [...new Set(triggers)].sort(),
      iam: [...iam].sort(),
      urlAuth: fn.url ? show(fn.url.authType) : '-',
      reservedConcurrency: show(fn.reservedConcurrency),
    });
  }
  // AppSync APIs (what SAM's GraphQLApi expands to): authentication, logging, X-Ray; and the
  // roles AppSync assumes (data sources, CloudWatch logging) with what they grant.
  for (const n of model.resources) {
    const a = n.posture?.appsync;
    if (!a) continue;
    out.set(`appsync:${n.id}`, { triggers: [`auth=${a.authTypes.map(show).join(',')}`, `logging=${show(a.logging)}/${show(a.fieldLogLevel)}`], iam: [], urlAuth: '-', reservedConcurrency: '-' });
  }
  for (const role of model.roles) {
    const trust = role.trust;
    if (!trust || isUnresolved(trust) || !trust.statements.some((st) => JSON.stringify(st.principal ?? '').includes('appsync.amazonaws.com'))) continue;
    const iam = new Set<string>();
    for (const p of role.policies) {
      if (p.source === 'aws-managed' || p.source === 'external') iam.add(`managed ${p.name}`);
      else statements(p.document, iam, '');
    }
    out.set(`appsync-role:${role.logicalId ?? role.id}`, { triggers: [], iam: [...iam].sort(), urlAuth: '-', reservedConcurrency: '-' });
  }
  return out;
}

/** Compares two fact sets; returns human-readable differences (empty when they agree). */
export function diffFacts(got: Map<string, FunctionFacts>, want: Map<string, FunctionFacts>): string[] {
  const diffs: string[] = [];
  const ids = [...new Set([...got.keys(), ...want.keys()])].sort();
  for (const id of ids) {
    const g = got.get(id);
    const w = want.get(id);
    if (!g || !w) {
      diffs.push(`${id}: ${g ? 'extra' : 'missing'} function`);
      continue;
    }
    for (const k of ['triggers', 'iam', 'urlAuth', 'reservedConcurrency'] as const) {
      const a = JSON.stringify(g[k]);
      const b = JSON.stringify(w[k]);
      if (a !== b) {
        if (Array.isArray(g[k])) {
          const ga = g[k] as string[];
          const wa = w[k] as string[];
          diffs.push(`${id}.${k}: +[${ga.filter((x) => !wa.includes(x)).join('; ')}] -[${wa.filter((x) => !ga.includes(x)).join('; ')}]`);
        } else diffs.push(`${id}.${k}: ${a} vs ${b}`);
      }
    }
  }
  return diffs;
}
