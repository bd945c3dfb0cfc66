/**
 * YAML and JSON documents into plain JSON values plus a side table of source locations.
 *
 * CloudFormation short-form tags (`!Ref`, `!Sub`, ...) become their long form (`{ "Ref": ... }`)
 * in every node form (scalar, sequence, mapping). Locations are kept per path, never mixed into
 * the data. Limits (aliases, depth, size) turn hostile input into diagnostics.
 */
import { Composer, LineCounter, Parser, isAlias, isMap, isPair, isScalar, isSeq, type CST, type Node as YamlNode, type Document } from 'yaml';
import { parseTree, type Node as JsonNode, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { Diagnostic, DocPath, JsonObject, JsonValue, SourceLocation } from '../../model/types.js';
import { hasKey, setKey } from '../../model/types.js';
import { pathPrefixes } from '../../model/values.js';
import { CFN_TAGS, convertCst, startOfTagged } from './cst.js';
import { scanYaml } from './scan.js';
import { LineIndex } from '../lines.js';

export interface ParseLimits {
  /** Total nodes that alias expansion may produce (alias bombs). */
  maxAliasNodes: number;
  /** Maximum nesting depth of a document. */
  maxDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxAliasNodes: 100_000, maxDepth: 128 };

export interface ParsedDocument {
  value: JsonValue | undefined;
  locations: LocationTable;
  diagnostics: Diagnostic[];
}

export interface LocationData {
  file: string;
  table: [string, SourceLocation][];
  floats: string[];
}

/** Path → location, with lookup falling back to the nearest located ancestor. */
export class LocationTable {
  private readonly table = new Map<string, SourceLocation>();
  /** Paths of integral numbers written with a fraction or exponent (`3.0`): YAML says float, JS cannot tell. */
  private readonly floats = new Set<string>();
  constructor(readonly file: string) {}

  markFloat(key: string): void {
    this.floats.add(key);
  }

  isFloatLiteral(path: DocPath): boolean {
    return this.floats.has(LocationTable.key(path));
  }

  static key(path: DocPath): string {
    return path.join('\u0001');
  }

  set(path: DocPath, loc: SourceLocation): void {
    const k = LocationTable.key(path);
    if (!this.table.has(k)) this.table.set(k, loc);
  }

  /** set() for a path already in key() form. */
  setKey(key: string, loc: SourceLocation): void {
    if (!this.table.has(key)) this.table.set(key, loc);
  }

  /** Every located path, in key() form (for tests and tools). */
  entries(): IterableIterator<[string, SourceLocation]> {
    return this.table.entries();
  }

  get(path: DocPath): SourceLocation | undefined {
    return this.table.get(LocationTable.key(path));
  }

  /** Plain data for the cache of incremental runs (src/loaders/cache.ts). */
  toData(): LocationData {
    return { file: this.file, table: [...this.table], floats: [...this.floats] };
  }

  static fromData(data: LocationData): LocationTable {
    const t = new LocationTable(data.file);
    // Copied data (the worker pool, the cache) has one copy of the file name per location: one
    // string for all (a large scan keeps hundreds of thousands of locations).
    for (const [k, loc] of data.table) {
      if (loc.file === t.file) loc.file = t.file;
      t.table.set(k, loc);
    }
    for (const k of data.floats) t.floats.add(k);
    return t;
  }

  locate(path: DocPath): SourceLocation {
    const { key, ends } = pathPrefixes(path);
    for (let n = path.length; n >= 0; n--) {
      const loc = this.table.get(key.slice(0, ends[n]));
      if (loc) return loc;
    }
    return { file: this.file, line: 1, column: 1 };
  }
}

class LimitExceeded extends Error {}

/**
 * How parseYaml reads YAML. By default it tries the one-pass reader (./scan.ts), then the CST path
 * (./cst.ts), then composes a Document. `scan: false` skips the first; `cst: false` skips both.
 */
export interface YamlParseOptions {
  cst?: boolean;
  scan?: boolean;
}

function parseYamlStrict(text: string, file: string, limits: ParseLimits, options: YamlParseOptions): ParsedDocument {
  const lineCounter = new LineCounter();
  const locations = new LocationTable(file);
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };

  if (options.cst !== false && options.scan !== false) {
    const scanLocations = new LocationTable(file);
    const scanned = scanYaml(text, file, limits.maxDepth, scanLocations);
    if (scanned) return { value: scanned.value, locations: scanLocations, diagnostics };
  }

  let doc: Document.Parsed | undefined;
  try {
    // What parseDocument does, split in two: the yaml composer recurses once per nesting level and
    // overflows the stack (leaving V8 unable to compile the next RegExp: a fatal, uncatchable OOM)
    // long before our own depth limit applies, so the depth is checked on the flat CST first.
    // (The yaml Parser reads process.env once per token; swapping process.env for a plain copy would
    // save ~10% of the parse but mutates global state from a library, so it is not done.)
    const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
    const tooDeep = firstTooDeep(tokens, limits.maxDepth);
    if (tooDeep !== null) {
      const loc = at(tooDeep);
      diagnostics.push({ level: 'error', code: 'nesting-limit', message: `${file}:${loc.line}:${loc.column}: nesting deeper than ${limits.maxDepth} levels; the file is skipped`, location: loc });
      return { value: undefined, locations, diagnostics };
    }
    if (options.cst !== false) {
      const fastLocations = new LocationTable(file);
      const fast = convertCst(tokens, text, at, fastLocations);
      if (fast) return { value: fast.value, locations: fastLocations, diagnostics };
    }
    // YAML 1.2 core schema: `2012-10-17` stays a string and `Off:` stays a key.
    const composer = new Composer({ uniqueKeys: true, prettyErrors: false, strict: false, stringKeys: false });
    for (const d of composer.compose(tokens, true, text.length)) {
      if (!doc) doc = d;
      else {
        const loc = at(d.range[0]);
        diagnostics.push({ level: 'error', code: 'yaml-syntax', message: `${file}:${loc.line}:${loc.column}: invalid YAML: more than one document; only the first is read`, location: loc });
        break;
      }
    }
  } catch (err) {
    diagnostics.push({ level: 'error', code: 'yaml-syntax', message: `${file}: YAML could not be parsed: ${(err as Error).message}`, location: { file, line: 1, column: 1 } });
    return { value: undefined, locations, diagnostics };
  }
  if (!doc) return { value: undefined, locations, diagnostics };

  const reported = new Set<string>();
  for (const e of doc.errors) {
    // An unclosed flow collection repeats one error per level, all at the same place: report it once.
    const key = `${e.code}\u0000${e.pos[0]}\u0000${e.message}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const loc = at(e.pos[0]);
    const what = e.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'invalid YAML';
    diagnostics.push({
      level: e.code === 'DUPLICATE_KEY' ? 'warning' : 'error',
      code: e.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax',
      message: `${file}:${loc.line}:${loc.column}: ${what}: ${firstLine(e.message)}`,
      location: loc,
    });
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue; // CloudFormation tags are handled below; unknown ones reported there
    const loc = at(w.pos[0]);
    diagnostics.push({ level: 'warning', code: 'yaml-warning', message: `${file}:${loc.line}:${loc.column}: ${firstLine(w.message)}`, location: loc });
  }

  // A node's range starts after its tag and anchor; the value as written starts at them (`- !If [...]`).
  const startOf = (node: YamlNode): number => (!node.tag && !node.anchor ? node.range![0] : startOfTagged(text, node.range![0]));

  let aliasBudget = limits.maxAliasNodes;
  /** Offset of the alias (as written, not through another alias) being expanded. */
  let expanding = 0;
  let depthReported = false;

  const convert = (node: unknown, path: (string | number)[], depth: number, viaAlias: boolean): JsonValue => {
    if (depth > limits.maxDepth) {
      if (!depthReported) {
        depthReported = true;
        const range = (node as { range?: [number, number, number] } | null)?.range;
        const loc = range ? at(range[0]) : locations.locate(path);
        diagnostics.push({ level: 'error', code: 'nesting-limit', message: `${file}:${loc.line}: nesting deeper than ${limits.maxDepth} levels; the deeper part is ignored`, location: loc });
      }
      return null;
    }
    if (viaAlias && --aliasBudget < 0) throw new LimitExceeded();
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (!viaAlias && node.range) expanding = node.range[0];
      const target = node.resolve(doc!);
      if (!target) {
        const loc = node.range ? at(node.range[0]) : locations.locate(path);
        diagnostics.push({ level: 'error', code: 'yaml-syntax', message: `${file}:${loc.line}: unknown alias *${node.source}`, location: loc });
        return null;
      }
      return convert(target, path, depth + 1, true);
    }
    const yamlNode = node as YamlNode;
    if (!viaAlias && yamlNode.range) locations.set(path, at(startOf(yamlNode)));
    const tag = yamlNode.tag;
    const long = tag ? CFN_TAGS[tag] : undefined;
    // The content of `!Sub [...]` lives at `[..., 'Fn::Sub', i]` in the long form: locate it there.
    const inner = long ? [...path, long] : path;
    if (long && !viaAlias && yamlNode.range) locations.set(inner, at(startOf(yamlNode)));
    let value: JsonValue;
    if (isScalar(node)) {
      value = scalarValue(node.value);
      if (typeof node.value === 'number' && Number.isInteger(node.value) && ((node as { minFractionDigits?: number }).minFractionDigits ?? 0) + (node.format === 'EXP' ? 1 : 0) > 0) locations.markFloat(LocationTable.key(path));
    } else if (isSeq(node)) {
      value = node.items.map((item, i) => {
        if (!viaAlias && item && (item as YamlNode).range) locations.set([...inner, i], at(startOf(item as YamlNode)));
        return convert(item, [...inner, i], depth + 1, viaAlias);
      });
    } else if (isMap(node)) {
      const obj: JsonObject = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = keyString(keyNode);
        if (!viaAlias && keyNode?.range) locations.set([...inner, key], at(keyNode.range[0]));
        if (key === '<<' ) {
          // merge key: copy the aliased mapping's entries that are not already set
          const merged = convert(pair.value, [...inner, key], depth + 1, viaAlias);
          for (const m of Array.isArray(merged) ? merged : [merged]) {
            if (m && typeof m === 'object' && !Array.isArray(m)) for (const [k, v] of Object.entries(m)) if (!hasKey(obj, k)) setKey(obj, k, v);
          }
          continue;
        }
        setKey(obj, key, convert(pair.value, [...inner, key], depth + 1, viaAlias));
      }
      value = obj;
    } else {
      value = null;
    }
    if (long) {
      if (long === 'Fn::GetAtt' && typeof value === 'string') {
        const dot = value.indexOf('.');
        value = dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value];
      }
      return { [long]: value };
    }
    if (tag && tag !== '!' && !tag.startsWith('tag:yaml.org')) {
      const loc = yamlNode.range ? at(startOf(yamlNode)) : locations.locate(path);
      diagnostics.push({ level: 'warning', code: 'unknown-tag', message: `${file}:${loc.line}:${loc.column}: unknown YAML tag ${tag}; the value is read as if untagged`, location: loc });
    }
    return value;
  };

  let value: JsonValue | undefined;
  try {
    value = convert(doc.contents, [], 0, false);
  } catch (err) {
    if (err instanceof LimitExceeded) {
      const loc = at(expanding);
      diagnostics.push({ level: 'error', code: 'alias-limit', message: `${file}:${loc.line}:${loc.column}: YAML aliases expand to more than ${limits.maxAliasNodes} nodes (an alias bomb?); the file is skipped`, location: loc });
      return { value: undefined, locations, diagnostics };
    }
    if (err instanceof RangeError) {
      diagnostics.push({ level: 'error', code: 'nesting-limit', message: `${file}: document nested too deeply to read; the file is skipped`, location: { file, line: 1, column: 1 } });
      return { value: undefined, locations, diagnostics };
    }
    throw err;
  }
  return { value, locations, diagnostics };
}

/**
 * Offset of the first collection (in document order) nested deeper than maxDepth, walking the CST
 * with an explicit stack: the CST parser itself is not recursive, so this is safe at any depth.
 */
function firstTooDeep(tokens: CST.Token[], maxDepth: number): number | null {
  const stack: [CST.Token, number][] = tokens.map((t): [CST.Token, number] => [t, 0]).reverse();
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth >= maxDepth) return token.offset;
      for (let i = token.items.length - 1; i >= 0; i--) {
        const item = token.items[i]!;
        if (item.value) stack.push([item.value, depth + 1]);
        if (item.key) stack.push([item.key, depth + 1]);
      }
    }
  }
  return null;
}

/** Offset of the first bracket nested deeper than maxDepth; jsonc-parser recurses once per level. */
export function firstTooDeepJson(text: string, maxDepth: number): number | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return null;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}

function keyString(keyNode: YamlNode | null): string {
  if (keyNode === null) return '';
  // Keys are names as written: an IAM `Null:` condition operator must not become "null", nor `True:` "true".
  if (isScalar(keyNode)) return typeof keyNode.value === 'string' || typeof keyNode.source !== 'string' ? String(keyNode.value) : keyNode.source;
  return String((keyNode as { toJSON?: () => unknown }).toJSON?.() ?? '');
}

function scalarValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return String(v);
}

export function parseJson(text: string, file: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParsedDocument {
  const locations = new LocationTable(file);
  const diagnostics: Diagnostic[] = [];
  const index = new LineIndex(text);
  const at = (offset: number): SourceLocation => ({ file, ...index.position(offset) });
  const tooDeep = firstTooDeepJson(text, limits.maxDepth);
  if (tooDeep !== null) {
    const loc = at(tooDeep);
    diagnostics.push({ level: 'error', code: 'nesting-limit', message: `${file}:${loc.line}:${loc.column}: nesting deeper than ${limits.maxDepth} levels; the file is skipped`, location: loc });
    return { value: undefined, locations, diagnostics };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  for (const e of errors.slice(0, 5)) {
    const loc = at(e.offset);
    diagnostics.push({ level: 'error', code: 'json-syntax', message: `${file}:${loc.line}:${loc.column}: invalid JSON: ${printParseErrorCode(e.error)}`, location: loc });
  }
  if (errors.length > 0 || !tree) return { value: undefined, locations, diagnostics };
  let depthReported = false;
  const convert = (node: JsonNode, path: (string | number)[], depth: number): JsonValue => {
    if (depth > limits.maxDepth) {
      if (!depthReported) {
        depthReported = true;
        const loc = at(node.offset);
        diagnostics.push({ level: 'error', code: 'nesting-limit', message: `${file}:${loc.line}: nesting deeper than ${limits.maxDepth} levels; the deeper part is ignored`, location: loc });
      }
      return null;
    }
    locations.set(path, at(node.offset));
    switch (node.type) {
      case 'object': {
        const obj: JsonObject = {};
        for (const prop of node.children ?? []) {
          const [k, v] = prop.children ?? [];
          if (!k || !v) continue;
          const key = String(k.value);
          if (hasKey(obj, key)) {
            const loc = at(k.offset);
            diagnostics.push({ level: 'warning', code: 'json-duplicate-key', message: `${file}:${loc.line}:${loc.column}: duplicate key "${key}"`, location: loc });
          }
          locations.set([...path, key], at(k.offset));
          setKey(obj, key, convert(v, [...path, key], depth + 1));
        }
        return obj;
      }
      case 'array':
        return (node.children ?? []).map((c, i) => convert(c, [...path, i], depth + 1));
      case 'string':
      case 'number':
      case 'boolean':
        return node.value as JsonValue;
      default:
        return null;
    }
  };
  return { value: convert(tree, [], 0), locations, diagnostics };
}

/** Most syntax errors one file reports; the rest are counted. */
const MAX_SYNTAX_ERRORS = 10;

/**
 * Parses YAML (1.2 core schema). When strict parsing fails only because a multi-line quoted scalar
 * has continuation lines indented no deeper than its key — which CloudFormation and lenient YAML
 * 1.1 parsers accept — those lines are re-indented (leading whitespace of a quoted scalar's
 * continuation lines is folded away, so the value is unchanged) and the file is read with a
 * warning instead of silently losing resources.
 */
export function parseYaml(text: string, file: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS, options: YamlParseOptions = {}): ParsedDocument {
  const strict = parseYamlStrict(text, file, limits, options);
  const syntax = strict.diagnostics.filter((d) => d.code === 'yaml-syntax');
  if (syntax.length === 0) return strict;
  const quoted = reindentQuotedScalars(text);
  const flow = reindentFlowCollections(quoted?.text ?? text);
  for (const [repaired, what] of [
    [quoted, 'a multi-line quoted value'],
    [flow && { text: flow.text, lines: [...(quoted?.lines ?? []), ...flow.lines].sort((a, b) => a - b) }, quoted ? 'a multi-line quoted value or flow collection' : 'a multi-line flow collection ([...] or {...})'],
  ] as const) {
    if (!repaired) continue;
    const second = parseYamlStrict(repaired.text, file, limits, options);
    if (!second.diagnostics.some((d) => d.code === 'yaml-syntax')) {
      const first = repaired.lines[0]!;
      second.diagnostics.push({
        level: 'warning',
        code: 'yaml-lenient',
        message: `${file}:${first}: ${what} (line${repaired.lines.length > 1 ? 's' : ''} ${repaired.lines.slice(0, 5).join(', ')}${repaired.lines.length > 5 ? ', ...' : ''}) is indented no deeper than its key; strict YAML 1.2 rejects it, CloudFormation accepts it; read leniently`,
        location: { file, line: first, column: 1 },
      });
      return second;
    }
  }
  if (syntax.length > MAX_SYNTAX_ERRORS) {
    const kept = new Set(syntax.slice(0, MAX_SYNTAX_ERRORS));
    strict.diagnostics = strict.diagnostics.filter((d) => d.code !== 'yaml-syntax' || kept.has(d));
    strict.diagnostics.push({ level: 'error', code: 'yaml-syntax', message: `${file}: ${syntax.length - MAX_SYNTAX_ERRORS} more YAML syntax errors not shown`, location: { file, line: syntax[MAX_SYNTAX_ERRORS]!.location?.line ?? 1, column: 1 } });
  }
  return strict;
}

/**
 * Re-indents the continuation lines of multi-line flow collections (`Key: [` … `]`, `Key: [{` … `}]`)
 * that are not indented deeper than the key that opened them. Inside a flow collection indentation
 * carries no meaning, so the value is unchanged. Returns null when there is nothing to repair.
 */
export function reindentFlowCollections(text: string): { text: string; lines: number[] } | null {
  const lines = text.split('\n');
  const fixed: number[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const m = /^(\s*)(?:- +)?(?:[^\s#'"[{][^#]*?:\s+)(?:![A-Za-z:]+\s+)?([[{])/.exec(line);
    if (!m) {
      i++;
      continue;
    }
    const indent = m[1]!.length;
    let depth = 0;
    let quote: string | null = null;
    let j = i;
    let pos = m[0].length - 1;
    let done = false;
    while (j < lines.length && !done) {
      const l = lines[j]!;
      for (; pos < l.length; pos++) {
        const ch = l[pos]!;
        if (quote !== null) {
          if (quote === '"' && ch === '\\') pos++;
          else if (ch === quote) quote = null;
          continue;
        }
        if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '#' && (pos === 0 || /\s/.test(l[pos - 1]!))) break;
        else if (ch === '[' || ch === '{') depth++;
        else if (ch === ']' || ch === '}') {
          depth--;
          if (depth === 0) {
            done = true;
            break;
          }
        }
      }
      if (!done) {
        j++;
        pos = 0;
      }
    }
    if (!done) break;
    indentContinuation(lines, i + 1, j, indent, fixed);
    i = j + 1;
  }
  return fixed.length ? { text: lines.join('\n'), lines: fixed } : null;
}

/** Lines first..last (0-based) not indented deeper than `indent` move to indent + 2; their 1-based numbers go to `fixed`. */
function indentContinuation(lines: string[], first: number, last: number, indent: number, fixed: number[]): void {
  for (let k = first; k <= last; k++) {
    const l = lines[k]!;
    const lead = /^\s*/.exec(l)![0].length;
    if (l.trim() !== '' && lead <= indent) {
      lines[k] = ' '.repeat(indent + 2 - lead) + l;
      fixed.push(k + 1);
    }
  }
}

/**
 * Re-indents the continuation lines of multi-line quoted scalars that are not indented deeper than
 * the line that opened them. Returns null when there is nothing to repair.
 */
export function reindentQuotedScalars(text: string): { text: string; lines: number[] } | null {
  const lines = text.split('\n');
  const fixed: number[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const m = /^(\s*)(?:- +)?(?:[^\s#'"][^#]*?:\s+)?(?:![A-Za-z:]+\s+)?(['"])/.exec(line);
    if (!m || /^\s*#/.test(line)) {
      i++;
      continue;
    }
    const quote = m[2]!;
    const indent = m[1]!.length;
    const start = m[0].length;
    let j = i;
    let pos = start;
    let closed = false;
    while (j < lines.length && !closed) {
      const l = lines[j]!;
      for (; pos < l.length; pos++) {
        const ch = l[pos];
        if (quote === '"' && ch === '\\') {
          pos++;
          continue;
        }
        if (ch === quote) {
          if (quote === "'" && l[pos + 1] === "'") {
            pos++;
            continue;
          }
          closed = true;
          break;
        }
      }
      if (!closed) {
        j++;
        pos = 0;
      }
    }
    if (!closed) break;
    indentContinuation(lines, i + 1, j, indent, fixed);
    i = j + 1;
  }
  return fixed.length ? { text: lines.join('\n'), lines: fixed } : null;
}
