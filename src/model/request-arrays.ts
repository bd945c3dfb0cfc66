/**
 * Array schemas of a REST method's request body model that set no `maxItems` (CKV_OPENAPI_21):
 * walked from an OpenAPI operation's body parameter or `requestBody` (local `$ref`s resolved in the
 * definition) or from the `AWS::ApiGateway::Model`s a Method's `RequestModels` names (model `$ref`s
 * `https://apigateway.amazonaws.com/restapis/<api>/models/<name>` resolved to the template's model of
 * that name). What cannot be read (an external `$ref`, an unresolved schema, a model outside the
 * template) makes the whole answer unresolved.
 */
import type { DocPath, Maybe, SourceLocation, UnboundedArray } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import type { ModelBuilder, Stack, StackResource } from './builder.js';

/** API Gateway's built-in models, which a method may name without declaring them; neither holds an array. */
const BUILT_IN_MODELS: ReadonlySet<string> = new Set(['Empty', 'Error']);
/** Schema nodes visited at most per request, so a hostile definition cannot make the walk explode. */
const MAX_NODES = 5000;

/** Where a `$ref` leads: the schema and its document path, or why it cannot be followed. */
type Deref = (ref: string) => { schema: RValue; path: DocPath; locate: (p: DocPath) => SourceLocation; deref?: Deref } | string;

/** The value at a JSON pointer's parts inside a document, undefined when absent. */
function follow(doc: RValue, parts: string[]): RValue | undefined {
  let at: RValue | undefined = doc;
  for (const part of parts) at = at !== null && typeof at === 'object' && !Array.isArray(at) && !isUnresolved(at) ? (at as RObject)[part] : undefined;
  return at;
}

interface Walk {
  found: UnboundedArray[];
  nodes: number;
  failed: string | null;
}

function isArraySchema(o: RObject): boolean {
  const t = o['type'];
  return t === 'array' || (Array.isArray(t) && t.includes('array')) || (t === undefined && o['items'] !== undefined);
}

/** Schema-valued keywords under which a request's values are checked (definitions are reached only by `$ref`). */
function children(o: RObject, path: DocPath): [RValue, DocPath][] {
  const out: [RValue, DocPath][] = [];
  for (const k of ['properties', 'patternProperties'] as const) for (const [name, v] of Object.entries(asObject(o[k] as never) as RObject)) out.push([v, [...path, k, name]]);
  for (const k of ['items', 'additionalItems', 'additionalProperties', 'not'] as const) {
    const v = o[k];
    if (Array.isArray(v)) v.forEach((x, i) => out.push([x, [...path, k, i]]));
    else if (v !== undefined && typeof v === 'object') out.push([v, [...path, k]]);
  }
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const v = o[k];
    if (Array.isArray(v)) v.forEach((x, i) => out.push([x, [...path, k, i]]));
  }
  return out;
}

/** Walks one schema, following `$ref`s through `deref` (each at most once on a branch). */
function walk(w: Walk, raw: RValue, path: DocPath, pointer: string, locate: (p: DocPath) => SourceLocation, deref: Deref, seen: ReadonlySet<string>): void {
  if (w.failed !== null) return;
  if (++w.nodes > MAX_NODES) {
    w.failed = `the request model has more than ${MAX_NODES} schema nodes`;
    return;
  }
  if (isUnresolved(raw)) {
    w.failed = `part of the request model could not be resolved (${raw.reason})`;
    return;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return;
  const o = raw as RObject;
  const ref = o['$ref'];
  if (ref !== undefined) {
    if (typeof ref !== 'string') {
      w.failed = isUnresolved(ref) ? `a $ref of the request model could not be resolved (${ref.reason})` : 'a $ref of the request model is not a string';
      return;
    }
    if (seen.has(ref)) return;
    const to = deref(ref);
    if (typeof to === 'string') {
      w.failed = to;
      return;
    }
    walk(w, to.schema, to.path, pointer, to.locate, to.deref ?? deref, new Set([...seen, ref]));
    return;
  }
  if (isArraySchema(o) && o['maxItems'] === undefined) w.found.push({ pointer: pointer || '/', location: locate(path) });
  for (const [v, p] of children(o, path)) walk(w, v, p, pointer + '/' + p.slice(path.length).join('/'), locate, deref, seen);
}

function result(w: Walk): Maybe<UnboundedArray[]> {
  return w.failed !== null ? unresolved(w.failed) : w.found;
}

/**
 * Unbounded arrays of an OpenAPI operation's body schemas (`in: body` parameters of the path item
 * and the operation, `requestBody.content.*.schema`); `$ref`s resolve inside the definition
 * (`#/definitions/x`, `#/components/schemas/x`).
 */
export function operationArrays(b: ModelBuilder, s: Stack, body: RObject, item: RObject, op: RObject, itemPath: DocPath, opPath: DocPath, bodyPath: DocPath): Maybe<UnboundedArray[]> {
  const locate = (p: DocPath): SourceLocation => b.locate(s, p);
  const deref: Deref = (ref) => {
    if (!ref.startsWith('#/')) return `the request model refers to ${ref}, outside the definition`;
    const parts = ref.slice(2).split('/').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
    const at = follow(body as RValue, parts);
    if (at === undefined) return `the request model refers to ${ref}, which the definition does not declare`;
    return { schema: at, path: [...bodyPath, ...parts], locate };
  };
  const w: Walk = { found: [], nodes: 0, failed: null };
  for (const [params, path] of [[item['parameters'], [...itemPath, 'parameters']], [op['parameters'], [...opPath, 'parameters']]] as const) {
    if (!Array.isArray(params)) continue;
    params.forEach((raw, i) => {
      const p = asObject(raw as never) as RObject;
      if (p['in'] === 'body' && p['schema'] !== undefined) walk(w, p['schema'] as RValue, [...path, i, 'schema'], '', locate, deref, new Set());
    });
  }
  const content = asObject((asObject(op['requestBody'] as never) as RObject)['content'] as never) as RObject;
  for (const [media, m] of Object.entries(content)) {
    const schema = (asObject(m as never) as RObject)['schema'];
    if (schema !== undefined) walk(w, schema as RValue, [...opPath, 'requestBody', 'content', media, 'schema'], '', locate, deref, new Set());
  }
  return result(w);
}

/** The template's `AWS::ApiGateway::Model` a method names: by logical id (a `Ref`) or by `Name`. */
function modelResource(s: Stack, name: RValue): StackResource | string | null {
  if (isUnresolved(name)) {
    const r = name.ref !== undefined ? s.resources.get(name.ref) : undefined;
    return r?.type === 'AWS::ApiGateway::Model' ? r : `the request model could not be resolved (${name.reason})`;
  }
  if (typeof name !== 'string') return 'the request model is not named by a string';
  const models = [...s.resources.values()].filter((x) => x.type === 'AWS::ApiGateway::Model');
  const hit = models.find((x) => x.props['Name'] === name) ?? models.find((x) => x.logicalId === name || s.resolver.physicalName(x.logicalId) === name);
  if (hit) return hit;
  return BUILT_IN_MODELS.has(name) ? null : `request model ${name} is not declared in the template`;
}

/** A model's `Schema`: an object, or JSON text as CloudFormation also takes it. */
function schemaOf(r: StackResource): RValue | string {
  const raw = r.props['Schema'];
  if (typeof raw !== 'string') return raw === undefined ? null : raw;
  try {
    return JSON.parse(raw) as RValue;
  } catch {
    return `the schema of model ${r.logicalId} is not valid JSON`;
  }
}

/** A model's schema as a walk reads it: the schema, its path, where its nodes are, and how its `$ref`s resolve. */
function modelDoc(b: ModelBuilder, s: Stack, m: StackResource): { schema: RValue; path: DocPath; locate: (p: DocPath) => SourceLocation; deref: Deref } | string {
  const schema = schemaOf(m);
  const base = [...m.path, 'Schema'];
  const textual = typeof m.props['Schema'] === 'string';
  if (textual && typeof schema === 'string') return schema;
  // A schema given as JSON text has no locations inside: everything points at `Schema`.
  const locate = (p: DocPath): SourceLocation => b.locate(s, textual ? base : p);
  const deref: Deref = (ref) => {
    const byModel = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/#]+)$/.exec(ref);
    if (byModel) {
      const target = modelResource(s, byModel[1]!);
      if (typeof target === 'string') return target;
      return target === null ? { schema: null, path: base, locate } : modelDoc(b, s, target);
    }
    if (!ref.startsWith('#/')) return `the request model refers to ${ref}, outside the template`;
    const parts = ref.slice(2).split('/').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
    const at = follow(schema as RValue, parts);
    if (at === undefined) return `the request model refers to ${ref}, which its schema does not declare`;
    return { schema: at, path: [...base, ...parts], locate };
  };
  return { schema: schema as RValue, path: base, locate, deref };
}

/** Unbounded arrays of the models an `AWS::ApiGateway::Method`'s `RequestModels` names. */
export function methodArrays(b: ModelBuilder, s: Stack, r: StackResource): Maybe<UnboundedArray[]> {
  const w: Walk = { found: [], nodes: 0, failed: null };
  for (const name of Object.values(asObject(r.props['RequestModels'] as never) as RObject)) {
    const m = modelResource(s, name as RValue);
    if (m === null) continue;
    const doc = typeof m === 'string' ? m : modelDoc(b, s, m);
    if (typeof doc === 'string') {
      w.failed = doc;
      break;
    }
    walk(w, doc.schema, doc.path, '', doc.locate, doc.deref, new Set());
  }
  return result(w);
}
