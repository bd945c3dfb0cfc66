import { defineRule } from '../../engine/types.js';

/**
 * A .zip function without a code signing configuration: Lambda accepts any package from whoever
 * can update the function's code, so a leaked deployment credential or a tampered build artifact
 * runs as the function's role. Container images are out of scope (Lambda code signing covers .zip
 * packages only). Low: it hardens the supply chain, no outsider reaches it through the app.
 */
export default defineRule({
  id: 'posture/require-code-signing',
  meta: {
    description: 'Functions deployed as .zip packages should verify their code with a code signing configuration.',
    category: 'misconfiguration',
    severity: 'low',
    cwe: [494],
    profile: 'hardening',
    messages: {
      unsigned: '{{fn}} has no CodeSigningConfigArn: Lambda runs any package whoever can update its code uploads, with the permissions of its role.',
    },
    requires: [],
    sources: [{ tool: 'checkov', id: 'CKV_AWS_272' }],
  },
  create(context) {
    for (const fn of context.model.functions) {
      const p = fn.posture;
      if (!p || p.image || p.codeSigningConfig !== null) continue;
      context.report({ messageId: 'unsigned', data: { fn: fn.logicalId }, subject: fn.id, key: 'code-signing', location: fn.location, functions: [fn.id], severity: 'low' });
    }
  },
});
