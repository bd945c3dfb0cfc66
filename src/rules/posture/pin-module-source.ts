import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { lowerSeverity, type Severity } from '../../model/findings.js';
import type { ModuleCall } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';

/**
 * A Terraform module call whose source is not pinned: a Git source without `ref=<commit hash>`
 * (Checkov CKV_TF_1), a registry module without an exact `version` (CKV_TF_2). Terraform fetches
 * whatever the branch, tag or newest matching release is at the next `terraform init`, and its lock
 * file does not cover modules: whoever can push to the repository or publish to the registry
 * namespace changes what is deployed, with the deployer's credentials. Local folders are part of the
 * configuration; other sources (archives, buckets) are left out.
 *
 * Severity from what the module holds: medium when it defines functions or roles of this app (the
 * code the app runs and the permissions it runs with), low otherwise, and when the module was not
 * read (a remote module `terraform init` has not downloaded) low too, since what it defines is not
 * known. A Git tag (a `ref` that looks like a version) is a convention, not a pin: one step lower.
 */
const EXACT_VERSION = /^\s*=?\s*v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?\s*$/;
const COMMIT = /^[0-9a-f]{7,40}$/;
const TAG = /^v?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.-]+)?$/;

function holds(m: ModuleCall): string {
  if (!m.loaded) return 'what it deploys is not in the scan (its source was not downloaded), so it may define any function or role';
  const parts: string[] = [];
  const list = (ids: string[]) => (ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', '));
  if (m.defines.functions.length) parts.push(`the function${m.defines.functions.length > 1 ? 's' : ''} ${list(m.defines.functions)}`);
  if (m.defines.roles.length) parts.push(`the role${m.defines.roles.length > 1 ? 's' : ''} ${list(m.defines.roles)}`);
  return parts.length ? `it defines ${parts.join(' and ')}: the code the app runs and what it may do` : 'it defines no function or role of the app, but runs with the deployer\'s credentials';
}

export default findingsRule({
  id: 'posture/pin-module-source',
  description: 'Terraform modules from Git or a registry should be pinned to a commit hash or an exact version.',
  category: 'misconfiguration',
  severity: 'medium',
  cwe: [829],
  profile: 'hardening',
  messages: {
    git: '{{module}} takes its source from {{source}} {{pin}}: whoever can push to that repository changes what the next `terraform init` fetches, and {{holds}}. Pin it with `?ref=<commit hash>`.',
    registry: '{{module}} takes {{source}} from the registry {{pin}}: the next `terraform init` fetches whatever release its publisher adds (the lock file does not cover modules), and {{holds}}. Pin it with an exact `version`.',
    unresolved: '{{module}}: its source could not be resolved ({{why}}), so whether it is pinned is unknown.',
  },
  requires: [],
  sources: peers('checkov:CKV_TF_1', 'checkov:CKV_TF_2'),
  reads: 'model',
  *findings(model) {
    for (const m of model.modules ?? []) {
      const severity: Severity = m.loaded && m.defines.functions.length + m.defines.roles.length > 0 ? 'medium' : 'low';
      const base = { subject: m.id, location: m.location, functions: m.defines.functions };
      if (isUnresolved(m.source)) {
        yield { ...base, messageId: 'unresolved', key: 'source', data: { module: m.id, why: m.source.reason }, severity: 'info' };
        continue;
      }
      if (m.origin === 'git') {
        if (m.ref !== null && COMMIT.test(m.ref)) continue;
        const tag = m.ref !== null && TAG.test(m.ref);
        const pin = m.ref === null ? 'with no ref (its default branch)' : tag ? `at tag ${m.ref}, which can be moved` : `at ${m.ref}, a branch or tag, not a commit`;
        yield { ...base, messageId: 'git', key: 'git', data: { module: m.id, source: m.source, pin, holds: holds(m) }, severity: tag ? lowerSeverity(severity) : severity };
      } else if (m.origin === 'registry') {
        if (typeof m.version === 'string' && EXACT_VERSION.test(m.version)) continue;
        if (isUnresolved(m.version)) {
          yield { ...base, messageId: 'unresolved', key: 'version', data: { module: m.id, why: `its version: ${m.version.reason}` }, severity: 'info' };
          continue;
        }
        const pin = m.version === null ? 'with no version (the newest release)' : `with version constraint "${m.version}" (any release it matches)`;
        yield { ...base, messageId: 'registry', key: 'registry', data: { module: m.id, source: m.source, pin, holds: holds(m) }, severity };
      }
    }
  },
});
