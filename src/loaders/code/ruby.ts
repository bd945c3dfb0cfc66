/**
 * Ruby → handler IR, through web-tree-sitter and tree-sitter-ruby. A file is a module: its
 * top-level methods, constants, classes and modules are its exports. A class or module is an IR
 * class named by its full constant path (`Shop::Orders`) whose methods are both its instance and
 * its singleton methods (`def self.x`, `class << self`, a module's `module_function`), so that the
 * handler `file.Shop::Orders.handle` is the export `Shop::Orders.handle`; `initialize` is the
 * constructor and `X.new(…)` constructs. Idioms lowered to plain data:
 * - an identifier that is not a local variable of the method is a call of the method of that name
 *   (Ruby calls `table_name` without parentheses); inside a class, of the sibling method;
 * - `h['k']`, `h[:k]`, `h.fetch('k')`, `h.dig('a', 'b')` read members (the event is a Hash);
 * - `` `cmd` `` and `%x(cmd)` call the command sink `` ` ``; `obj.send(m, …)`, `instance_eval`,
 *   `class_eval` and `module_eval` call the sink of that name (the receiver does not matter);
 * - heredocs are strings (their body is joined to the `<<~X` that opens them);
 * - `s << x` on a local appends to it; `require_relative` and local `require`s are imports.
 * Constant paths stay one name (`Aws::S3::Client`); the interpreter splits those it does not know.
 */
import type { SNode as Node } from './snode.js';
import type { Expr, IrClass, IrFunction, IrModule, KwArg, Param, Pattern, Pos, Prop, Stmt } from '../../model/code-ir.js';
import { lowerTree, named, TreeLowering, unescapeSimple, ZERO, type LowerOptions } from './tree.js';

/** Requires `loadGrammar('ruby')` to have resolved. */
export function lowerRuby(file: string, text: string, options: LowerOptions = {}): IrModule {
  return lowerTree('ruby', file, text, options, (f, lines) => new RubyLowering(f, lines));
}

/** Methods whose receiver does not matter: the sink is the method itself. */
const RECEIVERLESS = new Set(['send', 'public_send', '__send__', 'instance_eval', 'class_eval', 'module_eval', 'class_exec', 'instance_exec']);
/** Calls that are declarations or visibility changes, not data flow. */
const DECLARATIONS = new Set(['private', 'public', 'protected', 'attr_reader', 'attr_writer', 'attr_accessor', 'include', 'extend', 'prepend', 'private_constant', 'module_function', 'require', 'require_relative', 'load', 'autoload', 'private_class_method', 'public_class_method']);
const LITERAL_KEY = new Set(['string', 'simple_symbol', 'hash_key_symbol', 'integer', 'delimited_symbol']);

interface ClassCtx {
  full: string;
  /** Names of the methods of the class (instance and singleton). */
  methods: Set<string>;
  /** A module: its methods are called on the module (module_function, extend self). */
  isModule: boolean;
}

class RubyLowering extends TreeLowering {
  private cls: ClassCtx | null = null;
  /** Inside a singleton method (`self` is the class). */
  private singleton = false;
  /** Heredoc body of each `<<~X` opener, by the opener's start offset. */
  private heredocs = new Map<number, Node>();
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
  private requireCall(n: Node): boolean {
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

  private assignment(n: Node, out: Stmt[], pos: Pos, top: boolean): void {
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

  private noteString(name: string | null, value: Node | null): void {
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

  private params(n: Node | null): Param[] {
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
  private blockFn(n: Node): Expr {
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
  private caseSubject(n: Node, value: Node | null): { name: string; assign: Expr } | null {
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
  private patternBindings(pattern: Node | null, subject: string): Expr[] {
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

  private pattern(n: Node | null): Pattern {
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

  // ----- expressions --------------------------------------------------------------------------

  /** The value of `return x` / `return a, b` / `next x`. */
  private argValue(n: Node): Expr | null {
    const list = named(n)[0];
    if (!list) return null;
    const items = list.type === 'argument_list' ? named(list) : [list];
    if (items.length === 1) return this.expr(items[0]!);
    return { k: 'arr', items: items.map((c) => this.element(c)), pos: this.pos(list) };
  }

  private element(n: Node): Expr {
    if (n.type === 'splat_argument') return { k: 'spread', arg: this.expr(named(n)[0] ?? null), pos: this.pos(n) };
    return this.expr(n);
  }

  /** Statements as a value (`x = if … end`, `begin … end`): each runs, the last is the value. */
  private valueExpr(nodes: Node[], pos: Pos): Expr {
    const items = nodes.filter((c) => c.type !== 'heredoc_body' && c.type !== 'empty_statement').map((c) => this.expr(c));
    if (items.length === 1) return items[0]!;
    return { k: 'seq', items, pos };
  }

  /** The receiver of a call without one: `self` of the method, or the class for a sibling singleton method. */
  private implicitCallee(name: string, pos: Pos): Expr {
    const c = this.cls;
    if (c && c.methods.has(name)) {
      if (this.singleton || c.isModule) return { k: 'member', object: { k: 'name', name: c.full, pos }, prop: name, pos };
      return this.thisMember(name, pos);
    }
    return { k: 'name', name, pos };
  }

  expr(n: Node | null): Expr {
    if (!n) return { k: 'unknown', pos: ZERO };
    const pos = this.pos(n);
    switch (n.type) {
      case 'identifier': {
        const name = n.text;
        if (this.isLocal(name)) return { k: 'name', name, pos };
        return { k: 'call', callee: this.implicitCallee(name, pos), args: [], kwargs: [], pos };
      }
      case 'constant':
        return { k: 'name', name: n.text, pos };
      case 'scope_resolution':
        return { k: 'name', name: constPath(n), pos };
      case 'self':
        return this.singleton && this.cls ? { k: 'name', name: this.cls.full, pos } : { k: 'name', name: 'this', pos };
      case 'instance_variable':
      case 'class_variable':
        return this.thisMember(n.text, pos);
      case 'global_variable':
        return { k: 'name', name: n.text, pos };
      case 'string':
      case 'delimited_symbol':
      case 'bare_string':
      case 'bare_symbol':
        return this.stringExpr(n, pos);
      case 'heredoc_beginning': {
        const b = this.heredocs.get(n.startIndex);
        return b ? this.stringExpr(b, pos) : { k: 'unknown', pos };
      }
      case 'chained_string': {
        const parts = named(n).map((c) => this.expr(c));
        if (parts.every((p) => p.k === 'lit')) return { k: 'lit', value: parts.map((p) => (p.k === 'lit' ? String(p.value) : '')).join(''), pos };
        return { k: 'tmpl', parts, pos };
      }
      case 'subshell':
        return { k: 'call', callee: { k: 'name', name: '`', pos }, args: [this.stringExpr(n, pos)], kwargs: [], pos };
      case 'simple_symbol':
        return { k: 'lit', value: n.text.slice(1), pos };
      case 'hash_key_symbol':
        return { k: 'lit', value: n.text, pos };
      case 'integer':
      case 'float':
        return { k: 'lit', value: Number(n.text.replace(/_/g, '')) || 0, pos };
      case 'true':
        return { k: 'lit', value: true, pos };
      case 'false':
        return { k: 'lit', value: false, pos };
      case 'nil':
        return { k: 'lit', value: null, pos };
      case 'regex':
        return { k: 'lit', value: stringText(n) ?? '', regex: true, pos };
      case 'array':
      case 'string_array':
      case 'symbol_array':
        return { k: 'arr', items: named(n).map((c) => this.element(c)), pos };
      case 'hash':
        return { k: 'obj', props: this.pairs(named(n)), pos };
      case 'element_reference':
        return this.elementRef(n, pos);
      case 'call':
        return this.call(n, pos);
      case 'assignment': {
        const out: Stmt[] = [];
        this.assignment(n, out, pos, false);
        const s = out[0];
        if (s?.k === 'var' && s.init) return { k: 'assign', target: s.target, value: s.init, op: '=', pos };
        if (s?.k === 'expr') return s.expr;
        return { k: 'unknown', pos };
      }
      case 'operator_assignment': {
        const op = n.childForFieldName('operator')?.text ?? '+=';
        return { k: 'assign', target: this.pattern(n.childForFieldName('left')), value: this.expr(n.childForFieldName('right')), op, pos };
      }
      case 'binary': {
        const opNode = n.childForFieldName('operator');
        const raw = opNode?.text ?? '+';
        const op = raw === 'and' ? '&&' : raw === 'or' ? '||' : raw === '<<' ? '+' : raw;
        return { k: 'bin', op, left: this.expr(n.childForFieldName('left')), right: this.expr(n.childForFieldName('right')), pos };
      }
      case 'unary': {
        const op = n.childForFieldName('operator')?.text ?? '!';
        return { k: 'unary', op: op === 'not' || op === 'defined?' ? '!' : op, arg: this.expr(n.childForFieldName('operand')), pos };
      }
      case 'conditional':
        return { k: 'cond', test: this.expr(n.childForFieldName('condition')), then: this.expr(n.childForFieldName('consequence')), else: this.expr(n.childForFieldName('alternative')), pos };
      case 'parenthesized_statements':
      case 'begin_block':
      case 'body_statement':
      case 'then':
      case 'else':
      case 'block_body':
        return this.valueExpr(named(n).filter((c) => c.type !== 'rescue' && c.type !== 'ensure'), pos);
      case 'begin':
        return this.valueExpr(named(n).filter((c) => c.type !== 'rescue' && c.type !== 'ensure' && c.type !== 'else'), pos);
      case 'if':
      case 'unless':
      case 'elsif': {
        const alt = n.childForFieldName('alternative');
        return { k: 'cond', test: this.expr(n.childForFieldName('condition')), then: this.expr(n.childForFieldName('consequence')), else: alt ? this.expr(alt) : { k: 'lit', value: null, pos }, pos };
      }
      case 'if_modifier':
      case 'unless_modifier':
        return { k: 'cond', test: this.expr(n.childForFieldName('condition')), then: this.expr(n.childForFieldName('body')), else: { k: 'lit', value: null, pos }, pos };
      case 'rescue_modifier':
        return { k: 'bin', op: '||', left: this.expr(n.childForFieldName('body')), right: this.expr(n.childForFieldName('handler')), pos };
      case 'case':
      case 'case_match': {
        const items: Expr[] = [];
        const value = n.childForFieldName('value');
        const subject = this.caseSubject(n, value);
        if (subject) items.push(subject.assign);
        let result: Expr = { k: 'lit', value: null, pos };
        for (const c of named(n)) {
          if (c.type === 'when' || c.type === 'else') result = { k: 'cond', test: { k: 'unknown', pos }, then: c.type === 'when' ? this.expr(c.childForFieldName('body')) : this.expr(c), else: result, pos };
          else if (c.type === 'in_clause') {
            // `in String => s then s`: the names the pattern binds take (parts of) the case value
            const bindings = subject ? this.patternBindings(c.childForFieldName('pattern'), subject.name) : [];
            const body = this.expr(c.childForFieldName('body'));
            result = { k: 'cond', test: { k: 'unknown', pos }, then: bindings.length ? { k: 'seq', items: [...bindings, body], pos } : body, else: result, pos };
          }
        }
        items.push(result);
        return { k: 'seq', items, pos };
      }
      case 'lambda': {
        this.locals.push(new Set());
        const params = this.params(n.childForFieldName('parameters'));
        const bodyNode = n.childForFieldName('body');
        this.locals.pop();
        if (!bodyNode) return { k: 'fn', fn: { name: null, params, body: [], pos }, pos };
        const f = this.blockFn(bodyNode);
        if (f.k === 'fn') f.fn.params = params;
        return f;
      }
      case 'block':
      case 'do_block':
        return this.blockFn(n);
      case 'splat_argument':
      case 'hash_splat_argument':
        return { k: 'spread', arg: this.expr(named(n)[0] ?? null), pos };
      case 'block_argument':
        return this.expr(named(n)[0] ?? null);
      case 'pair':
        return this.expr(n.childForFieldName('value'));
      case 'interpolation':
        return this.valueExpr(named(n), pos);
      case 'return':
        return this.argValue(n) ?? { k: 'unknown', pos };
      case 'yield':
      case 'super':
        return { k: 'unknown', pos };
      default:
        return { k: 'unknown', pos };
    }
  }

  private stringExpr(n: Node, pos: Pos): Expr {
    const parts: Expr[] = [];
    let dynamic = false;
    for (const c of named(n)) {
      if (c.type === 'string_content' || c.type === 'heredoc_content') parts.push({ k: 'lit', value: c.text, pos: this.pos(c) });
      else if (c.type === 'escape_sequence') parts.push({ k: 'lit', value: unescapeSimple(c.text), pos: this.pos(c) });
      else if (c.type === 'interpolation') {
        dynamic = true;
        parts.push(this.valueExpr(named(c), this.pos(c)));
      }
    }
    if (!dynamic) {
      const value = parts.map((p) => (p.k === 'lit' ? String(p.value) : '')).join('');
      if (value.length >= 16 && n.type !== 'subshell') this.strings.push({ value, name: null, pos });
      return { k: 'lit', value, pos };
    }
    return { k: 'tmpl', parts, pos };
  }

  private pairs(items: Node[]): Prop[] {
    const props: Prop[] = [];
    for (const c of items) {
      if (c.type === 'pair') {
        const k = c.childForFieldName('key');
        const v = c.childForFieldName('value');
        const key = k ? keyText(k) : null;
        if (key !== null) this.noteString(key, v);
        const value = v ? this.expr(v) : key !== null ? this.expr(k) : ({ k: 'unknown', pos: this.pos(c) } as Expr);
        props.push(key !== null ? { key, value, pos: this.pos(c) } : { key: null, keyExpr: this.expr(k), value, pos: this.pos(c) });
      } else if (c.type === 'hash_splat_argument') props.push({ key: null, value: this.expr(named(c)[0] ?? null), spread: true, pos: this.pos(c) });
    }
    return props;
  }

  private elementRef(n: Node, pos: Pos): Expr {
    const object = this.expr(n.childForFieldName('object'));
    const idx = named(n).slice(1);
    const first = idx[0];
    if (idx.length === 1 && first && LITERAL_KEY.has(first.type)) {
      const key = keyText(first);
      if (key !== null) return { k: 'member', object, prop: key, pos };
    }
    // `DB["SELECT … #{x}"]`: a string built at run time is a query, not a key (Sequel)
    if (idx.length === 1 && first && (first.type === 'string' || first.type === 'heredoc_beginning')) return { k: 'call', callee: { k: 'member', object, prop: '[]', pos }, args: [this.expr(first)], kwargs: [], pos };
    return { k: 'member', object, prop: null, index: first ? this.expr(first) : { k: 'unknown', pos }, pos };
  }

  private call(n: Node, pos: Pos): Expr {
    const recvNode = n.childForFieldName('receiver');
    const method = n.childForFieldName('method')?.text ?? '';
    const argsNode = n.childForFieldName('arguments');
    const blockNode = n.childForFieldName('block');
    if (!recvNode && (method === 'require' || method === 'require_relative' || method === 'load') && this.requireCall(n)) return { k: 'unknown', pos };
    const argNodes = named(argsNode);
    const args: Expr[] = [];
    const kwargs: KwArg[] = [];
    for (const a of argNodes) {
      if (a.type === 'pair') {
        const k = a.childForFieldName('key');
        const key = k ? keyText(k) : null;
        const v = a.childForFieldName('value');
        if (key !== null) this.noteString(key, v);
        if (key !== null) kwargs.push({ name: key, value: v ? this.expr(v) : this.expr(k) });
        else args.push({ k: 'obj', props: this.pairs([a]), pos: this.pos(a) });
      } else if (a.type === 'hash_splat_argument') kwargs.push({ name: null, value: this.expr(named(a)[0] ?? null) });
      else args.push(this.element(a));
    }
    if (blockNode) args.push(this.blockFn(blockNode));
    if (!recvNode) {
      if (RECEIVERLESS.has(method)) return { k: 'call', callee: { k: 'name', name: method, pos }, args, kwargs, pos };
      return { k: 'call', callee: this.implicitCallee(method, pos), args, kwargs, pos };
    }
    // `.()`: calling a proc
    if (method === '' || method === 'call') {
      const recv = this.expr(recvNode);
      if (method === '') return { k: 'call', callee: recv, args, kwargs, pos };
    }
    const object = this.expr(recvNode);
    if (method === 'new') return { k: 'new', callee: object, args: kwargs.length ? [...args, { k: 'obj', props: kwargs.map((k) => (k.name === null ? { key: null, value: k.value, spread: true, pos } : { key: k.name, value: k.value, pos })), pos }] : args, pos };
    if (RECEIVERLESS.has(method)) return { k: 'call', callee: { k: 'name', name: method, pos }, args, kwargs, pos };
    // Hash reads with literal keys: h.fetch('k'), h.dig('a', :b)
    if ((method === 'fetch' || method === 'dig' || method === '[]') && argNodes.length > 0 && !blockNode) {
      const keys = (method === 'fetch' ? argNodes.slice(0, 1) : argNodes).map((a) => (LITERAL_KEY.has(a.type) ? keyText(a) : null));
      if (keys.every((k) => k !== null)) {
        let e: Expr = object;
        for (const k of keys) e = { k: 'member', object: e, prop: k, pos };
        const dflt = method === 'fetch' && argNodes[1] ? this.expr(argNodes[1]) : null;
        return dflt ? { k: 'bin', op: '||', left: e, right: dflt, pos } : e;
      }
    }
    return { k: 'call', callee: { k: 'member', object, prop: method, pos: this.pos(n.childForFieldName('method') ?? n) }, args, kwargs, pos };
  }
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
function constPath(n: Node): string {
  return n.text.replace(/^::/, '').replace(/\s+/g, '');
}

/** A hash key or literal index as text: `'k'`, `:k`, `k:`, `0`. */
function keyText(n: Node): string | null {
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

function stringText(n: Node): string | null {
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

