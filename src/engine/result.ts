/** The run result: what `analyze()` returns and every reporter reads. */
import type { AppModel, Diagnostic, InputFile } from '../model/types.js';
import type { Finding } from '../model/findings.js';
import type { Analyses } from '../analyses/index.js';
import type { Coverage } from './coverage.js';

export interface RunResult {
  schemaVersion: 1;
  tool: { name: 'nightlight'; version: string };
  /** The scanned directory, as given (not part of the JSON report). */
  root: string;
  model: AppModel;
  findings: Finding[];
  /** Analysis outputs reporters may show (surface table, cost ceilings); absent where a run did not compute them (a diff's SARIF). */
  analyses: Partial<Analyses>;
  diagnostics: Diagnostic[];
  inputs: InputFile[];
  /** What was not analysed, and the input dropped or refused (engine/coverage.ts). */
  coverage?: Coverage;
}

/** What `analyze()` returns: a run with every analysis. */
export interface AnalyzedRun extends RunResult {
  analyses: Analyses;
}
