/**
 * Imports a package that is not bundled into the command line (native code, wasm, the AWS SDK:
 * scripts/bundle-options.ts). The installed command compiles its bundle as a classic script so that
 * V8 can cache the compiled code (src/cli/launcher.ts); a classic script compiled that way cannot
 * run `import()` itself, so the launcher passes its own as `__nightlightImport`. Everywhere else
 * (the library, tests, the parse worker) this is a plain `import()`.
 */
declare const __nightlightImport: ((specifier: string) => Promise<unknown>) | undefined;

export function importExternal<T>(specifier: string): Promise<T> {
  return (typeof __nightlightImport === 'function' ? __nightlightImport(specifier) : import(specifier)) as Promise<T>;
}
