/**
 * Syntax-tree nodes that read each property from wasm at most once. web-tree-sitter marshals a
 * node into wasm memory and crosses into wasm for every property read (`type`, `endIndex`,
 * `namedChildren`, `childForFieldName`), and returns a new object each time, so the lowering's
 * repeated reads of the same node (a type test in a filter, then a switch, then a field) were most
 * of its cost. One `SNode` per tree node (keyed by the node's id within its tree) caches what was
 * read; `text` is sliced from the source instead of asking wasm for it. Valid only while the tree
 * is alive (lowering deletes it afterwards).
 */
import type { Node as RawNode } from 'web-tree-sitter';

export class NodeCache {
  private readonly nodes = new Map<number, SNode>();
  constructor(readonly source: string) {}

  wrap(raw: RawNode): SNode {
    let n = this.nodes.get(raw.id);
    if (n === undefined) {
      n = new SNode(raw, this);
      this.nodes.set(raw.id, n);
    }
    return n;
  }

  wrapOrNull(raw: RawNode | null | undefined): SNode | null {
    return raw ? this.wrap(raw) : null;
  }
}

export class SNode {
  private typeValue: string | undefined;
  private end = -1;
  private namedValue: SNode[] | undefined;
  private childrenValue: SNode[] | undefined;
  private fields: Map<string, SNode | null> | undefined;
  readonly startIndex: number;

  constructor(
    readonly raw: RawNode,
    private readonly cache: NodeCache,
  ) {
    this.startIndex = raw.startIndex;
  }

  get type(): string {
    return (this.typeValue ??= this.raw.type);
  }

  get endIndex(): number {
    if (this.end < 0) this.end = this.raw.endIndex;
    return this.end;
  }

  get text(): string {
    return this.cache.source.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): SNode[] {
    if (this.namedValue === undefined) {
      const out: SNode[] = [];
      for (const c of this.raw.namedChildren) if (c) out.push(this.cache.wrap(c));
      this.namedValue = out;
    }
    return this.namedValue;
  }

  get children(): SNode[] {
    if (this.childrenValue === undefined) {
      const out: SNode[] = [];
      for (const c of this.raw.children) if (c) out.push(this.cache.wrap(c));
      this.childrenValue = out;
    }
    return this.childrenValue;
  }

  childForFieldName(name: string): SNode | null {
    this.fields ??= new Map();
    let c = this.fields.get(name);
    if (c === undefined) {
      c = this.cache.wrapOrNull(this.raw.childForFieldName(name));
      this.fields.set(name, c);
    }
    return c;
  }

  childrenForFieldName(name: string): SNode[] {
    const out: SNode[] = [];
    for (const c of this.raw.childrenForFieldName(name)) if (c) out.push(this.cache.wrap(c));
    return out;
  }

  descendantsOfType(type: string): SNode[] {
    const out: SNode[] = [];
    for (const c of this.raw.descendantsOfType(type)) if (c) out.push(this.cache.wrap(c));
    return out;
  }

  get hasError(): boolean {
    return this.raw.hasError;
  }

  get isMissing(): boolean {
    return this.raw.isMissing;
  }

  get isNamed(): boolean {
    return this.raw.isNamed;
  }
}
