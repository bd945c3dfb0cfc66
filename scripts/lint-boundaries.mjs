#!/usr/bin/env node
// Enforces the layer rules of docs/architecture.md that the type checker cannot:
// - the import rules, read from the table under "Import rules" and checked on the real import graph
//   (dependency-cruiser: every import, type-only and multi-line ones included);
// - no printing outside the CLI, no process.exit, no clock or randomness in the pure layers, no I/O
//   module imported by a pure layer (reading data files shipped inside the package is allowed on a
//   statement after `// lint-allow: packaged-data`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|http|https|net|dgram|dns|tls|worker_threads)$/;
const PURE = new Set(['model', 'analyses', 'rules', 'reporters']);

/** The layer table of docs/architecture.md: [{ layer, path, mayImport }]. */
export function readLayerTable(markdown) {
  const start = markdown.indexOf('<!-- layers: read by scripts/lint-boundaries.mjs -->');
  if (start < 0) throw new Error('docs/architecture.md has no layer table marker');
  const rows = [];
  for (const line of markdown.slice(start).split('\n').slice(3)) {
    if (!line.startsWith('|')) break;
    const [layer, path, may] = line.split('|').slice(1, 4).map((c) => c.trim());
    rows.push({ layer, path: path.replace(/`/g, ''), mayImport: may ? may.split(',').map((s) => s.trim()) : [] });
  }
  if (rows.length === 0) throw new Error('the layer table of docs/architecture.md is empty');
  return rows;
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** dependency-cruiser rules: from each layer, an import of a file under src/ outside its own layer, the leaf src/version.ts and the layers it may import. */
export function cruiserRules(table) {
  const byLayer = new Map(table.map((r) => [r.layer, r]));
  return table.map((r) => {
    for (const l of r.mayImport) if (!byLayer.has(l)) throw new Error(`layer table: ${r.layer} may import unknown layer ${l}`);
    const allowed = [r.path, ...r.mayImport.map((l) => byLayer.get(l).path), 'src/version.ts'];
    return {
      name: `layer-${r.layer}`,
      severity: 'error',
      comment: `${r.layer} may import only ${r.mayImport.join(', ') || 'nothing else in src/'} (docs/architecture.md)`,
      from: { path: `^${escape(r.path)}` },
      to: { path: '^src/', pathNot: allowed.map((p) => `^${escape(p)}`) },
    };
  });
}

/** No file imports itself through others (type-only imports included). */
const NO_CYCLE = {
  name: 'no-cycle',
  severity: 'error',
  from: {},
  to: { circular: true },
};

/** Violations of the layer table in the tree at `baseDir` (its `src/`), as `file → target: rule` lines. */
export async function layerViolations(baseDir, table) {
  const result = await cruise(['src'], {
    baseDir,
    validate: true,
    ruleSet: { forbidden: [...cruiserRules(table), NO_CYCLE] },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    moduleSystems: ['es6', 'cjs'],
  });
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  return output.summary.violations
    .map((v) =>
      v.rule.name === NO_CYCLE.name
        ? `${v.from} → ${v.to}: an import cycle (${(v.cycle ?? []).map((c) => c.name ?? c).join(' → ')})`
        : `${v.from} → ${v.to}: ${v.rule.name.slice(6)} may not import it (docs/architecture.md, Import rules)`,
    )
    .sort();
}

function walk(dir, out = []) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The line rules (printing, exit, clock, I/O imports of the pure layers) over `baseDir/src`. */
export function lineProblems(baseDir) {
  const src = join(baseDir, 'src');
  const problems = [];
  for (const file of walk(src)) {
    const rel = relative(src, file);
    const layer = rel.includes('/') ? rel.split('/')[0] : rel.replace(/\.ts$/, '');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const lineOf = (offset) => text.slice(0, offset).split('\n').length;
    if (PURE.has(layer)) {
      // Statements of any length: `import {\n  a,\n} from 'node:fs'` is one import.
      for (const m of text.matchAll(/^[ \t]*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
        const spec = m[1] ?? m[2] ?? m[3];
        const line = lineOf(m.index + (m[0].length - m[0].trimStart().length));
        if (IO_MODULES.test(spec) && !/lint-allow: packaged-data/.test(lines[line - 2] ?? '')) problems.push(`src/${rel}:${line}: ${layer} is pure and may not import ${spec}`);
      }
    }
    lines.forEach((line, i) => {
      const where = `src/${rel}:${i + 1}`;
      if (layer !== 'cli' && /\bconsole\.(log|error|warn|info)\(/.test(line)) problems.push(`${where}: only src/cli prints (console)`);
      if (/\bprocess\.exit\(/.test(line)) problems.push(`${where}: process.exit is not allowed; return an exit code`);
      if (PURE.has(layer) && /\b(Date\.now|new Date\(\)|Math\.random)\(/.test(line)) problems.push(`${where}: ${layer} is deterministic (no clock or randomness)`);
    });
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const table = readLayerTable(readFileSync(join(root, 'docs/architecture.md'), 'utf8'));
  const problems = [...(await layerViolations(root, table)), ...lineProblems(root)];
  if (problems.length) {
    console.error(problems.join('\n'));
    console.error(`\n${problems.length} boundary problem(s)`);
    process.exit(1);
  }
  console.log(`layer boundaries: ok (${table.length} layers, import graph by dependency-cruiser)`);
}
