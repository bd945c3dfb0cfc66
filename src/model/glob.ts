/**
 * Path and name globs for the config file (`ignore`, `suppress[].resource`). Pure.
 *
 * `*` matches within one path segment, `**` any number of segments, `?` one character, `{a,b}`
 * alternatives. A pattern without a `/` matches a path when it matches its last segment, so
 * `*.test.yaml` skips such files in every folder (the .gitignore convention).
 */

const cache = new Map<string, RegExp>();

function escape(c: string): string {
  return /[\\^$.+()|[\]{}]/.test(c) ? `\\${c}` : c;
}

/** Translates a glob into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let out = '';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more whole segments; a trailing `**` matches everything below.
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      inGroup = true;
      out += '(?:';
    } else if (c === '}' && inGroup) {
      inGroup = false;
      out += ')';
    } else if (c === ',' && inGroup) out += '|';
    else out += escape(c);
  }
  if (inGroup) out += ')';
  const re = new RegExp(`^${out}$`);
  cache.set(glob, re);
  return re;
}

/** Whether a repo-relative POSIX path matches the glob (see the module comment for the rules). */
export function matchPath(glob: string, path: string): boolean {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  const p = path.replace(/^\.\//, '');
  if (!g.includes('/')) {
    const segments = p.split('/');
    // A bare name matches a file or any folder on the way to it.
    return segments.some((s) => globToRegExp(g).test(s));
  }
  if (globToRegExp(g).test(p)) return true;
  // A folder pattern (`vendor/**` or `vendor`) covers everything below it.
  return globToRegExp(`${g}/**`).test(p);
}

/** Whether a name (a resource id, a rule id) matches a glob; `/` is an ordinary character here. */
export function matchName(glob: string, name: string): boolean {
  return globToRegExp(glob.replace(/\*\*/g, '*').replace(/\//g, '\u0000')).test(name.replace(/\//g, '\u0000')) || glob === name;
}
