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

/** One comparison of a version requirement (`>=1.2.0`); `=` is an exact version. */
export interface VersionComparator {
  op: '<' | '<=' | '>' | '>=' | '=';
  version: string;
}

/**
 * A dependency declared with a version range and no lockfile to say which version is installed
 * (`package.json` `^4.17.0`, `requirements.txt` `requests>=2.20,<3`, a NuGet or Maven range).
 * `ranges` is a union (`||`) of intersections: the versions allowed are those that satisfy every
 * comparator of at least one inner list.
 */
export interface RangedDependency {
  name: string;
  /** The requirement as written. */
  spec: string;
  ecosystem: Ecosystem;
  ranges: VersionComparator[][];
  location: SourceLocation;
}

export interface Manifest {
  /** Root-relative POSIX path of the lockfile / requirements file. */
  file: string;
  ecosystem: Ecosystem;
  dependencies: Dependency[];
  unpinned: UnpinnedDependency[];
  /** Ranges without a lockfile; empty when a lockfile of the same ecosystem serves the function. */
  ranged?: RangedDependency[];
  /** A lockfile (exact installed versions); false for a manifest of requirements that a lockfile replaces (`package.json`). */
  lock?: boolean;
  /** Set when the manifest comes from a layer's content folder: the layer's logical id. */
  layer?: string;
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
  /** When the snapshot was downloaded (ISO date), when it says (`nightlight advisories update` records it). */
  date?: string | null;
  /** The ecosystems the snapshot covers, when it says. */
  ecosystems?: string[];
}

/** PEP 503 name normalisation for PyPI, NuGet ids without case; other names are exact. */
export function normalizeName(ecosystem: string, name: string): string {
  const e = ecosystem.toLowerCase();
  if (e === 'pypi') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (e === 'nuget') return name.toLowerCase();
  return name;
}

/** The ecosystem as this model spells it (OSV's `PyPI` compares without case). */
export function ecosystemKey(ecosystem: string): string {
  return ecosystem.toLowerCase() === 'pypi' ? 'PyPI' : ecosystem;
}
