import { defineRule } from '../../engine/types.js';
import { isApiEntry, isPrivateApi, surfaceOf } from '../../analyses/surface/exposure.js';
import { severityFor } from '../../model/findings.js';

/**
 * An API Gateway route or method that invokes a function with no authorizer, no IAM auth and no
 * restricting resource policy: anyone who finds the URL can call it. What it gives is what the
 * functions behind it can do (docs/severity.md): high when they hold any grant beyond what Lambda
 * itself needs (logs, traces, polling), medium when they hold nothing more (a public-by-design
 * hello world, an echo, an OAuth callback).
 */
export default defineRule({
  id: 'surface/no-unauthenticated-api-route',
  meta: {
    description: 'API routes that invoke functions must have an authorizer, IAM auth or a restricting resource policy.',
    category: 'public-unauthenticated-entry',
    severity: 'high',
    cwe: [306],
    messages: {
      public: '{{route}} on {{api}} invokes {{fn}} with no authentication: anyone on the internet can call it{{gives}}.',
      private: '{{route}} on private API {{api}} invokes {{fn}} with no authentication; only callers inside the allowed VPC endpoints can reach it.',
      unresolved: 'The authentication of {{route}} on {{api}} (invokes {{fn}}) could not be determined ({{reason}}).',
    },
    requires: ['surface'],
    sources: [
      { tool: 'checkov', id: 'CKV_AWS_59' },
      { tool: 'cfn_nag', id: 'W59' },
      { tool: 'cdk-nag', id: 'APIG4' },
      { tool: 'nightlight-field', id: 'EXP-API-NOAUTH-REST' },
      { tool: 'nightlight-field', id: 'EXP-API-NOAUTH-HTTP' },
      { tool: 'nightlight-field', id: 'EXP-SAM-EVENT-NOAUTH' },
    ],
  },
  create(context) {
    const surface = surfaceOf(context.analyses);
    for (const ep of context.model.entryPoints) {
      if (!isApiEntry(ep)) continue;
      // CORS preflight is unauthenticated by design.
      if (ep.method === 'OPTIONS') continue;
      const data = { route: ep.label, api: ep.source ?? 'API', fn: ep.targets.join(', ') };
      const base = { subject: ep.id, key: 'auth', location: ep.location, functions: ep.targets };
      if (ep.auth.kind === 'none') {
        if (isPrivateApi(context.model, ep)) context.report({ ...base, messageId: 'private', data, severity: 'low' });
        else if (ep.principal.kind === 'public') {
          const worst = surface?.blastRadius[ep.id]?.worst ?? null;
          const gives = worst !== null ? `, and reach ${worst}` : ' (the function holds no permission beyond logging: fine if it is public by design)';
          context.report({ ...base, messageId: 'public', data: { ...data, gives }, severity: severityFor(worst !== null ? 'high' : 'medium', ep.principal.kind) });
        }
      } else if (ep.auth.kind === 'unresolved') {
        context.report({ ...base, messageId: 'unresolved', data: { ...data, reason: ep.auth.reason ?? 'unknown' }, severity: 'medium' });
      }
    }
  },
});
