import { findingsRule } from '../kinds.js';
import { severityForPrincipal } from '../../analyses/code/findings.js';
import { PRINCIPAL_RANK } from '../../model/policy.js';
import type { EntryPoint, EntryPointKind } from '../../model/types.js';

/** Entry points whose caller receives what the function returns (a synchronous response). */
const RESPONDS: ReadonlySet<EntryPointKind> = new Set<EntryPointKind>(['rest-api-method', 'http-api-route', 'websocket-route', 'function-url', 'alb-target', 'iam-principal', 'lambda-permission']);

/**
 * A caught exception (the object, its message or its stack, a Python traceback) put in the body of
 * the HTTP response the function returns: the caller learns table and bucket names, ARNs, file
 * paths, library versions and query text. Only callers that receive the response count: API
 * routes, function URLs, load balancers and direct invokers; a service integration that writes to
 * the function's trigger does not get the function's answer.
 */
export default findingsRule({
  id: 'code/no-verbose-error',
  description: 'Exceptions, their messages and stack traces must not be returned to the caller.',
  category: 'verbose-error',
  severity: 'low',
  cwe: [209],
  messages: {
    taint: '{{fn}} returns {{source}} in {{sink}}: the caller reads internal details (resource names, ARNs, paths, stack frames); reachable from {{exposure}}.',
  },
  requires: ['code', 'surface'],
  reads: 'code',
  *findings(code, { model }) {
    for (const id of Object.keys(code.functions).sort()) {
      const callers = model.entryPoints.filter((e) => e.targets.includes(id) && !e.via && RESPONDS.has(e.kind));
      if (callers.length === 0) continue;
      const best = callers.reduce((a: EntryPoint, b) => (PRINCIPAL_RANK[b.principal.kind] < PRINCIPAL_RANK[a.principal.kind] ? b : a));
      const ordinals = new Map<string, number>();
      for (const f of code.functions[id]!.taint) {
        if (f.category !== 'verbose-error') continue;
        const base = `verbose-error:${f.location.file}`;
        const n = (ordinals.get(base) ?? 0) + 1;
        ordinals.set(base, n);
        yield {
          messageId: 'taint',
          data: { fn: id, source: f.sourceLabel === 'the caught exception' ? f.sourceLabel : `\`${f.sourceLabel}\``, sink: f.sink, exposure: `${best.label} (${best.principal.kind})` },
          subject: id,
          key: `${base}#${n}`,
          location: f.location,
          severity: severityForPrincipal('low', best.principal.kind),
          functions: [id],
          related: [{ location: best.location, message: `${best.label}: ${best.principal.kind}` }],
          flows: [f.path],
        };
      }
    }
  },
});
