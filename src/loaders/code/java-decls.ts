/**
 * Java → handler IR, the declarations half (see `java.ts`): imports and the classes they name,
 * classes with their fields, constructors and static initialisers, methods, parameters, types and
 * statements. Expressions, SDK builder idioms and string building are lowered by `java.ts`.
 */
import type { SNode as Node } from './snode.js';
import type { Expr, IrClass, IrFunction, IrImport, Param, Pattern, Pos, Stmt } from '../../model/code-ir.js';
import { named, TreeLowering, unescapeSimple, ZERO, type SimpleStatement } from './tree.js';

/** `yield x` in a switch expression: the value is evaluated. */
const SIMPLE: ReadonlyMap<string, SimpleStatement> = new Map([
  ['return_statement', 'return'],
  ['throw_statement', 'throw'],
  ['break_statement', 'jump'],
  ['continue_statement', 'jump'],
  ['yield_statement', 'effect'],
]);

/** Classes of java.lang (imported implicitly) and of common wildcard-imported packages that matter to the analysis. */
export const KNOWN_CLASSES: Readonly<Record<string, readonly string[]>> = {
  'java.lang': ['Runtime', 'ProcessBuilder', 'System', 'Integer', 'Long', 'Double', 'Float', 'Short', 'Byte', 'Boolean', 'String', 'Math', 'Class', 'Thread', 'Character'],
  'java.sql': ['DriverManager', 'Connection', 'Statement', 'PreparedStatement', 'CallableStatement', 'ResultSet'],
  'java.io': ['File', 'FileInputStream', 'FileOutputStream', 'FileReader', 'FileWriter', 'ObjectInputStream', 'ByteArrayInputStream', 'InputStream', 'OutputStream', 'RandomAccessFile', 'PrintWriter'],
  'java.nio.file': ['Files', 'Paths', 'Path'],
  'java.net': ['URL', 'URI', 'URLEncoder', 'URLDecoder', 'HttpURLConnection', 'Socket'],
  'java.net.http': ['HttpClient', 'HttpRequest', 'HttpResponse'],
  'java.util': ['UUID', 'Base64', 'Map', 'List', 'Set', 'HashMap', 'ArrayList', 'Optional', 'Objects'],
  'java.util.regex': ['Pattern'],
  'javax.script': ['ScriptEngineManager', 'ScriptEngine'],
  'javax.sql': ['DataSource'],
};

export const SDK_PACKAGE = /^(software\.amazon\.awssdk\.services|com\.amazonaws\.services)\./;

export const PRIMITIVES = new Set(['int', 'long', 'short', 'byte', 'char', 'boolean', 'float', 'double', 'void', 'var']);

export interface ClassInfo {
  name: string;
  fields: Set<string>;
  staticFields: Set<string>;
  methods: Set<string>;
  staticMethods: Set<string>;
}

export function hasModifier(n: Node, mod: string): boolean {
  const m = n.namedChildren.find((c) => c?.type === 'modifiers');
  return !!m && m.children.some((c) => c?.text === mod);
}

export function stringText(n: Node): string | null {
  let s = '';
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_fragment' || c.type === 'multiline_string_fragment') s += c.text;
    else if (c.type === 'escape_sequence') s += unescapeSimple(c.text);
    else if (c.type === 'string_interpolation') return null;
  }
  if (n.text.startsWith('"""')) s = s.replace(/^\r?\n/, '');
  return s;
}

export abstract class JavaDeclarations extends TreeLowering {
  /** Simple type name → qualified name, from imports and known wildcard packages. */
  protected readonly types = new Map<string, string>();
  protected readonly classes = new Map<string, ClassInfo>();
  protected cls: ClassInfo | null = null;
  protected staticCtx = false;


  // ----- module -------------------------------------------------------------------------------

  override program(root: Node): Stmt[] {
    const out: Stmt[] = [];
    for (const [pkg, names] of Object.entries(KNOWN_CLASSES)) if (pkg === 'java.lang') for (const n of names) this.bindImport(n, pkg, n, ZERO);
    const decls: Node[] = [];
    for (const c of named(root)) {
      if (c.type === 'import_declaration') this.importDecl(c);
      else if (/^(class|interface|enum|record)_declaration$/.test(c.type)) decls.push(c);
    }
    for (const d of decls) this.collectClass(d);
    for (const d of decls) this.classDecl(d, out);
    return out;
  }

  protected bindImport(local: string, source: string, imported: string, pos: Pos): void {
    this.types.set(local, `${source}.${imported}`);
    const existing = this.imports.findIndex((i) => i.local === local);
    const imp: IrImport = { local, source, imported, resolved: null, pos };
    if (existing >= 0) this.imports[existing] = imp;
    else this.imports.push(imp);
  }

  protected importDecl(n: Node): void {
    if (n.children.some((c) => c?.type === 'static')) return; // static imports: members, not classes
    const id = named(n).find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
    if (!id) return;
    const wildcard = named(n).some((c) => c.type === 'asterisk');
    if (wildcard) {
      for (const cls of KNOWN_CLASSES[id.text] ?? []) this.bindImport(cls, id.text, cls, this.pos(n));
      // a wildcard of the project's own packages: the loader binds the classes it finds there
      this.imports.push({ local: null, source: id.text, imported: '*', resolved: null, pos: this.pos(n) });
      return;
    }
    const dot = id.text.lastIndexOf('.');
    if (dot < 0) return;
    this.bindImport(id.text.slice(dot + 1), id.text.slice(0, dot), id.text.slice(dot + 1), this.pos(n));
  }

  /** First pass: names of fields and methods, so that unqualified uses can be qualified. */
  protected collectClass(n: Node): void {
    const name = n.childForFieldName('name')?.text ?? '<class>';
    const info: ClassInfo = { name, fields: new Set(), staticFields: new Set(), methods: new Set(), staticMethods: new Set() };
    this.classes.set(name, info);
    const body = n.childForFieldName('body');
    if (n.type === 'record_declaration') for (const p of named(n.childForFieldName('parameters'))) info.fields.add(p.childForFieldName('name')?.text ?? '');
    for (const m of named(body)) {
      if (m.type === 'field_declaration' || m.type === 'constant_declaration') {
        const isStatic = hasModifier(m, 'static') || n.type === 'interface_declaration';
        for (const d of m.childrenForFieldName('declarator')) {
          const fname = d?.childForFieldName('name')?.text;
          if (fname) (isStatic ? info.staticFields : info.fields).add(fname);
        }
      } else if (m.type === 'method_declaration') {
        const mname = m.childForFieldName('name')?.text;
        if (mname) (hasModifier(m, 'static') ? info.staticMethods : info.methods).add(mname);
      } else if (/^(class|interface|enum|record)_declaration$/.test(m.type)) this.collectClass(m);
      else if (m.type === 'enum_body_declarations') for (const x of named(m)) if (x.type === 'method_declaration') info.methods.add(x.childForFieldName('name')?.text ?? '');
    }
    if (n.type === 'enum_declaration') for (const c of named(body)) if (c.type === 'enum_constant') info.staticFields.add(c.childForFieldName('name')?.text ?? '');
  }

  protected classDecl(n: Node, out: Stmt[]): void {
    const name = n.childForFieldName('name')?.text ?? '<class>';
    const info = this.classes.get(name)!;
    const saved = this.cls;
    this.cls = info;
    const pos = this.pos(n);
    const methods: IrClass['methods'] = [];
    const fieldInits: Stmt[] = [];
    const ctors: { node: Node; arity: number }[] = [];
    const nested: Node[] = [];
    let members = named(n.childForFieldName('body'));
    const enumBody = members.find((m) => m.type === 'enum_body_declarations');
    if (enumBody) members = [...members, ...named(enumBody)];
    for (const m of members) {
      switch (m.type) {
        case 'field_declaration':
        case 'constant_declaration': {
          const isStatic = hasModifier(m, 'static') || n.type === 'interface_declaration';
          const type = this.typeName(m.childForFieldName('type'));
          for (const d of m.childrenForFieldName('declarator')) {
            if (!d) continue;
            const fname = d.childForFieldName('name');
            const value = d.childForFieldName('value');
            if (!fname) continue;
            this.staticCtx = isStatic;
            this.locals = [new Set()];
            this.noteString(fname.text, value);
            const init = value ? this.expr(value) : null;
            const dpos = this.pos(d);
            if (isStatic) out.push({ k: 'var', target: { k: 'pname', name: fname.text, pos: this.pos(fname) }, init, pos: dpos, ...(type ? { type } : {}) });
            else {
              // an SDK client field set by injection: a client of its declared type
              const value = init ?? (type && SDK_PACKAGE.test(type) ? ({ k: 'new', callee: { k: 'name', name: type.split('.').pop()!, pos: dpos }, args: [], pos: dpos } as Expr) : null);
              if (value) fieldInits.push({ k: 'expr', expr: { k: 'assign', target: { k: 'pexpr', expr: this.thisMember(fname.text, this.pos(fname)), pos: this.pos(fname) }, value, op: '=', pos: dpos }, pos: dpos });
            }
          }
          break;
        }
        case 'method_declaration': {
          const mname = m.childForFieldName('name')?.text ?? '<method>';
          const isStatic = hasModifier(m, 'static');
          const fn = this.method(m, isStatic);
          methods.push({ name: mname, fn, isStatic });
          const instance: Expr = isStatic ? { k: 'name', name, pos } : { k: 'new', callee: { k: 'name', name, pos }, args: [], pos };
          const ref: Expr = { k: 'member', object: instance, prop: mname, pos };
          if (!this.exports.some((e) => e.name === `${name}::${mname}`)) {
            this.exports.push({ name: `${name}::${mname}`, value: ref, pos: fn.pos });
            if (m.childForFieldName('parameters') && named(m.childForFieldName('parameters')).length === 0) this.exports.push({ name: `${name}::${mname}()`, value: { k: 'call', callee: ref, args: [], kwargs: [], pos }, pos: fn.pos });
          }
          break;
        }
        case 'constructor_declaration':
        case 'compact_constructor_declaration':
          ctors.push({ node: m, arity: named(m.childForFieldName('parameters')).length });
          break;
        case 'static_initializer': {
          this.staticCtx = true;
          this.locals = [new Set()];
          out.push({ k: 'block', body: this.block(named(m)[0] ?? null), pos: this.pos(m) });
          break;
        }
        case 'block': // instance initializer
          this.staticCtx = false;
          this.locals = [new Set()];
          fieldInits.push({ k: 'block', body: this.block(m), pos: this.pos(m) });
          break;
        case 'class_declaration':
        case 'interface_declaration':
        case 'enum_declaration':
        case 'record_declaration':
          nested.push(m);
          break;
        default:
          break;
      }
    }
    // Lambda creates the handler object with the no-argument constructor; others are `<init>/N`.
    const noArg = ctors.find((c) => c.arity === 0) ?? (ctors.length === 1 ? ctors[0] : undefined);
    if (!noArg) methods.push({ name: 'constructor', fn: { name: 'constructor', params: [], body: fieldInits, pos }, isStatic: false });
    for (const c of ctors) {
      const fn = this.method(c.node, false);
      const explicit = fn.body[0]?.k === 'expr' && fn.body[0].expr.k === 'call' && fn.body[0].expr.callee.k === 'member' && fn.body[0].expr.callee.prop?.startsWith('<init>');
      // field initialisers run after an explicit super(...) and before the body; not again after this(...)
      fn.body = explicit ? fn.body : [...fieldInits, ...fn.body];
      methods.push({ name: c === noArg ? 'constructor' : `<init>/${c.arity}`, fn, isStatic: false });
      if (c === noArg && c.arity > 0) methods.push({ name: `<init>/${c.arity}`, fn, isStatic: false });
    }
    out.push({ k: 'class', name, cls: { name, methods, pos }, pos });
    this.exports.push({ name, value: { k: 'name', name, pos }, pos });
    for (const m of nested) this.classDecl(m, out);
    this.cls = saved;
  }


  protected method(n: Node, isStatic: boolean): IrFunction {
    this.staticCtx = isStatic;
    this.locals = [new Set()];
    const params = this.params(n.childForFieldName('parameters'));
    const bodyNode = n.childForFieldName('body');
    const body = bodyNode ? this.block(bodyNode) : [];
    return { name: n.childForFieldName('name')?.text ?? null, params, body, pos: this.pos(n) };
  }

  protected params(n: Node | null): Param[] {
    const out: Param[] = [];
    for (const p of named(n)) {
      if (p.type !== 'formal_parameter' && p.type !== 'spread_parameter' && p.type !== 'receiver_parameter') continue;
      const nameNode = p.childForFieldName('name') ?? named(p).find((c) => c.type === 'variable_declarator')?.childForFieldName('name') ?? null;
      if (!nameNode) continue;
      this.declare(nameNode.text);
      const type = this.typeName(p.childForFieldName('type') ?? named(p).find((c) => /type/.test(c.type)) ?? null);
      out.push({ pattern: { k: 'pname', name: nameNode.text, pos: this.pos(nameNode) }, ...(p.type === 'spread_parameter' ? { rest: true } : {}), ...(type ? { type } : {}) });
    }
    return out;
  }

  /** Declared type as a qualified name when imported; null for primitives and `var`. */
  typeName(n: Node | null): string | undefined {
    if (!n) return undefined;
    let t = n;
    if (t.type === 'generic_type') t = named(t).find((c) => c.type === 'type_identifier' || c.type === 'scoped_type_identifier') ?? t;
    if (t.type === 'array_type' || t.type === 'integral_type' || t.type === 'floating_point_type' || t.type === 'boolean_type' || t.type === 'void_type') return undefined;
    const text = t.text;
    if (PRIMITIVES.has(text)) return undefined;
    return this.types.get(text) ?? text;
  }



  // ----- statements ---------------------------------------------------------------------------

  block(n: Node | null): Stmt[] {
    const out: Stmt[] = [];
    if (!n) return out;
    this.locals.push(new Set());
    for (const c of named(n)) this.isolated(c, out, (x, o) => this.stmt(x, o));
    this.locals.pop();
    return out;
  }

  protected body(n: Node | null): Stmt[] {
    if (!n) return [];
    if (n.type === 'block') return this.block(n);
    const out: Stmt[] = [];
    this.locals.push(new Set());
    this.stmt(n, out);
    this.locals.pop();
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
      case 'local_variable_declaration': {
        const type = this.typeName(n.childForFieldName('type'));
        for (const d of n.childrenForFieldName('declarator')) {
          if (!d) continue;
          const name = d.childForFieldName('name');
          const value = d.childForFieldName('value');
          if (!name) continue;
          this.noteString(name.text, value);
          const init = value ? this.expr(value) : null;
          this.declare(name.text);
          out.push({ k: 'var', target: { k: 'pname', name: name.text, pos: this.pos(name) }, init, pos: this.pos(d), ...(type ? { type } : {}) });
        }
        return;
      }
      case 'if_statement': {
        const test = this.expr(n.childForFieldName('condition'));
        out.push({ k: 'if', test, then: this.body(n.childForFieldName('consequence')), else: this.body(n.childForFieldName('alternative')), pos });
        return;
      }
      case 'while_statement':
      case 'do_statement':
        out.push({ k: 'loop', each: null, test: this.expr(n.childForFieldName('condition')), body: this.body(n.childForFieldName('body')), pos });
        return;
      case 'for_statement': {
        this.locals.push(new Set());
        for (const i of n.childrenForFieldName('init')) if (i) this.stmt(i.type.endsWith('declaration') ? i : i, out);
        const cond = n.childForFieldName('condition');
        const body = this.body(n.childForFieldName('body'));
        for (const u of n.childrenForFieldName('update')) if (u) body.push({ k: 'expr', expr: this.expr(u), pos: this.pos(u) });
        this.locals.pop();
        out.push({ k: 'loop', each: null, test: cond ? this.expr(cond) : null, body, pos });
        return;
      }
      case 'enhanced_for_statement': {
        const iter = this.expr(n.childForFieldName('value'));
        this.locals.push(new Set());
        const name = n.childForFieldName('name');
        const type = this.typeName(n.childForFieldName('type'));
        if (name) this.declare(name.text);
        const target: Pattern = name ? { k: 'pname', name: name.text, pos: this.pos(name) } : { k: 'pexpr', expr: { k: 'unknown', pos }, pos };
        const body = this.body(n.childForFieldName('body'));
        this.locals.pop();
        if (type && name) body.unshift({ k: 'var', target, init: { k: 'name', name: name.text, pos: this.pos(name) }, pos: this.pos(name), type });
        out.push({ k: 'loop', each: { target, iter }, test: null, body, pos });
        return;
      }
      case 'try_statement':
      case 'try_with_resources_statement': {
        this.locals.push(new Set());
        const body: Stmt[] = [];
        for (const r of named(n.childForFieldName('resources'))) {
          if (r.type !== 'resource') continue;
          const name = r.childForFieldName('name');
          const value = r.childForFieldName('value');
          if (name && value) {
            this.declare(name.text);
            const type = this.typeName(r.childForFieldName('type'));
            body.push({ k: 'var', target: { k: 'pname', name: name.text, pos: this.pos(name) }, init: this.expr(value), pos: this.pos(r), ...(type ? { type } : {}) });
          } else if (named(r)[0]) body.push({ k: 'expr', expr: this.expr(named(r)[0]!), pos: this.pos(r) });
        }
        body.push(...this.block(n.childForFieldName('body')));
        this.locals.pop();
        const handler: { param: Pattern | null; body: Stmt[] } = { param: null, body: [] };
        let caught = false;
        let finalizer: Stmt[] = [];
        for (const c of named(n)) {
          if (c.type === 'catch_clause') {
            this.locals.push(new Set());
            const p = named(c).find((x) => x.type === 'catch_formal_parameter')?.childForFieldName('name');
            if (p) this.declare(p.text);
            const hb = this.block(c.childForFieldName('body'));
            this.locals.pop();
            caught = true;
            if (p && !handler.param) handler.param = { k: 'pname', name: p.text, pos: this.pos(p) };
            handler.body.push(...hb);
          } else if (c.type === 'finally_clause') finalizer = this.block(named(c)[0] ?? null);
        }
        out.push({ k: 'try', body, handler: caught ? handler : null, finalizer, pos });
        return;
      }
      case 'block':
        out.push({ k: 'block', body: this.block(n), pos });
        return;
      case 'labeled_statement':
      case 'synchronized_statement':
        for (const c of named(n)) if (c.type !== 'identifier' && c.type !== 'parenthesized_expression') this.stmt(c, out);
        return;
      case 'switch_expression':
      case 'switch_statement': {
        out.push({ k: 'expr', expr: this.expr(n.childForFieldName('condition')), pos });
        for (const g of named(n.childForFieldName('body'))) {
          const stmts: Stmt[] = [];
          this.locals.push(new Set());
          for (const c of named(g)) if (c.type !== 'switch_label') this.stmt(c, stmts);
          this.locals.pop();
          out.push({ k: 'if', test: { k: 'unknown', pos: this.pos(g) }, then: stmts, else: [], pos: this.pos(g) });
        }
        return;
      }
      case 'explicit_constructor_invocation': {
        const ctor = n.childForFieldName('constructor');
        const args = named(n.childForFieldName('arguments')).map((a) => this.expr(a));
        if (ctor?.type === 'this') out.push({ k: 'expr', expr: { k: 'call', callee: this.thisMember(`<init>/${args.length}`, pos), args, kwargs: [], pos }, pos });
        return;
      }
      case 'local_class_declaration':
      case 'class_declaration':
      case 'record_declaration':
        return;
      case 'assert_statement':
        return;
      default: {
        // an expression used as a statement by error recovery, or a switch rule body
        if (n.type.endsWith('_expression') || n.type === 'method_invocation') out.push({ k: 'expr', expr: this.expr(n), pos });
        return;
      }
    }
  }

  /** `sb.append(x);` updates `sb`. */
  protected exprStatement(n: Node): Expr {
    if (n.type === 'method_invocation' && n.childForFieldName('name')?.text === 'append') {
      let root: Node | null = n;
      while (root && root.type === 'method_invocation' && root.childForFieldName('name')?.text === 'append') root = root.childForFieldName('object');
      if (root && (root.type === 'identifier' || root.type === 'field_access')) {
        const pos = this.pos(n);
        const target = this.expr(root);
        return { k: 'assign', target: target.k === 'name' ? { k: 'pname', name: target.name, pos } : { k: 'pexpr', expr: target, pos }, value: this.expr(n), op: '=', pos };
      }
    }
    return this.expr(n);
  }

  protected noteString(name: string | null, value: Node | null): void {
    if (!value || value.type !== 'string_literal') return;
    const s = stringText(value);
    if (s !== null) this.strings.push({ value: s, name, pos: this.pos(value) });
  }

  // ----- expressions (java.ts) ---------------------------------------------------------------

  abstract override expr(n: Node | null): Expr;
}
