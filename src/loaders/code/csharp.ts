/**
 * C# → handler IR, through web-tree-sitter and tree-sitter-c-sharp. As for Java: classes become IR
 * classes whose `constructor` (the parameterless one, which Lambda uses) runs the field and
 * property initialisers; static members are module-level; unqualified members are qualified
 * (`_ddb` → `this._ddb`). An object initializer without constructor arguments
 * (`new PutItemRequest { TableName = t }`, `new APIGatewayProxyResponse { Body = b }`) is an object
 * literal; dictionary initializers with string keys too. `x.CommandText = sql` is also a call of
 * `x.set_CommandText(sql)` so that the assignment can be a sink; `d.TryGetValue("k", out var v)`
 * assigns `d["k"]` to `v`; `await` and casts are transparent; interpolated strings keep their text.
 *
 * Types are named as written (C# `using` directives import namespaces, not types); exports are
 * `Class::Method` for every method, with the instance made by the parameterless constructor.
 */
import type { SNode as Node } from './snode.js';
import type { Expr, IrClass, IrFunction, IrModule, Param, Pattern, Pos, Prop, Stmt } from '../../model/code-ir.js';
import { lowerTree, named, TreeLowering, ZERO, type LowerOptions, type SimpleStatement } from './tree.js';

/** `yield return x` is a value the method returns. */
const SIMPLE: ReadonlyMap<string, SimpleStatement> = new Map([
  ['return_statement', 'return'],
  ['yield_statement', 'return'],
  ['throw_statement', 'throw'],
  ['break_statement', 'jump'],
  ['continue_statement', 'jump'],
  ['goto_statement', 'jump'],
]);
const PREDEFINED = new Set(['string', 'int', 'long', 'short', 'byte', 'bool', 'double', 'float', 'decimal', 'char', 'object', 'void', 'var', 'dynamic', 'uint', 'ulong']);


/** Requires `loadGrammar('csharp')` to have resolved. */
export function lowerCsharp(file: string, text: string, options: LowerOptions = {}): IrModule {
  return lowerTree('csharp', file, text, options, (f, lines) => new CsLowering(f, lines));
}


function isStatic(n: Node): boolean {
  return n.namedChildren.some((c) => c?.type === 'modifier' && c.text === 'static');
}

interface ClassInfo {
  name: string;
  fields: Set<string>;
  statics: Set<string>;
  methods: Set<string>;
  staticMethods: Set<string>;
}

const CLASS_TYPES = /^(class|struct|record|record_struct)_declaration$/;

class CsLowering extends TreeLowering {
  private readonly classes = new Map<string, ClassInfo>();
  private cls: ClassInfo | null = null;
  private staticCtx = false;


  override program(root: Node): Stmt[] {
    const decls: Node[] = [];
    const walk = (n: Node) => {
      for (const c of named(n)) {
        if (CLASS_TYPES.test(c.type)) decls.push(c);
        else if (c.type === 'namespace_declaration' || c.type === 'file_scoped_namespace_declaration' || c.type === 'declaration_list') walk(c.type === 'namespace_declaration' ? c.childForFieldName('body') ?? c : c);
      }
    };
    walk(root);
    const all: Node[] = [];
    const nested = (d: Node) => {
      all.push(d);
      for (const m of named(d.childForFieldName('body'))) if (CLASS_TYPES.test(m.type)) nested(m);
    };
    for (const d of decls) nested(d);
    for (const d of all) this.collect(d);
    const out: Stmt[] = [];
    for (const d of all) this.classDecl(d, out);
    return out;
  }

  private collect(n: Node): void {
    const name = n.childForFieldName('name')?.text ?? '<class>';
    const info: ClassInfo = { name, fields: new Set(), statics: new Set(), methods: new Set(), staticMethods: new Set() };
    this.classes.set(name, info);
    for (const p of named(n.childForFieldName('parameters'))) info.fields.add(p.childForFieldName('name')?.text ?? '');
    for (const m of named(n.childForFieldName('body'))) {
      const st = isStatic(m);
      if (m.type === 'field_declaration' || m.type === 'event_field_declaration') {
        for (const d of named(named(m).find((x) => x.type === 'variable_declaration'))) if (d.type === 'variable_declarator') (st ? info.statics : info.fields).add(d.childForFieldName('name')?.text ?? '');
      } else if (m.type === 'property_declaration') (st ? info.statics : info.fields).add(m.childForFieldName('name')?.text ?? '');
      else if (m.type === 'method_declaration') (st ? info.staticMethods : info.methods).add(m.childForFieldName('name')?.text ?? '');
    }
  }

  private classDecl(n: Node, out: Stmt[]): void {
    const name = n.childForFieldName('name')?.text ?? '<class>';
    const saved = this.cls;
    this.cls = this.classes.get(name)!;
    const pos = this.pos(n);
    const methods: IrClass['methods'] = [];
    const inits: Stmt[] = [];
    const ctors: Node[] = [];
    for (const m of named(n.childForFieldName('body'))) {
      const st = isStatic(m);
      if (m.type === 'field_declaration' || m.type === 'property_declaration') {
        const decl = named(m).find((x) => x.type === 'variable_declaration');
        const type = this.typeName(decl?.childForFieldName('type') ?? m.childForFieldName('type'));
        const pairs: { nameNode: Node; value: Node | null }[] = [];
        if (decl) for (const d of named(decl)) {
          if (d.type !== 'variable_declarator') continue;
          const nm = d.childForFieldName('name');
          if (nm) pairs.push({ nameNode: nm, value: named(d).find((x) => x.startIndex !== nm.startIndex && x.type !== 'bracketed_argument_list') ?? null });
        }
        else {
          const nm = m.childForFieldName('name');
          const value = m.childForFieldName('value') ?? named(m).find((x) => x.type === 'arrow_expression_clause') ?? null;
          if (nm) pairs.push({ nameNode: nm, value: value?.type === 'arrow_expression_clause' ? named(value)[0] ?? null : value });
        }
        for (const { nameNode, value } of pairs) {
          this.staticCtx = st;
          this.locals = [new Set()];
          this.noteString(nameNode.text, value);
          const init = value ? this.expr(value) : type && /^I?Amazon/.test(type) ? ({ k: 'new', callee: { k: 'name', name: type, pos }, args: [], pos } as Expr) : null;
          const dpos = this.pos(nameNode);
          if (st) out.push({ k: 'var', target: { k: 'pname', name: nameNode.text, pos: dpos }, init, pos: dpos, ...(type ? { type } : {}) });
          else if (init) inits.push({ k: 'expr', expr: { k: 'assign', target: { k: 'pexpr', expr: this.thisMember(nameNode.text, dpos), pos: dpos }, value: init, op: '=', pos: dpos }, pos: dpos });
        }
      } else if (m.type === 'method_declaration' || m.type === 'local_function_statement') {
        const mname = m.childForFieldName('name')?.text ?? '<method>';
        const fn = this.method(m, st);
        methods.push({ name: mname, fn, isStatic: st });
        const instance: Expr = st ? { k: 'name', name, pos } : { k: 'new', callee: { k: 'name', name, pos }, args: [], pos };
        if (!this.exports.some((e) => e.name === `${name}::${mname}`)) this.exports.push({ name: `${name}::${mname}`, value: { k: 'member', object: instance, prop: mname, pos }, pos: fn.pos });
      } else if (m.type === 'constructor_declaration') {
        if (st) {
          this.staticCtx = true;
          this.locals = [new Set()];
          out.push({ k: 'block', body: this.body(m.childForFieldName('body')), pos: this.pos(m) });
        } else ctors.push(m);
      }
    }
    const noArg = ctors.find((c) => named(c.childForFieldName('parameters')).length === 0) ?? (ctors.length === 1 ? ctors[0] : undefined);
    if (!noArg) methods.push({ name: 'constructor', fn: { name: 'constructor', params: [], body: inits, pos }, isStatic: false });
    for (const c of ctors) {
      const fn = this.method(c, false);
      fn.body = [...inits, ...fn.body];
      methods.push({ name: c === noArg ? 'constructor' : `<init>/${named(c.childForFieldName('parameters')).length}`, fn, isStatic: false });
    }
    out.push({ k: 'class', name, cls: { name, methods, pos }, pos });
    this.exports.push({ name, value: { k: 'name', name, pos }, pos });
    this.cls = saved;
  }


  /** The type as written, without generics, nullability or a namespace. */
  typeName(n: Node | null): string | undefined {
    if (!n || n.type === 'implicit_type' || n.type === 'predefined_type' || n.type === 'array_type') return undefined;
    let t: Node = n;
    if (t.type === 'nullable_type') t = named(t)[0] ?? t;
    if (t.type === 'generic_name') t = named(t)[0] ?? t;
    const text = t.text.split('.').pop() ?? t.text;
    return PREDEFINED.has(text) ? undefined : text;
  }

  private method(n: Node, st: boolean): IrFunction {
    this.staticCtx = st;
    this.locals = [new Set()];
    const params = this.params(n.childForFieldName('parameters'));
    return { name: n.childForFieldName('name')?.text ?? null, params, body: this.body(n.childForFieldName('body')), pos: this.pos(n) };
  }

  private params(n: Node | null): Param[] {
    const out: Param[] = [];
    for (const p of named(n)) {
      if (p.type !== 'parameter') continue;
      const nm = p.childForFieldName('name');
      if (!nm) continue;
      this.declare(nm.text);
      const type = this.typeName(p.childForFieldName('type'));
      out.push({ pattern: { k: 'pname', name: nm.text, pos: this.pos(nm) }, ...(type ? { type } : {}) });
    }
    return out;
  }



  // ----- statements ---------------------------------------------------------------------------

  private body(n: Node | null): Stmt[] {
    if (!n) return [];
    if (n.type === 'arrow_expression_clause') {
      const e = named(n)[0];
      return e ? [{ k: 'return', arg: this.expr(e), pos: this.pos(e) }] : [];
    }
    const out: Stmt[] = [];
    this.locals.push(new Set());
    if (n.type === 'block') for (const c of named(n)) this.isolated(c, out, (x, o) => this.stmt(x, o));
    else this.stmt(n, out);
    this.locals.pop();
    return out;
  }

  stmt(n: Node, out: Stmt[]): void {
    if (this.simpleStmt(n, out, SIMPLE)) return;
    const pos = this.pos(n);
    switch (n.type) {
      case 'expression_statement': {
        const e = named(n)[0];
        if (e) out.push({ k: 'expr', expr: this.expr(e), pos });
        return;
      }
      case 'local_declaration_statement':
        this.varDecl(named(n).find((x) => x.type === 'variable_declaration') ?? null, out);
        return;
      case 'if_statement':
        out.push({ k: 'if', test: this.expr(n.childForFieldName('condition')), then: this.body(n.childForFieldName('consequence')), else: this.body(n.childForFieldName('alternative')), pos });
        return;
      case 'while_statement':
      case 'do_statement':
        out.push({ k: 'loop', each: null, test: this.expr(n.childForFieldName('condition')), body: this.body(n.childForFieldName('body')), pos });
        return;
      case 'for_statement': {
        this.locals.push(new Set());
        const init = n.childForFieldName('initializer');
        if (init?.type === 'variable_declaration') this.varDecl(init, out);
        else if (init) out.push({ k: 'expr', expr: this.expr(init), pos });
        const body = this.body(n.childForFieldName('body'));
        this.locals.pop();
        const cond = n.childForFieldName('condition');
        out.push({ k: 'loop', each: null, test: cond ? this.expr(cond) : null, body, pos });
        return;
      }
      case 'foreach_statement': {
        const iter = this.expr(n.childForFieldName('right'));
        this.locals.push(new Set());
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') this.declare(left.text);
        const target: Pattern = left?.type === 'identifier' ? { k: 'pname', name: left.text, pos: this.pos(left) } : { k: 'pname', name: '_', pos };
        const type = this.typeName(n.childForFieldName('type'));
        const body = this.body(n.childForFieldName('body'));
        this.locals.pop();
        if (type && target.k === 'pname') body.unshift({ k: 'var', target, init: { k: 'name', name: target.name, pos }, pos, type });
        out.push({ k: 'loop', each: { target, iter }, test: null, body, pos });
        return;
      }
      case 'try_statement': {
        const body = this.body(n.childForFieldName('body'));
        const handler: { param: Pattern | null; body: Stmt[] } = { param: null, body: [] };
        let caught = false;
        let finalizer: Stmt[] = [];
        for (const c of named(n)) {
          if (c.type === 'catch_clause') {
            caught = true;
            handler.body.push(...this.body(c.childForFieldName('body')));
          } else if (c.type === 'finally_clause') finalizer = this.body(named(c)[0] ?? null);
        }
        out.push({ k: 'try', body, handler: caught ? handler : null, finalizer, pos });
        return;
      }
      case 'using_statement': {
        this.locals.push(new Set());
        const decl = named(n).find((x) => x.type === 'variable_declaration');
        const stmts: Stmt[] = [];
        if (decl) this.varDecl(decl, stmts);
        stmts.push(...this.body(n.childForFieldName('body')));
        this.locals.pop();
        out.push({ k: 'block', body: stmts, pos });
        return;
      }
      case 'block':
        out.push({ k: 'block', body: this.body(n), pos });
        return;
      case 'lock_statement':
      case 'checked_statement':
      case 'unsafe_statement':
      case 'fixed_statement':
      case 'labeled_statement':
        for (const c of named(n)) if (c.type === 'block' || c.type.endsWith('_statement')) this.stmt(c, out);
        return;
      case 'switch_statement': {
        out.push({ k: 'expr', expr: this.expr(n.childForFieldName('value')), pos });
        for (const s of named(n.childForFieldName('body'))) {
          const stmts: Stmt[] = [];
          for (const c of named(s)) if (c.type.endsWith('_statement') || c.type === 'block') this.stmt(c, stmts);
          out.push({ k: 'if', test: { k: 'unknown', pos: this.pos(s) }, then: stmts, else: [], pos: this.pos(s) });
        }
        return;
      }
      case 'local_function_statement': {
        const name = n.childForFieldName('name')?.text ?? '<fn>';
        this.declare(name);
        const saved = this.locals;
        this.locals = [...saved, new Set()];
        const params = this.params(n.childForFieldName('parameters'));
        const fn: IrFunction = { name, params, body: this.body(n.childForFieldName('body')), pos };
        this.locals = saved;
        out.push({ k: 'func', name, fn, pos });
        return;
      }
      default:
        return;
    }
  }

  private varDecl(decl: Node | null, out: Stmt[]): void {
    if (!decl) return;
    const type = this.typeName(decl.childForFieldName('type'));
    for (const d of named(decl)) {
      if (d.type !== 'variable_declarator') continue;
      const nm = d.childForFieldName('name');
      if (!nm) continue;
      const value = named(d).find((x) => x.startIndex !== nm.startIndex && x.type !== 'bracketed_argument_list') ?? null;
      this.noteString(nm.text, value);
      const init = value ? this.expr(value) : null;
      this.declare(nm.text);
      out.push({ k: 'var', target: { k: 'pname', name: nm.text, pos: this.pos(nm) }, init, pos: this.pos(d), ...(type ? { type } : {}) });
    }
  }

  private noteString(name: string | null, value: Node | null): void {
    if (!value || (value.type !== 'string_literal' && value.type !== 'verbatim_string_literal' && value.type !== 'raw_string_literal')) return;
    const s = stringText(value);
    if (s !== null) this.strings.push({ value: s, name, pos: this.pos(value) });
  }

  // ----- expressions --------------------------------------------------------------------------

  expr(n: Node | null): Expr {
    if (!n) return { k: 'unknown', pos: ZERO };
    const pos = this.pos(n);
    switch (n.type) {
      case 'identifier': {
        const name = n.text;
        if (this.isLocal(name)) return { k: 'name', name, pos };
        if (this.cls?.fields.has(name) && !this.staticCtx) return this.thisMember(name, pos);
        return { k: 'name', name, pos };
      }
      case 'predefined_type':
        return { k: 'name', name: n.text, pos };
      case 'this_expression':
      case 'this':
        return { k: 'name', name: 'this', pos };
      case 'string_literal':
      case 'verbatim_string_literal':
      case 'raw_string_literal': {
        const s = stringText(n) ?? '';
        if (s.length >= 16 && !this.strings.some((x) => x.pos.line === pos.line && x.pos.column === pos.column)) this.strings.push({ value: s, name: null, pos });
        return { k: 'lit', value: s, pos };
      }
      case 'interpolated_string_expression': {
        const parts: Expr[] = [];
        for (const c of named(n)) {
          if (c.type === 'string_content' || c.type === 'interpolated_verbatim_string_text') parts.push({ k: 'lit', value: c.text, pos: this.pos(c) });
          else if (c.type === 'escape_sequence') parts.push({ k: 'lit', value: unescapeCs(c.text), pos: this.pos(c) });
          else if (c.type === 'interpolation') parts.push(this.expr(named(c).find((x) => x.type !== 'interpolation_brace' && x.type !== 'interpolation_format_clause' && x.type !== 'interpolation_alignment_clause') ?? null));
        }
        return { k: 'tmpl', parts, pos };
      }
      case 'character_literal':
        return { k: 'lit', value: n.text.slice(1, -1), pos };
      case 'integer_literal':
      case 'real_literal':
        return { k: 'lit', value: Number(n.text.replace(/[_a-zA-Z]+$/g, '').replace(/_/g, '')) || 0, pos };
      case 'boolean_literal':
        return { k: 'lit', value: n.text === 'true', pos };
      case 'null_literal':
        return { k: 'lit', value: null, pos };
      case 'parenthesized_expression':
      case 'await_expression':
      case 'checked_expression':
        return this.expr(named(n)[0] ?? null);
      case 'cast_expression':
        return this.expr(n.childForFieldName('value'));
      case 'postfix_unary_expression':
        return n.text.endsWith('!') ? this.expr(named(n)[0] ?? null) : { k: 'unary', op: '++', arg: this.expr(named(n)[0] ?? null), pos };
      case 'prefix_unary_expression': {
        const op = n.children[0]?.text ?? '-';
        return { k: 'unary', op: op === '!' ? '!' : op, arg: this.expr(named(n)[0] ?? null), pos };
      }
      case 'member_access_expression': {
        const obj = n.childForFieldName('expression');
        const nameNode = n.childForFieldName('name');
        const name = nameNode?.type === 'generic_name' ? named(nameNode)[0]?.text ?? '' : nameNode?.text ?? '';
        if (obj?.type === 'identifier' && this.classes.get(obj.text)?.statics.has(name) && !this.isLocal(obj.text)) return { k: 'name', name, pos };
        return { k: 'member', object: this.expr(obj), prop: name, pos };
      }
      case 'conditional_access_expression':
        return this.expr(named(n)[0] ?? null);
      case 'element_access_expression': {
        const object = this.expr(n.childForFieldName('expression'));
        const arg = named(named(n.childForFieldName('subscript'))[0])[0] ?? null;
        if (arg && (arg.type === 'string_literal' || arg.type === 'verbatim_string_literal')) return { k: 'member', object, prop: stringText(arg) ?? '', pos };
        if (arg?.type === 'integer_literal') return { k: 'member', object, prop: arg.text, pos };
        return { k: 'member', object, prop: null, index: this.expr(arg), pos };
      }
      case 'invocation_expression':
        return this.call(n);
      case 'object_creation_expression':
      case 'implicit_object_creation_expression':
        return this.creation(n);
      case 'anonymous_object_creation_expression': {
        const props: Prop[] = [];
        for (const c of named(n)) {
          const [k, v] = named(c);
          if (k && v) props.push({ key: k.text, value: this.expr(v), pos: this.pos(c) });
          else if (k) props.push({ key: k.text.split('.').pop() ?? k.text, value: this.expr(k), pos: this.pos(c) });
        }
        return { k: 'obj', props, pos };
      }
      case 'array_creation_expression':
      case 'implicit_array_creation_expression': {
        const init = named(n).find((x) => x.type === 'initializer_expression');
        return { k: 'arr', items: named(init).map((x) => this.expr(x)), pos };
      }
      case 'initializer_expression':
        return { k: 'arr', items: named(n).map((x) => this.expr(x)), pos };
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text ?? '+';
        return { k: 'bin', op: op === '==' ? '===' : op === '!=' ? '!==' : op === '??' ? '||' : op, left: this.expr(n.childForFieldName('left')), right: this.expr(n.childForFieldName('right')), pos };
      }
      case 'conditional_expression':
        return { k: 'cond', test: this.expr(n.childForFieldName('condition')), then: this.expr(n.childForFieldName('consequence')), else: this.expr(n.childForFieldName('alternative')), pos };
      case 'assignment_expression': {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        const op = n.childForFieldName('operator')?.text ?? named(n).find((x) => x.type === 'assignment_operator')?.text ?? '=';
        if (left && op === '=') this.noteString(left.type === 'identifier' ? left.text : left.childForFieldName('name')?.text ?? null, right);
        const l = this.expr(left);
        const assign: Expr = { k: 'assign', target: l.k === 'name' ? { k: 'pname', name: l.name, pos: l.pos } : { k: 'pexpr', expr: l, pos: l.pos }, value: this.expr(right), op: op === '??=' ? '||=' : op, pos };
        // a property whose setter is a sink (`cmd.CommandText = sql`)
        if (l.k === 'member' && l.prop && /^[A-Z]/.test(l.prop) && op === '=') return { k: 'seq', items: [assign, { k: 'call', callee: { k: 'member', object: l.object, prop: `set_${l.prop}`, pos }, args: [this.expr(right)], kwargs: [], pos }], pos };
        return assign;
      }
      case 'lambda_expression': {
        this.locals.push(new Set());
        const ps = n.childForFieldName('parameters');
        const params: Param[] = ps?.type === 'identifier' ? [{ pattern: { k: 'pname', name: ps.text, pos: this.pos(ps) } }] : this.params(ps);
        if (ps?.type === 'identifier') this.declare(ps.text);
        const b = n.childForFieldName('body');
        const body: Stmt[] = b?.type === 'block' ? this.body(b) : b ? [{ k: 'return', arg: this.expr(b), pos: this.pos(b) }] : [];
        this.locals.pop();
        return { k: 'fn', fn: { name: null, params, body, pos }, pos };
      }
      case 'declaration_expression': {
        const nm = n.childForFieldName('name');
        if (nm) this.declare(nm.text);
        return nm ? { k: 'name', name: nm.text, pos } : { k: 'unknown', pos };
      }
      case 'is_pattern_expression':
      case 'is_expression':
      case 'typeof_expression':
      case 'sizeof_expression':
      case 'default_expression':
        return { k: 'unknown', pos };
      case 'switch_expression': {
        let value: Expr = { k: 'unknown', pos };
        const arms = named(n).filter((x) => x.type === 'switch_expression_arm');
        for (let i = arms.length - 1; i >= 0; i--) {
          const v = this.expr(named(arms[i]!).pop() ?? null);
          value = i === arms.length - 1 ? v : { k: 'cond', test: { k: 'unknown', pos }, then: v, else: value, pos };
        }
        return value;
      }
      default:
        return { k: 'unknown', pos };
    }
  }

  private args(n: Node): { args: Expr[]; outs: { name: string; pos: Pos }[] } {
    const args: Expr[] = [];
    const outs: { name: string; pos: Pos }[] = [];
    for (const a of named(n.childForFieldName('arguments'))) {
      if (a.type !== 'argument') continue;
      const value = named(a).find((x) => x.type !== 'identifier' || !a.childForFieldName('name') || x.startIndex !== a.childForFieldName('name')!.startIndex) ?? null;
      if (a.text.startsWith('out ')) {
        const e = this.expr(value);
        if (e.k === 'name') outs.push({ name: e.name, pos: e.pos });
        continue;
      }
      args.push(this.expr(value));
    }
    return { args, outs };
  }

  private call(n: Node): Expr {
    const pos = this.pos(n);
    const fnNode = n.childForFieldName('function');
    const { args, outs } = this.args(n);
    let callee: Expr;
    if (fnNode?.type === 'identifier' || fnNode?.type === 'generic_name') {
      const name = fnNode.type === 'generic_name' ? named(fnNode)[0]?.text ?? '' : fnNode.text;
      const info = this.cls;
      if (info && !this.isLocal(name) && info.methods.has(name) && !this.staticCtx) callee = this.thisMember(name, pos);
      else if (info && !this.isLocal(name) && (info.staticMethods.has(name) || info.methods.has(name))) callee = { k: 'member', object: { k: 'name', name: info.name, pos }, prop: name, pos };
      else callee = { k: 'name', name, pos };
    } else callee = this.expr(fnNode);
    // string.Format("…{0}…", x) keeps its text
    if (callee.k === 'member' && callee.prop === 'Format' && callee.object.k === 'name' && /^(string|String)$/.test(callee.object.name) && args[0]?.k === 'lit') {
      const text = String(args[0].value);
      const parts: Expr[] = [];
      let last = 0;
      for (const m of text.matchAll(/\{(\d+)[^}]*\}/g)) {
        parts.push({ k: 'lit', value: text.slice(last, m.index), pos });
        parts.push(args[Number(m[1]) + 1] ?? { k: 'unknown', pos });
        last = m.index! + m[0].length;
      }
      parts.push({ k: 'lit', value: text.slice(last), pos });
      return { k: 'tmpl', parts, pos };
    }
    const call: Expr = { k: 'call', callee, args, kwargs: [], pos };
    // d.TryGetValue("k", out var v): v is d["k"]
    if (outs.length) {
      const items: Expr[] = [];
      const key = args[0]?.k === 'lit' ? String(args[0].value) : null;
      for (const o of outs) {
        const value: Expr = callee.k === 'member' && callee.prop === 'TryGetValue' ? { k: 'member', object: callee.object, prop: key, ...(key === null && args[0] ? { index: args[0] } : {}), pos } : call;
        items.push({ k: 'assign', target: { k: 'pname', name: o.name, pos: o.pos }, value, op: '=', pos });
      }
      items.push(call);
      return { k: 'seq', items, pos };
    }
    return call;
  }

  private creation(n: Node): Expr {
    const pos = this.pos(n);
    const t = n.childForFieldName('type');
    const tname = t ? (t.type === 'generic_name' ? named(t)[0]?.text ?? '' : t.text) : '';
    const { args } = this.args(n);
    const init = n.childForFieldName('initializer') ?? named(n).find((x) => x.type === 'initializer_expression') ?? null;
    if (init && args.length === 0) return this.initializer(init);
    if (tname === 'StringBuilder' && args[0]) return args[0];
    const parts = tname.split('.');
    let callee: Expr = { k: 'name', name: parts[0]!, pos };
    for (const p of parts.slice(1)) callee = { k: 'member', object: callee, prop: p, pos };
    return { k: 'new', callee, args, pos };
  }

  /** `{ A = x, B = y }`, `{ ["k"] = v }`, `{ { "k", v } }` → an object; `{ a, b }` → an array. */
  private initializer(n: Node): Expr {
    const pos = this.pos(n);
    const elems = named(n);
    if (!elems.length) return { k: 'obj', props: [], pos };
    const props: Prop[] = [];
    for (const e of elems) {
      if (e.type === 'assignment_expression') {
        const left = e.childForFieldName('left');
        const right = e.childForFieldName('right');
        let key: string | null = null;
        if (left?.type === 'identifier') key = left.text;
        else if (left?.type === 'element_binding_expression' || left?.type === 'implicit_element_access') {
          const k = named(named(left)[0])[0] ?? named(left)[0] ?? null;
          key = k && (k.type === 'string_literal' || k.type === 'verbatim_string_literal') ? stringText(k) : null;
        }
        if (key === null) continue;
        this.noteString(key, right);
        props.push({ key, value: right?.type === 'initializer_expression' ? this.initializer(right) : this.expr(right), pos: this.pos(e) });
      } else if (e.type === 'initializer_expression') {
        const [k, v] = named(e);
        const key = k && (k.type === 'string_literal' || k.type === 'verbatim_string_literal') ? stringText(k) : null;
        if (key === null || !v) return { k: 'arr', items: elems.map((x) => this.expr(x)), pos };
        this.noteString(key, v);
        props.push({ key, value: this.expr(v), pos: this.pos(e) });
      } else return { k: 'arr', items: elems.map((x) => this.expr(x)), pos };
    }
    return { k: 'obj', props, pos };
  }
}

function stringText(n: Node): string | null {
  if (n.type === 'verbatim_string_literal') return n.text.replace(/^@"/, '').replace(/"$/, '').replace(/""/g, '"');
  if (n.type === 'raw_string_literal') return n.text.replace(/^"{3,}\r?\n?/, '').replace(/\r?\n?\s*"{3,}$/, '');
  let s = '';
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_literal_content') s += c.text;
    else if (c.type === 'escape_sequence') s += unescapeCs(c.text);
  }
  return s;
}

function unescapeCs(seq: string): string {
  switch (seq) {
    case '\\n':
      return '\n';
    case '\\t':
      return '\t';
    case '\\"':
      return '"';
    case "\\'":
      return "'";
    case '\\\\':
      return '\\';
    case '{{':
      return '{';
    case '}}':
      return '}';
    default:
      return seq;
  }
}
