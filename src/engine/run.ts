/**
 * Runs rules over the model and analyses: fingerprints, de-duplication, deterministic order.
 * A rule that throws becomes an internal-error diagnostic naming the rule; the run goes on.
 */
import { createHash } from 'node:crypto';
import type { AppModel, Diagnostic } from '../model/types.js';
import type { Profile, ReportInput, Rule } from './types.js';
import type { Analyses } from '../analyses/index.js';
import type { Finding, Severity } from '../model/findings.js';
import { isPostureFinding, severityRank } from '../model/findings.js';
import { cmp } from '../model/order.js';

export function fingerprint(ruleId: string, subject: string, key?: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${subject}\u0000${key ?? ''}`).digest('hex').slice(0, 32);
}

export function formatMessage(template: string, data: Record<string, string | number | undefined> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (data?.[k] !== undefined ? String(data[k]) : `{{${k}}}`));
}

export interface EngineOptions {
  /** Per-rule overrides: 'off' or a severity. */
  ruleLevels?: Record<string, 'off' | Severity>;
  /** Which rules run (default `security`); a rule given a level in `ruleLevels` runs whatever the profile. */
  profile?: Profile;
}

/**
 * Whether a rule runs under the profile. Posture rules (`meta.profile: 'hardening'`) run under
 * `hardening` and `all`, or when the configuration gives them a level.
 */
export function ruleInProfile(rule: Rule, options: EngineOptions = {}): boolean {
  if (rule.meta.profile !== 'hardening') return true;
  const level = options.ruleLevels?.[rule.id];
  if (level !== undefined) return level !== 'off';
  return (options.profile ?? 'security') !== 'security';
}

export function runRules(rules: readonly Rule[], model: AppModel, analyses: Analyses, diagnostics: Diagnostic[], options: EngineOptions = {}): Finding[] {
  const findings = new Map<string, Finding>();
  const constructPaths = new Map<string, string>();
  for (const n of [...model.functions, ...model.resources]) if (n.constructPath) constructPaths.set(n.id, n.constructPath);
  for (const rule of rules) {
    const level = options.ruleLevels?.[rule.id];
    if (level === 'off' || !ruleInProfile(rule, options)) continue;
    // Under `hardening` a posture finding that claims no harm here (info) is left out; `all` keeps it.
    const keepInfo = rule.meta.profile !== 'hardening' || options.profile === 'all' || level !== undefined;
    const report = (f: ReportInput) => {
      if (!keepInfo && (f.severity ?? rule.meta.severity) === 'info') return;
      const template = rule.meta.messages[f.messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} has no message "${f.messageId}"`);
      const fp = fingerprint(rule.id, f.subject, f.key);
      const seen = findings.get(fp);
      // One finding per fingerprint: the most severe, then the first in the files, whatever order the rule reported them in.
      if (seen && !outranks(level ?? f.severity ?? rule.meta.severity, f.location, seen)) return;
      const finding: Finding = {
        ruleId: rule.id,
        category: rule.meta.category,
        severity: level ?? f.severity ?? rule.meta.severity,
        message: formatMessage(template, f.data),
        resource: f.subject,
        functions: [...(f.functions ?? [])].sort(),
        location: f.location,
        fingerprint: fp,
      };
      if (f.key !== undefined) finding.key = f.key;
      const cp = constructPaths.get(f.subject) ?? (f.functions?.length === 1 ? constructPaths.get(f.functions[0]!) : undefined);
      if (cp) finding.constructPath = cp;
      if (f.related?.length) finding.related = f.related;
      if (f.flows?.length) finding.flows = f.flows;
      findings.set(fp, finding);
    };
    try {
      rule.create({ model, analyses, report });
    } catch (err) {
      diagnostics.push({ level: 'error', code: 'internal-error', message: `rule ${rule.id} failed: ${(err as Error).message}; its findings are incomplete` });
    }
  }
  return sortFindings([...findings.values()]);
}

function outranks(severity: Severity, at: Finding['location'], seen: Finding): boolean {
  const bySeverity = severityRank(severity) - severityRank(seen.severity);
  if (bySeverity !== 0) return bySeverity > 0;
  return cmp(at.file, seen.location.file) < 0 || (at.file === seen.location.file && (at.line - seen.location.line || at.column - seen.location.column) < 0);
}

export function sortFindings(list: Finding[]): Finding[] {
  return list.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      // Posture gaps after the exposure and code findings of the same severity.
      Number(isPostureFinding(a)) - Number(isPostureFinding(b)) ||
      cmp(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.fingerprint, b.fingerprint),
  );
}

