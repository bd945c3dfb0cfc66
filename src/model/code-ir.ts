/**
 * The handler-code intermediate representation: what `src/loaders/code/` produces from oxc (JS/TS)
 * and tree-sitter (Python, Java, Go, C#, Ruby) syntax trees, and what `src/analyses/code/` reads.
 * One small, language-neutral tree, so that SDK extraction and taint are written once for every
 * language. Plain data (no parser objects), positions already converted to 1-based line/column.
 * Statically typed languages add the declared type of variables and parameters (`type`), qualified
 * by the imports when the front-end can (`java.sql.Statement`), so that a method call on a typed
 * value is known by its class.
 */

export type CodeLanguage = 'javascript' | 'python' | 'java' | 'go' | 'csharp' | 'ruby';

export interface Pos {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface KwArg {
  /** null for `**kwargs`. */
  name: string | null;
  value: Expr;
}

export interface Prop {
  /** Literal key; null when computed from an expression (`keyExpr`) or for a spread. */
  key: string | null;
  keyExpr?: Expr;
  value: Expr;
  spread?: boolean;
  pos: Pos;
}

export type Expr =
  | { k: 'lit'; value: string | number | boolean | null; regex?: boolean; pos: Pos }
  | { k: 'name'; name: string; pos: Pos }
  /** `prop` is null when the key is computed and not a literal (see `index`). */
  | { k: 'member'; object: Expr; prop: string | null; index?: Expr; pos: Pos }
  /** `tagged`: a tagged template literal (`sql\`…\``), args are the quasis and the expressions. */
  | { k: 'call'; callee: Expr; args: Expr[]; kwargs: KwArg[]; tagged?: boolean; pos: Pos }
  | { k: 'new'; callee: Expr; args: Expr[]; pos: Pos }
  /** A string built from parts: template literal, f-string, implicit concatenation. */
  | { k: 'tmpl'; parts: Expr[]; pos: Pos }
  | { k: 'bin'; op: string; left: Expr; right: Expr; pos: Pos }
  | { k: 'unary'; op: string; arg: Expr; pos: Pos }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr; pos: Pos }
  | { k: 'obj'; props: Prop[]; pos: Pos }
  | { k: 'arr'; items: Expr[]; pos: Pos }
  | { k: 'fn'; fn: IrFunction; pos: Pos }
  | { k: 'assign'; target: Pattern; value: Expr; op: string; pos: Pos }
  | { k: 'seq'; items: Expr[]; pos: Pos }
  | { k: 'spread'; arg: Expr; pos: Pos }
  | { k: 'unknown'; pos: Pos };

export type Pattern =
  | { k: 'pname'; name: string; pos: Pos }
  | { k: 'pobj'; props: { key: string | null; keyExpr?: Expr; value: Pattern }[]; rest: Pattern | null; pos: Pos }
  | { k: 'parr'; items: (Pattern | null)[]; rest: Pattern | null; pos: Pos }
  | { k: 'pdefault'; target: Pattern; value: Expr; pos: Pos }
  /** A member expression as an assignment target (`exports.handler = …`, `self.x = …`). */
  | { k: 'pexpr'; expr: Expr; pos: Pos };

export interface Param {
  pattern: Pattern;
  rest?: boolean;
  /** A keyword parameter (Ruby `name:`; with `rest`, `**opts`): bound from the call's keyword arguments only. */
  keyword?: boolean;
  /** Declared type (typed languages), qualified when the import is known. */
  type?: string;
  /** Python: the annotation as written (`Request`, `int`); a hint, not a checked type (FastAPI reads it to bind a request). */
  hint?: string;
}

export interface IrFunction {
  name: string | null;
  params: Param[];
  body: Stmt[];
  pos: Pos;
}

export interface IrClass {
  name: string | null;
  methods: { name: string; fn: IrFunction; isStatic: boolean }[];
  pos: Pos;
}

export type Stmt =
  | { k: 'expr'; expr: Expr; pos: Pos }
  /** `type`: the declared type (typed languages), qualified when the import is known. */
  | { k: 'var'; target: Pattern; init: Expr | null; pos: Pos; type?: string }
  | { k: 'return'; arg: Expr | null; pos: Pos }
  | { k: 'throw'; arg: Expr | null; pos: Pos }
  /** break / continue. */
  | { k: 'jump'; pos: Pos }
  | { k: 'if'; test: Expr; then: Stmt[]; else: Stmt[]; pos: Pos }
  | { k: 'loop'; each: { target: Pattern; iter: Expr } | null; test: Expr | null; body: Stmt[]; pos: Pos }
  | { k: 'block'; body: Stmt[]; pos: Pos }
  /** `decorators`: Python decorator expressions, outermost first (`@app.route('/x')` → `app.route('/x')`). */
  | { k: 'func'; name: string; fn: IrFunction; pos: Pos; decorators?: Expr[] }
  | { k: 'class'; name: string; cls: IrClass; pos: Pos }
  | { k: 'try'; body: Stmt[]; handler: { param: Pattern | null; body: Stmt[] } | null; finalizer: Stmt[]; pos: Pos };

export interface IrImport {
  /** Local binding; null for a bare `import 'x'` / a `require()` seen anywhere. */
  local: string | null;
  /** As written: `./db.js`, `@aws-sdk/client-s3`, `.helpers`, `boto3`. */
  source: string;
  /** `*` for a namespace / CommonJS module object / Python module, `default`, or the imported name. */
  imported: string;
  /** The imported file relative to the scanned root when it is a followed local module, else null. */
  resolved: string | null;
  pos: Pos;
}

export interface IrExport {
  /** Exported name; `*` for `export * from`. */
  name: string;
  /** Evaluated in the module scope after its body ran; null for `export * from`. */
  value: Expr | null;
  /** For `export … from './x'`. */
  from?: string;
  pos: Pos;
}

export interface StringLiteral {
  value: string;
  /** The variable, property or keyword the literal is assigned to, when there is one. */
  name: string | null;
  pos: Pos;
}

export interface IrModule {
  /** Relative to the scanned root, POSIX separators. */
  file: string;
  language: CodeLanguage;
  body: Stmt[];
  imports: IrImport[];
  /** ESM exports (JS). CommonJS exports come from evaluating `module.exports`; Python exports are module globals. */
  exports: IrExport[];
  /** Names this module exports, as far as can be seen without evaluating it (for diagnostics). */
  exportNames: string[];
  /** True when the export list cannot be known statically (`module.exports = require(...)`, `export *`). */
  dynamicExports: boolean;
  strings: StringLiteral[];
  /** Syntax errors the parser recovered from. */
  syntaxErrors: { message: string; pos: Pos }[];
  /**
   * Ruby: folders the module adds to `$LOAD_PATH`, `./x` relative to the module's own folder
   * (`File.expand_path('lib', __dir__)`) or `x` relative to the task root (`'lib'`, `/var/task/lib`).
   */
  loadPath?: string[];
}

/** What the loader hands the analysis: the handler's module and the local modules it imports. */
export interface HandlerSource {
  functionId: string;
  language: CodeLanguage;
  /** Entry module, relative to the scanned root. */
  entry: string;
  /** The exported name (JS), module-level function (Python), `Class::method` (Java, C#) or handler function (Go, Ruby) that Lambda calls. */
  exportName: string;
  /** Parsed modules by file (the entry and the local modules it imports, bounded). */
  modules: Record<string, IrModule>;
  /** Declared dependency versions from the nearest package.json / requirements file. */
  dependencies: Record<string, string>;
  /** True for ZipFile / InlineCode handlers. */
  inline: boolean;
  /**
   * The handler is an adapter the deployment tool generates (serverless-wsgi's `wsgi_handler.handler`),
   * serving the web app `exportName` of `entry`.
   */
  webAdapter?: 'serverless-wsgi' | 'zappa';
  /**
   * The function serves a Django project: its root URLconf module (`ROOT_URLCONF` of the settings
   * module) and the URLconf modules `include()` names, by dotted name.
   */
  django?: { urlconf: string; modules: Record<string, string> };
  /** Other functions the deployment tool's handler calls with the event (Zappa's event functions): module and name. */
  eventEntries?: { entry: string; exportName: string }[];
}
