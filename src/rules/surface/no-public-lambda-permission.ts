import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isUnresolved } from '../../model/types.js';

/**
 * A Lambda resource policy that lets `*` (or any AWS account) invoke a function directly, with no
 * SourceArn, SourceAccount or PrincipalOrgID to narrow it.
 */
export default findingsRule({
  id: 'surface/no-public-lambda-permission',
  description: 'Lambda permissions must not grant invocation to everyone ("*") without a narrowing condition.',
  category: 'public-resource-policy',
  severity: 'critical',
  cwe: [284],
  messages: {
    public: 'Permission {{perm}} lets anyone invoke {{fn}} ({{action}}) with no SourceArn, SourceAccount or PrincipalOrgID condition.',
    action: 'Permission {{perm}} grants {{action}} on {{fn}} to {{principal}}: only lambda:InvokeFunction or lambda:InvokeFunctionUrl should be granted.',
  },
  requires: [],
  sources: peers('cfn_nag:F13', 'checkov:CKV_AWS_301', 'nightlight-field:EXP-PERM-PUBLIC', 'nightlight-field:EXP-PERM-ACTION'),
  reads: 'model',
  *findings(model) {
    for (const fn of model.functions) {
      for (const p of fn.permissions) {
        const principal = isUnresolved(p.principal) ? null : p.principal;
        const action = isUnresolved(p.action) ? null : p.action;
        const data = { perm: p.resourceId, fn: fn.id, action: action ?? 'an unresolved action', principal: principal ?? 'an unresolved principal' };
        // Function URLs with AuthType NONE need this permission; that exposure is reported by require-function-url-auth.
        const urlNone = (action === 'lambda:InvokeFunctionUrl' || p.invokedViaFunctionUrl) && (p.functionUrlAuthType === 'NONE' || p.invokedViaFunctionUrl || fn.url?.authType === 'NONE');
        if ((principal === '*' || principal === 'AWS:*') && !p.sourceArn && !p.sourceAccount && !p.principalOrgId && !urlNone) {
          yield { messageId: 'public', data, subject: fn.id, key: `${p.resourceId}:public`, location: p.location, functions: [fn.id] };
        }
        if (action && !/^lambda:(InvokeFunction|InvokeFunctionUrl|InvokeAsync)$/i.test(action)) {
          yield { messageId: 'action', data, subject: fn.id, key: `${p.resourceId}:action`, location: p.location, functions: [fn.id], severity: 'high' };
        }
      }
    }
  },
});
