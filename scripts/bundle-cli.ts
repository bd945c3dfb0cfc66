/**
 * Bundles the command line into two files, replacing tsc's output for bin/nightlight.ts:
 *  - dist/bin/nightlight-cli.js: src/cli/main.ts and everything it imports from src/, plus the small
 *    pure-JS dependencies, as one function expression (CommonJS inside, in ASCII). Node's ES module
 *    loader spent ~0.15 s of CPU resolving and compiling the ~400 files of an unbundled start, and
 *    Node 20 cannot cache the compiled code of an ES module; a classic script can be;
 *  - dist/bin/nightlight.js (the `bin`): src/cli/launcher.ts, which sets the V8 flags and compiles
 *    the former with V8's code cache of earlier runs (src/cli/code-cache.ts).
 * The library entry (dist/src/api.js) stays unbundled. Packages with native code, wasm or data files
 * stay external and are loaded from node_modules as before (`import()` of them goes through the
 * launcher: src/loaders/external.ts).
 *
 *   node --import tsx scripts/bundle-cli.ts
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_V8_FLAGS } from './v8-flags.js';
import { BUNDLE_OPTIONS as COMMON, REQUIRE_SHIM, ROOT } from './bundle-options.js';

/** The parameters the launcher passes (src/cli/launcher.ts calls the function with them, in this order). */
const PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname', '__nightlightUrl', '__nightlightImport'];

const result = await build({
  ...COMMON,
  format: 'cjs',
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/bin/nightlight-cli.js',
  // the bundle is no ES module: `import.meta.url` is the URL of its file, passed by the launcher
  define: { 'import.meta.url': '__nightlightUrl' },
  charset: 'ascii',
  write: false,
  metafile: true,
});
if (result.errors.length > 0) process.exitCode = 1;
const text = result.outputFiles[0]!.text;
// esbuild writes strings, regexes and names in ASCII; comments it keeps (before class fields) may
// hold other characters. An escape reads the same there; one non-ASCII character would make the
// whole source a two-byte string (twice the memory) that takes UTF-8 decoding.
const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(
  join(ROOT, 'dist', 'bin', 'nightlight-cli.js'),
  `// nightlight's command line, compiled and run by nightlight.js beside it (src/cli/launcher.ts).\n(function (${PARAMETERS.join(', ')}) {\n${ascii.startsWith('"use strict";') ? '' : '"use strict";\n'}${ascii}\n})\n`,
);

const launcher = await build({
  ...COMMON,
  entryPoints: ['src/cli/launcher.ts'],
  outfile: 'dist/bin/nightlight.js',
  define: { __NIGHTLIGHT_V8_FLAGS__: JSON.stringify(CLI_V8_FLAGS) },
});
if (launcher.errors.length > 0) process.exitCode = 1;

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
