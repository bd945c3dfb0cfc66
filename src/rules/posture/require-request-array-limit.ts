import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isUnresolved } from '../../model/types.js';
import { openRequest, storeWrittenBy } from '../../analyses/posture/request.js';

/**
 * An array in the body model of a REST method anyone on the internet calls without signing in
 * (no authorizer, or an API key only) that sets no `maxItems` (CKV_OPENAPI_21): up to the 10 MB a
 * request may carry, the caller chooses how many items the function loops over. Low when a request
 * validator checks the body against the model; medium when a function behind the route also writes
 * a data store (each item may become a write, billed and kept). Info when no validator checks the
 * body (`maxItems` would not be enforced either: posture/require-request-validation is the gap) or
 * the model could not be read. Signed-in, IAM and private routes, and HTTP APIs (which ignore
 * request schemas), are not reported.
 */
export default findingsRule({
  id: 'posture/require-request-array-limit',
  description: 'An array in the request model of a REST method anyone calls without signing in should set maxItems.',
  category: 'misconfiguration',
  severity: 'medium',
  cwe: [770],
  profile: 'hardening',
  requires: ['surface', 'access'],
  sources: peers('checkov:CKV_OPENAPI_21'),
  messages: {
    enforced: '{{route}} of {{api}}: anyone on the internet calls it without signing in, and its request model lets {{arrays}} hold any number of items (up to the 10 MB a request may carry); validator {{validator}} passes them all to {{fns}}{{stored}}.',
    unenforced: '{{route}} of {{api}}: its request model lets {{arrays}} hold any number of items, but no request validator checks the body against the model, so maxItems would not be enforced either (see posture/require-request-validation).',
    unresolved: '{{route}} of {{api}}: anyone on the internet calls it without signing in, and whether its request model bounds its arrays could not be decided ({{why}}).',
  },
  reads: 'model',
  *findings(model, { analyses }) {
    for (const ep of model.entryPoints) {
      const request = openRequest(ep);
      const arrays = request?.unboundedArrays;
      if (!request || arrays === undefined) continue;
      const api = ep.source ?? '(an API outside the scan)';
      const base = { subject: ep.id, functions: ep.targets, key: `request-array-limit:${ep.label}` };
      const v = request.validator;
      const undecided = v !== null && isUnresolved(v) ? v.reason : v !== null && isUnresolved(v.body) ? v.body.reason : null;
      const checked = undecided === null && v !== null && !isUnresolved(v) && v.body === true;
      if (isUnresolved(arrays)) {
        // A model that could not be read matters only where a validator may check the body against it.
        if (request.model && (checked || undecided !== null)) yield { ...base, messageId: 'unresolved', location: ep.location, data: { route: ep.label, api, why: arrays.reason }, severity: 'info' };
        continue;
      }
      if (arrays.length === 0) continue;
      const names = arrays.map((a) => a.pointer).join(', ');
      const related = arrays.slice(1).map((a) => ({ location: a.location, message: `${a.pointer} has no maxItems` }));
      const at = { ...base, location: arrays[0]!.location, ...(related.length ? { related } : {}) };
      if (undecided !== null) {
        yield { ...at, messageId: 'unresolved', data: { route: ep.label, api, why: `which request validator applies could not be decided: ${undecided}` }, severity: 'info' };
        continue;
      }
      if (!checked || v === null || isUnresolved(v)) {
        yield { ...at, messageId: 'unenforced', data: { route: ep.label, api, arrays: names }, severity: 'info' };
        continue;
      }
      const store = storeWrittenBy(model, analyses.access, ep.targets);
      yield {
        ...at,
        messageId: 'enforced',
        data: { route: ep.label, api, arrays: names, validator: v.name, fns: ep.targets.join(', '), stored: store ? `, which writes to ${store}: each item may become a billed write kept for every reader` : '' },
        severity: store ? 'medium' : 'low',
      };
    }
  },
});
