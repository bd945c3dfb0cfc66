import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { openEndpointRank } from '../../model/findings.js';
import { isUnresolved } from '../../model/types.js';

/**
 * A function URL with AuthType NONE is a public HTTPS endpoint: anyone on the internet can invoke
 * the function, and no WAF can be attached to it directly. Applies to every cloud (docs/clouds.md):
 * a Google Cloud Function or Cloud Run service whose invoker role is granted to `allUsers`, and an
 * Azure HTTP trigger with `authLevel: anonymous` and no Easy Auth, are the same endpoint. An ingress
 * setting that keeps the endpoint on internal networks (Google ALLOW_INTERNAL_ONLY) is not public.
 * Severity is what the endpoint gives, as for an open API route (docs/severity.md): high when the
 * function holds any grant beyond what it needs to run (logs, traces, polling), medium when it holds
 * nothing more (a public-by-design endpoint); high when what it holds is not known.
 */
export default findingsRule({
  id: 'surface/require-function-url-auth',
  description: 'Function URLs must require IAM authentication (AuthType AWS_IAM) unless the function is meant to be public.',
  category: 'public-unauthenticated-entry',
  severity: 'high',
  cwe: [306],
  messages: {
    none: 'Function {{fn}} has a function URL with AuthType NONE: anyone on the internet can invoke it{{gives}}.',
    cloudNone: 'Function {{fn}} has an HTTPS endpoint anyone on the internet can invoke ({{native}}){{gives}}.',
    unresolved: 'The AuthType of the function URL of {{fn}} could not be resolved ({{reason}}); it may be public.',
  },
  requires: [],
  sources: peers('checkov:CKV_AWS_258', 'cdk-nag:LambdaFunctionUrlAuth', 'nightlight-field:EXP-FURL-NONE'),
  reads: 'surface',
  *findings(surface, { model }) {
    for (const fn of model.functions) {
      const url = fn.url;
      if (!url) continue;
      const entry = model.entryPoints.find((e) => e.kind === 'function-url' && e.targets.includes(fn.id));
      if (url.authType === 'NONE') {
        // Not public (ingress, Easy Auth), or a key is required (Azure authLevel function/admin: an API key)
        if (entry && (entry.principal.kind !== 'public' || entry.auth.kind === 'api-key')) continue;
        // What the endpoint gives; with no entry point nothing says what the function holds: high.
        const radius = entry ? surface.blastRadius[entry.id] : undefined;
        const { severity, gives } = openEndpointRank(radius ? [radius] : []);
        if (fn.cloud) yield { messageId: 'cloudNone', data: { fn: fn.id, native: entry?.auth.native ?? entry?.principal.native ?? 'no authentication', gives }, subject: fn.id, key: 'url', location: url.authTypeLocation, functions: [fn.id], severity };
        else yield { messageId: 'none', data: { fn: fn.id, gives }, subject: fn.id, key: 'url', location: url.authTypeLocation, functions: [fn.id], severity };
      } else if (isUnresolved(url.authType)) {
        yield { messageId: 'unresolved', data: { fn: fn.id, reason: url.authType.reason }, subject: fn.id, key: 'url', location: url.authTypeLocation, functions: [fn.id], severity: 'medium' };
      }
    }
  },
});
