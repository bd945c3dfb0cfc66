/**
 * Terraform module calls (issue 22, Checkov CKV_TF_1/2): the loader writes each call of the scanned
 * configuration as a resource of type `MODULE_CALL_TYPE` with its `Source`, `Version` and whether
 * its files were read (`Loaded`); here they become `ModuleCall`s, with the source classified as
 * Terraform's "Module Sources" documentation does and the functions and roles of the model the
 * module defines (by address prefix). Pure.
 */
import type { Maybe, ModuleCall } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import type { ModelBuilder } from './builder.js';
import { displayName } from './builder.js';
import { cmp } from './order.js';

export const MODULE_CALL_TYPE = 'Nightlight::Terraform::Module';

/** `<namespace>/<name>/<provider>`, or with a registry host first (`app.terraform.io/org/name/aws`); `//subdir` allowed. */
const REGISTRY = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+\/)?[A-Za-z0-9][\w-]*\/[A-Za-z0-9][\w-]*\/[A-Za-z0-9][\w-]*(?:\/\/.*)?$/;
const GIT = /^(?:git::|git@|github\.com\/|bitbucket\.org\/)|\.git(?:\/\/[^?]*)?(?:\?.*)?$/;

/** Where a module source points (Terraform: local paths, registry addresses, Git; the rest are archives, buckets, Mercurial). */
export function sourceOrigin(source: string): ModuleCall['origin'] {
  if (source.startsWith('./') || source.startsWith('../')) return 'local';
  if (GIT.test(source)) return 'git';
  if (!/^[a-z0-9]+::/.test(source) && !/^https?:\/\//.test(source) && REGISTRY.test(source)) return 'registry';
  return 'other';
}

/** The `ref=` argument of a Git source. */
export function gitRef(source: string): string | null {
  const q = source.indexOf('?');
  if (q < 0) return null;
  for (const part of source.slice(q + 1).split('&')) if (part.startsWith('ref=')) return decodeURIComponent(part.slice(4)) || null;
  return null;
}

export function buildModuleCalls(b: ModelBuilder): ModuleCall[] {
  const out: ModuleCall[] = [];
  for (const [s, r] of b.ofType(MODULE_CALL_TYPE)) {
    const id = displayName(r);
    const raw = r.props['Source'];
    const source: Maybe<string> = typeof raw === 'string' ? raw : isUnresolved(raw) ? raw : unresolved('the module call has no source');
    const v = r.props['Version'];
    const version: Maybe<string> | null = v === undefined || v === null ? null : isUnresolved(v) ? v : String(v);
    const inside = (x: string) => x.startsWith(`${id}.`);
    out.push({
      id,
      stack: s.template.file,
      source,
      origin: isUnresolved(source) ? 'unresolved' : sourceOrigin(source),
      version,
      ref: typeof source === 'string' ? gitRef(source) : null,
      loaded: r.props['Loaded'] === true,
      defines: {
        functions: b.fns.filter((f) => f.stack === s.template.file && inside(f.id)).map((f) => f.id).sort(cmp),
        roles: b.roleNodes.filter((x) => x.defined && inside(x.id)).map((x) => x.id).sort(cmp),
      },
      location: b.locate(s, r.props['Source'] === undefined ? ['Resources', r.logicalId] : [...r.path, 'Source']),
    });
  }
  return out.sort((x, y) => cmp(x.id, y.id));
}
