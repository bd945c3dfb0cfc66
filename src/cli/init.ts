/**
 * `nightlight init [dir]`: writes a commented nightlight.config.yaml. Never overwrites.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAMES, starterConfig } from '../config/schema.js';
import { RULES } from '../rules/registry.generated.js';
import type { CliIo } from './io.js';

export interface InitOptions {
  dir: string;
}

export function runInit(opts: InitOptions, io: CliIo): number {
  if (!existsSync(opts.dir)) {
    io.stderr(`nightlight: ${opts.dir}: no such directory\n`);
    return 2;
  }
  const existing = CONFIG_FILE_NAMES.map((n) => join(opts.dir, n)).find((p) => existsSync(p));
  if (existing) {
    io.stderr(`nightlight: ${existing} already exists; not overwriting it\n`);
    return 2;
  }
  const file = join(opts.dir, CONFIG_FILE_NAMES[0]);
  writeFileSync(file, starterConfig(RULES.map((r) => r.id)), { flag: 'wx' });
  io.stdout(`wrote ${file}\n`);
  return 0;
}
