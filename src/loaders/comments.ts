/**
 * Inline suppression comments: `# nightlight-ignore <rule-id>[<key>] -- <reason>` in YAML (and
 * Python), `// nightlight-ignore ...` in JSON templates and JS/TS handler code. This loader only
 * finds and parses them, with locations; the engine (`engine/suppress.ts`) matches them to findings.
 *
 * A comment on its own line applies to the next line that is neither blank nor a comment (so
 * several ignore comments can be stacked above one line); a comment after code applies to its own
 * line.
 */
import { isAbsolute } from 'node:path';
import type { Diagnostic } from '../model/types.js';
import type { CheckovSkipComment, IgnoreComment, IgnoreRuleSpec } from '../model/suppressions.js';
import { ScanRoot } from './files.js';

const MARKER = /(^|\s)(#|\/\/)\s*nightlight-ignore(?=\s|$)(.*)$/;
const COMMENT_ONLY = /^\s*(#|\/\/)/;

/** Parses the text after `nightlight-ignore`: rule specs, then optionally ` -- reason`. */
export function parseIgnoreText(rest: string): { rules: IgnoreRuleSpec[]; reason: string | null } {
  const sep = rest.search(/(^|\s)--(\s|$)/);
  const specText = sep >= 0 ? rest.slice(0, sep) : rest;
  const reasonText = sep >= 0 ? rest.slice(sep).replace(/^\s*--/, '').trim() : '';
  const rules: IgnoreRuleSpec[] = [];
  let i = 0;
  while (i < specText.length) {
    while (i < specText.length && /[\s,]/.test(specText[i]!)) i++;
    if (i >= specText.length) break;
    let rule = '';
    while (i < specText.length && !/[\s,[]/.test(specText[i]!)) rule += specText[i++];
    let key: string | undefined;
    if (specText[i] === '[') {
      const close = specText.indexOf(']', i);
      const end = close < 0 ? specText.length : close;
      key = specText.slice(i + 1, end);
      i = end + 1;
    }
    if (rule) rules.push(key === undefined ? { rule } : { rule, key });
  }
  return { rules, reason: reasonText === '' ? null : reasonText };
}

/** Finds the ignore comments in one file's text. */
export function findIgnoreComments(file: string, text: string): IgnoreComment[] {
  const lines = text.split(/\r?\n/);
  const out: IgnoreComment[] = [];
  lines.forEach((line, i) => {
    if (!line.includes('nightlight-ignore')) return;
    const m = MARKER.exec(line);
    if (!m) return;
    const column = m.index + m[1]!.length + 1;
    const trailing = line.slice(0, m.index + m[1]!.length).trim() !== '';
    let target = i;
    if (!trailing) {
      target = i + 1;
      while (target < lines.length && (lines[target]!.trim() === '' || COMMENT_ONLY.test(lines[target]!))) target++;
    }
    const { rules, reason } = parseIgnoreText(m[3]!);
    out.push({ file, line: i + 1, column, appliesToLine: target + 1, rules, reason });
  });
  return out;
}

/** Checkov's inline form: `checkov:skip=<id>[:<comment>]` after `#` (Checkov's own pattern, also `bridgecrew:skip=`). */
export const CHECKOV_SKIP = /(^|\s)#\s*(?:checkov|bridgecrew):skip=\s*([A-Za-z0-9_]+)(?::(.*))?$/;

const indentOf = (line: string): number => line.length - line.trimStart().length;

/**
 * Finds the Checkov skip comments of one YAML file, each with the key lines it covers: the keys
 * that enclose it (each line above it indented less than the last one found, starting from the
 * comment's own indentation), the key it trails, and the key on the next line that is neither blank
 * nor a comment when it is indented as much as the comment (a comment written just above an element
 * covers it, as a `nightlight-ignore` does; one at the end of a block does not cover the next).
 */
export function findCheckovComments(file: string, text: string): CheckovSkipComment[] {
  const lines = text.split(/\r?\n/);
  const out: CheckovSkipComment[] = [];
  const code = (l: string) => l.trim() !== '' && !COMMENT_ONLY.test(l);
  lines.forEach((line, i) => {
    if (!line.includes(':skip=')) return;
    const m = CHECKOV_SKIP.exec(line);
    if (!m) return;
    const hash = m.index + m[1]!.length;
    const trailing = line.slice(0, hash).trim() !== '';
    const within: number[] = [];
    if (trailing) within.push(i + 1);
    else {
      let next = i + 1;
      while (next < lines.length && !code(lines[next]!)) next++;
      // Only a key at the comment's own indentation: one indented less closes the block the comment ends.
      if (next < lines.length && indentOf(lines[next]!) >= hash) within.push(next + 1);
    }
    let indent = trailing ? indentOf(line) : hash;
    for (let j = i - 1; j >= 0 && indent > 0; j--) {
      const l = lines[j]!;
      if (!code(l) || indentOf(l) >= indent) continue;
      within.push(j + 1);
      indent = indentOf(l);
    }
    const reason = (m[3] ?? '').trim();
    out.push({ file, line: i + 1, column: hash + 1, id: m[2]!, reason: reason === '' ? null : reason, within: within.sort((a, b) => a - b) });
  });
  return out;
}

/** Reads the YAML files among `files` (as `scanIgnoreComments` does) and returns their Checkov skip comments. */
export function scanCheckovComments(root: string | ScanRoot, files: readonly string[]): CheckovSkipComment[] {
  const scan = typeof root === 'string' ? new ScanRoot(root) : root;
  if (!scan.real) return [];
  const out: CheckovSkipComment[] = [];
  for (const file of [...new Set(files)].sort()) {
    if (!/\.ya?ml$/i.test(file) || isAbsolute(file) || file.split('/').includes('..')) continue;
    const text = scan.readText(scan.abs(file), file, []);
    if (!text || !text.text.includes(':skip=')) continue;
    out.push(...findCheckovComments(file, text.text));
  }
  return out;
}

/**
 * Reads the given files (relative to root; files outside it are skipped) and returns their ignore
 * comments, sorted by file and line. Unreadable files are skipped silently: the loader that read
 * them for the scan has already reported why.
 */
export function scanIgnoreComments(root: string | ScanRoot, files: readonly string[], _diagnostics: Diagnostic[] = []): IgnoreComment[] {
  const scan = typeof root === 'string' ? new ScanRoot(root) : root;
  if (!scan.real) return [];
  const out: IgnoreComment[] = [];
  for (const file of [...new Set(files)].sort()) {
    if (!file || isAbsolute(file) || file.split('/').includes('..')) continue;
    const scratch: Diagnostic[] = [];
    const text = scan.readText(scan.abs(file), file, scratch);
    if (!text || !text.text.includes('nightlight-ignore')) continue;
    out.push(...findIgnoreComments(file, text.text));
  }
  return out;
}
