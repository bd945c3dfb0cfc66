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
 * This file lowers expressions and calls; statements and declarations are in `ruby-decls.ts`.
 */
import type { SNode as Node } from './snode.js';
import type { Expr, IrModule, KwArg, Pos, Prop, Stmt } from '../../model/code-ir.js';
import { lowerTree, named, unescapeSimple, ZERO, type LiteralKind, type LowerOptions } from './tree.js';
import { constPath, keyText, RubyDeclarations, stringText } from './ruby-decls.js';

/** Requires `loadGrammar('ruby')` to have resolved. */
export function lowerRuby(file: string, text: string, options: LowerOptions = {}): IrModule {
  return lowerTree('ruby', file, text, options, (f, lines) => new RubyLowering(f, lines));
}

/** Methods whose receiver does not matter: the sink is the method itself. */
const LITERALS: ReadonlyMap<string, LiteralKind> = new Map([
  ['integer', 'number'],
  ['float', 'number'],
  ['true', 'true'],
  ['false', 'false'],
  ['nil', 'null'],
]);
const RECEIVERLESS = new Set(['send', 'public_send', '__send__', 'instance_eval', 'class_eval', 'module_eval', 'class_exec', 'instance_exec']);
const LITERAL_KEY = new Set(['string', 'simple_symbol', 'hash_key_symbol', 'integer', 'delimited_symbol']);

class RubyLowering extends RubyDeclarations {
  // ----- expressions --------------------------------------------------------------------------

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
    const lit = this.simpleLiteral(n, LITERALS);
    if (lit) return lit;
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
