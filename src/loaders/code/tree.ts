/**
 * What the tree-sitter front-ends of Java, Go and C# share: parsing with a loaded grammar into an
 * IR module (the tree is deleted after lowering: it lives in wasm memory), syntax errors, the
 * named children of a node without comments, and, for the class-based languages, the scope of
 * local names that decides whether an unqualified name is a local or a member of `this`.
 */
import { NodeCache, type SNode as Node } from './snode.js';
import type { CodeLanguage, Expr, IrExport, IrImport, IrModule, Pos, Stmt, StringLiteral } from '../../model/code-ir.js';
import { grammarParser, type GrammarLanguage } from './grammars.js';
import { LineIndex } from './lines.js';

export const ZERO: Pos = { line: 0, column: 0, endLine: 0, endColumn: 0 };

export interface LowerOptions {
  lineOffset?: number;
}

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
  try {
    const l = make(file, new LineIndex(text, options.lineOffset ?? 0));
    const root = new NodeCache(text).wrap(tree.rootNode);
    const body = l.program(root);
    const syntaxErrors: IrModule['syntaxErrors'] = [];
    if (root.hasError) collectErrors(root, l, syntaxErrors);
    for (const pos of l.tooDeep) syntaxErrors.push({ message: 'statement nested too deeply to analyse; skipped', pos });
    const mod: IrModule = { file, language, body, imports: l.imports, exports: l.exports, exportNames: l.exports.map((e) => e.name).sort(), dynamicExports: false, strings: l.strings, syntaxErrors };
    if (l.loadPath.length) mod.loadPath = l.loadPath;
    return mod;
  } finally {
    tree.delete();
  }
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
