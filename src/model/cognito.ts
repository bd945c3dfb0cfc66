/**
 * User pools as attackers use them: whether anyone can sign up, which custom attributes users can
 * change, and which app clients let them write which attributes (an unset `WriteAttributes` lets
 * users write every attribute, custom ones included).
 */
import type { Maybe, ResourceNode } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import type { ModelBuilder } from './builder.js';

/** Standard OpenID Connect attributes a user pool schema may list; any other name is a custom attribute. */
const STANDARD = new Set(['address', 'birthdate', 'email', 'email_verified', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname', 'phone_number', 'phone_number_verified', 'picture', 'preferred_username', 'profile', 'sub', 'updated_at', 'website', 'zoneinfo', 'identities']);

function bool(v: RValue | undefined, dflt: boolean): Maybe<boolean> {
  if (v === undefined || v === null) return dflt;
  if (isUnresolved(v)) return v;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return unresolved(`not a boolean: ${JSON.stringify(v)}`);
}

export function addUserPoolFacts(b: ModelBuilder): void {
  const pools = new Map<ResourceNode, true>();
  for (const [stack, r] of b.ofType('AWS::Cognito::UserPool')) {
    const node = b.resourceByLogical(stack, r.logicalId);
    if (!node) continue;
    pools.set(node, true);
    const admin = asObject(r.props['AdminCreateUserConfig'] as never) as RObject;
    const adminOnly = bool(admin['AllowAdminCreateUserOnly'], false);
    node.attributes.selfSignUp = isUnresolved(adminOnly) ? adminOnly : !adminOnly;
    const schema = r.props['Schema'];
    const attrs: NonNullable<ResourceNode['attributes']['customAttributes']> = [];
    if (Array.isArray(schema)) {
      schema.forEach((a, i) => {
        const o = asObject(a as never) as RObject;
        const name = typeof o['Name'] === 'string' ? (o['Name'] as string).replace(/^custom:/, '') : null;
        if (name === null || STANDARD.has(name) || bool(o['DeveloperOnlyAttribute'], false) === true) return;
        attrs.push({ name, mutable: bool(o['Mutable'], true), location: stack.template.locate([...r.path, 'Schema', i]) });
      });
    }
    node.attributes.customAttributes = attrs;
    node.attributes.clients = [];
  }
  for (const [stack, r] of b.ofType('AWS::Cognito::UserPoolClient')) {
    const pool = b.findResource(r.props['UserPoolId'], stack, r.logicalId) ?? refPool(b, stack, r.logicalId);
    if (!pool || !pools.has(pool)) continue;
    const w = r.props['WriteAttributes'];
    const writeAttributes = w === undefined || w === null ? null : isUnresolved(w) ? [w] : (Array.isArray(w) ? w : [w]).map((x) => (typeof x === 'string' || isUnresolved(x) ? x : unresolved('attribute name is not a string')));
    pool.attributes.clients!.push({ id: b.ids.id(stack, r.logicalId), writeAttributes, location: stack.template.locate(w === undefined ? ['Resources', r.logicalId] : [...r.path, 'WriteAttributes']) });
  }
}

/** The pool a client names by `Ref` in the same template (the pool id may be unknown). */
function refPool(b: ModelBuilder, stack: import('./builder.js').Stack, logicalId: string): ResourceNode | null {
  const raw = asObject(asObject(asObject(asObject(stack.template.body['Resources'])[logicalId] as never)['Properties'] as never)['UserPoolId'] as never);
  const ref = raw['Ref'];
  return typeof ref === 'string' ? b.resourceByLogical(stack, ref) : null;
}
