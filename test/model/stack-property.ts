/**
 * The stack property (issue 12): scanning a folder gives the same functions, entry points,
 * permissions and findings as scanning each of its stacks alone, except where a real cross-stack
 * link connects stacks. This helper turns a scan into comparable facts grouped by stack, with every
 * element named by identity (absolute template file + logical id) and every scan-dependent spelling
 * (qualified ids, stack names in default physical names, paths relative to the scanned root)
 * normalised away.
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyze, type RunResult } from '../../src/api.js';
import { stackNames } from '../../src/model/build.js';
import { readReport } from '../../src/diff/report.js';
import { renderJson } from '../../src/reporters/json.js';

export interface StackFacts {
  /** Absolute template file → the facts that belong to it. */
  byStack: Map<string, Set<string>>;
  /** Stacks a cross-stack link touches (absolute files). */
  linked: Set<string>;
  /** Absolute files of the scan's templates. */
  inputs: Set<string>;
  /** The scan's stacks as roots to scan alone. */
  units: string[];
  /** Absolute template file → its stack name (the prefix of its default physical names). */
  names: Map<string, string>;
  /** Absolute template file → the logical ids of its functions, resources and roles. */
  logicalIds: Map<string, Set<string>>;
}

/** A stack's facts with its default physical names (`<stack>-<LogicalId>`) spelt `<stack>-<LogicalId>`. */
function withoutName(facts: Set<string>, name: string | undefined, logicalIds: Set<string> | undefined): Set<string> {
  if (name === undefined || !logicalIds?.size) return facts;
  // The model's logical ids (any case: buckets are lower case), or a CamelCase logical id of a
  // resource the model does not list; not an explicit name that merely starts like the stack.
  const ids = [...logicalIds].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const re = new RegExp(`(?<![A-Za-z0-9-])${escapeRe(name)}-(${ids})(?![A-Za-z0-9])`, 'gi');
  const camel = new RegExp(`(?<![A-Za-z0-9-])${escapeRe(name)}-(?=[A-Z])`, 'g');
  return new Set([...facts].map((f) => f.replace(re, '<stack>-$1').replace(camel, '<stack>-')));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function stackFacts(root: string, result?: RunResult): Promise<StackFacts> {
  const r = result ?? (await analyze({ root }));
  const base = statSync(root).isFile() ? dirname(root) : root;
  const abs = (file: string) => resolve(join(base, file));
  const files = [...new Set(r.model.inputs.map((i) => i.file))];
  const names = stackNames(files);
  // Longest first, so `a/b/template.yaml#` wins over `b/template.yaml#`.
  const qualified = files.map((f) => f).sort((a, b) => b.length - a.length);
  const qualRe = qualified.length ? new RegExp(`(?:${qualified.map(escapeRe).join('|')})#`, 'g') : null;
  const text = (s: string) => (qualRe ? s.replace(qualRe, '') : s);

  const identity = new Map<string, string>();
  const stackOfId = new Map<string, string>();
  for (const f of r.model.functions) {
    identity.set(f.id, `${abs(f.stack)}#${f.logicalId}`);
    stackOfId.set(f.id, abs(f.stack));
  }
  for (const n of r.model.resources) {
    identity.set(n.id, `${abs(n.stack)}#${n.logicalId}`);
    stackOfId.set(n.id, abs(n.stack));
  }
  for (const role of r.model.roles) {
    if (role.logicalId === null) continue;
    identity.set(role.id, `${abs(role.location.file)}#${role.logicalId}`);
    stackOfId.set(role.id, abs(role.location.file));
  }
  // Loop subjects join their members with `+`, in id order (which qualification changes).
  const id = (x: string): string => identity.get(x) ?? (x.includes('+') ? x.split('+').map((p) => identity.get(p) ?? text(p)).sort().join('+') : text(x));

  const byStack = new Map<string, Set<string>>();
  const add = (stack: string, fact: string) => {
    let set = byStack.get(stack);
    if (!set) byStack.set(stack, (set = new Set()));
    set.add(fact);
  };

  const epKey = new Map<string, string>();
  for (const ep of r.model.entryPoints) {
    const route = ep.method !== undefined && ep.path !== undefined ? `${ep.method} ${ep.path}` : text(ep.label);
    const key = `${ep.kind}|${ep.source === null ? '-' : id(ep.source)}|${route}|${ep.targets.map(id).sort().join(',')}|${ep.principal.kind}|${ep.auth.kind}`;
    epKey.set(ep.id, key);
    for (const t of ep.targets) add(stackOfId.get(t) ?? abs(ep.location.file), `entry ${key}`);
  }
  for (const f of r.model.functions) {
    const role = f.roleId === null ? '-' : id(f.roleId.replace(/^unresolved-role:.*/, 'unresolved-role'));
    add(abs(f.stack), `function ${identity.get(f.id)} role=${role} lambda-permissions=${f.permissions.map((p) => id(p.resourceId)).sort().join(',')} url=${f.url ? 'yes' : 'no'}`);
  }
  const report = readReport(JSON.parse(renderJson(r)));
  for (const fn of report.functions) {
    const stack = stackOfId.get(fn.id);
    if (!stack) continue;
    for (const p of fn.permissions ?? []) add(stack, `permission ${identity.get(fn.id)} ${p.action} ${p.resources.map(text).sort().join(',')}${p.conditional ? ' (conditional)' : ''}`);
  }
  for (const f of r.findings) {
    const where = `${abs(f.location.file)}:${f.location.line}:${f.location.column}`;
    const subject = epKey.get(f.resource) ?? id(f.resource);
    const fact = `finding ${f.ruleId} ${f.severity} ${where} ${subject} [${f.functions.map(id).sort().join(',')}]`;
    const stacks = new Set(f.functions.map((x) => stackOfId.get(x)).filter((x): x is string => x !== undefined));
    if (!stacks.size) stacks.add(stackOfId.get(f.resource) ?? abs(f.location.file));
    for (const s of stacks) add(s, fact);
  }
  const linked = new Set<string>();
  for (const l of r.model.crossStackLinks ?? []) {
    linked.add(abs(l.from));
    linked.add(abs(l.to));
  }
  // What scanning one stack alone means: its template file, or its Terraform root module's folder.
  const units = [...new Set(r.model.inputs.map((i) => abs(i.file)))].sort();
  const logicalIds = new Map<string, Set<string>>();
  for (const n of [...r.model.functions, ...r.model.resources]) {
    const set = logicalIds.get(abs(n.stack)) ?? new Set<string>();
    set.add(n.logicalId);
    logicalIds.set(abs(n.stack), set);
  }
  for (const role of r.model.roles) if (role.logicalId !== null) logicalIds.get(abs(role.location.file))?.add(role.logicalId);
  return { byStack, linked, inputs: new Set(files.map(abs)), units, names: new Map(files.map((f, i) => [abs(f), names[i]!])), logicalIds };
}

export interface PropertyReport {
  stacks: number;
  compared: number;
  excluded: string[];
  differences: string[];
}

/** Compares a folder scan with the scans of each of its stacks alone (a template file, or a Terraform root module's folder). */
export async function checkStackProperty(folder: string, options: { folderResult?: RunResult } = {}): Promise<PropertyReport> {
  const whole = await stackFacts(folder, options.folderResult);
  const alone = new Map<string, Set<string>>();
  const aloneNames = new Map<string, string>();
  for (const unit of whole.units) {
    const f = await stackFacts(unit);
    for (const [file, name] of f.names) aloneNames.set(file, name);
    for (const l of f.linked) whole.linked.add(l);
    for (const [stack, facts] of f.byStack) {
      const set = alone.get(stack) ?? new Set<string>();
      for (const x of facts) set.add(x);
      alone.set(stack, set);
    }
  }
  const differences: string[] = [];
  const stacks = new Set([...whole.byStack.keys(), ...alone.keys()]);
  let compared = 0;
  for (const s of [...stacks].sort()) {
    if (whole.linked.has(s)) continue;
    compared++;
    // A stack named differently in the two scans (a generic file name at the scanned root, a name
    // shared in the folder) has that name in its default physical names: compare without it.
    const renamed = whole.names.get(s) !== aloneNames.get(s);
    const ids = whole.logicalIds.get(s);
    const a = withoutName(whole.byStack.get(s) ?? new Set<string>(), renamed ? whole.names.get(s) : undefined, ids);
    const b = withoutName(alone.get(s) ?? new Set<string>(), renamed ? aloneNames.get(s) : undefined, ids);
    for (const x of a) if (!b.has(x)) differences.push(`only in the folder scan: ${x}`);
    for (const x of b) if (!a.has(x)) differences.push(`only when scanned alone: ${x}`);
  }
  return { stacks: stacks.size, compared, excluded: [...whole.linked].sort(), differences };
}
