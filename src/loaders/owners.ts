/**
 * Reads the scanned folder's CODEOWNERS file through the file boundary (boundary.ts): a link out of
 * the tree, a FIFO, an oversized or binary file is refused with a diagnostic; the scan goes on
 * without owners from it. The first file found is used, in the order of CODEOWNERS_FILES (the
 * places GitHub, GitLab and Bitbucket read); another one present is named in an info diagnostic.
 */
import type { Diagnostic } from '../model/types.js';
import { parseCodeowners, type OwnerRule } from '../model/owners.js';
import type { ScanRoot } from './boundary.js';

/** Where the hosts look for the file, relative to the repository root (docs/owners.md). */
export const CODEOWNERS_FILES = ['.github/CODEOWNERS', '.gitlab/CODEOWNERS', '.bitbucket/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export function loadCodeowners(scan: ScanRoot, diagnostics: Diagnostic[]): { file: string; rules: OwnerRule[] } | null {
  const present = CODEOWNERS_FILES.filter((f) => scan.entry(scan.abs(f)) !== null);
  if (present.length === 0) return null;
  const file = present[0]!;
  if (present.length > 1) {
    diagnostics.push({ level: 'info', code: 'codeowners-ignored', message: `${present.slice(1).join(', ')}: not read; owners come from ${file} (the first of ${CODEOWNERS_FILES.join(', ')})`, location: { file: present[1]!, line: 1, column: 1 } });
  }
  const text = scan.readText(scan.abs(file), file, diagnostics, { level: 'warning' });
  if (!text) return null;
  const parsed = parseCodeowners(text.text, file);
  diagnostics.push(...parsed.diagnostics);
  return { file, rules: parsed.rules };
}
