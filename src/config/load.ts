/**
 * Finding and reading the configuration file: the only file I/O of src/config/.
 * Validation is `schema.ts`'s (pure); this file reads, parses with locations, and hands over.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../model/types.js';
import { parseJson, parseYaml } from '../loaders/cloudformation/parse.js';
import { CONFIG_FILE_NAMES, emptyConfig, validateConfig, type NightlightConfig, type ValidateOptions } from './schema.js';

export interface LoadConfigOptions extends ValidateOptions {
  /** The scanned directory (or template file); the config is looked for in it. */
  root: string;
  /** An explicit config file (`--config`); when set, nothing is looked for. */
  file?: string;
}

export interface LoadedConfig {
  config: NightlightConfig;
  /** Errors make the configuration unusable: the CLI stops with exit code 2. */
  diagnostics: Diagnostic[];
}

function rootDir(root: string): string {
  try {
    return statSync(root).isFile() ? dirname(root) : root;
  } catch {
    return root;
  }
}

/** The config file at the scanned root, if there is one (relative name and absolute path). */
export function findConfigFile(root: string): { name: string; path: string } | null {
  const dir = rootDir(root);
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(dir, name);
    if (existsSync(path)) return { name, path };
  }
  return null;
}

export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const found = options.file !== undefined ? { name: options.file, path: options.file } : findConfigFile(options.root);
  if (!found) return { config: emptyConfig(), diagnostics: [] };
  let text: string;
  try {
    text = readFileSync(found.path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const message = code === 'ENOENT' ? `${found.name}: configuration file not found` : `${found.name}: configuration file could not be read (${code})`;
    return { config: emptyConfig(), diagnostics: [{ level: 'error', code: 'config-unreadable', message, location: { file: found.name, line: 1, column: 1 } }] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = found.name.toLowerCase().endsWith('.json') ? parseJson(text, found.name) : parseYaml(text, found.name);
  const parseErrors = parsed.diagnostics.filter((d) => d.level === 'error');
  if (parseErrors.length) return { config: emptyConfig(), diagnostics: parsed.diagnostics.map((d) => ({ ...d, code: d.code === 'yaml-syntax' || d.code === 'json-syntax' ? 'config-syntax' : d.code })) };
  const validated = validateConfig(parsed.value, found.name, (p) => parsed.locations.locate(p), options);
  return { config: validated.config, diagnostics: [...parsed.diagnostics, ...validated.diagnostics] };
}
