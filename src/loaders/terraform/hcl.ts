/**
 * A reader for HCL native syntax (Terraform `.tf`, `.tfvars`, template files) that keeps the offset
 * of every block, attribute and expression.
 *
 * hcl2json (the HashiCorp parser compiled to wasm) stays the authority on whether a file is valid
 * HCL; it gives no source positions and turns expressions into strings, so this reader builds the
 * syntax tree that the evaluator walks and that locations come from.
 *
 * The tree itself is `hcl-ast.ts`.
 */
import type { Body, Attribute, Block, TemplatePart, Expr, ObjectItem } from './hcl-ast.js';

export type { Body, Attribute, Block, TemplatePart, Expr, ObjectItem } from './hcl-ast.js';

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

const MAX_DEPTH = 200;

function isIdStart(c: string): boolean {
  return /[A-Za-z_]/.test(c) || c > '\u007f';
}
function isIdChar(c: string): boolean {
  return /[A-Za-z0-9_-]/.test(c) || c > '\u007f';
}

class Parser {
  pos = 0;
  /** Whether newlines are insignificant in the innermost bracket context. */
  private nl: boolean[] = [false];
  private depth = 0;
  constructor(
    readonly src: string,
    private end = src.length,
  ) {}

  private fail(msg: string, at = this.pos): never {
    throw new HclSyntaxError(msg, at);
  }

  private peek(n = 0): string {
    const i = this.pos + n;
    return i < this.end ? this.src[i]! : '';
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos) && this.pos + s.length <= this.end;
  }

  /** Skips spaces and comments; newlines too when `newlines` or inside brackets. */
  skip(newlines = this.nl[this.nl.length - 1]!): void {
    while (this.pos < this.end) {
      const c = this.src[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff') this.pos++;
      else if (c === '\n' && newlines) this.pos++;
      else if (c === '#' || (c === '/' && this.peek(1) === '/')) {
        while (this.pos < this.end && this.src[this.pos] !== '\n') this.pos++;
      } else if (c === '/' && this.peek(1) === '*') {
        const close = this.src.indexOf('*/', this.pos + 2);
        if (close < 0 || close >= this.end) this.fail('unterminated comment');
        // a block comment spanning lines counts as a newline in a body
        this.pos = close + 2;
      } else if (c === '\\' && this.peek(1) === '\n') this.pos += 2;
      else break;
    }
  }

  private expect(s: string): void {
    this.skip();
    if (!this.startsWith(s)) this.fail(`expected "${s}"`);
    this.pos += s.length;
  }

  ident(): string {
    const start = this.pos;
    if (!isIdStart(this.peek())) this.fail('expected a name');
    while (this.pos < this.end && isIdChar(this.src[this.pos]!)) this.pos++;
    return this.src.slice(start, this.pos);
  }

  // ------------------------------------------------------------------------------------------
  // Bodies
  // ------------------------------------------------------------------------------------------

  body(closer: string | null): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    this.nl.push(false);
    for (;;) {
      this.skip(true);
      if (this.pos >= this.end) {
        if (closer) this.fail(`expected "${closer}" before the end of the file`);
        break;
      }
      if (closer && this.peek() === closer) {
        this.pos++;
        break;
      }
      const start = this.pos;
      const name = this.ident();
      this.skip(false);
      if (this.peek() === '=' && this.peek(1) !== '=') {
        this.pos++;
        const expr = this.expr();
        attributes.push({ name, expr, start });
        this.endOfLine(closer);
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skip(false);
        const c = this.peek();
        if (c === '"') {
          const e = this.quoted();
          if (e.k !== 'lit' || typeof e.value !== 'string') this.fail('block labels cannot hold interpolations', e.s);
          labels.push(e.value);
        } else if (isIdStart(c)) labels.push(this.ident());
        else break;
      }
      this.skip(false);
      if (this.peek() !== '{') this.fail(`expected "=" or "{" after "${name}"`);
      this.pos++;
      if (++this.depth > MAX_DEPTH) this.fail('blocks nested too deeply');
      const inner = this.body('}');
      this.depth--;
      blocks.push({ type: name, labels, body: inner, start, end: this.pos });
      this.endOfLine(closer);
    }
    this.nl.pop();
    return { attributes, blocks };
  }

  private endOfLine(closer: string | null): void {
    this.skip(false);
    if (this.pos >= this.end) return;
    const c = this.peek();
    if (c === '\n') {
      this.pos++;
      return;
    }
    if (closer && c === closer) return;
    // `a = 1; b = 2` is not HCL, but a block comment may end a line
    this.fail('expected a newline after the attribute or block');
  }

  // ------------------------------------------------------------------------------------------
  // Expressions
  // ------------------------------------------------------------------------------------------

  expr(): Expr {
    if (++this.depth > MAX_DEPTH) this.fail('expression nested too deeply');
    const e = this.conditional();
    this.depth--;
    return e;
  }

  private conditional(): Expr {
    const cond = this.binary(0);
    this.skip();
    if (this.peek() === '?') {
      this.pos++;
      const t = this.expr();
      this.expect(':');
      const f = this.expr();
      return { k: 'cond', s: cond.s, cond, t, f };
    }
    return cond;
  }

  private binaryOp(): string | null {
    this.skip();
    for (const op of ['||', '&&', '==', '!=', '<=', '>=']) if (this.startsWith(op)) return op;
    const c = this.peek();
    if (c === '<' && this.peek(1) === '<') return null; // heredoc is not an operator
    if ('<>+-*/%'.includes(c) && c !== '') {
      if (c === '/' && (this.peek(1) === '/' || this.peek(1) === '*')) return null;
      return c;
    }
    return null;
  }

  private binary(minPrec: number): Expr {
    let left = this.unary();
    for (;;) {
      const save = this.pos;
      const op = this.binaryOp();
      if (!op) {
        this.pos = save;
        return left;
      }
      const prec = BINARY_PRECEDENCE[op]!;
      if (prec <= minPrec) {
        this.pos = save;
        return left;
      }
      this.pos += op.length;
      const right = this.binary(prec);
      left = { k: 'binary', s: left.s, op, l: left, r: right };
    }
  }

  private unary(): Expr {
    this.skip();
    const c = this.peek();
    if ((c === '!' && this.peek(1) !== '=') || c === '-') {
      const s = this.pos;
      this.pos++;
      const e = this.unary();
      if (c === '-' && e.k === 'lit' && typeof e.value === 'number') return { k: 'lit', s, value: -e.value };
      return { k: 'unary', s, op: c as '!' | '-', e };
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const save = this.pos;
      this.skip();
      const c = this.peek();
      if (c === '.' && this.peek(1) === '*') {
        this.pos += 2;
        e = { k: 'splat', s: e.s, obj: e, each: this.splatRest(e.s, true) };
      } else if (c === '[' && /^\[\s*\*\s*\]/.test(this.src.slice(this.pos, this.pos + 8))) {
        this.pos = this.src.indexOf(']', this.pos) + 1;
        e = { k: 'splat', s: e.s, obj: e, each: this.splatRest(e.s, false) };
      } else if (c === '.' && isIdStart(this.peek(1))) {
        this.pos++;
        e = { k: 'attr', s: e.s, obj: e, name: this.ident() };
      } else if (c === '.' && /[0-9]/.test(this.peek(1))) {
        this.pos++;
        const ns = this.pos;
        while (/[0-9]/.test(this.peek())) this.pos++;
        e = { k: 'index', s: e.s, obj: e, key: { k: 'lit', s: ns, value: Number(this.src.slice(ns, this.pos)) } };
      } else if (c === '[') {
        this.pos++;
        this.nl.push(true);
        const key = this.expr();
        this.expect(']');
        this.nl.pop();
        e = { k: 'index', s: e.s, obj: e, key };
      } else {
        this.pos = save;
        return e;
      }
    }
  }

  /** The traversal after a splat, applied to each element (`x[*].a.b` → each = anon.a.b). */
  private splatRest(s: number, attrOnly: boolean): Expr {
    let each: Expr = { k: 'anon', s };
    for (;;) {
      const save = this.pos;
      this.skip();
      if (this.peek() === '.' && isIdStart(this.peek(1))) {
        this.pos++;
        each = { k: 'attr', s, obj: each, name: this.ident() };
      } else if (!attrOnly && this.peek() === '[' && !/^\[\s*\*/.test(this.src.slice(this.pos, this.pos + 4))) {
        this.pos++;
        this.nl.push(true);
        const key = this.expr();
        this.expect(']');
        this.nl.pop();
        each = { k: 'index', s, obj: each, key };
      } else {
        this.pos = save;
        return each;
      }
    }
  }

  private primary(): Expr {
    this.skip();
    const s = this.pos;
    const c = this.peek();
    if (c === '') this.fail('expected an expression');
    if (c === '"') return this.quoted();
    if (c === '<' && this.peek(1) === '<') return this.heredoc();
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos, Math.min(this.end, this.pos + 64)))!;
      this.pos += m[0].length;
      return { k: 'lit', s, value: Number(m[0]) };
    }
    if (c === '(') {
      this.pos++;
      this.nl.push(true);
      const e = this.expr();
      this.expect(')');
      this.nl.pop();
      return e;
    }
    if (c === '[') return this.tuple();
    if (c === '{') return this.object();
    if (isIdStart(c)) {
      const name = this.ident();
      if (name === 'true' || name === 'false') return { k: 'lit', s, value: name === 'true' };
      if (name === 'null') return { k: 'lit', s, value: null };
      const save = this.pos;
      this.skip(false);
      if (this.peek() === '(') {
        this.pos++;
        return this.call(name, s);
      }
      // provider-namespaced functions: provider::aws::arn_parse(...)
      if (this.peek() === ':' && this.peek(1) === ':') {
        let full = name;
        while (this.peek() === ':' && this.peek(1) === ':') {
          this.pos += 2;
          full += '::' + this.ident();
        }
        this.expect('(');
        return this.call(full, s);
      }
      this.pos = save;
      return { k: 'var', s, name };
    }
    this.fail(`unexpected character "${c}"`);
  }

  private call(name: string, s: number): Expr {
    this.nl.push(true);
    const args: Expr[] = [];
    let expand = false;
    this.skip();
    while (this.peek() !== ')') {
      args.push(this.expr());
      this.skip();
      if (this.startsWith('...')) {
        this.pos += 3;
        expand = true;
        this.skip();
      }
      if (this.peek() === ',') {
        this.pos++;
        this.skip();
      } else if (this.peek() !== ')') this.fail('expected "," or ")" in the function call');
    }
    this.pos++;
    this.nl.pop();
    return { k: 'call', s, name, args, expand };
  }

  private tuple(): Expr {
    const s = this.pos;
    this.pos++;
    this.nl.push(true);
    this.skip();
    if (this.startsWith('for') && /\s/.test(this.peek(3))) {
      const f = this.forExpr(s, ']');
      this.nl.pop();
      return f;
    }
    const items: Expr[] = [];
    while (this.peek() !== ']') {
      items.push(this.expr());
      this.skip();
      if (this.peek() === ',') {
        this.pos++;
        this.skip();
      } else if (this.peek() !== ']') this.fail('expected "," or "]" in the list');
    }
    this.pos++;
    this.nl.pop();
    return { k: 'tuple', s, items };
  }

  private object(): Expr {
    const s = this.pos;
    this.pos++;
    this.nl.push(true);
    this.skip(true);
    if (this.startsWith('for') && /\s/.test(this.peek(3))) {
      const f = this.forExpr(s, '}');
      this.nl.pop();
      return f;
    }
    const items: ObjectItem[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === '}') {
        this.pos++;
        break;
      }
      const is = this.pos;
      let key: Expr;
      let bareKey: string | null = null;
      if (isIdStart(this.peek())) {
        const save = this.pos;
        const name = this.ident();
        this.skip(false);
        if (this.peek() === '=' || (this.peek() === ':' && this.peek(1) !== ':')) {
          bareKey = name;
          key = { k: 'lit', s: is, value: name };
        } else {
          this.pos = save;
          this.nl.push(false);
          key = this.expr();
          this.nl.pop();
        }
      } else {
        this.nl.push(false);
        key = this.expr();
        this.nl.pop();
      }
      this.skip(false);
      if (this.peek() !== '=' && this.peek() !== ':') this.fail('expected "=" or ":" after the object key');
      this.pos++;
      this.nl.push(false);
      const value = this.expr();
      this.nl.pop();
      items.push({ key, bareKey, value, s: is });
      this.skip(false);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '\n' && this.peek() !== '}') this.fail('expected a newline, "," or "}" after the object item');
    }
    this.nl.pop();
    return { k: 'object', s, items };
  }

  /** `[key,] value in collection` of a for expression or a `%{for}` directive (after `for`). */
  private forHead(where: string): { keyVar: string | null; valVar: string; coll: Expr } {
    let valVar = this.ident();
    let keyVar: string | null = null;
    this.skip();
    if (this.peek() === ',') {
      this.pos++;
      this.skip();
      keyVar = valVar;
      valVar = this.ident();
    }
    this.skip();
    if (!this.startsWith('in')) this.fail(`expected "in" in ${where}`);
    this.pos += 2;
    return { keyVar, valVar, coll: this.expr() };
  }

  private forExpr(s: number, closer: ']' | '}'): Expr {
    this.pos += 3;
    this.skip();
    const { keyVar, valVar, coll } = this.forHead('the for expression');
    this.expect(':');
    let keyExpr: Expr | null = null;
    let valExpr = this.expr();
    this.skip();
    if (closer === '}') {
      if (!this.startsWith('=>')) this.fail('expected "=>" in the object for expression');
      this.pos += 2;
      keyExpr = valExpr;
      valExpr = this.expr();
    }
    let group = false;
    this.skip();
    if (this.startsWith('...')) {
      group = true;
      this.pos += 3;
    }
    let cond: Expr | null = null;
    this.skip();
    if (this.startsWith('if') && !isIdChar(this.peek(2))) {
      this.pos += 2;
      cond = this.expr();
    }
    this.expect(closer);
    return { k: 'for', s, keyVar, valVar, coll, keyExpr, valExpr, cond, group };
  }

  // ------------------------------------------------------------------------------------------
  // Strings and templates
  // ------------------------------------------------------------------------------------------

  quoted(): Expr {
    const s = this.pos;
    this.pos++;
    const parts = this.template((p) => p.peek() === '"', true);
    this.pos++;
    return simplifyTemplate(s, parts);
  }

  private heredoc(): Expr {
    const s = this.pos;
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(this.src.slice(this.pos, this.pos + 200));
    if (!m) this.fail('invalid heredoc introduction');
    const flush = m[1] === '-';
    const marker = m[2]!;
    const contentStart = this.pos + m[0].length;
    // the closing marker is a line holding only the marker (indentation allowed)
    const re = new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`, 'm');
    const rest = this.src.slice(contentStart, this.end);
    const found = re.exec(rest);
    if (!found) this.fail(`heredoc "${marker}" is never closed`, s);
    const contentEnd = contentStart + found.index;
    const outerEnd = this.end;
    this.pos = contentStart;
    this.end = contentEnd;
    let parts: TemplatePart[];
    try {
      parts = this.template(() => false, false);
    } finally {
      this.end = outerEnd;
    }
    this.pos = contentStart + found.index + found[0].length;
    if (flush) parts = stripIndent(parts, this.src.slice(contentStart, contentEnd));
    return simplifyTemplate(s, parts);
  }

  /** Parses template parts until `stop` says so (the stop character is not consumed). */
  template(stop: (p: Parser) => boolean, quoted: boolean): TemplatePart[] {
    type Frame = { kind: 'root' | 'if' | 'else' | 'for'; parts: TemplatePart[]; node?: TemplatePart };
    const stack: Frame[] = [{ kind: 'root', parts: [] }];
    let text = '';
    const flush = () => {
      if (text) stack[stack.length - 1]!.parts.push({ k: 'text', text });
      text = '';
    };
    const stripTrailing = () => {
      text = text.replace(/[ \t\r\n]+$/, '');
      const parts = stack[stack.length - 1]!.parts;
      if (!text && parts.length && parts[parts.length - 1]!.k === 'text') {
        const last = parts[parts.length - 1] as { k: 'text'; text: string };
        last.text = last.text.replace(/[ \t\r\n]+$/, '');
      }
    };
    let stripNext = false;
    while (this.pos < this.end && !stop(this)) {
      const c = this.src[this.pos]!;
      if (stripNext) {
        if (/[ \t\r\n]/.test(c)) {
          this.pos++;
          continue;
        }
        stripNext = false;
      }
      if ((c === '$' || c === '%') && this.peek(1) === c && this.peek(2) === '{') {
        text += c + '{';
        this.pos += 3;
        continue;
      }
      if ((c === '$' || c === '%') && this.peek(1) === '{') {
        this.pos += 2;
        if (this.peek() === '~') {
          this.pos++;
          stripTrailing();
        }
        flush();
        this.nl.push(true);
        if (c === '$') {
          const e = this.expr();
          stack[stack.length - 1]!.parts.push({ k: 'interp', expr: e });
        } else {
          this.skip();
          const word = this.ident();
          this.skip();
          if (word === 'if') {
            const cond = this.expr();
            const node: TemplatePart = { k: 'if', cond, then: [], else: [] };
            stack[stack.length - 1]!.parts.push(node);
            stack.push({ kind: 'if', parts: node.then, node });
          } else if (word === 'else') {
            const top = stack.pop();
            if (!top || top.kind !== 'if') this.fail('%{else} without %{if}');
            const node = top.node as { k: 'if'; else: TemplatePart[] };
            stack.push({ kind: 'else', parts: node.else, node: top.node });
          } else if (word === 'endif') {
            const top = stack.pop();
            if (!top || (top.kind !== 'if' && top.kind !== 'else')) this.fail('%{endif} without %{if}');
          } else if (word === 'for') {
            const { keyVar, valVar, coll } = this.forHead('%{for}');
            const node: TemplatePart = { k: 'for', keyVar, valVar, coll, body: [] };
            stack[stack.length - 1]!.parts.push(node);
            stack.push({ kind: 'for', parts: node.body, node });
          } else if (word === 'endfor') {
            const top = stack.pop();
            if (!top || top.kind !== 'for') this.fail('%{endfor} without %{for}');
          } else this.fail(`unknown template directive %{${word}}`);
        }
        this.skip(true);
        if (this.peek() === '~') {
          this.pos++;
          stripNext = true;
        }
        if (this.peek() !== '}') this.fail('expected "}" to close the interpolation');
        this.pos++;
        this.nl.pop();
        continue;
      }
      if (quoted && c === '\\') {
        const n = this.peek(1);
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n in simple) {
          text += simple[n];
          this.pos += 2;
          continue;
        }
        if (n === 'u' || n === 'U') {
          const len = n === 'u' ? 4 : 8;
          const hex = this.src.slice(this.pos + 2, this.pos + 2 + len);
          if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === len) {
            text += String.fromCodePoint(parseInt(hex, 16));
            this.pos += 2 + len;
            continue;
          }
        }
        this.fail('invalid escape sequence in the string');
      }
      if (quoted && c === '\n') this.fail('unterminated string');
      text += c;
      this.pos++;
    }
    if (quoted && this.pos >= this.end) this.fail('unterminated string');
    flush();
    if (stack.length !== 1) this.fail('template directive never closed');
    return stack[0]!.parts;
  }
}

function simplifyTemplate(s: number, parts: TemplatePart[]): Expr {
  if (parts.length === 0) return { k: 'lit', s, value: '' };
  if (parts.length === 1 && parts[0]!.k === 'text') return { k: 'lit', s, value: parts[0]!.text };
  return { k: 'tpl', s, parts };
}

function stripIndent(parts: TemplatePart[], raw: string): TemplatePart[] {
  const lines = raw.split('\n').filter((l) => l.trim() !== '');
  const indent = Math.min(...lines.map((l) => /^[ \t]*/.exec(l)![0].length));
  if (!Number.isFinite(indent) || indent === 0) return parts;
  const re = new RegExp(`(^|\\n)[ \\t]{0,${indent}}`, 'g');
  let atLineStart = true;
  return parts.map((p) => {
    if (p.k !== 'text') {
      atLineStart = false;
      return p;
    }
    let text = p.text.replace(/\n[ \t]*/g, (m) => '\n' + m.slice(1).slice(Math.min(indent, m.length - 1)));
    if (atLineStart) text = text.replace(/^[ \t]*/, (m) => m.slice(Math.min(indent, m.length)));
    void re;
    atLineStart = text.endsWith('\n');
    return { k: 'text', text };
  });
}

/** Parses a whole file body. Throws HclSyntaxError with an offset. */
export function parseBody(text: string): Body {
  const p = new Parser(text);
  return p.body(null);
}

/** Parses a single expression (a `-var` value, say). */
export function parseExpression(text: string): Expr {
  const p = new Parser(text);
  const e = p.expr();
  p.skip(true);
  if (p.pos < text.length) throw new HclSyntaxError('unexpected text after the expression', p.pos);
  return e;
}

/**
 * Parses `text[start, end)` as a template taken as written (no escape sequences), with offsets in
 * `text`: a JSON string of a `.tf.json` file that holds no backslash.
 */
export function parseTemplateRange(text: string, start: number, end: number): Expr {
  const p = new Parser(text, end);
  p.pos = start;
  return simplifyTemplate(start, p.template(() => false, false));
}

/** Parses a template file (templatefile()): the whole text is a template. */
export function parseTemplate(text: string): Expr {
  const p = new Parser(text);
  return simplifyTemplate(0, p.template(() => false, false));
}
