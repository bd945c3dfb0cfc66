/**
 * All loaders behind one call: discover the files under a root and turn each into
 * CloudFormation-shaped LoadedTemplates. Every failure is a diagnostic; nothing throws.
 */
import type { Diagnostic, LoadedTemplate } from '../model/types.js';
import { DEFAULT_FILE_LIMITS, discover, type FileLimits } from './files.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './cloudformation/parse.js';
import { loadCloudFormation } from './cloudformation/load.js';
import { expandSam, loadSamPolicyTemplates, type SamPolicyTemplates } from './sam/expand.js';

export interface LoadAllOptions {
  root: string;
  files?: Partial<FileLimits>;
  parse?: Partial<ParseLimits>;
}

export interface LoadAllResult {
  templates: LoadedTemplate[];
  diagnostics: Diagnostic[];
}

let samPolicyTemplates: SamPolicyTemplates | null = null;
function samTemplates(): SamPolicyTemplates {
  return (samPolicyTemplates ??= loadSamPolicyTemplates());
}

export function loadAll(options: LoadAllOptions): LoadAllResult {
  const diagnostics: Diagnostic[] = [];
  const files = { ...DEFAULT_FILE_LIMITS, ...options.files };
  const parse = { ...DEFAULT_PARSE_LIMITS, ...options.parse };
  const templates: LoadedTemplate[] = [];
  for (const c of discover(options.root, diagnostics)) {
    try {
      if (c.kind === 'cloudformation') {
        const t = loadCloudFormation(c, { files, parse }, diagnostics);
        if (t) templates.push(t.format === 'sam' ? expandSam(t, { policyTemplates: samTemplates() }, diagnostics) : t);
      }
    } catch (err) {
      diagnostics.push({ level: 'error', code: 'internal-error', message: `${c.file}: could not be loaded (${(err as Error).message})`, location: { file: c.file, line: 1, column: 1 } });
    }
  }
  return { templates, diagnostics };
}
