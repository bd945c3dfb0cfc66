import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { reachOfFunctions } from '../../analyses/surface/exposure.js';
import type { SurfaceAnalysis } from '../../analyses/surface/types.js';
import type { AppModel } from '../../model/types.js';
import { impactAbove, lowerSeverity, severityFor, type Severity } from '../../model/findings.js';

/**
 * A dependency of a function (its lockfiles and manifests, those of the layers it uses) whose
 * version an advisory of the OSV snapshot marks as affected, or, without a lockfile, whose range
 * allows affected versions (every one, the lowest, or some: "may resolve to"). Severity comes from the advisory and
 * moves with the most exposed caller of a function that ships it (docs/severity.md): one step up
 * from the internet, one down when only internal sources reach it. Without a snapshot
 * nothing is checked (and a diagnostic says so).
 */
export default findingsRule({
  id: 'code/no-vulnerable-dependency',
  description: 'Functions must not ship dependency versions that a known advisory marks as vulnerable (checked offline against an OSV snapshot).',
  category: 'vulnerable-dependency',
  severity: 'medium',
  cwe: [1395],
  messages: {
    vulnerable: '{{fns}}{{layer}}{{entry}}: {{name}} {{version}} is affected by {{id}}{{aliases}} ({{summary}}); {{fix}}.',
    every: '{{fns}}{{layer}}{{entry}}: {{name}} {{spec}} (no lockfile): every version the range allows is affected by {{id}}{{aliases}} ({{summary}}); {{fix}}.',
    lowest: '{{fns}}{{layer}}{{entry}}: {{name}} {{spec}} (no lockfile): the lowest version the range allows, {{version}}, is affected by {{id}}{{aliases}} ({{summary}}); newer versions it allows may not be; {{fix}}.',
    may: '{{fns}}{{layer}}{{entry}}: {{name}} {{spec}} (no lockfile) may resolve to a version affected by {{id}}{{aliases}} ({{summary}}); pin a version outside the affected range or commit a lockfile.',
  },
  requires: ['code', 'surface'],
  sources: peers('osv-scanner:osv', 'npm-audit:audit'),
  reads: 'dependencies',
  *findings(deps, { model, analyses }) {
    if (!deps.checked) return;
    const surface = analyses.surface;
    for (const m of deps.matches) {
      const advisory = m.severity ?? 'medium';
      const reach = reachOfFunctions(surface, m.functions);
      // A range without a lockfile is less certain than a locked version: the lowest allowed version
      // one step lower; "may resolve to" is low whatever the advisory (docs/rules/code/no-vulnerable-dependency.md).
      const base: Severity = m.resolution === 'lowest' ? lowerSeverity(advisory) : advisory;
      const severity: Severity = m.resolution === 'may' ? 'low' : base === 'info' ? base : severityFor(impactAbove(base), reach);
      yield {
        messageId: m.resolution === 'locked' ? 'vulnerable' : m.resolution,
        data: {
          fns: m.functions.join(', '),
          layer: m.layer ? ` (through layer ${m.layer})` : '',
          entry: entryOf(surface, model, m.functions),
          spec: m.spec ?? '',
          name: m.dependency.name,
          version: m.dependency.version,
          id: m.advisoryId,
          aliases: m.aliases.length ? ` / ${m.aliases.join(', ')}` : '',
          summary: m.summary || 'no summary',
          fix: m.fixed ? `upgrade to ${m.fixed} or later` : 'no fixed version is known',
        },
        subject: m.functions[0]!,
        key: `${m.manifest}::${m.layer ? `${m.layer}::` : ''}${m.dependency.name}@${m.spec ?? m.dependency.version}::${m.advisoryId}`,
        location: m.dependency.location,
        severity,
        functions: m.functions,
      };
    }
  },
});

/** The most exposed entry point among the functions, as ` (reached by GET /x, public)`; empty when none reaches them. */
function entryOf(surface: SurfaceAnalysis | undefined, model: AppModel, functions: readonly string[]): string {
  const reach = reachOfFunctions(surface, functions);
  const fn = functions.find((f) => surface?.byFunction[f]?.weakestPrincipal === reach && surface.byFunction[f]?.weakestEntryPoint);
  const id = fn ? surface?.byFunction[fn]?.weakestEntryPoint : null;
  const ep = id ? model.entryPoints.find((e) => e.id === id) : undefined;
  return ep ? ` (reached by ${ep.label}, ${ep.principal.kind})` : '';
}
