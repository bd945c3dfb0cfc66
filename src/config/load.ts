/**
 * Finding and reading the configuration file: the only file I/O of src/config/.
 * Validation is `schema.ts`'s (pure); this file reads, parses with locations, and hands over.
 */
import type { Diagnostic } from '../model/types.js';
import { readExplicitFile, ScanRoot } from '../loaders/boundary.js';
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

/** The config file at the scanned root, if there is one (relative name and absolute path). */
export function findConfigFile(root: string): { name: string; path: string } | null {
  const scan = new ScanRoot(root);
  for (const name of CONFIG_FILE_NAMES) {
    const path = scan.abs(name);
    if (scan.entry(path) !== null) return { name, path };
  }
  return null;
}

export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  let found: { name: string; path: string } | null;
  let text: string;
  if (options.file !== undefined) {
    // Given on the command line: readable wherever it is, but only a regular file, within the size cap.
    found = { name: options.file, path: options.file };
    const read = readExplicitFile(options.file);
    if ('error' in read) {
      const message = read.error === 'not found' ? `${found.name}: configuration file not found` : `${found.name}: configuration file could not be read (${read.error})`;
      return { config: emptyConfig(), diagnostics: [{ level: 'error', code: 'config-unreadable', message, location: { file: found.name, line: 1, column: 1 } }] };
    }
    text = read.text;
  } else {
    found = findConfigFile(options.root);
    if (!found) return { config: emptyConfig(), diagnostics: [] };
    // Found in the scanned repository, which may be hostile: a link out of the tree, a device or a
    // FIFO is not read; the scan goes on with the defaults and says so.
    const refused: Diagnostic[] = [];
    const read = new ScanRoot(options.root).readText(found.path, found.name, refused, { level: 'warning' });
    if (!read) return { config: emptyConfig(), diagnostics: refused.map((d) => ({ ...d, code: 'config-refused', message: `${d.message}; the configuration is ignored and the defaults apply` })) };
    text = read.text;
  }
  const parsed = found.name.toLowerCase().endsWith('.json') ? parseJson(text, found.name) : parseYaml(text, found.name);
  const parseErrors = parsed.diagnostics.filter((d) => d.level === 'error');
  if (parseErrors.length) return { config: emptyConfig(), diagnostics: parsed.diagnostics.map((d) => ({ ...d, code: d.code === 'yaml-syntax' || d.code === 'json-syntax' ? 'config-syntax' : d.code })) };
  const validated = validateConfig(parsed.value, found.name, (p) => parsed.locations.locate(p), options);
  return { config: validated.config, diagnostics: [...parsed.diagnostics, ...validated.diagnostics] };
}
