/**
 * Serverless Framework services of the other two clouds, read into the same model as their
 * Terraform twins: each service becomes the Terraform resources of the same meaning, mapped by
 * loaders/terraform/google.ts and azure.ts (as ARM templates are, loaders/arm/load.ts).
 *
 * `provider: google` (the serverless-google-cloudfunctions plugin): every function is a 1st gen
 * Cloud Function (the plugin deploys through the Cloud Functions v1 API) with `handler` as its
 * entry point, memory, timeout, `maxInstances`, environment (provider's, then the function's),
 * `serviceAccountEmail` (function, then provider) and one event: `http` (an HTTPS endpoint) or
 * `event` (`eventType` + `resource`: a Pub/Sub topic, a Storage bucket, anything else an event
 * rule). Who may invoke an HTTP function: the plugin grants `roles/cloudfunctions.invoker` to
 * `allUsers` for `allowUnauthenticated: true` (function or provider) and sets `iam.bindings`
 * (function and provider) as the function's IAM policy (package/lib/compileFunctions.js,
 * deploy/lib/setIamPolicy.js). With neither, the plugin sets no invoker at all, and what callers
 * get then depends on the plugin version and on the project (older versions left it to the Cloud
 * Functions default, which made HTTP functions public until January 2020): the invoker is
 * reported unresolved, never private.
 *
 * `provider: azure` (the serverless-azure-functions plugin): one function app for the service
 * (its `provider.environment` are the app settings, `provider.runtime` its stack, `provider.os`
 * Linux or Windows), each function with the function.json the plugin writes: the first event's
 * type + `Trigger` (`http` → httpTrigger, `queue` → queueTrigger, `serviceBus`, `blob`, `timer`,
 * `eventGrid`, …) with its settings from `x-azure-settings` or the event itself; `authLevel`
 * defaults to `function` (src/shared/bindings.json). The handler `src/handlers/hello.sayHello` is
 * `sayHello` of `src/handlers/hello.js` in the service folder.
 */
import { dirname } from 'node:path';
import type { Diagnostic, DocPath, JsonObject, JsonValue, LoadedTemplate, SourceLocation } from '../../model/types.js';
import { LocationTable } from '../cloudformation/parse.js';
import { Emitter, ValueInstance } from '../terraform/map.js';
import { mapInstances } from '../terraform/resources.js';
import { CfnExpr, JsonText, Unknown, newObject, type V, type VObject } from '../terraform/values.js';
import { unresolvedMarkers, type SourceMap } from './variables.js';
import type { ScanRoot } from '../boundary.js';

type Locs = WeakMap<object, Map<string | number, SourceLocation>>;

export interface OtherCloudInput {
  file: string;
  cfg: JsonObject;
  service: string;
  stage: string;
  sourceMap: SourceMap;
  files: ScanRoot;
  diagnostics: Diagnostic[];
}

const isObj = (v: JsonValue | undefined): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

/** Resolved configuration → mapping values, every member located where the user wrote it; a value left unresolved by a variable is Unknown. */
class Reader {
  constructor(
    readonly sourceMap: SourceMap,
    readonly locs: Locs,
  ) {}

  at(path: DocPath): SourceLocation {
    return this.sourceMap.locate(path);
  }

  value(x: JsonValue | undefined, path: DocPath, depth = 0): V | undefined {
    if (x === undefined) return undefined;
    if (depth > 64) return new Unknown('nested too deeply');
    if (typeof x === 'string') {
      const markers = unresolvedMarkers(x);
      return markers.length ? new Unknown(`Serverless variable ${markers.map((m) => '${' + m + '}').join(', ')} cannot be resolved offline`) : x;
    }
    if (Array.isArray(x)) {
      const out = x.map((y, i) => this.value(y, [...path, i], depth + 1) ?? null);
      this.locs.set(out, new Map(x.map((_, i) => [i, this.at([...path, i])] as const)));
      return out;
    }
    if (isObj(x)) {
      const out = newObject();
      const m = new Map<string | number, SourceLocation>();
      for (const [k, y] of Object.entries(x)) {
        out[k] = this.value(y, [...path, k], depth + 1) ?? null;
        m.set(k, this.at([...path, k]));
      }
      this.locs.set(out, m);
      return out;
    }
    return x;
  }

  /** An object built of members taken from several places of the configuration. */
  object(pairs: [string, JsonValue | undefined, DocPath][]): VObject {
    const o = newObject();
    const m = new Map<string | number, SourceLocation>();
    for (const [k, x, path] of pairs) {
      if (x === undefined) continue;
      o[k] = this.value(x, path) ?? null;
      m.set(k, this.at(path));
    }
    this.locs.set(o, m);
    return o;
  }

  /** Provider entries, then the function's over them (each located where it was written). */
  merged(provider: JsonValue | undefined, providerPath: DocPath, own: JsonValue | undefined, ownPath: DocPath): VObject | undefined {
    if (!isObj(provider) && !isObj(own)) return undefined;
    const pairs: [string, JsonValue, DocPath][] = [];
    if (isObj(provider)) for (const [k, v] of Object.entries(provider)) pairs.push([k, v, [...providerPath, k]]);
    if (isObj(own)) for (const [k, v] of Object.entries(own)) pairs.push([k, v, [...ownPath, k]]);
    const last = new Map(pairs.map((p) => [p[0], p] as const));
    return this.object([...last.values()]);
  }
}

/** The functions of the service: `functions:` as a mapping, or a list of mappings. */
function functionsOf(cfg: JsonObject): { key: string; fn: JsonObject; path: DocPath }[] {
  const out: { key: string; fn: JsonObject; path: DocPath }[] = [];
  const fns = cfg['functions'];
  const add = (obj: JsonObject, base: DocPath) => {
    for (const [key, fn] of Object.entries(obj)) if (isObj(fn)) out.push({ key, fn, path: [...base, key] });
  };
  if (isObj(fns)) add(fns, ['functions']);
  else if (Array.isArray(fns)) fns.forEach((x, i) => isObj(x) && add(x, ['functions', i]));
  return out;
}

function eventsOf(fn: JsonObject): JsonObject[] {
  return Array.isArray(fn['events']) ? fn['events'].filter(isObj) : [];
}

const logicalIdOf = (key: string) => key.replace(/[^A-Za-z0-9]/g, '') || 'Function';

/** Reads a Serverless service of Google Cloud or Azure; the template is in the model's one vocabulary. */
export function loadOtherCloud(cloud: 'google' | 'azure', input: OtherCloudInput): LoadedTemplate {
  const { file, cfg } = input;
  const locs: Locs = new WeakMap();
  const table = new LocationTable(file);
  const r = new Reader(input.sourceMap, locs);
  const instances: ValueInstance[] = [];
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  const idOf = (address: string, preferred: string) => {
    let id = preferred;
    while (taken.has(id)) id += 'X';
    taken.add(id);
    ids.set(address, id);
    return id;
  };
  const codeDir = dirname(file) === '.' ? '.' : dirname(file);
  const post: ((em: Emitter) => void)[] = [];
  const provider = isObj(cfg['provider']) ? cfg['provider'] : {};
  if (cloud === 'google') google(input, r, provider, instances, idOf, post);
  else azure(input, r, provider, instances, idOf, post);
  if (cfg['resources'] !== undefined) {
    const loc = r.at(['resources']);
    input.diagnostics.push({ level: 'warning', code: 'definition-not-read', message: `${file}:${loc.line}: the ${cloud === 'google' ? 'Deployment Manager' : 'ARM'} resources under \`resources:\` are not read: what they create and grant is not analysed`, location: { ...loc, file } });
  }
  const em = new Emitter({
    locs,
    table,
    logicalId: (inst) => ids.get(inst.address) ?? logicalIdOf(inst.address),
    codePath: (fn) => (fn['filename'] === codeDir ? codeDir : null),
    list: (rel) => input.files.list(input.files.abs(rel)),
    read: (rel) => input.files.readText(input.files.abs(rel), rel, [], {})?.text ?? null,
    warn: (d) => input.diagnostics.push(d),
  });
  mapInstances(em, instances);
  for (const p of post) p(em);
  table.set([], { file, line: 1, column: 1 });
  return { file, format: 'serverless', body: { AWSTemplateFormatVersion: '2010-09-09', Resources: em.resources }, locate: (path) => table.locate(path) };
}

type IdOf = (address: string, preferred: string) => string;

/** `projects/<p>/topics/<t>` → `<t>`, `projects/_/buckets/<b>` → `<b>` (the names the Terraform resources carry). */
function shortResource(v: JsonValue | undefined): JsonValue | undefined {
  if (typeof v !== 'string') return v;
  const m = /^projects\/[^/]+\/(?:topics|buckets)\/([^/]+)$/.exec(v);
  return m ? m[1]! : v;
}

function google(input: OtherCloudInput, r: Reader, provider: JsonObject, out: ValueInstance[], idOf: IdOf, post: ((em: Emitter) => void)[]): void {
  const codeDir = dirname(input.file) === '.' ? '.' : dirname(input.file);
  for (const { key, fn, path } of functionsOf(input.cfg)) {
    const id = idOf(key, `${logicalIdOf(key)}Function`);
    const at = r.at(path);
    const events = eventsOf(fn);
    const first = events[0];
    const ev = first !== undefined && isObj(first['event']) ? first['event'] : undefined;
    const pick = (k: string, pk = k): [JsonValue | undefined, DocPath] => (fn[k] !== undefined ? [fn[k], [...path, k]] : [provider[pk], ['provider', pk]]);
    const [runtime, runtimePath] = pick('runtime');
    const [mem, memPath] = pick('memorySize');
    const [timeout, timePath] = pick('timeout');
    const [sa, saPath] = pick('serviceAccountEmail');
    const body = r.object([
      ['name', typeof fn['name'] === 'string' ? fn['name'] : `${input.service}-${input.stage}-${key}`, [...path, fn['name'] !== undefined ? 'name' : 'handler']],
      ['runtime', runtime ?? 'nodejs10', runtimePath],
      ['entry_point', fn['handler'], [...path, 'handler']],
      ['available_memory_mb', mem ?? 256, memPath],
      ['timeout', timeout ?? '60s', timePath],
      ['max_instances', fn['maxInstances'], [...path, 'maxInstances']],
      ['service_account_email', sa, saPath],
      ['trigger_http', ev ? undefined : true, [...path, 'events', 0]],
    ]);
    const env = r.merged(provider['environment'], ['provider', 'environment'], fn['environment'], [...path, 'environment']);
    if (env) {
      body['environment_variables'] = env;
      locs(r).get(body)!.set('environment_variables', r.at(fn['environment'] !== undefined ? [...path, 'environment'] : ['provider', 'environment']));
    }
    if (ev) {
      const evPath = [...path, 'events', 0, 'event'];
      body['event_trigger'] = [r.object([['event_type', ev['eventType'] ?? null, [...evPath, 'eventType']], ['resource', shortResource(ev['resource']) ?? null, [...evPath, 'resource']]])];
    }
    if (fn['handler'] === undefined) body['entry_point'] = new Unknown(`function ${key} has no handler`);
    out.push(new ValueInstance('google_cloudfunctions_function', key, at, body));
    post.push((em) => {
      const meta = em.resources[id]?.['Metadata'] as JsonObject | undefined;
      if (meta) meta['nightlight:code-path'] = codeDir;
    });
    // an event-triggered function has no endpoint; one without events (the plugin refuses it) is taken as HTTP
    if (ev) continue;
    // Who may invoke: iam.bindings (function and provider) and allowUnauthenticated, which the plugin
    // reads as `function.allowUnauthenticated || provider.allowUnauthenticated` (JavaScript truth).
    const bindings: V[] = [];
    const bindingList = (v: JsonValue | undefined, p: DocPath) => {
      const list = isObj(v) ? v['bindings'] : undefined;
      if (Array.isArray(list)) list.forEach((b, i) => isObj(b) && bindings.push(r.object([['role', b['role'] ?? null, [...p, 'bindings', i, 'role']], ['members', b['members'] ?? null, [...p, 'bindings', i, 'members']]])));
    };
    bindingList(fn['iam'], [...path, 'iam']);
    bindingList(provider['iam'], ['provider', 'iam']);
    const allows: [JsonValue, DocPath][] = [];
    if (fn['allowUnauthenticated'] !== undefined) allows.push([fn['allowUnauthenticated'], [...path, 'allowUnauthenticated']]);
    if (provider['allowUnauthenticated'] !== undefined) allows.push([provider['allowUnauthenticated'], ['provider', 'allowUnauthenticated']]);
    const marker = (v: JsonValue) => typeof v === 'string' && unresolvedMarkers(v).length > 0;
    const truthy = allows.find(([v]) => !marker(v) && !!v && v !== 0);
    const unknown = allows.find(([v]) => marker(v));
    if (truthy) bindings.push(r.object([['role', 'roles/cloudfunctions.invoker', truthy[1]], ['members', ['allUsers'], truthy[1]]]));
    else if (unknown) bindings.push(r.object([['role', 'roles/cloudfunctions.invoker', unknown[1]], ['members', [unknown[0]], unknown[1]]]));
    const declared = allows.length > 0 || bindings.length > 0;
    if (bindings.length > 0) {
      const pd = newObject();
      pd['bindings'] = bindings;
      const iam = r.object([]);
      iam['cloud_function'] = new CfnExpr({ Ref: id });
      iam['policy_data'] = pd;
      out.push(new ValueInstance('google_cloudfunctions_function_iam_policy', `${key}/iam`, r.at((truthy ?? unknown)?.[1] ?? [...path, 'iam']), iam));
    }
    if (!declared) {
      const eventAt = r.at([...path, 'events', 0]);
      post.push((em) => {
        const url = em.resources[`${id}Url`];
        if (!url) return;
        (url['Properties'] as JsonObject)['AuthType'] = {
          'Nightlight::Unresolved':
            'serverless-google-cloudfunctions sets no invoker without allowUnauthenticated or iam.bindings: who may call the function then depends on the plugin version and the project (HTTP functions were public by default until January 2020)',
        };
        em.host.table.set(['Resources', `${id}Url`, 'Properties', 'AuthType'], eventAt);
      });
    }
  }
}

function locs(r: Reader): Locs {
  return r.locs;
}

/** serverless-azure-functions trigger keys → function.json binding types (the first event's key + `Trigger`). */
const AZURE_TRIGGERS: Record<string, string> = {
  http: 'httpTrigger',
  queue: 'queueTrigger',
  serviceBus: 'serviceBusTrigger',
  blob: 'blobTrigger',
  timer: 'timerTrigger',
  eventHub: 'eventHubTrigger',
  eventGrid: 'eventGridTrigger',
  cosmosDB: 'cosmosDBTrigger',
};

function azure(input: OtherCloudInput, r: Reader, provider: JsonObject, out: ValueInstance[], idOf: IdOf, post: ((em: Emitter) => void)[]): void {
  const codeDir = dirname(input.file) === '.' ? '.' : dirname(input.file);
  const runtime = typeof provider['runtime'] === 'string' ? provider['runtime'] : undefined;
  const stackKey = runtime === undefined ? undefined : /^python/i.test(runtime) ? 'python_version' : /^node/i.test(runtime) ? 'node_version' : /^dotnet/i.test(runtime) ? 'dotnet_version' : /^java/i.test(runtime) ? 'java_version' : undefined;
  const version = runtime?.replace(/^[a-z]+/i, '') || undefined;
  const appAddress = 'provider';
  const appId = idOf(appAddress, 'FunctionApp');
  const app = r.object([
    ['name', `${input.service}-${input.stage}`, ['service']],
    ['zip_deploy_file', codeDir, ['provider']],
  ]);
  if (provider['environment'] !== undefined) {
    app['app_settings'] = r.value(provider['environment'], ['provider', 'environment']) ?? null;
    locs(r).get(app)!.set('app_settings', r.at(['provider', 'environment']));
  }
  if (stackKey) {
    const stack = r.object([[stackKey, version ?? runtime ?? null, ['provider', 'runtime']]]);
    const site = r.object([]);
    site['application_stack'] = [stack];
    locs(r).get(site)!.set('application_stack', r.at(['provider', 'runtime']));
    app['site_config'] = [site];
  }
  const os = typeof provider['os'] === 'string' ? provider['os'].toLowerCase() : 'windows';
  out.push(new ValueInstance(os === 'linux' ? 'azurerm_linux_function_app' : 'azurerm_windows_function_app', appAddress, r.at(['provider']), app));
  const language = runtime && /^python/i.test(runtime) ? 'Python' : 'Javascript';
  for (const { key, fn, path } of functionsOf(input.cfg)) {
    const id = idOf(key, `${logicalIdOf(key)}Function`);
    const events = eventsOf(fn);
    const bindings: V[] = [];
    let authAt: DocPath = [...path, 'events'];
    events.forEach((e, i) => {
      const type = Object.keys(e).find((k) => k !== 'x-azure-settings');
      if (!type) return;
      const ePath = [...path, 'events', i];
      const settings = isObj(e['x-azure-settings']) ? e['x-azure-settings'] : {};
      const pairs: [string, JsonValue | undefined, DocPath][] = [['type', i === 0 ? (AZURE_TRIGGERS[type] ?? `${type}Trigger`) : type, [...ePath, type]]];
      for (const [k, v] of Object.entries(e)) if (k !== type && k !== 'x-azure-settings') pairs.push([k, v, [...ePath, k]]);
      for (const [k, v] of Object.entries(settings)) pairs.push([k, v, [...ePath, 'x-azure-settings', k]]);
      // `- queue: name` names the queue (the plugin's shorthand)
      if (typeof e[type] === 'string' && /queue/i.test(type)) pairs.push(['queueName', e[type], [...ePath, type]]);
      const last = new Map(pairs.map((p) => [p[0], p] as const));
      const auth = last.get('authLevel');
      if (i === 0) authAt = auth ? auth[2] : [...ePath, type];
      bindings.push(r.object([...last.values()]));
    });
    const config = newObject();
    config['bindings'] = bindings;
    const body = r.object([
      ['name', key, path],
      ['language', language, ['provider', 'runtime']],
    ]);
    body['function_app_id'] = new CfnExpr({ Ref: appId });
    body['config_json'] = new JsonText(config as unknown as JsonValue) as unknown as V;
    locs(r).get(body)!.set('config_json', r.at(authAt));
    out.push(new ValueInstance('azurerm_function_app_function', key, r.at(path), body));
    const handler = fn['handler'];
    const handlerAt = r.at([...path, 'handler']);
    post.push((em) => {
      const res = em.resources[id];
      if (!res) return;
      const props = res['Properties'] as JsonObject;
      const m = typeof handler === 'string' && unresolvedMarkers(handler).length === 0 ? /^(.*)\.([^./]+)$/.exec(handler) : null;
      // `hello.sayHello` → `sayHello` of hello.js; a handler without a dot is an export of handler.js
      props['Handler'] = typeof handler === 'string' && unresolvedMarkers(handler).length === 0 ? (m ? `${m[1]!.replace(/^\.\//, '')}.${m[2]!}` : `handler.${handler}`) : { 'Nightlight::Unresolved': `the handler of ${key} is not known statically` };
      em.host.table.set(['Resources', id, 'Properties', 'Handler'], handlerAt);
      (res['Metadata'] as JsonObject)['nightlight:code-path'] = codeDir;
    });
  }
}
