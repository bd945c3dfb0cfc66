/**
 * The declaration form of the API posture rules (issue 22), `apiPostureRule`: a gap of an API's
 * stage (logging, tracing, web ACL, client certificate) or of an AppSync API, reported on the stage
 * at the severity who calls the API gives it (`analyses/posture/api.ts`). The data family's form,
 * `dataPostureRule`, is in `rules/kinds.ts`.
 */
import { defineRule, type PeerCheck, type Rule } from '../engine/types.js';
import type { Severity } from '../model/findings.js';
import type { ApiStage, ResourceNode, SourceLocation } from '../model/types.js';
import { isUnresolved } from '../model/types.js';
import { cmp } from '../model/order.js';
import { apiExposure, type ApiExposure } from '../analyses/posture/api.js';
import type { RuleDeclaration } from './kinds.js';

/** One gap of an API: a stage (or the AppSync API) without a setting. */
export interface ApiGap {
  messageId: string;
  /** Distinguishes the gaps of one API (the stage name). */
  key: string;
  /** Placeholders of the message besides `{{api}}` and `{{who}}`. */
  data: Record<string, string>;
  location: SourceLocation;
  /** The setting is given by a value that could not be resolved. */
  unresolved?: boolean;
}

export interface ApiPostureDeclaration extends RuleDeclaration {
  /** Peers: required for a posture rule (docs/fidelity.md compares them). */
  sources: PeerCheck[];
  /** Messages; placeholders `{{api}}` (the API's id: logical id, Serverless key or Terraform address), `{{who}}` (who calls it and through which route), and the gap's own. */
  messages: Record<string, string>;
  /** The gaps of one API Gateway API (its `posture.stages`) or AppSync API (`posture.appsync`). */
  gaps(api: ResourceNode, exposure: ApiExposure): ApiGap[];
  /** The finding's severity from who calls the API. */
  severityFor(exposure: ApiExposure, gap: ApiGap): Severity;
}

/** A stage's name for messages. */
export function stageName(s: ApiStage): string {
  return isUnresolved(s.name) ? '(a stage whose name could not be resolved)' : s.name;
}

/**
 * The declaration form of the API posture rules (issue 22): a hardening gap of an API's stage (or
 * of an AppSync API) reported on the stage, at the severity who calls the API gives it
 * (`analyses/posture/api.ts`).
 */
export function apiPostureRule(d: ApiPostureDeclaration): Rule {
  return defineRule({
    id: d.id,
    meta: { description: d.description, category: d.category, severity: d.severity, ...(d.cwe ? { cwe: d.cwe } : {}), profile: 'hardening', messages: d.messages, requires: ['surface'], sources: d.sources },
    create(context) {
      for (const api of context.model.resources) {
        if ((!api.posture?.stages && !api.posture?.appsync) || api.cloud !== undefined) continue;
        const exposure = apiExposure(context.model, api);
        const functions = [...new Set(context.model.entryPoints.filter((ep) => ep.source === api.id).flatMap((ep) => ep.targets))].sort(cmp);
        for (const g of d.gaps(api, exposure)) {
          context.report({
            messageId: g.messageId,
            data: { ...g.data, api: api.id, who: exposure.words },
            subject: api.id,
            key: `${d.id.slice(d.id.indexOf('/') + 1)}:${g.key}`,
            location: g.location,
            functions,
            severity: g.unresolved ? 'info' : d.severityFor(exposure, g),
          });
        }
      }
    },
  });
}
