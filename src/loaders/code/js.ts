/**
 * JavaScript / TypeScript → handler IR, through oxc-parser. The oxc AST is typed loosely here
 * (`N`): only this file looks at it, and it keeps no reference to it.
 */
import { parseSync } from 'oxc-parser';
import type { Expr, IrClass, IrExport, IrFunction, IrImport, IrModule, Param, Pattern, Pos, Prop, Stmt, StringLiteral } from '../../model/code-ir.js';
import { LineIndex } from '../lines.js';
import { estimateJsNesting, MAX_JS_NESTING, TooDeepError } from './nesting.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type N = any;

const TS_EXT = /\.(ts|mts|cts|tsx)$/;

export interface LowerOptions {
  /** Added to every line (inline code embedded in a template). */
  lineOffset?: number;
}

export function lowerJs(file: string, text: string, options: LowerOptions = {}): IrModule {
  const lang = TS_EXT.test(file) ? (file.endsWith('x') ? 'tsx' : 'ts') : file.endsWith('.jsx') ? 'jsx' : 'js';
  const nesting = estimateJsNesting(text);
  if (nesting.depth > MAX_JS_NESTING) throw new TooDeepError(nesting.offset, nesting.depth);
  const result = parseSync(file, text, { lang, sourceType: 'unambiguous', preserveParens: false });
  const lines = new LineIndex(text, options.lineOffset ?? 0);
  const l = new JsLowering(file, lines);
  const body = l.stmts(result.program.body as N[], true);
  const syntaxErrors = result.errors
    .filter((e) => e.severity === 'Error')
    .map((e) => ({ message: e.message, pos: lines.pos(e.labels[0]?.start ?? 0, e.labels[0]?.end ?? 0) }));
  for (const pos of l.tooDeep) syntaxErrors.push({ message: 'statement nested too deeply to analyse; skipped', pos });
  return {
    file,
    language: 'javascript',
    body,
    imports: l.imports,
    exports: l.exports,
    exportNames: [...new Set(l.exportNames)].sort(),
    dynamicExports: l.dynamicExports,
    strings: l.strings,
    syntaxErrors,
  };
}

class JsLowering {
  imports: IrImport[] = [];
  exports: IrExport[] = [];
  exportNames: string[] = [];
  dynamicExports = false;
  strings: StringLiteral[] = [];

  constructor(
    readonly file: string,
    readonly lines: LineIndex,
  ) {}

  pos(n: N): Pos {
    return this.lines.pos(n.start ?? 0, n.end ?? n.start ?? 0);
  }

  unknown(n: N): Expr {
    return { k: 'unknown', pos: this.pos(n) };
  }

  /** Statements too deep for this lowering's recursion: skipped one by one, the rest kept. */
  tooDeep: Pos[] = [];

  stmts(list: N[], top = false): Stmt[] {
    const out: Stmt[] = [];
    for (const s of list) {
      try {
        this.stmt(s, out, top);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        this.tooDeep.push(this.pos(s));
      }
    }
    return out;
  }

  block(n: N | null | undefined): Stmt[] {
    if (!n) return [];
    if (n.type === 'BlockStatement') return this.stmts(n.body);
    const out: Stmt[] = [];
    this.stmt(n, out, false);
    return out;
  }

  stmt(n: N, out: Stmt[], top: boolean): void {
    const pos = this.pos(n);
    switch (n.type) {
      case 'ExpressionStatement':
        if (top) this.noteCommonJsExport(n.expression);
        if (top) this.noteRegistration(n.expression);
        out.push({ k: 'expr', expr: this.expr(n.expression), pos });
        return;
      case 'VariableDeclaration':
        for (const d of n.declarations) {
          this.noteString(d.id?.type === 'Identifier' ? d.id.name : null, d.init);
          this.noteRequire(d.init, d.id);
          out.push({ k: 'var', target: this.pattern(d.id), init: d.init ? this.expr(d.init) : null, pos: this.pos(d) });
        }
        return;
      case 'FunctionDeclaration':
      case 'TSDeclareFunction':
        if (n.id && n.body) out.push({ k: 'func', name: n.id.name, fn: this.fn(n), pos });
        return;
      case 'ClassDeclaration':
        if (n.id) out.push({ k: 'class', name: n.id.name, cls: this.cls(n), pos });
        return;
      case 'ReturnStatement':
        out.push({ k: 'return', arg: n.argument ? this.expr(n.argument) : null, pos });
        return;
      case 'ThrowStatement':
        out.push({ k: 'throw', arg: n.argument ? this.expr(n.argument) : null, pos });
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        out.push({ k: 'jump', pos });
        return;
      case 'IfStatement':
        out.push({ k: 'if', test: this.expr(n.test), then: this.block(n.consequent), else: this.block(n.alternate), pos });
        return;
      case 'BlockStatement':
        out.push({ k: 'block', body: this.stmts(n.body), pos });
        return;
      case 'ForStatement': {
        const body: Stmt[] = [];
        if (n.init) {
          if (n.init.type === 'VariableDeclaration') this.stmt(n.init, out, false);
          else out.push({ k: 'expr', expr: this.expr(n.init), pos: this.pos(n.init) });
        }
        body.push(...this.block(n.body));
        if (n.update) body.push({ k: 'expr', expr: this.expr(n.update), pos: this.pos(n.update) });
        out.push({ k: 'loop', each: null, test: n.test ? this.expr(n.test) : null, body, pos });
        return;
      }
      case 'ForOfStatement':
      case 'ForInStatement': {
        const left = n.left.type === 'VariableDeclaration' ? n.left.declarations[0].id : n.left;
        const iter: Expr =
          n.type === 'ForInStatement'
            ? { k: 'call', callee: { k: 'member', object: { k: 'name', name: 'Object', pos }, prop: 'keys', pos }, args: [this.expr(n.right)], kwargs: [], pos: this.pos(n.right) }
            : this.expr(n.right);
        out.push({ k: 'loop', each: { target: this.pattern(left), iter }, test: null, body: this.block(n.body), pos });
        return;
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
        out.push({ k: 'loop', each: null, test: this.expr(n.test), body: this.block(n.body), pos });
        return;
      case 'TryStatement':
        out.push({
          k: 'try',
          body: this.block(n.block),
          handler: n.handler ? { param: n.handler.param ? this.pattern(n.handler.param) : null, body: this.block(n.handler.body) } : null,
          finalizer: this.block(n.finalizer),
          pos,
        });
        return;
      case 'SwitchStatement': {
        out.push({ k: 'expr', expr: this.expr(n.discriminant), pos: this.pos(n.discriminant) });
        // Each case is a branch of its own; the discriminant comparison is kept as the test.
        let chain: Stmt[] = [];
        for (let i = n.cases.length - 1; i >= 0; i--) {
          const c = n.cases[i];
          const body = this.stmts(c.consequent);
          if (!c.test) {
            chain = body;
            continue;
          }
          chain = [{ k: 'if', test: { k: 'bin', op: '===', left: this.expr(n.discriminant), right: this.expr(c.test), pos: this.pos(c) }, then: body, else: chain, pos: this.pos(c) }];
        }
        out.push(...chain);
        return;
      }
      case 'LabeledStatement':
        this.stmt(n.body, out, top);
        return;
      case 'ImportDeclaration':
        this.importDecl(n);
        return;
      case 'ExportNamedDeclaration':
        this.exportNamed(n, out);
        return;
      case 'ExportDefaultDeclaration':
        this.exportDefault(n, out);
        return;
      case 'ExportAllDeclaration':
        this.dynamicExports = true;
        if (n.source) {
          this.imports.push({ local: null, source: n.source.value, imported: '*', resolved: null, pos });
          this.exports.push(n.exported ? { name: nameOf(n.exported), value: null, from: n.source.value, pos } : { name: '*', value: null, from: n.source.value, pos });
        }
        return;
      case 'TSExportAssignment':
        this.dynamicExports = true;
        out.push({ k: 'expr', expr: { k: 'assign', target: { k: 'pexpr', expr: { k: 'member', object: { k: 'name', name: 'module', pos }, prop: 'exports', pos }, pos }, value: this.expr(n.expression), op: '=', pos }, pos });
        return;
      default:
        return; // type declarations, empty statements, debugger, with
    }
  }

  importDecl(n: N): void {
    const source: string = n.source.value;
    if (n.importKind === 'type') return;
    if (!n.specifiers || n.specifiers.length === 0) {
      this.imports.push({ local: null, source, imported: '*', resolved: null, pos: this.pos(n) });
      return;
    }
    for (const s of n.specifiers) {
      if (s.importKind === 'type') continue;
      const imported = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : nameOf(s.imported);
      this.imports.push({ local: s.local.name, source, imported, resolved: null, pos: this.pos(s) });
    }
  }

  exportNamed(n: N, out: Stmt[]): void {
    const pos = this.pos(n);
    if (n.exportKind === 'type') return;
    if (n.declaration) {
      const d = n.declaration;
      this.stmt(d, out, true);
      const names: string[] = [];
      if (d.type === 'VariableDeclaration') for (const v of d.declarations) collectNames(v.id, names);
      else if (d.id?.name) names.push(d.id.name);
      for (const name of names) {
        this.exportNames.push(name);
        this.exports.push({ name, value: { k: 'name', name, pos }, pos });
      }
      return;
    }
    for (const s of n.specifiers ?? []) {
      if (s.exportKind === 'type') continue;
      const exported = nameOf(s.exported);
      const local = nameOf(s.local);
      this.exportNames.push(exported);
      if (n.source) {
        this.imports.push({ local: null, source: n.source.value, imported: local, resolved: null, pos: this.pos(s) });
        this.exports.push({ name: exported, value: null, from: n.source.value, pos: this.pos(s) });
        // value resolved through `from`; keep the imported name in the expression.
        this.exports[this.exports.length - 1]!.value = { k: 'lit', value: local, pos: this.pos(s) };
      } else {
        this.exports.push({ name: exported, value: { k: 'name', name: local, pos: this.pos(s) }, pos: this.pos(s) });
      }
    }
  }

  exportDefault(n: N, out: Stmt[]): void {
    const d = n.declaration;
    const pos = this.pos(n);
    this.exportNames.push('default');
    if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) {
      this.stmt(d, out, true);
      this.exports.push({ name: 'default', value: { k: 'name', name: d.id.name, pos }, pos });
      return;
    }
    const value = d.type === 'FunctionDeclaration' ? ({ k: 'fn', fn: this.fn(d), pos } as Expr) : d.type === 'ClassDeclaration' ? this.unknown(d) : this.expr(d);
    if (value.k === 'obj') for (const p of value.props) if (p.key) this.exportNames.push(p.key);
    this.exports.push({ name: 'default', value, pos });
  }

  /** `exports.x = …`, `module.exports.x = …`, `module.exports = { … }` at the top level, for diagnostics. */
  noteCommonJsExport(e: N): void {
    if (e?.type !== 'AssignmentExpression') return;
    const t = e.left;
    if (t.type !== 'MemberExpression') return;
    const isModuleExports = (m: N) => m.type === 'MemberExpression' && m.object.type === 'Identifier' && m.object.name === 'module' && propName(m) === 'exports';
    if (isModuleExports(t)) {
      const r = e.right;
      if (r.type === 'ObjectExpression') {
        for (const p of r.properties) {
          if (p.type === 'SpreadElement') this.dynamicExports = true;
          else if (propKey(p)) this.exportNames.push(propKey(p)!);
        }
      } else {
        this.dynamicExports = true;
      }
      return;
    }
    const name = propName(t);
    if (!name) return;
    if ((t.object.type === 'Identifier' && t.object.name === 'exports') || isModuleExports(t.object)) this.exportNames.push(name);
  }

  /**
   * Handlers registered by name rather than exported: Google's Functions Framework
   * (`functions.http('name', fn)`, `functions.cloudEvent('name', fn)`) and Azure Functions' v4 model
   * (`app.http('name', { handler })`, `app.storageQueue(...)`, ...). The name is what the deployment
   * names (entry_point, the function's name), so it is recorded as an export of that name.
   */
  noteRegistration(e: N): void {
    if (e?.type !== 'CallExpression' || e.callee?.type !== 'MemberExpression') return;
    // `app.http(...)`, or `az.app.http(...)` with `az` the module
    const callee = e.callee.object;
    const obj = callee?.type === 'MemberExpression' && propName(callee) === 'app' && callee.object?.type === 'Identifier' ? callee.object : callee;
    const method = propName(e.callee);
    const [nameArg, second] = e.arguments ?? [];
    if (obj?.type !== 'Identifier' || !method || nameArg?.type !== 'Literal' || typeof nameArg.value !== 'string' || !second) return;
    const from = (src: string) => this.imports.some((i) => i.source === src && (i.local === obj.name || i.local === null));
    let value: N | null = null;
    if (obj === callee && /^(http|cloudEvent)$/.test(method) && from('@google-cloud/functions-framework')) value = second;
    else if (from('@azure/functions') && second.type === 'ObjectExpression') {
      const h = second.properties.find((p: N) => p.type !== 'SpreadElement' && propKey(p) === 'handler');
      value = h ? h.value : null;
    } else if (from('@azure/functions') && /^(get|post|put|patch|deleteRequest)$/.test(method) && /^(ArrowFunctionExpression|FunctionExpression|Identifier)$/.test(second.type)) {
      // `app.get('name', handler)`: the handler itself
      value = second;
    }
    if (!value) return;
    const pos = this.pos(e);
    this.exportNames.push(nameArg.value);
    this.exports.push({ name: nameArg.value, value: this.expr(value), pos });
  }

  /** Records `require('x')` so the loader can follow it. */
  noteRequire(init: N, id: N): void {
    const call = unwrapAwait(init);
    if (!isRequire(call)) return;
    const source = call.arguments[0].value as string;
    if (id?.type === 'Identifier') this.imports.push({ local: id.name, source, imported: '*', resolved: null, pos: this.pos(call) });
    else this.imports.push({ local: null, source, imported: '*', resolved: null, pos: this.pos(call) });
  }

  noteString(name: string | null, v: N): void {
    if (!v) return;
    if (v.type === 'Literal' && typeof v.value === 'string') this.strings.push({ value: v.value, name, pos: this.pos(v) });
    else if (v.type === 'TemplateLiteral' && v.expressions.length === 0) this.strings.push({ value: v.quasis.map((q: N) => q.value.cooked ?? q.value.raw).join(''), name, pos: this.pos(v) });
  }

  fn(n: N): IrFunction {
    const params: Param[] = (n.params?.items ?? n.params ?? []).map((p: N) => this.param(p));
    if (n.params?.rest) params.push({ pattern: this.pattern(n.params.rest.argument), rest: true });
    let body: Stmt[];
    if (!n.body) body = [];
    else if (n.body.type === 'BlockStatement' || n.body.type === 'FunctionBody') body = this.stmts(n.body.body ?? n.body.statements ?? []);
    else body = [{ k: 'return', arg: this.expr(n.body), pos: this.pos(n.body) }];
    return { name: n.id?.name ?? null, params, body, pos: this.pos(n) };
  }

  param(p: N): Param {
    if (p.type === 'TSParameterProperty') return { pattern: this.pattern(p.parameter) };
    if (p.type === 'RestElement') return { pattern: this.pattern(p.argument), rest: true };
    return { pattern: this.pattern(p) };
  }

  cls(n: N): IrClass {
    const methods: IrClass['methods'] = [];
    for (const m of n.body?.body ?? []) {
      if ((m.type === 'MethodDefinition' || m.type === 'TSAbstractMethodDefinition') && m.value?.body) {
        const name = propKey(m);
        if (name) methods.push({ name, fn: this.fn(m.value), isStatic: !!m.static });
      } else if (m.type === 'PropertyDefinition' && m.value && (m.value.type === 'ArrowFunctionExpression' || m.value.type === 'FunctionExpression')) {
        const name = propKey(m);
        if (name) methods.push({ name, fn: this.fn(m.value), isStatic: !!m.static });
      }
    }
    return { name: n.id?.name ?? null, methods, pos: this.pos(n) };
  }

  pattern(n: N): Pattern {
    const pos = this.pos(n);
    switch (n?.type) {
      case 'Identifier':
        return { k: 'pname', name: n.name, pos };
      case 'ObjectPattern': {
        const props: { key: string | null; keyExpr?: Expr; value: Pattern }[] = [];
        let rest: Pattern | null = null;
        for (const p of n.properties) {
          if (p.type === 'RestElement') rest = this.pattern(p.argument);
          else {
            const key = propKey(p);
            props.push(key !== null ? { key, value: this.pattern(p.value) } : { key: null, keyExpr: this.expr(p.key), value: this.pattern(p.value) });
          }
        }
        if (n.rest) rest = this.pattern(n.rest.argument ?? n.rest);
        return { k: 'pobj', props, rest, pos };
      }
      case 'ArrayPattern': {
        let rest: Pattern | null = null;
        const items: (Pattern | null)[] = [];
        for (const e of n.elements) {
          if (e && e.type === 'RestElement') rest = this.pattern(e.argument);
          else items.push(e ? this.pattern(e) : null);
        }
        if (n.rest) rest = this.pattern(n.rest.argument ?? n.rest);
        return { k: 'parr', items, rest, pos };
      }
      case 'AssignmentPattern':
        return { k: 'pdefault', target: this.pattern(n.left), value: this.expr(n.right), pos };
      case 'RestElement':
        return this.pattern(n.argument);
      case 'TSParameterProperty':
        return this.pattern(n.parameter);
      default:
        return { k: 'pexpr', expr: n ? this.expr(n) : { k: 'unknown', pos }, pos };
    }
  }

  args(list: N[]): Expr[] {
    return list.map((a) => (a.type === 'SpreadElement' ? { k: 'spread', arg: this.expr(a.argument), pos: this.pos(a) } : this.expr(a)));
  }

  expr(n: N): Expr {
    if (!n) return { k: 'unknown', pos: { line: 0, column: 0, endLine: 0, endColumn: 0 } };
    const pos = this.pos(n);
    switch (n.type) {
      case 'Literal':
        if (n.regex) return { k: 'lit', value: n.regex.pattern, regex: true, pos };
        if (typeof n.value === 'bigint') return { k: 'lit', value: Number(n.value), pos };
        if (typeof n.value === 'string' && n.value.length >= 16) this.strings.push({ value: n.value, name: null, pos });
        return { k: 'lit', value: n.value ?? null, pos };
      case 'Identifier':
        if (n.name === 'undefined') return { k: 'lit', value: null, pos };
        return { k: 'name', name: n.name, pos };
      case 'ThisExpression':
        return { k: 'name', name: 'this', pos };
      case 'Super':
        return { k: 'name', name: 'super', pos };
      case 'MemberExpression':
      case 'StaticMemberExpression':
      case 'ComputedMemberExpression':
      case 'PrivateFieldExpression': {
        const object = this.expr(n.object);
        if (!n.computed) return { k: 'member', object, prop: n.property.name ?? null, pos };
        const p = n.property;
        if (p.type === 'Literal' && (typeof p.value === 'string' || typeof p.value === 'number')) return { k: 'member', object, prop: String(p.value), pos };
        return { k: 'member', object, prop: null, index: this.expr(p), pos };
      }
      case 'ChainExpression':
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        return this.expr(n.expression);
      case 'AwaitExpression':
      case 'YieldExpression':
        return n.argument ? this.expr(n.argument) : { k: 'lit', value: null, pos };
      case 'CallExpression': {
        if (isRequire(n)) this.imports.push({ local: null, source: n.arguments[0].value, imported: '*', resolved: null, pos });
        return { k: 'call', callee: this.expr(n.callee), args: this.args(n.arguments), kwargs: [], pos };
      }
      case 'ImportExpression': {
        if (n.source?.type === 'Literal' && typeof n.source.value === 'string') {
          this.imports.push({ local: null, source: n.source.value, imported: '*', resolved: null, pos });
        }
        return { k: 'call', callee: { k: 'name', name: 'require', pos }, args: [this.expr(n.source)], kwargs: [], pos };
      }
      case 'NewExpression':
        return { k: 'new', callee: this.expr(n.callee), args: this.args(n.arguments), pos };
      case 'TemplateLiteral': {
        const parts: Expr[] = [];
        n.quasis.forEach((q: N, i: number) => {
          const text = q.value.cooked ?? q.value.raw;
          if (text) parts.push({ k: 'lit', value: text, pos: this.pos(q) });
          if (i < n.expressions.length) parts.push(this.expr(n.expressions[i]));
        });
        if (n.expressions.length === 0) {
          const value = parts.map((p) => (p.k === 'lit' ? String(p.value) : '')).join('');
          if (value.length >= 16) this.strings.push({ value, name: null, pos });
          return { k: 'lit', value, pos };
        }
        return { k: 'tmpl', parts, pos };
      }
      case 'TaggedTemplateExpression': {
        const q = n.quasi;
        const args: Expr[] = [{ k: 'arr', items: q.quasis.map((x: N) => ({ k: 'lit', value: x.value.cooked ?? x.value.raw, pos: this.pos(x) })), pos: this.pos(q) }, ...q.expressions.map((x: N) => this.expr(x))];
        return { k: 'call', callee: this.expr(n.tag), args, kwargs: [], tagged: true, pos };
      }
      case 'BinaryExpression':
      case 'LogicalExpression':
        return { k: 'bin', op: n.operator, left: this.expr(n.left), right: this.expr(n.right), pos };
      case 'UnaryExpression':
        return { k: 'unary', op: n.operator, arg: this.expr(n.argument), pos };
      case 'UpdateExpression':
        return { k: 'unary', op: '++', arg: this.expr(n.argument), pos };
      case 'ConditionalExpression':
        return { k: 'cond', test: this.expr(n.test), then: this.expr(n.consequent), else: this.expr(n.alternate), pos };
      case 'ObjectExpression': {
        const props: Prop[] = [];
        for (const p of n.properties) {
          if (p.type === 'SpreadElement') {
            props.push({ key: null, value: this.expr(p.argument), spread: true, pos: this.pos(p) });
            continue;
          }
          const key = propKey(p);
          if (key !== null) this.noteString(key, p.value);
          const value = p.value.type === 'FunctionExpression' || p.value.type === 'ArrowFunctionExpression' ? ({ k: 'fn', fn: this.fn(p.value), pos: this.pos(p.value) } as Expr) : this.expr(p.value);
          props.push(key !== null ? { key, value, pos: this.pos(p) } : { key: null, keyExpr: this.expr(p.key), value, pos: this.pos(p) });
        }
        return { k: 'obj', props, pos };
      }
      case 'ArrayExpression':
        return { k: 'arr', items: n.elements.map((e: N) => (e === null ? ({ k: 'lit', value: null, pos } as Expr) : e.type === 'SpreadElement' ? ({ k: 'spread', arg: this.expr(e.argument), pos: this.pos(e) } as Expr) : this.expr(e))), pos };
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { k: 'fn', fn: this.fn(n), pos };
      case 'AssignmentExpression': {
        const target = this.pattern(n.left);
        const tn = n.left.type === 'Identifier' ? n.left.name : n.left.type === 'MemberExpression' ? propName(n.left) : null;
        this.noteString(tn, n.right);
        return { k: 'assign', target, value: this.expr(n.right), op: n.operator, pos };
      }
      case 'SequenceExpression':
        return { k: 'seq', items: n.expressions.map((e: N) => this.expr(e)), pos };
      case 'ClassExpression':
        return this.unknown(n);
      default:
        return this.unknown(n);
    }
  }
}

function nameOf(n: N): string {
  return n.type === 'Literal' ? String(n.value) : n.name;
}

function propName(m: N): string | null {
  if (!m.computed) return m.property?.name ?? null;
  if (m.property?.type === 'Literal') return String(m.property.value);
  return null;
}

function propKey(p: N): string | null {
  if (p.computed) return p.key?.type === 'Literal' ? String(p.key.value) : null;
  const k = p.key;
  if (!k) return null;
  if (k.type === 'Identifier' || k.type === 'PrivateIdentifier') return k.name;
  if (k.type === 'Literal') return String(k.value);
  return null;
}

function collectNames(p: N, out: string[]): void {
  if (!p) return;
  if (p.type === 'Identifier') out.push(p.name);
  else if (p.type === 'ObjectPattern') for (const x of p.properties) collectNames(x.type === 'RestElement' ? x.argument : x.value, out);
  else if (p.type === 'ArrayPattern') for (const x of p.elements) collectNames(x?.type === 'RestElement' ? x.argument : x, out);
  else if (p.type === 'AssignmentPattern') collectNames(p.left, out);
}

function unwrapAwait(n: N): N {
  let x = n;
  while (x && (x.type === 'AwaitExpression' || x.type === 'ParenthesizedExpression' || x.type === 'TSAsExpression')) x = x.argument ?? x.expression;
  return x;
}

function isRequire(n: N): boolean {
  return n?.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length >= 1 && n.arguments[0].type === 'Literal' && typeof n.arguments[0].value === 'string';
}
