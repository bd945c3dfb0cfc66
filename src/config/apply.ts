/**
 * Merging a loaded configuration into analysis options. Pure. What the caller passed explicitly
 * (command-line flags) wins over the config file.
 */
import type { Diagnostic, LoadedTemplate } from '../model/types.js';
import type { EngineOptions } from '../engine/run.js';
import type { CostAssumptionsInput } from '../analyses/cost/types.js';
import type { NightlightConfig } from './schema.js';
import { matchPath } from '../model/glob.js';

export interface ConfigurableOptions {
  params?: Record<string, string>;
  region?: string;
  stage?: string;
  cost?: CostAssumptionsInput;
  engine?: EngineOptions;
  config?: NightlightConfig;
}

export function withConfig<T extends ConfigurableOptions>(options: T): T {
  const c = options.config;
  if (!c) return options;
  const out: T = { ...options };
  out.params = { ...c.parameters, ...(options.params ?? {}) };
  const region = options.region ?? c.region;
  if (region !== undefined) out.region = region;
  const stage = options.stage ?? c.stage;
  if (stage !== undefined) out.stage = stage;
  if (Object.keys(c.cost).length) out.cost = { ...c.cost, ...(options.cost ?? {}) };
  if (Object.keys(c.rules).length) out.engine = { ...(options.engine ?? {}), ruleLevels: { ...c.rules, ...(options.engine?.ruleLevels ?? {}) } };
  if (c.profile !== undefined && options.engine?.profile === undefined) out.engine = { ...(out.engine ?? {}), profile: c.profile };
  return out;
}

/** Whether a repo-relative file is excluded by the config's `ignore` globs. */
export function isIgnored(config: NightlightConfig | undefined, file: string): boolean {
  return !!config && config.ignore.some((g) => matchPath(g, file));
}

/** Drops the templates (and their diagnostics) under ignored paths. */
export function dropIgnored(config: NightlightConfig | undefined, templates: LoadedTemplate[], diagnostics: Diagnostic[]): LoadedTemplate[] {
  if (!config || config.ignore.length === 0) return templates;
  for (let i = diagnostics.length - 1; i >= 0; i--) {
    const f = diagnostics[i]!.location?.file;
    if (f !== undefined && isIgnored(config, f)) diagnostics.splice(i, 1);
  }
  return templates.filter((t) => !isIgnored(config, t.file));
}
