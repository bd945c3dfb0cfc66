/**
 * Stacks as name spaces. Every template (a CloudFormation/SAM template, a Serverless service, a
 * Terraform root module, a CDK stack) resolves its references inside itself; a name or ARN reaches
 * another stack only when no resource of its own stack has it and exactly one other stack declares
 * it (a cross-stack link, recorded). `Fn::ImportValue` and SSM parameter reads are linked to the
 * exports and parameters other stacks of the scan write.
 */
import type { CrossStackLink, Diagnostic, DocPath, JsonValue, SourceLocation } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type CrossStackValues, type Resolver, type RValue } from './resolve.js';

/**
 * Of the nodes that carry one name or ARN, those a reference from `stack` designates: the stack's
 * own, else the one other stack's that declares it; none when several other stacks do. What
 * `Directory.find` does for the builder, for analyses that hold the nodes in lists.
 */
export function designated<T extends { stack: string }>(nodes: readonly T[], stack: string): T[] {
  const own = nodes.filter((n) => n.stack === stack);
  if (own.length > 0 || nodes.length === 0) return own;
  const other = nodes[0]!.stack;
  return nodes.every((n) => n.stack === other) ? [...nodes] : [];
}

/** Names (physical names, ARNs, URLs) of one kind of node, looked up from a stack. */
export class Directory<T> {
  private readonly local = new Map<string, T>();
  private readonly global = new Map<string, Map<string, T>>();

  add(stack: string, key: string, node: T): void {
    const lk = `${stack}\u0000${key}`;
    if (!this.local.has(lk)) this.local.set(lk, node);
    let g = this.global.get(key);
    if (!g) this.global.set(key, (g = new Map()));
    if (!g.has(stack)) g.set(stack, node);
  }

  /** The node of `stack` with this name, else the one other stack's (none when several declare it). */
  find(stack: string, key: string): { node: T; stack: string } | null {
    const own = this.local.get(`${stack}\u0000${key}`);
    if (own !== undefined) return { node: own, stack };
    const g = this.global.get(key);
    if (!g || g.size !== 1) return null;
    const [entry] = g;
    return { node: entry![1], stack: entry![0] };
  }

  /** Names several stacks declare, with the stacks (sorted). */
  collisions(): [string, string[]][] {
    const out: [string, string[]][] = [];
    for (const [key, g] of this.global) if (g.size > 1) out.push([key, [...g.keys()].sort()]);
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}

interface Provided {
  resolver: Resolver;
  value: JsonValue;
  path: DocPath;
}

/** Exports and SSM parameters of the scan's stacks, and the links made to them. */
export class CrossStack implements CrossStackValues {
  private readonly exports = new Map<string, Provided[]>();
  private readonly parameters = new Map<string, Provided[]>();
  private readonly busy = new Set<string>();
  private readonly linkKeys = new Set<string>();
  /** `from \0 value` of values imported through an export or a parameter. */
  private readonly imported = new Set<string>();
  readonly links: CrossStackLink[] = [];

  constructor(private readonly diagnostics: Diagnostic[]) {}

  /** Reads every stack's `Outputs.*.Export.Name` and `AWS::SSM::Parameter` names. */
  index(resolvers: readonly Resolver[]): void {
    for (const r of resolvers) {
      for (const [key, raw] of Object.entries(asObject(r.template.body['Outputs']))) {
        const out = asObject(raw);
        const exp = asObject(out['Export'])['Name'];
        if (exp === undefined || out['Value'] === undefined) continue;
        const name = r.str(exp, ['Outputs', key, 'Export', 'Name']);
        if (typeof name === 'string') push(this.exports, name, { resolver: r, value: out['Value'], path: ['Outputs', key, 'Value'] });
      }
      for (const [id, raw] of Object.entries(asObject(r.template.body['Resources']))) {
        const res = asObject(raw);
        const props = asObject(res['Properties']);
        if (res['Type'] !== 'AWS::SSM::Parameter' || props['Name'] === undefined || props['Value'] === undefined) continue;
        const name = r.str(props['Name'], ['Resources', id, 'Properties', 'Name']);
        if (typeof name === 'string') push(this.parameters, name, { resolver: r, value: props['Value'], path: ['Resources', id, 'Properties', 'Value'] });
      }
    }
  }

  importValue(name: string, from: string): RValue | undefined {
    return this.provided(this.exports, 'import-value', name, from);
  }

  ssmParameter(name: string, from: string): RValue | undefined {
    return this.provided(this.parameters, 'ssm-parameter', name, from);
  }

  /** Records a link (once) and says so in an info diagnostic at `at`. */
  link(kind: CrossStackLink['kind'], from: string, to: string, name: string, at: SourceLocation): void {
    const key = `${kind}\u0000${from}\u0000${to}\u0000${name}`;
    if (from === to || this.linkKeys.has(key)) return;
    // A name that arrived through an import or a parameter is that link, not another one.
    if (kind === 'physical-name' && this.imported.has(`${from}\u0000${name}`)) return;
    this.linkKeys.add(key);
    this.links.push({ kind, from, to, name });
    const what = kind === 'import-value' ? `imports '${name}', exported by` : kind === 'ssm-parameter' ? `reads SSM parameter '${name}', written by` : `refers to '${name}', declared by`;
    this.diagnostics.push({ level: 'info', code: 'cross-stack-link', message: `${at.file}:${at.line}: ${from} ${what} ${to} (a cross-stack link)`, location: at });
  }

  sortedLinks(): CrossStackLink[] {
    const k = (l: CrossStackLink) => `${l.from}\u0000${l.to}\u0000${l.kind}\u0000${l.name}`;
    return [...this.links].sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
  }

  private provided(table: Map<string, Provided[]>, kind: CrossStackLink['kind'], name: string, from: string): RValue | undefined {
    const list = (table.get(name) ?? []).filter((p) => p.resolver.template.file !== from);
    const stacks = new Set(list.map((p) => p.resolver.template.file));
    if (stacks.size !== 1) return stacks.size > 1 ? unresolved(`${kind === 'import-value' ? 'export' : 'SSM parameter'} '${name}' is declared by ${stacks.size} stacks of the scan (${[...stacks].sort().join(', ')})`) : undefined;
    const p = list[0]!;
    const key = `${kind}\u0000${name}`;
    if (this.busy.has(key)) return unresolved(`'${name}' depends on itself across stacks`);
    this.busy.add(key);
    const v = p.resolver.resolve(p.value, p.path);
    this.busy.delete(key);
    this.link(kind, from, p.resolver.template.file, name, p.resolver.template.locate(p.path.slice(0, -1)));
    if (typeof v === 'string') this.imported.add(`${from}\u0000${v}`);
    // A logical id means something only in its own template.
    return isUnresolved(v) ? unresolved(v.reason, v.pattern) : v;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
