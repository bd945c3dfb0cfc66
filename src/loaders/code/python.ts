/**
 * Python → handler IR, through web-tree-sitter and the grammar wasm of tree-sitter-python.
 * The grammar is loaded on first use (grammars.ts, asynchronously); lowering itself is synchronous. Trees are
 * deleted after lowering: they live in wasm memory.
 */
import type { Parser } from 'web-tree-sitter';
import type { SNode as Node } from './snode.js';
import type { Expr, IrClass, IrFunction, IrModule, KwArg, Param, Pattern, Prop, Stmt } from '../../model/code-ir.js';
import { grammarParser, loadGrammar } from './grammars.js';
import { lowerTree, TreeLowering, unescapeSimple, type LiteralKind, type LowerOptions, type SimpleStatement } from './tree.js';

export function initPythonParser(): Promise<Parser> {
  return loadGrammar('python');
}

export function pythonParserReady(): boolean {
  return grammarParser('python') !== null;
}

const SIMPLE: ReadonlyMap<string, SimpleStatement> = new Map([
  ['return_statement', 'return'],
  ['raise_statement', 'throw'],
  ['break_statement', 'jump'],
  ['continue_statement', 'jump'],
]);
const LITERALS: ReadonlyMap<string, LiteralKind> = new Map([
  ['integer', 'number'],
  ['float', 'number'],
  ['true', 'true'],
  ['false', 'false'],
  ['none', 'null'],
]);

/** Requires `initPythonParser()` to have resolved. */
export function lowerPython(file: string, text: string, options: LowerOptions = {}): IrModule {
  return lowerTree('python', file, text, options, (f, lines) => new PyLowering(f, lines));
}

class PyLowering extends TreeLowering {
  program(root: Node): Stmt[] {
    return this.block(root);
  }

  /** A module's names: its top-level functions, classes, assigned names and imported names. */
  override exportNames(body: Stmt[]): string[] {
    const names = new Set<string>();
    for (const s of body) {
      if (s.k === 'func' || s.k === 'class') names.add(s.name);
      else if (s.k === 'var' && s.target.k === 'pname') names.add(s.target.name);
      else if (s.k === 'expr' && s.expr.k === 'assign' && s.expr.target.k === 'pname') names.add(s.expr.target.name);
    }
    for (const i of this.imports) if (i.local) names.add(i.local);
    return [...names].sort();
  }

  block(n: Node | null): Stmt[] {
    const out: Stmt[] = [];
    if (!n) return out;
    for (const c of n.namedChildren) {
      if (!c) continue;
      try {
        this.stmt(c, out);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        this.tooDeep.push(this.pos(c));
      }
    }
    return out;
  }

  stmt(n: Node, out: Stmt[]): void {
    if (this.simpleStmt(n, out, SIMPLE)) return;
    const pos = this.pos(n);
    switch (n.type) {
      case 'expression_statement':
        for (const c of n.namedChildren) if (c) out.push(this.exprStmt(c));
        return;
      case 'function_definition': {
        const name = n.childForFieldName('name')?.text ?? '<fn>';
        out.push({ k: 'func', name, fn: this.fn(n), pos });
        return;
      }
      case 'decorated_definition': {
        const d = n.childForFieldName('definition');
        if (d?.type === 'function_definition') {
          const decorators = n.namedChildren.filter((x): x is Node => x?.type === 'decorator').map((x) => this.expr(x.namedChildren.find((c) => c?.type !== 'comment') ?? null));
          out.push({ k: 'func', name: d.childForFieldName('name')?.text ?? '<fn>', fn: this.fn(d), pos: this.pos(d), ...(decorators.length ? { decorators } : {}) });
        } else if (d) this.stmt(d, out);
        return;
      }
      case 'class_definition': {
        const name = n.childForFieldName('name')?.text ?? '<class>';
        out.push({ k: 'class', name, cls: this.cls(n), pos });
        return;
      }
      case 'if_statement': {
        const alts = n.childrenForFieldName('alternative').filter((x): x is Node => !!x);
        let elseBody: Stmt[] = [];
        for (let i = alts.length - 1; i >= 0; i--) {
          const a = alts[i]!;
          if (a.type === 'else_clause') elseBody = this.block(a.childForFieldName('body'));
          else elseBody = [{ k: 'if', test: this.expr(a.childForFieldName('condition')), then: this.block(a.childForFieldName('consequence')), else: elseBody, pos: this.pos(a) }];
        }
        out.push({ k: 'if', test: this.expr(n.childForFieldName('condition')), then: this.block(n.childForFieldName('consequence')), else: elseBody, pos });
        return;
      }
      case 'for_statement': {
        const body = this.block(n.childForFieldName('body'));
        const alt = n.childForFieldName('alternative');
        out.push({ k: 'loop', each: { target: this.pattern(n.childForFieldName('left')), iter: this.expr(n.childForFieldName('right')) }, test: null, body, pos });
        if (alt) out.push(...this.block(alt.childForFieldName('body') ?? alt));
        return;
      }
      case 'while_statement':
        out.push({ k: 'loop', each: null, test: this.expr(n.childForFieldName('condition')), body: this.block(n.childForFieldName('body')), pos });
        return;
      case 'try_statement': {
        const body = this.block(n.childForFieldName('body'));
        let handlerBody: Stmt[] = [];
        let finalizer: Stmt[] = [];
        // `except E as e`: the first name is the handler's parameter; another clause's name is bound to it
        let param: Extract<Pattern, { k: 'pname' }> | null = null;
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'except_clause' || c.type === 'except_group_clause') {
            const blk = c.namedChildren.find((x) => x?.type === 'block') ?? null;
            const as = c.namedChildren.find((x) => x?.type === 'as_pattern');
            const alias = as?.childForFieldName('alias')?.namedChildren[0] ?? null;
            const clause = this.block(blk);
            if (alias?.type === 'identifier') {
              if (!param) param = { k: 'pname', name: alias.text, pos: this.pos(alias) };
              else if (alias.text !== param.name) clause.unshift({ k: 'var', target: { k: 'pname', name: alias.text, pos: this.pos(alias) }, init: { k: 'name', name: param.name, pos: this.pos(alias) }, pos: this.pos(alias) });
            }
            handlerBody = handlerBody.concat(clause);
          } else if (c.type === 'else_clause') body.push(...this.block(c.childForFieldName('body')));
          else if (c.type === 'finally_clause') finalizer = this.block(c.namedChildren.find((x) => x?.type === 'block') ?? null);
        }
        out.push({ k: 'try', body, handler: handlerBody.length || param ? { param, body: handlerBody } : null, finalizer, pos });
        return;
      }
      case 'with_statement': {
        const clause = n.namedChildren.find((x) => x?.type === 'with_clause');
        for (const item of clause?.namedChildren ?? []) {
          if (!item) continue;
          const v = item.childForFieldName('value') ?? item.namedChildren[0];
          if (!v) continue;
          if (v.type === 'as_pattern') {
            const target = v.childForFieldName('alias')?.namedChildren[0] ?? null;
            const value = this.expr(v.namedChildren[0] ?? null);
            if (target) out.push({ k: 'var', target: this.pattern(target), init: value, pos: this.pos(item) });
            else out.push({ k: 'expr', expr: value, pos: this.pos(item) });
          } else out.push({ k: 'expr', expr: this.expr(v), pos: this.pos(item) });
        }
        out.push({ k: 'block', body: this.block(n.childForFieldName('body')), pos });
        return;
      }
      case 'import_statement':
        for (const c of n.childrenForFieldName('name')) {
          if (!c) continue;
          if (c.type === 'aliased_import') {
            const source = c.childForFieldName('name')?.text ?? '';
            this.imports.push({ local: c.childForFieldName('alias')?.text ?? source, source, imported: '*', resolved: null, pos: this.pos(c) });
          } else {
            // `import os.path` binds `os`
            const source = c.text;
            this.imports.push({ local: source.split('.')[0]!, source: source.split('.')[0]!, imported: '*', resolved: null, pos: this.pos(c) });
            if (source.includes('.')) this.imports.push({ local: null, source, imported: '*', resolved: null, pos: this.pos(c) });
          }
        }
        return;
      case 'import_from_statement': {
        const source = n.childForFieldName('module_name')?.text ?? '';
        const names = n.childrenForFieldName('name').filter((x): x is Node => !!x);
        if (names.length === 0) {
          this.imports.push({ local: null, source, imported: '*', resolved: null, pos });
          return;
        }
        for (const c of names) {
          if (c.type === 'aliased_import') {
            const imported = c.childForFieldName('name')?.text ?? '';
            this.imports.push({ local: c.childForFieldName('alias')?.text ?? imported, source, imported, resolved: null, pos: this.pos(c) });
          } else this.imports.push({ local: c.text, source, imported: c.text, resolved: null, pos: this.pos(c) });
        }
        return;
      }
      case 'block':
        out.push({ k: 'block', body: this.block(n), pos });
        return;
      case 'assert_statement':
      case 'delete_statement':
        for (const c of n.namedChildren) if (c) out.push({ k: 'expr', expr: this.expr(c), pos: this.pos(c) });
        return;
      case 'match_statement': {
        const subject = n.childForFieldName('subject');
        if (subject) out.push({ k: 'expr', expr: this.expr(subject), pos: this.pos(subject) });
        const body = n.childForFieldName('body');
        for (const c of body?.namedChildren ?? []) {
          if (c?.type === 'case_clause') out.push({ k: 'if', test: { k: 'unknown', pos: this.pos(c) }, then: this.block(c.childForFieldName('consequence')), else: [], pos: this.pos(c) });
        }
        return;
      }
      default:
        return; // pass, global, nonlocal, comments, ERROR
    }
  }

  exprStmt(n: Node): Stmt {
    const pos = this.pos(n);
    if (n.type === 'assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left && right) {
        this.noteString(left, right);
        // `a = b = c`: the right side may itself be an assignment
        const value = right.type === 'assignment' ? this.assignExpr(right) : this.expr(right);
        return { k: 'var', target: this.pattern(left), init: value, pos };
      }
      return { k: 'expr', expr: { k: 'unknown', pos }, pos };
    }
    if (n.type === 'augmented_assignment') {
      const op = n.childForFieldName('operator')?.text ?? '+=';
      return { k: 'expr', expr: { k: 'assign', target: this.pattern(n.childForFieldName('left')), value: this.expr(n.childForFieldName('right')), op, pos }, pos };
    }
    return { k: 'expr', expr: this.expr(n), pos };
  }

  assignExpr(n: Node): Expr {
    const right = n.childForFieldName('right');
    return { k: 'assign', target: this.pattern(n.childForFieldName('left')), value: right ? (right.type === 'assignment' ? this.assignExpr(right) : this.expr(right)) : { k: 'unknown', pos: this.pos(n) }, op: '=', pos: this.pos(n) };
  }

  noteString(nameNode: Node | null, value: Node | null): void {
    if (!value || value.type !== 'string') return;
    if (value.namedChildren.some((c) => c?.type === 'interpolation')) return;
    const name = nameNode ? (nameNode.type === 'identifier' ? nameNode.text : nameNode.type === 'attribute' ? nameNode.childForFieldName('attribute')?.text ?? null : nameNode.type === 'subscript' ? stringText(nameNode.childForFieldName('subscript')) : null) : null;
    this.strings.push({ value: stringText(value) ?? '', name, pos: this.pos(value) });
  }

  fn(n: Node): IrFunction {
    const params = this.params(n.childForFieldName('parameters'));
    const bodyNode = n.childForFieldName('body');
    const body = n.type === 'lambda' ? (bodyNode ? [{ k: 'return', arg: this.expr(bodyNode), pos: this.pos(bodyNode) } as Stmt] : []) : this.block(bodyNode);
    return { name: n.childForFieldName('name')?.text ?? null, params, body, pos: this.pos(n) };
  }

  params(n: Node | null): Param[] {
    const out: Param[] = [];
    for (const p of n?.namedChildren ?? []) {
      if (!p) continue;
      switch (p.type) {
        case 'identifier':
          out.push({ pattern: { k: 'pname', name: p.text, pos: this.pos(p) } });
          break;
        case 'typed_parameter': {
          const inner = p.namedChildren[0];
          const hint = p.childForFieldName('type')?.text;
          if (inner?.type === 'identifier') out.push({ pattern: { k: 'pname', name: inner.text, pos: this.pos(inner) }, ...(hint ? { hint } : {}) });
          else if (inner) out.push({ pattern: { k: 'pname', name: inner.namedChildren[0]?.text ?? '_', pos: this.pos(inner) }, rest: true });
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = p.childForFieldName('name');
          const value = p.childForFieldName('value');
          const hint = p.childForFieldName('type')?.text;
          if (name) out.push({ pattern: { k: 'pdefault', target: { k: 'pname', name: name.text, pos: this.pos(name) }, value: this.expr(value), pos: this.pos(p) }, ...(hint ? { hint } : {}) });
          break;
        }
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern': {
          const name = p.namedChildren[0];
          if (name) out.push({ pattern: { k: 'pname', name: name.text, pos: this.pos(name) }, rest: true });
          break;
        }
        default:
          break; // keyword_separator, positional_separator
      }
    }
    return out;
  }

  cls(n: Node): IrClass {
    const methods: IrClass['methods'] = [];
    for (const c of n.childForFieldName('body')?.namedChildren ?? []) {
      const d = c?.type === 'decorated_definition' ? c.childForFieldName('definition') : c;
      if (d?.type === 'function_definition') {
        const isStatic = c?.type === 'decorated_definition' && c.namedChildren.some((x) => x?.type === 'decorator' && /staticmethod|classmethod/.test(x.text));
        methods.push({ name: d.childForFieldName('name')?.text ?? '<fn>', fn: this.fn(d), isStatic });
      }
    }
    return { name: n.childForFieldName('name')?.text ?? null, methods, pos: this.pos(n) };
  }

  pattern(n: Node | null): Pattern {
    if (!n) return { k: 'pexpr', expr: { k: 'unknown', pos: { line: 0, column: 0, endLine: 0, endColumn: 0 } }, pos: { line: 0, column: 0, endLine: 0, endColumn: 0 } };
    const pos = this.pos(n);
    switch (n.type) {
      case 'identifier':
        return { k: 'pname', name: n.text, pos };
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list': {
        let rest: Pattern | null = null;
        const items: (Pattern | null)[] = [];
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'list_splat_pattern' || c.type === 'list_splat') rest = this.pattern(c.namedChildren[0] ?? null);
          else items.push(this.pattern(c));
        }
        return { k: 'parr', items, rest, pos };
      }
      case 'parenthesized_expression':
        return this.pattern(n.namedChildren[0] ?? null);
      default:
        return { k: 'pexpr', expr: this.expr(n), pos };
    }
  }

  expr(n: Node | null): Expr {
    if (!n) return { k: 'unknown', pos: { line: 0, column: 0, endLine: 0, endColumn: 0 } };
    const lit = this.simpleLiteral(n, LITERALS);
    if (lit) return lit;
    const pos = this.pos(n);
    switch (n.type) {
      case 'identifier':
        return { k: 'name', name: n.text, pos };
      case 'string': {
        const parts: Expr[] = [];
        let dynamic = false;
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'string_content' || c.type === 'escape_sequence') parts.push({ k: 'lit', value: c.type === 'escape_sequence' ? unescapeSimple(c.text) : c.text, pos: this.pos(c) });
          else if (c.type === 'interpolation') {
            dynamic = true;
            parts.push(this.expr(c.childForFieldName('expression')));
          }
        }
        if (!dynamic) {
          const value = parts.map((p) => (p.k === 'lit' ? String(p.value) : '')).join('');
          if (value.length >= 16) this.strings.push({ value, name: null, pos });
          return { k: 'lit', value, pos };
        }
        return { k: 'tmpl', parts, pos };
      }
      case 'concatenated_string': {
        const parts = n.namedChildren.filter((c): c is Node => !!c).map((c) => this.expr(c));
        if (parts.every((p) => p.k === 'lit')) return { k: 'lit', value: parts.map((p) => (p.k === 'lit' ? String(p.value) : '')).join(''), pos };
        return { k: 'tmpl', parts, pos };
      }
      case 'attribute':
        return { k: 'member', object: this.expr(n.childForFieldName('object')), prop: n.childForFieldName('attribute')?.text ?? null, pos };
      case 'subscript': {
        const object = this.expr(n.childForFieldName('value'));
        const sub = n.childForFieldName('subscript');
        if (sub?.type === 'string') {
          const s = stringText(sub);
          if (s !== null) return { k: 'member', object, prop: s, pos };
        }
        if (sub?.type === 'integer') return { k: 'member', object, prop: sub.text, pos };
        return { k: 'member', object, prop: null, index: this.expr(sub), pos };
      }
      case 'call': {
        const callee = this.expr(n.childForFieldName('function'));
        const argsNode = n.childForFieldName('arguments');
        const args: Expr[] = [];
        const kwargs: KwArg[] = [];
        if (argsNode?.type === 'generator_expression') args.push(this.expr(argsNode));
        else
          for (const a of argsNode?.namedChildren ?? []) {
            if (!a) continue;
            if (a.type === 'keyword_argument') {
              const name = a.childForFieldName('name');
              const value = a.childForFieldName('value');
              this.noteString(name, value);
              kwargs.push({ name: name?.text ?? null, value: this.expr(value) });
            } else if (a.type === 'dictionary_splat') kwargs.push({ name: null, value: this.expr(a.namedChildren[0] ?? null) });
            else if (a.type === 'list_splat') args.push({ k: 'spread', arg: this.expr(a.namedChildren[0] ?? null), pos: this.pos(a) });
            else if (a.type !== 'comment') args.push(this.expr(a));
          }
        return { k: 'call', callee, args, kwargs, pos };
      }
      case 'binary_operator':
        return { k: 'bin', op: n.childForFieldName('operator')?.text ?? '+', left: this.expr(n.childForFieldName('left')), right: this.expr(n.childForFieldName('right')), pos };
      case 'boolean_operator':
        return { k: 'bin', op: n.childForFieldName('operator')?.text === 'and' ? '&&' : '||', left: this.expr(n.childForFieldName('left')), right: this.expr(n.childForFieldName('right')), pos };
      case 'comparison_operator': {
        const operands = n.namedChildren.filter((c): c is Node => !!c);
        const ops = n.children.filter((c): c is Node => !!c && !c.isNamed).map((c) => c.text);
        const op = ops.join(' ') || '==';
        return { k: 'bin', op: op === 'not in' || (ops[0] === 'not' && ops[1] === 'in') ? 'not in' : op === 'is not' ? '!=' : op === 'is' ? '==' : op, left: this.expr(operands[0] ?? null), right: this.expr(operands[1] ?? null), pos };
      }
      case 'not_operator':
        return { k: 'unary', op: '!', arg: this.expr(n.childForFieldName('argument')), pos };
      case 'unary_operator':
        return { k: 'unary', op: n.childForFieldName('operator')?.text ?? '-', arg: this.expr(n.childForFieldName('argument')), pos };
      case 'conditional_expression': {
        const c = n.namedChildren.filter((x): x is Node => !!x);
        return { k: 'cond', test: this.expr(c[1] ?? null), then: this.expr(c[0] ?? null), else: this.expr(c[2] ?? null), pos };
      }
      case 'dictionary': {
        const props: Prop[] = [];
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'pair') {
            const k = c.childForFieldName('key');
            const v = c.childForFieldName('value');
            const key = k?.type === 'string' ? stringText(k) : null;
            if (key !== null) this.noteString(k, v);
            props.push(key !== null ? { key, value: this.expr(v), pos: this.pos(c) } : { key: null, keyExpr: this.expr(k), value: this.expr(v), pos: this.pos(c) });
          } else if (c.type === 'dictionary_splat') props.push({ key: null, value: this.expr(c.namedChildren[0] ?? null), spread: true, pos: this.pos(c) });
        }
        return { k: 'obj', props, pos };
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return { k: 'arr', items: n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => (c.type === 'list_splat' ? ({ k: 'spread', arg: this.expr(c.namedChildren[0] ?? null), pos: this.pos(c) } as Expr) : this.expr(c))), pos };
      case 'parenthesized_expression':
        return this.expr(n.namedChildren.find((c) => c?.type !== 'comment') ?? null);
      case 'await':
        return this.expr(n.namedChildren[0] ?? null);
      case 'lambda':
        return { k: 'fn', fn: this.fn(n), pos };
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(n);
      case 'named_expression':
        return { k: 'assign', target: this.pattern(n.childForFieldName('name')), value: this.expr(n.childForFieldName('value')), op: '=', pos };
      case 'assignment':
        return this.assignExpr(n);
      case 'keyword_argument':
        return this.expr(n.childForFieldName('value'));
      case 'list_splat':
      case 'dictionary_splat':
        return { k: 'spread', arg: this.expr(n.namedChildren[0] ?? null), pos };
      default:
        return { k: 'unknown', pos };
    }
  }

  /**
   * `[body for target in iter if cond]` becomes a call of a one-parameter function on an element
   * of `iter`, wrapped in a list: the taint of the element reaches the body.
   */
  comprehension(n: Node): Expr {
    const pos = this.pos(n);
    const bodyNode = n.childForFieldName('body');
    const clauses = n.namedChildren.filter((c): c is Node => !!c && c.type === 'for_in_clause');
    let value: Expr = bodyNode?.type === 'pair' ? { k: 'arr', items: [this.expr(bodyNode.childForFieldName('key')), this.expr(bodyNode.childForFieldName('value'))], pos } : this.expr(bodyNode);
    for (let i = clauses.length - 1; i >= 0; i--) {
      const c = clauses[i]!;
      const fn: IrFunction = { name: null, params: [{ pattern: this.pattern(c.childForFieldName('left')) }], body: [{ k: 'return', arg: value, pos }], pos };
      const iter = this.expr(c.childForFieldName('right'));
      value = { k: 'call', callee: { k: 'fn', fn, pos }, args: [{ k: 'member', object: iter, prop: '*', pos: iter.pos }], kwargs: [], pos };
    }
    return { k: 'arr', items: [value], pos };
  }
}

function stringText(n: Node | null): string | null {
  if (!n || n.type !== 'string') return null;
  let s = '';
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'interpolation') return null;
    if (c.type === 'string_content') s += c.text;
    else if (c.type === 'escape_sequence') s += unescapeSimple(c.text);
  }
  return s;
}

