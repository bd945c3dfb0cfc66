/**
 * `nightlight diff <base> [head]`: what a change did to the attack surface, permissions, cost
 * ceilings and findings. Base and head are git revisions of the scanned repository or saved JSON
 * reports; head defaults to the working tree. `--fail-on` applies to what the change introduced.
 */
import { resolve as resolvePath } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Severity } from '../model/findings.js';
import { runDiff } from '../diff/run.js';
import { DiffInputError } from '../diff/git.js';
import { introducesAtOrAbove } from '../diff/compare.js';
import { renderDiffJson, renderDiffMarkdown, renderDiffSarif, renderDiffTerminal } from '../diff/render.js';
import type { DiffResult } from '../diff/types.js';
import type { CliIo } from './io.js';
import { repositoryPrefix } from './paths.js';
import { dict } from '../model/types.js';

export const DIFF_FORMATS = ['terminal', 'json', 'markdown', 'sarif'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffCliOptions {
  format: DiffFormat;
  output?: string;
  /** Also write the Markdown summary here (a PR comment body, $GITHUB_STEP_SUMMARY). */
  markdownOutput?: string;
  /** Also write SARIF with the new findings here. */
  sarifOutput?: string;
  failOn: Severity | 'never';
  param: string[];
  stage?: string;
  region?: string;
  config?: string;
  /** The directory scanned on each side. */
  dir: string;
  color: boolean;
  /** False with `--no-cache`. */
  cache?: boolean;
}

function parseParams(values: readonly string[]): Record<string, string> | string {
  const out: Record<string, string> = dict();
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) return `--param expects Key=Value, got "${v}"`;
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

export function renderDiff(diff: DiffResult, format: DiffFormat, color: boolean, pathPrefix = ''): string {
  switch (format) {
    case 'json':
      return renderDiffJson(diff);
    case 'markdown':
      return renderDiffMarkdown(diff);
    case 'sarif':
      return renderDiffSarif(diff, { pathPrefix });
    default:
      return renderDiffTerminal(diff, { color });
  }
}

export async function runDiffCommand(base: string, head: string | undefined, opts: DiffCliOptions, io: CliIo): Promise<number> {
  const params = parseParams(opts.param);
  if (typeof params === 'string') {
    io.stderr(`nightlight: ${params}\n`);
    return 2;
  }
  let diff: DiffResult;
  try {
    diff = await runDiff({
      base,
      ...(head !== undefined ? { head } : {}),
      root: opts.dir,
      // Both revisions share the working tree's cache: files unchanged between them are parsed once.
      analyze: { params, ...(opts.region ? { region: opts.region } : {}), ...(opts.stage ? { stage: opts.stage } : {}), ...(opts.cache !== false ? { cache: { dir: resolvePath(opts.dir, '.nightlight', 'cache'), inside: resolvePath(opts.dir) } } : {}) },
      ...(opts.config !== undefined ? { configFile: opts.config } : {}),
    });
  } catch (err) {
    if (err instanceof DiffInputError) {
      io.stderr(`nightlight: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  return writeDiff(diff, opts, io, repositoryPrefix(opts.dir));
}

/** Prints or writes a diff (or drift) in the chosen format and the extra outputs; returns the exit code. */
export function writeDiff(diff: DiffResult, opts: Pick<DiffCliOptions, 'format' | 'output' | 'markdownOutput' | 'sarifOutput' | 'failOn' | 'color'>, io: CliIo, pathPrefix = ''): number {
  const color = opts.color && io.isTty && !opts.output && !io.env['NO_COLOR'];
  const text = renderDiff(diff, opts.format, color, pathPrefix);
  if (opts.output) writeFileSync(opts.output, text);
  else io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  if (opts.markdownOutput) writeFileSync(opts.markdownOutput, renderDiffMarkdown(diff));
  if (opts.sarifOutput) writeFileSync(opts.sarifOutput, renderDiffSarif(diff, { pathPrefix }));
  return introducesAtOrAbove(diff, opts.failOn) ? 1 : 0;
}
