import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import type { EntryPoint, RequestValidation } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import { openRequest, storeWrittenBy } from '../../analyses/posture/request.js';

/** Methods whose request carries a body API Gateway can check against a model. */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

/** What the route declares that no validator checks, in words; null when everything declared is checked. */
function gaps(ep: EntryPoint, r: RequestValidation): string[] {
  const v = r.validator !== null && !isUnresolved(r.validator) ? r.validator : null;
  const out: string[] = [];
  if (BODY_METHODS.has(ep.method ?? '') || r.model) {
    if (!r.model) out.push(v?.body === true ? 'its validator checks the body, but no request model is declared to check it against' : 'its body is checked against no request model and by no validator');
    else if (v?.body !== true) out.push(v ? `its request model is declared but validator ${v.name} does not check the body` : 'its request model is declared but no request validator checks the body against it');
  }
  if (r.requiredParameters.length > 0 && v?.parameters !== true) out.push(`its required parameters (${r.requiredParameters.join(', ')}) are checked by no validator`);
  return out;
}

/**
 * A method of a REST API that anyone on the internet calls without signing in (no authorizer, or
 * an API key only), and that takes a body or declares required parameters which no request
 * validator checks (CKV2_AWS_53): every malformed or oversized-by-shape request reaches the function
 * and is billed. Low; medium when a function behind the route writes a data store (a table, bucket,
 * queue, stream...), where an unchecked body is kept for every reader. Routes that need a sign-in
 * or an IAM signature, and private APIs, are not reported: the caller is known. HTTP APIs have no
 * request validation.
 */
export default findingsRule({
  id: 'posture/require-request-validation',
  description: 'A REST method anyone calls without signing in should have its body and required parameters checked by a request validator.',
  category: 'misconfiguration',
  severity: 'medium',
  cwe: [20],
  profile: 'hardening',
  requires: ['surface', 'access'],
  sources: peers('checkov:CKV2_AWS_53', 'cdk-nag:AwsSolutions-APIG2'),
  messages: {
    route: '{{route}} of {{api}}: anyone on the internet calls it without signing in, and {{gaps}}; whatever shape a request has, {{fns}} runs on it{{stored}}.',
    unresolved: '{{route}} of {{api}}: anyone on the internet calls it without signing in, and which request validator applies could not be decided ({{why}}).',
  },
  reads: 'model',
  *findings(model, { analyses }) {
    for (const ep of model.entryPoints) {
      const request = openRequest(ep);
      if (!request) continue;
      const base = { subject: ep.id, functions: ep.targets, location: ep.location };
      const api = ep.source ?? '(an API outside the scan)';
      const v = request.validator;
      const why = v !== null && isUnresolved(v) ? v.reason : v !== null && isUnresolved(v.body) ? v.body.reason : v !== null && isUnresolved(v.parameters) ? v.parameters.reason : null;
      if (why !== null) {
        yield { ...base, messageId: 'unresolved', key: `request-validation:${ep.label}`, data: { route: ep.label, api, why }, severity: 'info' };
        continue;
      }
      const found = gaps(ep, request);
      if (found.length === 0) continue;
      const store = storeWrittenBy(model, analyses.access, ep.targets);
      yield {
        ...base,
        messageId: 'route',
        key: `request-validation:${ep.label}`,
        data: { route: ep.label, api, gaps: found.join(', and '), fns: ep.targets.join(', '), stored: store ? ` and writes to ${store}, where an unchecked body is kept for every reader` : '' },
        severity: store ? 'medium' : 'low',
      };
    }
  },
});
