/**
 * What the surface analysis computes once per run: reachability from entry points through
 * functions and the resources they write to, recursion loops, and blast radius.
 */
import type { PrincipalKind } from '../../model/types.js';

/** One way an entry point reaches a function. `path` lists node ids: entry point, function, resource, function, ... */
export interface Reach {
  entryPoint: string;
  functionId: string;
  path: string[];
  /** 0 = invoked directly by the entry point. */
  depth: number;
}

export interface FunctionExposure {
  entryPoints: string[];
  /** The most exposed principal among the entry points that reach it (public < any-aws-account < ...). */
  weakestPrincipal: PrincipalKind | null;
  /** The entry point that gives the weakest principal. */
  weakestEntryPoint: string | null;
}

export interface RecursionLoop {
  /** Node ids around the cycle, starting and ending at the same function. */
  path: string[];
  /**
   * `code`: every write around the cycle is a call the handler makes (or declared wiring);
   * `iam`: some hop is only what a role allows, on a pattern naming the target, from a function
   * whose code was not read; `iam-star`: some hop comes from a grant on `*` alone.
   */
  certainty: 'code' | 'iam' | 'iam-star';
  /** The hops that are grants only: `Fn: sqs:SendMessage on *`. */
  grants?: string[];
  /** Whether AWS's recursive loop detection stops it (SQS, SNS, Lambda; not S3). */
  awsDetects: boolean;
  reason: string;
}

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface BlastRadius {
  /** service → access levels granted to the reached functions. */
  services: Record<string, AccessLevel[]>;
  /** The most dangerous reachable capability, in words ("iam:PassRole on *"). */
  worst: string | null;
  /**
   * Reached functions whose permissions are not all known (a policy or role the scan could not
   * read), as `<function>: <why>`, sorted. With `worst` null and this empty, the functions hold
   * nothing beyond what they need to run; with this non-empty, what they hold is unknown.
   */
  unknown: string[];
  /** Risk classes (from the IAM risk catalog) reachable. */
  risks: string[];
}

/**
 * A blast radius in words, for the reports: the worst capability, or, when none is known and some
 * reached function's permissions could not be read, that they are unknown (unknown is not
 * nothing); null when the reached functions hold nothing beyond what they need to run.
 */
export function blastRadiusText(br: BlastRadius): string | null {
  if (br.worst !== null) return br.worst;
  if (br.unknown.length === 0) return null;
  const fns = [...new Set(br.unknown.map((u) => u.slice(0, u.indexOf(': ') < 0 ? u.length : u.indexOf(': '))))];
  return `permissions unknown (${fns.join(', ')})`;
}

export interface SurfaceAnalysis {
  reaches: Reach[];
  byFunction: Record<string, FunctionExposure>;
  loops: RecursionLoop[];
  blastRadius: Record<string, BlastRadius>;
}
