/**
 * Azure Functions Terraform resources into the one vocabulary (docs/clouds.md). A function app
 * (`azurerm_linux_function_app`, `azurerm_windows_function_app`,
 * `azurerm_function_app_flex_consumption`) holds the settings its functions share: app settings
 * (environment), the managed identity (a role), the scale limit and the plan (prices), Easy Auth.
 * Each `azurerm_function_app_function` is a function with those settings and the triggers of its
 * `config_json` bindings: an HTTP trigger is a function URL whose `authLevel` decides the caller
 * (`anonymous` → anyone; `function`/`admin` → key holders), a queue or Service Bus trigger a queue
 * mapping, a timer a schedule. An app without function resources is one function (its functions
 * are defined in code nightlight does not map to triggers yet): its HTTP auth is unresolved.
 * `azurerm_role_assignment`s give the identity the capabilities of its role at its scope
 * (cloud-roles.ts). Every element carries `nightlight:cloud: azure`.
 */
import type { JsonObject, JsonValue, SourceLocation } from '../../model/types.js';
import { AZURE_ROLE_IDS, azureRole } from '../../data/cloud-roles.js';
import { ADDRESS_KEY, block, blocks, CODE_PATH_KEY, type Emitter, type Instance, type Out } from './map.js';
import { CLOUD_KEY, INTERNAL_KEY, NATIVE_KEY, PLATFORM_KEY } from './google.js';
import { CfnExpr, Concat, Handle, JsonText, Sym, Unknown, isObject, newObject, type V, type VObject } from './values.js';
import { declaredAzureFunctions } from '../code/azure-declared.js';

type Primary = (o: Out, b: VObject) => void;
type Merge = (em: Emitter, inst: Instance, b: VObject) => boolean;

/** Metadata on a function URL: who holds the key it requires (Azure `authLevel` function / admin). */
export const KEY_AUTH_KEY = 'nightlight:key-auth';
/** Metadata on a function URL: Easy Auth (App Service authentication) requires a signed-in user. */
export const EASY_AUTH_KEY = 'nightlight:easy-auth';
/**
 * Metadata on a function URL whose Easy Auth signs in only Entra ID identities: `one` (a single
 * tenant: the organization's users, apps and managed identities), `any` (multi-tenant endpoint
 * `common`/`organizations`: any Entra ID tenant), `unresolved` (the tenant endpoint is not known).
 */
export const ENTRA_TENANT_KEY = 'nightlight:entra-tenant';
/** Metadata on a function URL: why the app's access restrictions do not narrow who reaches it. */
export const NETWORK_NOTE_KEY = 'nightlight:network-note';

const APP_TYPES = new Set(['azurerm_linux_function_app', 'azurerm_windows_function_app', 'azurerm_function_app_flex_consumption']);
const arnOf = (id: string) => new CfnExpr({ 'Fn::GetAtt': [id, 'Arn'] });

/** The identity role id of an app (its system-assigned managed identity). */
export const identityId = (appId: string) => `${appId}Identity`;

/** What the functions of an app share, read from the app's body. */
interface AppFacts {
  id: string;
  flex: boolean;
  body: VObject;
  inst: Instance;
}

function appFacts(em: Emitter, v: V | undefined): AppFacts | null {
  const id = em.target(v, 'Nightlight::Azure::FunctionApp');
  return id ? (apps.get(em)?.get(id) ?? null) : null;
}

const apps = new WeakMap<Emitter, Map<string, AppFacts>>();

function runtimeOf(stack: VObject | undefined, language: V | undefined): string | undefined {
  const l = typeof language === 'string' ? language.toLowerCase() : '';
  if (stack) {
    if (stack['node_version'] !== undefined) return `nodejs${String(stack['node_version']).replace(/[^0-9]/g, '') || '20'}`;
    if (stack['python_version'] !== undefined) return `python${String(stack['python_version'])}`;
    if (stack['java_version'] !== undefined) return `java${String(stack['java_version'])}`;
    if (stack['dotnet_version'] !== undefined) return 'dotnet8';
  }
  if (/javascript|typescript|node/.test(l)) return 'nodejs20';
  if (/python/.test(l)) return 'python3.11';
  if (/java/.test(l)) return 'java17';
  if (/csharp|dotnet/.test(l)) return 'dotnet8';
  return undefined;
}

/** The shared settings of an app, put on one of its functions; returns the app's code folder when known. */
function fromApp(o: Out, app: AppFacts, at: SourceLocation): string | null {
  const b = app.body;
  o.meta(CLOUD_KEY, 'azure');
  o.meta(PLATFORM_KEY, app.flex ? 'azure-flex-consumption' : 'azure-consumption');
  const site = block(b, 'site_config');
  const stack = site && block(site, 'application_stack');
  const runtime = app.flex ? (typeof b['runtime_name'] === 'string' ? `${b['runtime_name'] === 'node' ? 'nodejs' : String(b['runtime_name'])}${String(b['runtime_version'] ?? '')}` : undefined) : runtimeOf(stack, undefined);
  if (runtime) o.put(['Runtime'], runtime, at);
  const mem = app.flex ? (b['instance_memory_in_mb'] ?? 2048) : 1536;
  o.put(['MemorySize'], mem, app.flex && b['instance_memory_in_mb'] !== undefined ? (o.em.host.locs.get(b)?.get('instance_memory_in_mb') ?? at) : at);
  // host.json functionTimeout defaults: 5 min on Consumption, 30 min on Flex Consumption
  o.put(['Timeout'], app.flex ? 1800 : 300, at);
  const max = app.flex ? b['maximum_instance_count'] : site?.['app_scale_limit'];
  if (max !== undefined && max !== null) o.put(['ReservedConcurrentExecutions'], max, o.em.host.locs.get(app.flex ? b : site!)?.get(app.flex ? 'maximum_instance_count' : 'app_scale_limit') ?? at);
  if (b['app_settings'] !== undefined) o.put(['Environment', 'Variables'], b['app_settings'], o.em.host.locs.get(b)?.get('app_settings') ?? at);
  const identity = block(b, 'identity');
  if (identity) {
    const ids = identity['identity_ids'];
    const user = Array.isArray(ids) && ids.length ? o.em.target(ids[0], 'AWS::IAM::Role') : null;
    o.put(['Role'], arnOf(/SystemAssigned/.test(String(identity['type'] ?? '')) || !user ? identityId(app.id) : user), o.em.host.locs.get(b)?.get('identity') ?? at);
  }
  const code = b['zip_deploy_file'];
  if (typeof code === 'string') {
    const path = o.em.host.codePath({ filename: code }, app.inst);
    if (typeof path === 'string') {
      o.meta(CODE_PATH_KEY, path);
      return path;
    }
  }
  return null;
}

/** The HTTPS endpoint of a function: `authLevel`, the app's Easy Auth and its access restrictions decide who may call it. */
function endpoint(em: Emitter, inst: Instance, fnId: string, app: AppFacts, authLevel: V | undefined, at: SourceLocation, part = ''): void {
  const u = em.extra(inst, `${fnId}Url`, 'AWS::Lambda::Url', at, `${part}endpoint`);
  u.meta(CLOUD_KEY, 'azure');
  u.put(['TargetFunctionArn'], arnOf(fnId), at);
  const level = typeof authLevel === 'string' ? authLevel.toLowerCase() : authLevel === undefined ? 'function' : authLevel;
  u.put(['AuthType'], level instanceof Sym || level === null || typeof level !== 'string' ? new Unknown('authLevel is not known statically') : 'NONE', at);
  if (level === 'function' || level === 'admin') u.meta(KEY_AUTH_KEY, level === 'admin' ? 'admin (master) key' : 'function key');
  u.meta(NATIVE_KEY, `HTTP trigger, authLevel ${typeof level === 'string' ? level : 'unresolved'}`);
  const easy = block(app.body, 'auth_settings_v2');
  // Easy Auth signs callers in only with require_authentication (default false: anonymous requests pass
  // through to the function), not AllowAnonymous, and no excluded_paths (those paths stay anonymous).
  const excluded = easy?.['excluded_paths'];
  const allPaths = excluded === undefined || excluded === null || (Array.isArray(excluded) && excluded.length === 0);
  if (easy && easy['auth_enabled'] !== false && easy['require_authentication'] === true && easy['unauthenticated_action'] !== 'AllowAnonymous' && allPaths) {
    const entra = block(easy, 'active_directory_v2');
    const social = SOCIAL_LOGINS.some((k) => block(easy, k) !== undefined);
    u.meta(EASY_AUTH_KEY, `Easy Auth (${entra && !social ? 'Entra ID' : 'an identity provider'})`);
    if (entra && !social) u.meta(ENTRA_TENANT_KEY, tenantOf(entra['tenant_auth_endpoint']));
  }
  const net = networkOf(app);
  if (net.internal) u.meta(INTERNAL_KEY, net.internal);
  if (net.note) u.meta(NETWORK_NOTE_KEY, net.note);
}

/** Easy Auth logins anyone can sign up to: a signed-in user is then anyone with such an account. */
const SOCIAL_LOGINS = ['google_v2', 'facebook_v2', 'github_v2', 'twitter_v2', 'apple_v2', 'microsoft_v2', 'custom_oidc_v2'];

/** `https://login.microsoftonline.com/<tenant>/v2.0`: one tenant, or any (`common`, `organizations`, `consumers`). */
function tenantOf(v: V | undefined): 'one' | 'any' | 'unresolved' {
  const text = typeof v === 'string' ? v : v instanceof Concat ? v.parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('') : null;
  if (text === null) return 'unresolved';
  const m = /^https:\/\/[^/]+\/([^/]+)/.exec(text);
  if (!m) return 'unresolved';
  if (/^(common|organizations|consumers)$/i.test(m[1]!)) return 'any';
  // a tenant id from data.azurerm_client_config (or any value) is one tenant unless it may be a multi-tenant keyword
  return m[1]!.includes('\u0000') && !/tenant_id/.test(describe(v)) ? 'unresolved' : 'one';
}

function describe(v: V | undefined): string {
  if (v instanceof Concat) return v.parts.map((p) => (typeof p === 'string' ? p : describe(p))).join('');
  if (v instanceof Unknown) return v.reason;
  if (v instanceof CfnExpr) return JSON.stringify(v.cfn);
  if (v instanceof Handle) return v.describe;
  return typeof v === 'string' ? v : '';
}

const PRIVATE_CIDR = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;

/**
 * Who reaches the app's endpoints over the network. `public_network_access_enabled = false`: only
 * private endpoints. Access restrictions (`site_config.ip_restriction`) narrow the caller only with
 * `ip_restriction_default_action = "Deny"`: since azurerm 3.95 it defaults to Allow, and an
 * allow-list then restricts nothing. Only allow rules for virtual network subnets, private ranges
 * or the `VirtualNetwork` tag keep the endpoint off the internet; anything not known keeps it on.
 */
function networkOf(app: AppFacts): { internal?: string; note?: string } {
  const b = app.body;
  if (b['public_network_access_enabled'] === false) return { internal: 'public network access disabled: private endpoints only' };
  if (b['public_network_access_enabled'] instanceof Sym) return { note: 'public_network_access_enabled is not known statically' };
  const site = block(b, 'site_config');
  const rules = site ? blocks(site, 'ip_restriction') : [];
  if (!site || rules.length === 0) return {};
  const deflt = site['ip_restriction_default_action'];
  if (deflt !== 'Deny') {
    return { note: deflt instanceof Sym ? 'ip_restriction_default_action is not known statically' : 'the ip_restriction allow-list restricts nothing: ip_restriction_default_action is not Deny (Allow is the azurerm default since 3.95)' };
  }
  const allows = rules.filter((r) => r['action'] === undefined || r['action'] === 'Allow' || r['action'] instanceof Sym);
  const open = allows.filter((r) => {
    if (r['action'] instanceof Sym) return true;
    if (r['virtual_network_subnet_id'] !== undefined && r['virtual_network_subnet_id'] !== null) return false;
    if (r['service_tag'] === 'VirtualNetwork') return false;
    const ip = r['ip_address'];
    return !(typeof ip === 'string' && PRIVATE_CIDR.test(ip));
  });
  if (open.length === 0) return { internal: 'access restrictions allow only virtual networks and private ranges' };
  const from = open.map((r) => (typeof r['ip_address'] === 'string' ? r['ip_address'] : typeof r['service_tag'] === 'string' ? `service tag ${r['service_tag']}` : 'a source not known statically'));
  return { note: `reachable from ${from.join(', ')} (ip_restriction)` };
}

/** Bindings of a function's `config_json` (or of an app's own triggers). */
function bindingsOf(v: V | undefined): VObject[] | null {
  // `config_json = file("function.json")`: the JSON text itself
  const raw = v instanceof JsonText ? v.value : typeof v === 'string' ? parseJsonObject(v) : v;
  if (!isObject(raw ?? null)) return null;
  const bs = (raw as VObject)['bindings'];
  return Array.isArray(bs) ? bs.filter((x): x is VObject => isObject(x)) : [];
}

const PRIMARY: Record<string, Primary> = {};
for (const t of APP_TYPES) {
  PRIMARY[t] = (o, b) => {
    o.meta(CLOUD_KEY, 'azure');
    o.meta(NATIVE_KEY, t === 'azurerm_function_app_flex_consumption' ? 'Flex Consumption function app' : 'function app');
    o.copy('Name', 'name');
    const facts: AppFacts = { id: o.id, flex: t === 'azurerm_function_app_flex_consumption', body: b, inst: o.inst };
    let m = apps.get(o.em);
    if (!m) apps.set(o.em, (m = new Map()));
    m.set(o.id, facts);
    const identity = block(b, 'identity');
    if (identity && /SystemAssigned/.test(String(identity['type'] ?? ''))) {
      const r = o.em.extra(o.inst, identityId(o.id), 'AWS::IAM::Role', o.em.host.locs.get(b)?.get('identity') ?? o.inst.location, 'identity');
      r.meta(CLOUD_KEY, 'azure');
      r.meta(NATIVE_KEY, 'system-assigned managed identity');
    }
  };
}
/** Azure resources read by name: their model property and what Azure calls them. */
const NAMED: [string, string, string][] = [
  ['azurerm_user_assigned_identity', 'RoleName', 'user-assigned managed identity'],
  ['azurerm_storage_queue', 'QueueName', 'Storage queue'],
  ['azurerm_servicebus_queue', 'QueueName', 'Service Bus queue'],
  ['azurerm_servicebus_topic', 'TopicName', 'Service Bus topic'],
  ['azurerm_key_vault_secret', 'Name', 'Key Vault secret'],
  ['azurerm_storage_container', 'BucketName', 'Blob container'],
  ['azurerm_key_vault', 'Name', 'Key Vault'],
];
for (const [type, prop, native] of NAMED) {
  PRIMARY[type] = (o) => {
    o.meta(CLOUD_KEY, 'azure');
    o.meta(NATIVE_KEY, native);
    o.copy(prop, 'name');
  };
}

/** After every resource exists: functions take their app's settings and their triggers. */
const LINK: Record<string, Merge> = {
  azurerm_function_app_function(em, inst, b) {
    const app = appFacts(em, b['function_app_id']);
    const id = em.host.logicalId(inst);
    const o = em.extra(inst, id, 'AWS::Lambda::Function', inst.location);
    // `extra` keeps the address: this resource is the function itself
    (o.res['Metadata'] as JsonObject)['nightlight:address'] = inst.address;
    o.copy('FunctionName', 'name');
    if (app) fromApp(o, app, inst.location);
    else o.meta(CLOUD_KEY, 'azure');
    const lang = runtimeOf(undefined, b['language']);
    if (lang && o.props['Runtime'] === undefined) o.put(['Runtime'], lang, inst.location);
    const runtime = String(o.props['Runtime'] ?? '');
    const name = b['name'];
    if (typeof name === 'string') o.put(['Handler'], /^python/.test(runtime) ? `function_app.${name}` : `index.${name}`, inst.location);
    const bindings = bindingsOf(b['config_json']);
    const at = em.host.locs.get(b)?.get('config_json') ?? inst.location;
    if (bindings === null) {
      if (app) endpoint(em, inst, id, app, new Unknown('config_json is not known statically') as unknown as V, at);
      return true;
    }
    triggers(em, inst, id, app, bindings, at);
    return true;
  },
};


/** The triggers of a function's bindings (`config_json`, a function.json). */
function triggers(em: Emitter, inst: Instance, id: string, app: AppFacts | null, bindings: VObject[], at: SourceLocation, part = ''): void {
  for (const bd of bindings) {
    if (bd['direction'] === 'out') continue;
    const type = String(bd['type'] ?? '');
    if (type === 'httpTrigger' && app) endpoint(em, inst, id, app, bd['authLevel'], at, part);
    else if (type === 'serviceBusTrigger' && bd['topicName'] !== undefined) {
      // a subscription of a Service Bus topic: a push from a topic, like SNS
      const t = em.target(bd['topicName'], 'AWS::SNS::Topic');
      const sub = em.extra(inst, `${id}Trigger`, 'AWS::SNS::Subscription', at, `${part}trigger`);
      sub.meta(CLOUD_KEY, 'azure');
      sub.meta(NATIVE_KEY, 'Service Bus topic trigger');
      sub.put(['TopicArn'], t ? new CfnExpr({ Ref: t }) : (bd['topicName'] ?? null), at);
      sub.put(['Protocol'], 'lambda', at);
      sub.put(['Endpoint'], arnOf(id), at);
    } else if (type === 'queueTrigger' || type === 'serviceBusTrigger') {
      const q = em.target(bd['queueName'], 'AWS::SQS::Queue');
      const m = em.extra(inst, `${id}Trigger`, 'AWS::Lambda::EventSourceMapping', at, `${part}trigger`);
      m.meta(CLOUD_KEY, 'azure');
      m.put(['EventSourceArn'], q ? arnOf(q) : (bd['queueName'] ?? null), at);
      m.put(['FunctionName'], new CfnExpr({ Ref: id }), at);
    } else if (type === 'timerTrigger') {
      const r = em.extra(inst, `${id}Trigger`, 'AWS::Events::Rule', at, `${part}trigger`);
      r.meta(CLOUD_KEY, 'azure');
      r.put(['ScheduleExpression'], 'rate(1 minute)', at);
      r.put(['Targets'], [{ Id: inst.address, Arn: arnOf(id) } as unknown as VObject], at);
    } else if (type && type !== 'httpTrigger') {
      const r = em.extra(inst, `${id}Trigger`, 'AWS::Events::Rule', at, `${part}trigger`);
      r.meta(CLOUD_KEY, 'azure');
      r.meta(NATIVE_KEY, `${type} trigger`);
      r.put(['EventPattern'], { source: [type] } as VObject, at);
      r.put(['Targets'], [{ Id: inst.address, Arn: arnOf(id) } as unknown as VObject], at);
    }
  }
}

/**
 * An app none of whose functions is declared in Terraform. With its code folder known, each
 * `<name>/function.json` there is a function (the classic model: `scriptFile`/`entryPoint`, bindings
 * as in `config_json`; `host.json` `functionTimeout`). Otherwise, or when the folder has none (the
 * v4 Node and v2 Python models declare triggers in code), the app itself is one function whose
 * HTTP auth is unresolved, so it is never taken as safe.
 */
export function azureAppsWithoutFunctions(em: Emitter, instances: Instance[]): void {
  const declared = new Set(instances.filter((i) => i.type === 'azurerm_function_app_function').map((i) => em.target(i.body()['function_app_id'], 'Nightlight::Azure::FunctionApp')));
  for (const [id, app] of apps.get(em) ?? []) {
    if (declared.has(id)) continue;
    if (codeDefinedFunctions(em, id, app)) continue;
    const res = em.resources[id]!;
    res['Type'] = 'AWS::Lambda::Function';
    const o = em.existing(id, app.inst);
    fromApp(o, app, app.inst.location);
    o.put(['Handler'], new Unknown('the functions of this app are not in the scan (no function.json, and no v4 Node.js or v2 Python declarations in a code folder the scan holds)'), app.inst.location);
    endpoint(em, app.inst, id, app, new Unknown('the functions of this app, and their authLevel, are not in the scan') as unknown as V, app.inst.location);
  }
}

/** A function.json's JSON, or null when it is not an object (a syntax error is unknown bindings, never none). */
function parseJsonObject(text: string): VObject | null {
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as VObject) : null;
  } catch {
    return null;
  }
}

/** `hh:mm:ss` of host.json `functionTimeout`, in seconds. */
function timeoutSeconds(v: V | undefined): number | null {
  const m = typeof v === 'string' ? /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(v.trim()) : null;
  return m ? Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : null;
}

/** The classic model's functions of an app from its code folder; false when there are none to read. */
function codeDefinedFunctions(em: Emitter, appId: string, app: AppFacts): boolean {
  const code = app.body['zip_deploy_file'];
  const folder = typeof code === 'string' ? em.host.codePath({ filename: code }, app.inst) : null;
  if (typeof folder !== 'string' || !em.host.list || !em.host.read) return false;
  const names = (em.host.list(folder) ?? []).filter((n) => !n.startsWith('.') && n !== 'node_modules').sort();
  const found: { name: string; file: string; json: VObject | null; text: string }[] = [];
  for (const name of names.slice(0, 500)) {
    const file = `${folder === '.' ? '' : `${folder}/`}${name}/function.json`;
    const text = em.host.read(file);
    if (text !== null) found.push({ name, file, json: parseJsonObject(text), text });
  }
  const hostText = em.host.read(`${folder === '.' ? '' : `${folder}/`}host.json`);
  const host = hostText === null ? null : parseJsonObject(hostText);
  const timeout = timeoutSeconds(host?.['functionTimeout']);
  if (found.length === 0) return codeDeclaredFunctions(em, appId, app, folder, timeout);
  for (const f of found) {
    const fnId = `${appId}${f.name.replace(/[^A-Za-z0-9]/g, '')}`;
    const line = (key: string) => {
      const i = f.text.indexOf(`"${key}"`);
      return i < 0 ? 1 : f.text.slice(0, i).split('\n').length;
    };
    const at: SourceLocation = { file: f.file, line: line('bindings'), column: 1 };
    const o = em.extra(app.inst, fnId, 'AWS::Lambda::Function', at, f.name);
    o.put(['FunctionName'], f.name, at);
    fromApp(o, app, app.inst.location);
    o.meta(NATIVE_KEY, 'function.json function');
    if (timeout !== null) o.put(['Timeout'], timeout, { file: `${folder === '.' ? '' : `${folder}/`}host.json`, line: 1, column: 1 });
    const runtime = String(o.props['Runtime'] ?? '');
    const script = typeof f.json?.['scriptFile'] === 'string' ? (f.json['scriptFile'] as string) : /^python/.test(runtime) ? '__init__.py' : 'index.js';
    const modulePath = posixJoin(f.name, script).replace(/\.(c|m)?(js|ts|py)$/, '');
    const entry = typeof f.json?.['entryPoint'] === 'string' ? (f.json['entryPoint'] as string) : /^python/.test(runtime) ? 'main' : 'default';
    o.put(['Handler'], modulePath.startsWith('..') ? new Unknown(`scriptFile ${script} is outside the function's folder`) : `${modulePath}.${entry}`, at);
    const bindings = f.json === null ? null : bindingsOf(f.json);
    const authAt: SourceLocation = { file: f.file, line: line('authLevel') > 1 ? line('authLevel') : at.line, column: 1 };
    if (bindings === null) {
      em.host.warn?.({ level: 'warning', code: 'azure-function-json', message: `${f.file}: not a JSON object; the function's triggers and their auth are unresolved`, location: { file: f.file, line: 1, column: 1 } });
    }
    if (bindings === null) endpoint(em, app.inst, fnId, app, new Unknown(`${f.file} is not a JSON object`) as unknown as V, at, `${f.name}/`);
    else triggers(em, app.inst, fnId, app, bindings, authAt, `${f.name}/`);
  }
  return true;
}

/**
 * The functions an app declares in its code (the v4 Node.js and v2 Python programming models,
 * loaders/code/azure-declared.ts): each is a function of its own with its trigger, auth level
 * (anonymous = public; not a literal = unresolved), route and handler (the registration's handler
 * or the decorated def), located where it is declared. False when the code declares none.
 */
function codeDeclaredFunctions(em: Emitter, appId: string, app: AppFacts, folder: string, timeout: number | null): boolean {
  const list = declaredAzureFunctions({
    folder,
    list: (rel) => em.host.list?.(rel) ?? null,
    read: (rel) => em.host.read?.(rel) ?? null,
    warn: (file, line, why) => em.host.warn?.({ level: 'warning', code: 'azure-declared-functions', message: `${file}:${line}: ${why}`, location: { file, line, column: 1 } }),
  });
  if (!list) return false;
  const used = new Set<string>();
  for (const d of list) {
    let fnId = `${appId}${d.name.replace(/[^A-Za-z0-9]/g, '')}`;
    while (used.has(fnId) || em.resources[fnId]) fnId += 'X';
    used.add(fnId);
    const o = em.extra(app.inst, fnId, 'AWS::Lambda::Function', d.location, d.name);
    o.put(['FunctionName'], d.name, d.location);
    fromApp(o, app, app.inst.location);
    o.meta(NATIVE_KEY, /\.py$/.test(d.location.file) ? 'function declared in Python (v2 model)' : 'function declared in code (v4 Node.js model)');
    if (timeout !== null) o.put(['Timeout'], timeout, { file: `${folder === '.' ? '' : `${folder}/`}host.json`, line: 1, column: 1 });
    o.put(['Handler'], d.handler ?? new Unknown(`the name of the function declared at ${d.location.file}:${d.location.line} is not a literal`), d.location);
    const binding = newObject();
    binding['type'] = d.trigger;
    if (d.authLevel !== undefined) binding['authLevel'] = d.authLevel === null ? new Unknown(`the authLevel of ${d.name} is not a literal`) : d.authLevel;
    for (const [k, v] of Object.entries(d.settings)) binding[k] = v === null ? new Unknown(`${k} of ${d.name} is not a literal`) : v;
    triggers(em, app.inst, fnId, app, [binding], d.authLocation, `${d.name}/`);
  }
  return true;
}

/** `a` + `/` + `b`, normalised (`./x` → `x`, `a/../b` → `b`). */
function posixJoin(a: string, b: string): string {
  const out: string[] = [];
  for (const seg of `${a}/${b}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/** `azurerm_role_assignment`: the role's capabilities for the identity, on its scope. */
const roleAssignment: Merge = (em, inst, b) => {
  const role = em.target(b['principal_id'], 'AWS::IAM::Role');
  if (!role) return false;
  const o = em.existing(role, inst);
  const name = b['role_definition_name'] ?? b['role_definition_id'];
  const c = typeof name === 'string' ? azureRole(name) : { known: false as const, reason: 'the role definition is not known statically' };
  const scope = b['scope'];
  const scoped = scope instanceof Sym ? em.target(scope) : null;
  const resources: JsonValue[] = scoped ? [{ 'Fn::GetAtt': [scoped, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [scoped, 'Arn'] }, '/*']] }] : ['*'];
  const scopeText = typeof scope === 'string' ? scope : describe(scope);
  const scopeLabel =
    typeof scope === 'string'
      ? /\/resourceGroups\/[^/]+$/i.test(scope) ? 'resource group' : /^\/subscriptions\/[^/]+$/i.test(scope) ? 'subscription' : scope
      : (scoped ? String(((em.resources[scoped]!['Metadata'] ?? {}) as JsonObject)[ADDRESS_KEY] ?? scoped) : null) ?? (/azurerm_subscription\b/.test(scopeText) ? 'subscription' : /azurerm_resource_group\b/.test(scopeText) ? 'resource group' : 'a scope not known statically');
  const list = (o.props['Policies'] ??= []) as unknown[];
  const at = em.host.locs.get(b)?.get(b['role_definition_name'] !== undefined ? 'role_definition_name' : 'role_definition_id') ?? inst.location;
  const path = ['Resources', role, 'Properties', 'Policies', list.length];
  em.host.table.set(path, at);
  em.host.table.set([...path, 'PolicyDocument'], at);
  const statements: JsonObject[] = [];
  if (c.known) {
    const cap = c.capability;
    if (cap.actions.length) statements.push({ Effect: 'Allow', Action: cap.actions, Resource: resources });
    if (cap.notActions) statements.push({ Effect: 'Allow', NotAction: cap.notActions, Resource: resources });
    if (cap.alsoActions?.length) statements.push({ Effect: 'Allow', Action: cap.alsoActions, Resource: resources });
    statements.forEach((_, i) => em.host.table.set([...path, 'PolicyDocument', 'Statement', i], at));
  }
  list.push({ PolicyName: `${typeof name === 'string' ? (AZURE_ROLE_IDS[name.split('/').pop()!.toLowerCase()] ?? name.split('/').pop()) : 'role'} on ${scopeLabel}`, PolicyDocument: c.known ? { Version: '2012-10-17', Statement: statements } : { 'Nightlight::Unresolved': c.reason } });
  return true;
};

export const AZURE_PRIMARY: Readonly<Record<string, Primary>> = PRIMARY;
export const AZURE_LINK: Readonly<Record<string, Merge>> = LINK;
export const AZURE_MERGE: Readonly<Record<string, Merge>> = { azurerm_role_assignment: roleAssignment };
