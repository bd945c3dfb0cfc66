/**
 * Stable identities of model elements, for comparing two runs. Like finding fingerprints (rule +
 * subject + key), they never include a line, a column, a file's formatting or its format: moving
 * unrelated lines, re-indenting, reordering keys or converting YAML to JSON keeps every identity.
 *
 * - entry point: kind + source + route (method and path, or the label) + targets
 * - permission: function + action + resource pattern
 * - cost ceiling: entry point id (+ the function it invokes)
 */
import { createHash } from 'node:crypto';

function hash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** The fields of an entry point (model or JSON report) that make its identity. */
export interface EntryPointIdentityFields {
  kind: string;
  source: string | null;
  label: string;
  method?: string;
  path?: string;
  targets: readonly string[];
}

/** Human-readable identity key of an entry point. */
export function entryPointKey(ep: EntryPointIdentityFields): string {
  const route = ep.method !== undefined && ep.path !== undefined ? `${ep.method.toUpperCase()} ${ep.path}` : ep.label;
  return `${ep.kind}|${ep.source ?? '-'}|${route}|${[...ep.targets].sort().join(',')}`;
}

export function entryPointFingerprint(ep: EntryPointIdentityFields): string {
  return hash(['entry-point', entryPointKey(ep)]);
}

/** Identity of one permission: function + action + resource pattern. */
export function permissionKey(functionId: string, action: string, resource: string): string {
  return `${functionId}|${action}|${resource}`;
}

export function permissionFingerprint(functionId: string, action: string, resource: string): string {
  return hash(['permission', functionId, action, resource]);
}

/** Identity of a cost ceiling: the entry point (and the function it invokes directly). */
export function costKey(entry: { entryPoint: string; function?: string }): string {
  return `${entry.entryPoint}|${entry.function ?? ''}`;
}

export function costFingerprint(entry: { entryPoint: string; function?: string }): string {
  return hash(['cost', costKey(entry)]);
}
