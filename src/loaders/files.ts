/**
 * Discovery of the files a scan loads, under the file boundary (boundary.ts): deterministic order,
 * symbolic links followed only while they stay inside the tree, size limits, binary and encoding
 * checks. Everything that can go wrong becomes a diagnostic naming the file; nothing throws.
 */
import { basename, join } from 'node:path';
import type { Diagnostic } from '../model/types.js';
import { ScanRoot, toPosix, type ReadOptions, type TextFile } from './boundary.js';

export { DEFAULT_MAX_FILE_BYTES, ScanRoot, toPosix, type TextFile } from './boundary.js';

/** Folders that hold build copies, dependencies or VCS data, never the user's own templates. */
export const SKIPPED_DIRS = new Set(['node_modules', '.aws-sam', 'cdk.out', '.git', '.hg', '.svn', '.serverless', '.terraform', '.idea', '.vscode', '.nightlight-tmp']);

export type CandidateKind = 'cloudformation' | 'serverless' | 'terraform' | 'zappa';

export interface Candidate {
  /** Relative to the root, POSIX separators. */
  file: string;
  abs: string;
  kind: CandidateKind;
  /** True when the name alone says "template" (template.yaml, *.template.json). */
  named: boolean;
}

const TEMPLATE_NAMES = new Set(['template.yaml', 'template.yml', 'template.json', 'serverless.template']);
const SERVERLESS_NAMES = new Set(['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.ts', 'serverless.js', 'serverless.mjs', 'serverless.cjs']);

/**
 * Definitions of serverless frameworks nightlight does not read yet, by file name (or the end of the
 * path): each found gets a diagnostic, so that no definition is skipped in silence.
 */
const UNREAD_DEFINITIONS: readonly [RegExp, string][] = [
  [/(^|\/)zappa_settings\.toml$/i, 'Zappa settings file in TOML'],
  [/(^|\/)\.chalice\/config\.json$/i, 'AWS Chalice configuration'],
  [/(^|\/)(app\.arc|\.arc|arc\.json|arc\.ya?ml)$/i, 'Architect (app.arc) manifest'],
  [/\.bicep$/i, 'Bicep file (Azure)'],
];

/** What a serverless definition nightlight does not read is, by its path; null for anything else. */
export function unreadDefinition(rel: string): string | null {
  for (const [re, what] of UNREAD_DEFINITIONS) if (re.test(rel)) return what;
  return null;
}

function classify(name: string): { kind: CandidateKind; named: boolean } | null {
  const lower = name.toLowerCase();
  if (/^zappa_settings\.(json|ya?ml)$/.test(lower)) return { kind: 'zappa', named: true };
  if (SERVERLESS_NAMES.has(lower)) return { kind: 'serverless', named: true };
  if (TEMPLATE_NAMES.has(lower) || lower.endsWith('.template.json') || lower.endsWith('.template.yaml') || lower.endsWith('.template.yml')) {
    return { kind: 'cloudformation', named: true };
  }
  // Terraform's JSON syntax before the generic `.json`: a `.tf.json` file is configuration, a
  // `.tfvars.json` file the values of a configuration's variables (read with its module)
  if (lower.endsWith('.tf.json')) return { kind: 'terraform', named: true };
  if (lower.endsWith('.tfvars.json')) return null;
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.json') || lower.endsWith('.template')) {
    return { kind: 'cloudformation', named: false };
  }
  if (lower.endsWith('.tf')) return { kind: 'terraform', named: true };
  return null;
}

/**
 * Finds candidate files under the scan root in a deterministic order. Symbolic links are followed
 * only when they stay inside the root; a link out of the tree is reported and skipped, and so is a
 * device, FIFO or socket with a candidate's name.
 */
export function discover(scan: ScanRoot, diagnostics: Diagnostic[]): Candidate[] {
  const out: Candidate[] = [];
  if (!scan.real) {
    diagnostics.push({ level: 'error', code: 'input-missing', message: `${scan.file ?? scan.dir}: no such file or directory` });
    return out;
  }
  if (scan.file) {
    const name = basename(scan.file);
    const c = classify(name) ?? { kind: 'cloudformation' as const, named: true };
    out.push({ file: toPosix(name), abs: scan.file, kind: c.kind, named: true });
    return out;
  }
  const seenDirs = new Set<string>();
  const walk = (abs: string) => {
    const r = scan.resolve(abs);
    if ('refused' in r || seenDirs.has(r.real)) return;
    seenDirs.add(r.real);
    const names = scan.list(abs);
    if (!names) {
      diagnostics.push({ level: 'warning', code: 'unreadable', message: `${scan.rel(abs)}: directory could not be read` });
      return;
    }
    for (const name of names) {
      const child = join(abs, name);
      const rel = scan.rel(child);
      const at = { file: rel, line: 1, column: 1 };
      const kind = scan.entry(child);
      if (kind === 'broken') diagnostics.push({ level: 'warning', code: 'broken-symlink', message: `${rel}: symbolic link to a missing target; skipped`, location: at });
      else if (kind === 'outside') {
        if (!SKIPPED_DIRS.has(name)) diagnostics.push({ level: 'warning', code: 'symlink-outside-root', message: `${rel}: symbolic link points outside the scanned directory; skipped`, location: at });
      } else if (kind === 'dir') {
        if (!SKIPPED_DIRS.has(name)) walk(child);
      } else if (kind === 'file') {
        const unread = unreadDefinition(rel);
        if (unread) {
          diagnostics.push({ level: 'warning', code: 'definition-not-read', message: `${rel}: looks like a ${unread}, which nightlight does not read yet: the functions and entry points it defines are not analysed`, location: at });
          continue;
        }
        const c = classify(name);
        if (c) out.push({ file: rel, abs: child, ...c });
      } else if (kind === 'other' && classify(name)) {
        diagnostics.push({ level: 'warning', code: 'not-a-regular-file', message: `${rel}: not a regular file (device, FIFO or socket); skipped`, location: at });
      }
    }
  };
  walk(scan.dir);
  return out;
}

/**
 * Reads a file of the scan as UTF-8 text through the boundary, or returns null with a diagnostic
 * when it is outside the tree, not a regular file, too large, binary or not valid UTF-8.
 */
export function readText(abs: string, file: string, scan: ScanRoot, diagnostics: Diagnostic[], options?: ReadOptions): TextFile | null {
  return scan.readText(abs, file, diagnostics, options);
}
