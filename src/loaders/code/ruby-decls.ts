/**
 * Ruby → handler IR, the declarations half (see `ruby.ts`): the program, statements, classes and
 * modules, methods and their parameters, blocks, `case`/`in` patterns and `$LOAD_PATH` requires.
 * Expressions and calls are lowered by `ruby.ts`.
 */
import type { SNode as Node } from './snode.js';
import type { Expr, IrClass, IrFunction, Param, Pattern, Pos, Stmt } from '../../model/code-ir.js';
import { named, TreeLowering, unescapeSimple, ZERO } from './tree.js';

/** Calls that are declarations or visibility changes, not data flow. */
const DECLARATIONS = new Set(['private', 'public', 'protected', 'attr_reader', 'attr_writer', 'attr_accessor', 'include', 'extend', 'prepend', 'private_constant', 'module_function', 'require', 'require_relative', 'load', 'autoload', 'private_class_method', 'public_class_method']);

interface ClassCtx {
  full: string;
  /** Names of the methods of the class (instance and singleton). */
  methods: Set<string>;
  /** A module: its methods are called on the module (module_function, extend self). */
  isModule: boolean;
}

export abstract class RubyDeclarations extends TreeLowering {
  protected cls: ClassCtx | null = null;
  /** Inside a singleton method (`self` is the class). */
  protected singleton = false;
  /** Heredoc body of each `<<~X` opener, by the opener's start offset. */
  protected heredocs = new Map<number, Node>();
  private exported = new Set<string>();

  override program(root: Node): Stmt[] {
    const openers = root.descendantsOfType('heredoc_beginning');
    if (openers.length) {
      const bodies = root.descendantsOfType('heredoc_body');
      openers.forEach((o, i) => {
        const b = bodies[i];
        if (o && b) this.heredocs.set(o.startIndex, b);
      });
    }
    this.locals = [new Set()];
    const out: Stmt[] = [];
    this.stmts(root, out, true);
    return out;
  }

  private export(name: string, value: Expr, pos: Pos): void {
    if (this.exported.has(name)) return;
    this.exported.add(name);
    this.exports.push({ name, value, pos });
  }

  // ----- statements ---------------------------------------------------------------------------

  private stmts(n: Node | null, out: Stmt[], top = false): void {
    if (!n) return;
    for (const c of named(n)) this.isolated(c, out, (x, o) => this.stmt(x, o, top));
  }

  private block(n: Node | null): Stmt[] {
    const out: Stmt[] = [];
    this.stmts(n, out);
    return out;
  }

  private stmt(n: Node, out: Stmt[], top = false): void {
    const pos = this.pos(n);
    switch (n.type) {
      case 'method':
      case 'singleton_method': {
        const name = n.childForFieldName('name')?.text ?? '<method>';
        out.push({ k: 'func', name, fn: this.method(n, n.type === 'singleton_method'), pos });
        if (top) this.export(name, { k: 'name', name, pos }, pos);
        return;
      }
      case 'class':
      case 'module':
        this.classDecl(n, out, this.cls?.full ?? '');
        return;
      case 'heredoc_body':
      case 'empty_statement':
      case 'comment':
        return;
      case 'assignment':
        this.assignment(n, out, pos, top);
        return;
      case 'if':
      case 'unless':
      case 'elsif': {
        const test = this.expr(n.childForFieldName('condition'));
        const then = this.block(n.childForFieldName('consequence'));
        const alt = n.childForFieldName('alternative');
        const other = alt ? (alt.type === 'else' ? this.block(alt) : this.stmtList(alt)) : [];
        out.push(n.type === 'unless' ? { k: 'if', test: { k: 'unary', op: '!', arg: test, pos }, then, else: other, pos } : { k: 'if', test, then, else: other, pos });
        return;
      }
      case 'if_modifier':
      case 'unless_modifier': {
        const test = this.expr(n.childForFieldName('condition'));
        const body = this.stmtList(n.childForFieldName('body'));
        out.push({ k: 'if', test: n.type === 'unless_modifier' ? { k: 'unary', op: '!', arg: test, pos } : test, then: body, else: [], pos });
        return;
      }
      case 'while':
      case 'until':
      case 'while_modifier':
      case 'until_modifier':
        out.push({ k: 'loop', each: null, test: this.expr(n.childForFieldName('condition')), body: n.type.endsWith('modifier') ? this.stmtList(n.childForFieldName('body')) : this.block(n.childForFieldName('body')), pos });
        return;
      case 'for': {
        const target = this.pattern(n.childForFieldName('pattern'));
        const iter = this.expr(n.childForFieldName('value')?.namedChildren[0] ?? n.childForFieldName('value'));
        out.push({ k: 'loop', each: { target, iter }, test: null, body: this.block(n.childForFieldName('body')), pos });
        return;
      }
      case 'case':
      case 'case_match': {
        const value = n.childForFieldName('value');
        const subject = this.caseSubject(n, value);
        if (subject) out.push({ k: 'expr', expr: subject.assign, pos: this.pos(value!) });
        for (const c of named(n)) {
          if (c.type === 'when' || c.type === 'in_clause') {
            const then = c.type === 'in_clause' && subject ? this.patternBindings(c.childForFieldName('pattern'), subject.name).map((e): Stmt => ({ k: 'expr', expr: e, pos: e.pos })) : [];
            then.push(...this.block(c.childForFieldName('body')));
            out.push({ k: 'if', test: { k: 'unknown', pos: this.pos(c) }, then, else: [], pos: this.pos(c) });
          } else if (c.type === 'else') out.push({ k: 'if', test: { k: 'unknown', pos: this.pos(c) }, then: this.block(c), else: [], pos: this.pos(c) });
        }
        return;
      }
      case 'begin':
        out.push(this.tryStmt(n, pos));
        return;
      case 'return': {
        const a = this.argValue(n);
        out.push({ k: 'return', arg: a, pos });
        return;
      }
      case 'break':
      case 'next':
      case 'redo':
      case 'retry':
        out.push({ k: 'jump', pos });
        return;
      case 'rescue_modifier': {
        const body = this.stmtList(n.childForFieldName('body'));
        out.push({ k: 'try', body, handler: { param: null, body: this.stmtList(n.childForFieldName('handler')) }, finalizer: [], pos });
        return;
      }
      case 'parenthesized_statements':
        out.push({ k: 'block', body: this.block(n), pos });
        return;
      case 'singleton_class':
        // `class << self` at top level: its methods are methods of main
        this.stmts(n.childForFieldName('body'), out, top);
        return;
      case 'binary':
        if (n.childForFieldName('operator')?.type === '<<' && isLoadPath(n.childForFieldName('left'))) {
          this.addLoadPath(n.childForFieldName('right'));
          return;
        }
        // `s << a << b` on a local appends to it
        if (n.childForFieldName('operator')?.type === '<<') {
          const parts: (Node | null)[] = [];
          let left: Node | null = n;
          while (left?.type === 'binary' && left.childForFieldName('operator')?.type === '<<') {
            parts.unshift(left.childForFieldName('right'));
            left = left.childForFieldName('left');
          }
          if (left?.type === 'identifier' && this.isLocal(left.text)) {
            const value: Expr = parts.length === 1 ? this.expr(parts[0]!) : { k: 'tmpl', parts: parts.map((p) => this.expr(p)), pos };
            out.push({ k: 'expr', expr: { k: 'assign', target: { k: 'pname', name: left.text, pos: this.pos(left) }, value, op: '+=', pos }, pos });
            return;
          }
        }
        out.push({ k: 'expr', expr: this.expr(n), pos });
        return;
      case 'call': {
        if (!n.childForFieldName('receiver') && this.requireCall(n)) return;
        if (isLoadPath(n.childForFieldName('receiver')) && LOAD_PATH_ADD.has(n.childForFieldName('method')?.text ?? '')) {
          for (const a of named(n.childForFieldName('arguments'))) this.addLoadPath(a);
          return;
        }
        const method = n.childForFieldName('method')?.text;
        if (!n.childForFieldName('receiver') && method && DECLARATIONS.has(method)) return;
        out.push({ k: 'expr', expr: this.expr(n), pos });
        return;
      }
      case 'identifier':
        if (DECLARATIONS.has(n.text)) return;
        out.push({ k: 'expr', expr: this.expr(n), pos });
        return;
      default:
        out.push({ k: 'expr', expr: this.expr(n), pos });
    }
  }

  /** One statement or a statement list (modifier bodies, elsif chains). */
  private stmtList(n: Node | null): Stmt[] {
    const out: Stmt[] = [];
    if (!n) return out;
    if (n.type === 'body_statement' || n.type === 'then' || n.type === 'else' || n.type === 'block_body') this.stmts(n, out);
    else this.isolated(n, out, (x, o) => this.stmt(x, o));
    return out;
  }

  /** A folder added to `$LOAD_PATH`, when it can be told from the code (else nothing: requires fall back to the code folder). */
  private addLoadPath(n: Node | null): void {
    const p = n ? loadPathOf(n) : null;
    if (p !== null && !this.loadPath.includes(p)) this.loadPath.push(p);
  }

  /** `require_relative 'x'` and `require 'x'` with a literal: an import (the loader resolves local ones). */
  protected requireCall(n: Node): boolean {
    const method = n.childForFieldName('method')?.text;
    if (method !== 'require' && method !== 'require_relative' && method !== 'load') return false;
    const arg = named(n.childForFieldName('arguments'))[0];
    const path = arg ? stringText(arg) : null;
    if (path === null) return false;
    const source = method === 'require_relative' ? (path.startsWith('.') ? path : `./${path}`) : path;
    this.imports.push({ local: null, source, imported: '*', resolved: null, pos: this.pos(n) });
    return true;
  }

  private tryStmt(n: Node, pos: Pos): Stmt {
    const body: Stmt[] = [];
    const handler: Stmt[] = [];
    let param: Pattern | null = null;
    let finalizer: Stmt[] = [];
    for (const c of named(n)) {
      if (c.type === 'rescue') {
        const v = c.childForFieldName('variable');
        const id = v ? named(v)[0] : undefined;
        if (id && !param) {
          this.declare(id.text);
          param = { k: 'pname', name: id.text, pos: this.pos(id) };
        }
        handler.push(...this.block(c.childForFieldName('body')));
      } else if (c.type === 'else') body.push(...this.block(c));
      else if (c.type === 'ensure') finalizer = this.block(c);
      else this.isolated(c, body, (x, o) => this.stmt(x, o));
    }
    return { k: 'try', body, handler: handler.length || param ? { param, body: handler } : null, finalizer, pos };
  }

  protected assignment(n: Node, out: Stmt[], pos: Pos, top: boolean): void {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) return;
    const value = right.type === 'right_assignment_list' ? ({ k: 'arr', items: named(right).map((c) => this.element(c)), pos: this.pos(right) } as Expr) : this.expr(right);
    if (left.type === 'identifier' || left.type === 'constant') {
      this.noteString(left.text, right);
      if (left.type === 'identifier') this.declare(left.text);
      out.push({ k: 'var', target: { k: 'pname', name: left.text, pos: this.pos(left) }, init: value, pos });
      if (left.type === 'constant') {
        const full = this.cls ? `${this.cls.full}::${left.text}` : left.text;
        if (full !== left.text) out.push({ k: 'var', target: { k: 'pname', name: full, pos: this.pos(left) }, init: { k: 'name', name: left.text, pos }, pos });
        if (top || this.cls) this.export(full, { k: 'name', name: full, pos }, pos);
      }
      return;
    }
    if (left.type === 'instance_variable' || left.type === 'class_variable') this.noteString(left.text.replace(/^@+/, ''), right);
    out.push({ k: 'expr', expr: { k: 'assign', target: this.pattern(left), value, op: '=', pos }, pos });
  }

  protected noteString(name: string | null, value: Node | null): void {
    if (!value || (value.type !== 'string' && value.type !== 'heredoc_beginning')) return;
    const s = value.type === 'string' ? stringText(value) : null;
    if (s !== null) this.strings.push({ value: s, name, pos: this.pos(value) });
  }

  // ----- classes and methods ------------------------------------------------------------------

  private classDecl(n: Node, out: Stmt[], prefix: string): void {
    const pos = this.pos(n);
    const nameNode = n.childForFieldName('name');
    const simple = nameNode ? constPath(nameNode) : '<class>';
    const full = prefix && nameNode?.type !== 'scope_resolution' ? `${prefix}::${simple}` : simple;
    const bodyNode = n.childForFieldName('body');
    const members = bodyNode ? named(bodyNode) : [];
    const ctx: ClassCtx = { full, methods: new Set(), isModule: n.type === 'module' };
    const readers: [string, Node][] = [];
    for (const m of members) {
      if (m.type === 'call' && !m.childForFieldName('receiver') && /^attr_(reader|accessor)$/.test(m.childForFieldName('method')?.text ?? '')) {
        for (const a of named(m.childForFieldName('arguments'))) {
          const r = keyText(a);
          if (r) {
            ctx.methods.add(r);
            readers.push([r, a]);
          }
        }
      }
      if (m.type === 'method' || m.type === 'singleton_method') ctx.methods.add(m.childForFieldName('name')?.text ?? '');
      else if (m.type === 'singleton_class') for (const x of named(m.childForFieldName('body'))) if (x.type === 'method') ctx.methods.add(x.childForFieldName('name')?.text ?? '');
    }
    const saved = this.cls;
    const savedLocals = this.locals;
    this.cls = ctx;
    this.locals = [new Set()];
    const methods: IrClass['methods'] = [];
    const addMethod = (m: Node, isStatic: boolean) => {
      const mname = m.childForFieldName('name')?.text ?? '<method>';
      const fn = this.method(m, isStatic);
      methods.push({ name: mname === 'initialize' ? 'constructor' : mname, fn, isStatic });
      if (isStatic || ctx.isModule) this.export(`${full}.${mname}`, { k: 'member', object: { k: 'name', name: full, pos }, prop: mname, pos }, fn.pos);
    };
    // `attr_reader :client`: a method that returns `@client`
    for (const [r, a] of readers) {
      const rpos = this.pos(a);
      methods.push({ name: r, fn: { name: r, params: [], body: [{ k: 'return', arg: this.thisMember(`@${r}`, rpos), pos: rpos }], pos: rpos }, isStatic: false });
    }
    const body: Stmt[] = [];
    for (const m of members) {
      if (m.type === 'method') addMethod(m, ctx.isModule);
      else if (m.type === 'singleton_method') addMethod(m, true);
      else if (m.type === 'singleton_class') {
        for (const x of named(m.childForFieldName('body'))) if (x.type === 'method') addMethod(x, true);
      } else if (m.type === 'class' || m.type === 'module') this.classDecl(m, body, full);
      else this.isolated(m, body, (x, o) => this.stmt(x, o));
    }
    this.cls = saved;
    this.locals = savedLocals;
    out.push({ k: 'class', name: full, cls: { name: full, methods, pos }, pos });
    const last = full.split('::').pop()!;
    if (last !== full) out.push({ k: 'var', target: { k: 'pname', name: last, pos }, init: { k: 'name', name: full, pos }, pos });
    out.push(...body);
    this.export(full, { k: 'name', name: full, pos }, pos);
  }

  private method(n: Node, isStatic: boolean): IrFunction {
    const savedLocals = this.locals;
    const savedSingleton = this.singleton;
    this.singleton = isStatic;
    this.locals = [new Set()];
    const params = this.params(n.childForFieldName('parameters'));
    const bodyNode = n.childForFieldName('body');
    const body = bodyNode ? this.bodyStmts(bodyNode) : [];
    implicitReturn(body);
    this.locals = savedLocals;
    this.singleton = savedSingleton;
    return { name: n.childForFieldName('name')?.text ?? null, params, body, pos: this.pos(n) };
  }

  /** A method or block body: `rescue`/`ensure` directly in it make it a `begin`. */
  private bodyStmts(n: Node): Stmt[] {
    if (n.type === 'body_statement' && named(n).some((c) => c.type === 'rescue' || c.type === 'ensure')) return [this.tryStmt(n, this.pos(n))];
    return this.block(n);
  }

  protected params(n: Node | null): Param[] {
    const out: Param[] = [];
    for (const p of named(n)) {
      const nameNode = p.type === 'identifier' ? p : p.childForFieldName('name');
      const name = nameNode?.text ?? null;
      if (name) this.declare(name);
      const pname: Pattern = { k: 'pname', name: name ?? '_', pos: this.pos(nameNode ?? p) };
      switch (p.type) {
        case 'identifier':
        case 'block_parameter':
          out.push({ pattern: pname });
          break;
        case 'optional_parameter': {
          const value = p.childForFieldName('value');
          out.push({ pattern: value ? { k: 'pdefault', target: pname, value: this.expr(value), pos: this.pos(p) } : pname });
          break;
        }
        case 'keyword_parameter': {
          const value = p.childForFieldName('value');
          out.push({ pattern: value ? { k: 'pdefault', target: pname, value: this.expr(value), pos: this.pos(p) } : pname, keyword: true });
          break;
        }
        case 'splat_parameter':
          out.push({ pattern: pname, rest: true });
          break;
        case 'hash_splat_parameter':
          out.push({ pattern: pname, rest: true, keyword: true });
          break;
        case 'destructured_parameter':
          out.push({ pattern: { k: 'parr', items: named(p).map((c) => this.paramPattern(c)), rest: null, pos: this.pos(p) } });
          break;
        default:
          break;
      }
    }
    return out;
  }

  private paramPattern(n: Node): Pattern {
    const name = n.type === 'identifier' ? n.text : (n.childForFieldName('name')?.text ?? '_');
    this.declare(name);
    return { k: 'pname', name, pos: this.pos(n) };
  }

  /** A `do … end` / `{ … }` block: a function of its block parameters, seeing the enclosing locals. */
  protected blockFn(n: Node): Expr {
    const pos = this.pos(n);
    this.locals.push(new Set());
    const params = this.params(n.childForFieldName('parameters'));
    const bodyNode = n.childForFieldName('body');
    const body = bodyNode ? this.bodyStmts(bodyNode) : [];
    this.locals.pop();
    implicitReturn(body);
    return { k: 'fn', fn: { name: null, params, body, pos }, pos };
  }

  // ----- patterns -----------------------------------------------------------------------------

  /** The value of a `case` kept in a local of its own, so that `in` patterns can bind from it. */
  protected caseSubject(n: Node, value: Node | null): { name: string; assign: Expr } | null {
    if (!value) return null;
    const name = `case@${n.startIndex}`;
    this.declare(name);
    const pos = this.pos(value);
    return { name, assign: { k: 'assign', target: { k: 'pname', name, pos }, value: this.expr(value), op: '=', pos } };
  }

  /**
   * Assignments of the names an `in` pattern binds (`String => s`, `[a, *rest]`, `{name:}`,
   * `{name: String => n}`, a bare `x`) from the case value: each takes the whole value, which
   * carries whatever taint any part of it has. Pinned (`^x`) and expression patterns bind nothing.
   */
  protected patternBindings(pattern: Node | null, subject: string): Expr[] {
    const names: Node[] = [];
    const visit = (p: Node): void => {
      switch (p.type) {
        case 'identifier':
          names.push(p);
          return;
        case 'variable_reference_pattern':
        case 'expression_reference_pattern':
        case 'constant':
        case 'scope_resolution':
          return;
        case 'keyword_pattern': {
          const value = p.childForFieldName('value');
          const key = p.childForFieldName('key');
          if (value) visit(value);
          else if (key) names.push(key);
          return;
        }
        case 'as_pattern': {
          const value = p.childForFieldName('value');
          const name = p.childForFieldName('name');
          if (value) visit(value);
          if (name) names.push(name);
          return;
        }
        default:
          if (p.type.endsWith('literal') || p.type === 'string' || p.type === 'simple_symbol' || p.type === 'integer' || p.type === 'float' || p.type === 'range') return;
          for (const c of named(p)) visit(c);
      }
    };
    if (pattern) visit(pattern);
    return names.map((id) => {
      const name = id.text.replace(/:$/, '');
      this.declare(name);
      const pos = this.pos(id);
      return { k: 'assign', target: { k: 'pname', name, pos }, value: { k: 'name', name: subject, pos }, op: '=', pos } satisfies Expr;
    });
  }

  protected pattern(n: Node | null): Pattern {
    if (!n) return { k: 'pexpr', expr: { k: 'unknown', pos: ZERO }, pos: ZERO };
    const pos = this.pos(n);
    switch (n.type) {
      case 'identifier':
        this.declare(n.text);
        return { k: 'pname', name: n.text, pos };
      case 'constant':
        return { k: 'pname', name: n.text, pos };
      case 'left_assignment_list':
      case 'destructured_left_assignment': {
        let rest: Pattern | null = null;
        const items: (Pattern | null)[] = [];
        for (const c of named(n)) {
          if (c.type === 'rest_assignment') rest = this.pattern(named(c)[0] ?? null);
          else items.push(this.pattern(c));
        }
        return { k: 'parr', items, rest, pos };
      }
      default: {
        const e = this.expr(n);
        return { k: 'pexpr', expr: e, pos };
      }
    }
  }

  /** The value of `return x` / `return a, b` / `next x`. */
  protected argValue(n: Node): Expr | null {
    const list = named(n)[0];
    if (!list) return null;
    const items = list.type === 'argument_list' ? named(list) : [list];
    if (items.length === 1) return this.expr(items[0]!);
    return { k: 'arr', items: items.map((c) => this.element(c)), pos: this.pos(list) };
  }

  protected element(n: Node): Expr {
    if (n.type === 'splat_argument') return { k: 'spread', arg: this.expr(named(n)[0] ?? null), pos: this.pos(n) };
    return this.expr(n);
  }

  abstract override expr(n: Node | null): Expr;
}

/** A method or block returns the value of its last expression (through `if`, `begin` and `case`). */
function implicitReturn(body: Stmt[]): void {
  const i = body.length - 1;
  const last = body[i];
  if (!last) return;
  switch (last.k) {
    case 'expr':
      body[i] = { k: 'return', arg: last.expr, pos: last.pos };
      return;
    case 'var':
      body.push({ k: 'return', arg: last.target.k === 'pname' ? { k: 'name', name: last.target.name, pos: last.pos } : last.init, pos: last.pos });
      return;
    case 'if':
      implicitReturn(last.then);
      implicitReturn(last.else);
      return;
    case 'try':
      implicitReturn(last.body);
      if (last.handler) implicitReturn(last.handler.body);
      return;
    case 'block':
      implicitReturn(last.body);
      return;
    default:
  }
}

/** `Aws::S3::Client` as one name (`::Foo` is `Foo`). */
export function constPath(n: Node): string {
  return n.text.replace(/^::/, '').replace(/\s+/g, '');
}

/** A hash key or literal index as text: `'k'`, `:k`, `k:`, `0`. */
export function keyText(n: Node): string | null {
  switch (n.type) {
    case 'hash_key_symbol':
    case 'identifier':
    case 'constant':
      return n.text;
    case 'simple_symbol':
      return n.text.slice(1);
    case 'integer':
      return n.text;
    case 'string':
    case 'delimited_symbol':
      return stringText(n);
    default:
      return null;
  }
}

const LOAD_PATH_ADD = new Set(['unshift', 'push', 'prepend', 'append', '<<']);

function isLoadPath(n: Node | null): boolean {
  return n?.type === 'global_variable' && (n.text === '$LOAD_PATH' || n.text === '$:');
}

/**
 * A `$LOAD_PATH` entry as IrModule.loadPath writes it: `./x` from the file's folder (`__dir__`,
 * `File.dirname(__FILE__)`, `File.expand_path('x', __dir__)`, `File.expand_path('../x', __FILE__)`,
 * `File.join(__dir__, 'x')`, `"#{__dir__}/x"`), `x` from the task root (a relative string, or
 * under `/var/task`). Null for anything else.
 */
function loadPathOf(n: Node): string | null {
  const norm = (p: string): string | null => {
    const out: string[] = [];
    for (const seg of p.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (out.length === 0 || out[out.length - 1] === '..') out.push('..');
        else out.pop();
      } else out.push(seg);
    }
    return out.join('/') || '.';
  };
  /** A path: `file:` + path from the file's folder, `root:` + path from the task root. */
  const value = (x: Node | undefined): string | null => {
    if (!x) return null;
    if (x.type === 'identifier' && x.text === '__dir__') return 'file:.';
    if (x.type === 'identifier' && x.text === '__FILE__') return 'file:.#file';
    if (x.type === 'string') {
      let s = '';
      let base = 'root:';
      for (const c of named(x)) {
        if (c.type === 'string_content') s += c.text;
        else if (c.type === 'interpolation' && s === '' && named(c).length === 1 && value(named(c)[0]) === 'file:.') base = 'file:';
        else return null;
      }
      if (s.startsWith('/')) {
        if (base === 'file:') return `file:./${s}`;
        if (!s.startsWith('/var/task')) return null;
        return `root:./${s.slice('/var/task'.length)}`;
      }
      return `${base}${s}`;
    }
    if (x.type === 'call' && x.childForFieldName('receiver')?.text === 'File') {
      const method = x.childForFieldName('method')?.text;
      const args = named(x.childForFieldName('arguments'));
      if (method === 'dirname' && args.length === 1 && value(args[0]) === 'file:.#file') return 'file:.';
      if (method === 'join' && args.length >= 1) {
        const parts = args.map(value);
        if (parts.some((p) => p === null) || parts.slice(1).some((p) => !p!.startsWith('root:') || p!.startsWith('root:/'))) return null;
        return [parts[0]!, ...parts.slice(1).map((p) => p!.slice('root:'.length))].join('/');
      }
      if (method === 'expand_path' && (args.length === 1 || args.length === 2)) {
        const rel = value(args[0]);
        if (rel === null || !rel.startsWith('root:')) return null;
        if (args.length === 1) return rel;
        const base = value(args[1]);
        if (base === null) return null;
        // relative to a file: `..` first leaves the file for its folder
        return `${base}/${rel.slice('root:'.length)}`;
      }
    }
    return null;
  };
  const v = value(n);
  if (v === null) return null;
  const [kind, path] = [v.slice(0, v.indexOf(':')), v.slice(v.indexOf(':') + 1)];
  const p = norm(path);
  // `.#file` is the file itself: only `..` from it is a folder
  if (p === null || p.includes('.#file') || (p.startsWith('..') && kind === 'root')) return null;
  return kind === 'file' ? (p === '.' || p.startsWith('..') ? p : `./${p}`) : p;
}

export function stringText(n: Node): string | null {
  if (n.type !== 'string' && n.type !== 'delimited_symbol' && n.type !== 'regex' && n.type !== 'simple_symbol') return null;
  if (n.type === 'simple_symbol') return n.text.slice(1);
  let s = '';
  for (const c of named(n)) {
    if (c.type === 'interpolation') return null;
    if (c.type === 'string_content') s += c.text;
    else if (c.type === 'escape_sequence') s += unescapeSimple(c.text);
  }
  return s;
}

