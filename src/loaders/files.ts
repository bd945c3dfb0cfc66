/**
 * Reading files from the scanned tree: discovery, size limits, symlinks, binary and encoding checks.
 * Everything that can go wrong becomes a diagnostic naming the file; nothing throws.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../model/types.js';

export interface FileLimits {
  /** Files above this many bytes are skipped with a diagnostic. */
  maxFileBytes: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = { maxFileBytes: 20 * 1024 * 1024 };

/** Folders that hold build copies, dependencies or VCS data, never the user's own templates. */
export const SKIPPED_DIRS = new Set(['node_modules', '.aws-sam', 'cdk.out', '.git', '.hg', '.svn', '.serverless', '.terraform', '.idea', '.vscode', '.nightlight-tmp']);

export type CandidateKind = 'cloudformation' | 'serverless' | 'terraform';

export interface Candidate {
  /** Relative to the root, POSIX separators. */
  file: string;
  abs: string;
  kind: CandidateKind;
  /** True when the name alone says "template" (template.yaml, *.template.json). */
  named: boolean;
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

const TEMPLATE_NAMES = new Set(['template.yaml', 'template.yml', 'template.json', 'serverless.template']);
const SERVERLESS_NAMES = new Set(['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.ts', 'serverless.js', 'serverless.mjs', 'serverless.cjs']);

function classify(name: string): { kind: CandidateKind; named: boolean } | null {
  const lower = name.toLowerCase();
  if (SERVERLESS_NAMES.has(lower)) return { kind: 'serverless', named: true };
  if (TEMPLATE_NAMES.has(lower) || lower.endsWith('.template.json') || lower.endsWith('.template.yaml') || lower.endsWith('.template.yml')) {
    return { kind: 'cloudformation', named: true };
  }
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.json') || lower.endsWith('.template')) {
    return { kind: 'cloudformation', named: false };
  }
  if (lower.endsWith('.tf') || lower.endsWith('.tf.json')) return { kind: 'terraform', named: true };
  return null;
}

/**
 * Finds candidate files under root in a deterministic order. Symlinks are followed only when they
 * stay inside root; a link out of the tree is reported and skipped.
 */
export function discover(root: string, diagnostics: Diagnostic[]): Candidate[] {
  const out: Candidate[] = [];
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    diagnostics.push({ level: 'error', code: 'input-missing', message: `${root}: no such file or directory` });
    return out;
  }
  const seenDirs = new Set<string>();
  const inside = (real: string) => real === rootReal || real.startsWith(rootReal + sep);

  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      diagnostics.push({ level: 'warning', code: 'unreadable', message: `${toPosix(relative(root, dir)) || '.'}: directory could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    for (const name of names) {
      const abs = join(dir, name);
      const rel = toPosix(relative(root, abs));
      let st;
      try {
        st = lstatSync(abs);
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(abs);
        } catch {
          diagnostics.push({ level: 'warning', code: 'broken-symlink', message: `${rel}: symbolic link to a missing target; skipped`, location: { file: rel, line: 1, column: 1 } });
          continue;
        }
        if (!inside(target)) {
          diagnostics.push({ level: 'warning', code: 'symlink-outside-root', message: `${rel}: symbolic link points outside the scanned directory; skipped`, location: { file: rel, line: 1, column: 1 } });
          continue;
        }
        try {
          st = statSync(abs);
        } catch {
          continue;
        }
      }
      if (st.isDirectory()) {
        if (SKIPPED_DIRS.has(name)) continue;
        walk(abs);
      } else if (st.isFile()) {
        const c = classify(name);
        if (c) out.push({ file: rel, abs, ...c });
      }
    }
  };
  const st = (() => {
    try {
      return statSync(root);
    } catch {
      return null;
    }
  })();
  if (st?.isFile()) {
    const name = root.split(/[\\/]/).pop() ?? root;
    const c = classify(name) ?? { kind: 'cloudformation' as const, named: true };
    out.push({ file: toPosix(name), abs: root, kind: c.kind, named: true });
    return out;
  }
  walk(root);
  return out;
}

export interface TextFile {
  text: string;
  bytes: number;
}

/**
 * Reads a file as UTF-8 text, or returns null with a diagnostic when it is too large, binary or
 * not valid UTF-8.
 */
export function readText(abs: string, file: string, limits: FileLimits, diagnostics: Diagnostic[]): TextFile | null {
  let size: number;
  try {
    size = statSync(abs).size;
  } catch (err) {
    diagnostics.push({ level: 'error', code: 'unreadable', message: `${file}: could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, location: { file, line: 1, column: 1 } });
    return null;
  }
  if (size > limits.maxFileBytes) {
    diagnostics.push({
      level: 'error',
      code: 'file-too-large',
      message: `${file}: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${(limits.maxFileBytes / 1024 / 1024).toFixed(0)} MB limit (--max-file-size); skipped`,
      location: { file, line: 1, column: 1 },
    });
    return null;
  }
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (err) {
    diagnostics.push({ level: 'error', code: 'unreadable', message: `${file}: could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, location: { file, line: 1, column: 1 } });
    return null;
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const line = lineOfOffset(buf, nul);
    diagnostics.push({ level: 'error', code: 'binary-file', message: `${file}:${line}: binary content (NUL byte at offset ${nul}); skipped`, location: { file, line, column: 1 } });
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const bad = firstInvalidUtf8(buf);
    diagnostics.push({ level: 'error', code: 'invalid-utf8', message: `${file}:${lineOfOffset(buf, bad)}: not valid UTF-8 (byte offset ${bad}); skipped`, location: { file, line: lineOfOffset(buf, bad), column: 1 } });
    return null;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, bytes: size };
}

function lineOfOffset(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 10) line++;
  return line;
}

function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const n = b < 0x80 ? 0 : b >> 5 === 6 ? 1 : b >> 4 === 14 ? 2 : b >> 3 === 30 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= buf.length || buf[i + k]! >> 6 !== 2) return i;
    i += n + 1;
  }
  return 0;
}
