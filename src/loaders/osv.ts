/** One OSV record (https://ossf.github.io/osv-schema/) as the dependency check reads it, or why it is not one. */
import type { Advisory, OsvAffected, OsvRange } from '../model/dependencies.js';
import { dict } from '../model/types.js';

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** One OSV record, or why it is not one. */
export function parseOsv(doc: unknown, file: string): Advisory | string {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'not an OSV record (expected a JSON object)';
  const d = doc as Record<string, unknown>;
  const id = str(d['id']);
  if (!id) return 'not an OSV record (no "id")';
  if (!Array.isArray(d['affected'])) return `${id} has no "affected" list`;
  const affected: OsvAffected[] = [];
  for (const a of d['affected'] as unknown[]) {
    if (typeof a !== 'object' || a === null) continue;
    const pkg = (a as { package?: unknown }).package as Record<string, unknown> | undefined;
    const ecosystem = str(pkg?.['ecosystem']);
    const name = str(pkg?.['name']);
    if (!ecosystem || !name) continue;
    const ranges: OsvRange[] = [];
    for (const r of Array.isArray((a as { ranges?: unknown }).ranges) ? ((a as { ranges: unknown[] }).ranges) : []) {
      const rr = r as { type?: unknown; events?: unknown };
      if (typeof rr !== 'object' || rr === null || typeof rr.type !== 'string' || !Array.isArray(rr.events)) continue;
      const events = (rr.events as unknown[]).filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null).map((e) => {
        const out: Record<string, string> = dict();
        for (const k of ['introduced', 'fixed', 'last_affected', 'limit']) if (typeof e[k] === 'string') out[k] = e[k] as string;
        return out;
      });
      ranges.push({ type: rr.type, events });
    }
    const versions = Array.isArray((a as { versions?: unknown }).versions) ? ((a as { versions: unknown[] }).versions).filter((v): v is string => typeof v === 'string') : [];
    affected.push({ ecosystem, name, ranges, versions });
  }
  const aliases = Array.isArray(d['aliases']) ? (d['aliases'] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const summary = str(d['summary']) ?? str(d['details'])?.split('\n')[0] ?? '';
  return { id, aliases, summary, ...osvSeverity(d), affected, file };
}

function osvSeverity(d: Record<string, unknown>): { databaseSeverity: string | null; cvss: string[] } {
  const db = d['database_specific'];
  const word = typeof db === 'object' && db !== null && !Array.isArray(db) ? str((db as Record<string, unknown>)['severity']) : null;
  const cvss = Array.isArray(d['severity']) ? (d['severity'] as unknown[]).map((s) => (typeof s === 'object' && s !== null ? str((s as { score?: unknown }).score) : null)).filter((s): s is string => s !== null) : [];
  return { databaseSeverity: word, cvss };
}
