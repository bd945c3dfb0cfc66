/**
 * `scan --live` and `drift --live`: the only commands that use the network, and only these
 * read-only AWS calls (docs/live.md). Credentials come from the standard AWS chain (environment,
 * shared files and `--profile`, SSO, web identity, container and instance roles).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze, type AnalyzeOptions } from '../api.js';
import type { RunResult } from '../engine/result.js';
import { loadLive, liveTemplateText, type LiveOptions } from '../loaders/live/index.js';
import { runDrift } from '../diff/drift.js';
import { DiffInputError } from '../diff/git.js';
import type { CliIo } from './io.js';
import { writeDiff, type DiffFormat } from './diff.js';
import type { Severity } from '../model/findings.js';

export interface LiveCliOptions {
  profile?: string;
  regions: string[];
  withCode?: boolean;
  /** Write the templates read from the account here (findings point at their lines). */
  saveTemplates?: string;
}

/** A progress line on stderr: rewritten in place on a terminal, a few plain lines otherwise. */
export function progressReporter(io: CliIo): { update: (m: string) => void; done: () => void } {
  const tty = io.stderrIsTty === true;
  let last = 0;
  let shown = false;
  let region = '';
  return {
    update(message: string) {
      if (tty) {
        const now = Date.now();
        if (now - last < 100) return;
        last = now;
        io.stderr(`\r\x1b[2Knightlight: reading the account: ${message}`);
        shown = true;
        return;
      }
      const r = message.split(':')[0] ?? '';
      if (r !== region) {
        region = r;
        io.stderr(`nightlight: reading the account in ${r}...\n`);
      }
    },
    done() {
      if (tty && shown) io.stderr('\r\x1b[2K');
    },
  };
}

function liveOptions(opts: LiveCliOptions, progress: (m: string) => void): LiveOptions {
  return { regions: opts.regions, ...(opts.profile ? { profile: opts.profile } : {}), ...(opts.withCode ? { withCode: true } : {}), progress };
}

function saveTemplates(dir: string, result: { templates: { file: string }[] }): void {
  for (const t of result.templates) {
    const text = liveTemplateText(t as never);
    if (text === null) continue;
    const target = join(dir, t.file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** `scan --live`: the account instead of a directory. */
export async function runLiveScan(opts: LiveCliOptions, analyzeOptions: Omit<AnalyzeOptions, 'root' | 'loaded'>, io: CliIo): Promise<RunResult> {
  const progress = progressReporter(io);
  const live = await loadLive(liveOptions(opts, progress.update));
  progress.done();
  try {
    if (opts.saveTemplates) saveTemplates(opts.saveTemplates, live);
    return await analyze({ ...analyzeOptions, ...(opts.regions[0] ? { region: opts.regions[0] } : {}), accountId: live.accountId, root: live.codeRoot, loaded: { templates: live.templates, diagnostics: live.diagnostics } });
  } finally {
    live.cleanup();
  }
}

export interface DriftCliOptions extends LiveCliOptions {
  dir: string;
  stack: string[];
  format: DiffFormat;
  output?: string;
  markdownOutput?: string;
  sarifOutput?: string;
  failOn: Severity | 'never';
  params: Record<string, string>;
  stage?: string;
  config?: string;
  color: boolean;
}

export async function runDriftCommand(opts: DriftCliOptions, io: CliIo): Promise<number> {
  const progress = progressReporter(io);
  let diff;
  try {
    diff = await runDrift({
      root: opts.dir,
      live: liveOptions(opts, progress.update),
      stacks: opts.stack,
      analyze: { params: opts.params, ...(opts.stage ? { stage: opts.stage } : {}) },
      ...(opts.config !== undefined ? { configFile: opts.config } : {}),
    });
  } catch (err) {
    progress.done();
    if (err instanceof DiffInputError) {
      io.stderr(`nightlight: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  progress.done();
  return writeDiff(diff, opts, io);
}
