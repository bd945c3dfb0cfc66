import { defineRule } from '../../engine/types.js';
import { isApiEntry, isPrivateApi } from '../../analyses/surface/exposure.js';

/**
 * An API Gateway route or method that invokes a function with no authorizer, no IAM auth and no
 * restricting resource policy: anyone who finds the URL can call it.
 */
export default defineRule({
  id: 'surface/no-unauthenticated-api-route',
  meta: {
    description: 'API routes that invoke functions must have an authorizer, IAM auth or a restricting resource policy.',
    category: 'public-unauthenticated-entry',
    severity: 'high',
    cwe: [306],
    messages: {
      public: '{{route}} on {{api}} invokes {{fn}} with no authentication: anyone on the internet can call it.',
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
    for (const ep of context.model.entryPoints) {
      if (!isApiEntry(ep)) continue;
      // CORS preflight is unauthenticated by design.
      if (ep.method === 'OPTIONS') continue;
      const data = { route: ep.label, api: ep.source ?? 'API', fn: ep.targets.join(', ') };
      const base = { subject: ep.id, key: 'auth', location: ep.location, functions: ep.targets };
      if (ep.auth.kind === 'none') {
        if (isPrivateApi(context.model, ep)) context.report({ ...base, messageId: 'private', data, severity: 'low' });
        else if (ep.principal.kind === 'public') context.report({ ...base, messageId: 'public', data });
      } else if (ep.auth.kind === 'unresolved') {
        context.report({ ...base, messageId: 'unresolved', data: { ...data, reason: ep.auth.reason ?? 'unknown' }, severity: 'medium' });
      }
    }
  },
});
