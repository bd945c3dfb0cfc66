/**
 * What the dependency loader (`loaders/dependencies.ts`) reads for the dependency analysis
 * (`analyses/code/dependencies.ts`): each function's pinned packages and an OSV advisory snapshot.
 */
import type { SourceLocation } from './types.js';

export type Ecosystem = 'npm' | 'PyPI' | 'RubyGems' | 'Go' | 'NuGet' | 'Maven';

export interface Dependency {
  name: string;
  version: string;
  ecosystem: Ecosystem;
  /** Where the package is written in the manifest. */
  location: SourceLocation;
}

export interface UnpinnedDependency {
  name: string;
  /** The requirement as written (`requests>=2`, `-e git+https://...`). */
  spec: string;
  location: SourceLocation;
}

export interface Manifest {
  /** Root-relative POSIX path of the lockfile / requirements file. */
  file: string;
  ecosystem: Ecosystem;
  dependencies: Dependency[];
  unpinned: UnpinnedDependency[];
}

export interface FunctionDependencies {
  functionId: string;
  manifests: Manifest[];
}

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  events: OsvEvent[];
}

export interface OsvAffected {
  ecosystem: string;
  name: string;
  ranges: OsvRange[];
  versions: string[];
}

export interface Advisory {
  id: string;
  aliases: string[];
  summary: string;
  /** `database_specific.severity` as written (GitHub: LOW / MODERATE / HIGH / CRITICAL). */
  databaseSeverity: string | null;
  /** `severity[].score`: CVSS vectors or numeric scores. */
  cvss: string[];
  affected: OsvAffected[];
  /** Root-relative (or as given) file the record came from. */
  file: string;
}

export interface AdvisorySnapshot {
  /** The folder, as shown to the user. */
  dir: string;
  advisories: Advisory[];
}
