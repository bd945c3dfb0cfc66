/**
 * Java → handler IR, through web-tree-sitter and tree-sitter-java. Classes become IR classes whose
 * `constructor` runs the field initialisers, static fields and initialisers become module-level
 * statements, unqualified fields and methods are qualified (`ddb` → `this.ddb`, `helper()` →
 * `App.helper()`), and the idioms of the AWS SDK are lowered to plain data: a request builder
 * (`PutItemRequest.builder().tableName(t).build()`, a consumer-builder lambda `b -> b.bucket(x)`,
 * SDK v1 `new PutItemRequest().withTableName(t)`) is an object literal with the request's fields;
 * a client builder is `new XxxClient()`. `StringBuilder.append` and `String.format` become string
 * concatenation so that SQL built in pieces keeps its text.
 *
 * Exports: every class by name, and `Class::method` for each method (an instance made with the
 * no-argument constructor, as Lambda does), `Class::method()` for a method's result (Spring Cloud
 * Function beans).
 *
 * Declarations and statements are lowered by `java-decls.ts`; this file lowers expressions.
 */
import type { SNode as Node } from './snode.js';
import type { Expr, IrFunction, IrModule, Param, Pattern, Pos, Prop, Stmt } from '../../model/code-ir.js';
import { lowerTree, named, ZERO, type LiteralKind, type LowerOptions } from './tree.js';
import { JavaDeclarations, stringText } from './java-decls.js';

/** Numbers keep their own case: Java's suffixes (`10L`, `1.5f`) are dropped too. */
const LITERALS: ReadonlyMap<string, LiteralKind> = new Map([
  ['true', 'true'],
  ['false', 'false'],
  ['null_literal', 'null'],
]);

/** Requires `loadGrammar('java')` to have resolved. */
export function lowerJava(file: string, text: string, options: LowerOptions = {}): IrModule {
  return lowerTree('java', file, text, options, (f, lines) => new JavaLowering(f, lines));
}

class JavaLowering extends JavaDeclarations {

  override expr(n: Node | null): Expr {
    if (!n) return { k: 'unknown', pos: ZERO };
    const lit = this.simpleLiteral(n, LITERALS);
    if (lit) return lit;
    const pos = this.pos(n);
    switch (n.type) {
      case 'identifier':
        return this.identifier(n.text, pos);
      case 'this':
        return { k: 'name', name: 'this', pos };
      case 'string_literal': {
        const s = stringText(n);
        if (s !== null && s.length >= 16 && !this.strings.some((x) => x.pos.line === pos.line && x.pos.column === pos.column)) this.strings.push({ value: s, name: null, pos });
        return { k: 'lit', value: s ?? '', pos };
      }
      case 'character_literal':
        return { k: 'lit', value: n.text.slice(1, -1), pos };
      case 'decimal_integer_literal':
      case 'hex_integer_literal':
      case 'octal_integer_literal':
      case 'binary_integer_literal':
      case 'decimal_floating_point_literal':
      case 'hex_floating_point_literal':
        return { k: 'lit', value: Number(n.text.replace(/[_lLfFdD]/g, '')) || 0, pos };
      case 'class_literal':
        return { k: 'unknown', pos };
      case 'parenthesized_expression':
        return this.expr(named(n)[0] ?? null);
      case 'cast_expression':
        return this.expr(n.childForFieldName('value'));
      case 'field_access': {
        const obj = n.childForFieldName('object');
        const field = n.childForFieldName('field')?.text ?? null;
        // `App.TABLE` (a static field of a class of this file) is the module-level variable
        if (obj?.type === 'identifier' && field && this.classes.get(obj.text)?.staticFields.has(field) && !this.isLocal(obj.text)) return { k: 'name', name: field, pos };
        return { k: 'member', object: this.expr(obj), prop: field, pos };
      }
      case 'array_access': {
        const index = n.childForFieldName('index');
        const object = this.expr(n.childForFieldName('array'));
        if (index?.type === 'decimal_integer_literal') return { k: 'member', object, prop: index.text, pos };
        return { k: 'member', object, prop: null, index: this.expr(index), pos };
      }
      case 'method_invocation':
        return this.call(n);
      case 'object_creation_expression':
        return this.creation(n);
      case 'array_creation_expression': {
        const v = n.childForFieldName('value');
        return v ? this.expr(v) : { k: 'arr', items: [], pos };
      }
      case 'array_initializer':
        return { k: 'arr', items: named(n).map((c) => this.expr(c)), pos };
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text ?? '+';
        return { k: 'bin', op: op === '==' ? '===' : op === '!=' ? '!==' : op, left: this.expr(n.childForFieldName('left')), right: this.expr(n.childForFieldName('right')), pos };
      }
      case 'unary_expression':
        return { k: 'unary', op: n.childForFieldName('operator')?.text ?? '-', arg: this.expr(n.childForFieldName('operand')), pos };
      case 'update_expression':
        return { k: 'unary', op: '++', arg: this.expr(named(n)[0] ?? null), pos };
      case 'instanceof_expression':
        return { k: 'bin', op: 'instanceof', left: this.expr(n.childForFieldName('left')), right: { k: 'unknown', pos }, pos };
      case 'ternary_expression':
        return { k: 'cond', test: this.expr(n.childForFieldName('condition')), then: this.expr(n.childForFieldName('consequence')), else: this.expr(n.childForFieldName('alternative')), pos };
      case 'assignment_expression': {
        const left = n.childForFieldName('left');
        const op = n.childForFieldName('operator')?.text ?? '=';
        const l = this.expr(left);
        if (left && op === '=') this.noteString(left.type === 'identifier' ? left.text : left.childForFieldName('field')?.text ?? null, n.childForFieldName('right'));
        return { k: 'assign', target: l.k === 'name' ? { k: 'pname', name: l.name, pos: l.pos } : { k: 'pexpr', expr: l, pos: l.pos }, value: this.expr(n.childForFieldName('right')), op, pos };
      }
      case 'lambda_expression':
        return { k: 'fn', fn: this.lambda(n), pos };
      case 'method_reference': {
        const parts = named(n);
        const obj = parts[0];
        const name = parts[parts.length - 1];
        if (!obj || !name || name.startIndex === obj.startIndex) return { k: 'unknown', pos };
        return { k: 'member', object: this.expr(obj), prop: name.text, pos };
      }
      case 'switch_expression': {
        let value: Expr = { k: 'unknown', pos };
        const rules = named(n.childForFieldName('body'));
        for (let i = rules.length - 1; i >= 0; i--) {
          const r = rules[i]!;
          const e = named(r).filter((c) => c.type !== 'switch_label').pop();
          const v = e ? (e.type === 'expression_statement' ? this.expr(named(e)[0] ?? null) : e.type === 'block' || e.type === 'throw_statement' ? ({ k: 'unknown', pos } as Expr) : this.expr(e)) : ({ k: 'unknown', pos } as Expr);
          value = i === rules.length - 1 ? v : { k: 'cond', test: { k: 'unknown', pos }, then: v, else: value, pos };
        }
        return { k: 'seq', items: [this.expr(n.childForFieldName('condition')), value], pos };
      }
      default:
        return { k: 'unknown', pos };
    }
  }

  private identifier(name: string, pos: Pos): Expr {
    if (this.isLocal(name)) return { k: 'name', name, pos };
    if (this.cls?.fields.has(name) && !this.staticCtx) return this.thisMember(name, pos);
    return { k: 'name', name, pos };
  }

  private lambda(n: Node): IrFunction {
    this.locals.push(new Set());
    const ps = n.childForFieldName('parameters');
    let params: Param[] = [];
    if (ps?.type === 'identifier') {
      this.declare(ps.text);
      params = [{ pattern: { k: 'pname', name: ps.text, pos: this.pos(ps) } }];
    } else if (ps?.type === 'inferred_parameters') {
      params = named(ps).map((p) => {
        this.declare(p.text);
        return { pattern: { k: 'pname', name: p.text, pos: this.pos(p) } as Pattern };
      });
    } else params = this.params(ps);
    const b = n.childForFieldName('body');
    const body: Stmt[] = b?.type === 'block' ? this.block(b) : b ? [{ k: 'return', arg: this.expr(b), pos: this.pos(b) }] : [];
    this.locals.pop();
    return { name: null, params, body, pos: this.pos(n) };
  }

  private args(n: Node): Expr[] {
    return named(n.childForFieldName('arguments')).map((a) => this.argExpr(a));
  }

  /** A consumer-builder lambda (`b -> b.bucket(x).key(k)`) passed as an argument is the request it builds. */
  private argExpr(a: Node): Expr {
    if (a.type === 'lambda_expression') {
      const ps = a.childForFieldName('parameters');
      const b = a.childForFieldName('body');
      if (ps?.type === 'identifier' && b?.type === 'method_invocation') {
        const chain = this.chain(b);
        if (chain && chain.root.type === 'identifier' && chain.root.text === ps.text && chain.calls.length > 0 && chain.calls.every((c) => c.args.length === 1)) {
          return this.builderObject(chain.calls, this.pos(a));
        }
      }
    }
    return this.expr(a);
  }

  /** `a.b(x).c(y)` → root `a` and the calls in order. */
  private chain(n: Node): { root: Node; calls: { name: string; args: Node[]; node: Node }[] } | null {
    const calls: { name: string; args: Node[]; node: Node }[] = [];
    let cur: Node | null = n;
    while (cur && cur.type === 'method_invocation') {
      const name = cur.childForFieldName('name')?.text;
      const obj = cur.childForFieldName('object');
      if (!name || !obj) return null;
      calls.unshift({ name, args: named(cur.childForFieldName('arguments')), node: cur });
      cur = obj;
    }
    if (!cur) return null;
    return { root: cur, calls };
  }

  private builderObject(calls: { name: string; args: Node[]; node: Node }[], pos: Pos): Expr {
    const props: Prop[] = [];
    for (const c of calls) {
      if (c.args.length !== 1) continue;
      const key = setterKey(c.name);
      this.noteString(key, c.args[0]!);
      props.push({ key, value: this.argExpr(c.args[0]!), pos: this.pos(c.node) });
    }
    return { k: 'obj', props, pos };
  }

  private call(n: Node): Expr {
    const pos = this.pos(n);
    const name = n.childForFieldName('name')?.text ?? '';
    const obj = n.childForFieldName('object');
    // request builders: X.builder().a(..).b(..).build() → { A: .., B: .. }; a client builder → new XClient()
    if (name === 'build' || name === 'buildClient') {
      const chain = this.chain(n);
      const i = chain ? chain.calls.findIndex((c) => c.name === 'builder' || c.name === 'standard' || c.name === 'newBuilder') : -1;
      if (chain && i === 0 && (chain.root.type === 'identifier' || chain.root.type === 'scoped_identifier' || chain.root.type === 'field_access')) {
        const cls = chain.root.text.split('.').pop() ?? '';
        if (/Client(Builder)?$/.test(cls) || /^Amazon|^AWS/.test(cls)) return { k: 'new', callee: this.expr(chain.root), args: [], pos };
        if (cls !== 'HttpRequest' && cls !== 'HttpClient') return this.builderObject(chain.calls.slice(1, -1), pos);
      }
    }
    // SDK v1: AmazonS3ClientBuilder.defaultClient()
    if ((name === 'defaultClient' || name === 'standard') && obj?.type === 'identifier' && /ClientBuilder$/.test(obj.text)) return { k: 'new', callee: this.expr(obj), args: [], pos };
    // SDK v1 requests: new X().withA(a).withB(b)
    if (/^with[A-Z]/.test(name)) {
      const chain = this.chain(n);
      if (chain && chain.root.type === 'object_creation_expression' && named(chain.root.childForFieldName('arguments')).length === 0 && chain.calls.every((c) => /^with[A-Z]/.test(c.name) && c.args.length === 1)) {
        return this.builderObject(chain.calls.map((c) => ({ ...c, name: c.name.slice(4) })), pos);
      }
    }
    // String.format("…%s…", x) / "…%s…".formatted(x) keep their text
    if (name === 'format' && obj?.text === 'String') {
      const args = named(n.childForFieldName('arguments'));
      if (args[0]?.type === 'string_literal') return this.format(args[0], args.slice(1), pos);
    }
    if (name === 'formatted' && obj?.type === 'string_literal') return this.format(obj, named(n.childForFieldName('arguments')), pos);
    if (name === 'append' && obj) {
      const arg = named(n.childForFieldName('arguments'))[0];
      if (arg) return { k: 'bin', op: '+', left: this.expr(obj), right: this.expr(arg), pos };
    }
    if (name === 'toString' && obj && named(n.childForFieldName('arguments')).length === 0) return this.expr(obj);
    // Map.of("Content-Type", "text/html", …) is an object with those keys
    if (name === 'of' && (obj?.text === 'Map' || obj?.text === 'ImmutableMap')) {
      const kv = named(n.childForFieldName('arguments'));
      if (kv.length % 2 === 0 && kv.every((x, i) => i % 2 === 1 || x.type === 'string_literal')) {
        const props: Prop[] = [];
        for (let i = 0; i < kv.length; i += 2) {
          const key = stringText(kv[i]!) ?? '';
          this.noteString(key, kv[i + 1]!);
          props.push({ key, value: this.expr(kv[i + 1]!), pos: this.pos(kv[i + 1]!) });
        }
        return { k: 'obj', props, pos };
      }
    }
    const args = this.args(n);
    if (!obj) {
      // an unqualified call of a method of this class
      const info = this.cls;
      if (info && !this.isLocal(name)) {
        if (info.methods.has(name) && !this.staticCtx) return { k: 'call', callee: this.thisMember(name, pos), args, kwargs: [], pos };
        if (info.staticMethods.has(name) || info.methods.has(name)) return { k: 'call', callee: { k: 'member', object: { k: 'name', name: info.name, pos }, prop: name, pos }, args, kwargs: [], pos };
      }
      return { k: 'call', callee: { k: 'name', name, pos }, args, kwargs: [], pos };
    }
    if (obj.type === 'super') return { k: 'call', callee: this.thisMember(name, pos), args, kwargs: [], pos };
    return { k: 'call', callee: { k: 'member', object: this.expr(obj), prop: name, pos: this.pos(n.childForFieldName('name') ?? n) }, args, kwargs: [], pos };
  }

  private format(fmt: Node, args: Node[], pos: Pos): Expr {
    const text = stringText(fmt) ?? '';
    const parts: Expr[] = [];
    let i = 0;
    let last = 0;
    const re = /%[-#+ 0,(]*\d*(?:\.\d+)?[a-zA-Z%]/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      parts.push({ k: 'lit', value: text.slice(last, m.index), pos });
      if (m[0] === '%%') parts.push({ k: 'lit', value: '%', pos });
      else if (m[0].endsWith('n')) parts.push({ k: 'lit', value: '\n', pos });
      else parts.push(args[i] ? this.expr(args[i++]!) : { k: 'unknown', pos });
      last = m.index + m[0].length;
    }
    parts.push({ k: 'lit', value: text.slice(last), pos });
    return { k: 'tmpl', parts, pos };
  }

  private creation(n: Node): Expr {
    const pos = this.pos(n);
    const typeNode = n.childForFieldName('type');
    const tname = typeNode?.type === 'generic_type' ? named(typeNode)[0]?.text ?? '' : typeNode?.text ?? '';
    const args = this.args(n);
    // new StringBuilder(x) is the string x
    if (tname === 'StringBuilder' || tname === 'StringBuffer') return args[0] && args[0].k !== 'lit' ? args[0] : args[0] ?? { k: 'lit', value: '', pos };
    if (tname === 'String' && args.length === 1) return args[0]!;
    const simple = tname.split('.').pop() ?? tname;
    const callee: Expr = tname.includes('.') ? this.dotted(tname, pos) : { k: 'name', name: simple, pos };
    return { k: 'new', callee, args, pos };
  }

  private dotted(text: string, pos: Pos): Expr {
    const parts = text.split('.');
    let e: Expr = { k: 'name', name: parts[0]!, pos };
    for (const p of parts.slice(1)) e = { k: 'member', object: e, prop: p, pos };
    return e;
  }
}

/** `tableName` → `TableName`, `s` → `S`. */
function setterKey(method: string): string {
  return method[0] ? method[0].toUpperCase() + method.slice(1) : method;
}
