/** Offset → 1-based line/column, computed once per file, at the boundary (templates, HCL, handler code). */
import type { Pos } from '../model/code-ir.js';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string, private readonly lineOffset = 0) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The line and column of one offset. */
  position(offset: number): { line: number; column: number } {
    const l = this.lineOf(offset);
    return { line: l + 1 + this.lineOffset, column: offset - this.starts[l]! + 1 };
  }

  /** The span from `start` to `end`. */
  pos(start: number, end: number): Pos {
    const l = this.lineOf(start);
    const el = this.lineOf(end);
    return {
      line: l + 1 + this.lineOffset,
      column: start - this.starts[l]! + 1,
      endLine: el + 1 + this.lineOffset,
      endColumn: end - this.starts[el]! + 1,
    };
  }
}
