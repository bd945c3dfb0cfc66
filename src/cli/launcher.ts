#!/usr/bin/env node
/**
 * The installed `nightlight` command (built to dist/bin/nightlight.js by scripts/bundle-cli.ts): sets
 * the CLI's V8 flags, compiles the command-line bundle (dist/bin/nightlight-cli.js, one function
 * expression in ASCII) as a classic script with V8's code cache of earlier runs
 * (src/cli/code-cache.ts), and runs it. Node 20 has no code cache for ES modules: compiling the
 * bundle as a module cost ~0.1 s of CPU on every run, before any work.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { CodeCache, codeCacheSettings, codeIdentity, commandOf } from './code-cache.js';

/** scripts/v8-flags.ts, set before anything is compiled (the code cache depends on them). */
declare const __NIGHTLIGHT_V8_FLAGS__: string;
setFlagsFromString(__NIGHTLIGHT_V8_FLAGS__);

type Start = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string, url: string, importExternal: (specifier: string) => Promise<unknown>) => void;

const file = fileURLToPath(new URL('./nightlight-cli.js', import.meta.url));
const argv = process.argv.slice(2);

function compile(): Script {
  const bytes = readFileSync(file);
  const settings = codeCacheSettings();
  const cache = settings === null ? null : CodeCache.open(settings, codeIdentity(bytes, __NIGHTLIGHT_V8_FLAGS__));
  // The build writes the bundle in ASCII, so its Latin-1 reading is its text (and a one-byte string).
  const script = new Script(bytes.toString('latin1'), { filename: file, cachedData: cache?.take() });
  if (cache !== null) {
    const rejected = cache.found && script.cachedDataRejected === true;
    const command = commandOf(argv);
    // At exit, so that the functions compiled lazily while the command ran are in the entry.
    if (cache.wants(rejected, command)) process.once('exit', () => cache.write(script.createCachedData(), command, rejected));
  }
  return script;
}

const module: { exports: { main?: (argv: string[]) => Promise<number> } } = { exports: {} };
(compile().runInThisContext() as Start)(module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href, (specifier) => import(specifier));
process.exitCode = await module.exports.main!(argv);
