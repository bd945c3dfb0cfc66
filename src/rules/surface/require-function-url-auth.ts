import { defineRule } from '../../engine/types.js';
import { isUnresolved } from '../../model/types.js';

/**
 * A function URL with AuthType NONE is a public HTTPS endpoint: anyone on the internet can invoke
 * the function, and no WAF can be attached to it directly.
 */
export default defineRule({
  id: 'surface/require-function-url-auth',
  meta: {
    description: 'Function URLs must require IAM authentication (AuthType AWS_IAM) unless the function is meant to be public.',
    category: 'public-unauthenticated-entry',
    severity: 'high',
    cwe: [306],
    messages: {
      none: 'Function {{fn}} has a function URL with AuthType NONE: anyone on the internet can invoke it.',
      unresolved: 'The AuthType of the function URL of {{fn}} could not be resolved ({{reason}}); it may be public.',
    },
    requires: [],
    sources: [
      { tool: 'checkov', id: 'CKV_AWS_258' },
      { tool: 'cdk-nag', id: 'LambdaFunctionUrlAuth' },
      { tool: 'nightlight-field', id: 'EXP-FURL-NONE' },
    ],
  },
  create(context) {
    for (const fn of context.model.functions) {
      const url = fn.url;
      if (!url) continue;
      if (url.authType === 'NONE') {
        context.report({ messageId: 'none', data: { fn: fn.id }, subject: fn.id, key: 'url', location: url.authTypeLocation, functions: [fn.id] });
      } else if (isUnresolved(url.authType)) {
        context.report({ messageId: 'unresolved', data: { fn: fn.id, reason: url.authType.reason }, subject: fn.id, key: 'url', location: url.authTypeLocation, functions: [fn.id], severity: 'medium' });
      }
    }
  },
});
