/**
 * CloudFormation-shaped templates (plain, SAM-expanded, Serverless-compiled, Terraform-mapped) into
 * one AppModel. Every loader ends here, so SAM and the CloudFormation it expands into give the same
 * model by construction.
 */
import { linkImageRepositories, linkKeys } from './resource-links.js';
import type {
  AppModel,
  DeclaredOwner,
  DeclaredSuppression,
  Diagnostic,
  DocPath,
  LoadedTemplate,
  SourceLocation,
  } from './types.js';
import { isUnresolved } from './types.js';
import { Resolver, asObject, DEFAULT_ACCOUNT, DEFAULT_REGION, type RValue, type RObject } from './resolve.js';
import { buildEntryPoints } from './entries.js';
import { buildIdentities } from './identities.js';
import { addUserPoolFacts } from './cognito.js';
import { API_POSTURE_TYPES, applyApiPosture } from './api-posture.js';
import { CrossStack } from './stacks.js';
import { applyDistributions, frontDoors } from './distributions.js';
import { buildModuleCalls } from './modules.js';
import { IdAllocator, ModelBuilder, type Stack, type StackResource } from './builder.js';

export interface BuildOptions {
  params?: Record<string, string>;
  region?: string;
  accountId?: string;
  partition?: string;
}

/** File names that say nothing of their stack: the folder names it instead. */
const GENERIC_FILE = /^(template|templates|serverless|main|cloudformation|cfn|stack|sam)$/i;

/**
 * The stack name a template gets: its file's name (`orders.yaml`, `Orders.template.json`), or its
 * folder's when the file name is generic (`template.yaml`, `serverless.yml`) or the template is a
 * Terraform module (a folder). Only the path inside the scanned folder counts, so the name does not
 * change with where a checkout sits (diff compares two checkouts in temporary folders).
 */
export function stackName(file: string): string {
  const parts = file.split('/').filter((p) => p !== '' && p !== '.');
  const last = (parts[parts.length - 1] ?? '').replace(/(\.template)?\.[^.]+$/i, '');
  const folderName = !/\.[^./]+$/.test(file) && parts.length > 0;
  const base = (folderName ? parts[parts.length - 1] : GENERIC_FILE.test(last) && parts.length > 1 ? parts[parts.length - 2] : last) || 'stack';
  return base.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 128) || 'stack';
}

export function stackNames(files: readonly string[]): string[] {
  const base = files.map(stackName);
  const count = new Map<string, number>();
  for (const n of base) count.set(n, (count.get(n) ?? 0) + 1);
  const used = new Set<string>();
  return files.map((file, i) => {
    let name = count.get(base[i]!)! > 1 ? file.replace(/\.[^./]+$/, '').replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(-120) || 'stack' : base[i]!;
    for (let k = 2; used.has(name); k++) name = `${base[i]}-${k}`;
    used.add(name);
    return name;
  });
}

export function buildModel(templates: LoadedTemplate[], options: BuildOptions, diagnostics: Diagnostic[]): AppModel {
  const resolveOptions = {
    params: options.params ?? {},
    region: options.region ?? DEFAULT_REGION,
    accountId: options.accountId ?? DEFAULT_ACCOUNT,
    partition: options.partition ?? 'aws',
  };
  const names = stackNames(templates.map((t) => t.file));
  const crossStack = new CrossStack(diagnostics);
  // A live stack has its real name, region and account; a Serverless service deploys to its
  // provider.region (or --region, folded in by its loader).
  const resolvers = templates.map((t, i) => {
    const deployed = t.deployed ? { stackName: t.deployed.stackName, region: t.deployed.region, accountId: t.deployed.accountId } : { ...(t.region ? { region: t.region } : {}), stackName: names[i]! };
    return new Resolver(t, { ...resolveOptions, ...deployed, crossStack }, diagnostics);
  });
  // Exports and written SSM parameters first: a stack's properties may import them.
  crossStack.index(resolvers);
  const stacks: Stack[] = templates.map((t, i) => {
    const resolver = resolvers[i]!;
    const resources = new Map<string, StackResource>();
    for (const [logicalId, raw] of Object.entries(asObject(t.body['Resources']))) {
      const res = asObject(raw);
      const type = typeof res['Type'] === 'string' ? res['Type'] : '';
      if (!type) {
        const loc = t.locate(['Resources', logicalId]);
        diagnostics.push({ level: 'warning', code: 'invalid-resource', message: `${loc.file}:${loc.line}: resource ${logicalId} has no Type`, location: loc });
        continue;
      }
      const cond = resolver.resourceCondition(logicalId);
      if (cond === false) continue;
      const path = ['Resources', logicalId, 'Properties'];
      const resolved = resolver.resolve(res['Properties'] ?? {}, path);
      const props = resolved && typeof resolved === 'object' && !Array.isArray(resolved) && !isUnresolved(resolved) ? (resolved as RObject) : {};
      const entry: StackResource = { logicalId, type, props, path, metadata: asObject(res['Metadata']) };
      if (cond !== true) entry.condition = typeof res['Condition'] === 'string' ? res['Condition'] : 'unknown';
      resources.set(logicalId, entry);
    }
    return { template: t, resolver, resources };
  });

  const ids = new IdAllocator(stacks);
  const b = new ModelBuilder(stacks, ids, resolveOptions.accountId, diagnostics, crossStack);
  b.functions();
  b.roles();
  b.resources();
  b.permissions();
  linkImageRepositories(b);
  linkKeys(b);
  addUserPoolFacts(b);
  applyApiPosture(
    [...b.ofType(...API_POSTURE_TYPES)].map(([s, r]) => ({ stack: s.template.file, logicalId: r.logicalId, type: r.type, props: r.props, at: (path: DocPath) => b.locate(s, path.length ? [...r.path, ...path] : ['Resources', r.logicalId]) })),
    b.resourceNodes,
    (file, logicalId) => {
      const s = stacks.find((x) => x.template.file === file);
      return s ? b.resourceByLogical(s, logicalId) : null;
    },
  );
  applyDistributions(b);
  const entryPoints = buildEntryPoints(b);
  entryPoints.push(...frontDoors(b, entryPoints));
  const model: AppModel = {
    inputs: templates.map((t) => ({ file: t.file, format: t.format })),
    functions: b.fns,
    roles: b.roleNodes,
    resources: b.resourceNodes,
    entryPoints,
    edges: b.edges,
    diagnostics,
  };
  for (const ep of entryPoints) {
    for (const target of ep.targets) model.edges.push({ kind: 'triggers', from: ep.source ?? ep.id, to: target, entryPoint: ep.id, location: ep.location });
  }
  const identities = buildIdentities(b);
  if (identities.identities.length) model.identities = identities.identities;
  if (identities.managedPolicies.length) model.managedPolicies = identities.managedPolicies;
  if (Object.keys(identities.instanceProfiles).length) model.instanceProfiles = identities.instanceProfiles;
  const suppressions = declaredSuppressions(stacks, ids);
  if (suppressions.length) model.suppressions = suppressions;
  const owners = declaredOwners(stacks, ids, diagnostics);
  if (owners.length) model.declaredOwners = owners;
  b.reportCollisions();
  const modules = buildModuleCalls(b);
  if (modules.length) model.modules = modules;
  const links = crossStack.sortedLinks();
  if (links.length) model.crossStackLinks = links;
  sortModel(model);
  return model;
}
/** Metadata blocks that declare suppressions, and the list key inside each. */
const SUPPRESSION_BLOCKS: readonly [DeclaredSuppression['tool'], string][] = [
  ['nightlight', 'ignore'],
  ['cfn_nag', 'rules_to_suppress'],
  ['cdk_nag', 'rules_to_suppress'],
  // Checkov's CloudFormation form: `Metadata: { checkov: { skip: [{ id: CKV_AWS_116, comment: why }] } }`.
  ['checkov', 'skip'],
];

/** Suppressions written in resources' Metadata, as written; the engine matches them to findings. */
function declaredSuppressions(stacks: Stack[], ids: IdAllocator): DeclaredSuppression[] {
  const out: DeclaredSuppression[] = [];
  for (const s of stacks) {
    for (const r of s.resources.values()) {
      for (const [tool, listKey] of SUPPRESSION_BLOCKS) {
        const block = r.metadata[tool];
        if (!block || typeof block !== 'object' || Array.isArray(block)) continue;
        const raw = block[listKey];
        if (raw === undefined) continue;
        const list = Array.isArray(raw) ? raw : [raw];
        list.forEach((item, i) => {
          const path = Array.isArray(raw) ? ['Resources', r.logicalId, 'Metadata', tool, listKey, i] : ['Resources', r.logicalId, 'Metadata', tool, listKey];
          const o = item && typeof item === 'object' && !Array.isArray(item) ? item : { id: item };
          const id = typeof o['id'] === 'string' ? o['id'].trim() : typeof o['id'] === 'number' ? String(o['id']) : '';
          const why = o['reason'] ?? (tool === 'checkov' ? o['comment'] : undefined);
          const reason = typeof why === 'string' && why.trim() !== '' ? why.trim() : null;
          const d: DeclaredSuppression = { resource: ids.id(s, r.logicalId), tool, id, reason, location: s.template.locate(path) };
          const applies = o['applies_to'] ?? o['appliesTo'] ?? o['keys'];
          if (Array.isArray(applies)) {
            const keys: string[] = [];
            for (const a of applies) {
              if (typeof a === 'string') keys.push(a);
              else if (a && typeof a === 'object' && !Array.isArray(a) && typeof a['regex'] === 'string') keys.push(`regex:${a['regex']}`);
            }
            if (keys.length) d.appliesTo = keys;
          }
          out.push(d);
        });
      }
    }
  }
  return out.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || a.id.localeCompare(b.id));
}

/** Tag keys that name an element's owner, strongest first (compared case-insensitively; docs/owners.md). */
export const OWNER_TAG_KEYS = ['nightlight:owner', 'owner', 'team'] as const;

/**
 * Owners declared on resources: `Metadata: { nightlight: { owner } }` (a string or a list), else
 * the first owner tag (OWNER_TAG_KEYS) among the resource's `Tags` (a list of Key/Value pairs, or
 * a map as SAM, Serverless and Terraform write them). A value that does not resolve is a warning
 * and declares nothing (the file's owner applies).
 */
function declaredOwners(stacks: Stack[], ids: IdAllocator, diagnostics: Diagnostic[]): DeclaredOwner[] {
  const out: DeclaredOwner[] = [];
  const unresolvedOwner = (at: SourceLocation, what: string) =>
    diagnostics.push({ level: 'warning', code: 'owner-unresolved', message: `${at.file}:${at.line}: ${what} could not be resolved; the owner of the file that declares the resource applies`, location: at });
  for (const s of stacks) {
    for (const r of s.resources.values()) {
      const id = ids.id(s, r.logicalId);
      const block = r.metadata['nightlight'];
      const meta = block && typeof block === 'object' && !Array.isArray(block) ? block['owner'] : undefined;
      if (meta !== undefined) {
        const path = ['Resources', r.logicalId, 'Metadata', 'nightlight', 'owner'];
        const list = (Array.isArray(meta) ? meta : [meta]).filter((o): o is string => typeof o === 'string' && o.trim() !== '').map((o) => o.trim());
        if (list.length > 0) {
          out.push({ resource: id, owners: list, source: 'metadata', key: 'nightlight.owner', location: s.template.locate(path) });
          continue;
        }
        unresolvedOwner(s.template.locate(path), 'Metadata nightlight.owner');
      }
      const tags = ownerTag(r.props['Tags']);
      if (!tags) continue;
      const at = s.template.locate([...r.path, 'Tags', ...tags.path]);
      if (typeof tags.value === 'string' && tags.value.trim() !== '') out.push({ resource: id, owners: [tags.value.trim()], source: 'tag', key: tags.key, location: at });
      else unresolvedOwner(at, `tag ${tags.key}`);
    }
  }
  return out.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
}

/** The strongest owner tag of a `Tags` value: its key as written, its value and its path under Tags. */
function ownerTag(tags: RValue | undefined): { key: string; value: RValue; path: (string | number)[] } | null {
  const found: { key: string; value: RValue; path: (string | number)[]; rank: number }[] = [];
  const consider = (key: unknown, value: RValue, path: (string | number)[]) => {
    if (typeof key !== 'string') return;
    const rank = (OWNER_TAG_KEYS as readonly string[]).indexOf(key.toLowerCase());
    if (rank >= 0) found.push({ key, value, path, rank });
  };
  if (Array.isArray(tags)) {
    tags.forEach((t, i) => {
      const o = t && typeof t === 'object' && !Array.isArray(t) && !isUnresolved(t) ? (t as RObject) : null;
      if (o) consider(o['Key'], o['Value'] ?? null, [i, 'Value']);
    });
  } else if (tags && typeof tags === 'object' && !isUnresolved(tags)) {
    for (const [k, v] of Object.entries(tags as RObject)) consider(k, v, [k]);
  }
  found.sort((a, b) => a.rank - b.rank);
  return found[0] ?? null;
}

function sortModel(m: AppModel): void {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  m.functions.sort(byId);
  m.roles.sort(byId);
  m.resources.sort(byId);
  m.entryPoints.sort(byId);
  m.edges.sort((a, b) => {
    const ka = `${a.kind}|${a.from}|${a.to}|${a.entryPoint ?? ''}`;
    const kb = `${b.kind}|${b.from}|${b.to}|${b.entryPoint ?? ''}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const f of m.functions) f.permissions.sort((a, b) => (a.resourceId < b.resourceId ? -1 : 1));
}
