/**
 * A nesting pre-check for JavaScript/TypeScript before the text reaches oxc, whose native
 * recursive-descent parser overflows its stack (SIGSEGV, the whole process gone, no diagnostic)
 * on input nested a few thousand levels deep: brackets, but also chains that nest without
 * brackets (`a?b:a?b:…`, `a=a=…`, `a=>a=>…`, `new new …`, `else if` ladders, labels, generics).
 *
 * The estimate is an upper bound of the parser's recursion, in levels: the bracket depth plus,
 * per enclosing bracket, the chain tokens seen before it opened. It is linear in the text and
 * errs on the high side; real handlers stay under a hundred. Measured on oxc-parser 0.159 with
 * the default 8 MB stack, the first crash is at about 1,500 levels (nested blocks, generics).
 */

/** Files estimated deeper than this are not handed to the native parser. */
export const MAX_JS_NESTING = 500;

export interface NestingEstimate {
  depth: number;
  /** Offset where the estimate first went over the limit (or of its maximum). */
  offset: number;
}

const WORD_CHAINS = new Set(['new', 'typeof', 'void', 'delete', 'await', 'yield', 'else', 'extends', 'keyof', 'infer']);
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

function isIdent(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '$' || c > '\u007f';
}

/** Estimates the nesting of `text`; stops early once `limit` is passed. */
export function estimateJsNesting(text: string, limit = MAX_JS_NESTING): NestingEstimate {
  // Per open bracket: the enclosing level's state, and whether it is a template `${`.
  const carried: { base: number; run: number; ladder: number }[] = [];
  const templateHole: boolean[] = [];
  let base = 0; // levels carried by the enclosing brackets
  let run = 0; // chain tokens in the current expression at this level (reset at ; and ,)
  let ladder = 0; // `else` at this level (never reset: `if (a) x; else if …` nests across ;)
  let max = 0;
  let maxAt = 0;
  const note = (i: number) => {
    const d = base + run + ladder;
    if (d > max) {
      max = d;
      maxAt = i;
    }
  };
  const open = (i: number, hole: boolean) => {
    carried.push({ base, run, ladder });
    templateHole.push(hole);
    base += run + ladder + 1;
    run = 0;
    ladder = 0;
    note(i);
  };
  const close = () => {
    const outer = carried.pop();
    templateHole.pop();
    if (!outer) return;
    ({ base, run, ladder } = outer);
  };
  const n = text.length;
  let i = 0;
  // Inside a template literal's text (between ` and ${ or `).
  const skipTemplateText = (): void => {
    while (i < n) {
      const c = text[i]!;
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        close(); // the template itself
        return;
      } else if (c === '$' && text[i + 1] === '{') {
        i += 2;
        open(i, true);
        return;
      } else i++;
    }
  };
  while (i < n && max <= limit) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '`') {
      i++;
      open(i, false);
      skipTemplateText();
      continue;
    }
    if (OPEN.has(c)) {
      i++;
      open(i, false);
      continue;
    }
    if (CLOSE.has(c)) {
      const hole = templateHole[templateHole.length - 1] === true;
      close();
      i++;
      if (c === '}' && hole) skipTemplateText();
      continue;
    }
    if (c === ';' || c === ',') {
      run = 0;
      i++;
      continue;
    }
    if (isIdent(c)) {
      let j = i + 1;
      while (j < n && isIdent(text[j]!)) j++;
      if (WORD_CHAINS.has(text.slice(i, j))) {
        if (text.slice(i, j) === 'else') ladder++;
        else run++;
        note(i);
      }
      i = j;
      continue;
    }
    // Operators that nest to the right: ? (not ?. ??), =>, = and compound assignment (not ==, <=,
    // >=, !=), :, !, ~, **, and < (generics, JSX); </ closes a JSX element.
    const next = text[i + 1];
    let chain = false;
    if (c === '?') chain = next !== '.' && next !== '?';
    else if (c === '=') chain = next !== '=' && text[i - 1] !== '=' && text[i - 1] !== '!' && text[i - 1] !== '<' && text[i - 1] !== '>';
    else if (c === ':' || c === '!' || c === '~') chain = c !== '!' || next !== '=';
    else if (c === '*') chain = next === '*';
    else if (c === '<') {
      if (next === '/') run = Math.max(0, run - 1);
      else chain = next !== '=' && next !== '<';
    }
    if (chain) {
      run++;
      note(i);
    }
    i += c === '*' && next === '*' ? 2 : 1;
  }
  return { depth: max, offset: maxAt };
}

/** Thrown by the lowering when a file is not handed to the parser, or part of it is too deep to lower. */
export class TooDeepError extends Error {
  constructor(
    readonly offset: number,
    readonly depth: number,
  ) {
    super(`nested about ${depth} levels deep (limit ${MAX_JS_NESTING}); not parsed, so a hostile file cannot crash the native parser`);
  }
}
