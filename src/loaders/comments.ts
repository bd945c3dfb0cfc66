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
import type { IgnoreComment, IgnoreRuleSpec } from '../model/suppressions.js';
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
