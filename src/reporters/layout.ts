/**
 * Fitting text to a terminal width: word wrapping, and tables whose cells never run into their
 * neighbour (two spaces between columns, a cut cell ends in `…`). Pure; colour is applied by the
 * caller after layout, so widths are counted on plain text.
 */

const GAP = 2;

/** Wraps `text` at spaces to `width` columns; words longer than a line are cut. First line after `first`, the rest after `rest`. */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const out: string[] = [];
  let line = first;
  let prefix = first;
  const room = () => Math.max(8, width - prefix.length);
  for (const raw of text.split(/\s+/).filter(Boolean)) {
    let word = raw;
    while (word.length > 0) {
      const used = line.length - prefix.length;
      const sep = used > 0 ? 1 : 0;
      if (used + sep + word.length <= room()) {
        line += (sep ? ' ' : '') + word;
        word = '';
      } else if (used > 0) {
        out.push(line);
        prefix = rest;
        line = rest;
      } else {
        line += word.slice(0, room());
        word = word.slice(room());
        out.push(line);
        prefix = rest;
        line = rest;
      }
    }
  }
  if (line.length > prefix.length || out.length === 0) out.push(line);
  return out;
}

/** Cuts `s` to `n` columns, ending in `…` when cut. */
export function cut(s: string, n: number): string {
  return s.length <= n ? s : n <= 1 ? '…'.slice(0, n) : s.slice(0, n - 1) + '…';
}

export interface Column {
  header: string;
  /** Narrowest the column may be cut to; never cut below its header or this (default: not cut). */
  min?: number;
  /** Colour applied to the padded cell of each row. */
  style?: (cell: string, row: number) => string;
}

/**
 * Lays out a table within `width` columns (including `indent`): natural widths when they fit, else
 * the widest cuttable column is narrowed, one column at a time, down to the minimums. Returns null when even that does
 * not fit, so the caller can print one block per record instead.
 */
export function table(columns: readonly Column[], rows: readonly string[][], width: number, indent = '  ', dim: (s: string) => string = (s) => s): string[] | null {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const mins = columns.map((c, i) => (c.min === undefined ? widths[i]! : Math.min(widths[i]!, Math.max(c.min, c.header.length))));
  const total = () => indent.length + widths.reduce((a, b) => a + b, 0) + GAP * (columns.length - 1);
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if (widths[i]! > mins[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    if (widest < 0) return null;
    widths[widest] = widths[widest]! - 1;
  }
  const line = (cells: readonly string[], row: number, styled: boolean) =>
    (
      indent +
      cells
        .map((cell, i) => {
          const last = i === cells.length - 1;
          const text = cut(cell, widths[i]!);
          const padded = last ? text : text + ' '.repeat(widths[i]! - text.length);
          return styled && columns[i]!.style ? columns[i]!.style!(padded, row) : padded;
        })
        .join(' '.repeat(GAP))
    ).replace(/\s+$/, '');
  return [dim(line(columns.map((c) => c.header), -1, false)), ...rows.map((r, i) => line(r, i, true))];
}
