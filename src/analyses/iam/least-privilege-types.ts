/** Result types of the least-privilege analysis (least-privilege.ts, least-privilege-cloud.ts). */
import type { Cloud, SourceLocation } from '../../model/types.js';
import type { Decision, StatementRef } from './evaluate.js';
import type { RolePermissions } from './analyze.js';
import { cmp } from '../../model/order.js';

/** One statement of a suggested policy. */
export interface SuggestedStatement {
  actions: string[];
  resources: string[];
  /** `code`: needed by handler calls; `runtime`: needed by Lambda itself (logs, event source polling). */
  purpose: 'code' | 'runtime';
  /** Why the scope is wider than one known resource, when it is. */
  notes: string[];
  /** The calls it covers. */
  calls: SourceLocation[];
}

export interface UsedAction {
  action: string;
  /** ARNs the calls act on; empty when no call target is known. */
  resources: string[];
  calls: SourceLocation[];
  /** Reasons some call targets are not known. */
  unknown: string[];
}

export interface MissingPermission {
  action: string;
  /** The ARN requested, or a description of the unknown target. */
  resource: string;
  decision: Decision;
  call: SourceLocation;
  deniedBy: StatementRef[];
}

/** Granted actions of one statement that no call of the role's functions uses. */
export interface UnusedGrant {
  statement: StatementRef;
  /** Unused concrete actions granted by this statement, sorted. */
  actions: string[];
  /** Concrete actions the statement grants in all. */
  granted: number;
}

export interface FunctionLeastPrivilege {
  functionId: string;
  roleId: string | null;
  /** Whether used-vs-granted can be decided from the code; when false, `reason` says why. */
  decidable: boolean;
  reason: string | null;
  /** Services whose unused actions cannot be told (a call target is unknown), with the reason. */
  undecidedServices: Record<string, string>;
  grantedActions: number;
  /** Granted actions (besides those Lambda itself needs) that this function's code does not call. */
  excessActions: number;
  used: UsedAction[];
  missing: MissingPermission[];
  suggested: SuggestedStatement[];
  /** The role's effective permissions may be incomplete (unresolved policies). */
  grantsIncomplete: string[];
  /** Google Cloud and Azure functions: the suggestion as role bindings of their own cloud. */
  native?: NativeLeastPrivilege;
}

export interface RoleLeastPrivilege {
  roleId: string;
  functions: string[];
  decidable: boolean;
  reason: string | null;
  unused: UnusedGrant[];
  /** Google Cloud and Azure: the role bindings that cover every call of its functions (least-privilege-cloud.ts). */
  nativeSuggestion?: string;
}

export interface LeastPrivilegeAnalysis {
  functions: Record<string, FunctionLeastPrivilege>;
  roles: Record<string, RoleLeastPrivilege>;
}


/** One role binding of the suggestion, in the cloud's own terms. */
export interface NativeBinding {
  /** A built-in role (`roles/storage.objectViewer`, `Storage Blob Data Reader`), or `custom role`. */
  role: string;
  /** The resource it is bound to: a model element id, or `project` / `subscription` when the calls' resource is not known. */
  scope: string;
  /** The permissions the calls need that it covers. */
  permissions: string[];
  calls: SourceLocation[];
  notes: string[];
}

export interface NativeLeastPrivilege {
  cloud: Cloud;
  bindings: NativeBinding[];
  /** Calls that authenticate with a key or connection string (no role used). */
  keyCalls: SourceLocation[];
}


/** What the analysis of one function's calls gathered, on any cloud, besides the suggestion. */
export interface FunctionTally {
  /** Why used-vs-granted cannot be decided, or null. */
  reason: string | null;
  undecidedServices: Record<string, string>;
  used: Map<string, UsedAction>;
  missing: MissingPermission[];
  grantedActions: number;
  excessActions: number;
}

/** A function's result, in the order every cloud gives it (a Google or Azure function adds `native`). */
export function functionResult(functionId: string, perms: RolePermissions, t: FunctionTally, suggested: SuggestedStatement[]): FunctionLeastPrivilege {
  return {
    functionId,
    roleId: perms.inModel ? perms.roleId : null,
    decidable: t.reason === null,
    reason: t.reason,
    undecidedServices: t.undecidedServices,
    grantedActions: t.grantedActions,
    excessActions: t.excessActions,
    used: [...t.used.values()].map((u) => ({ ...u, resources: u.resources.sort(cmp) })).sort((a, b) => cmp(a.action, b.action)),
    missing: t.missing,
    suggested,
    grantsIncomplete: perms.unresolved,
  };
}
