/**
 * The HCL syntax tree `hcl.ts` builds: bodies, attributes, blocks, expressions and template parts,
 * each with the offset it starts at (`s`) so the evaluator can locate every value.
 */
import type { LineIndex } from '../lines.js';

/**
 * The file an attribute or nested block was written in when it is not the file of the block that
 * holds it: what a Terraform override file merged in (override.ts). Its offsets are in that file.
 */
export interface Origin {
  file: string;
  index: LineIndex;
}
export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export interface Attribute {
  name: string;
  expr: Expr;
  /** Offset of the attribute name. */
  start: number;
  origin?: Origin;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  /** Offset of the block type keyword. */
  start: number;
  /** Offset just after the block's closing brace. */
  end: number;
  /** Set on a nested block an override file merged in: the whole block is that file's. */
  origin?: Origin;
}

export type TemplatePart =
  | { k: 'text'; text: string }
  | { k: 'interp'; expr: Expr }
  | { k: 'if'; cond: Expr; then: TemplatePart[]; else: TemplatePart[] }
  | { k: 'for'; keyVar: string | null; valVar: string; coll: Expr; body: TemplatePart[] };

export interface Node {
  /** Start offset in the file text. */
  s: number;
}

export type Expr =
  | (Node & { k: 'lit'; value: null | boolean | number | string })
  | (Node & { k: 'tpl'; parts: TemplatePart[] })
  | (Node & { k: 'var'; name: string })
  | (Node & { k: 'attr'; obj: Expr; name: string })
  | (Node & { k: 'index'; obj: Expr; key: Expr })
  | (Node & { k: 'splat'; obj: Expr; each: Expr })
  | (Node & { k: 'anon' })
  | (Node & { k: 'call'; name: string; args: Expr[]; expand: boolean })
  | (Node & { k: 'tuple'; items: Expr[] })
  /**
   * `block`: a JSON object written where a nested block may be (Terraform's JSON syntax: "a single
   * object is one block"); the value stays an object and also answers `[0]` as its one block.
   */
  | (Node & { k: 'object'; items: ObjectItem[]; block?: true })
  | (Node & { k: 'cond'; cond: Expr; t: Expr; f: Expr })
  | (Node & { k: 'unary'; op: '!' | '-'; e: Expr })
  | (Node & { k: 'binary'; op: string; l: Expr; r: Expr })
  | (Node & { k: 'for'; keyVar: string | null; valVar: string; coll: Expr; keyExpr: Expr | null; valExpr: Expr; cond: Expr | null; group: boolean });

export interface ObjectItem {
  key: Expr;
  /** `{ name = ... }`: a bare identifier key is the literal name, not a variable. */
  bareKey: string | null;
  value: Expr;
  s: number;
}
