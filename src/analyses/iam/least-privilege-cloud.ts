/**
 * Least privilege for Google Cloud and Azure functions. Their calls (Google Cloud client libraries,
 * Azure SDK: analyses/code/cloud-sdk.ts) carry the permission their own cloud checks; the roles the
 * identity holds are read as AWS actions of the same power (data/cloud-roles.ts). The suggestion is
 * made in the cloud's own terms: for each resource the code uses, the narrowest built-in roles that
 * hold every permission its calls need (greedy cover; a custom role with exactly those permissions
 * when no built-in role holds one). What the identity is granted beyond what those roles give, on
 * the resources they are bound to, is the excess.
 *
 * A call authenticated with a key, a SAS or a connection string does not use the identity and needs
 * no role. A call on a known client whose method is not in the map leaves its service undecided.
 * A call whose resource is not known is covered at the broadest scope (project, subscription), so
 * the suggestion never claims a narrower scope than the code shows.
 */
import type { AppModel, Cloud, FunctionNode, SourceLocation } from '../../model/types.js';
import { dict, unresolved } from '../../model/types.js';
import { cmp } from '../../model/order.js';
import { AZURE_ROLES, GOOGLE_ROLES, permissionCovers, rolePermissions, type RoleCapability } from '../../data/cloud-roles.js';
import type { FunctionCode } from '../code/program.js';
import type { IamAnalysis, RolePermissions } from './analyze.js';
import { actionMatches, arnCovers } from './glob.js';
import type { FunctionLeastPrivilege, MissingPermission, NativeLeastPrivilege, SuggestedStatement, UsedAction, NativeBinding } from './least-privilege-types.js';
import { functionResult } from './least-privilege-types.js';
export type { NativeBinding, NativeLeastPrivilege } from './least-privilege-types.js';
import { actionCount, forEachEntry } from './permissions.js';

interface Group {
  scope: string;
  arns: string[];
  perms: Map<string, boolean>;
  calls: SourceLocation[];
  notes: Set<string>;
}

const where = (l: SourceLocation) => `${l.file}:${l.line}`;

function capabilityOf(cloud: Cloud, role: string): RoleCapability | undefined {
  return cloud === 'google' ? GOOGLE_ROLES[role] : AZURE_ROLES[role];
}

/** Every built-in role of the cloud whose permissions are listed, narrowest first (fewest permissions; a wildcard counts as many). */
function candidates(cloud: Cloud): { role: string; size: number }[] {
  const names = Object.keys(cloud === 'google' ? GOOGLE_ROLES : AZURE_ROLES);
  return names
    .map((role) => {
      const p = rolePermissions(cloud === 'google' ? 'google' : 'azure', role);
      // legacy roles exist for ACL compatibility (Google's IAM roles for Cloud Storage): never suggested
      // and basic roles (owner, editor; Azure Owner, Contributor) are never a least-privilege answer
      if (!p || role.startsWith('roles/storage.legacy') || p.actions.includes('*')) return null;
      // narrowest by what it can do (its capability), then by how many permissions it lists
      const weight = (list: readonly string[]) => list.reduce((n, x) => n + (x.includes('*') ? 1000 : 1), 0);
      const cap = capabilityOf(cloud, role)!;
      return { role, size: weight([...cap.actions, ...(cap.notActions ? ['*'] : [])]) * 100000 + weight([...new Set([...p.actions, ...p.dataActions])]) };
    })
    .filter((x): x is { role: string; size: number } => x !== null)
    .sort((a, b) => a.size - b.size || cmp(a.role, b.role));
}

function holds(cloud: Cloud, role: string, permission: string, data: boolean): boolean {
  const p = rolePermissions(cloud === 'google' ? 'google' : 'azure', role);
  if (!p) return false;
  return (data ? p.dataActions : p.actions).some((x) => permissionCovers(x, permission));
}

/** The narrowest roles that hold every permission: greedy, most permissions covered first, then the narrowest. */
export function coverPermissions(cloud: Cloud, perms: Map<string, boolean>): { role: string; permissions: string[] }[] {
  const remaining = new Map(perms);
  const out: { role: string; permissions: string[] }[] = [];
  const roles = candidates(cloud);
  while (remaining.size) {
    let best: { role: string; permissions: string[] } | null = null;
    for (const { role } of roles) {
      const covered = [...remaining].filter(([p, data]) => holds(cloud, role, p, data)).map(([p]) => p);
      if (covered.length && (!best || covered.length > best.permissions.length)) best = { role, permissions: covered };
    }
    if (!best) {
      out.push({ role: 'custom role', permissions: [...remaining.keys()].sort(cmp) });
      break;
    }
    out.push({ role: best.role, permissions: best.permissions.sort(cmp) });
    for (const p of best.permissions) remaining.delete(p);
  }
  return out;
}

/** Whether the suggested statements grant an action on every resource of a granted entry. */
export function coveredBy(statements: readonly SuggestedStatement[], action: string, resources: readonly string[]): boolean {
  return resources.every((r) => statements.some((s) => s.actions.some((a) => actionMatches(a, action)) && s.resources.some((x) => arnCovers(x, r))));
}

/** What the platform itself needs of the identity: receiving the messages of the queue or topic that triggers the function. */
export function isTriggerReceive(model: AppModel, fnIds: readonly string[], a: { action: string }): boolean {
  if (!['sqs:ReceiveMessage', 'sqs:DeleteMessage'].includes(a.action)) return false;
  return model.entryPoints.some((ep) => ep.targets.some((t) => fnIds.includes(t)) && (ep.kind === 'sqs-queue' || ep.kind === 'sns-subscription'));
}

/** Why a function's calls may be incomplete (no code, handler not found, a limit hit), or null. */
export function unanalysedReason(fc: FunctionCode): string | null {
  return fc.skipped
    ? `its handler code was not analysed (${fc.skipped})`
    : !fc.resolved
      ? `the exported handler \`${fc.handler?.export ?? '?'}\` was not found in ${fc.handler?.file ?? 'its module'}`
      : fc.incomplete
        ? 'the analysis of its code stopped at a limit, so calls may be missing'
        : null;
}

export function forCloudFunction(model: AppModel, fn: FunctionNode, fc: FunctionCode, perms: RolePermissions, iam: IamAnalysis): FunctionLeastPrivilege {
  const cloud = fn.cloud!;
  const reason = unanalysedReason(fc);
  const undecidedServices: Record<string, string> = dict();
  const used = new Map<string, UsedAction>();
  const missing: MissingPermission[] = [];
  const groups = new Map<string, Group>();
  const keyCalls: SourceLocation[] = [];
  const broad = cloud === 'google' ? 'project' : 'subscription';

  for (const call of fc.calls) {
    const native = call.native;
    if (!native) continue;
    if (native.unmapped) {
      undecidedServices[call.service] ??= `${native.unmapped} at ${where(call.location)} is not in nightlight's map of the ${cloud === 'google' ? 'Google Cloud client libraries' : 'Azure SDK'}`;
      continue;
    }
    if (native.auth === 'key') {
      keyCalls.push(call.location);
      continue;
    }
    const t = call.targets[0] ?? null;
    const known = t !== null && t.arns.length === 1 && !t.unknown;
    // Firestore is authorised on the project's database: its calls name no narrower resource
    const whole = known && !t.node && /\*$/.test(t.arns[0]!);
    // an Azure role bound to a resource holds on what is under it too (the role assignment reads it so)
    const arns = known && !whole ? (call.service === 's3' || cloud === 'azure' ? [t.arns[0]!, `${t.arns[0]}/*`] : [t.arns[0]!]) : ['*'];
    const scope = known && !whole ? (t.node ?? t.arns[0]!) : broad;
    let g = groups.get(scope);
    if (!g) groups.set(scope, (g = { scope, arns, perms: new Map(), calls: [], notes: new Set() }));
    for (const p of native.permissions) g.perms.set(p, native.data);
    if (!g.calls.some((c) => where(c) === where(call.location))) g.calls.push(call.location);
    if (!known) g.notes.add(`${call.operation} at ${where(call.location)}: ${t?.unknown ?? 'the call names no resource'}; bound at the ${broad}`);
    for (const action of call.actions) {
      let u = used.get(action);
      if (!u) used.set(action, (u = { action, resources: [], calls: [], unknown: [] }));
      u.calls.push(call.location);
      if (known) {
        for (const arn of arns) if (!u.resources.includes(arn)) u.resources.push(arn);
      } else if (!u.unknown.includes(t?.unknown ?? 'the call names no resource')) u.unknown.push(t?.unknown ?? 'the call names no resource');
      if (!call.reachable) continue;
      const d = iam.isAllowed(fn.id, action, known ? arns[arns.length - 1]! : unresolved(t?.unknown ?? 'the call names no resource'));
      if (d.decision === 'implicitly-denied' || d.decision === 'explicitly-denied') missing.push({ action, resource: known ? arns[arns.length - 1]! : `(${t?.unknown ?? 'unknown resource'})`, decision: d.decision, call: call.location, deniedBy: d.deniedBy });
    }
  }

  const bindings: NativeBinding[] = [];
  const suggested: SuggestedStatement[] = [];
  for (const g of [...groups.values()].sort((a, b) => cmp(a.scope, b.scope))) {
    for (const c of coverPermissions(cloud, g.perms)) {
      bindings.push({ role: c.role, scope: g.scope, permissions: c.permissions, calls: g.calls, notes: [...g.notes] });
      const cap = c.role === 'custom role' ? undefined : capabilityOf(cloud, c.role);
      const actions = cap ? cap.actions : [...new Set(fc.calls.filter((x) => x.native && c.permissions.some((p) => x.native!.permissions.includes(p))).flatMap((x) => x.actions))].sort(cmp);
      if (actions.length) suggested.push({ actions: [...actions], resources: g.arns, purpose: 'code', notes: [...g.notes], calls: g.calls });
    }
  }

  let excessActions = 0;
  forEachEntry(perms.services, (a, shape) => {
    if (!undecidedServices[a.service] && !coveredBy(suggested, a.action, shape.resources) && !isTriggerReceive(model, [fn.id], a)) excessActions++;
  });
  return { ...functionResult(fn.id, perms, { reason, undecidedServices, used, missing, grantedActions: actionCount(perms.services), excessActions }, suggested), native: { cloud, bindings, keyCalls } };
}

/** `roles/storage.objectViewer on google_storage_bucket.uploads, roles/pubsub.publisher on …` */
export function describeBindings(n: NativeLeastPrivilege): string {
  if (!n.bindings.length) return 'no role (its code calls nothing with the identity)';
  return [...new Set(n.bindings.map((b) => `${b.role === 'custom role' ? `a custom role with ${b.permissions.join(', ')}` : b.role} on ${b.scope}`))].join(', ');
}
