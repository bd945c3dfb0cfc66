/**
 * Shared state and small helpers of the SAM expansion: the output document being built, the map from
 * generated paths back to the SAM source, and the error type for invalid SAM.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, DocPath, JsonObject, JsonValue, LoadedTemplate } from '../../model/types.js';
import type { SamPolicyTemplates } from './policy-templates.js';

/** Invalid SAM: caught per resource and turned into a `sam-invalid` diagnostic. */
export class SamInvalid extends Error {
  constructor(
    message: string,
    readonly path: DocPath,
  ) {
    super(message);
  }
}

/** One SAM resource after Globals were merged: where each property came from. */
export interface SamResource {
  id: string;
  type: string;
  /** The resource entry as written (Type, Properties, Condition, DependsOn, ...). */
  raw: JsonObject;
  /** Properties with Globals merged in. */
  props: JsonObject;
  /** Source path of a top-level property: under the resource, or under Globals when it came from there. */
  propPath(key: string): DocPath;
  /** Source path of the resource itself. */
  path: DocPath;
}

/** A route that an Api/HttpApi event (of a function or state machine) adds to an API. */
export interface ApiRoute {
  kind: 'rest' | 'http';
  /** Logical id of the API the route belongs to. */
  apiId: string;
  /** How the event named the API (`{ Ref: ... }` or a bare id), reused in permission ARNs. */
  apiRef: JsonValue;
  path: string;
  /** Lower-case method or `any`. */
  method: string;
  owner: SamResource;
  eventName: string;
  eventPath: DocPath;
  event: JsonObject;
  /** The swagger method object to add when the API does not define it already. */
  operation: JsonObject;
}

export interface Ctx {
  src: LoadedTemplate;
  templates: SamPolicyTemplates;
  diagnostics: Diagnostic[];
  /** Output Resources. */
  resources: JsonObject;
  /** Ids addResource added that were not there before, in order (so a failed translation can be undone without snapshotting every id). */
  added?: string[];
  /** Output Conditions (created on first use). */
  conditions: JsonObject;
  /** Generated path → SAM source path. */
  origins: Map<string, DocPath>;
  /** SAM resources by logical id, Globals applied. */
  sam: Map<string, SamResource>;
  /** Routes per API logical id, in template order. */
  routes: Map<string, ApiRoute[]>;
}

export const key = (path: DocPath): string => path.join('\u0001');

export function mapOrigin(ctx: Ctx, generated: DocPath, source: DocPath): void {
  ctx.origins.set(key(generated), source);
}

/** Adds a generated resource and maps it (and, unless finer mappings follow, everything in it) to `source`. */
export function addResource(ctx: Ctx, id: string, resource: JsonObject, source: DocPath): JsonObject {
  const written = isObject(ctx.src.body['Resources']) ? ctx.src.body['Resources'][id] : undefined;
  if (isObject(written) && typeof written['Type'] === 'string' && !written['Type'].startsWith('AWS::Serverless::')) {
    throw new SamInvalid(`Transforming resource with id [${String(source[1] ?? id)}] attempts to create a new resource with id [${id}] and type "${String(resource['Type'])}". A resource with that id already exists within this template. Please use a different id for that resource.`, source);
  }
  if (ctx.added && !Object.hasOwn(ctx.resources, id)) ctx.added.push(id);
  ctx.resources[id] = resource;
  mapOrigin(ctx, ['Resources', id], source);
  // Properties too, so that a generated key is not looked up under the source's own `Properties`.
  mapOrigin(ctx, ['Resources', id, 'Properties'], source);
  return resource;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ "Ref": ... }`, `{ "Fn::...": ... }` or `{ "Condition": ... }`: a value CloudFormation computes. */
export function isIntrinsic(v: unknown): boolean {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'));
}

export const ref = (id: string): JsonObject => ({ Ref: id });
export const getAtt = (id: string, attr: string): JsonObject => ({ 'Fn::GetAtt': [id, attr] });

/** The logical id a `Ref` (or `Fn::GetAtt`) points at, if that is what the value is. */
export function refTarget(v: JsonValue | undefined): string | undefined {
  if (!isObject(v)) return undefined;
  if (typeof v['Ref'] === 'string' && Object.keys(v).length === 1) return v['Ref'];
  const ga = v['Fn::GetAtt'];
  if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
  if (typeof ga === 'string') return ga.split('.')[0];
  return undefined;
}

export function asList(v: JsonValue | undefined): JsonValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export function str(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Copies `keys` of `from` that are set into `to`, mapping each to its source path. */
export function copyProps(ctx: Ctx, r: SamResource, to: JsonObject, genPath: DocPath, keys: readonly (string | [string, string])[]): void {
  for (const k of keys) {
    const [srcKey, outKey] = Array.isArray(k) ? k : [k, k];
    const v = r.props[srcKey];
    if (v === undefined) continue;
    to[outKey] = structuredClone(v);
    mapOrigin(ctx, [...genPath, outKey], r.propPath(srcKey));
  }
}

/**
 * Python's `json.dumps(data, separators=(",", ":"), sort_keys=True)`: the SAM translator hashes that
 * text into logical ids (`<Fn>Version<hash>`), so the same bytes give the same ids.
 */
export function pythonJson(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : JSON.stringify(v);
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (Array.isArray(v)) return '[' + v.map(pythonJson).join(',') + ']';
  const keys = Object.keys(v).sort();
  return '{' + keys.map((k) => pythonJson(k) + ':' + pythonJson(v[k]!)).join(',') + '}';
}

export function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** Logical id `prefix + sha1(data)[:10]`, as the translator's LogicalIdGenerator makes it. */
export function hashedId(prefix: string, data: JsonValue | string): string {
  const text = typeof data === 'string' ? data : pythonJson(data);
  return prefix + (text === '' || text === '{}' ? '' : sha1(text).slice(0, 10));
}

/** Attributes a generated resource inherits from its SAM resource. */
export function inherit(r: SamResource, into: JsonObject, attrs: readonly string[] = ['Condition']): JsonObject {
  for (const a of attrs) if (r.raw[a] !== undefined) into[a] = structuredClone(r.raw[a]!);
  return into;
}

export function invalid(r: SamResource | { id: string; path: DocPath }, message: string, path?: DocPath): SamInvalid {
  return new SamInvalid(`Resource with id [${r.id}] is invalid. ${message}`, path ?? r.path);
}
