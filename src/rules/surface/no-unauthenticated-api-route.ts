import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isApiEntry, isPrivateApi } from '../../analyses/surface/exposure.js';
import { openEndpointRank, severityFor } from '../../model/findings.js';
import type { EntryPoint } from '../../model/types.js';

/**
 * An API Gateway route or method that invokes a function with no authorizer, no IAM auth and no
 * restricting resource policy: anyone who finds the URL can call it. What it gives is what the
 * functions behind it can do (docs/severity.md): high when they hold any grant beyond what Lambda
 * itself needs (logs, traces, polling), medium when they hold nothing more (a public-by-design
 * hello world, an echo, an OAuth callback).
 */
export default findingsRule({
  id: 'surface/no-unauthenticated-api-route',
  description: 'API routes that invoke functions must have an authorizer, IAM auth or a restricting resource policy.',
  category: 'public-unauthenticated-entry',
  severity: 'high',
  cwe: [306],
  messages: {
    public: '{{route}} on {{api}} {{invokes}} {{fn}} with no authentication: anyone on the internet can call it{{gives}}.',
    private: '{{route}} on private API {{api}} {{invokes}} {{fn}} with no authentication; only callers inside the allowed VPC endpoints can reach it.',
    unresolved: 'The authentication of {{route}} on {{api}} ({{invokes}} {{fn}}) could not be determined ({{reason}}).',
    service: '{{route}} on {{api}} performs {{action}}{{on}} with no authentication: anyone on the internet can {{what}}.',
  },
  requires: ['surface'],
  sources: peers(
    'checkov:CKV_AWS_59',
    'cfn_nag:W59',
    'cdk-nag:APIG4',
    'nightlight-field:EXP-API-NOAUTH-REST',
    'nightlight-field:EXP-API-NOAUTH-HTTP',
    'nightlight-field:EXP-SAM-EVENT-NOAUTH',
  ),
  reads: 'surface',
  *findings(surface, { model }) {
    // One weakness, one finding: the routes of one API that invoke the same functions and say the
    // same thing (`ANY /` and `ANY /{proxy+}` to one function) are one finding listing the routes.
    // A WebSocket `$disconnect` is only called for a connection `$connect` let in: it joins the
    // `$connect` finding of its API whatever function it invokes.
    const groups = new Map<string, { kind: 'public' | 'private' | 'unresolved'; eps: EntryPoint[] }>();
    const websocket = new Map<string, { connect?: string; disconnect?: string }>();
    for (const ep of model.entryPoints) {
      if (!isApiEntry(ep)) continue;
      // CORS preflight is unauthenticated by design.
      if (ep.method === 'OPTIONS') continue;
      let kind: 'public' | 'private' | 'unresolved';
      if (ep.auth.kind === 'none') {
        if (isPrivateApi(model, ep)) kind = 'private';
        else if (ep.principal.kind === 'public') kind = 'public';
        else continue;
      } else if (ep.auth.kind === 'unresolved') kind = 'unresolved';
      else continue;
      const k = `${kind}\u0000${ep.source ?? ''}\u0000${kind === 'unresolved' ? (ep.auth.reason ?? '') : ''}`;
      // a service integration that writes to a trigger runs the trigger's functions: its own group
      const full = `${k}\u0000${[...ep.targets].sort().join('+')}${ep.via ? `\u0000${ep.via.resource}` : ''}`;
      const g = groups.get(full);
      if (g) g.eps.push(ep);
      else groups.set(full, { kind, eps: [ep] });
      if (ep.kind === 'websocket-route' && (ep.label === '$connect' || ep.label === '$disconnect')) {
        const w = websocket.get(k) ?? {};
        w[ep.label === '$connect' ? 'connect' : 'disconnect'] = full;
        websocket.set(k, w);
      }
    }
    for (const w of websocket.values()) {
      if (w.connect === undefined || w.disconnect === undefined || w.connect === w.disconnect) continue;
      const from = groups.get(w.disconnect)!;
      const moved = from.eps.filter((e) => e.kind === 'websocket-route' && e.label === '$disconnect');
      from.eps = from.eps.filter((e) => !moved.includes(e));
      if (from.eps.length === 0) groups.delete(w.disconnect);
      groups.get(w.connect)!.eps.push(...moved);
    }
    for (const { kind, eps } of groups.values()) {
      eps.sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) || a.location.line - b.location.line || (a.id < b.id ? -1 : 1));
      const first = eps[0]!;
      const functions = [...new Set(eps.flatMap((e) => e.targets))].sort();
      const routes = eps.map((e) => e.label);
      const data = { route: routes.length > 1 ? `${routes.slice(0, -1).join(', ')} and ${routes.at(-1)!}` : routes[0]!, invokes: routes.length > 1 ? 'invoke' : 'invokes', api: first.source ?? 'API', fn: first.via ? `${functions.join(', ')} (through ${[...new Set(eps.map((e) => e.via!.action))].sort().join(', ')} on ${first.via.resource})` : functions.join(', ') };
      const base = {
        subject: first.id,
        // A route added to the group is a change a baseline must not absorb: the key names the routes.
        key: eps.length > 1 ? `auth:${routes.slice().sort().join(',')}` : 'auth',
        location: first.location,
        functions,
        ...(eps.length > 1 ? { related: eps.slice(1).map((e) => ({ location: e.location, message: `${e.label} → ${e.targets.join(', ')}` })) } : {}),
      };
      if (kind === 'private') yield { ...base, messageId: 'private', data, severity: 'low' };
      else if (kind === 'unresolved') yield { ...base, messageId: 'unresolved', data: { ...data, reason: first.auth.reason ?? 'unknown' }, severity: 'medium' };
      else {
        const { severity, gives } = openEndpointRank(eps.flatMap((e) => surface.blastRadius[e.id] ?? []));
        yield { ...base, messageId: 'public', data: { ...data, gives }, severity };
      }
    }
    // AWS service integrations that reach no function: the route itself reads or writes the app's data.
    // MOCK and HTTP integrations are on the map only: nothing of the app is behind them.
    for (const api of model.resources) {
      for (const r of api.attributes.serviceRoutes ?? []) {
        if (r.integration !== 'AWS' || r.auth.kind !== 'none' || r.principal.kind !== 'public' || r.label.startsWith('OPTIONS ')) continue;
        const action = r.action ?? 'an AWS service action';
        const writes = r.action !== null && /:(Put|Send|Publish|Start|Update|Delete|BatchWrite|Create)/.test(r.action);
        yield {
          messageId: 'service',
          data: { route: r.label, api: api.id, action, on: r.resource ? ` on ${r.resource}` : '', what: writes ? `write ${r.resource ? `to ${r.resource} ` : 'to what the request names '}through the API's role` : `read what the API's role can read${r.resource ? ` from ${r.resource}` : ''}` },
          subject: `${api.id}:${r.label}`,
          key: 'auth',
          location: r.location,
          severity: severityFor('high', 'public'),
        };
      }
    }
  },
});
