import { defineRule } from '../../engine/types.js';
import { severityFor } from '../../model/findings.js';
import { DEPRECATED_RUNTIMES, RUNTIMES_AS_OF } from '../../analyses/posture/runtimes.js';
import { callerWords } from '../../analyses/posture/invocation.js';
import { surfaceOf } from '../../analyses/surface/exposure.js';

/**
 * A function on a runtime AWS has deprecated (src/analyses/posture/runtimes.ts, with sources): the
 * language runtime and OS no longer get security patches. Impact high (a known, unpatched flaw in
 * the runtime is exploitable through whatever the function parses), moved by the function's most
 * exposed caller: high when anyone on the internet reaches it, low when nothing outside the
 * account does.
 */
export default defineRule({
  id: 'posture/no-deprecated-runtime',
  meta: {
    description: 'Functions must not run on a runtime AWS has deprecated (no more security patches).',
    category: 'deprecated-runtime',
    severity: 'medium',
    cwe: [1104],
    profile: 'hardening',
    messages: {
      deprecated: '{{fn}} runs on {{runtime}}, deprecated by AWS on {{date}}: its language runtime and OS get no more security patches, and {{caller}}. Move to {{upgrade}}.',
    },
    requires: ['surface'],
    sources: [
      { tool: 'checkov', id: 'CKV_AWS_363' },
      { tool: 'cdk-nag', id: 'AwsSolutions-L1' },
      { tool: 'cfn-lint', id: 'E2531' },
    ],
  },
  create(context) {
    const surface = surfaceOf(context.analyses);
    for (const fn of context.model.functions) {
      if (typeof fn.runtime !== 'string' || fn.cloud !== undefined) continue; // the table is Lambda's
      const dep = DEPRECATED_RUNTIMES[fn.runtime];
      if (!dep || dep.deprecated > RUNTIMES_AS_OF) continue;
      const caller = callerWords(context.model, surface, fn.id);
      context.report({
        messageId: 'deprecated',
        data: { fn: fn.logicalId, runtime: fn.runtime, date: dep.deprecated, caller: caller.words, upgrade: dep.upgrade },
        subject: fn.id,
        key: `runtime::${fn.runtime}`,
        location: fn.posture?.runtimeLocation ?? fn.location,
        functions: [fn.id],
        severity: severityFor('high', caller.reach),
      });
    }
  },
});
