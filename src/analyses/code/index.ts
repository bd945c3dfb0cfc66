/**
 * Handler code analysis: AWS SDK calls with their IAM actions and resource arguments, taint from
 * attacker-controlled event fields to dangerous sinks, what the function sends where, and
 * hard-coded secrets. Works on the IR produced by `src/loaders/code/`; no I/O.
 */
import type { EntryPointKind } from '../../model/types.js';
import { Interpreter } from './interp.js';
import { detectSecret, redact } from './secrets.js';
import { sourcesFor } from './sources.js';
import type { AnalyzeOptions, HandlerAnalysis, SecretFinding } from './types.js';
import type { HandlerSource } from '../../model/code-ir.js';

export type * from './types.js';
export type * from '../../model/code-ir.js';
export { CODE_CATEGORIES, type CodeCategory } from './sinks.js';
export { EVENT_SOURCES, sourcesFor } from './sources.js';
export { actionsFor, operationName, servicePrefix, ACTION_EXCEPTIONS, DOCUMENT_CLIENT_OPS } from './sdk-actions.js';
export { detectSecret, findSecretsInEnvironment, isPlaceholder, redact, shannonEntropy } from './secrets.js';

const ALL_KINDS: readonly EntryPointKind[] = [];

export function analyzeHandler(source: HandlerSource, options: AnalyzeOptions = { entryKinds: ALL_KINDS }): HandlerAnalysis {
  const interp = new Interpreter(source, {
    sources: sourcesFor(options.entryKinds, options.cloud),
    maxCallDepth: options.maxCallDepth ?? 8,
    maxSteps: options.maxSteps ?? 400_000,
    ...(options.storedInput ? { storedInput: options.storedInput } : {}),
  });
  const r = interp.run();
  const diagnostics = [...r.diagnostics];
  if (!r.resolved) {
    diagnostics.push({
      level: 'warning',
      code: 'handler-export-not-found',
      message: `${source.entry}: no function \`${source.exportName}\` found for ${source.functionId}; only its module-level code was analysed`,
      location: { file: source.entry, line: 1, column: 1 },
    });
  }
  const calls = r.calls.sort(byLocation);
  const actions = [...new Set(calls.flatMap((c) => c.actions))].sort();
  return {
    functionId: source.functionId,
    resolved: r.resolved,
    calls,
    taint: r.taint.sort((a, b) => byLocation(a, b) || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0)),
    secrets: findSecrets(source),
    sends: r.sends.sort(byLocation),
    actions,
    diagnostics,
  };
}

/** Hard-coded secrets in the handler's modules. */
export function findSecrets(source: HandlerSource): SecretFinding[] {
  const out: SecretFinding[] = [];
  const seen = new Set<string>();
  for (const file of Object.keys(source.modules).sort()) {
    for (const s of source.modules[file]!.strings) {
      const m = detectSecret(s.name, s.value);
      if (!m) continue;
      const key = `${file}:${s.pos.line}:${s.pos.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: m.kind, name: s.name, redacted: redact(m.match), location: { file, line: s.pos.line, column: s.pos.column, endLine: s.pos.endLine, endColumn: s.pos.endColumn } });
    }
  }
  return out.sort(byLocation);
}

function byLocation(a: { location: { file: string; line: number; column: number } }, b: { location: { file: string; line: number; column: number } }): number {
  if (a.location.file !== b.location.file) return a.location.file < b.location.file ? -1 : 1;
  return a.location.line - b.location.line || a.location.column - b.location.column;
}
