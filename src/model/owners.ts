/**
 * Who owns what: CODEOWNERS files (GitHub, GitLab, Bitbucket) parsed into rules, and the owners of
 * a repository path by those rules (docs/owners.md). Pure: text in, rules and diagnostics out.
 *
 * Patterns follow the gitignore-like syntax the three hosts share: `*` and `?` within one path
 * segment, `**` for any number of segments, a leading or inner `/` anchors the pattern at the
 * root (otherwise it matches at any depth), a trailing `/` names a folder and everything below it,
 * and a pattern that names a folder covers the files below it — except `dir/*`, which covers only
 * the folder's direct children (GitHub's documented reading). The last matching rule wins (per
 * GitLab section: each section's last match applies, and the file's owners are those of every
 * section). Matching never compiles user input into a regular expression: segments are compared
 * with the non-backtracking wildcard matcher (wildcard.ts) and `**` by a table over segment pairs,
 * so a hostile pattern costs at most |pattern segments| × |path segments| segment comparisons.
 */
import type { Diagnostic, SourceLocation } from './types.js';
import { wildcardMatch } from './wildcard.js';

export interface OwnerRule {
  /** As written, unescaped. */
  pattern: string;
  /** Owners as written (`@org/team`, `@user`, `user@example.com`); empty: the match has no owner. */
  owners: string[];
  /** GitLab section name, lower-cased (sections with the same name are one); '' outside any section. */
  section: string;
  location: SourceLocation;
}

/** Where an owner comes from, strongest first (docs/owners.md). */
export type OwnerSource = 'metadata' | 'tag' | 'config' | 'codeowners';

/** The owners of one element and why. */
export interface Ownership {
  owners: string[];
  source: OwnerSource;
  /** The rule, tag or metadata that says so. */
  location: SourceLocation;
}

/** The largest pattern length and rule count read; longer patterns and further rules are skipped with a diagnostic. */
export const MAX_PATTERN_LENGTH = 4096;
export const MAX_RULES = 20_000;

/** Splits a line into whitespace-separated tokens; `\ ` is an escaped space, `"…"` quotes (Bitbucket). */
function tokens(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') quoted = false;
      else cur += c;
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      // Keep the escape for the pattern matcher (`\*` is a literal star); an escaped space is a space.
      const next = line[++i]!;
      cur += next === ' ' || next === '#' || next === '!' ? next : `\\${next}`;
      has = true;
    } else if (c === '"') {
      quoted = true;
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else if (c === '#' && !has) {
      // An inline comment (Bitbucket): from a `#` that starts a token to the end of the line.
      break;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

const SECTION = /^\^?\[([^\]]*)\](?:\[(\d+)\])?(.*)$/;

/** Parses a CODEOWNERS file. Bad lines become diagnostics naming the file and line; parsing goes on. */
export function parseCodeowners(text: string, file: string): { rules: OwnerRule[]; diagnostics: Diagnostic[] } {
  const rules: OwnerRule[] = [];
  const diagnostics: Diagnostic[] = [];
  const warn = (line: number, message: string) => {
    diagnostics.push({ level: 'warning', code: 'codeowners-line', message: `${file}:${line}: ${message}`, location: { file, line, column: 1 } });
  };
  // Bitbucket's `@@@Group member…` defines a group used as `@@Group`.
  const groups = new Map<string, string[]>();
  let section = '';
  let defaults: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!.trim();
    const line = n + 1;
    if (raw === '' || raw.startsWith('#')) continue;
    if (rules.length >= MAX_RULES) {
      warn(line, `more than ${MAX_RULES} rules; the rest of the file is not read`);
      break;
    }
    const sec = raw.startsWith('[') || raw.startsWith('^[') ? SECTION.exec(raw) : null;
    if (sec && sec[1]!.trim() !== '') {
      section = sec[1]!.trim().toLowerCase();
      defaults = expand(tokens(sec[3] ?? ''), groups);
      continue;
    }
    const parts = tokens(raw);
    if (parts.length === 0) continue;
    const [pattern, ...owners] = parts as [string, ...string[]];
    if (pattern.startsWith('@@@')) {
      groups.set(pattern.slice(3).toLowerCase(), expand(owners, groups));
      continue;
    }
    if (pattern.startsWith('!')) {
      warn(line, `negated pattern ${JSON.stringify(pattern)} is not supported by GitHub, GitLab or Bitbucket code owners; ignored`);
      continue;
    }
    if (pattern.length > MAX_PATTERN_LENGTH) {
      warn(line, `pattern longer than ${MAX_PATTERN_LENGTH} characters; ignored`);
      continue;
    }
    const list = expand(owners, groups);
    rules.push({ pattern, owners: list.length > 0 ? list : defaults, section, location: { file, line, column: 1 } });
  }
  return { rules, diagnostics };
}

function expand(owners: readonly string[], groups: ReadonlyMap<string, string[]>): string[] {
  const out: string[] = [];
  for (const o of owners) {
    const g = o.startsWith('@@') && !o.startsWith('@@@') ? groups.get(o.slice(2).toLowerCase()) : undefined;
    for (const x of g ?? [o]) if (!out.includes(x)) out.push(x);
  }
  return out;
}

/** A pattern prepared for matching: its segments (escapes turned into the wildcard matcher's form). */
interface Compiled {
  segments: string[];
  /** Folder-only pattern (`logs/`): matches folders, so only paths below one. */
  dirOnly: boolean;
  /** The last segment is a bare `*`: direct children only. */
  childrenOnly: boolean;
}

const compiled = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  let p = pattern;
  const dirOnly = p.endsWith('/');
  p = p.replace(/\/+$/, '');
  const anchored = p.includes('/');
  p = p.replace(/^\/+/, '');
  const segments = p.split('/').filter((s, i, all) => s !== '' || all.length === 1).map(unescape);
  // Consecutive `**` are one.
  const merged = segments.filter((s, i) => !(s === '**' && segments[i - 1] === '**'));
  if (!anchored && merged[0] !== '**') merged.unshift('**');
  const c: Compiled = { segments: merged, dirOnly, childrenOnly: merged[merged.length - 1] === '*' && merged.length > 1 && merged[merged.length - 2] !== '**' };
  if (compiled.size > 10_000) compiled.clear();
  compiled.set(pattern, c);
  return c;
}

/** `\x` → the wildcard matcher's literal form (`\u0000x`). */
function unescape(seg: string): string {
  let out = '';
  for (let i = 0; i < seg.length; i++) {
    if (seg[i] === '\\' && i + 1 < seg.length) out += `\u0000${seg[++i]}`;
    else out += seg[i];
  }
  return out;
}

/**
 * Whether a CODEOWNERS pattern covers a repository path (POSIX, relative, no leading `/`): the path
 * itself, or (unless the pattern is `dir/*`) a folder on its way.
 */
export function codeownersMatch(pattern: string, path: string): boolean {
  const c = compile(pattern);
  const parts = path.split('/').filter((s) => s !== '');
  const m = c.segments.length;
  const n = parts.length;
  // reach[j]: pattern segments 0..i-1 consumed exactly path segments 0..j-1.
  let reach = new Array<boolean>(n + 1).fill(false);
  reach[0] = true;
  for (let i = 0; i < m; i++) {
    const seg = c.segments[i]!;
    const next = new Array<boolean>(n + 1).fill(false);
    if (seg === '**') {
      let any = false;
      for (let j = 0; j <= n; j++) {
        any ||= reach[j]!;
        next[j] = any;
      }
    } else {
      for (let j = 0; j < n; j++) if (reach[j] && wildcardMatch(seg, parts[j]!, { escapes: true })) next[j + 1] = true;
    }
    reach = next;
  }
  // The whole path: a file (not for folder-only patterns, whose match is a folder above it).
  if (reach[n] && !c.dirOnly) return true;
  if (c.childrenOnly) return false;
  // A folder on the way: everything below it.
  for (let j = 1; j < n; j++) if (reach[j]) return true;
  return false;
}

/** The owners of a path by CODEOWNERS rules: each section's last matching rule; null when none matches. */
export function ownersOfPath(rules: readonly OwnerRule[], path: string): { owners: string[]; rules: OwnerRule[] } | null {
  const bySection = new Map<string, OwnerRule>();
  for (const r of rules) if (codeownersMatch(r.pattern, path)) bySection.set(r.section, r);
  if (bySection.size === 0) return null;
  const matched = [...bySection.values()].sort((a, b) => a.location.line - b.location.line);
  const owners: string[] = [];
  for (const r of matched) for (const o of r.owners) if (!owners.includes(o)) owners.push(o);
  return { owners, rules: matched };
}

/** Whether two owner lists share nobody (compared case-insensitively, as the hosts compare handles). */
export function disjointOwners(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a.map((x) => x.toLowerCase()));
  return !b.some((x) => set.has(x.toLowerCase()));
}

/** Owners for display: `@team-a` or `@team-a, @alice`. */
export function ownersText(owners: readonly string[]): string {
  return owners.length > 0 ? owners.join(', ') : 'nobody';
}
