/**
 * SAM policy templates (`SQSPollerPolicy: { QueueName: ... }`): loading the translator's data file and
 * expanding one template into policy statements, the way the translator does it (each `Ref` to a
 * template parameter replaced by the value the user gave; intrinsics kept).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonObject, JsonValue } from '../../model/types.js';
import { hasKey } from '../../model/types.js';

export interface SamPolicyTemplate {
  Definition: JsonObject;
  Description?: string;
  Parameters: Record<string, { Description?: string }>;
}

export interface SamPolicyTemplates {
  Version?: string;
  Templates: Record<string, SamPolicyTemplate>;
}

const DATA_FILE = 'sam-policy-templates.json';

/**
 * Reads data/sam-policy-templates.json. The file sits at the package root, which is three levels up
 * from src/loaders/sam when run from source and four from dist/src/loaders/sam when built, so walk up.
 */
export function loadSamPolicyTemplates(): SamPolicyTemplates {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data', DATA_FILE);
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8')) as SamPolicyTemplates;
    dir = dirname(dir);
  }
  throw new Error(`nightlight: data/${DATA_FILE} not found next to the package`);
}

export type TemplateExpansion = { ok: true; document: JsonObject } | { ok: false; message: string };

/** Expands `name` with `params`; an unknown name or a missing parameter is an error, as in the translator. */
export function expandPolicyTemplate(templates: SamPolicyTemplates, name: string, params: JsonValue): TemplateExpansion {
  const template = templates.Templates[name];
  if (!template) return { ok: false, message: `policy template '${name}' does not exist` };
  const given: JsonObject = params && typeof params === 'object' && !Array.isArray(params) ? params : {};
  if (params !== null && (typeof params !== 'object' || Array.isArray(params))) {
    return { ok: false, message: `parameters of policy template '${name}' must be a map` };
  }
  const missing = Object.keys(template.Parameters).filter((p) => !(p in given));
  if (missing.length > 0) {
    return { ok: false, message: `policy template '${name}' is missing parameter values: ${missing.join(', ')}` };
  }
  const substitute = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(substitute);
    if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === 'Ref' && typeof v['Ref'] === 'string' && hasKey(template.Parameters, v['Ref'])) {
        return structuredClone(given[v['Ref']] as JsonValue);
      }
      const out: JsonObject = {};
      for (const [k, x] of Object.entries(v)) out[k] = substitute(x);
      return out;
    }
    return v;
  };
  return { ok: true, document: substitute(template.Definition) as JsonObject };
}
