import { defineRule } from '../../engine/types.js';
import { dependenciesOf } from '../../analyses/code/dependencies.js';
import { raise, surfaceOf } from '../../analyses/surface/exposure.js';

/**
 * A pinned dependency (package-lock.json, requirements.txt, poetry.lock next to a handler) whose
 * version an advisory of the OSV snapshot marks as affected. Severity comes from the advisory and
 * rises one step when a public entry point reaches a function that ships it. Without a snapshot
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
    const deps = dependenciesOf(context.analyses);
    if (!deps?.checked) return;
    const surface = surfaceOf(context.analyses);
    for (const m of deps.matches) {
      const base = m.severity ?? 'medium';
      const isPublic = m.functions.some((f) => surface?.byFunction[f]?.weakestPrincipal === 'public');
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
        severity: isPublic && base !== 'info' ? raise(base, 1) : base,
        functions: m.functions,
      });
    }
  },
});
