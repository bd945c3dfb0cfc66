/**
 * Identity-based ways in: an IAM principal of the configuration (a user, a group, a role someone
 * outside the app can assume) whose policies allow it to invoke a function, start a state machine
 * that runs functions, or put an event into a function's trigger (send to its queue, publish to its
 * topic, put an object in its bucket, put events on its bus, records in its stream, items in its
 * table) is an entry point with that principal. Who can act as the principal (the trust policy,
 * identity pools, instance profiles, group members) is its reach.
 *
 * Roles only AWS services assume (a rule's or a state machine's role) are part of the app's own
 * wiring, and function roles are cascades: neither is an entry point. Each principal is evaluated
 * as its risks are (principals.ts): a stand-in function with its policies, the same evaluator,
 * Deny, boundaries and resource scopes applied. Pure.
 */
import type { AppModel, EntryPoint, EntryPointKind, PollerBounds, Principal, ResourceNode, SourceLocation } from '../../model/types.js';
import type { Reach } from '../../model/findings.js';
import { deliveryIndex } from '../../model/entries-services.js';
import { analyzeIam } from './analyze.js';
import { principalSubjects, type PrincipalKind } from './principals.js';

/** What an identity may do to put an event in, per resource kind (the first allowed one is reported). */
const WRITES: Partial<Record<ResourceNode['kind'], readonly string[]>> = {
  queue: ['sqs:SendMessage'],
  topic: ['sns:Publish'],
  bucket: ['s3:PutObject'],
  'event-bus': ['events:PutEvents'],
  stream: ['kinesis:PutRecord', 'kinesis:PutRecords'],
  table: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate'],
  'state-machine': ['states:StartExecution', 'states:StartSyncExecution'],
};

/** Callers that are outside the app and can act as the principal: anything but AWS services and nothing. */
const PRINCIPAL_OF: Partial<Record<Reach, Principal['kind']>> = {
  public: 'public',
  unresolved: 'unresolved',
  'any-aws-account': 'any-aws-account',
  'cross-account': 'cross-account',
  'authenticated-users': 'authenticated-users',
  'same-account': 'same-account',
};

function objectArn(node: ResourceNode, action: string): string | null {
  const arn = typeof node.arn === 'string' ? node.arn : (node.arn.pattern ?? null);
  if (arn === null) return null;
  // some object of the bucket: a grant on a prefix (`uploads/*`) still triggers a notification on every object
  return action.startsWith('s3:') ? `${arn}/*` : arn;
}

export function identityEntryPoints(model: AppModel): EntryPoint[] {
  const subjects = principalSubjects(model).filter((s) => PRINCIPAL_OF[s.users.reach] !== undefined);
  if (subjects.length === 0) return [];
  const derived: AppModel = {
    ...model,
    functions: [...model.functions, ...subjects.map((s) => s.fn)],
    roles: [...model.roles, ...subjects.flatMap((s) => (s.role ? [s.role] : []))],
  };
  const iam = analyzeIam(derived);
  const deliveries = deliveryIndex(model.entryPoints, model.edges, new Set(model.functions.map((f) => f.id)));

  // The stack a principal is declared in: the stack of that file (a template, a Serverless fragment, a
  // Terraform module's file); else the one stack of the scan.
  const stacks = [...new Set([...model.functions.map((f) => f.stack), ...model.resources.map((r) => r.stack)])];
  const stackOf = (file: string): string | null => {
    if (stacks.includes(file)) return file;
    const here = new Set([...model.functions.filter((f) => f.location.file === file).map((f) => f.stack), ...model.resources.filter((r) => r.location.file === file).map((r) => r.stack)]);
    if (here.size === 1) return [...here][0]!;
    const dirs = stacks.filter((st) => file.startsWith(`${st}/`)).sort((a, b) => b.length - a.length);
    if (dirs.length) return dirs[0]!;
    return stacks.length === 1 ? stacks[0]! : null;
  };
  const out: EntryPoint[] = [];
  const add = (s: (typeof subjects)[number], action: string, kind: EntryPointKind, source: string | null, label: string, targets: string[], location: SourceLocation, conditional: boolean, pollers?: PollerBounds) => {
    const kindOf = PRINCIPAL_OF[s.users.reach]!;
    const principal: Principal = { kind: kindOf, detail: `${s.users.text}${conditional ? ' (under conditions)' : ''}` };
    out.push({
      id: `${kind}:${source ?? targets.join(',')}|identity:${s.id}:${action}`,
      kind,
      source,
      label,
      principal,
      auth: { kind: 'iam', reason: `${action} granted to ${describe(s.kind, s.id)}` },
      targets,
      identity: { principal: s.id, principalKind: s.kind, action, location: s.location },
      location,
      ...(pollers ? { pollers } : {}),
    });
  };
  for (const s of subjects) {
    const allowed = (action: string, arn: string) => {
      const d = iam.isAllowed(s.fn.id, action, arn);
      // `some object of the bucket` is a pattern: a grant on part of it allows some of its objects
      const partOf = d.decision === 'unresolved' && d.unresolved.length > 0 && d.unresolved.every((r) => r.startsWith('the request names resources by pattern'));
      if (d.decision !== 'allowed' && d.decision !== 'conditionally-allowed' && !partOf) return null;
      const at = d.allowedBy.find((r) => r.role === 'identity')?.location;
      return at ? { location: at, conditional: d.decision === 'conditionally-allowed' } : null;
    };
    // Stacks scanned together are not assumed to share an account: a principal reaches its own stack's functions and triggers.
    const stack = stackOf(s.location.file);
    for (const fn of model.functions) {
      if (typeof fn.arn !== 'string' || fn.stack !== stack) continue;
      const hit = allowed('lambda:InvokeFunction', fn.arn);
      if (hit) {
        add(s, 'lambda:InvokeFunction', 'iam-principal', null, `lambda:InvokeFunction by ${describe(s.kind, s.id)}`, [fn.id], hit.location, hit.conditional);
        continue;
      }
      if (fn.url && fn.url.authType === 'AWS_IAM') {
        const url = allowed('lambda:InvokeFunctionUrl', fn.arn);
        if (url) add(s, 'lambda:InvokeFunctionUrl', 'function-url', null, `function URL of ${fn.id} signed by ${describe(s.kind, s.id)}`, [fn.id], url.location, url.conditional);
      }
    }
    for (const r of model.resources) {
      const actions = WRITES[r.kind];
      if (!actions || r.stack !== stack) continue;
      const delivered = deliveries(r.id);
      if (delivered.length === 0) continue;
      for (const action of actions) {
        const arn = objectArn(r, action);
        const hit = arn ? allowed(action, arn) : null;
        if (!hit) continue;
        for (const d of delivered) add(s, action, d.kind, r.id, `${action} on ${r.id} by ${describe(s.kind, s.id)}`, d.targets, hit.location, hit.conditional, d.pollers);
        break;
      }
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function describe(kind: PrincipalKind, id: string): string {
  return kind === 'user' ? `IAM user ${id}` : kind === 'group' ? `group ${id}` : kind === 'policy' ? `policy ${id}` : `role ${id}`;
}

/** The model with the identity-based entry points added (sorted as the builder sorts entry points). */
export function withIdentityEntryPoints(model: AppModel): AppModel {
  const extra = identityEntryPoints(model);
  if (extra.length === 0) return model;
  return { ...model, entryPoints: [...model.entryPoints, ...extra].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}
