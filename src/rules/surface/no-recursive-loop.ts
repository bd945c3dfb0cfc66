import { defineRule } from '../../engine/types.js';
import { surfaceOf } from '../../analyses/surface/exposure.js';

/**
 * A function writes to what triggers it, directly or around a cycle: each event makes another, and
 * the bill grows until something breaks. AWS stops some loops (SQS, SNS, Lambda) after ~16 hops;
 * not S3-triggered ones, and not when RecursiveLoop is Allow.
 */
export default defineRule({
  id: 'surface/no-recursive-loop',
  meta: {
    description: 'Functions must not write to the resources that trigger them, directly or around a cycle.',
    category: 'recursive-invocation',
    severity: 'high',
    cwe: [674],
    messages: {
      loop: 'Recursion loop {{path}}: {{reason}}.',
    },
    requires: ['surface', 'iam'],
    sources: [{ tool: 'nightlight-field', id: 'DOW-RECURSION' }],
  },
  create(context) {
    const surface = surfaceOf(context.analyses);
    if (!surface) return;
    const fns = new Map(context.model.functions.map((f) => [f.id, f]));
    const resources = new Map(context.model.resources.map((r) => [r.id, r]));
    for (const loop of surface.loops) {
      const first = fns.get(loop.path[0]!)!;
      const members = loop.path.slice(0, -1);
      context.report({
        messageId: 'loop',
        data: { path: loop.path.join(' → '), reason: loop.reason },
        subject: [...members].sort().join('+'),
        key: 'loop',
        location: first.location,
        functions: members.filter((m) => fns.has(m)),
        severity: loop.awsDetects ? 'medium' : 'high',
        related: members.slice(1).map((m) => ({ location: (fns.get(m) ?? resources.get(m))!.location, message: m })),
      });
    }
  },
});
