/**
 * What the tree-sitter front-ends (Python, Java, Go, C#, Ruby) share: parsing with a loaded grammar into an
 * IR module (the tree is read out of wasm memory in one walk and deleted before lowering, snode.ts), syntax errors, the
 * named children of a node without comments, and, for the class-based languages, the scope of
 * local names that decides whether an unqualified name is a local or a member of `this`.
 */
import { readTree, type SNode as Node } from './snode.js';
import type { CodeLanguage, Expr, IrExport, IrImport, IrModule, Pos, Stmt, StringLiteral } from '../../model/code-ir.js';
import { cursorBinding, grammarParser, type GrammarLanguage } from './grammars.js';
import { LineIndex } from '../lines.js';

export const ZERO: Pos = { line: 0, column: 0, endLine: 0, endColumn: 0 };

export interface LowerOptions {
  lineOffset?: number;
}

/**
 * How a statement whose value, if any, is its first named child lowers in every language alike:
 * `return x`, `throw x` (`raise x`), an expression run for its effect (Go's `go f()`, Java's
 * `yield x`), a jump (`break`, `continue`, `goto`).
 */
export type SimpleStatement = 'return' | 'throw' | 'effect' | 'jump';

/** How a literal's node type lowers: a keyword's value, or a number (`_` separators dropped). */
export type LiteralKind = 'true' | 'false' | 'null' | 'number';

/** The part of a front-end that turns a syntax tree into module statements. */
export abstract class TreeLowering {
  imports: IrImport[] = [];
  exports: IrExport[] = [];
  strings: StringLiteral[] = [];
  /** Local names of the enclosing function, innermost block last. */
  protected locals: Set<string>[] = [];
  /** Statements too deep for the lowering's recursion: skipped one by one, the rest kept. */
  tooDeep: Pos[] = [];
  /** Ruby `$LOAD_PATH` additions (IrModule.loadPath). */
  loadPath: string[] = [];

  constructor(
    readonly file: string,
    readonly lines: LineIndex,
  ) {}

  pos(n: Node): Pos {
    return this.lines.pos(n.startIndex, n.endIndex);
  }

  abstract program(root: Node): Stmt[];

  abstract expr(n: Node | null): Expr;

  /** Lowers `n` when its type is one of the language's simple statements (true); false leaves it to the language. */
  protected simpleStmt(n: Node, out: Stmt[], shapes: ReadonlyMap<string, SimpleStatement>): boolean {
    const shape = shapes.get(n.type);
    if (!shape) return false;
    const pos = this.pos(n);
    const a = named(n)[0];
    if (shape === 'jump') out.push({ k: 'jump', pos });
    else if (shape !== 'effect') out.push({ k: shape, arg: a ? this.expr(a) : null, pos });
    else if (a) out.push({ k: 'expr', expr: this.expr(a), pos });
    return true;
  }

  /** A literal of one of the language's literal node types, else null. */
  protected simpleLiteral(n: Node, kinds: ReadonlyMap<string, LiteralKind>): Expr | null {
    const kind = kinds.get(n.type);
    if (!kind) return null;
    const value = kind === 'number' ? Number(n.text.replace(/_/g, '')) || 0 : kind === 'null' ? null : kind === 'true';
    return { k: 'lit', value, pos: this.pos(n) };
  }

  /** The names the module exports (`IrModule.exportNames`), sorted. */
  exportNames(body: Stmt[]): string[] {
    void body;
    return this.exports.map((e) => e.name).sort();
  }

  /** Lowers one statement; one nested too deeply for the stack is skipped and reported. */
  protected isolated(n: Node, out: Stmt[], lower: (n: Node, out: Stmt[]) => void): void {
    const mark = out.length;
    try {
      lower(n, out);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      out.length = mark;
      this.tooDeep.push(this.pos(n));
    }
  }

  protected declare(name: string): void {
    this.locals[this.locals.length - 1]?.add(name);
  }

  protected isLocal(name: string): boolean {
    return this.locals.some((s) => s.has(name));
  }

  protected thisMember(name: string, pos: Pos): Expr {
    return { k: 'member', object: { k: 'name', name: 'this', pos }, prop: name, pos };
  }
}

/** Parses `text` with the (loaded) grammar of `language` and lowers it with `make`. */
export function lowerTree(language: CodeLanguage & GrammarLanguage, file: string, text: string, options: LowerOptions, make: (file: string, lines: LineIndex) => TreeLowering): IrModule {
  const parser = grammarParser(language);
  if (!parser) throw new Error(`loadGrammar('${language}') must be awaited before lowering ${language}`);
  const tree = parser.parse(text);
  if (!tree) throw new Error(`${file}: tree-sitter returned no tree`);
  let root: Node;
  try {
    root = readTree(cursorBinding(), tree, text).root;
  } finally {
    tree.delete(); // read whole: the tree in wasm memory is not needed for lowering
  }
  const l = make(file, new LineIndex(text, options.lineOffset ?? 0));
  const body = l.program(root);
  const syntaxErrors: IrModule['syntaxErrors'] = [];
  if (root.hasError) collectErrors(root, l, syntaxErrors);
  for (const pos of l.tooDeep) syntaxErrors.push({ message: 'statement nested too deeply to analyse; skipped', pos });
  const mod: IrModule = { file, language, body, imports: l.imports, exports: l.exports, exportNames: l.exportNames(body), dynamicExports: false, strings: l.strings, syntaxErrors };
  if (l.loadPath.length) mod.loadPath = l.loadPath;
  return mod;
}

export function collectErrors(n: Node, l: { pos(n: Node): Pos }, out: IrModule['syntaxErrors']): void {
  if (out.length >= 20) return;
  if (n.type === 'ERROR' || n.isMissing) {
    out.push({ message: n.isMissing ? `missing ${n.type}` : 'syntax error', pos: l.pos(n) });
    return;
  }
  for (const c of n.children) if (c && c.hasError) collectErrors(c, l, out);
}

/** Named children, comments left out. */
export function named(n: Node | null | undefined): Node[] {
  return (n?.namedChildren ?? []).filter((c) => c.type !== 'comment' && c.type !== 'line_comment' && c.type !== 'block_comment');
}

/** The value of a simple escape sequence of a string literal (`\\n`, `\\t`, `\\r`, quotes, backslash); others stay as written. */
export function unescapeSimple(seq: string): string {
  switch (seq) {
    case '\\n':
      return '\n';
    case '\\t':
      return '\t';
    case '\\r':
      return '\r';
    case "\\'":
      return "'";
    case '\\"':
      return '"';
    case '\\\\':
      return '\\';
    default:
      return seq;
  }
}
