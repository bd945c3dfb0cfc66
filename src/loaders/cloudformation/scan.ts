/**
 * Fastest path of the YAML loader: a single pass over the text for the YAML that templates are
 * written in, building the JSON value and the location table directly, with no token objects.
 *
 * It reads block mappings and sequences (including a sequence at its key's indentation and
 * compact `- key: value` items), flow collections, plain, quoted and block scalars, comments, a
 * leading `---`, and CloudFormation short-form tags, with the YAML 1.2 core schema. Where the
 * folding rules of a scalar are intricate (block scalars, multi-line or escaped scalars) the
 * string is resolved by the `yaml` library's own `CST.resolveAsScalar`, given the same source
 * text its lexer would give it, so the value cannot differ.
 *
 * It gives up (returns null: the caller runs the CST path, ./cst.ts, then the composer) on
 * everything else, and wherever the `yaml` library would report an error or a warning, or could
 * read the text differently: anchors, aliases, merge keys, explicit keys, directives, several
 * documents, other tags, duplicate keys, tabs, carriage returns, control characters, byte-order
 * marks, empty items or tagged empty values, keep-chomping (`|+`) or indentation indicators,
 * multi-line keys, multi-line scalars inside flow collections, trailing commas, and any line
 * indented where the lexer's rule and this reader's could disagree. The result is the CST path's
 * (same value, same locations, same float marks, no diagnostics), which
 * test/loaders/cloudformation-scan.test.ts checks on every YAML file of the corpus.
 */
import { CST } from 'yaml';
import type { JsonObject, JsonValue, SourceLocation } from '../../model/types.js';
import { setKey } from '../../model/types.js';
import { CFN_TAGS, plainValue, startOfTagged, type LocationSink } from './cst.js';

/** Thrown (never escapes scanYaml) to abandon the path. A plain object: no stack to capture. */
const GIVE_UP = { giveUp: true } as const;

function giveUp(): never {
  throw GIVE_UP;
}

const NL = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;
const QUOTE1 = 39;
const QUOTE2 = 34;
const BACKSLASH = 92;

/** Characters a plain scalar may not start with (`-`, `?` and `:` are handled apart). */
const NOT_PLAIN_START = new Set(',[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));
const FLOW_INDICATORS = new Set(',[]{}'.split('').map((c) => c.charCodeAt(0)));
/** First characters of the plain scalars the core schema may type as something else than a string. */
const MAYBE_TYPED = new Set('0123456789+-.~nNtTfF'.split('').map((c) => c.charCodeAt(0)));

const childKey = (parent: string, root: boolean, k: string | number): string => (root ? String(k) : `${parent}\u0001${k}`);

/** A character the reader does not handle anywhere in the text (the other paths decide about it). */
function unsupported(c: number): boolean {
  return (c < 0x20 && c !== NL) || (c >= 0x7f && c <= 0x9f) || c === 0xfeff || c === 0x2028 || c === 0x2029 || c >= 0xfffe;
}

class Reader {
  private readonly n: number;
  private readonly lineStarts: number[] = [0];
  private lastLine = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly maxDepth: number,
    private readonly locations: LocationSink,
  ) {
    this.n = text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NL) this.lineStarts.push(i + 1);
      else if (unsupported(c)) giveUp();
    }
  }

  /** 1-based line and column of an offset (LineCounter's answer), the next line tried first. */
  at(offset: number): SourceLocation {
    const starts = this.lineStarts;
    let i = this.lastLine;
    if (starts[i]! <= offset && (i + 1 >= starts.length || starts[i + 1]! > offset)) {
      // same line as last time
    } else if (i + 1 < starts.length && starts[i + 1]! <= offset && (i + 2 >= starts.length || starts[i + 2]! > offset)) {
      i++;
    } else {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      i = lo;
    }
    this.lastLine = i;
    return { file: this.file, line: i + 1, column: offset - starts[i]! + 1 };
  }

  private code(p: number): number {
    return p < this.n ? this.text.charCodeAt(p) : -1;
  }

  /** A space, a line break or the end of the text. */
  private blank(p: number): boolean {
    const c = this.code(p);
    return c === SPACE || c === NL || c === -1;
  }

  private column(p: number): number {
    return p - this.text.lastIndexOf('\n', p - 1) - 1;
  }

  /**
   * From the end of a value, the rest of its line must be spaces and a comment; returns the
   * offset of the next line's start (or the end of the text).
   */
  private endOfLine(p: number): number {
    while (this.code(p) === SPACE) p++;
    const c = this.code(p);
    if (c === HASH) {
      if (this.code(p - 1) !== SPACE) giveUp();
      const nl = this.text.indexOf('\n', p);
      return nl < 0 ? this.n : nl + 1;
    }
    if (c === NL) return p + 1;
    if (c === -1) return p;
    return giveUp();
  }

  /** From a line start, the first character of the next line with content (not a comment), or n. */
  private nextContent(p: number, docStart = false): number {
    for (;;) {
      if (p >= this.n) return this.n;
      let q = p;
      while (this.code(q) === SPACE) q++;
      const c = this.code(q);
      if (c === NL) p = q + 1;
      else if (c === HASH) {
        const nl = this.text.indexOf('\n', q);
        p = nl < 0 ? this.n : nl + 1;
      } else if (c === -1) return this.n;
      else {
        if (q === p && !docStart && (this.text.startsWith('---', q) || this.text.startsWith('...', q)) && this.blank(q + 3)) giveUp();
        return q;
      }
    }
  }

  document(): JsonValue {
    let p = this.nextContent(0, true);
    if (p < this.n && this.text.startsWith('---', p) && this.column(p) === 0 && this.blank(p + 3)) p = this.nextContent(this.endOfLine(p + 3));
    if (p >= this.n) giveUp();
    this.locations.setKey('', this.at(p));
    const col = this.column(p);
    const { value, end } = this.blockMap(p, col, '', true, 0);
    if (end < this.n) giveUp();
    return value;
  }

  /**
   * A block node that starts at p, in a collection of indentation `parent`. `inline` when it
   * follows a key's `:` on the same line (no collection may start there); `tagged` once a tag has
   * been read (a tag before a key, or a second tag, is not read here). Returns the value and the
   * offset of the line after it.
   */
  private blockNode(p: number, parent: number, key: string, root: boolean, depth: number, inline: boolean, tagged: boolean): { value: JsonValue; end: number } {
    const c = this.code(p);
    if (c === 0x21) return this.taggedBlock(p, parent, key, root, depth, inline, tagged);
    if (c === DASH && this.blank(p + 1)) {
      if (inline) giveUp();
      return this.blockSeq(p, this.column(p), key, root, depth);
    }
    if (c === 0x5b || c === 0x7b) {
      const r = this.flow(p, parent, key, root, depth);
      if (this.afterFlowIsKey(r.end)) giveUp();
      return { value: r.value, end: this.endOfLine(r.end) };
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(p, parent);
    if (c === QUOTE1 || c === QUOTE2) {
      const q = this.quoted(p, parent, false);
      let e = q.end;
      while (this.code(e) === SPACE) e++;
      if (this.code(e) === COLON && this.blank(e + 1)) {
        if (inline) giveUp();
        return this.blockMap(p, this.column(p), key, root, depth);
      }
      return { value: q.value, end: this.endOfLine(q.end) };
    }
    if (NOT_PLAIN_START.has(c) || ((c === DASH || c === 0x3f || c === COLON) && this.blank(p + 1))) giveUp();
    // a plain scalar, or the first key of a mapping
    const line = this.plainLine(p, false);
    if (line.colon) {
      if (inline) giveUp();
      return this.blockMap(p, this.column(p), key, root, depth);
    }
    return this.plainScalar(p, line.end, parent, tagged);
  }

  private taggedBlock(p: number, parent: number, key: string, root: boolean, depth: number, keyValue: boolean, tagged: boolean): { value: JsonValue; end: number } {
    if (tagged || root) giveUp();
    let e = p + 1;
    while (!this.blank(e)) e++;
    const long = CFN_TAGS[this.text.slice(p, e)];
    if (!long) giveUp();
    while (this.code(e) === SPACE) e++;
    let v = e;
    const c = this.code(e);
    // on the tag's line no collection may start (a tag there would be the first key's)
    let inline = true;
    let seqAtKey = false;
    if (c === HASH || c === NL || c === -1) {
      v = this.nextContent(this.endOfLine(e));
      const col = v < this.n ? this.column(v) : -1;
      // `Key: !Join` then `- ...` at the key's indentation: the sequence is the tagged value
      seqAtKey = keyValue && col === parent && this.code(v) === DASH && this.blank(v + 1);
      if (col <= parent && !seqAtKey) giveUp(); // a tagged empty value
      inline = false;
    }
    const inner = childKey(key, root, long);
    // the location of the value as written: the composer's rule (a node starts at its tag)
    const at = this.at(startOfTagged(this.text, v));
    this.locations.setKey(key, at);
    this.locations.setKey(inner, at);
    const r = seqAtKey ? this.blockSeq(v, parent, inner, false, depth) : this.blockNode(v, parent, inner, false, depth, inline, true);
    return { value: this.wrap(long, r.value), end: r.end };
  }

  private wrap(long: string, value: JsonValue): JsonValue {
    if (long === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      value = dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value];
    }
    return { [long]: value };
  }

  /** After a flow collection: is it a key (`[a]: b`)? */
  private afterFlowIsKey(p: number): boolean {
    while (this.code(p) === SPACE) p++;
    return this.code(p) === COLON;
  }

  /**
   * The first line of a plain scalar (block context) from p: where it ends (trailing spaces
   * excluded) and whether a `: ` follows (it is a key).
   */
  private plainLine(p: number, flow: boolean): { end: number; colon: boolean } {
    const text = this.text;
    let end = p;
    let i = p;
    for (; i < this.n; i++) {
      const c = text.charCodeAt(i);
      if (c === NL) break;
      if (c === COLON) {
        const next = this.code(i + 1);
        if (next === SPACE || next === NL || next === -1 || (flow && FLOW_INDICATORS.has(next))) return { end, colon: true };
        end = i + 1;
      } else if (c === SPACE) {
        if (this.code(i + 1) === HASH) break;
      } else if (flow && FLOW_INDICATORS.has(c)) {
        break;
      } else {
        end = i + 1;
      }
    }
    return { end, colon: false };
  }

  /** A plain scalar whose first line ends at `end`, continued on more indented lines. */
  private plainScalar(p: number, end: number, parent: number, tagged: boolean): { value: JsonValue; end: number } {
    let last = end;
    // continuation lines: the lexer's rule (more indented than the collection, not a comment)
    let q = end;
    while (this.code(q) === SPACE) q++;
    if (this.code(q) === NL) {
      for (;;) {
        let s = q + 1;
        while (this.code(s) === SPACE) s++;
        const c = this.code(s);
        if (c === NL) {
          q = s;
          continue; // a blank line folds to a line break
        }
        if (c === -1 || c === HASH || s - (q + 1) <= parent) break;
        const line = this.plainLine(s, false);
        if (line.colon) giveUp(); // a multi-line implicit key, or a mapping the composer rejects
        last = line.end;
        q = line.end;
        while (this.code(q) === SPACE) q++;
        if (this.code(q) !== NL) break;
      }
    }
    const raw = last === end && !this.hasSpecial(p, end) ? this.text.slice(p, end) : this.resolve('scalar', p, last, parent);
    return { value: tagged ? raw : this.typed(raw), end: this.endOfLine(last) };
  }

  private hasSpecial(p: number, end: number): boolean {
    for (let i = p; i < end; i++) if (this.text.charCodeAt(i) === NL) return true;
    return false;
  }

  /** The typed value of an untagged plain scalar (core schema), marking integral floats. */
  private typed(raw: string): JsonValue {
    if (raw.length === 0 || !MAYBE_TYPED.has(raw.charCodeAt(0))) return raw;
    const v = plainValue(raw);
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') {
      if (Number.isInteger(v) && /[.eE]/.test(raw)) this.floatPending = true;
      return Number.isFinite(v) ? v : String(v);
    }
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    return giveUp();
  }

  /** Set by typed() for the caller, which knows the path, to mark. */
  private floatPending = false;

  private scalarAt(key: string, value: JsonValue): JsonValue {
    if (this.floatPending) {
      this.floatPending = false;
      this.locations.markFloat?.(key);
    }
    return value;
  }

  /** The yaml library's own resolution of a scalar's source text (folding, escapes). */
  private resolve(type: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar', p: number, end: number, indent: number): string {
    let failed = false;
    const r = CST.resolveAsScalar({ type, offset: p, indent, source: this.text.slice(p, end) }, false, () => {
      failed = true;
    });
    if (!r || failed) giveUp();
    return r.value;
  }

  /**
   * A quoted scalar from p. Lines after the first must be more indented than the collection
   * (else the lexer ends it early: the lenient path's case); none in a flow collection or a key.
   */
  private quoted(p: number, parent: number, singleLine: boolean): { value: string; end: number } {
    const text = this.text;
    const q = text.charCodeAt(p);
    let e = text.indexOf(q === QUOTE1 ? "'" : '"', p + 1);
    if (q === QUOTE1) {
      while (e >= 0 && text.charCodeAt(e + 1) === QUOTE1) e = text.indexOf("'", e + 2);
    } else {
      while (e >= 0) {
        let k = 0;
        while (text.charCodeAt(e - 1 - k) === BACKSLASH) k++;
        if (k % 2 === 0) break;
        e = text.indexOf('"', e + 1);
      }
    }
    if (e < 0) giveUp();
    let nl = text.indexOf('\n', p);
    const multi = nl >= 0 && nl < e;
    if (multi) {
      if (singleLine) giveUp();
      while (nl >= 0 && nl < e) {
        let s = nl + 1;
        while (this.code(s) === SPACE) s++;
        if (this.code(s) !== NL && s - (nl + 1) <= parent) giveUp();
        nl = text.indexOf('\n', nl + 1);
      }
    }
    const end = e + 1;
    let simple = !multi;
    if (simple) {
      const inner = text.slice(p + 1, e);
      if (q === QUOTE1 ? inner.includes("'") : inner.includes('\\')) simple = false;
      else return { value: inner, end };
    }
    return { value: this.resolve(q === QUOTE1 ? 'single-quoted-scalar' : 'double-quoted-scalar', p, end, Math.max(parent, 0)), end };
  }

  /** `|` or `>` at p, in a collection of indentation `parent`. */
  private blockScalar(p: number, parent: number): { value: JsonValue; end: number } {
    const text = this.text;
    let h = p + 1;
    const chomp = this.code(h);
    if (chomp === DASH) h++;
    else if (chomp === 0x2b) giveUp(); // keep: trailing lines matter; left to the other paths
    if (!this.blank(h)) giveUp(); // an indentation indicator, or anything else
    const header = text.slice(p, h);
    const start = this.endOfLine(h);
    if (start >= this.n) giveUp();
    // indentation of the first line with content
    let s = start;
    let m = -1;
    for (;;) {
      let q = s;
      while (this.code(q) === SPACE) q++;
      const c = this.code(q);
      if (c === NL) {
        if (q > s) giveUp(); // leading lines of spaces: the composer's rule about them is subtle
        s = q + 1;
        continue;
      }
      if (c === -1) giveUp();
      m = q - s;
      break;
    }
    if (m <= parent) giveUp(); // an empty block scalar
    // lines of the scalar: until a line with content indented no deeper than the collection
    let lastEnd = start; // offset after the last line with content (its line break included)
    let lineStart = s;
    for (;;) {
      if (lineStart >= this.n) break;
      let q = lineStart;
      while (this.code(q) === SPACE) q++;
      const c = this.code(q);
      const indent = q - lineStart;
      if (c === NL || c === -1) {
        if (c === -1) break;
        lineStart = q + 1;
        continue;
      }
      if (indent <= parent) break;
      if (indent < m) giveUp(); // less indented than the first line: an error
      const nl = text.indexOf('\n', q);
      lastEnd = nl < 0 ? this.n : nl + 1;
      lineStart = lastEnd;
    }
    // trailing lines of spaces only: the lexer keeps those indented deeper than m
    for (let t = lastEnd; t < lineStart; ) {
      const nl = text.indexOf('\n', t);
      const lineEnd = nl < 0 ? this.n : nl;
      if (lineEnd - t > m) giveUp();
      t = lineEnd + 1;
    }
    const token = {
      type: 'block-scalar' as const,
      offset: p,
      indent: Math.max(parent, 0),
      props: [
        { type: 'block-scalar-header' as const, offset: p, indent: Math.max(parent, 0), source: header },
        { type: 'newline' as const, offset: start - 1, indent: Math.max(parent, 0), source: '\n' },
      ],
      source: text.slice(start, lastEnd),
    };
    let failed = false;
    const r = CST.resolveAsScalar(token, false, () => {
      failed = true;
    });
    if (!r || failed) giveUp();
    return { value: r.value, end: lastEnd };
  }

  /** A key at p (plain or quoted, on one line): its text, duplicate fingerprint and the offset after `:`. */
  private key(p: number): { text: string; typed: string; after: number } {
    const c = this.code(p);
    let text: string;
    let typed: string;
    let e: number;
    if (c === QUOTE1 || c === QUOTE2) {
      const q = this.quoted(p, -1, true);
      text = q.value;
      typed = `string:${text}`;
      e = q.end;
      while (this.code(e) === SPACE) e++;
      if (this.code(e) !== COLON || !this.blank(e + 1)) giveUp();
    } else {
      if (NOT_PLAIN_START.has(c) || ((c === DASH || c === 0x3f || c === COLON) && this.blank(p + 1))) giveUp();
      const line = this.plainLine(p, false);
      if (!line.colon) giveUp();
      text = this.text.slice(p, line.end);
      e = line.end;
      while (this.code(e) === SPACE) e++;
      if (text === '<<') giveUp();
      typed = this.keyTyped(text);
    }
    return { text, typed, after: e + 1 };
  }

  private keyTyped(text: string): string {
    if (text.length === 0 || !MAYBE_TYPED.has(text.charCodeAt(0))) return `string:${text}`;
    const v = plainValue(text);
    if (typeof v === 'number' && Number.isNaN(v)) giveUp();
    return `${typeof v}:${String(v)}`;
  }

  private blockMap(p: number, indent: number, key: string, root: boolean, depth: number): { value: JsonObject; end: number } {
    if (depth >= this.maxDepth) giveUp();
    const obj: JsonObject = {};
    const names = new Set<string>();
    const typedNames = new Set<string>();
    for (;;) {
      const k = this.key(p);
      if (names.has(k.text) || typedNames.has(k.typed)) giveUp();
      names.add(k.text);
      typedNames.add(k.typed);
      const path = childKey(key, root, k.text);
      this.locations.setKey(path, this.at(p));
      let v = k.after;
      while (this.code(v) === SPACE) v++;
      const c = this.code(v);
      let end: number;
      if (c === HASH || c === NL || c === -1) {
        if (c === HASH && this.code(v - 1) !== SPACE) giveUp();
        const next = this.nextContent(this.endOfLine(v));
        const col = next < this.n ? this.column(next) : -1;
        if (col > indent) {
          const r = this.blockNode(next, indent, path, false, depth + 1, false, false);
          setKey(obj, k.text, this.scalarAt(path, r.value));
          end = r.end;
        } else if (col === indent && this.code(next) === DASH && this.blank(next + 1)) {
          const r = this.blockSeq(next, indent, path, false, depth + 1);
          setKey(obj, k.text, r.value);
          end = r.end;
        } else {
          setKey(obj, k.text, null);
          end = next;
        }
      } else {
        if (k.after === v) giveUp(); // `key:value` is not a pair in block context (plainLine would not stop there)
        const r = this.blockNode(v, indent, path, false, depth + 1, true, false);
        setKey(obj, k.text, this.scalarAt(path, r.value));
        end = r.end;
      }
      p = this.nextContent(end);
      if (p >= this.n) return { value: obj, end: this.n };
      const col = this.column(p);
      if (col < indent) return { value: obj, end: p };
      if (col > indent) giveUp();
      if (this.code(p) === DASH && this.blank(p + 1)) return { value: obj, end: p }; // the parent decides
    }
  }

  private blockSeq(p: number, indent: number, key: string, root: boolean, depth: number): { value: JsonValue[]; end: number } {
    if (depth >= this.maxDepth) giveUp();
    const out: JsonValue[] = [];
    for (;;) {
      let v = p + 1;
      while (this.code(v) === SPACE) v++;
      const c = this.code(v);
      const path = childKey(key, root, out.length);
      let r: { value: JsonValue; end: number };
      if (c === HASH || c === NL || c === -1) {
        if (c === HASH && this.code(v - 1) !== SPACE) giveUp();
        const next = this.nextContent(this.endOfLine(v));
        if (next >= this.n || this.column(next) <= indent) giveUp(); // an empty item
        if (this.code(next) !== 0x21) this.locations.setKey(path, this.at(next));
        r = this.blockNode(next, indent, path, false, depth + 1, false, false);
      } else {
        if (c !== 0x21) this.locations.setKey(path, this.at(v));
        r = this.blockNode(v, indent, path, false, depth + 1, false, false);
      }
      out.push(this.scalarAt(path, r.value));
      p = this.nextContent(r.end);
      if (p >= this.n) return { value: out, end: this.n };
      const col = this.column(p);
      if (col > indent) giveUp();
      if (col < indent || !(this.code(p) === DASH && this.blank(p + 1))) return { value: out, end: p };
    }
  }

  /**
   * Spaces, line breaks and comments inside a flow collection; every line must be indented
   * deeper than the collection that holds it (the lexer ends the flow otherwise).
   */
  private flowSpace(p: number, parent: number): number {
    for (;;) {
      const c = this.code(p);
      if (c === SPACE) p++;
      else if (c === NL) {
        p++;
        let s = p;
        while (this.code(s) === SPACE) s++;
        const d = this.code(s);
        if (d !== NL && d !== -1 && s - p <= parent) giveUp();
        p = s;
      } else if (c === HASH) {
        if (!this.blank(p - 1)) giveUp();
        const nl = this.text.indexOf('\n', p);
        if (nl < 0) giveUp();
        p = nl;
      } else return p;
    }
  }

  /** A flow collection at p; returns its value and the offset after its closing bracket. */
  private flow(p: number, parent: number, key: string, root: boolean, depth: number): { value: JsonValue; end: number } {
    if (depth >= this.maxDepth) giveUp();
    const isMap = this.code(p) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const obj: JsonObject = {};
    const list: JsonValue[] = [];
    const names = new Set<string>();
    const typedNames = new Set<string>();
    let q = this.flowSpace(p + 1, parent);
    if (this.code(q) === close) return { value: isMap ? obj : list, end: q + 1 };
    for (let i = 0; ; i++) {
      if (isMap) {
        const c = this.code(q);
        let text: string;
        let typed: string;
        let e: number;
        if (c === QUOTE1 || c === QUOTE2) {
          const k = this.quoted(q, parent, true);
          text = k.value;
          typed = `string:${text}`;
          e = k.end;
        } else {
          if (NOT_PLAIN_START.has(c) || c === -1 || ((c === DASH || c === 0x3f || c === COLON) && this.blank(q + 1))) giveUp();
          const line = this.plainLine(q, true);
          if (!line.colon) giveUp();
          text = this.text.slice(q, line.end);
          if (text === '<<') giveUp();
          typed = this.keyTyped(text);
          e = line.end;
        }
        if (names.has(text) || typedNames.has(typed)) giveUp();
        names.add(text);
        typedNames.add(typed);
        while (this.code(e) === SPACE) e++;
        if (this.code(e) !== COLON) giveUp();
        const path = childKey(key, root, text);
        this.locations.setKey(path, this.at(q));
        const v = this.flowSpace(e + 1, parent);
        const r = this.flowNode(v, parent, path, depth + 1);
        setKey(obj, text, r.value);
        q = r.end;
      } else {
        const path = childKey(key, root, list.length);
        if (this.code(q) !== 0x21) this.locations.setKey(path, this.at(q));
        const r = this.flowNode(q, parent, path, depth + 1);
        list.push(r.value);
        q = r.end;
      }
      q = this.flowSpace(q, parent);
      const c = this.code(q);
      if (c === close) return { value: isMap ? obj : list, end: q + 1 };
      if (c !== COMMA) giveUp();
      q = this.flowSpace(q + 1, parent);
      if (this.code(q) === close) giveUp(); // a trailing comma: an empty item
    }
  }

  /** A value inside a flow collection: a scalar (one line) or a nested flow collection, maybe tagged. */
  private flowNode(p: number, parent: number, key: string, depth: number): { value: JsonValue; end: number } {
    const c = this.code(p);
    if (c === 0x21) {
      let e = p + 1;
      while (!this.blank(e) && !FLOW_INDICATORS.has(this.code(e))) e++;
      const long = CFN_TAGS[this.text.slice(p, e)];
      if (!long || this.code(e) !== SPACE) giveUp();
      while (this.code(e) === SPACE) e++;
      const d = this.code(e);
      if (d === NL || d === HASH || d === 0x21 || FLOW_INDICATORS.has(d) && d !== 0x5b && d !== 0x7b) giveUp();
      const at = this.at(startOfTagged(this.text, e));
      this.locations.setKey(key, at);
      const inner = childKey(key, false, long);
      this.locations.setKey(inner, at);
      const r = this.flowValue(e, parent, inner, depth, true);
      return { value: this.wrap(long, r.value), end: r.end };
    }
    const r = this.flowValue(p, parent, key, depth, false);
    return { value: this.scalarAt(key, r.value), end: r.end };
  }

  private flowValue(p: number, parent: number, key: string, depth: number, tagged: boolean): { value: JsonValue; end: number } {
    const c = this.code(p);
    if (c === 0x5b || c === 0x7b) return this.flow(p, parent, key, false, depth);
    if (c === QUOTE1 || c === QUOTE2) return this.quoted(p, parent, true);
    if (NOT_PLAIN_START.has(c) || c === -1 || c === NL || ((c === DASH || c === 0x3f || c === COLON) && (this.blank(p + 1) || FLOW_INDICATORS.has(this.code(p + 1))))) giveUp();
    const line = this.plainLine(p, true);
    if (line.colon) giveUp(); // a pair inside a flow sequence, or a key where a value belongs
    // a plain scalar continued on the next line: left to the other paths
    let e = line.end;
    while (this.code(e) === SPACE) e++;
    const d = this.code(e);
    if (d === NL) {
      const s = this.flowSpace(e, parent);
      const f = this.code(s);
      if (f !== COMMA && f !== 0x5d && f !== 0x7d) giveUp();
    } else if (d !== COMMA && d !== 0x5d && d !== 0x7d && d !== HASH) giveUp();
    const raw = this.text.slice(p, line.end);
    return { value: tagged ? raw : this.typed(raw), end: line.end };
  }
}

/**
 * The value of a whole YAML text, or null when this path does not apply (the caller then runs the
 * other paths). `locations` may be partly written when it returns null: pass a table of its own
 * and keep it only on success.
 */
export function scanYaml(text: string, file: string, maxDepth: number, locations: LocationSink): { value: JsonValue } | null {
  try {
    const reader = new Reader(text, file, maxDepth, locations);
    return { value: reader.document() };
  } catch (err) {
    if (err === GIVE_UP) return null;
    throw err;
  }
}
