/**
 * The one string order of the application: UTF-16 code units, the same on every machine and locale
 * (never `localeCompare`), so sorted output is deterministic.
 */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
