/**
 * The result of comparing two runs (`nightlight diff`): what a change did to the attack surface,
 * the permissions, the cost ceilings and the findings. Its JSON form is a contract like the scan
 * report (docs/ci.md shows it), versioned by `schemaVersion`.
 */
import type { Finding } from '../model/findings.js';
import type { AuthKind, Diagnostic, PrincipalKind, SourceLocation } from '../model/types.js';

/** `live`: an AWS account read by `drift --live` (ref: account id and regions). */
export type DiffSideKind = 'git' | 'report' | 'worktree' | 'live';

export interface DiffSide {
  kind: DiffSideKind;
  /** The revision, report file or directory as given. */
  ref: string;
  /** The commit a git revision resolved to. */
  commit?: string;
  /** The version of nightlight that produced this side's report. */
  toolVersion: string;
}

export interface EntryPointRef {
  /** Stable identity (identity.ts): kind + source + route + targets. */
  fingerprint: string;
  id: string;
  kind: string;
  label: string;
  source: string | null;
  principal: PrincipalKind;
  auth: AuthKind;
  targets: string[];
  location?: SourceLocation;
}

export interface AuthChange {
  fingerprint: string;
  entryPoint: string;
  label: string;
  from: AuthKind;
  to: AuthKind;
  /** An API key requirement added or removed (same auth kind otherwise). */
  apiKey?: { from: boolean; to: boolean };
  location?: SourceLocation;
}

export interface PrincipalChange {
  fingerprint: string;
  entryPoint: string;
  label: string;
  from: PrincipalKind;
  to: PrincipalKind;
  location?: SourceLocation;
}

export interface PermissionChange {
  /** Stable identity: function + action + resource pattern. */
  fingerprint: string;
  function: string;
  /** `s3:GetObject`, or `s3:*` / `*` when a whole service (or everything) is granted. */
  action: string;
  accessLevel: string;
  resource: string;
  conditional?: boolean;
  /** The function itself is new (broadened) or gone (narrowed). */
  functionChange?: 'added' | 'removed';
}

export interface CostChange {
  fingerprint: string;
  entryPoint: string;
  label: string;
  function: string;
  /** null: the entry point is new (up) or gone (down). */
  fromUsdPerDay: number | null;
  toUsdPerDay: number | null;
  deltaUsdPerDay: number;
  /** A recursion loop AWS does not stop is on the path (head side). */
  unbounded: boolean;
  attackerDriven: boolean;
}

/** A cross-owner edge (trust boundary, docs/owners.md) the change adds or widens: a review for the owners in `ask`. */
export interface BoundaryChange {
  id: string;
  kind: string;
  from: string;
  to: string;
  owners: { from: string[]; to: string[] };
  /** `added`: the edge is new; `widened`: it existed and now carries more actions or access levels. */
  change: 'added' | 'widened';
  /** The actions (and access levels) it gains. */
  actions: string[];
  levels: string[];
  /** Whom to ask: the owners of the receiving end. */
  ask: string[];
  location?: SourceLocation;
}

export interface DiffSummary {
  entryPointsAdded: number;
  publicEntryPointsAdded: number;
  entryPointsRemoved: number;
  authWeakened: number;
  authStrengthened: number;
  principalsWidened: number;
  principalsNarrowed: number;
  permissionsBroadened: number;
  permissionsNarrowed: number;
  capabilitiesAdded: number;
  costUp: number;
  costDown: number;
  /** Σ of cost increases, USD per day (new entry points count in full). */
  costUpUsdPerDay: number;
  findingsNew: number;
  /** New findings that a suppression (inline, metadata, config, baseline) excuses. */
  findingsNewSuppressed: number;
  findingsFixed: number;
  findingsUnchanged: number;
  /** New findings by severity (unsuppressed). */
  newBySeverity: Record<string, number>;
  /** Cross-owner edges added or widened; present only when both sides have owner information. */
  boundariesAdded?: number;
  boundariesWidened?: number;
  /** The owners to ask about those edges (the receiving ends), sorted. */
  boundariesAsk?: string[];
  /** Whether anything at all changed. */
  changed: boolean;
}

export interface DiffResult {
  schemaVersion: 1;
  kind: 'nightlight-diff';
  tool: { name: 'nightlight'; version: string };
  base: DiffSide;
  head: DiffSide;
  /** One line: "This change adds 1 public entry point, broadens 2 permissions, adds 3 findings (1 high)." */
  headline: string;
  summary: DiffSummary;
  entryPoints: { added: EntryPointRef[]; removed: EntryPointRef[] };
  auth: { weakened: AuthChange[]; strengthened: AuthChange[] };
  principals: { widened: PrincipalChange[]; narrowed: PrincipalChange[] };
  permissions: { broadened: PermissionChange[]; narrowed: PermissionChange[] };
  /** New findings in the dangerous IAM categories (privilege escalation, code tampering, ...). */
  capabilities: { added: Finding[] };
  cost: { up: CostChange[]; down: CostChange[] };
  findings: { new: Finding[]; fixed: Finding[]; unchanged: number };
  /** Cross-owner edges (trust boundaries) the change adds or widens; present only when both sides have owner information. */
  boundaries?: { added: BoundaryChange[]; widened: BoundaryChange[] };
  /** Problems reading either side, and error diagnostics the head has that the base did not. */
  diagnostics: Diagnostic[];
}
