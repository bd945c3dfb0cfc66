/**
 * YAML and JSON documents into plain JSON values plus a side table of source locations.
 *
 * CloudFormation short-form tags (`!Ref`, `!Sub`, ...) become their long form (`{ "Ref": ... }`)
 * in every node form (scalar, sequence, mapping). Locations are kept per path, never mixed into
 * the data. Limits (aliases, depth, size) turn hostile input into diagnostics.
 */
import { parseDocument, LineCounter, isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Document } from 'yaml';
import { parseTree, type Node as JsonNode, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { Diagnostic, DocPath, JsonObject, JsonValue, SourceLocation } from '../../model/types.js';

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

/** Path → location, with lookup falling back to the nearest located ancestor. */
export class LocationTable {
  private readonly table = new Map<string, SourceLocation>();
  constructor(readonly file: string) {}

  static key(path: DocPath): string {
    return path.join('\u0001');
  }

  set(path: DocPath, loc: SourceLocation): void {
    const k = LocationTable.key(path);
    if (!this.table.has(k)) this.table.set(k, loc);
  }

  get(path: DocPath): SourceLocation | undefined {
    return this.table.get(LocationTable.key(path));
  }

  locate(path: DocPath): SourceLocation {
    for (let n = path.length; n >= 0; n--) {
      const loc = this.table.get(LocationTable.key(path.slice(0, n)));
      if (loc) return loc;
    }
    return { file: this.file, line: 1, column: 1 };
  }
}

/** CloudFormation short-form tags and the long form each becomes. */
const CFN_TAGS: Record<string, string> = {
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

class LimitExceeded extends Error {}

/** Line index for converting offsets to 1-based line/column once, at the boundary. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

export function parseYaml(text: string, file: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParsedDocument {
  const lineCounter = new LineCounter();
  const locations = new LocationTable(file);
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };

  let doc: Document.Parsed;
  try {
    // YAML 1.2 core schema: `2012-10-17` stays a string and `Off:` stays a key.
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: false, stringKeys: false });
  } catch (err) {
    diagnostics.push({ level: 'error', code: 'yaml-syntax', message: `${file}: YAML could not be parsed: ${(err as Error).message}`, location: { file, line: 1, column: 1 } });
    return { value: undefined, locations, diagnostics };
  }

  for (const e of doc.errors) {
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

  let aliasBudget = limits.maxAliasNodes;
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
      const target = node.resolve(doc);
      if (!target) {
        const loc = node.range ? at(node.range[0]) : locations.locate(path);
        diagnostics.push({ level: 'error', code: 'yaml-syntax', message: `${file}:${loc.line}: unknown alias *${node.source}`, location: loc });
        return null;
      }
      return convert(target, path, depth + 1, true);
    }
    const yamlNode = node as YamlNode;
    if (!viaAlias && yamlNode.range) locations.set(path, at(yamlNode.range[0]));
    const tag = yamlNode.tag;
    let value: JsonValue;
    if (isScalar(node)) {
      value = scalarValue(node.value);
    } else if (isSeq(node)) {
      value = node.items.map((item, i) => {
        if (!viaAlias && item && (item as YamlNode).range) locations.set([...path, i], at((item as YamlNode).range![0]));
        return convert(item, [...path, i], depth + 1, viaAlias);
      });
    } else if (isMap(node)) {
      const obj: JsonObject = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = keyString(keyNode);
        if (!viaAlias && keyNode?.range) locations.set([...path, key], at(keyNode.range[0]));
        if (key === '<<' ) {
          // merge key: copy the aliased mapping's entries that are not already set
          const merged = convert(pair.value, [...path, key], depth + 1, viaAlias);
          for (const m of Array.isArray(merged) ? merged : [merged]) {
            if (m && typeof m === 'object' && !Array.isArray(m)) for (const [k, v] of Object.entries(m)) if (!(k in obj)) obj[k] = v;
          }
          continue;
        }
        obj[key] = convert(pair.value, [...path, key], depth + 1, viaAlias);
      }
      value = obj;
    } else {
      value = null;
    }
    if (tag && tag !== '!' && !tag.startsWith('tag:yaml.org')) {
      const long = CFN_TAGS[tag];
      if (long) {
        if (long === 'Fn::GetAtt' && typeof value === 'string') {
          const dot = value.indexOf('.');
          value = dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value];
        }
        return { [long]: value };
      }
      const range = yamlNode.range;
      const loc = range ? at(range[0]) : locations.locate(path);
      diagnostics.push({ level: 'warning', code: 'unknown-tag', message: `${file}:${loc.line}:${loc.column}: unknown YAML tag ${tag}; the value is read as if untagged`, location: loc });
    }
    return value;
  };

  let value: JsonValue | undefined;
  try {
    value = convert(doc.contents, [], 0, false);
  } catch (err) {
    if (err instanceof LimitExceeded) {
      diagnostics.push({ level: 'error', code: 'alias-limit', message: `${file}: YAML aliases expand to more than ${limits.maxAliasNodes} nodes (an alias bomb?); the file is skipped`, location: { file, line: 1, column: 1 } });
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

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}

function keyString(keyNode: YamlNode | null): string {
  if (keyNode === null) return '';
  if (isScalar(keyNode)) return String(keyNode.value);
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
          if (key in obj) {
            const loc = at(k.offset);
            diagnostics.push({ level: 'warning', code: 'json-duplicate-key', message: `${file}:${loc.line}:${loc.column}: duplicate key "${key}"`, location: loc });
          }
          locations.set([...path, key], at(k.offset));
          obj[key] = convert(v, [...path, key], depth + 1);
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
