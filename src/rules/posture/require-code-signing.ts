import { postureRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * A .zip function without a code signing configuration: Lambda accepts any package from whoever
 * can update the function's code, so a leaked deployment credential or a tampered build artifact
 * runs as the function's role. Container images are out of scope (Lambda code signing covers .zip
 * packages only). Low: it hardens the supply chain, no outsider reaches it through the app.
 */
export default postureRule({
  id: 'posture/require-code-signing',
  description: 'Functions deployed as .zip packages should verify their code with a code signing configuration.',
  category: 'misconfiguration',
  severity: 'low',
  cwe: [494],
  messages: {
    unsigned: '{{fn}} has no CodeSigningConfigArn: Lambda runs any package whoever can update its code uploads, with the permissions of its role.',
  },
  requires: [],
  sources: peers('checkov:CKV_AWS_272'),
  function(fn) {
    const p = fn.posture;
    return !p || p.image || p.codeSigningConfig !== null ? null : { messageId: 'unsigned', key: 'code-signing', severity: 'low' };
  },
});
