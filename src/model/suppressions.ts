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

/**
 * A Checkov skip comment in a YAML template (`# checkov:skip=CKV_AWS_116:why`), as Checkov users
 * write them (`loaders/comments.ts`). It covers the elements whose definition encloses it: each
 * key line above it at a smaller indentation, and the key it stands above or trails. Terraform's
 * form is read by the Terraform loader into the resource's Metadata instead.
 */
export interface CheckovSkipComment {
  file: string;
  line: number;
  column: number;
  /** The Checkov id as written. */
  id: string;
  /** null when missing or blank. */
  reason: string | null;
  /** Lines (1-based) of the keys it covers: its enclosing keys, and the key it stands above or trails. */
  within: number[];
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
