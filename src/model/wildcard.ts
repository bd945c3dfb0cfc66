/**
 * Wildcard matching (`*` any run of characters, `?` exactly one) without regular expressions.
 * Patterns come from the scanned repository (policy resources, conditions, suppressions), so a
 * pattern like `*a*a*a*…c` must not be compiled to a backtracking RegExp, which takes exponential
 * time on a near-miss. Here each star-free segment is placed at its leftmost occurrence, which is
 * optimal for globs: at most |pattern| × |value| character comparisons, with no backtracking
 * between segments (docs/security.md).
 */

export interface WildcardOptions {
  ignoreCase?: boolean;
  /** `\u0000` before a character makes it literal (`\u0000*` is a star, not a wildcard). */
  escapes?: boolean;
}

interface Segment {
  text: string;
  /** Positions holding an unescaped `?`; null when there are none. */
  any: boolean[] | null;
}

function segmentsOf(pattern: string, escapes: boolean): { segments: Segment[]; starred: boolean } {
  const segments: Segment[] = [];
  let text = '';
  let any: boolean[] | null = null;
  let starred = false;
  const flush = () => {
    segments.push({ text, any });
    text = '';
    any = null;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escapes && c === '\u0000' && i + 1 < pattern.length) {
      text += pattern[++i]!;
    } else if (c === '*') {
      starred = true;
      flush();
    } else if (c === '?') {
      any ??= [];
      any[text.length] = true;
      text += '?';
    } else text += c;
  }
  flush();
  return { segments, starred };
}

function segmentAt(seg: Segment, value: string, at: number): boolean {
  if (at < 0 || at + seg.text.length > value.length) return false;
  if (!seg.any) return value.startsWith(seg.text, at);
  for (let k = 0; k < seg.text.length; k++) if (!seg.any[k] && seg.text[k] !== value[at + k]) return false;
  return true;
}

function findSegment(seg: Segment, value: string, from: number): number {
  if (!seg.any) return value.indexOf(seg.text, from);
  for (let at = from; at + seg.text.length <= value.length; at++) if (segmentAt(seg, value, at)) return at;
  return -1;
}

/** Whether `value` matches `pattern` (`*`, `?`). */
export function wildcardMatch(pattern: string, value: string, options: WildcardOptions = {}): boolean {
  if (options.ignoreCase) {
    pattern = pattern.toLowerCase();
    value = value.toLowerCase();
  }
  const { segments, starred } = segmentsOf(pattern, options.escapes === true);
  if (!starred) return segments[0]!.text.length === value.length && segmentAt(segments[0]!, value, 0);
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (first.text.length + last.text.length > value.length) return false;
  if (!segmentAt(first, value, 0) || !segmentAt(last, value, value.length - last.text.length)) return false;
  let pos = first.text.length;
  const end = value.length - last.text.length;
  for (let k = 1; k < segments.length - 1; k++) {
    const seg = segments[k]!;
    if (seg.text.length === 0) continue;
    const at = findSegment(seg, value, pos);
    if (at < 0 || at + seg.text.length > end) return false;
    pos = at + seg.text.length;
  }
  return true;
}
