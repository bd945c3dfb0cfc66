/**
 * Tree-sitter grammars, loaded on demand: web-tree-sitter (the runtime) is imported, and a
 * language's wasm read, only when the scan meets a handler in that language. An app without Python
 * handlers never loads either. Every tree-sitter language goes through `loadGrammar()` so that this
 * stays true as languages are added.
 */
import { createRequire } from 'node:module';
import type { Parser } from 'web-tree-sitter';
import { importExternal } from '../external.js';
import { isCursorBinding, type CursorBinding } from './snode.js';

/** Languages parsed with tree-sitter, and where each grammar's wasm lives. */
const GRAMMARS = {
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  java: 'tree-sitter-java/tree-sitter-java.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
  csharp: 'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm',
  ruby: 'tree-sitter-ruby/tree-sitter-ruby.wasm',
} as const;

export type GrammarLanguage = keyof typeof GRAMMARS;

const ready = new Map<GrammarLanguage, Parser>();
const pending = new Map<GrammarLanguage, Promise<Parser>>();
let runtime: Promise<typeof import('web-tree-sitter')> | null = null;
let binding: CursorBinding | null = null;

function loadRuntime(): Promise<typeof import('web-tree-sitter')> {
  runtime ??= importExternal<typeof import('web-tree-sitter')>('web-tree-sitter').then(async (m) => {
    // the object handed to init is the Emscripten module the runtime fills with its exports:
    // snode.ts walks trees through its cursor functions (if the runtime was initialised before,
    // or its internals moved, the object is not filled, and trees are read through the public
    // TreeCursor: slower, the same tree)
    const module: Record<string, unknown> = {};
    await m.Parser.init(module);
    if (isCursorBinding(module)) binding = module;
    return m;
  });
  return runtime;
}

/** A parser for `language`, loading the runtime and the grammar on first use. */
export function loadGrammar(language: GrammarLanguage): Promise<Parser> {
  const done = ready.get(language);
  if (done !== undefined) return Promise.resolve(done);
  let p = pending.get(language);
  if (p === undefined) {
    p = (async () => {
      const { Language, Parser } = await loadRuntime();
      const wasm = createRequire(import.meta.url).resolve(GRAMMARS[language]);
      const parser = new Parser();
      parser.setLanguage(await Language.load(wasm));
      ready.set(language, parser);
      return parser;
    })();
    pending.set(language, p);
  }
  return p;
}

/** The runtime's tree-cursor functions, once a grammar is loaded, if they could be reached (snode.ts). */
export function cursorBinding(): CursorBinding | null {
  return binding;
}

/** The parser of `language` if its grammar is loaded, else null (never loads it). */
export function grammarParser(language: GrammarLanguage): Parser | null {
  return ready.get(language) ?? null;
}

/** The grammars loaded in this process so far (for tests: a scan loads only what it needs). */
export function loadedGrammars(): GrammarLanguage[] {
  return [...ready.keys()].sort();
}
