/**
 * Raw IAM policy JSON (as AWS publishes managed policies, or as a test writes one) → the model's
 * PolicyDocument. Values that are not strings become unresolved rather than disappearing.
 */
import type {
  Maybe,
  PolicyConditions,
  PolicyDocument,
  PolicyPrincipal,
  PolicyStatement,
  SourceLocation,
} from '../../model/types.js';
import { dict, unresolved } from '../../model/types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown, what: string): Maybe<string>[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return unresolved(`${what} value is not a string`);
  });
}

function principal(value: unknown): PolicyPrincipal {
  if (value === '*') return { any: true };
  const out: PolicyPrincipal = {};
  if (!isRecord(value)) return { aws: [unresolved('Principal is neither "*" nor an object')] };
  for (const [key, v] of Object.entries(value)) {
    const list = strings(v, `Principal ${key}`);
    switch (key) {
      case 'AWS':
        out.aws = list;
        break;
      case 'Service':
        out.service = list;
        break;
      case 'Federated':
        out.federated = list;
        break;
      case 'CanonicalUser':
        out.canonicalUser = list;
        break;
      default:
        out.aws = [...(out.aws ?? []), unresolved(`unknown principal type ${key}`)];
    }
  }
  return out;
}

function conditions(value: unknown): PolicyConditions {
  const out: PolicyConditions = {};
  if (!isRecord(value)) return out;
  for (const [operator, block] of Object.entries(value)) {
    if (!isRecord(block)) continue;
    const keys: Record<string, Maybe<string>[]> = dict();
    for (const [key, v] of Object.entries(block)) keys[key] = strings(v, `Condition ${operator} ${key}`);
    out[operator] = keys;
  }
  return out;
}

/** One statement of raw policy JSON. */
export function statementFromJson(raw: unknown, location: SourceLocation): PolicyStatement {
  const s = isRecord(raw) ? raw : {};
  const statement: PolicyStatement = {
    effect: s['Effect'] === 'Deny' ? 'Deny' : 'Allow',
    location,
  };
  if (typeof s['Sid'] === 'string') statement.sid = s['Sid'];
  if ('Action' in s) statement.action = strings(s['Action'], 'Action');
  if ('NotAction' in s) statement.notAction = strings(s['NotAction'], 'NotAction');
  if (!('Action' in s) && !('NotAction' in s)) statement.action = [];
  if ('Resource' in s) statement.resource = strings(s['Resource'], 'Resource');
  if ('NotResource' in s) statement.notResource = strings(s['NotResource'], 'NotResource');
  if ('Principal' in s) statement.principal = principal(s['Principal']);
  if ('NotPrincipal' in s) statement.notPrincipal = principal(s['NotPrincipal']);
  if ('Condition' in s) statement.condition = conditions(s['Condition']);
  return statement;
}

/**
 * A raw policy document (`{ Version, Statement }`) as a PolicyDocument. Every statement gets
 * `location`: managed policies have no place in the user's files other than where they are attached.
 */
export function policyFromJson(raw: unknown, location: SourceLocation): PolicyDocument {
  const doc = isRecord(raw) ? raw : {};
  const body = doc['Statement'];
  const list = Array.isArray(body) ? body : body === undefined ? [] : [body];
  return { statements: list.map((s) => statementFromJson(s, location)), location };
}
