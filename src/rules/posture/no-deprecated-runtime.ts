import { defineRule } from '../../engine/types.js';
import { lowerSeverity, maxSeverity, severityFor, type Reach, type Severity } from '../../model/findings.js';
import { isUnresolved } from '../../model/types.js';
import { DEPRECATED_RUNTIMES, RUNTIMES_AS_OF } from '../../analyses/posture/runtimes.js';
import { callerWords } from '../../analyses/posture/invocation.js';

/**
 * A function on a runtime AWS has deprecated (src/analyses/posture/runtimes.ts, with sources): the
 * language runtime and OS no longer get security patches. Impact medium: it is a patching gap, not
 * a flaw an outsider can use now (a known flaw in what the function ships is
 * `code/no-vulnerable-dependency`, at its advisory's severity). Moved by the function's most
 * exposed caller: medium when anyone on the internet reaches it, low otherwise (never below low:
 * every function on it goes unpatched), info for a function only CloudFormation calls while
 * deploying (a framework's helper). A runtime that does not resolve is reported as unresolved, one
 * step below what a deprecated one would be.
 */
function severity(reach: Reach): Severity {
  return reach === 'deployment' ? 'info' : maxSeverity('low', severityFor('medium', reach));
}

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
      unresolved: '{{fn}}: its runtime could not be resolved ({{reason}}), so whether AWS still patches it is unknown, and {{caller}}.',
    },
    requires: ['surface'],
    sources: [
      { tool: 'checkov', id: 'CKV_AWS_363' },
      { tool: 'cdk-nag', id: 'AwsSolutions-L1' },
      { tool: 'cfn-lint', id: 'E2531' },
    ],
  },
  create(context) {
    const surface = context.analyses.surface;
    for (const fn of context.model.functions) {
      if (fn.cloud !== undefined || fn.runtime === null || fn.posture?.image) continue; // the table is Lambda's; images carry their own runtime
      const location = fn.posture?.runtimeLocation ?? fn.location;
      if (isUnresolved(fn.runtime)) {
        const caller = callerWords(context.model, surface, fn.id);
        context.report({ messageId: 'unresolved', data: { fn: fn.logicalId, reason: fn.runtime.reason, caller: caller.words }, subject: fn.id, key: 'runtime::unresolved', location, functions: [fn.id], severity: lowerSeverity(severity(caller.reach)) });
        continue;
      }
      const dep = DEPRECATED_RUNTIMES[fn.runtime];
      if (!dep || dep.deprecated > RUNTIMES_AS_OF) continue;
      const caller = callerWords(context.model, surface, fn.id);
      context.report({
        messageId: 'deprecated',
        data: { fn: fn.logicalId, runtime: fn.runtime, date: dep.deprecated, caller: caller.words, upgrade: dep.upgrade },
        subject: fn.id,
        key: `runtime::${fn.runtime}`,
        location,
        functions: [fn.id],
        severity: severity(caller.reach),
      });
    }
  },
});
