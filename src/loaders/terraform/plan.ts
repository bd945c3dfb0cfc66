/**
 * `terraform show -json plan.out` into a LoadedTemplate: planned values are already evaluated, so
 * they go straight to the same mappings as HCL. Values unknown until apply are recovered from the
 * configuration's references where possible (`aws_iam_role.x.arn` → Fn::GetAtt), else unresolved.
 */
import type { Diagnostic, DocPath, JsonObject, JsonValue, LoadedTemplate, SourceLocation } from '../../model/types.js';
import { parseJson, type LocationTable, LocationTable as Table } from '../cloudformation/parse.js';
import { readText, type Candidate, type ScanRoot } from '../files.js';
import { Emitter, computedAttribute, RESOURCE_TYPES, type Instance } from './map.js';
import { mapInstances } from './resources.js';
import { MODULE_CALL_TYPE } from '../../model/modules.js';
import { Unknown, fromJson, isObject, newObject, type V, type VObject } from './values.js';

/** True for the JSON of `terraform show -json <plan>` (or of a state file's `values`). */
export function isTerraformPlan(value: unknown): value is JsonObject {
  return !!value && typeof value === 'object' && !Array.isArray(value) && typeof (value as JsonObject)['format_version'] === 'string' && isJsonObject((value as JsonObject)['planned_values']);
}

function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

class PlanInstance implements Instance {
  readonly mode: 'managed' | 'data';
  constructor(
    readonly type: string,
    readonly address: string,
    readonly location: SourceLocation,
    mode: string,
    private readonly values: VObject,
  ) {
    this.mode = mode === 'data' ? 'data' : 'managed';
  }
  body(): VObject {
    return this.values;
  }
}

/** Loads a plan JSON file; null (no diagnostic) when the file is JSON but not a plan. */
export function loadTerraformPlan(c: Candidate, limits: ScanRoot, diagnostics: Diagnostic[]): LoadedTemplate | null {
  const text = readText(c.abs, c.file, limits, diagnostics);
  if (text === null || !/"planned_values"/.test(text.text)) return null;
  const parsed = parseJson(text.text, c.file);
  if (!isTerraformPlan(parsed.value)) {
    if (parsed.diagnostics.some((d) => d.level === 'error')) diagnostics.push(...parsed.diagnostics);
    return null;
  }
  return planToTemplate(parsed.value, c.file, parsed.locations);
}

export function planToTemplate(plan: JsonObject, file: string, jsonLocs: LocationTable): LoadedTemplate {
  const locs = new WeakMap<object, Map<string | number, SourceLocation>>();
  const table = new Table(file);
  const ids = new Map<string, string>();
  const logicalId = (address: string) => {
    let id = ids.get(address);
    if (!id) {
      id = address
        .replace(/\["([^"]*)"\]/g, '_$1')
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join('');
      while ([...ids.values()].includes(id)) id += 'X';
      ids.set(address, id);
    }
    return id;
  };

  // after_unknown per address, and references from the configuration
  const unknownByAddress = new Map<string, JsonObject>();
  for (const rc of Array.isArray(plan['resource_changes']) ? plan['resource_changes'] : []) {
    if (!isJsonObject(rc) || typeof rc['address'] !== 'string') continue;
    const change = rc['change'];
    if (isJsonObject(change) && isJsonObject(change['after_unknown'])) unknownByAddress.set(rc['address'], change['after_unknown']);
  }
  const references = new Map<string, Map<string, string[]>>();
  // Module calls of the configuration: the plan holds each called module's configuration, so its contents are known.
  const moduleCalls: { address: string; call: JsonObject; path: DocPath }[] = [];
  // Calls inside a module from a registry or Git are its publisher's, as in the HCL loader.
  const walkConfig = (mod: JsonValue | undefined, prefix: string, depth: number, path: DocPath = ['configuration', 'root_module'], own = true) => {
    if (!isJsonObject(mod) || depth > 20) return;
    for (const r of Array.isArray(mod['resources']) ? mod['resources'] : []) {
      if (!isJsonObject(r) || typeof r['address'] !== 'string' || !isJsonObject(r['expressions'])) continue;
      const m = new Map<string, string[]>();
      for (const [k, e] of Object.entries(r['expressions'])) {
        if (isJsonObject(e) && Array.isArray(e['references'])) m.set(k, e['references'].filter((x): x is string => typeof x === 'string'));
      }
      references.set(prefix + r['address'], m);
    }
    const calls = mod['module_calls'];
    if (!isJsonObject(calls)) return;
    for (const [name, call] of Object.entries(calls)) {
      if (!isJsonObject(call)) continue;
      if (own) moduleCalls.push({ address: `${prefix}module.${name}`, call, path: [...path, 'module_calls', name] });
      const local = typeof call['source'] === 'string' && /^\.\.?\//.test(call['source']);
      walkConfig(call['module'], `${prefix}module.${name}.`, depth + 1, [...path, 'module_calls', name, 'module'], own && local);
    }
  };
  const config = plan['configuration'];
  if (isJsonObject(config)) walkConfig(config['root_module'], '', 0);

  const planned: { address: string; type: string; mode: string; values: JsonObject; path: DocPath }[] = [];
  const walkModule = (mod: JsonValue | undefined, path: DocPath, depth: number) => {
    if (!isJsonObject(mod) || depth > 20) return;
    const rs = mod['resources'];
    if (Array.isArray(rs)) {
      rs.forEach((r, i) => {
        if (isJsonObject(r) && typeof r['address'] === 'string' && typeof r['type'] === 'string') {
          planned.push({ address: r['address'], type: r['type'], mode: String(r['mode'] ?? 'managed'), values: isJsonObject(r['values']) ? r['values'] : {}, path: [...path, 'resources', i] });
        }
      });
    }
    const cm = mod['child_modules'];
    if (Array.isArray(cm)) cm.forEach((c, i) => walkModule(c, [...path, 'child_modules', i], depth + 1));
  };
  const pv = plan['planned_values'] as JsonObject;
  walkModule(pv['root_module'], ['planned_values', 'root_module'], 0);
  const typeOf = new Map(planned.map((p) => [p.address, p.type]));

  const located = (x: JsonValue, path: DocPath): V => {
    if (Array.isArray(x)) {
      const out = x.map((y, i) => located(y, [...path, i]));
      const m = new Map<string | number, SourceLocation>();
      x.forEach((_, i) => m.set(i, jsonLocs.locate([...path, i])));
      locs.set(out, m);
      return out;
    }
    if (isJsonObject(x)) {
      const out = newObject();
      const m = new Map<string | number, SourceLocation>();
      for (const [k, y] of Object.entries(x)) {
        out[k] = located(y, [...path, k]);
        m.set(k, jsonLocs.locate([...path, k]));
      }
      locs.set(out, m);
      return out;
    }
    return fromJson(x);
  };

  /** A symbolic value for an attribute unknown until apply, from the configuration's references. */
  const fromReferences = (address: string, key: string): V => {
    const cfgAddress = address.replace(/\[[^\]]*\]/g, '');
    const refs = references.get(cfgAddress)?.get(key) ?? [];
    for (const r of refs) {
      const m = /^((?:module\.[^.]+\.)*)((?:data\.)?[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)$/.exec(r);
      if (!m) continue;
      const target = `${address.match(/^((?:module\.[^.]+\.)*)/)?.[1] ?? ''}${m[2]}.${m[3]}`;
      const candidates = [target, `${target}[0]`];
      for (const t of candidates) {
        const type = typeOf.get(t);
        if (type && RESOURCE_TYPES[type]) {
          const v = computedAttribute(type, logicalId(t), m[4]!);
          if (v !== undefined) return v;
        }
      }
    }
    return new Unknown(`${address}.${key} is known only after apply`);
  };

  const instances: Instance[] = planned.map((p) => {
    const values = located(p.values, [...p.path, 'values']) as VObject;
    const unknown = unknownByAddress.get(p.address);
    if (unknown) {
      for (const [k, u] of Object.entries(unknown)) {
        if (u === true && (values[k] === undefined || values[k] === null)) values[k] = fromReferences(p.address, k);
      }
    }
    for (const k of Object.keys(values)) if (values[k] === null) delete values[k];
    if (isObject(values)) locs.set(values, locs.get(values) ?? new Map());
    return new PlanInstance(p.type, p.address, jsonLocs.locate(p.path), p.mode, values);
  });
  const em = new Emitter({ locs, table, logicalId: (inst) => logicalId(inst.address), codePath: () => null });
  mapInstances(em, instances);
  for (const m of moduleCalls) {
    const values = newObject();
    const at = new Map<string | number, SourceLocation>();
    for (const [key, from] of [['source', 'source'], ['version', 'version_constraint']] as const) {
      const v = m.call[from];
      if (typeof v !== 'string') continue;
      values[key] = v;
      at.set(key, jsonLocs.locate([...m.path, from]));
    }
    locs.set(values, at);
    const o = em.resource(new PlanInstance('module', m.address, jsonLocs.locate(m.path), 'managed', values), MODULE_CALL_TYPE);
    o.copyAll([['Source', 'source'], ['Version', 'version']]);
    o.put(['Loaded'], isJsonObject(m.call['module']));
  }
  const body: JsonObject = { AWSTemplateFormatVersion: '2010-09-09', Metadata: { 'nightlight:terraform': { plan: file } }, Resources: em.resources };
  return { file, format: 'terraform', body, locate: (path) => table.locate(path) };
}
