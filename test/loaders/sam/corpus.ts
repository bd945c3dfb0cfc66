/**
 * Runs the SAM expansion over the translator corpus (shared/corpus/sam-translator) and compares each
 * result with the translator's output through `functionFacts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYaml } from '../../../src/loaders/cloudformation/parse.js';
import { expandSam, loadSamPolicyTemplates } from '../../../src/loaders/sam/expand.js';
import type { Diagnostic, JsonObject, LoadedTemplate } from '../../../src/model/types.js';
import { diffFacts, functionFacts } from './facts.js';

export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/sam-translator/', import.meta.url));

export interface CaseResult {
  name: string;
  error: boolean;
  /** For error_* inputs: the expected message. */
  expectedError?: string;
  diagnostics: Diagnostic[];
  threw?: unknown;
  diff: string[];
  functions: number;
  output?: LoadedTemplate;
}

export function corpusAvailable(): boolean {
  return existsSync(join(CORPUS, 'input'));
}

export function loadInput(name: string): LoadedTemplate {
  const file = `input/${name}.yaml`;
  const parsed = parseYaml(readFileSync(join(CORPUS, file), 'utf8'), file);
  const locations = parsed.locations;
  return { file, format: 'sam', body: parsed.value as JsonObject, locate: (p) => locations.locate(p) };
}

export function runCorpus(filter?: (name: string) => boolean): CaseResult[] {
  const templates = loadSamPolicyTemplates();
  const names = readdirSync(join(CORPUS, 'input')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  const results: CaseResult[] = [];
  for (const name of names) {
    if (filter && !filter(name)) continue;
    const outFile = join(CORPUS, 'output', `${name}.json`);
    // One input has no expected output in the corpus; it cannot be compared.
    if (!existsSync(outFile)) continue;
    const expected = JSON.parse(readFileSync(outFile, 'utf8')) as JsonObject;
    const error = name.startsWith('error_');
    const diagnostics: Diagnostic[] = [];
    const res: CaseResult = { name, error, diagnostics, diff: [], functions: 0 };
    if (error) res.expectedError = String(expected['errorMessage'] ?? '');
    try {
      const input = loadInput(name);
      const out = expandSam(input, { policyTemplates: templates }, diagnostics);
      res.output = out;
      if (!error) {
        const want = functionFacts(expected);
        res.functions = Object.keys(want).length;
        res.diff = diffFacts(want, functionFacts(out.body));
      }
    } catch (e) {
      res.threw = e;
    }
    results.push(res);
  }
  return results;
}
