import { riskRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Functions must not be able to download the code or read the environment of other functions.
 */
export default riskRule({
  id: 'iam/no-function-code-read',
  description: 'Functions must not be able to download the code or read the environment of other functions.',
  category: 'code-exposure',
  severity: 'high',
  cwe: [200],
  classes: ['code-exposure'],
  sources: peers('nightlight-field:IAM-LAMBDA-READ-CODE'),
});
