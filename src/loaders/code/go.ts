/**
 * Go → handler IR, through web-tree-sitter and tree-sitter-go. A file is a module: its functions,
 * package variables (and then its `init` functions) at module level; a struct type is an IR class
 * whose methods are the type's methods (the receiver is `this`) and whose constructor copies the
 * fields of a composite literal (`&Handler{db: client}`). The handler is what `main` passes to
 * `lambda.Start` (or `StartWithOptions`, `StartHandler`): the export `handler` runs `main` up to
 * that call and returns its argument. Idioms lowered to plain data: `aws.String(x)` and other
 * pointer helpers are `x`; `json.Unmarshal(data, &v)` assigns `data` to `v`; `fmt.Sprintf`
 * keeps its text; `sb.WriteString(x)` appends to `sb`; `v, err := f()` binds `f()` to `v`.
 */
import type { SNode as Node } from './snode.js';
import type { Expr, IrClass, IrFunction, IrModule, Param, Pattern, Pos, Prop, Stmt } from '../../model/code-ir.js';
import { lowerTree, named, TreeLowering, ZERO, type LiteralKind, type LowerOptions, type SimpleStatement } from './tree.js';

const START = /^(Start|StartWithOptions|StartHandler|StartHandlerFunc|StartWithContext)$/;
/** Pointer and value helpers of the SDKs (aws.String, aws.ToString, …). */
const AWS_HELPER = /^(String|ToString|Int|Int32|Int64|ToInt32|ToInt64|Bool|ToBool|Float64|StringSlice|StringMap|Time)$/;
/** `go f()` and `defer f()` run the call; the first result of `return` is special (below). */
const SIMPLE: ReadonlyMap<string, SimpleStatement> = new Map([
  ['go_statement', 'effect'],
  ['defer_statement', 'effect'],
  ['break_statement', 'jump'],
  ['continue_statement', 'jump'],
  ['goto_statement', 'jump'],
  ['fallthrough_statement', 'jump'],
]);
const LITERALS: ReadonlyMap<string, LiteralKind> = new Map([
  ['int_literal', 'number'],
  ['float_literal', 'number'],
  ['imaginary_literal', 'number'],
  ['true', 'true'],
  ['false', 'false'],
  ['nil', 'null'],
  ['iota', 'null'],
]);
const CONVERSIONS = new Set(['string', 'byte', 'rune']);
const NUMERIC = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'bool', 'len', 'cap']);


/** Requires `loadGrammar('go')` to have resolved. */
export function lowerGo(file: string, text: string, options: LowerOptions = {}): IrModule {
  return lowerTree('go', file, text, options, (f, lines) => new GoLowering(f, lines));
}


/** The package name an import path binds (`…/pgx/v5` → `pgx`, `gopkg.in/yaml.v3` → `yaml`). */
export function goPackageName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? path;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-go$/, '').replace(/[^A-Za-z0-9_]/g, '');
}

class GoLowering extends TreeLowering {
  /** Package alias → import path. */
  private readonly packages = new Map<string, string>();
  private readonly structs = new Map<string, string[]>();
  private readonly methods = new Map<string, IrClass['methods']>();


  override program(root: Node): Stmt[] {
    const out: Stmt[] = [];
    const inits: Stmt[] = [];
    const decls = named(root);
    for (const d of decls) if (d.type === 'import_declaration') this.importDecl(d);
    for (const d of decls) if (d.type === 'type_declaration') this.typeDecl(d);
    const names = new Set<string>();
    let main: Node | null = null;
    for (const d of decls) {
      const pos = this.pos(d);
      switch (d.type) {
        case 'function_declaration': {
          const name = d.childForFieldName('name')?.text ?? '<fn>';
          if (name === 'init') {
            const fname = `init#${inits.length}`;
            out.push({ k: 'func', name: fname, fn: this.fn(d), pos });
            inits.push({ k: 'expr', expr: { k: 'call', callee: { k: 'name', name: fname, pos }, args: [], kwargs: [], pos }, pos });
            continue;
          }
          if (name === 'main') main = d;
          out.push({ k: 'func', name, fn: this.fn(d), pos });
          names.add(name);
          break;
        }
        case 'method_declaration': {
          const recv = named(d.childForFieldName('receiver'))[0];
          const typeName = recv ? baseType(recv.childForFieldName('type')) : null;
          if (!typeName) break;
          const fn = this.fn(d, recv?.childForFieldName('name')?.text ?? null);
          const list = this.methods.get(typeName) ?? [];
          list.push({ name: d.childForFieldName('name')?.text ?? '<method>', fn, isStatic: false });
          this.methods.set(typeName, list);
          break;
        }
        case 'var_declaration':
        case 'const_declaration':
          for (const spec of named(d).flatMap((s) => (s.type === 'var_spec_list' || s.type === 'const_spec_list' ? named(s) : [s]))) {
            for (const s of this.varSpec(spec)) {
              out.push(s);
              if (s.k === 'var' && s.target.k === 'pname') names.add(s.target.name);
            }
          }
          break;
        default:
          break;
      }
    }
    for (const [name, fields] of this.structs) {
      const pos = ZERO;
      // the constructor copies the fields of the composite literal it is given
      const init: Stmt[] = fields.map((f) => ({ k: 'expr', expr: { k: 'assign', target: { k: 'pexpr', expr: this.member({ k: 'name', name: 'this', pos }, f, pos), pos }, value: this.member({ k: 'name', name: '$init', pos }, f, pos), op: '=', pos }, pos }) as Stmt);
      const methods: IrClass['methods'] = [{ name: 'constructor', fn: { name: 'constructor', params: [{ pattern: { k: 'pname', name: '$init', pos } }], body: init, pos }, isStatic: false }, ...(this.methods.get(name) ?? [])];
      out.unshift({ k: 'class', name, cls: { name, methods, pos }, pos });
      names.add(name);
    }
    out.push(...inits);
    for (const n of [...names].sort()) this.exports.push({ name: n, value: { k: 'name', name: n, pos: ZERO }, pos: ZERO });
    if (main) {
      const handler = this.handlerOf(main);
      if (handler) this.exports.push({ name: 'handler', value: handler, pos: this.pos(main) });
    }
    return out;
  }

  /** `main` up to `lambda.Start(h)`, returning `h`. */
  private handlerOf(main: Node): Expr | null {
    const fn = this.fn(main);
    let found = false;
    const rewrite = (stmts: Stmt[]): Stmt[] =>
      stmts.map((s) => {
        if (s.k === 'expr' && s.expr.k === 'call' && s.expr.callee.k === 'member' && s.expr.callee.prop && START.test(s.expr.callee.prop) && s.expr.callee.object.k === 'name' && this.packages.get(s.expr.callee.object.name)?.endsWith('aws-lambda-go/lambda')) {
          found = true;
          return { k: 'return', arg: s.expr.args[0] ?? null, pos: s.pos } as Stmt;
        }
        if (s.k === 'if') return { ...s, then: rewrite(s.then), else: rewrite(s.else) };
        if (s.k === 'block') return { ...s, body: rewrite(s.body) };
        return s;
      });
    const body = rewrite(fn.body);
    if (!found) return null;
    return { k: 'call', callee: { k: 'fn', fn: { ...fn, name: 'main', body }, pos: fn.pos }, args: [], kwargs: [], pos: fn.pos };
  }

  private importDecl(n: Node): void {
    const specs = named(n).flatMap((c) => (c.type === 'import_spec_list' ? named(c) : [c]));
    for (const s of specs) {
      if (s.type !== 'import_spec') continue;
      const path = stringText(s.childForFieldName('path')) ?? '';
      const alias = s.childForFieldName('name')?.text;
      if (alias === '_') continue;
      const local = alias && alias !== '.' ? alias : goPackageName(path);
      this.packages.set(local, path);
      this.imports.push({ local, source: path, imported: '*', resolved: null, pos: this.pos(s) });
    }
  }

  private typeDecl(n: Node): void {
    for (const spec of named(n)) {
      if (spec.type !== 'type_spec') continue;
      const name = spec.childForFieldName('name')?.text;
      const t = spec.childForFieldName('type');
      if (!name || t?.type !== 'struct_type') continue;
      const fields: string[] = [];
      for (const fl of named(named(t)[0])) {
        if (fl.type !== 'field_declaration') continue;
        const ns = fl.childrenForFieldName('name').filter((x): x is Node => !!x);
        if (ns.length) for (const f of ns) fields.push(f.text);
        else {
          const emb = baseType(fl.childForFieldName('type'));
          if (emb) fields.push(emb);
        }
      }
      this.structs.set(name, fields);
    }
  }

  /** Declared type, qualified by its import path (`*dynamodb.Client` → `github.com/…/dynamodb.Client`). */
  typeName(n: Node | null): string | undefined {
    if (!n) return undefined;
    let t: Node | null = n;
    while (t && (t.type === 'pointer_type' || t.type === 'parenthesized_type')) t = named(t)[0] ?? null;
    if (!t) return undefined;
    if (t.type === 'qualified_type') {
      const pkg = t.childForFieldName('package')?.text ?? '';
      const name = t.childForFieldName('name')?.text ?? '';
      const path = this.packages.get(pkg);
      return path ? `${path}.${name}` : `${pkg}.${name}`;
    }
    if (t.type === 'type_identifier' && !CONVERSIONS.has(t.text) && !NUMERIC.has(t.text) && t.text !== 'error') return t.text;
    return undefined;
  }

  private fn(n: Node, receiver: string | null = null): IrFunction {
    const params = this.params(n.childForFieldName('parameters'));
    const body = this.block(n.childForFieldName('body'));
    if (receiver && receiver !== '_') body.unshift({ k: 'var', target: { k: 'pname', name: receiver, pos: ZERO }, init: { k: 'name', name: 'this', pos: ZERO }, pos: ZERO });
    return { name: n.childForFieldName('name')?.text ?? null, params, body, pos: this.pos(n) };
  }

  private params(n: Node | null): Param[] {
    const out: Param[] = [];
    for (const p of named(n)) {
      if (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration') continue;
      const type = this.typeName(p.childForFieldName('type'));
      const names = p.childrenForFieldName('name').filter((x): x is Node => !!x);
      if (!names.length) out.push({ pattern: { k: 'pname', name: '_', pos: this.pos(p) }, ...(type ? { type } : {}) });
      for (const nm of names) out.push({ pattern: { k: 'pname', name: nm.text, pos: this.pos(nm) }, ...(type ? { type } : {}), ...(p.type === 'variadic_parameter_declaration' ? { rest: true } : {}) });
    }
    return out;
  }

  private varSpec(spec: Node): Stmt[] {
    const names = spec.childrenForFieldName('name').filter((x): x is Node => !!x);
    const type = this.typeName(spec.childForFieldName('type'));
    const values = named(spec.childForFieldName('value'));
    return this.assignList(names, values, this.pos(spec), true, type);
  }

  /** `a, b := f()` binds `f()` to `a`; `a, b := x, y` pairs them. */
  private assignList(left: Node[], right: Node[], pos: Pos, declare: boolean, type?: string, op = '='): Stmt[] {
    const out: Stmt[] = [];
    left.forEach((l, i) => {
      if (l.text === '_') {
        if (right[i] && right.length === left.length) out.push({ k: 'expr', expr: this.expr(right[i]!), pos });
        return;
      }
      const valueNode = right.length === left.length ? right[i] : i === 0 ? right[0] : undefined;
      if (valueNode && l.type === 'identifier') this.noteString(l.text, valueNode);
      const value: Expr | null = valueNode ? this.expr(valueNode) : null;
      if (l.type === 'identifier' && declare) out.push({ k: 'var', target: { k: 'pname', name: l.text, pos: this.pos(l) }, init: value, pos, ...(type ? { type } : {}) });
      else {
        const target = this.expr(l);
        out.push({ k: 'expr', expr: { k: 'assign', target: target.k === 'name' ? { k: 'pname', name: target.name, pos: target.pos } : { k: 'pexpr', expr: target, pos: target.pos }, value: value ?? { k: 'unknown', pos }, op, pos }, pos });
      }
    });
    // `_, err := f()`: f still runs
    if (right.length !== left.length && right.length === 1 && left[0]?.text === '_') out.unshift({ k: 'expr', expr: this.expr(right[0]!), pos });
    return out;
  }

  // ----- statements ---------------------------------------------------------------------------

  block(n: Node | null): Stmt[] {
    const out: Stmt[] = [];
    if (!n) return out;
    for (const c of named(n)) {
      if (c.type === 'statement_list') for (const s of named(c)) this.isolated(s, out, (x, o) => this.stmt(x, o));
      else this.isolated(c, out, (x, o) => this.stmt(x, o));
    }
    return out;
  }

  stmt(n: Node, out: Stmt[]): void {
    if (this.simpleStmt(n, out, SIMPLE)) return;
    const pos = this.pos(n);
    switch (n.type) {
      case 'expression_statement': {
        const e = named(n)[0];
        if (e) out.push({ k: 'expr', expr: this.exprStatement(e), pos });
        return;
      }
      case 'short_var_declaration':
        out.push(...this.assignList(named(n.childForFieldName('left')), named(n.childForFieldName('right')), pos, true));
        return;
      case 'assignment_statement': {
        const op = n.childForFieldName('operator')?.text ?? '=';
        out.push(...this.assignList(named(n.childForFieldName('left')), named(n.childForFieldName('right')), pos, false, undefined, op));
        return;
      }
      case 'var_declaration':
      case 'const_declaration':
        for (const spec of named(n).flatMap((s) => (s.type.endsWith('_spec_list') ? named(s) : [s]))) out.push(...this.varSpec(spec));
        return;
      case 'inc_statement':
      case 'dec_statement':
        return;
      case 'return_statement': {
        const list = named(n)[0];
        const first = list ? (list.type === 'expression_list' ? named(list)[0] : list) : undefined;
        // the first result is the value; the others are errors
        out.push({ k: 'return', arg: first ? this.expr(first) : null, pos });
        return;
      }
      case 'if_statement': {
        const init = n.childForFieldName('initializer');
        if (init) this.stmt(init, out);
        const alt = n.childForFieldName('alternative');
        const elseBody: Stmt[] = [];
        if (alt) {
          if (alt.type === 'block') elseBody.push(...this.block(alt));
          else this.stmt(alt, elseBody);
        }
        out.push({ k: 'if', test: this.expr(n.childForFieldName('condition')), then: this.block(n.childForFieldName('consequence')), else: elseBody, pos });
        return;
      }
      case 'for_statement': {
        const body = this.block(n.childForFieldName('body'));
        const clause = named(n).find((c) => c.type === 'for_clause' || c.type === 'range_clause');
        if (clause?.type === 'range_clause') {
          const left = named(clause.childForFieldName('left'));
          const iter = this.expr(clause.childForFieldName('right'));
          // `for _, v := range xs`: v is an element; `for k := range m`: k is a key
          const target = left.length > 1 ? left[1]! : left[0];
          const pattern: Pattern = target && target.text !== '_' ? { k: 'pname', name: target.text, pos: this.pos(target) } : { k: 'pname', name: '_', pos };
          out.push({ k: 'loop', each: { target: pattern, iter }, test: null, body, pos });
          return;
        }
        if (clause?.type === 'for_clause') {
          const init = clause.childForFieldName('initializer');
          if (init) this.stmt(init, out);
          const update = clause.childForFieldName('update');
          if (update) this.stmt(update, body);
          const cond = clause.childForFieldName('condition');
          out.push({ k: 'loop', each: null, test: cond ? this.expr(cond) : null, body, pos });
          return;
        }
        const cond = named(n).find((c) => c.type !== 'block');
        out.push({ k: 'loop', each: null, test: cond ? this.expr(cond) : null, body, pos });
        return;
      }
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement': {
        const init = n.childForFieldName('initializer');
        if (init) this.stmt(init, out);
        const value = n.childForFieldName('value');
        if (value) out.push({ k: 'expr', expr: this.expr(value), pos });
        for (const c of named(n)) {
          if (!/case|default_case|communication_case/.test(c.type)) continue;
          const stmts: Stmt[] = [];
          for (const s of named(c)) {
            if (s.type === 'statement_list') for (const x of named(s)) this.stmt(x, stmts);
            else if (/statement|declaration/.test(s.type)) this.stmt(s, stmts);
          }
          out.push({ k: 'if', test: { k: 'unknown', pos: this.pos(c) }, then: stmts, else: [], pos: this.pos(c) });
        }
        return;
      }
      case 'block':
        out.push({ k: 'block', body: this.block(n), pos });
        return;
      case 'labeled_statement':
        for (const c of named(n)) if (c.type !== 'label_name') this.stmt(c, out);
        return;
      case 'send_statement': {
        const v = n.childForFieldName('value');
        if (v) out.push({ k: 'expr', expr: this.expr(v), pos });
        return;
      }
      default:
        return;
    }
  }

  /** Calls that write through a pointer argument or into a builder. */
  private exprStatement(n: Node): Expr {
    if (n.type === 'call_expression') {
      const fnNode = n.childForFieldName('function');
      const args = named(n.childForFieldName('arguments'));
      const pos = this.pos(n);
      if (fnNode?.type === 'selector_expression') {
        const field = fnNode.childForFieldName('field')?.text ?? '';
        const operand = fnNode.childForFieldName('operand');
        // json.Unmarshal(data, &v) / yaml.Unmarshal / xml.Unmarshal: v holds the data
        if (field === 'Unmarshal' && args.length === 2) return this.assignTo(args[1]!, this.expr(args[0]!), pos);
        // json.NewDecoder(r).Decode(&v)
        if (field === 'Decode' && args.length === 1 && operand?.type === 'call_expression') return this.assignTo(args[0]!, this.expr(operand), pos);
        // sb.WriteString(x) / buf.WriteString(x)
        if ((field === 'WriteString' || field === 'Write') && args.length === 1 && operand && (operand.type === 'identifier' || operand.type === 'selector_expression')) {
          const target = this.expr(operand);
          return { k: 'assign', target: target.k === 'name' ? { k: 'pname', name: target.name, pos } : { k: 'pexpr', expr: target, pos }, value: this.expr(args[0]!), op: '+=', pos };
        }
      }
    }
    return this.expr(n);
  }

  private assignTo(target: Node, value: Expr, pos: Pos): Expr {
    let t: Node | null = target;
    while (t && t.type === 'unary_expression') t = t.childForFieldName('operand');
    if (!t) return value;
    const e = this.expr(t);
    return { k: 'assign', target: e.k === 'name' ? { k: 'pname', name: e.name, pos } : { k: 'pexpr', expr: e, pos }, value, op: '=', pos };
  }

  private noteString(name: string | null, value: Node | null): void {
    if (!value || (value.type !== 'interpreted_string_literal' && value.type !== 'raw_string_literal')) return;
    const s = stringText(value);
    if (s !== null) this.strings.push({ value: s, name, pos: this.pos(value) });
  }

  // ----- expressions --------------------------------------------------------------------------

  private member(object: Expr, prop: string, pos: Pos): Expr {
    return { k: 'member', object, prop, pos };
  }

  expr(n: Node | null): Expr {
    if (!n) return { k: 'unknown', pos: ZERO };
    const lit = this.simpleLiteral(n, LITERALS);
    if (lit) return lit;
    const pos = this.pos(n);
    switch (n.type) {
      case 'identifier':
      case 'field_identifier':
      case 'package_identifier':
      case 'type_identifier':
        return { k: 'name', name: n.text, pos };
      case 'interpreted_string_literal':
      case 'raw_string_literal': {
        const s = stringText(n) ?? '';
        if (s.length >= 16 && !this.strings.some((x) => x.pos.line === pos.line && x.pos.column === pos.column)) this.strings.push({ value: s, name: null, pos });
        return { k: 'lit', value: s, pos };
      }
      case 'rune_literal':
        return { k: 'lit', value: n.text.slice(1, -1), pos };
      case 'parenthesized_expression':
        return this.expr(named(n)[0] ?? null);
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.text ?? '';
        const operand = this.expr(n.childForFieldName('operand'));
        if (op === '&' || op === '*' || op === '<-') return operand;
        return { k: 'unary', op: op === '!' ? '!' : op, arg: operand, pos };
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text ?? '+';
        return { k: 'bin', op: op === '==' ? '===' : op === '!=' ? '!==' : op, left: this.expr(n.childForFieldName('left')), right: this.expr(n.childForFieldName('right')), pos };
      }
      case 'selector_expression':
        return this.member(this.expr(n.childForFieldName('operand')), n.childForFieldName('field')?.text ?? '', pos);
      case 'index_expression': {
        const object = this.expr(n.childForFieldName('operand'));
        const index = n.childForFieldName('index');
        if (index && (index.type === 'interpreted_string_literal' || index.type === 'raw_string_literal')) return { k: 'member', object, prop: stringText(index) ?? '', pos };
        if (index?.type === 'int_literal') return { k: 'member', object, prop: index.text, pos };
        return { k: 'member', object, prop: null, index: this.expr(index), pos };
      }
      case 'slice_expression':
        return this.expr(n.childForFieldName('operand'));
      case 'type_assertion_expression':
        return this.expr(n.childForFieldName('operand'));
      case 'type_conversion_expression': {
        const t = n.childForFieldName('type')?.text ?? '';
        const operand = this.expr(n.childForFieldName('operand'));
        return NUMERIC.has(t) ? { k: 'call', callee: { k: 'name', name: t, pos }, args: [operand], kwargs: [], pos } : operand;
      }
      case 'call_expression':
        return this.call(n);
      case 'composite_literal':
        return this.composite(n);
      case 'literal_value':
        return this.literal(n, null);
      case 'func_literal':
        return { k: 'fn', fn: this.fn(n), pos };
      default:
        return { k: 'unknown', pos };
    }
  }

  private call(n: Node): Expr {
    const pos = this.pos(n);
    const fnNode = n.childForFieldName('function');
    const argNodes = named(n.childForFieldName('arguments'));
    if (fnNode?.type === 'identifier' && (CONVERSIONS.has(fnNode.text) || fnNode.text === 'append' && false)) return argNodes[0] ? this.expr(argNodes[0]) : { k: 'unknown', pos };
    if (fnNode?.type === 'identifier' && NUMERIC.has(fnNode.text)) return { k: 'call', callee: { k: 'name', name: fnNode.text, pos }, args: argNodes.map((a) => this.expr(a)), kwargs: [], pos };
    if (fnNode?.type === 'parenthesized_expression' || fnNode?.type === 'array_type' || fnNode?.type === 'slice_type') return argNodes[0] ? this.expr(argNodes[0]) : { k: 'unknown', pos };
    if (fnNode?.type === 'selector_expression') {
      const operand = fnNode.childForFieldName('operand');
      const field = fnNode.childForFieldName('field')?.text ?? '';
      const pkg = operand?.type === 'identifier' ? this.packages.get(operand.text) : undefined;
      // aws.String(x): the value itself
      if (pkg && /aws-sdk-go(-v2)?\/aws$/.test(pkg) && AWS_HELPER.test(field) && argNodes[0]) return this.expr(argNodes[0]);
      // fmt.Sprintf("…%s…", x) keeps its text
      if (pkg === 'fmt' && field === 'Sprintf' && argNodes[0] && /string_literal$/.test(argNodes[0].type)) return this.format(argNodes[0], argNodes.slice(1), pos);
      // exec.CommandContext(ctx, name, args…) runs what exec.Command(name, args…) runs
      if (pkg === 'os/exec' && field === 'CommandContext') return { k: 'call', callee: this.member(this.expr(operand), 'Command', pos), args: argNodes.slice(1).map((a) => this.expr(a)), kwargs: [], pos };
      if ((field === 'String' || field === 'Bytes') && argNodes.length === 0 && !pkg) return this.expr(operand);
    }
    const args: Expr[] = [];
    for (const a of argNodes) args.push(a.type === 'variadic_argument' ? { k: 'spread', arg: this.expr(named(a)[0] ?? null), pos: this.pos(a) } : this.expr(a));
    // a trailing `xs...`
    if (n.childForFieldName('arguments')?.text.endsWith('...)') && args.length) {
      const last = args[args.length - 1]!;
      if (last.k !== 'spread') args[args.length - 1] = { k: 'spread', arg: last, pos: last.pos };
    }
    return { k: 'call', callee: this.expr(fnNode), args, kwargs: [], pos };
  }

  private format(fmt: Node, args: Node[], pos: Pos): Expr {
    const text = stringText(fmt) ?? '';
    const parts: Expr[] = [];
    let i = 0;
    let last = 0;
    const re = /%[-#+ 0]*\d*(?:\.\d+)?[a-zA-Z%]/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      parts.push({ k: 'lit', value: text.slice(last, m.index), pos });
      if (m[0] === '%%') parts.push({ k: 'lit', value: '%', pos });
      else if (/[dfegxXob]$/.test(m[0]) && args[i]) parts.push({ k: 'call', callee: { k: 'name', name: 'int', pos }, args: [this.expr(args[i++]!)], kwargs: [], pos });
      else parts.push(args[i] ? this.expr(args[i++]!) : { k: 'unknown', pos });
      last = m.index + m[0].length;
    }
    parts.push({ k: 'lit', value: text.slice(last), pos });
    return { k: 'tmpl', parts, pos };
  }

  private composite(n: Node): Expr {
    const pos = this.pos(n);
    const t = n.childForFieldName('type');
    const body = n.childForFieldName('body');
    const lit = this.literal(body, t);
    if (t?.type !== 'type_identifier' || CONVERSIONS.has(t.text) || NUMERIC.has(t.text)) return lit;
    const made: Expr = { k: 'new', callee: { k: 'name', name: t.text, pos }, args: [lit], pos };
    if (this.structs.has(t.text)) return made;
    // a type of another file of the package: its methods when it is a struct there, the fields either way
    return { k: 'cond', test: { k: 'unknown', pos }, then: made, else: lit, pos };
  }

  /** `{Key: v}` → object; `{a, b}` → array; map literals with string keys → object. */
  private literal(body: Node | null, type: Node | null): Expr {
    const pos = body ? this.pos(body) : ZERO;
    const elems = named(body);
    if (!elems.some((e) => e.type === 'keyed_element')) return { k: 'arr', items: elems.map((e) => this.element(e)), pos };
    const props: Prop[] = [];
    const isMap = type?.type === 'map_type';
    for (const e of elems) {
      if (e.type !== 'keyed_element') continue;
      const k = e.childForFieldName('key') ?? named(e)[0] ?? null;
      const v = e.childForFieldName('value') ?? named(e)[1] ?? null;
      const kn = k && k.type === 'literal_element' ? named(k)[0] ?? k : k;
      let key: string | null = null;
      if (kn && (kn.type === 'interpreted_string_literal' || kn.type === 'raw_string_literal')) key = stringText(kn);
      else if (kn && (kn.type === 'identifier' || kn.type === 'field_identifier') && !isMap) key = kn.text;
      const vn = v && v.type === 'literal_element' ? named(v)[0] ?? v : v;
      if (key !== null) {
        this.noteString(key, vn);
        props.push({ key, value: this.element(vn), pos: this.pos(e) });
      } else props.push({ key: null, keyExpr: this.expr(kn), value: this.element(vn), pos: this.pos(e) });
    }
    return { k: 'obj', props, pos };
  }

  private element(n: Node | null): Expr {
    if (!n) return { k: 'unknown', pos: ZERO };
    if (n.type === 'literal_element') return this.element(named(n)[0] ?? null);
    if (n.type === 'literal_value') return this.literal(n, null);
    return this.expr(n);
  }
}

function baseType(n: Node | null): string | null {
  let t: Node | null = n;
  while (t && (t.type === 'pointer_type' || t.type === 'generic_type')) t = named(t)[0] ?? null;
  return t?.type === 'type_identifier' ? t.text : null;
}

function stringText(n: Node | null): string | null {
  if (!n) return null;
  if (n.type === 'raw_string_literal') return n.text.slice(1, -1);
  if (n.type !== 'interpreted_string_literal') return null;
  let s = '';
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'interpreted_string_literal_content') s += c.text;
    else if (c.type === 'escape_sequence') s += c.text === '\\n' ? '\n' : c.text === '\\t' ? '\t' : c.text === '\\"' ? '"' : c.text === '\\\\' ? '\\' : c.text;
  }
  return s;
}
