/**
 * Google Cloud Terraform resources into the one vocabulary (docs/clouds.md): Cloud Functions (1st and
 * 2nd gen) and Cloud Run services are functions, service accounts are roles, Pub/Sub topics are
 * topics, Storage buckets are buckets; an HTTP function's endpoint is a function URL whose auth is
 * decided by its invoker IAM (`allUsers` = NONE); IAM members, bindings and policies become
 * resource policies (who may publish, write, invoke) and identity policies (what a service
 * account may do, through the role catalogue of cloud-roles.ts). Every element carries
 * `nightlight:cloud: google`.
 */
import type { JsonObject, JsonValue, SourceLocation } from '../../model/types.js';
import { googlePermissions, googleRole, type RoleCapability, type RoleLookup } from '../../data/cloud-roles.js';
import { ADDRESS_KEY, block, blocks, CODE_PATH_KEY, type Emitter, type Instance, type Out } from './map.js';
import { CfnExpr, JsonText, Sym, Unknown, isObject, newObject, type V, type VObject } from './values.js';

export const CLOUD_KEY = 'nightlight:cloud';
/** Metadata: what the element is called on its own cloud (`allUsers (roles/run.invoker)`, `Pub/Sub topic`). */
export const NATIVE_KEY = 'nightlight:native';
/** Metadata on a function: its platform (model `Platform`), for prices and default scale limits. */
export const PLATFORM_KEY = 'nightlight:platform';
/** Metadata on a function URL: any account of the cloud may invoke it (Google `allAuthenticatedUsers`). */
export const ANY_ACCOUNT_KEY = 'nightlight:any-account';
/** Metadata on a function URL: the ingress setting keeps the endpoint off the internet. */
export const INTERNAL_KEY = 'nightlight:internal-only';

type Primary = (o: Out, b: VObject) => void;
type Merge = (em: Emitter, inst: Instance, b: VObject) => boolean;

const ref = (id: string) => new CfnExpr({ Ref: id });
const arnOf = (id: string) => new CfnExpr({ 'Fn::GetAtt': [id, 'Arn'] });

/** "256M", "1Gi", "512Mi", 2048 → MB (M/Mi as MB, G/Gi as 1,024 MB: billing is per GiB). */
export function memoryMb(v: V | undefined): V | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(Mi|M|MB|Gi|G|GB)?\s*$/i.exec(v);
  if (!m) return new Unknown(`memory ${JSON.stringify(v)} is not a size`);
  const n = Number(m[1]);
  return /^g/i.test(m[2] ?? 'M') ? Math.round(n * 1024) : Math.round(n);
}

/** "300s", "60", 60 → seconds. */
function seconds(v: V | undefined): V | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return v;
  const m = /^\s*(\d+(?:\.\d+)?)s?\s*$/.exec(v);
  return m ? Number(m[1]) : new Unknown(`duration ${JSON.stringify(v)} is not in seconds`);
}

/** The handler the Functions Framework loads: `index.<entry>` (Node: package main or index.js), `main.<entry>` (Python). */
function handlerOf(runtime: V | undefined, entry: V | undefined): V | undefined {
  if (typeof entry !== 'string') return entry;
  if (typeof runtime !== 'string') return `index.${entry}`;
  if (/^python/.test(runtime)) return `main.${entry}`;
  if (/^nodejs/.test(runtime)) return `index.${entry}`;
  return entry;
}

function located(o: Out, path: (string | number)[], v: V | undefined, src: VObject | undefined, key: string): void {
  if (v === undefined) return;
  o.put(path, v, src ? o.locOf(src, key) : o.inst.location);
}

function googleFunction(o: Out, f: { name: string; runtime?: V; entry?: V; memory?: V; memSrc?: VObject; memKey: string; timeout?: V; timeSrc?: VObject; timeKey: string; max?: V; maxSrc?: VObject; maxKey: string; env?: V; envSrc?: VObject; envKey: string; sa?: V; saSrc?: VObject; saKey: string; defaults: { memory: number; timeout: number }; native: string; platform: string }): void {
  o.meta(CLOUD_KEY, 'google');
  o.meta(NATIVE_KEY, f.native);
  o.meta(PLATFORM_KEY, f.platform);
  o.copy('FunctionName', 'name');
  if (f.runtime !== undefined) o.put(['Runtime'], f.runtime, o.inst.location);
  const handler = handlerOf(f.runtime, f.entry);
  if (handler !== undefined) o.put(['Handler'], handler, o.inst.location);
  located(o, ['MemorySize'], memoryMb(f.memory) ?? f.defaults.memory, f.memSrc, f.memKey);
  located(o, ['Timeout'], seconds(f.timeout) ?? f.defaults.timeout, f.timeSrc, f.timeKey);
  // 0 means "no limit set" (1st gen): the platform default applies
  if (f.max !== undefined && f.max !== null && f.max !== 0) located(o, ['ReservedConcurrentExecutions'], f.max, f.maxSrc, f.maxKey);
  if (f.env !== undefined && f.env !== null) located(o, ['Environment', 'Variables'], f.env, f.envSrc, f.envKey);
  // No service account: the default compute service account, which has roles/editor on the project
  // unless the organization disables that automatic grant.
  located(o, ['Role'], f.sa ?? 'serviceAccount:default compute service account (roles/editor unless the automatic grant is disabled)', f.saSrc, f.saKey);
}

/** The function's HTTPS endpoint: its invoker IAM decides who may call it (AWS_IAM until an `allUsers` grant says NONE). */
/** A Google resource named by one attribute: its cloud, its native type, the attribute as `prop`. */
function named(o: Out, native: string, prop: string, attr: string): void {
  o.meta(CLOUD_KEY, 'google');
  o.meta(NATIVE_KEY, native);
  o.copy(prop, attr);
}

function endpoint(em: Emitter, inst: Instance, fnId: string, ingress: V | undefined, at: SourceLocation): Out {
  const id = `${fnId}Url`;
  const existing = em.resources[id];
  if (existing) return em.existing(id, inst);
  const u = em.extra(inst, id, 'AWS::Lambda::Url', at, 'endpoint');
  u.meta(CLOUD_KEY, 'google');
  u.put(['TargetFunctionArn'], arnOf(fnId), at);
  u.put(['AuthType'], 'AWS_IAM', at);
  u.meta(NATIVE_KEY, 'HTTPS endpoint (callers need an invoker role)');
  if (typeof ingress === 'string' && /INTERNAL_ONLY$/.test(ingress)) u.meta(INTERNAL_KEY, ingress);
  else if (ingress instanceof Sym) u.meta(INTERNAL_KEY, 'unresolved');
  return u;
}

const PRIMARY: Record<string, Primary> = {
  google_cloudfunctions2_function(o, b) {
    const build = block(b, 'build_config');
    const svc = block(b, 'service_config');
    googleFunction(o, {
      name: 'name',
      runtime: build?.['runtime'],
      entry: build?.['entry_point'],
      memory: svc?.['available_memory'], memSrc: svc, memKey: 'available_memory',
      timeout: svc?.['timeout_seconds'], timeSrc: svc, timeKey: 'timeout_seconds',
      max: svc?.['max_instance_count'], maxSrc: svc, maxKey: 'max_instance_count',
      env: svc?.['environment_variables'], envSrc: svc, envKey: 'environment_variables',
      sa: svc?.['service_account_email'], saSrc: svc, saKey: 'service_account_email',
      defaults: { memory: 256, timeout: 60 },
      native: 'Cloud Functions (2nd gen)',
      platform: 'cloud-functions-gen2',
    });
    if (!block(b, 'event_trigger')) endpoint(o.em, o.inst, o.id, svc?.['ingress_settings'], o.inst.location);
  },
  google_cloudfunctions_function(o, b) {
    googleFunction(o, {
      name: 'name',
      runtime: b['runtime'],
      entry: b['entry_point'] ?? b['name'],
      memory: b['available_memory_mb'], memSrc: b, memKey: 'available_memory_mb',
      timeout: b['timeout'], timeSrc: b, timeKey: 'timeout',
      max: b['max_instances'], maxSrc: b, maxKey: 'max_instances',
      env: b['environment_variables'], envSrc: b, envKey: 'environment_variables',
      sa: b['service_account_email'], saSrc: b, saKey: 'service_account_email',
      defaults: { memory: 256, timeout: 60 },
      native: 'Cloud Functions (1st gen)',
      platform: 'cloud-functions-gen1',
    });
    if (b['trigger_http'] === true || !block(b, 'event_trigger')) endpoint(o.em, o.inst, o.id, b['ingress_settings'], o.locOf(b, 'trigger_http'));
  },
  google_cloud_run_v2_service(o, b) {
    const t = block(b, 'template');
    const c = t ? block(t, 'containers') : undefined;
    const limits = c ? block(c, 'resources') : undefined;
    const lim = limits && isObject(limits['limits'] ?? null) ? (limits['limits'] as VObject) : undefined;
    const scaling = (t && block(t, 'scaling')) ?? block(b, 'scaling');
    const env = newObject();
    const envLocs = new Map<string | number, SourceLocation>();
    for (const e of c ? blocks(c, 'env') : []) {
      if (typeof e['name'] !== 'string' || e['value'] === undefined) continue; // value_source: a Secret Manager reference
      env[e['name']] = e['value'];
      envLocs.set(e['name'], o.locOf(e, 'value'));
    }
    o.em.host.locs.set(env, envLocs);
    googleFunction(o, {
      name: 'name',
      memory: lim?.['memory'], memSrc: lim, memKey: 'memory',
      timeout: t?.['timeout'], timeSrc: t, timeKey: 'timeout',
      max: scaling?.['max_instance_count'], maxSrc: scaling, maxKey: 'max_instance_count',
      env: Object.keys(env).length ? env : undefined, envSrc: c, envKey: 'env',
      sa: t?.['service_account'], saSrc: t, saKey: 'service_account',
      defaults: { memory: 512, timeout: 300 },
      native: 'Cloud Run service',
      platform: 'cloud-run',
    });
    if (c?.['image'] !== undefined) o.put(['Code', 'ImageUri'], c['image'], o.locOf(c, 'image'));
    endpoint(o.em, o.inst, o.id, b['ingress'], o.inst.location);
  },
  google_service_account: (o) => named(o, 'service account', 'RoleName', 'account_id'),
  google_pubsub_topic: (o) => named(o, 'Pub/Sub topic', 'TopicName', 'name'),
  google_pubsub_subscription(o, b) {
    named(o, 'Pub/Sub subscription', 'TopicArn', 'topic');
    const push = block(b, 'push_config');
    o.put(['Protocol'], push ? 'https' : 'pull', o.inst.location);
    if (push) o.copy('Endpoint', 'push_endpoint', undefined, push);
  },
  google_storage_bucket: (o) => named(o, 'Cloud Storage bucket', 'BucketName', 'name'),
  google_secret_manager_secret: (o) => named(o, 'Secret Manager secret', 'Name', 'secret_id'),
  google_cloud_scheduler_job(o, b) {
    named(o, 'Cloud Scheduler job', 'Name', 'name');
    // The finest Cloud Scheduler schedule is once a minute, like an EventBridge rate(1 minute).
    if (b['schedule'] !== undefined) o.put(['ScheduleExpression'], 'rate(1 minute)', o.locOf(b, 'schedule'));
  },
  google_storage_bucket_object(o) {
    o.copy('Source', 'source');
  },
  google_project_iam_custom_role(o) {
    o.copy('Permissions', 'permissions');
  },
};

/** After every resource exists: code folders, triggers and scheduler targets, which point at other resources. */
const LINK: Record<string, Merge> = {
  google_cloudfunctions2_function(em, inst, b) {
    const id = em.host.logicalId(inst);
    const build = block(b, 'build_config');
    const src = build && block(build, 'source');
    const storage = src && block(src, 'storage_source');
    codeFrom(em, inst, id, storage?.['object']);
    const trig = block(b, 'event_trigger');
    if (trig) trigger(em, inst, id, trig, String(trig['event_type'] ?? ''), trig['pubsub_topic'], blocks(trig, 'event_filters').find((f) => f['attribute'] === 'bucket')?.['value']);
    return true;
  },
  google_cloudfunctions_function(em, inst, b) {
    const id = em.host.logicalId(inst);
    codeFrom(em, inst, id, b['source_archive_object']);
    const trig = block(b, 'event_trigger');
    if (trig) {
      const type = String(trig['event_type'] ?? '');
      trigger(em, inst, id, trig, type, /pubsub/.test(type) ? trig['resource'] : undefined, /storage/.test(type) ? trig['resource'] : undefined);
    }
    return true;
  },
  google_pubsub_subscription(em, inst, b) {
    const id = em.host.logicalId(inst);
    const push = block(b, 'push_config');
    const fn = push ? em.target(push['push_endpoint'], 'AWS::Lambda::Function') : null;
    const res = em.resources[id]!;
    if (fn) {
      const p = res['Properties'] as JsonObject;
      p['Protocol'] = 'lambda';
      p['Endpoint'] = { 'Fn::GetAtt': [fn, 'Arn'] };
    }
    return true;
  },
  google_cloud_scheduler_job(em, inst, b) {
    const id = em.host.logicalId(inst);
    const http = block(b, 'http_target');
    const ps = block(b, 'pubsub_target');
    const target = http ? em.target(http['uri'], 'AWS::Lambda::Function') : ps ? em.target(ps['topic_name'], 'AWS::SNS::Topic') : null;
    if (!target) return true;
    const res = em.resources[id]!;
    (res['Properties'] as JsonObject)['Targets'] = [{ Id: inst.address, Arn: em.resources[target]!['Type'] === 'AWS::SNS::Topic' ? { Ref: target } : { 'Fn::GetAtt': [target, 'Arn'] } }];
    return true;
  },
};

function codeFrom(em: Emitter, inst: Instance, fnId: string, object: V | undefined): void {
  const obj = em.target(object, 'Nightlight::Google::StorageObject');
  const source = obj ? (em.resources[obj]!['Properties'] as JsonObject)['Source'] : undefined;
  const path = typeof source === 'string' ? em.host.codePath({ filename: source }, inst) : null;
  if (typeof path === 'string') ((em.resources[fnId]!['Metadata'] as JsonObject)[CODE_PATH_KEY] = path);
}

/** An event trigger: Pub/Sub → a topic subscription, Storage → a bucket notification, anything else (Eventarc) → an event rule. */
function trigger(em: Emitter, inst: Instance, fnId: string, trig: VObject, type: string, topic: V | undefined, bucket: V | undefined): void {
  const at = em.host.locs.get(trig)?.get('event_type') ?? inst.location;
  const topicId = topic !== undefined ? em.target(topic, 'AWS::SNS::Topic') : null;
  if (/pubsub/.test(type) && (topicId || topic !== undefined)) {
    const s = em.extra(inst, `${fnId}Trigger`, 'AWS::SNS::Subscription', at, 'trigger');
    s.meta(CLOUD_KEY, 'google');
    s.meta(NATIVE_KEY, 'Pub/Sub trigger');
    s.put(['TopicArn'], topicId ? ref(topicId) : (topic ?? null), at);
    s.put(['Protocol'], 'lambda', at);
    s.put(['Endpoint'], arnOf(fnId), at);
    return;
  }
  const bucketId = bucket !== undefined ? em.target(bucket, 'AWS::S3::Bucket') : null;
  if (/storage/.test(type) && bucketId) {
    const res = em.resources[bucketId]!;
    const props = res['Properties'] as JsonObject;
    const nc = (props['NotificationConfiguration'] ??= {}) as JsonObject;
    const list = (nc['LambdaConfigurations'] ??= []) as JsonValue[];
    const path = ['Resources', bucketId, 'Properties', 'NotificationConfiguration', 'LambdaConfigurations', list.length];
    em.host.table.set(path, at);
    list.push({ Event: /delete/i.test(type) ? 's3:ObjectRemoved:*' : 's3:ObjectCreated:*', Function: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    return;
  }
  const r = em.extra(inst, `${fnId}Trigger`, 'AWS::Events::Rule', at, 'trigger');
  r.meta(CLOUD_KEY, 'google');
  r.meta(NATIVE_KEY, `Eventarc trigger (${type || 'event type not set'})`);
  r.put(['EventPattern'], { source: [type || 'google'] } as VObject, at);
  r.put(['Targets'], [{ Id: inst.address, Arn: arnOf(fnId) } as unknown as VObject], at);
}

// ---------------------------------------------------------------------------------------------
// IAM: members, bindings, policies
// ---------------------------------------------------------------------------------------------

interface Grant {
  role: V;
  member: V;
  at: SourceLocation;
}

/** The (role, member) pairs an IAM resource grants: `_member`, `_binding` (members), `_policy` (policy_data bindings). */
function grantsOf(em: Emitter, inst: Instance, b: VObject): Grant[] | Unknown {
  const locs = em.host.locs.get(b);
  const at = (k: string) => locs?.get(k) ?? inst.location;
  if (b['member'] !== undefined) return [{ role: b['role'] ?? null, member: b['member'], at: at('member') }];
  if (b['members'] !== undefined) {
    const ms = b['members'];
    if (!Array.isArray(ms)) return [{ role: b['role'] ?? null, member: ms, at: at('members') }];
    const ml = em.host.locs.get(ms);
    return ms.map((m, i) => ({ role: b['role'] ?? null, member: m, at: ml?.get(i) ?? at('members') }));
  }
  const raw = b['policy_data'];
  if (raw === undefined) return [];
  const pd = raw instanceof JsonText ? raw.value : raw;
  if (!isObject(pd ?? null) || !Array.isArray((pd as VObject)['bindings'])) return new Unknown(`${inst.address}: policy_data is not known statically`);
  const out: Grant[] = [];
  for (const bd of (pd as VObject)['bindings'] as V[]) {
    if (!isObject(bd)) continue;
    const ms = Array.isArray(bd['members']) ? bd['members'] : [bd['members'] ?? null];
    const bl = em.host.locs.get(bd);
    for (const m of ms) out.push({ role: bd['role'] ?? null, member: m, at: bl?.get('members') ?? bl?.get('role') ?? at('policy_data') });
  }
  return out;
}

const isPublic = (m: V) => m === 'allUsers' || m === 'allAuthenticatedUsers';
const INVOKER = /^roles\/(run|cloudfunctions)\.(invoker|admin|developer)$/;
const PUBLISH = /^roles\/pubsub\.(publisher|editor|admin)$/;
const BUCKET_WRITE = /^roles\/storage\.(objectCreator|objectAdmin|objectUser|admin|legacyBucketWriter|legacyBucketOwner)$/;
const ACT_AS_ROLE = /^roles\/(iam\.serviceAccountUser|iam\.serviceAccountTokenCreator|iam\.workloadIdentityUser|iam\.serviceAccountKeyAdmin|iam\.serviceAccountAdmin|owner|editor)$/;

/** The service account (role id) an IAM member names: `serviceAccount:${google_service_account.x.email}` or its literal email. */
function serviceAccountOf(em: Emitter, member: V): string | null {
  if (member instanceof Sym) return em.target(member, 'AWS::IAM::Role');
  if (typeof member !== 'string' || !member.startsWith('serviceAccount:')) return null;
  const email = member.slice('serviceAccount:'.length);
  return em.target(email.split('@')[0]!, 'AWS::IAM::Role');
}

function capabilityOf(em: Emitter, role: V): RoleLookup {
  if (typeof role === 'string') {
    if (role.startsWith('roles/')) return googleRole(role);
    return { known: false, reason: `custom role ${role} is not defined in this configuration` };
  }
  const custom = em.target(role, 'Nightlight::Google::CustomRole');
  if (custom) {
    const perms = (em.resources[custom]!['Properties'] as JsonObject)['Permissions'];
    if (Array.isArray(perms) && perms.every((p) => typeof p === 'string')) return googlePermissions(perms as string[]);
    return { known: false, reason: 'the custom role\'s permissions are not known statically' };
  }
  return { known: false, reason: role instanceof Unknown ? role.reason : 'the role is not known statically' };
}

function statements(c: RoleCapability, resources: JsonValue[]): JsonObject[] {
  const out: JsonObject[] = [];
  if (c.actions.length) out.push({ Effect: 'Allow', Action: c.actions, Resource: resources });
  if (c.notActions) out.push({ Effect: 'Allow', NotAction: c.notActions, Resource: resources });
  if (c.alsoActions?.length) out.push({ Effect: 'Allow', Action: c.alsoActions, Resource: resources });
  return out;
}

/** The address the user knows a granted resource by (`google_storage_bucket.uploads`), for policy names. */
function addressOf(em: Emitter, id: string): string {
  const a = ((em.resources[id]?.['Metadata'] ?? {}) as JsonObject)[ADDRESS_KEY];
  return typeof a === 'string' ? a : id;
}

/** What a service account may do: the role's capabilities on `resources`, appended to its policies. */
function grantToServiceAccount(em: Emitter, inst: Instance, g: Grant, resources: JsonValue[], scope: string): boolean {
  const sa = serviceAccountOf(em, g.member);
  if (!sa) return false;
  const o = em.existing(sa, inst);
  const c = capabilityOf(em, g.role);
  const roleName = typeof g.role === 'string' ? g.role : 'custom role';
  const list = (o.props['Policies'] ??= []) as JsonValue[];
  const path = ['Resources', sa, 'Properties', 'Policies', list.length];
  em.host.table.set(path, g.at);
  em.host.table.set([...path, 'PolicyDocument'], g.at);
  em.host.table.set([...path, 'PolicyDocument', 'Statement'], g.at);
  const doc: JsonValue = c.known ? { Version: '2012-10-17', Statement: statements(c.capability, resources) } : { 'Nightlight::Unresolved': c.reason };
  if (c.known) (doc as JsonObject)['Statement'] = ((doc as JsonObject)['Statement'] as JsonObject[]).map((s, i) => (em.host.table.set([...path, 'PolicyDocument', 'Statement', i], g.at), s));
  list.push({ PolicyName: `${roleName} on ${scope}`, PolicyDocument: doc });
  return true;
}

/** `google_*_function_iam_*` and `google_cloud_run*_service_iam_*`: who may invoke. */
function invokerIam(keys: string[]): Merge {
  return (em, inst, b) => {
    const key = keys.find((k) => b[k] !== undefined);
    const fnId = key ? em.target(b[key], 'AWS::Lambda::Function') : null;
    if (!fnId) return false;
    em.existing(fnId, inst);
    const grants = grantsOf(em, inst, b);
    const url = () => endpointOf(em, inst, fnId);
    if (grants instanceof Unknown) {
      const u = url();
      if (u.props['AuthType'] === 'AWS_IAM') u.put(['AuthType'], grants, inst.location);
      return true;
    }
    grants.forEach((g) => {
      const invoker = typeof g.role === 'string' ? INVOKER.test(g.role) : true;
      if (!invoker) return;
      if (g.member === 'allUsers') {
        const u = url();
        u.put(['AuthType'], 'NONE', g.at);
        u.meta(NATIVE_KEY, `allUsers (${typeof g.role === 'string' ? g.role : 'invoker role'})`);
      } else if (g.member === 'allAuthenticatedUsers') {
        const u = url();
        u.meta(ANY_ACCOUNT_KEY, `allAuthenticatedUsers (${typeof g.role === 'string' ? g.role : 'invoker role'})`);
        em.host.table.set(['Resources', u.id, 'Metadata', ANY_ACCOUNT_KEY], g.at);
      } else if (g.member instanceof Unknown || (g.member instanceof Sym && !serviceAccountOf(em, g.member))) {
        const u = url();
        if (u.props['AuthType'] === 'AWS_IAM') u.put(['AuthType'], new Unknown(`invoker member of ${inst.address} is not known statically`), g.at);
      }
    });
    return true;
  };
}

function endpointOf(em: Emitter, inst: Instance, fnId: string): Out {
  return endpoint(em, inst, fnId, undefined, inst.location);
}

/** IAM on a resource that feeds functions (topic, bucket): public grants become its resource policy; service-account grants its identity policy. */
function resourceIam(key: string, cfnType: string, publicRole: RegExp, action: string, policyType: string, policyKey: string): Merge {
  return (em, inst, b) => {
    const target = em.target(b[key], cfnType);
    if (!target) return false;
    const grants = grantsOf(em, inst, b);
    const arn: JsonValue = cfnType === 'AWS::SNS::Topic' || cfnType === 'AWS::SecretsManager::Secret' ? { Ref: target } : { 'Fn::GetAtt': [target, 'Arn'] };
    const resources: JsonValue[] = cfnType === 'AWS::S3::Bucket' ? [arn, { 'Fn::Join': ['', [arn, '/*']] }] : [arn];
    if (grants instanceof Unknown) {
      const p = em.extra(inst, em.host.logicalId(inst), policyType, inst.location);
      p.put([policyKey], cfnType === 'AWS::SNS::Topic' ? [{ Ref: target } as unknown as VObject] : ({ Ref: target } as unknown as V), inst.location);
      p.put(['PolicyDocument'], grants, inst.location);
      return true;
    }
    const publicStatements: JsonObject[] = [];
    let firstAt: SourceLocation | null = null;
    for (const g of grants) {
      if (isPublic(g.member) && typeof g.role === 'string' && publicRole.test(g.role)) {
        publicStatements.push({ Effect: 'Allow', Principal: g.member === 'allUsers' ? '*' : { AWS: '*' }, Action: action, Resource: cfnType === 'AWS::S3::Bucket' ? resources[1]! : arn });
        firstAt ??= g.at;
      } else if (isPublic(g.member) && !(typeof g.role === 'string')) {
        publicStatements.push({ Effect: 'Allow', Principal: '*', Action: action, Resource: arn, Condition: { StringEquals: { 'nightlight:role': 'unresolved' } } });
        firstAt ??= g.at;
      } else {
        grantToServiceAccount(em, inst, g, resources, addressOf(em, target));
      }
    }
    if (publicStatements.length) {
      const p = em.extra(inst, em.host.logicalId(inst), policyType, firstAt ?? inst.location);
      p.meta(CLOUD_KEY, 'google');
      p.put([policyKey], cfnType === 'AWS::SNS::Topic' ? [{ Ref: target } as unknown as VObject] : ({ Ref: target } as unknown as V), firstAt ?? inst.location);
      p.put(['PolicyDocument'], { Version: '2012-10-17', Statement: publicStatements } as unknown as VObject, firstAt ?? inst.location);
    }
    return true;
  };
}

/** Project, folder and organization IAM: what each service account may do everywhere in scope. */
function scopeIam(scope: string): Merge {
  return (em, inst, b) => {
    const grants = grantsOf(em, inst, b);
    if (grants instanceof Unknown) return false;
    let any = false;
    for (const g of grants) if (grantToServiceAccount(em, inst, g, ['*'], `${scope} ${typeof b[scope] === 'string' ? b[scope] : ''}`.trim())) any = true;
    return any;
  };
}

/** Service-account IAM: who may act as it (public: a public trust), or what other service accounts may do with it. */
const serviceAccountIam: Merge = (em, inst, b) => {
  const sa = em.target(b['service_account_id'], 'AWS::IAM::Role');
  if (!sa) return false;
  const grants = grantsOf(em, inst, b);
  if (grants instanceof Unknown) return true;
  for (const g of grants) {
    if (isPublic(g.member) && typeof g.role === 'string' && ACT_AS_ROLE.test(g.role)) {
      const o = em.existing(sa, inst);
      o.put(['AssumeRolePolicyDocument'], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: g.member === 'allUsers' ? '*' : { AWS: '*' }, Action: 'sts:AssumeRole' }] } as unknown as VObject, g.at);
    } else {
      grantToServiceAccount(em, inst, g, [{ 'Fn::GetAtt': [sa, 'Arn'] }], addressOf(em, sa));
    }
  }
  return true;
};

const MERGE: Record<string, Merge> = {};
for (const suffix of ['member', 'binding', 'policy']) {
  MERGE[`google_cloudfunctions2_function_iam_${suffix}`] = invokerIam(['cloud_function']);
  MERGE[`google_cloudfunctions_function_iam_${suffix}`] = invokerIam(['cloud_function']);
  MERGE[`google_cloud_run_v2_service_iam_${suffix}`] = invokerIam(['name']);
  MERGE[`google_cloud_run_service_iam_${suffix}`] = invokerIam(['service']);
  MERGE[`google_pubsub_topic_iam_${suffix}`] = resourceIam('topic', 'AWS::SNS::Topic', PUBLISH, 'sns:Publish', 'AWS::SNS::TopicPolicy', 'Topics');
  MERGE[`google_storage_bucket_iam_${suffix}`] = resourceIam('bucket', 'AWS::S3::Bucket', BUCKET_WRITE, 's3:PutObject', 'AWS::S3::BucketPolicy', 'Bucket');
  MERGE[`google_secret_manager_secret_iam_${suffix}`] = resourceIam('secret_id', 'AWS::SecretsManager::Secret', /^roles\/secretmanager\./, 'secretsmanager:GetSecretValue', 'AWS::SecretsManager::ResourcePolicy', 'SecretId');
  MERGE[`google_service_account_iam_${suffix}`] = serviceAccountIam;
  MERGE[`google_project_iam_${suffix}`] = scopeIam('project');
  MERGE[`google_folder_iam_${suffix}`] = scopeIam('folder');
  MERGE[`google_organization_iam_${suffix}`] = scopeIam('org_id');
}

export const GOOGLE_PRIMARY: Readonly<Record<string, Primary>> = PRIMARY;
export const GOOGLE_LINK: Readonly<Record<string, Merge>> = LINK;
export const GOOGLE_MERGE: Readonly<Record<string, Merge>> = MERGE;

/** `data.google_iam_policy`'s policy_data: its bindings, kept structured (with locations) for the `_policy` resources. */
export function googleIamPolicyData(body: VObject, locs: WeakMap<object, Map<string | number, SourceLocation>>): V {
  const bindings: V[] = blocks(body, 'binding').map((bd) => {
    const o = newObject();
    o['role'] = bd['role'] ?? null;
    o['members'] = bd['members'] ?? null;
    const l = locs.get(bd);
    if (l) locs.set(o, l);
    return o;
  });
  const out = newObject();
  out['bindings'] = bindings;
  return out;
}
