/**
 * The code of an `archive_file` whose files are written in the configuration: `source { content
 * = …, filename = "index.js" }` blocks and `source_content`/`source_content_filename`. The file the
 * handler names is the function's code: read from its `templatefile()` (through the scan
 * boundary, located at the template file's own lines) or from the string written in the `.tf`
 * file. What Terraform interpolates (`${…}`) is only known at apply time, so each interpolation
 * becomes an unknown value of the handler's language, never the literal text `${…}`.
 */
import { posix } from 'node:path';
import type { SourceLocation } from '../../model/types.js';
import { evaluate, loc } from './eval.js';
import type { Expr, TemplatePart } from './hcl.js';
import type { Instance } from './module.js';
import { Unknown } from './values.js';

/** The identifier that stands for an interpolated value: declared nowhere, so it is unknown. */
export const TEMPLATE_VALUE = '__terraform_template_value__';

export type ArchiveCode = { inline: string; at: SourceLocation } | { unresolved: string; at: SourceLocation };

interface ArchiveEntry {
  filename: unknown;
  content: Expr;
}

type Lang = 'javascript' | 'python';

function entriesOf(a: Instance): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  for (const b of a.decl.block.body.blocks) {
    if (b.type !== 'source') continue;
    const content = b.body.attributes.find((x) => x.name === 'content')?.expr;
    const filename = b.body.attributes.find((x) => x.name === 'filename')?.expr;
    if (content && filename) out.push({ filename: safeEval(filename, a), content });
  }
  const content = a.decl.block.body.attributes.find((x) => x.name === 'source_content')?.expr;
  if (content) out.push({ filename: safeEval(a.decl.block.body.attributes.find((x) => x.name === 'source_content_filename')?.expr, a), content });
  return out;
}

function safeEval(e: Expr | undefined, a: Instance): unknown {
  if (!e) return undefined;
  try {
    return evaluate(e, a.env);
  } catch {
    return undefined;
  }
}

/** `index.handler` → `index`; Python `pkg.mod.handler` → `pkg/mod`. */
function handlerModule(handler: string, lang: Lang | null): string {
  const mod = handler.slice(0, Math.max(0, handler.lastIndexOf('.')));
  return lang === 'python' ? mod.replace(/\./g, '/') : mod;
}

function languageOfFile(name: string, runtime: string | null): Lang | null {
  if (runtime?.startsWith('python') || /\.py$/i.test(name)) return 'python';
  if (runtime?.startsWith('nodejs') || /\.[cm]?[jt]s$/i.test(name)) return 'javascript';
  return null;
}

/**
 * The handler's file among the archive's written files, as code: null when the archive writes no
 * files of its own (it zips a folder or a file: the caller looks there).
 */
export function archiveCode(a: Instance, handler: unknown, runtime: unknown, rootDir: string, readRel: (rel: string) => string | null): ArchiveCode | null {
  const entries = entriesOf(a);
  if (entries.length === 0) return null;
  const at = a.location;
  if (typeof handler !== 'string') return { unresolved: `the handler is not known, so which file of ${a.address} holds it is not either`, at };
  const rt = typeof runtime === 'string' ? runtime : null;
  const names = entries.map((e) => (typeof e.filename === 'string' ? posix.normalize(e.filename) : null));
  const index = names.findIndex((n) => n !== null && n.replace(/\.[^./]+$/, '') === handlerModule(handler, languageOfFile(n, rt)));
  if (index < 0) {
    const listed = names.map((n) => n ?? '(unknown name)').join(', ');
    return { unresolved: `handler ${handler} is not among the files ${a.address} writes (${listed})`, at };
  }
  const entry = entries[index]!;
  const lang = languageOfFile(names[index]!, rt);
  const content = entry.content;
  if (content.k === 'call' && content.name === 'templatefile') {
    const p = safeEval(content.args[0], a);
    if (typeof p !== 'string' || p.startsWith('/')) return { unresolved: `the template file of ${a.address} is not known`, at };
    const rel = posix.normalize(posix.join(rootDir, p));
    const text = readRel(rel);
    if (text === null) return { unresolved: `templatefile("${p}") of ${a.address} is not in the scanned directory`, at };
    const raw = placeholders(text);
    if (raw === null) return { unresolved: `templatefile("${p}") of ${a.address} has an unclosed \${ or %{`, at };
    return { inline: neutralise(raw, SENTINEL, lang), at: { file: rel, line: 1, column: 1 } };
  }
  // Written in the .tf file: a quoted string or a heredoc (whose text starts on the next line).
  const where = loc(a.env, content.s);
  const heredoc = (readRel(a.env.file) ?? '').startsWith('<<', content.s);
  const start = { file: where.file, line: where.line + (heredoc ? 1 : 0), column: 1 };
  const v = safeEval(content, a);
  if (typeof v === 'string') return { inline: v, at: start };
  if (content.k === 'tpl' || v instanceof Unknown) return { inline: asCode(content, lang), at: start };
  return { unresolved: `the content of ${names[index]} in ${a.address} is not a string`, at };
}

const SENTINEL = '\u0000';

/**
 * A template file's text with each `${…}` a placeholder and each `%{…}` directive dropped, every
 * newline kept (so the code keeps the template file's line numbers); `$${` and `%%{` are the
 * escaped literals. Null when an interpolation is not closed.
 */
function placeholders(text: string): string | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      out += `${c}{`;
      i += 2;
    } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) return null;
      out += (c === '$' ? SENTINEL : '') + text.slice(i, end + 1).replace(/[^\n]/g, '');
      i = end;
    } else out += c;
  }
  return out;
}

/** The `}` closing an HCL expression that starts at `from`, skipping nested braces and strings. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Template parts (a string or heredoc in the .tf file) as source text, then made code. */
function asCode(e: Expr, lang: Lang | null): string {
  const render = (parts: TemplatePart[]): string =>
    parts
      .map((p) => {
        switch (p.k) {
          case 'text':
            return p.text;
          case 'interp':
            return SENTINEL;
          case 'if':
            // Either branch may be what is deployed: keep the first, whose lines follow the file.
            return render(p.then);
          case 'for':
            return render(p.body);
        }
      })
      .join('');
  const text = e.k === 'tpl' ? render(e.parts) : e.k === 'lit' ? String(e.value ?? '') : SENTINEL;
  return neutralise(text, SENTINEL, lang);
}

/**
 * Replaces each placeholder by the unknown identifier in a form valid where it stands: bare
 * outside strings, `" + x + "` inside a quoted string, `${x}` inside a JS template literal,
 * nothing inside a comment.
 */
export function neutralise(text: string, sentinel: string, lang: Lang | null): string {
  let out = '';
  let quote: string | null = null;
  let comment: 'line' | 'block' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === sentinel) {
      if (comment) continue;
      if (quote === null) out += TEMPLATE_VALUE;
      else if (quote === '`') out += `\${${TEMPLATE_VALUE}}`;
      else out += `${quote} + ${TEMPLATE_VALUE} + ${quote}`;
      continue;
    }
    out += c;
    if (comment === 'line') {
      if (c === '\n') comment = null;
    } else if (comment === 'block') {
      if (c === '*' && text[i + 1] === '/') (out += '/'), i++, (comment = null);
    } else if (quote !== null) {
      if (c === '\\') {
        if (i + 1 < text.length && text[i + 1] !== sentinel) out += text[++i]!;
      } else if (text.startsWith(quote, i)) {
        out += quote.slice(1);
        i += quote.length - 1;
        quote = null;
      } else if (c === '\n' && quote.length === 1 && quote !== '`') quote = null;
    } else if (lang !== 'python' && c === '/' && text[i + 1] === '/') comment = 'line';
    else if (lang !== 'python' && c === '/' && text[i + 1] === '*') comment = 'block';
    else if (lang === 'python' && c === '#') comment = 'line';
    else if (lang === 'python' && (text.startsWith('"""', i) || text.startsWith("'''", i))) {
      quote = text.slice(i, i + 3);
      out += quote.slice(1);
      i += 2;
    } else if (c === '"' || c === "'" || (c === '`' && lang !== 'python')) quote = c;
  }
  return out;
}
