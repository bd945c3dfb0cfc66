import { join } from 'node:path';
import { loadServerless, type ServerlessLoadOptions } from '../../../src/loaders/serverless/load.js';
import { ScanRoot } from '../../../src/loaders/files.js';
import { DEFAULT_PARSE_LIMITS } from '../../../src/loaders/cloudformation/parse.js';
import type { Diagnostic, JsonObject, LoadedTemplate } from '../../../src/model/types.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function loadFixture(
  dir: string,
  extra: Partial<ServerlessLoadOptions> = {},
  file = 'serverless.yml',
): { t: LoadedTemplate | null; diagnostics: Diagnostic[]; resources: JsonObject } {
  const root = join(FIXTURES, dir);
  const diagnostics: Diagnostic[] = [];
  const t = loadServerless(
    { file, abs: join(root, file), kind: 'serverless', named: true },
    { params: {}, allowEnv: false, root, files: new ScanRoot(root), parse: DEFAULT_PARSE_LIMITS, ...extra },
    diagnostics,
  );
  return { t, diagnostics, resources: (t?.body['Resources'] ?? {}) as JsonObject };
}

export function props(resources: JsonObject, id: string): JsonObject {
  const r = resources[id] as JsonObject | undefined;
  if (!r) throw new Error(`no resource ${id}; have ${Object.keys(resources).join(', ')}`);
  return (r['Properties'] ?? {}) as JsonObject;
}
