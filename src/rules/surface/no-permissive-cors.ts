import { peers } from '../../engine/types.js';
import { findingsRule, type Reported } from '../kinds.js';
import type { CorsConfig, EntryPoint } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';

const AUTHENTICATED = new Set(['cognito', 'jwt', 'lambda-authorizer', 'iam']);

function wildcardOrigin(c: CorsConfig): boolean {
  return c.allowOrigins.some((o) => o === '*' || isUnresolved(o));
}

/** The finding of a wildcard origin on a function URL or an API whose callers authenticate, or none. */
function corsGap(what: string, subject: string, cors: CorsConfig, eps: EntryPoint[], functions: string[]): Reported<'credentials' | 'authenticated'>[] {
  if (!wildcardOrigin(cors)) return [];
  const origins = cors.allowOrigins.map((o) => (isUnresolved(o) ? 'unresolved' : o)).join(', ');
  if (cors.allowCredentials === true || isUnresolved(cors.allowCredentials)) return [{ messageId: 'credentials', data: { what, origins }, subject, key: 'cors', location: cors.location, functions }];
  const auth = [...new Set(eps.filter((e) => AUTHENTICATED.has(e.auth.kind)).map((e) => e.auth.kind))];
  return auth.length ? [{ messageId: 'authenticated', data: { what, origins, auth: auth.join(', ') }, subject, key: 'cors', location: cors.location, functions }] : [];
}

/**
 * CORS that lets any website call an endpoint that relies on the caller's identity: a wildcard
 * origin on an authenticated or credentialed endpoint turns every page a signed-in user visits
 * into a possible client of the API.
 */
export default findingsRule({
  id: 'surface/no-permissive-cors',
  description: 'Authenticated or credentialed endpoints must not allow every origin in their CORS policy.',
  category: 'permissive-cors',
  severity: 'medium',
  cwe: [942],
  messages: {
    credentials: '{{what}} allows any origin ({{origins}}) together with credentials: any website can make credentialed requests to it.',
    authenticated: '{{what}} allows any origin ({{origins}}) on an endpoint that authenticates callers ({{auth}}): any website a signed-in user visits can call it with their token.',
  },
  requires: [],
  sources: peers('checkov:CKV2_AWS_75', 'nightlight-field:EXP-FURL-CORS'),
  reads: 'model',
  *findings(model) {
    for (const fn of model.functions) {
      if (!fn.url?.cors) continue;
      const eps = model.entryPoints.filter((e) => e.kind === 'function-url' && e.targets.includes(fn.id));
      yield* corsGap(`The function URL of ${fn.id}`, fn.id, fn.url.cors, eps, [fn.id]);
    }
    for (const api of model.resources) {
      const cors = api.attributes.cors;
      if (!cors) continue;
      const eps = model.entryPoints.filter((e) => e.source === api.id && e.method !== 'OPTIONS');
      yield* corsGap(`API ${api.id}`, api.id, cors, eps, [...new Set(eps.flatMap((e) => e.targets))].sort());
    }
  },
});
