import { defineRule } from '../../engine/types.js';
import { reachOfFunctions } from '../../analyses/surface/exposure.js';
import { impactAbove, severityFor } from '../../model/findings.js';

/**
 * A pinned dependency (package-lock.json, requirements.txt, poetry.lock next to a handler) whose
 * version an advisory of the OSV snapshot marks as affected. Severity comes from the advisory and
 * moves with the most exposed caller of a function that ships it (docs/severity.md): one step up
 * from the internet, one down when only internal sources reach it. Without a snapshot
 * nothing is checked (and a diagnostic says so).
 */
export default defineRule({
  id: 'code/no-vulnerable-dependency',
  meta: {
    description: 'Functions must not ship dependency versions that a known advisory marks as vulnerable (checked offline against an OSV snapshot).',
    category: 'vulnerable-dependency',
    severity: 'medium',
    cwe: [1395],
    messages: {
      vulnerable: '{{fns}}: {{name}} {{version}} is affected by {{id}}{{aliases}} ({{summary}}); {{fix}}.',
    },
    requires: ['code', 'surface'],
    sources: [{ tool: 'osv-scanner', id: 'osv' }, { tool: 'npm-audit', id: 'audit' }],
  },
  create(context) {
    const deps = context.analyses.dependencies;
    if (!deps?.checked) return;
    const surface = context.analyses.surface;
    for (const m of deps.matches) {
      const base = m.severity ?? 'medium';
      const reach = reachOfFunctions(surface, m.functions);
      context.report({
        messageId: 'vulnerable',
        data: {
          fns: m.functions.join(', '),
          name: m.dependency.name,
          version: m.dependency.version,
          id: m.advisoryId,
          aliases: m.aliases.length ? ` / ${m.aliases.join(', ')}` : '',
          summary: m.summary || 'no summary',
          fix: m.fixed ? `upgrade to ${m.fixed} or later` : 'no fixed version is known',
        },
        subject: m.functions[0]!,
        key: `${m.manifest}::${m.dependency.name}@${m.dependency.version}::${m.advisoryId}`,
        location: m.dependency.location,
        severity: base === 'info' ? base : severityFor(impactAbove(base), reach),
        functions: m.functions,
      });
    }
  },
});
