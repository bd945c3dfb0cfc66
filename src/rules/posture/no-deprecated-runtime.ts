import { postureRule, type PostureGap } from '../kinds.js';
import { lowerSeverity, maxSeverity, severityFor, type Reach, type Severity } from '../../model/findings.js';
import { isUnresolved } from '../../model/types.js';
import { DEPRECATED_RUNTIMES, RUNTIMES_AS_OF } from '../../analyses/posture/runtimes.js';
import { peers } from '../../engine/types.js';

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

export default postureRule({
  id: 'posture/no-deprecated-runtime',
  description: 'Functions must not run on a runtime AWS has deprecated (no more security patches).',
  category: 'deprecated-runtime',
  severity: 'medium',
  cwe: [1104],
  messages: {
    deprecated: '{{fn}} runs on {{runtime}}, deprecated by AWS on {{date}}: its language runtime and OS get no more security patches, and {{caller}}. Move to {{upgrade}}.',
    unresolved: '{{fn}}: its runtime could not be resolved ({{reason}}), so whether AWS still patches it is unknown, and {{caller}}.',
  },
  requires: ['surface'],
  sources: peers('checkov:CKV_AWS_363', 'cdk-nag:AwsSolutions-L1', 'cfn-lint:E2531'),
  function(fn, view): PostureGap | null {
    if (fn.runtime === null || fn.posture?.image) return null; // the table is Lambda's; images carry their own runtime
    const location = fn.posture?.runtimeLocation ?? fn.location;
    if (isUnresolved(fn.runtime)) {
      const caller = view.caller(fn.id);
      return { messageId: 'unresolved', data: { reason: fn.runtime.reason, caller: caller.words }, key: 'runtime::unresolved', location, severity: lowerSeverity(severity(caller.reach)) };
    }
    const dep = DEPRECATED_RUNTIMES[fn.runtime];
    if (!dep || dep.deprecated > RUNTIMES_AS_OF) return null;
    const caller = view.caller(fn.id);
    return { messageId: 'deprecated', data: { runtime: fn.runtime, date: dep.deprecated, caller: caller.words, upgrade: dep.upgrade }, key: `runtime::${fn.runtime}`, location, severity: severity(caller.reach) };
  },
});
