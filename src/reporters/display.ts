/**
 * Text from the scanned repository (resource names, handler strings, file names) is shown in a
 * terminal and in Markdown pull-request comments. Escape sequences in it could retitle the
 * terminal, clear the screen, fake colours or, with a newline, forge a line of the report. Every
 * control character (C0, DEL, C1) in a string of the run is shown as a visible `\xNN` escape.
 */
import { setKey } from '../model/types.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function displayText(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A copy of `value` in which every string (and object key) is display-safe; values without control characters are shared. */
export function displaySafe<T>(value: T, seen = new Map<object, unknown>()): T {
  if (typeof value === 'string') return (CONTROL.test(value) ? ((CONTROL.lastIndex = 0), displayText(value)) : value) as T;
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value as object);
  if (known !== undefined) return known as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(displaySafe(v, seen));
    return out as T;
  }
  // Plain objects and null-prototype maps keyed by input (dict()); class instances are left as they are.
  const proto = Object.getPrototypeOf(value) as object | null;
  if (value instanceof Map || value instanceof Set || (proto !== Object.prototype && proto !== null)) return value;
  const out = Object.create(proto) as Record<string, unknown>;
  seen.set(value as object, out);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) setKey(out, displaySafe(k), displaySafe(v, seen));
  return out as T;
}
