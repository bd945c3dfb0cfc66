import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isUnresolved } from '../../model/types.js';
import { severityFor } from '../../model/findings.js';

/**
 * Custom attributes whose name says an authorization decision hangs on them (role, access, admin,
 * group, tenant, plan, ...). Names that say nothing of the kind are not reported: a user editing
 * `custom:favourite_colour` is the point of the attribute.
 */
const DECIDES = /(^|_|-|[a-z](?=[A-Z]))(role|roles|access|admin|administrator|group|groups|perm|perms|permission|permissions|privilege|privileges|scope|scopes|tier|plan|tenant|tenant_?id|org|org_?id|organization|account_?id|level|entitlement|entitlements|subscription|is_?admin|is_?staff|is_?employee|is_?verified|is_?paid|is_?premium|approved|superuser|owner|license)(?=$|_|-|[A-Z])/i;

/**
 * A user-pool app client that lets users change a mutable custom attribute that reads like an
 * authorization decision (`custom:role`, `custom:access`, `custom:tenant_id`). Any signed-in user can
 * call UpdateUserAttributes with their own access token and set it; code or an authorizer that
 * trusts the claim then grants what the user wrote. An unset `WriteAttributes` lets users write
 * every attribute.
 */
export default findingsRule({
  id: 'surface/no-user-writable-custom-attribute',
  description: 'User-pool app clients must not let users write custom attributes that authorization decisions read (role, access, admin, tenant, ...).',
  category: 'privilege-escalation',
  severity: 'high',
  cwe: [269, 639],
  messages: {
    write: 'App client {{client}} lets users of {{pool}} set {{attrs}} themselves ({{how}}){{signup}}: if the app or an authorizer decides on {{it}}, any user can grant themselves that access.',
  },
  requires: [],
  sources: peers('nightlight-field:COGNITO-WRITABLE-ATTRIBUTE', 'cloudgoat:vulnerable_cognito'),
  reads: 'model',
  *findings(model) {
    for (const pool of model.resources) {
      if (pool.kind !== 'user-pool') continue;
      const candidates = (pool.attributes.customAttributes ?? []).filter((a) => a.mutable !== false && DECIDES.test(a.name));
      if (candidates.length === 0) continue;
      const selfSignUp = pool.attributes.selfSignUp;
      for (const client of pool.attributes.clients ?? []) {
        const write = client.writeAttributes;
        const writable = candidates.filter((a) => write === null || write.some((w) => (isUnresolved(w) ? false : w === `custom:${a.name}`)));
        const unknown = write !== null && write.some((w) => isUnresolved(w));
        if (writable.length === 0 && !unknown) continue;
        const names = (writable.length ? writable : candidates).map((a) => `custom:${a.name}`);
        yield {
          messageId: 'write',
          data: {
            client: client.id,
            pool: pool.id,
            attrs: names.join(', '),
            it: names.length > 1 ? 'them' : 'it',
            how: write === null ? 'WriteAttributes is not set, so every attribute is writable' : writable.length ? 'listed in WriteAttributes' : 'WriteAttributes could not be resolved',
            signup: selfSignUp === true ? ', and anyone can sign up' : isUnresolved(selfSignUp) ? ', and sign-up may be open' : '',
          },
          subject: client.id,
          key: names.join(','),
          location: client.location,
          // Impact high (an app decision we cannot see hangs on it); anyone can sign up, or only users the admins create.
          severity: severityFor('high', selfSignUp === false ? 'authenticated-users' : isUnresolved(selfSignUp) ? 'unresolved' : 'public'),
          related: (writable.length ? writable : candidates).map((a) => ({ location: a.location, message: `custom:${a.name} is mutable` })),
        };
      }
    }
  },
});
