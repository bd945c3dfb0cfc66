/**
 * Fast path of the YAML loader: the JSON value and the location table built straight from the
 * `yaml` library's CST (the `Parser` tokens that parse.ts already produces for its depth check),
 * without composing a `Document` (its node objects, and one `YAMLWarning` with a stack trace per
 * CloudFormation tag).
 *
 * It handles the YAML that templates are made of — block and flow collections, plain, quoted and
 * block scalars, comments, one document, CloudFormation short-form tags — and gives up (returns
 * `null`, and the caller composes the document as before) on anything else: anchors, aliases,
 * merge keys, explicit (`?`) or non-scalar keys, pairs inside flow sequences, empty items, other
 * tags, directives, several documents, tabs in indentation, duplicate keys, and every construct
 * the composer would report an error or warning for. It never guesses: the result is the same
 * value, the same locations (first location set per path wins) and no diagnostics, which
 * test/loaders/cloudformation-cst.test.ts checks against the composer on the whole corpus.
 */
import { CST, Schema } from 'yaml';
import type { JsonObject, JsonValue, SourceLocation } from '../../model/types.js';
import { setKey } from '../../model/types.js';

/** The part of parse.ts's LocationTable the fast path writes to: keys are LocationTable.key(path). */
export interface LocationSink {
  setKey(key: string, loc: SourceLocation): void;
  /** An integral number written as a float (`3.0`). */
  markFloat?(key: string): void;
}

/** Thrown (never escapes convertCst) to abandon the fast path. A plain object: no stack to capture. */
const GIVE_UP = { giveUp: true } as const;

function giveUp(): never {
  throw GIVE_UP;
}

interface ScalarTagLike {
  default?: boolean | 'key';
  collection?: string;
  test?: RegExp;
  resolve(value: string, onError: (msg: string) => void, options: Record<string, unknown>): unknown;
}

let coreTags: ScalarTagLike[] | null = null;

/** The core-schema scalar tags an untagged plain scalar is tested against, in the composer's order. */
function defaultScalarTags(): ScalarTagLike[] {
  if (!coreTags) {
    const schema = new Schema({ schema: 'core', resolveKnownTags: true });
    coreTags = (schema.tags as unknown as ScalarTagLike[]).filter((t) => t.default === true && !t.collection && t.test);
  }
  return coreTags;
}

/** Options the composer passes to a tag's resolve(): the Document defaults that matter to scalars. */
const RESOLVE_OPTIONS: Record<string, unknown> = { intAsBigInt: false };

type Token = CST.Token;
type SourceToken = CST.SourceToken;

interface Props {
  /** The indicator (`:`, `-`, `---`), if present. */
  found: SourceToken | null;
  tag: SourceToken | null;
  /** First newline after the tag. */
  newlineAfterTag: SourceToken | null;
  hasNewline: boolean;
  comma: SourceToken | null;
}

/**
 * The composer's resolveProps, for the token kinds the fast path accepts: gives up wherever the
 * composer would report an error (or on any token it would not expect).
 */
function props(tokens: readonly SourceToken[], indicator: string, startOnNewline: boolean, flow: boolean, next: Token | SourceToken | undefined): Props {
  let hasSpace = startOnNewline;
  let reqSpace = false;
  let found: SourceToken | null = null;
  let tag: SourceToken | null = null;
  let newlineAfterTag: SourceToken | null = null;
  let hasNewline = false;
  let comma: SourceToken | null = null;
  for (const token of tokens) {
    if (reqSpace) {
      if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') giveUp();
      reqSpace = false;
    }
    switch (token.type) {
      case 'space':
        if (token.source.includes('\t')) giveUp();
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) giveUp();
        break;
      case 'newline':
        hasNewline = true;
        hasSpace = true;
        if (tag && !newlineAfterTag) newlineAfterTag = token;
        break;
      case 'tag':
        if (tag || !(token.source in CFN_TAGS)) giveUp();
        tag = token;
        hasSpace = false;
        reqSpace = true;
        break;
      case 'comma':
        if (!flow || comma) giveUp();
        comma = token;
        hasSpace = false;
        break;
      default:
        if (token.type !== indicator || tag || found) giveUp();
        found = token;
        hasSpace = false;
    }
  }
  if (reqSpace && next && next.type !== 'space' && next.type !== 'newline' && next.type !== 'comma' && (next.type !== 'scalar' || next.source !== '')) giveUp();
  return { found, tag, newlineAfterTag, hasNewline, comma };
}

/** CloudFormation short-form tags and the long form each becomes (the same table as parse.ts). */
export const CFN_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!ImportValue': 'Fn::ImportValue',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
  '!ForEach': 'Fn::ForEach',
  '!FindInMap::DefaultValue': 'Fn::FindInMap',
};

/**
 * Where a tagged node starts as written (a node's range starts after its tag and anchor; the value
 * as written starts at them): one text walk for both parse paths, this one and parse.ts's.
 */
export function startOfTagged(text: string, rangeStart: number): number {
  let start = rangeStart;
  for (let props = 0; props < 2; props++) {
    let end = start;
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    let begin = end;
    while (begin > 0 && !/[\s[{,]/.test(text[begin - 1]!)) begin--;
    if (begin === end || (text[begin] !== '!' && text[begin] !== '&')) break;
    start = begin;
  }
  return start;
}

function scalarValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number(v);
  return giveUp();
}

/** The string a flow or block scalar token stands for; gives up on any error the composer would report. */
function scalarText(token: Token): string {
  let failed = false;
  const r = CST.resolveAsScalar(token, false, () => {
    failed = true;
  });
  if (!r || failed) giveUp();
  return r.value;
}

/** The typed value of an untagged plain scalar (core schema), as the composer resolves it. */
export function plainValue(source: string): unknown {
  for (const tag of defaultScalarTags()) {
    if (tag.test!.test(source)) {
      let failed = false;
      const res = tag.resolve(source, () => {
        failed = true;
      }, RESOLVE_OPTIONS);
      if (failed) giveUp();
      return res !== null && typeof res === 'object' && 'value' in res ? (res as { value: unknown }).value : res;
    }
  }
  return source;
}

const SCALAR_TYPES = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar']);

/**
 * Converts the CST of a whole stream, or returns null when the fast path does not apply (the
 * caller then composes a Document). `locations` may be partly written when it returns null: pass a
 * table of its own and keep it only on success.
 */
export function convertCst(tokens: readonly Token[], text: string, at: (offset: number) => SourceLocation, locations: LocationSink): { value: JsonValue } | null {
  let doc: CST.Document | null = null;
  for (const t of tokens) {
    if (t.type === 'document') {
      if (doc) return null;
      doc = t;
    } else if (t.type === 'comment') {
      if (doc) return null; // comments after the document end: the composer attaches them; keep it simple
    } else if (t.type !== 'newline' && t.type !== 'space') return null;
  }
  if (!doc || !doc.value) return null;
  try {
    const docStart = props(doc.start, 'doc-start', true, false, doc.value);
    if (docStart.tag) giveUp();
    if (docStart.found && (doc.value.type === 'block-map' || doc.value.type === 'block-seq') && !docStart.hasNewline) giveUp();
    if (doc.end) for (const t of doc.end) if (t.type !== 'space' && t.type !== 'comment' && t.type !== 'newline') giveUp();
    const value = node(doc.value, null, '', true, text, at, locations);
    return { value };
  } catch (err) {
    if (err === GIVE_UP) return null;
    throw err;
  }
}

const childKey = (parent: string, root: boolean, k: string | number): string => (root ? String(k) : `${parent}\u0001${k}`);

/**
 * One node. `key`/`root` name its path (LocationTable.key form); `tag` is its CloudFormation tag
 * token, if any.
 */
function node(token: Token, p: Props | null, key: string, root: boolean, text: string, at: (offset: number) => SourceLocation, locations: LocationSink): JsonValue {
  const tag = p?.tag ?? null;
  const long = tag ? CFN_TAGS[tag.source]! : undefined;
  const loc = at(tag ? startOfTagged(text, token.offset) : token.offset);
  locations.setKey(key, loc);
  // The content of `!Sub [...]` lives at `[..., 'Fn::Sub', i]` in the long form: locate it there.
  let innerKey = key;
  let innerRoot = root;
  if (long) {
    innerKey = childKey(key, root, long);
    innerRoot = false;
    locations.setKey(innerKey, loc);
  }
  let value: JsonValue;
  switch (token.type) {
    case 'scalar':
      if (tag) value = scalarText(token);
      else {
        const raw = scalarText(token);
        const plain = plainValue(raw);
        value = scalarValue(plain);
        if (typeof plain === 'number' && Number.isInteger(plain) && /[.eE]/.test(raw)) locations.markFloat?.(key);
      }
      break;
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'block-scalar':
      value = scalarText(token);
      break;
    case 'block-map':
      value = blockMap(token, innerKey, innerRoot, text, at, locations);
      break;
    case 'block-seq':
      if (tag && !p!.newlineAfterTag) giveUp(); // "Missing newline after block sequence props"
      value = blockSeq(token, innerKey, innerRoot, text, at, locations);
      break;
    case 'flow-collection':
      value = flowCollection(token, innerKey, innerRoot, text, at, locations);
      break;
    default:
      return giveUp();
  }
  if (long) {
    if (long === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      value = dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value];
    }
    return { [long]: value };
  }
  return value;
}

/** Key text and a fingerprint of its typed value (the composer's duplicate-key test compares values). */
function keyOf(key: Token): { text: string; typed: string } {
  if (!SCALAR_TYPES.has(key.type)) giveUp();
  const k = key as CST.FlowScalar;
  if (k.source.includes('\n')) giveUp(); // MULTILINE_IMPLICIT_KEY
  if (k.end) for (const t of k.end) if (t.type === 'newline') giveUp();
  const s = scalarText(key);
  if (key.type !== 'scalar') return { text: s, typed: `string:${s}` };
  const v = plainValue(s);
  if (typeof v === 'number' && Number.isNaN(v)) giveUp();
  return { text: s, typed: `${typeof v}:${String(v)}` };
}

/** The keys of one mapping: a merge key or a repeated key (as text or as typed value) gives up; each key's path is located. */
class MapKeys {
  private readonly names = new Set<string>();
  private readonly typed = new Set<string>();
  constructor(
    private readonly key: string,
    private readonly root: boolean,
    private readonly at: (offset: number) => SourceLocation,
    private readonly locations: LocationSink,
  ) {}

  /** The key's text and its path, located. */
  claim(k: Token): { name: string; path: string } {
    const name = keyOf(k);
    if (name.text === '<<' || this.names.has(name.text) || this.typed.has(name.typed)) giveUp();
    this.names.add(name.text);
    this.typed.add(name.typed);
    const path = childKey(this.key, this.root, name.text);
    this.locations.setKey(path, this.at(k.offset));
    return { name: name.text, path };
  }
}

function blockMap(bm: CST.BlockMap, key: string, root: boolean, text: string, at: (offset: number) => SourceLocation, locations: LocationSink): JsonObject {
  const obj: JsonObject = {};
  const keys = new MapKeys(key, root, at, locations);
  for (const item of bm.items) {
    const { start, key: k, sep, value } = item;
    const kp = props(start, 'explicit-key-ind', true, false, k ?? sep?.[0]);
    if (kp.found || kp.tag) giveUp();
    if (!k) {
      if (sep || value) giveUp();
      continue; // comments and blank lines
    }
    if (!sep) giveUp();
    if (!('indent' in k) || k.indent !== bm.indent) giveUp();
    const { name, path } = keys.claim(k);
    const vp = props(sep, 'map-value-ind', false, false, value);
    if (!vp.found) giveUp();
    if (value?.type === 'block-map' && !vp.hasNewline) giveUp();
    if (!value) {
      if (vp.tag) giveUp();
      setKey(obj, name, null);
      continue;
    }
    setKey(obj, name, node(value, vp, path, false, text, at, locations));
  }
  return obj;
}

function blockSeq(bs: CST.BlockSequence, key: string, root: boolean, text: string, at: (offset: number) => SourceLocation, locations: LocationSink): JsonValue[] {
  const out: JsonValue[] = [];
  for (const item of bs.items) {
    const { start, value } = item;
    const p = props(start, 'seq-item-ind', true, false, value);
    if (!p.found) {
      if (p.tag || value) giveUp();
      continue; // comments
    }
    if (!value) giveUp(); // an empty item: its location is not worth the rules
    out.push(node(value, p, childKey(key, root, out.length), false, text, at, locations));
  }
  return out;
}

function flowCollection(fc: CST.FlowCollection, key: string, root: boolean, text: string, at: (offset: number) => SourceLocation, locations: LocationSink): JsonValue {
  const isMap = fc.start.source === '{';
  const obj: JsonObject = {};
  const list: JsonValue[] = [];
  const keys = new MapKeys(key, root, at, locations);
  for (let i = 0; i < fc.items.length; i++) {
    const { start, key: k, sep, value } = fc.items[i]!;
    const p = props(start, 'explicit-key-ind', false, true, k ?? sep?.[0]);
    if (p.found) giveUp();
    if ((i === 0) !== !p.comma) giveUp(); // a leading comma, or a missing one
    if (isMap) {
      if (!k || !sep || !value || p.tag) giveUp();
      const { name, path } = keys.claim(k);
      const vp = props(sep, 'map-value-ind', false, true, value);
      if (!vp.found || vp.comma) giveUp();
      if (value.type !== 'flow-collection' && !SCALAR_TYPES.has(value.type)) giveUp();
      setKey(obj, name, node(value, vp, path, false, text, at, locations));
    } else {
      if (k || sep || !value) giveUp();
      if (value.type !== 'flow-collection' && !SCALAR_TYPES.has(value.type)) giveUp();
      list.push(node(value, p, childKey(key, root, list.length), false, text, at, locations));
    }
  }
  const [close, ...rest] = fc.end;
  if (!close || close.source !== (isMap ? '}' : ']')) giveUp();
  for (const t of rest) if (t.type !== 'space' && t.type !== 'comment' && t.type !== 'newline') giveUp();
  return isMap ? obj : list;
}
