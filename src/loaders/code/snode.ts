/**
 * Syntax trees read out of wasm in one walk. web-tree-sitter marshals a node into wasm memory and
 * crosses into wasm for every property read (`type`, `endIndex`, `namedChildren`,
 * `childForFieldName`) and returns a new object each time; lowering a 300-line file that way cost
 * more than parsing it. Instead, `readTree` walks the parsed tree once with a tree cursor, calling
 * the runtime's cursor functions directly (four small calls per node and one per move, no
 * marshalling, no objects; whether a type is named is the grammar's, asked once per type),
 * into flat arrays: type, field, start and end, flags, parent, first child and next sibling. The
 * front-ends then walk `SNode`s, one per tree node, made on first use, that read only those arrays,
 * so the tree in wasm can be deleted as soon as it is read. When the runtime's functions cannot be
 * reached (web-tree-sitter initialised elsewhere in the process first, or its internals moved), the
 * same walk goes through the public `TreeCursor`: slower, the same tree.
 *
 * The fields and children are those of web-tree-sitter's `Node` API: the cursor visits the visible
 * nodes, a node's field is the one its parent (or an invisible wrapper between them) gives it, and
 * `childForFieldName` is the first child with that field, as `ts_node_child_by_field_id` (none on
 * an ERROR node). test/loaders/code/snode.test.ts compares the two trees node for node.
 */
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';

/**
 * The part of web-tree-sitter's Emscripten module the walk calls: the module object handed to
 * `Parser.init` is the one the runtime fills with its exports (grammars.ts).
 */
export interface CursorBinding {
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  getValue(ptr: number, type: 'i32'): number;
  setValue(ptr: number, value: number, type: 'i32'): void;
}

/** True when `m` has every function the walk calls (a web-tree-sitter whose internals moved does not). */
export function isCursorBinding(m: Record<string, unknown>): m is Record<string, unknown> & CursorBinding {
  return ['_ts_init', '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm', '_ts_tree_cursor_goto_parent_wasm', '_ts_tree_cursor_current_node_type_id_wasm', '_ts_tree_cursor_current_field_id_wasm', '_ts_tree_cursor_current_node_is_missing_wasm', '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm', 'getValue', 'setValue'].every((k) => typeof m[k] === 'function');
}

const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;
const NONE = -1;
/** tree-sitter's `ts_builtin_sym_error`. */
const ERROR_SYMBOL = 0xffff;

/** Names of a language's node types and fields, by id, and field ids by name (one per language). */
interface Names {
  types: string[];
  fieldIds: Map<string, number>;
  /** Whether each node type is named: 0 not asked yet, 1 anonymous, 2 named (a type's named-ness is the grammar's). */
  named: Uint8Array;
  language: Language;
}
const namesOf = new WeakMap<Language, Names>();

function names(language: Language): Names {
  let n = namesOf.get(language);
  if (n === undefined) {
    const fieldIds = new Map<string, number>();
    language.fields.forEach((f, i) => {
      if (f !== null && !fieldIds.has(f)) fieldIds.set(f, i);
    });
    n = { types: language.types, fieldIds, named: new Uint8Array(0x10000), language };
    namesOf.set(language, n);
  }
  return n;
}

/** A parsed tree as flat arrays, indexed in document (pre-)order; 0 is the root. */
export class FlatTree {
  count = 0;
  typeId: Uint16Array;
  field: Uint16Array;
  start: Uint32Array;
  end: Uint32Array;
  flags: Uint8Array;
  parent: Int32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  private readonly nodes: (SNode | undefined)[] = [];

  constructor(
    readonly source: string,
    readonly names: Names,
    capacity: number,
  ) {
    const n = Math.max(capacity, 16);
    this.typeId = new Uint16Array(n);
    this.field = new Uint16Array(n);
    this.start = new Uint32Array(n);
    this.end = new Uint32Array(n);
    this.flags = new Uint8Array(n);
    this.parent = new Int32Array(n);
    this.firstChild = new Int32Array(n);
    this.nextSibling = new Int32Array(n);
  }

  /** Room for one more node. */
  grow(): void {
    const n = this.typeId.length * 2;
    const more = <T extends Uint16Array | Uint32Array | Uint8Array | Int32Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(n);
      b.set(a);
      return b;
    };
    this.typeId = more(this.typeId, Uint16Array);
    this.field = more(this.field, Uint16Array);
    this.start = more(this.start, Uint32Array);
    this.end = more(this.end, Uint32Array);
    this.flags = more(this.flags, Uint8Array);
    this.parent = more(this.parent, Int32Array);
    this.firstChild = more(this.firstChild, Int32Array);
    this.nextSibling = more(this.nextSibling, Int32Array);
  }

  node(i: number): SNode {
    return (this.nodes[i] ??= new SNode(this, i));
  }

  get root(): SNode {
    return this.node(0);
  }
}

/** What the walk asks a tree cursor: its node's type, field, span and missing flag, and its moves. */
interface CursorOps {
  typeId(): number;
  fieldId(): number;
  start(): number;
  end(): number;
  missing(): boolean;
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
  /** Ends the walk (the cursor is deleted). */
  close(): void;
}

/**
 * The runtime's cursor functions, called directly. The cursor's handles go to the runtime's
 * transfer buffer once; every cursor function reads them there and writes them back after a move,
 * so the walk needs no marshalling (and nothing that marshals a node through the buffer may run
 * until the walk ends).
 */
function directOps(b: CursorBinding, tree: Tree, cursor: TreeCursor): CursorOps {
  const handles = (cursor as unknown as { handles: number[] }).handles;
  const buffer = b._ts_init();
  for (let k = 0; k < 4; k++) b.setValue(buffer + 4 * k, handles[k]!, 'i32');
  const t = (tree as unknown as { 0: number })[0];
  const [typeId, fieldId, start, end, missing, firstChild, nextSibling, parent] = [b._ts_tree_cursor_current_node_type_id_wasm, b._ts_tree_cursor_current_field_id_wasm, b._ts_tree_cursor_start_index_wasm, b._ts_tree_cursor_end_index_wasm, b._ts_tree_cursor_current_node_is_missing_wasm, b._ts_tree_cursor_goto_first_child_wasm, b._ts_tree_cursor_goto_next_sibling_wasm, b._ts_tree_cursor_goto_parent_wasm];
  return {
    typeId: () => typeId(t),
    fieldId: () => fieldId(t),
    start: () => start(t),
    end: () => end(t),
    missing: () => missing(t) !== 0,
    firstChild: () => firstChild(t) !== 0,
    nextSibling: () => nextSibling(t) !== 0,
    parent: () => parent(t) !== 0,
    close() {
      // the walk may have moved the cursor's stack: hand the current handles back before deleting it
      for (let k = 0; k < 4; k++) handles[k] = b.getValue(buffer + 4 * k, 'i32');
      cursor.delete();
    },
  };
}

/** web-tree-sitter's public TreeCursor (when the runtime's functions cannot be reached: slower, same tree). */
function publicOps(cursor: TreeCursor): CursorOps {
  return {
    typeId: () => cursor.nodeTypeId,
    fieldId: () => cursor.currentFieldId,
    start: () => cursor.startIndex,
    end: () => cursor.endIndex,
    missing: () => cursor.nodeIsMissing,
    firstChild: () => cursor.gotoFirstChild(),
    nextSibling: () => cursor.gotoNextSibling(),
    parent: () => cursor.gotoParent(),
    close: () => cursor.delete(),
  };
}

/**
 * Reads `tree` (parsed from `source`) into a FlatTree with one cursor walk, through the runtime's
 * cursor functions when `binding` has them, else through the public TreeCursor. The tree itself
 * is left to the caller to delete.
 */
export function readTree(binding: CursorBinding | null, tree: Tree, source: string): FlatTree {
  const root = tree.rootNode;
  const flat = new FlatTree(source, names(tree.language), root.descendantCount);
  // missing nodes come only with errors: a tree without errors is not asked for them node by node
  const mayMiss = root.hasError;
  const cursor = tree.walk();
  const c = binding ? directOps(binding, tree, cursor) : publicOps(cursor);
  const named = flat.names.named;
  try {
    /** The last child read of each open node, innermost last. */
    const lastChild: number[] = [];
    const parents: number[] = [];
    for (;;) {
      const i = flat.count;
      if (i === flat.typeId.length) flat.grow();
      flat.count++;
      const typeId = c.typeId();
      flat.typeId[i] = typeId;
      flat.field[i] = c.fieldId();
      flat.start[i] = c.start();
      flat.end[i] = c.end();
      let isNamed = named[typeId]!;
      if (isNamed === 0) named[typeId] = isNamed = flat.names.language.nodeTypeIsNamed(typeId) ? 2 : 1;
      let flags = isNamed === 2 ? NAMED : 0;
      if (mayMiss && c.missing()) flags |= MISSING | HAS_ERROR;
      else if (typeId === ERROR_SYMBOL) flags |= HAS_ERROR;
      flat.flags[i] = flags;
      flat.firstChild[i] = NONE;
      flat.nextSibling[i] = NONE;
      const p = parents.length ? parents[parents.length - 1]! : NONE;
      flat.parent[i] = p;
      if (p !== NONE) {
        const prev = lastChild[lastChild.length - 1]!;
        if (prev === NONE) flat.firstChild[p] = i;
        else flat.nextSibling[prev] = i;
        lastChild[lastChild.length - 1] = i;
      }
      if (c.firstChild()) {
        parents.push(i);
        lastChild.push(NONE);
        continue;
      }
      // up until a sibling follows; the root has none
      while (parents.length > 0 && !c.nextSibling()) {
        c.parent();
        parents.pop();
        lastChild.pop();
      }
      if (parents.length === 0) break;
    }
  } finally {
    c.close();
  }
  // a node has an error when it is one or holds one
  for (let i = flat.count - 1; i > 0; i--) if (flat.flags[i]! & HAS_ERROR) flat.flags[flat.parent[i]!]! |= HAS_ERROR;
  return flat;
}

/** One node of a FlatTree; the same object for the same node. */
export class SNode {
  private namedValue: SNode[] | undefined;
  private childrenValue: SNode[] | undefined;

  constructor(
    private readonly tree: FlatTree,
    private readonly i: number,
  ) {}

  get type(): string {
    return this.tree.names.types[this.tree.typeId[this.i]!] || 'ERROR';
  }

  get startIndex(): number {
    return this.tree.start[this.i]!;
  }

  get endIndex(): number {
    return this.tree.end[this.i]!;
  }

  get text(): string {
    return this.tree.source.slice(this.tree.start[this.i], this.tree.end[this.i]);
  }

  get children(): SNode[] {
    if (this.childrenValue === undefined) {
      const out: SNode[] = [];
      for (let c = this.tree.firstChild[this.i]!; c !== NONE; c = this.tree.nextSibling[c]!) out.push(this.tree.node(c));
      this.childrenValue = out;
    }
    return this.childrenValue;
  }

  get namedChildren(): SNode[] {
    if (this.namedValue === undefined) {
      const out: SNode[] = [];
      const t = this.tree;
      for (let c = t.firstChild[this.i]!; c !== NONE; c = t.nextSibling[c]!) if (t.flags[c]! & NAMED) out.push(t.node(c));
      this.namedValue = out;
    }
    return this.namedValue;
  }

  childForFieldName(name: string): SNode | null {
    const t = this.tree;
    const id = t.names.fieldIds.get(name);
    // an ERROR node has no fields of its own (its production has none); the cursor still names
    // its children's fields through the invisible nodes between them, as childrenForFieldName does
    if (id === undefined || t.typeId[this.i] === ERROR_SYMBOL) return null;
    for (let c = t.firstChild[this.i]!; c !== NONE; c = t.nextSibling[c]!) if (t.field[c] === id) return t.node(c);
    return null;
  }

  childrenForFieldName(name: string): SNode[] {
    const t = this.tree;
    const id = t.names.fieldIds.get(name);
    const out: SNode[] = [];
    if (id === undefined) return out;
    for (let c = t.firstChild[this.i]!; c !== NONE; c = t.nextSibling[c]!) if (t.field[c] === id) out.push(t.node(c));
    return out;
  }

  /** This node and its descendants of type `type`, in document order. */
  descendantsOfType(type: string): SNode[] {
    const t = this.tree;
    const out: SNode[] = [];
    const stack = [this.i];
    while (stack.length) {
      const j = stack.pop()!;
      if ((t.names.types[t.typeId[j]!] || 'ERROR') === type) out.push(t.node(j));
      const kids: number[] = [];
      for (let c = t.firstChild[j]!; c !== NONE; c = t.nextSibling[c]!) kids.push(c);
      for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
    }
    return out;
  }

  /**
   * This node is, or holds, an ERROR node or a missing node of the tree (what collectErrors
   * reports). web-tree-sitter's `hasError` also counts a missing token the tree does not show;
   * no error could be reported at one.
   */
  get hasError(): boolean {
    return (this.tree.flags[this.i]! & HAS_ERROR) !== 0;
  }

  get isMissing(): boolean {
    return (this.tree.flags[this.i]! & MISSING) !== 0;
  }

  get isNamed(): boolean {
    return (this.tree.flags[this.i]! & NAMED) !== 0;
  }
}
