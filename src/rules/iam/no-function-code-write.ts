import { riskRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Functions must not be able to change function code, configuration, permissions, URLs or concurrency.
 */
export default riskRule({
  id: 'iam/no-function-code-write',
  description: 'Functions must not be able to change function code, configuration, permissions, URLs or concurrency.',
  category: 'code-tampering',
  severity: 'critical',
  cwe: [284, 494],
  classes: ['code-tampering'],
  sources: peers('nightlight-field:IAM-LAMBDA-WRITE', 'cloudsplaining:EditExistingLambdaFunctionWithRole'),
});
