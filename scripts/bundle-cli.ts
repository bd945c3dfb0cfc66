/**
 * Bundles the command line (bin/nightlight.ts and everything it imports from src/, plus the small
 * pure-JS dependencies) into one file, dist/bin/nightlight.js, replacing tsc's output for it. Node's
 * ES module loader spends ~0.15 s of CPU resolving and compiling the ~400 files of an unbundled
 * start, which is most of the start-up of a small scan (docs/performance.md). The library entry
 * (dist/src/api.js) stays unbundled. Packages with native code, wasm or data files stay external and
 * are loaded from node_modules as before.
 *
 *   node --import tsx scripts/bundle-cli.ts
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_V8_FLAGS } from './v8-flags.js';
import { BUNDLE_OPTIONS as COMMON, REQUIRE_SHIM, ROOT } from './bundle-options.js';

const result = await build({
  ...COMMON,
  entryPoints: ['bin/nightlight.ts'],
  outfile: 'dist/bin/nightlight.js',
  banner: {
    js: [
      REQUIRE_SHIM,
      // scripts/v8-flags.ts says why; first thing in the bundle, before any code runs.
      `import { setFlagsFromString as __nightlightV8Flags } from 'node:v8'; __nightlightV8Flags(${JSON.stringify(CLI_V8_FLAGS)});`,
    ].join('\n'),
  },
  metafile: true,
});
if (result.errors.length > 0) process.exitCode = 1;

// The thread of the template parse pool (src/loaders/pool.ts looks for it beside the bundle).
const worker = await build({ ...COMMON, entryPoints: ['src/loaders/parse-worker.ts'], outfile: 'dist/bin/parse-worker.js', banner: { js: REQUIRE_SHIM } });
if (worker.errors.length > 0) process.exitCode = 1;

// The licence of every package whose code went into the bundle, next to it.
const packages = new Set<string>();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.add(m[1]!);
}
const notices: string[] = ['Third-party code bundled into dist/bin/nightlight.js', ''];
for (const name of [...packages].sort()) {
  const dir = join(ROOT, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license?: string };
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  notices.push(`== ${name}@${pkg.version} (${pkg.license ?? 'see below'}) ==`, '', file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : '(no licence file in the package)', '');
}
writeFileSync(join(ROOT, 'dist', 'bin', 'THIRD-PARTY-LICENSES.txt'), notices.join('\n'));
