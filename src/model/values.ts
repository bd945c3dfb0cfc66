/**
 * The ground vocabulary under `types.ts` (which re-exports all of it): source locations, the
 * `Unresolved` value and `Maybe`, JSON values and document paths, and the safe helpers for maps
 * keyed by input (`dict`, `setKey`, `hasKey`). Imports nothing.
 */

/** A place in a file the user wrote. `file` is relative to the scanned directory, POSIX separators; line/column 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** A value that could not be determined statically. Never treated as safe. */
export interface Unresolved {
  readonly unresolved: true;
  /** Why it is unknown, e.g. "Fn::ImportValue 'SharedVpc' comes from another stack". */
  readonly reason: string;
  /**
   * For strings only partly known: the known parts with `*` standing for each unknown part
   * (`arn:aws:s3:::*\/uploads/*`). Analyses may use it as a conservative over-approximation.
   */
  readonly pattern?: string;
  /**
   * The logical id of the resource of the same template this value names (its name, ARN or an
   * attribute), when that resource is known but its physical name is not: a reference keeps its
   * identity whatever the name resolves to (`!GetAtt Role.Arn` with a `RoleName` from a parameter
   * without a value still means Role).
   */
  readonly ref?: string;
}

export type Maybe<T> = T | Unresolved;

export function unresolved(reason: string, pattern?: string, ref?: string): Unresolved {
  const u: { unresolved: true; reason: string; pattern?: string; ref?: string } = { unresolved: true, reason };
  if (pattern !== undefined) u.pattern = pattern;
  if (ref !== undefined) u.ref = ref;
  return u;
}

export function isUnresolved(value: unknown): value is Unresolved {
  return typeof value === 'object' && value !== null && (value as { unresolved?: unknown }).unresolved === true;
}

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A path into a document: keys and array indexes. */
export type DocPath = readonly (string | number)[];

/**
 * `path.join('\u0001')` (the key of location tables), with where each prefix's key ends:
 * `key.slice(0, ends[n])` is `path.slice(0, n).join('\u0001')`. A lookup that walks up a path
 * slices one string instead of copying and joining every prefix.
 */
export function pathPrefixes(path: DocPath): { key: string; ends: number[] } {
  const ends = [0];
  let length = 0;
  for (let i = 0; i < path.length; i++) {
    length += (i > 0 ? 1 : 0) + String(path[i]).length;
    ends.push(length);
  }
  return { key: path.join('\u0001'), ends };
}

/**
 * Sets `obj[key] = value` for a key read from input. `__proto__` becomes an ordinary own property
 * (plain assignment would replace the object's prototype and lose the entry).
 */
export function setKey<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Whether `obj` has `key` as its own property (never an inherited `toString` or `constructor`). */
export function hasKey(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/**
 * An empty map from input-derived keys (ids, names, paths) to values: a null-prototype object, so
 * a key such as `__proto__`, `constructor` or `toString` is an ordinary entry, never the prototype
 * or an inherited method (docs/security.md).
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
