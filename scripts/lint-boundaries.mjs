#!/usr/bin/env node
// Enforces the layer rules of docs/architecture.md that the type checker cannot:
// import boundaries, no printing outside the CLI, no process.exit, no I/O in pure layers.
// Reading data files shipped inside the package is allowed on a line after `// lint-allow: packaged-data`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|http|https|net|dgram|dns|tls|worker_threads)$/;

/** layer → layers it must not import. */
const FORBIDDEN = {
  data: ['model', 'loaders', 'analyses', 'rules', 'engine', 'reporters', 'cli', 'diff', 'config', 'api'],
  model: ['loaders', 'analyses', 'rules', 'engine', 'reporters', 'cli', 'diff', 'config', 'api'],
  analyses: ['loaders', 'rules', 'reporters', 'cli', 'diff', 'config', 'api'],
  rules: ['loaders', 'reporters', 'cli', 'diff', 'config', 'api'],
  engine: ['loaders', 'reporters', 'cli', 'api'],
  reporters: ['loaders', 'rules', 'cli', 'api'],
  loaders: ['analyses', 'rules', 'engine', 'reporters', 'cli', 'diff', 'api'],
  diff: ['cli'],
  config: ['cli', 'reporters', 'rules'],
};
const PURE = new Set(['model', 'analyses', 'rules', 'reporters']);

function walk(dir, out = []) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const problems = [];
for (const file of walk(src)) {
  const rel = relative(src, file);
  const layer = rel.includes('/') ? rel.split('/')[0] : rel.replace(/\.ts$/, '');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const where = `src/${rel}:${i + 1}`;
    const m = /^\s*(?:import|export)\b.*?from\s+['"]([^'"]+)['"]/.exec(line) ?? /\bimport\(\s*['"]([^'"]+)['"]\s*\)/.exec(line);
    if (m) {
      const spec = m[1];
      if (spec.startsWith('.')) {
        const target = relative(src, resolve(dirname(file), spec));
        const tLayer = target.includes('/') ? target.split('/')[0] : target.replace(/\.(js|ts)$/, '');
        if ((FORBIDDEN[layer] ?? []).includes(tLayer) && !/^import type|^export type/.test(line.trim())) problems.push(`${where}: ${layer} may not import ${tLayer} (${spec})`);
      } else if (PURE.has(layer) && IO_MODULES.test(spec) && !/lint-allow: packaged-data/.test(lines[i - 1] ?? '')) {
        problems.push(`${where}: ${layer} is pure and may not import ${spec}`);
      }
    }
    if (layer !== 'cli' && /\bconsole\.(log|error|warn|info)\(/.test(line)) problems.push(`${where}: only src/cli prints (console)`);
    if (/\bprocess\.exit\(/.test(line)) problems.push(`${where}: process.exit is not allowed; return an exit code`);
    if (PURE.has(layer) && /\b(Date\.now|new Date\(\)|Math\.random)\(/.test(line)) problems.push(`${where}: ${layer} is deterministic (no clock or randomness)`);
  });
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} boundary problem(s)`);
  process.exit(1);
}
console.log('layer boundaries: ok');
