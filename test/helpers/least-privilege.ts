/**
 * The two promises of `nightlight policy` for one function, shared by the tests of every app that
 * checks them: the suggestion is strictly narrower than what the role grants (and grants nothing
 * new), and it allows every call the code makes on the resource the call names.
 */
import assert from 'node:assert/strict';
import type { AnalyzedRun } from '../../src/engine/result.js';
import { actionCatalog, evaluateAccess, policyFromJson } from '../../src/analyses/iam/index.js';
import { requestArn, suggestedPolicyJson } from '../../src/analyses/iam/least-privilege.js';

const loc = { file: 'suggested', line: 1, column: 1 };

export function assertStrictlyNarrower(result: AnalyzedRun, functionId: string): void {
  const lp = result.analyses.leastPrivilege;
  const iam = result.analyses.iam;
  const f = lp.functions[functionId]!;
  const suggestedActions = f.suggested.reduce((n, s) => n + s.actions.length, 0);
  assert.ok(suggestedActions < f.grantedActions, `${suggestedActions} suggested < ${f.grantedActions} granted`);
  // everything suggested is already granted: nothing is widened
  for (const s of f.suggested) {
    for (const action of s.actions) {
      for (const resource of s.resources) {
        const d = iam.isAllowed(functionId, action, resource).decision;
        assert.ok(d === 'allowed' || d === 'conditionally-allowed', `${action} on ${resource} is granted today (${d})`);
      }
    }
  }
}

/** Returns the number of (call, action) pairs checked. */
export function assertCoversEveryCall(result: AnalyzedRun, functionId: string): number {
  const lp = result.analyses.leastPrivilege;
  const code = result.analyses.code;
  const catalog = actionCatalog();
  const doc = policyFromJson(suggestedPolicyJson(lp.functions[functionId]!), loc);
  const policy = [{ name: 'suggested', document: doc }];
  let checked = 0;
  for (const call of code.functions[functionId]!.calls) {
    for (const action of call.actions) {
      checked++;
      const known = call.targets.filter((t) => t.node !== null && t.arns.length === 1);
      if (!known.length) {
        // unknown target: the action is kept, on the scope the notes explain
        assert.ok(doc.statements.some((s) => s.action?.includes(action)), `${action} (target unknown) is in the suggestion`);
        continue;
      }
      for (const t of known) {
        const resource = requestArn(catalog, action, t.arns[0]!);
        const d = evaluateAccess({ identityPolicies: policy, request: { action, resource } }).decision;
        assert.equal(d, 'allowed', `${action} on ${resource} (${call.location.file}:${call.location.line})`);
      }
    }
  }
  return checked;
}
