/**
 * The declaration form of the data-family posture rules (issue 22): a hardening gap of a data
 * resource (encryption at rest, recovery, versioning, rotation) reported on the resource, at the
 * severity what the app puts in it (or reads from it) gives: who reaches the functions that write
 * (or read) it, `analyses/posture/data.ts`. A rule of this kind is a declaration: the gap it looks
 * for in the resource's declared posture, and the severity a caller gives it.
 */
import { defineRule, type PeerCheck, type Rule } from '../engine/types.js';
import type { Category, Reach, Severity } from '../model/findings.js';
import type { ResourceNode, SourceLocation } from '../model/types.js';
import { DataHolders, type DataMode, type DataReach } from '../analyses/posture/data.js';

export interface DataGap {
  /** Which message of the declaration. */
  messageId: string;
  /** Words for the gap (`SqsManagedSseEnabled: false`), for `{{gap}}`. */
  gap: string;
  location: SourceLocation;
}

export interface DataPostureDeclaration {
  id: string;
  description: string;
  category: Category;
  /** The impact when anyone on the internet fills (or reads) the resource. */
  severity: Severity;
  cwe?: number[];
  sources: PeerCheck[];
  /** Whose reach counts: the functions that write the resource, or those that read it. */
  mode: DataMode;
  /** Messages; placeholders `{{res}}` (logical id), `{{type}}`, `{{gap}}`, `{{who}}` (who writes or reads it). */
  messages: Record<string, string>;
  /** The gap in a resource's declared posture, or null when there is none (or the type is not this rule's). */
  gap(resource: ResourceNode): DataGap | null;
  /** The finding's severity from who fills (or reads) the resource. */
  severityFor(reach: Reach, resource: ResourceNode, data: DataReach): Severity;
}

export function dataPostureRule(d: DataPostureDeclaration): Rule {
  return defineRule({
    id: d.id,
    meta: { description: d.description, category: d.category, severity: d.severity, ...(d.cwe ? { cwe: d.cwe } : {}), profile: 'hardening', messages: d.messages, requires: ['iam', 'surface', 'access'], sources: d.sources },
    create(context) {
      let holders: DataHolders | null = null;
      for (const r of context.model.resources) {
        if (!r.posture || r.cloud !== undefined) continue;
        const g = d.gap(r);
        if (!g) continue;
        holders ??= new DataHolders(context.model, context.analyses.surface, context.analyses.access);
        const data = holders.reachOf(r.id, d.mode);
        context.report({
          messageId: g.messageId,
          data: { res: r.logicalId, type: r.type, gap: g.gap, who: data.words },
          subject: r.id,
          key: d.id.slice(d.id.indexOf('/') + 1),
          location: g.location,
          functions: data.functions,
          severity: d.severityFor(data.reach, r, data),
        });
      }
    },
  });
}
