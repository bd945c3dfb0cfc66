/**
 * Terraform's JSON syntax (`*.tf.json`, `*.tfvars.json`) into the syntax tree the native reader
 * (hcl.ts) builds, so that one evaluator and one mapping serve both. The mapping is HashiCorp's
 * (Terraform's "JSON Configuration Syntax" page): a block is a property named after its type with
 * one nested object per label (or an array of such objects), strings are string templates where an
 * expression is expected and literal elsewhere (`variable` defaults, `module` sources, `terraform`
 * settings, meta-arguments that name things), and a `"//"` property of a block body is a comment.
 *
 * Every node keeps the offset of what the user wrote: a block the key of its last label, an
 * attribute its key, an expression its value, so findings point at the JSON line of the key.
 *
 * Which properties of a resource body are nested blocks is in the provider's schema, which a scan
 * does not have. An array of objects is read as blocks, one per element (what it would be in the
 * native syntax); a single object is an object value that is also one block (HashiCorp's JSON
 * syntax: a single object is one block): it is marked (`block`), and `x.block[0]` is the object
 * itself (`getIndex`), while `x.block.key` and `x.block["key"]` still read it as a map. The
 * mappings read a nested block either way (`block()` in map.ts), so both spellings of
 * `environment { variables = ... }` give the same template.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { firstTooDeepJson } from '../cloudformation/parse.js';
import type { Attribute, Block, Body, Expr, ObjectItem } from './hcl-ast.js';
import { HclSyntaxError, parseExpression, parseTemplate, parseTemplateRange } from './hcl.js';

/** Nesting the native reader also refuses (hcl.ts MAX_DEPTH). */
const MAX_DEPTH = 200;

/** How a block body's properties are read. */
type BodyKind = 'resource' | 'nested' | 'dynamic' | 'lifecycle' | 'connection' | 'module' | 'provider' | 'variable' | 'output' | 'locals' | 'terraform' | 'expressions' | 'literal';

/** The top-level block types of Terraform: how many labels, how the body reads. */
const TOP_LEVEL: Record<string, { labels: number; kind: BodyKind }> = {
  resource: { labels: 2, kind: 'resource' },
  data: { labels: 2, kind: 'resource' },
  ephemeral: { labels: 2, kind: 'resource' },
  module: { labels: 1, kind: 'module' },
  provider: { labels: 1, kind: 'provider' },
  variable: { labels: 1, kind: 'variable' },
  output: { labels: 1, kind: 'output' },
  locals: { labels: 0, kind: 'locals' },
  terraform: { labels: 0, kind: 'terraform' },
  check: { labels: 1, kind: 'nested' },
  import: { labels: 0, kind: 'expressions' },
  moved: { labels: 0, kind: 'literal' },
  removed: { labels: 0, kind: 'literal' },
};

/** Arguments whose JSON value is taken literally, by body kind (the page's block-type-specific exceptions). */
const LITERAL_ARGUMENTS: Partial<Record<BodyKind, ReadonlySet<string>>> = {
  resource: new Set(['provider', 'depends_on']),
  module: new Set(['source', 'version', 'providers', 'depends_on']),
  provider: new Set(['alias', 'version']),
  output: new Set(['description', 'sensitive', 'depends_on']),
  variable: new Set(['default', 'description', 'sensitive', 'nullable', 'ephemeral']),
  lifecycle: new Set(['ignore_changes', 'replace_triggered_by', 'create_before_destroy', 'prevent_destroy']),
  connection: new Set(['type']),
};

/** Nested blocks Terraform itself defines inside a body, with their labels. */
const META_BLOCKS: Partial<Record<BodyKind, Record<string, { labels: number; kind: BodyKind }>>> = {
  resource: { lifecycle: { labels: 0, kind: 'lifecycle' }, provisioner: { labels: 1, kind: 'nested' }, connection: { labels: 0, kind: 'connection' }, dynamic: { labels: 1, kind: 'dynamic' } },
  nested: { connection: { labels: 0, kind: 'connection' }, dynamic: { labels: 1, kind: 'dynamic' } },
  provider: { dynamic: { labels: 1, kind: 'dynamic' } },
  dynamic: { content: { labels: 0, kind: 'nested' } },
  lifecycle: { precondition: { labels: 0, kind: 'expressions' }, postcondition: { labels: 0, kind: 'expressions' } },
  output: { precondition: { labels: 0, kind: 'expressions' } },
  variable: { validation: { labels: 0, kind: 'expressions' } },
  terraform: { backend: { labels: 1, kind: 'literal' }, cloud: { labels: 0, kind: 'literal' }, required_providers: { labels: 0, kind: 'literal' } },
};

function fail(message: string, at: number): never {
  throw new HclSyntaxError(message, at);
}

/** The JSON tree of a file, or HclSyntaxError at the first fault. */
function jsonTree(text: string): JsonNode {
  const deep = firstTooDeepJson(text, MAX_DEPTH);
  if (deep !== null) fail(`nested more than ${MAX_DEPTH} levels deep`, deep);
  const errors: ParseError[] = [];
  // Terraform's JSON is strict JSON: no comments, no trailing commas
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) fail(`invalid JSON: ${printParseErrorCode(errors[0]!.error)}`, errors[0]!.offset);
  if (!tree || tree.type !== 'object') fail('the root of a Terraform JSON file must be an object', tree?.offset ?? 0);
  return tree;
}

function properties(obj: JsonNode): { key: string; keyAt: number; value: JsonNode }[] {
  const out: { key: string; keyAt: number; value: JsonNode }[] = [];
  for (const p of obj.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v) out.push({ key: String(k.value), keyAt: k.offset, value: v });
  }
  return out;
}

class JsonReader {
  constructor(readonly text: string) {}

  /** A body: each property an argument, a nested block type, or a `"//"` comment. */
  body(obj: JsonNode, kind: BodyKind): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    const literal = LITERAL_ARGUMENTS[kind];
    const meta = META_BLOCKS[kind];
    for (const { key, keyAt, value } of properties(obj)) {
      if (key === '//') continue;
      const nested = meta && Object.hasOwn(meta, key) ? meta[key] : undefined;
      if (nested) {
        this.blocks(key, nested.labels, nested.kind, value, [], keyAt, blocks);
        continue;
      }
      if (kind === 'terraform' && value.type === 'object') {
        // settings blocks (`experiments` aside, every object under `terraform` is a block)
        this.blocks(key, 0, 'literal', value, [], keyAt, blocks);
        continue;
      }
      if ((kind === 'resource' || kind === 'nested' || kind === 'provider') && isBlockList(value)) {
        // an array of objects: repeated nested blocks (`statement`, `inline_policy`, `ingress`)
        this.blocks(key, 0, 'nested', value, [], keyAt, blocks);
        continue;
      }
      let expr: Expr;
      if (kind === 'literal' || kind === 'terraform' || literal?.has(key)) expr = this.literal(value, 0);
      else if (kind === 'variable' && key === 'type') expr = this.typeExpression(value);
      else if (kind === 'dynamic' && key === 'iterator') expr = this.iterator(value);
      // a single object where a nested block may be: one block (and an object value; no schema says which)
      else expr = this.expression(value, 0, kind === 'resource' || kind === 'nested' || kind === 'provider');
      attributes.push({ name: key, expr, start: keyAt });
    }
    return { attributes, blocks };
  }

  /**
   * Blocks of one type: `labels` levels of objects keyed by label (or arrays of such objects),
   * then the body (or an array of bodies: blocks with the same labels, in order).
   */
  blocks(type: string, labels: number, kind: BodyKind, value: JsonNode, got: string[], keyAt: number, out: Block[]): void {
    if (got.length === labels) {
      const one = (node: JsonNode, start: number) => {
        if (node.type !== 'object') fail(`the body of a "${type}" block must be a JSON object`, node.offset);
        out.push({ type, labels: got, body: this.body(node, kind), start, end: node.offset + node.length });
      };
      if (value.type === 'array') for (const el of value.children ?? []) one(el, el.offset);
      else one(value, keyAt);
      return;
    }
    if (value.type === 'array') {
      for (const el of value.children ?? []) this.blocks(type, labels, kind, el, got, el.offset, out);
      return;
    }
    if (value.type !== 'object') fail(`"${type}" must be a JSON object keyed by its ${labels === 1 ? 'label' : 'labels'}`, value.offset);
    for (const { key, keyAt: at, value: v } of properties(value)) {
      if (key === '//') continue;
      this.blocks(type, labels, kind, v, [...got, key], at, out);
    }
  }

  /**
   * A JSON value where Terraform expects an expression: strings are string templates. `blockish`:
   * the value may be a nested block, so its objects (and those within) are marked as blocks too.
   */
  expression(node: JsonNode, depth: number, blockish = false): Expr {
    if (depth > MAX_DEPTH) fail('expression nested too deeply', node.offset);
    const s = node.offset;
    switch (node.type) {
      case 'string':
        return this.template(node);
      case 'array':
        return { k: 'tuple', s, items: (node.children ?? []).map((c) => this.expression(c, depth + 1, blockish)) };
      case 'object': {
        const items: ObjectItem[] = [];
        for (const p of node.children ?? []) {
          const [k, v] = p.children ?? [];
          if (!k || !v) continue;
          // property names of an object value are string templates too
          const key = this.template(k);
          items.push({ key, bareKey: key.k === 'lit' && typeof key.value === 'string' ? key.value : null, value: this.expression(v, depth + 1, blockish), s: k.offset });
        }
        return blockish ? { k: 'object', s, items, block: true } : { k: 'object', s, items };
      }
      default:
        return { k: 'lit', s, value: (node.value as null | boolean | number | undefined) ?? null };
    }
  }

  /** A JSON value taken as written: strings are not templates. */
  literal(node: JsonNode, depth: number): Expr {
    if (depth > MAX_DEPTH) fail('value nested too deeply', node.offset);
    const s = node.offset;
    switch (node.type) {
      case 'array':
        return { k: 'tuple', s, items: (node.children ?? []).map((c) => this.literal(c, depth + 1)) };
      case 'object': {
        const items: ObjectItem[] = [];
        for (const { key, keyAt, value } of properties(node)) items.push({ key: { k: 'lit', s: keyAt, value: key }, bareKey: key, value: this.literal(value, depth + 1), s: keyAt });
        return { k: 'object', s, items };
      }
      default:
        return { k: 'lit', s, value: (node.value as null | boolean | number | string | undefined) ?? null };
    }
  }

  /** A JSON string as a string template. Offsets are exact when the string has no escape. */
  template(node: JsonNode): Expr {
    const start = node.offset + 1;
    const end = node.offset + node.length - 1;
    const raw = this.text.slice(start, end);
    try {
      if (!raw.includes('\\')) return parseTemplateRange(this.text, start, end);
      // `"${lookup(var.m, \"k\")}"`: the template is the decoded string; its nodes point at the string
      return at(parseTemplate(String(node.value)), node.offset);
    } catch (err) {
      if (!(err instanceof HclSyntaxError)) throw err;
      fail(`invalid template: ${err.message}`, raw.includes('\\') ? node.offset : err.offset);
    }
  }

  /** `"type": "list(string)"`: a type expression in a string. */
  typeExpression(node: JsonNode): Expr {
    if (node.type !== 'string') return this.literal(node, 0);
    try {
      return at(parseExpression(String(node.value)), node.offset);
    } catch (err) {
      if (!(err instanceof HclSyntaxError)) throw err;
      fail(`invalid type expression: ${err.message}`, node.offset);
    }
  }

  /** `"iterator": "rule"`: a name, as the bare identifier of the native syntax. */
  iterator(node: JsonNode): Expr {
    return node.type === 'string' ? { k: 'var', s: node.offset, name: String(node.value) } : this.literal(node, 0);
  }
}

function isBlockList(node: JsonNode): boolean {
  const items = node.children ?? [];
  return node.type === 'array' && items.length > 0 && items.every((c) => c.type === 'object');
}

/** Moves every node of a tree parsed from a decoded string to the string's offset in the file. */
function at<T>(tree: T, offset: number, depth = 0): T {
  if (depth > MAX_DEPTH + 8 || tree === null || typeof tree !== 'object') return tree;
  if (Array.isArray(tree)) {
    for (const x of tree) at(x, offset, depth + 1);
    return tree;
  }
  const o = tree as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 's' && typeof v === 'number') o[k] = offset;
    else at(v, offset, depth + 1);
  }
  return tree;
}

/** A `.tf.json` file as the body the native reader would give. Throws HclSyntaxError with an offset. */
export function parseJsonBody(text: string): Body {
  const tree = jsonTree(text);
  const reader = new JsonReader(text);
  const blocks: Block[] = [];
  for (const { key, keyAt, value } of properties(tree)) {
    if (key === '//') continue;
    const spec = Object.hasOwn(TOP_LEVEL, key) ? TOP_LEVEL[key] : undefined;
    if (!spec) fail(`"${key}" is not a Terraform block type`, keyAt);
    if (spec.kind === 'locals') {
      // `"locals": { "name": expr }`, or an array of such objects
      for (const obj of value.type === 'array' ? (value.children ?? []) : [value]) {
        if (obj.type !== 'object') fail('"locals" must be a JSON object of local values', obj.offset);
        blocks.push({ type: 'locals', labels: [], body: reader.body(obj, 'locals'), start: obj === value ? keyAt : obj.offset, end: obj.offset + obj.length });
      }
      continue;
    }
    reader.blocks(key, spec.labels, spec.kind, value, [], keyAt, blocks);
  }
  return { attributes: [], blocks };
}

/**
 * A `.tfvars.json` file: one attribute per variable. Terraform reads its values without an
 * evaluation context, where a JSON string is the string itself, not a template. Throws HclSyntaxError.
 */
export function parseJsonAttributes(text: string): Body {
  const tree = jsonTree(text);
  const reader = new JsonReader(text);
  const attributes: Attribute[] = [];
  for (const { key, keyAt, value } of properties(tree)) attributes.push({ name: key, expr: reader.literal(value, 0), start: keyAt });
  return { attributes, blocks: [] };
}
