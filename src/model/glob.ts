/**
 * Path and name globs for the config file (`ignore`, `suppress[].resource`, `--exclude`). Pure.
 *
 * `*` matches within one path segment, `**` any number of segments, `?` one character, `{a,b}`
 * alternatives. A pattern without a `/` matches a path when it matches its last segment, so
 * `*.test.yaml` skips such files in every folder (the .gitignore convention).
 *
 * The config file comes from the scanned repository, so a glob is hostile input: it is never
 * compiled to a backtracking RegExp (`*a*a*a*…c` takes exponential time there). A glob becomes a
 * small automaton whose states are simulated side by side over the text (Thompson's
 * construction): at most |glob| × |text| steps, whatever the glob. `src/model/wildcard.ts` does the
 * same for IAM patterns, whose stars cross every character, by placing segments left to right;
 * that shortcut does not hold once a star stops at `/` or alternatives appear, hence the automaton.
 */

/** A state: a character test leading to `next`, or a fork to several states, or the end. */
type State = { test: (c: string) => boolean; next: number } | { fork: number[] } | { end: true };

interface Automaton {
  states: State[];
  start: number;
}

/** Longest glob compiled (longer ones match nothing): bounds the work of a hostile config. */
const MAX_GLOB = 4096;

const any = () => true;
const notSlash = (c: string) => c !== '/';

function compile(glob: string, slashIsOrdinary: boolean): Automaton {
  const states: State[] = [];
  const add = (s: State) => states.push(s) - 1;
  const fork = () => add({ fork: [] });
  const link = (from: number, to: number) => (states[from] as { fork: number[] }).fork.push(to);
  const star = slashIsOrdinary ? any : notSlash;

  /** Compiles glob[i…] up to an unmatched `}` or `,` (inside braces) into from → returned state. */
  const sequence = (i: number, from: number, inBraces: boolean): { at: number; i: number } => {
    let at = from;
    while (i < glob.length) {
      const c = glob[i]!;
      if (inBraces && (c === '}' || c === ',')) break;
      const out = fork();
      if (c === '*') {
        const globstar = glob[i + 1] === '*';
        if (globstar && !slashIsOrdinary && glob[i + 2] === '/') {
          // `**/`: zero or more whole segments.
          const loop = fork();
          const slash = add({ test: (x) => x === '/', next: out });
          link(at, loop);
          link(at, out);
          link(loop, add({ test: any, next: loop }));
          link(loop, slash);
          i += 3;
        } else {
          const loop = fork();
          link(at, loop);
          link(loop, add({ test: globstar ? any : star, next: loop }));
          link(loop, out);
          i += globstar ? 2 : 1;
        }
      } else if (c === '{') {
        // Alternatives, each a sequence; nested braces nest.
        i++;
        for (;;) {
          const branch = fork();
          link(at, branch);
          const r = sequence(i, branch, true);
          link(r.at, out);
          i = r.i;
          if (glob[i] === ',') i++;
          else {
            if (glob[i] === '}') i++;
            break;
          }
        }
      } else {
        const test = c === '?' ? star : (x: string) => x === c;
        link(at, add({ test, next: out }));
        i++;
      }
      at = out;
    }
    return { at, i };
  };

  const start = fork();
  const { at } = sequence(0, start, false);
  link(at, add({ end: true }));
  return { states, start };
}

/** Simulates every live state at once: no backtracking, |states| × |text| steps at most. */
function run(a: Automaton, text: string): boolean {
  const seen = new Int32Array(a.states.length).fill(-1);
  let current: number[] = [];
  const enter = (s: number, step: number, into: number[]) => {
    const stack = [s];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen[k] === step) continue;
      seen[k] = step;
      const st = a.states[k]!;
      if ('fork' in st) for (let j = st.fork.length - 1; j >= 0; j--) stack.push(st.fork[j]!);
      else into.push(k);
    }
  };
  enter(a.start, 0, current);
  for (let i = 0; i < text.length && current.length > 0; i++) {
    const next: number[] = [];
    for (const k of current) {
      const st = a.states[k]!;
      if ('test' in st && st.test(text[i]!)) enter(st.next, i + 1, next);
    }
    current = next;
  }
  return current.some((k) => 'end' in a.states[k]!);
}

const cache = new Map<string, Automaton | null>();

function automaton(glob: string, slashIsOrdinary: boolean): Automaton | null {
  const key = `${slashIsOrdinary ? 'n' : 'p'}${glob}`;
  let a = cache.get(key);
  if (a === undefined) {
    a = glob.length > MAX_GLOB ? null : compile(glob, slashIsOrdinary);
    if (cache.size > 1000) cache.clear();
    cache.set(key, a);
  }
  return a;
}

/** Whether the whole text matches the glob; `/` stops `*` and `?` unless `slashIsOrdinary`. */
export function globMatch(glob: string, text: string, slashIsOrdinary = false): boolean {
  const a = automaton(glob, slashIsOrdinary);
  return a !== null && run(a, text);
}

/** Whether a repo-relative POSIX path matches the glob (see the module comment for the rules). */
export function matchPath(glob: string, path: string): boolean {
  let g = glob.replace(/^\.\//, '');
  while (g.endsWith('/')) g = g.slice(0, -1);
  const p = path.replace(/^\.\//, '');
  if (!g.includes('/')) {
    // A bare name matches a file or any folder on the way to it.
    return p.split('/').some((s) => globMatch(g, s));
  }
  if (globMatch(g, p)) return true;
  // A folder pattern (`vendor/**` or `vendor`) covers everything below it.
  return globMatch(`${g}/**`, p);
}

/** Whether a name (a resource id, a rule id) matches a glob; `/` is an ordinary character here. */
export function matchName(glob: string, name: string): boolean {
  return glob === name || globMatch(glob, name, true);
}
