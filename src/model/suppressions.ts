/**
 * What suppresses a finding, as read by the loaders (inline comments), the config file and the
 * model (template Metadata: `DeclaredSuppression` in `types.ts`, part of the AppModel); the engine
 * (`engine/suppress.ts`) decides which findings each covers.
 */
import type { SourceLocation } from './types.js';

/** An inline `nightlight-ignore` comment (`loaders/comments.ts`). */
export interface IgnoreRuleSpec {
  /** Rule id as written (may contain `*`). */
  rule: string;
  /** Finding key it is limited to, from `rule-id[key]`. */
  key?: string;
}

export interface IgnoreComment {
  /** Relative to the scanned root, POSIX separators. */
  file: string;
  /** Where the comment is (1-based). */
  line: number;
  column: number;
  /** The line whose findings it covers. */
  appliesToLine: number;
  rules: IgnoreRuleSpec[];
  /** null when missing or blank. */
  reason: string | null;
}

/** A `suppress:` entry of the config file (`config/schema.ts`). */
export interface ConfigSuppression {
  rule: string;
  key?: string;
  /** Glob over the finding's resource (its subject id); `*` when omitted. */
  resource: string;
  /** null when missing or blank: the entry is an error and suppresses nothing. */
  reason: string | null;
  location: SourceLocation;
}
