import { riskRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Functions must not be able to invoke every function (lambda:InvokeFunction on `*` or on many functions).
 */
export default riskRule({
  id: 'iam/no-invoke-any-function',
  description: 'Functions must not be able to invoke every function (lambda:InvokeFunction on `*` or on many functions).',
  category: 'over-privileged-function',
  severity: 'medium',
  cwe: [250],
  classes: ['invoke-any'],
  sources: peers('nightlight-field:IAM-LAMBDA-INVOKE-ANY'),
});
