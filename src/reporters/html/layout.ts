/**
 * Column layout for the map, computed once in Node so the browser only draws: one column per node
 * class, nodes ordered by the barycentre of their neighbours to reduce crossings, then placed next
 * to their neighbours without overlapping. Deterministic: ties fall back to the node id.
 */
import type { NodeClass } from './types.js';
import { cmp } from '../../model/order.js';

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 24;
export const ROW = 34;
export const COLUMN_GAP = 170;
export const MARGIN = 40;

const COLUMNS: readonly NodeClass[] = ['principal', 'entry-point', 'function', 'resource'];

export interface LayoutNode {
  id: string;
  cls: NodeClass;
  /** Fixed rank within the column (principals), instead of crossing reduction. */
  fixedRank?: number;
  /** Owner group: a column keeps each group together, in group order (docs/owners.md). */
  group?: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface Layout {
  positions: Map<string, { x: number; y: number }>;
  width: number;
  height: number;
}

const SWEEPS = 8;
const PLACEMENT_ROUNDS = 3;

export function layoutColumns(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Layout {
  const columnOf = new Map<string, number>();
  const fixedRank = new Map<string, number>();
  const group = new Map<string, number>();
  const columns: string[][] = COLUMNS.map(() => []);
  for (const n of [...nodes].sort((a, b) => cmp(a.id, b.id))) {
    const c = COLUMNS.indexOf(n.cls);
    columnOf.set(n.id, c);
    columns[c]!.push(n.id);
    if (n.fixedRank !== undefined) fixedRank.set(n.id, n.fixedRank);
    if (n.group !== undefined) group.set(n.id, n.group);
  }
  // Unowned nodes come after every owner group.
  const groupOf = (id: string): number => group.get(id) ?? (group.size > 0 ? Number.MAX_SAFE_INTEGER : 0);
  for (const col of columns) {
    col.sort((a, b) => (fixedRank.get(a) ?? 0) - (fixedRank.get(b) ?? 0) || groupOf(a) - groupOf(b) || cmp(a, b));
  }

  // Neighbours in other columns (edge direction does not matter for ordering).
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  for (const e of edges) {
    const ca = columnOf.get(e.from);
    const cb = columnOf.get(e.to);
    if (ca === undefined || cb === undefined || ca === cb) continue;
    link(e.from, e.to);
    link(e.to, e.from);
  }

  // Crossing reduction on normalised ranks (columns differ in length).
  const rank = new Map<string, number>();
  const setRanks = (col: string[]): void => {
    const d = Math.max(1, col.length - 1);
    col.forEach((id, i) => rank.set(id, col.length === 1 ? 0.5 : i / d));
  };
  columns.forEach(setRanks);
  const reorder = (c: number): void => {
    const col = columns[c]!;
    if (col.length < 2 || col.some((id) => fixedRank.has(id))) return;
    const keyed = col.map((id, i) => {
      const ns = neighbours.get(id);
      let key = rank.get(id)!;
      if (ns && ns.length > 0) {
        let sum = 0;
        for (const nb of ns) sum += rank.get(nb)!;
        key = sum / ns.length;
      }
      return { id, key, i };
    });
    keyed.sort((a, b) => groupOf(a.id) - groupOf(b.id) || a.key - b.key || a.i - b.i);
    columns[c] = keyed.map((k) => k.id);
    setRanks(columns[c]!);
  };
  for (let s = 0; s < SWEEPS; s++) {
    const order = s % 2 === 0 ? [1, 2, 3] : [2, 1];
    for (const c of order) reorder(c);
  }

  // Placement: the longest column is stacked; others sit next to their neighbours, in order, without overlap.
  const y = new Map<string, number>();
  const tallest = Math.max(1, ...columns.map((c) => c.length));
  const height = tallest * ROW;
  for (const col of columns) {
    const spacing = col.length > 0 ? Math.min(ROW * 3, Math.max(ROW, height / col.length)) : ROW;
    const top = (height - spacing * (col.length - 1) - NODE_HEIGHT) / 2;
    col.forEach((id, i) => y.set(id, Math.max(0, top) + i * spacing));
  }
  for (let round = 0; round < PLACEMENT_ROUNDS; round++) {
    for (const c of [1, 2, 3, 0]) {
      const col = columns[c]!;
      if (col.length === tallest) continue;
      const desired = col.map((id) => {
        const ns = neighbours.get(id);
        if (!ns || ns.length === 0) return y.get(id)!;
        let sum = 0;
        for (const nb of ns) sum += y.get(nb)!;
        return sum / ns.length;
      });
      // Forward pass keeps order and spacing; a backward pass pulls the tail back inside the canvas.
      const placed: number[] = [];
      for (let i = 0; i < col.length; i++) {
        const min = i === 0 ? 0 : placed[i - 1]! + ROW;
        placed.push(Math.max(min, desired[i]!));
      }
      let max = height - NODE_HEIGHT;
      for (let i = col.length - 1; i >= 0; i--) {
        placed[i] = Math.max(0, Math.min(placed[i]!, max));
        max = placed[i]! - ROW;
      }
      col.forEach((id, i) => y.set(id, placed[i]!));
    }
  }

  const positions = new Map<string, { x: number; y: number }>();
  for (let c = 0; c < columns.length; c++) {
    for (const id of columns[c]!) {
      positions.set(id, { x: MARGIN + c * (NODE_WIDTH + COLUMN_GAP), y: MARGIN + Math.round(y.get(id)!) });
    }
  }
  return {
    positions,
    width: MARGIN * 2 + COLUMNS.length * NODE_WIDTH + (COLUMNS.length - 1) * COLUMN_GAP,
    height: MARGIN * 2 + height,
  };
}
