import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { lowerSeverity, type Severity } from '../../model/findings.js';

/**
 * A function writes to what triggers it, directly or around a cycle: each event makes another, and
 * the bill grows until something breaks. AWS stops some loops (SQS, SNS, Lambda) after ~16 hops;
 * not S3-triggered ones, and not when RecursiveLoop is Allow. When a function's code was read, the
 * loop follows the calls it makes, not what its role allows. A loop that rests on grants alone is
 * a possibility, worded so: two steps lower when the grants name what they write to (an S3 loop is
 * low), info when one of them is on `*` (every function holding `s3:*` on `*` would otherwise "loop").
 */
export default findingsRule({
  id: 'surface/no-recursive-loop',
  description: 'Functions must not write to the resources that trigger them, directly or around a cycle.',
  category: 'recursive-invocation',
  severity: 'high',
  cwe: [674],
  messages: {
    loop: 'Recursion loop {{path}}: {{reason}}.',
    possible: 'Possible recursion loop {{path}} from IAM grants alone ({{grants}}); the handler code was not read, so whether it makes these calls is unknown: {{reason}}.',
  },
  requires: ['surface', 'iam'],
  sources: peers('nightlight-field:DOW-RECURSION'),
  reads: 'surface',
  *findings(surface, { model }) {
    const fns = new Map(model.functions.map((f) => [f.id, f]));
    const resources = new Map(model.resources.map((r) => [r.id, r]));
    for (const loop of surface.loops) {
      const first = fns.get(loop.path[0]!)!;
      const members = loop.path.slice(0, -1);
      // What the loop gives: spend AWS does not stop (high), or ~16 invocations (medium). A loop
      // that rests on grants the code was not seen to use is a possibility: two steps less when the
      // grants name their targets, info when one is on `*`.
      const impact: Severity = loop.awsDetects ? 'medium' : 'high';
      const severity: Severity = loop.certainty === 'code' ? impact : loop.certainty === 'iam' ? lowerSeverity(impact, 2) : 'info';
      yield {
        messageId: loop.certainty === 'code' ? 'loop' : 'possible',
        data: { path: loop.path.join(' → '), reason: loop.reason, grants: (loop.grants ?? []).join('; ') },
        subject: [...members].sort().join('+'),
        key: 'loop',
        location: first.location,
        functions: members.filter((m) => fns.has(m)),
        severity,
        related: members.slice(1).map((m) => ({ location: (fns.get(m) ?? resources.get(m))!.location, message: m })),
      };
    }
  },
});
