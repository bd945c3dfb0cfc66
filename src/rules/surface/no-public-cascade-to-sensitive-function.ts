import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import type { FlowStep } from '../../model/findings.js';
import { severityRank } from '../../model/findings.js';
import type { RiskMatch } from '../../analyses/iam/index.js';

const EXPOSED = new Set(['public', 'any-aws-account', 'unresolved']);

/**
 * A public entry point reaches, through queues, topics, buckets or invocations, a function that can
 * do something dangerous (escalate privileges, rewrite code, read secrets). The function behind
 * the first hop may be harmless; the one at the end of the cascade is not, and the attacker's
 * event (or its consequences) reaches it all the same.
 */
export default findingsRule({
  id: 'surface/no-public-cascade-to-sensitive-function',
  description: 'Public entry points must not reach, through a cascade of resources and functions, a function with dangerous permissions.',
  category: 'cascade',
  severity: 'high',
  cwe: [284, 269],
  messages: {
    cascade: '{{entry}} ({{who}}) reaches {{fn}} through {{path}}, and {{fn}} can {{capability}}.',
  },
  requires: ['surface', 'iam'],
  sources: peers('nightlight-field:EXP-QUEUE-TOPIC-PUBLIC', 'nightlight-field:DOW-FANOUT'),
  reads: 'surface',
  *findings(surface, { model, analyses }) {
    const risks = analyses.iamRisks;
    const eps = new Map(model.entryPoints.map((e) => [e.id, e]));
    const fns = new Map(model.functions.map((f) => [f.id, f]));
    const resources = new Map(model.resources.map((r) => [r.id, r]));
    for (const reach of surface.reaches) {
      if (reach.depth < 1) continue;
      const ep = eps.get(reach.entryPoint);
      if (!ep || !EXPOSED.has(ep.principal.kind)) continue;
      const worst = (risks.byFunction[reach.functionId] ?? [])
        .filter((r) => r.severity === 'critical' || r.severity === 'high')
        .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.riskId < b.riskId ? -1 : 1))[0] as RiskMatch | undefined;
      if (!worst) continue;
      const hops = reach.path.slice(1);
      const flow: FlowStep[] = [{ location: ep.location, message: `${ep.label} (${ep.principal.kind})` }];
      for (const id of hops) {
        const node = fns.get(id) ?? resources.get(id);
        if (node) flow.push({ location: node.location, message: id });
      }
      flow.push({ location: worst.location, message: `${reach.functionId} can ${worst.title}` });
      yield {
        messageId: 'cascade',
        data: { entry: ep.label, who: ep.principal.kind, fn: reach.functionId, path: hops.slice(0, -1).join(' → '), capability: worst.title },
        subject: ep.id,
        key: `cascade:${reach.functionId}`,
        location: ep.location,
        severity: ep.principal.kind === 'public' && worst.severity === 'critical' ? 'critical' : 'high',
        functions: [reach.functionId],
        related: [{ location: worst.location, message: `${reach.functionId}: ${worst.detail}` }],
        flows: [flow],
      };
    }
  },
});
