/**
 * Azure Resource Manager (ARM) JSON templates into the one vocabulary. ARM resources are read as the
 * azurerm Terraform resources of the same meaning (a `Microsoft.Web/sites` of kind functionapp is an
 * `azurerm_linux_function_app` or `azurerm_windows_function_app`, its `siteConfig.appSettings` the
 * app settings, `config/authsettingsV2` Easy Auth, `Microsoft.Web/sites/functions` the functions with
 * their function.json `config`, `Microsoft.Authorization/roleAssignments` role assignments, queues,
 * topics, containers, vaults and secrets), then go through the same mappings as Terraform
 * (loaders/terraform/azure.ts), so an ARM app and its Terraform twin give the same model.
 *
 * ARM template expressions (`[parameters('x')]`, `[variables('y')]`, `[concat(...)]`, `[format(...)]`,
 * `[resourceId(...)]`, `[reference(...).identity.principalId]`, …) are evaluated where their values
 * are in the template (parameter defaults, variables, literals); anything else (a parameter without
 * a default, `uniqueString`, `guid`, a function not listed) is unknown, never a safe value.
 *
 * The code: ARM deploys an app's package separately. A folder with a `host.json` beside the template
 * (the template's own folder, or exactly one of its subfolders) is taken as the code of its apps.
 *
 * Sources: "Template functions" (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions),
 * Microsoft.Web/sites, sites/config, sites/functions and Microsoft.Authorization/roleAssignments
 * template references (learn.microsoft.com/azure/templates/), checked 2026-12-07.
 */
import { dirname } from 'node:path';
import type { Diagnostic, JsonObject, JsonValue, LoadedTemplate, SourceLocation, DocPath } from '../../model/types.js';
import { parseJson, LocationTable, type LocationTable as Table, type ParseLimits } from '../cloudformation/parse.js';
import type { ScanRoot } from '../boundary.js';
import { Emitter, ValueInstance, type Instance } from '../terraform/map.js';
import { mapInstances } from '../terraform/resources.js';
import { CfnExpr, Concat, JsonText, Unknown, isObject, newObject, type V, type VObject } from '../terraform/values.js';

/** An ARM deployment template (`$schema` …/deploymentTemplate.json#, also the subscription-level one). */
export function looksLikeArmTemplate(text: string): boolean {
  return /"\$schema"\s*:\s*"https?:\/\/schema\.management\.azure\.com\/schemas\/[^"]*[dD]eploymentTemplate\.json#?"/i.test(text.slice(0, 4096));
}

const MAX_STEPS = 200_000;
const MAX_DEPTH = 64;

interface ArmResource {
  type: string;
  /** The full name (`app/web`), or null when not known statically. */
  name: string | null;
  raw: JsonObject;
  path: DocPath;
  address: string;
  id: string;
  /** The resource it is nested in. */
  parent: ArmResource | null;
}

type Tok = { k: 'id' | 'str' | 'num' | 'p'; v: string };

function tokenize(s: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) return null;
        if (s[i] === "'") {
          if (s[i + 1] === "'") (v += "'"), (i += 2);
          else break;
        } else v += s[i++];
      }
      i++;
      out.push({ k: 'str', v });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+/.exec(s.slice(i));
      if (!m) return null;
      out.push({ k: 'num', v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(s.slice(i))!;
      // `a.b` after an identifier is a property access unless a call follows the whole name (`providers.x` is rare)
      const name = m[0];
      const dot = name.indexOf('.');
      if (dot > 0) {
        out.push({ k: 'id', v: name.slice(0, dot) });
        for (const part of name.slice(dot + 1).split('.')) out.push({ k: 'p', v: '.' }, { k: 'id', v: part });
      } else out.push({ k: 'id', v: name });
      i += name.length;
    } else if ('(),.[]'.includes(c)) {
      out.push({ k: 'p', v: c });
      i++;
    } else return null;
  }
  return out;
}

type Ast = { t: 'lit'; v: V } | { t: 'call'; fn: string; args: Ast[] } | { t: 'prop'; of: Ast; name: string } | { t: 'index'; of: Ast; at: Ast };

function parseExpr(toks: Tok[]): Ast | null {
  let p = 0;
  const primary = (depth: number): Ast | null => {
    if (depth > MAX_DEPTH) return null;
    const t = toks[p++];
    if (!t) return null;
    let node: Ast;
    if (t.k === 'str') node = { t: 'lit', v: t.v };
    else if (t.k === 'num') node = { t: 'lit', v: Number(t.v) };
    else if (t.k === 'id') {
      if (toks[p]?.v !== '(') {
        if (t.v === 'true' || t.v === 'false') node = { t: 'lit', v: t.v === 'true' };
        else if (t.v === 'null') node = { t: 'lit', v: null };
        else return null;
      } else {
        p++;
        const args: Ast[] = [];
        if (toks[p]?.v !== ')') {
          for (;;) {
            const a = primary(depth + 1);
            if (!a) return null;
            args.push(a);
            if (toks[p]?.v === ',') p++;
            else break;
          }
        }
        if (toks[p++]?.v !== ')') return null;
        node = { t: 'call', fn: t.v.toLowerCase(), args };
      }
    } else return null;
    for (;;) {
      if (toks[p]?.v === '.' && toks[p + 1]?.k === 'id') {
        node = { t: 'prop', of: node, name: toks[p + 1]!.v };
        p += 2;
      } else if (toks[p]?.v === '[') {
        p++;
        const at = primary(depth + 1);
        if (!at || toks[p++]?.v !== ']') return null;
        node = { t: 'index', of: node, at };
      } else break;
    }
    return node;
  };
  const e = primary(0);
  return e && p === toks.length ? e : null;
}

/** A reference to a resource of the template (`reference(resourceId(...))`): its properties are read through the model. */
class ResourceRef extends Unknown {
  constructor(readonly res: ArmResource) {
    super(`reference to ${res.address}`);
  }
}

interface Ctx {
  params: JsonObject;
  variables: JsonObject;
  resources: ArmResource[];
  /** `Microsoft.Web/sites` (lower-cased type) + name → resource. */
  byTypeName: Map<string, ArmResource>;
  steps: number;
  stack: Set<string>;
  file: string;
  paramValues: Record<string, string>;
  /** Values of the parameter file beside the template (`<name>.parameters.json`). */
  fileParams: Map<string, V>;
  subscriptionScope: boolean;
}

const str = (v: V): string | null => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

function joinParts(parts: V[]): V {
  if (parts.every((p) => str(p) !== null)) return parts.map((p) => str(p)!).join('');
  const out: (string | Unknown | CfnExpr | Concat)[] = [];
  for (const p of parts) {
    const s = str(p);
    if (s !== null) out.push(s);
    else if (p instanceof Concat) out.push(...(p.parts as (string | Unknown)[]));
    else if (p instanceof Unknown || p instanceof CfnExpr) out.push(p);
    else return new Unknown('a value that is not a string is joined');
  }
  return new Concat(out);
}

function evalAst(ctx: Ctx, a: Ast, depth: number): V {
  if (++ctx.steps > MAX_STEPS || depth > MAX_DEPTH) return new Unknown('the template expression is too large to evaluate');
  switch (a.t) {
    case 'lit':
      return a.v;
    case 'prop': {
      const of = evalAst(ctx, a.of, depth + 1);
      if (of instanceof ResourceRef) return referenceProp(of.res, [a.name]);
      if (of instanceof RefPath) return referenceProp(of.res, [...of.path, a.name]);
      if (isObject(of)) return of[a.name] ?? new Unknown(`property ${a.name} is not set`);
      return of instanceof Unknown ? new Unknown(`${of.reason}.${a.name}`) : new Unknown(`property ${a.name} of a value that is not an object`);
    }
    case 'index': {
      const of = evalAst(ctx, a.of, depth + 1);
      const at = evalAst(ctx, a.at, depth + 1);
      if (Array.isArray(of) && typeof at === 'number') return of[at] ?? new Unknown('index out of range');
      if (isObject(of) && typeof at === 'string') return of[at] ?? new Unknown(`property ${at} is not set`);
      return new Unknown('an index that is not known statically');
    }
    case 'call':
      return call(ctx, a.fn, a.args.map((x) => evalAst(ctx, x, depth + 1)), depth);
  }
}

/** `reference(x).identity.principalId` and friends, read through the model. */
class RefPath extends Unknown {
  constructor(
    readonly res: ArmResource,
    readonly path: string[],
  ) {
    super(`${path.join('.')} of ${res.address}`);
  }
}

function referenceProp(res: ArmResource, path: string[]): V {
  const p = path.map((x) => x.toLowerCase()).join('.');
  // a system-assigned identity's principal: the identity azure.ts makes for the app
  if (p === 'identity.principalid' || p === 'identity.tenantid') return new CfnExpr({ 'Fn::GetAtt': [`${res.id}Identity`, 'Arn'] });
  if (/managedidentity\/userassignedidentities$/i.test(res.type) && (p === 'principalid' || p === 'clientid')) return new CfnExpr({ 'Fn::GetAtt': [res.id, 'Arn'] });
  if (p === 'defaulthostname') return new CfnExpr({ 'Fn::GetAtt': [res.id, 'Url'] });
  if (path.length < 3) return new RefPath(res, path);
  return new Unknown(`${path.join('.')} of ${res.address} is known only after deployment`);
}

function findResource(ctx: Ctx, type: string, names: V[]): ArmResource | null {
  if (!names.every((n) => typeof n === 'string')) return null;
  return ctx.byTypeName.get(`${type.toLowerCase()}|${names.join('/')}`) ?? null;
}

const SUB = '/subscriptions/<subscription>';
const RG = `${SUB}/resourceGroups/<resource group>`;

function call(ctx: Ctx, fn: string, args: V[], depth: number): V {
  switch (fn) {
    case 'parameters': {
      const name = str(args[0] ?? null);
      if (name === null) return new Unknown('a parameter name that is not known statically');
      if (ctx.paramValues[name] !== undefined) return ctx.paramValues[name]!;
      const given = ctx.fileParams.get(name) ?? ctx.fileParams.get([...ctx.fileParams.keys()].find((k) => k.toLowerCase() === name.toLowerCase()) ?? '');
      if (given !== undefined) return given;
      const p = ctx.params[name];
      if (!p || typeof p !== 'object' || Array.isArray(p)) return new Unknown(`parameter ${name} is not declared`);
      const d = (p as JsonObject)['defaultValue'];
      if (d === undefined) return new Unknown(`parameter ${name} has no default value`);
      return evalValue(ctx, d, `parameters.${name}`, depth + 1);
    }
    case 'variables': {
      const name = str(args[0] ?? null);
      if (name === null || !(name in ctx.variables)) return new Unknown(`variable ${String(name)} is not declared`);
      return evalValue(ctx, ctx.variables[name]!, `variables.${name}`, depth + 1);
    }
    case 'concat':
      if (args.some((a) => Array.isArray(a))) return args.every((a) => Array.isArray(a)) ? (args as V[][]).flat() : new Unknown('concat of arrays and other values');
      return joinParts(args);
    case 'format': {
      const f = str(args[0] ?? null);
      if (f === null) return new Unknown('a format string that is not known statically');
      const parts: V[] = [];
      let last = 0;
      for (const m of f.matchAll(/\{(\d+)(?::[^}]*)?\}/g)) {
        parts.push(f.slice(last, m.index));
        parts.push(args[Number(m[1]) + 1] ?? new Unknown('a missing format argument'));
        last = m.index! + m[0].length;
      }
      parts.push(f.slice(last));
      return joinParts(parts);
    }
    case 'tolower':
    case 'toupper': {
      const s = str(args[0] ?? null);
      return s === null ? (args[0] instanceof Unknown ? args[0] : new Unknown(`${fn}() of a value not known statically`)) : fn === 'tolower' ? s.toLowerCase() : s.toUpperCase();
    }
    case 'string': {
      const s = str(args[0] ?? null);
      return s ?? (args[0] instanceof Unknown ? args[0] : new Unknown("string() of a value not known statically"));
    }
    case 'bool':
      return args[0] === true || args[0] === 'true' ? true : args[0] === false || args[0] === 'false' ? false : new Unknown('bool() of a value not known statically');
    case 'int':
      return typeof args[0] === 'number' ? args[0] : typeof args[0] === 'string' && /^-?\d+$/.test(args[0]) ? Number(args[0]) : new Unknown('int() of a value not known statically');
    case 'equals':
      return args.every((a) => str(a) !== null || a === null) ? args[0] === args[1] : new Unknown('equals() of values not known statically');
    case 'not':
      return typeof args[0] === 'boolean' ? !args[0] : new Unknown('not() of a value not known statically');
    case 'if':
      return args[0] === true ? (args[1] ?? null) : args[0] === false ? (args[2] ?? null) : new Unknown('if() on a condition not known statically');
    case 'resourcegroup':
      return obj({ id: RG, name: new Unknown('the resource group name'), location: new Unknown('the resource group location') });
    case 'subscription':
      return obj({ id: SUB, subscriptionId: new Unknown('the subscription id'), tenantId: new Unknown('tenant_id of the subscription') });
    case 'tenant':
      return obj({ tenantId: new Unknown('tenant_id of the subscription') });
    case 'resourceid':
    case 'subscriptionresourceid':
    case 'tenantresourceid':
    case 'extensionresourceid': {
      const i = args.findIndex((a) => typeof a === 'string' && /^[A-Za-z0-9.]+\/[A-Za-z0-9/]+$/.test(a) && a.split('/').length >= 2 && /\./.test(a.split('/')[0]!));
      if (i < 0) return new Unknown(`${fn}() with a resource type not known statically`);
      const type = args[i] as string;
      const names = args.slice(i + 1);
      const res = findResource(ctx, type, names);
      if (res) return new CfnExpr({ Ref: res.id });
      if (!names.every((n) => typeof n === 'string')) return new Unknown(`${fn}(${type}) with a name not known statically`);
      const base = fn === 'subscriptionresourceid' ? SUB : fn === 'tenantresourceid' ? '' : RG;
      return `${base}/providers/${type}/${(names as string[]).join('/')}`;
    }
    case 'reference': {
      const target = args[0];
      if (target instanceof CfnExpr && typeof target.cfn['Ref'] === 'string') {
        const res = ctx.resources.find((r) => r.id === target.cfn['Ref']);
        if (res) return new ResourceRef(res);
      }
      if (typeof target === 'string') {
        const res = ctx.resources.find((r) => r.name === target);
        if (res) return new ResourceRef(res);
      }
      return new Unknown('reference() to a resource outside the template');
    }
    default:
      return new Unknown(`${fn}() is not evaluated statically`);
  }
}

function obj(o: Record<string, V>): VObject {
  const out = newObject();
  for (const [k, v] of Object.entries(o)) out[k] = v;
  return out;
}

/** A template string: an expression (`[...]`, but not the `[[` escape) or a literal. */
function evalString(ctx: Ctx, s: string, where: string, depth: number): V {
  if (!s.startsWith('[') || !s.endsWith(']') || s.startsWith('[[')) return s.startsWith('[[') ? s.slice(1) : s;
  const toks = tokenize(s.slice(1, -1));
  const ast = toks && parseExpr(toks);
  if (!ast) return new Unknown(`the template expression at ${where} could not be read`);
  return evalAst(ctx, ast, depth);
}

function evalValue(ctx: Ctx, v: JsonValue, key: string, depth: number): V {
  if (ctx.stack.has(key) || depth > MAX_DEPTH) return new Unknown(`${key} refers to itself`);
  ctx.stack.add(key);
  try {
    if (typeof v === 'string') return evalString(ctx, v, key, depth);
    if (Array.isArray(v)) return v.map((x, i) => evalValue(ctx, x, `${key}[${i}]`, depth + 1));
    if (v && typeof v === 'object') {
      const o = newObject();
      for (const [k, x] of Object.entries(v)) o[k] = evalValue(ctx, x, `${key}.${k}`, depth + 1);
      return o;
    }
    return v as V;
  } finally {
    ctx.stack.delete(key);
  }
}

/** Evaluates a resource's value, keeping the location of every member (for findings at the line the user wrote). */
function located(ctx: Ctx, x: JsonValue, path: DocPath, locs: WeakMap<object, Map<string | number, SourceLocation>>, table: Table, depth: number): V {
  if (depth > MAX_DEPTH) return new Unknown('nested too deeply');
  if (Array.isArray(x)) {
    const out = x.map((y, i) => located(ctx, y, [...path, i], locs, table, depth + 1));
    locs.set(out, new Map(x.map((_, i) => [i, table.locate([...path, i])] as const)));
    return out;
  }
  if (x && typeof x === 'object') {
    const out = newObject();
    const m = new Map<string | number, SourceLocation>();
    for (const [k, y] of Object.entries(x)) {
      // object keys may be expressions too (userAssignedIdentities keyed by resourceId(...))
      const key = evalString(ctx, k, path.join('.'), depth);
      const name = typeof key === 'string' ? key : key instanceof CfnExpr ? `@ref:${String(key.cfn['Ref'])}` : k;
      out[name] = located(ctx, y, [...path, k], locs, table, depth + 1);
      m.set(name, table.locate([...path, k]));
    }
    locs.set(out, m);
    return out;
  }
  if (typeof x === 'string') return evalString(ctx, x, path.join('.'), depth);
  return x as V;
}

/** Flattens nested child resources: a child's short type and name are its parent's plus its own. */
function collect(list: JsonValue | undefined, path: DocPath, parent: { type: string; names: JsonValue[]; index: number } | null, out: { raw: JsonObject; path: DocPath; type: string; names: JsonValue[]; parent: number | null }[], depth: number): void {
  if (!Array.isArray(list) || depth > 8) return;
  list.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) return;
    const raw = r as JsonObject;
    const type = typeof raw['type'] === 'string' ? raw['type'] : '';
    const short = parent !== null && !type.includes('/');
    const full = short ? `${parent.type}/${type}` : type;
    const names: JsonValue[] = short ? [...parent.names, raw['name'] ?? null] : [raw['name'] ?? null];
    out.push({ raw, path: [...path, i], type: full, names, parent: parent?.index ?? null });
    collect(raw['resources'], [...path, i, 'resources'], { type: full, names, index: out.length - 1 }, out, depth + 1);
  });
}

/** Loads an ARM template; null with a diagnostic when it cannot be read. */
export function loadArmTemplate(file: string, text: string, files: ScanRoot, limits: ParseLimits, diagnostics: Diagnostic[], params: Record<string, string> = {}): LoadedTemplate | null {
  const parsed = parseJson(text, file, limits);
  const errors = parsed.diagnostics.filter((d) => d.level === 'error');
  if (errors.length || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    diagnostics.push(...(errors.length ? errors : [{ level: 'error' as const, code: 'arm-template', message: `${file}: not an ARM template object; skipped`, location: { file, line: 1, column: 1 } }]));
    return null;
  }
  diagnostics.push(...parsed.diagnostics);
  const body = parsed.value as JsonObject;
  const jsonLocs = parsed.locations;
  const flat: { raw: JsonObject; path: DocPath; type: string; names: JsonValue[]; parent: number | null }[] = [];
  collect(body['resources'], ['resources'], null, flat, 0);
  const isObj = (v: JsonValue | undefined): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);
  const ctx: Ctx = {
    params: isObj(body['parameters']) ? body['parameters'] : {},
    variables: isObj(body['variables']) ? body['variables'] : {},
    resources: [],
    byTypeName: new Map(),
    steps: 0,
    stack: new Set(),
    file,
    paramValues: params,
    fileParams: parameterFile(file, files, limits, diagnostics),
    subscriptionScope: /subscriptionDeploymentTemplate/i.test(String(body['$schema'] ?? '')),
  };
  // names first (resourceId() and reference() look resources up by type and name)
  const ids = new Set<string>();
  for (const f of flat) {
    const parts = f.names.map((n) => (typeof n === 'string' ? evalString(ctx, n, 'name', 0) : null));
    const name = parts.every((p) => typeof p === 'string') ? parts.join('/') : null;
    const address = `${f.type}/${name ?? `[${f.path.join('.')}]`}`;
    let id = address.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('') || 'Resource';
    while (ids.has(id)) id += 'X';
    ids.add(id);
    const res: ArmResource = { type: f.type, name, raw: f.raw, path: f.path, address, id, parent: f.parent === null ? null : (ctx.resources[f.parent] ?? null) };
    ctx.resources.push(res);
    if (name !== null) ctx.byTypeName.set(`${f.type.toLowerCase()}|${name}`, res);
  }

  const locs = new WeakMap<object, Map<string | number, SourceLocation>>();
  const table = new LocationTable(file);
  const instances: Instance[] = [];
  const codeFolder = armCodeFolder(file, files);
  const sites = new Map<ArmResource, VObject>();
  for (const res of ctx.resources) {
    if (res.raw['condition'] !== undefined) {
      const c = typeof res.raw['condition'] === 'string' ? evalString(ctx, res.raw['condition'], 'condition', 0) : res.raw['condition'];
      if (c === false) continue;
    }
    const v = located(ctx, res.raw, res.path, locs, jsonLocs, 0) as VObject;
    const mapped = toAzurerm(res, v, ctx, codeFolder, locs);
    if (!mapped) continue;
    if (mapped.type.endsWith('_function_app')) sites.set(res, mapped.body);
    instances.push(new ValueInstance(mapped.type, res.address, jsonLocs.locate(res.path), mapped.body));
  }
  // site config children (appsettings, authsettingsV2, web) merge into their app
  for (const res of ctx.resources) {
    const m = /^microsoft\.web\/sites\/config$/i.exec(res.type);
    if (!m) continue;
    const [siteName, kind] = (res.name ?? (typeof res.raw['name'] === 'string' ? `?/${res.raw['name']}` : '')).split('/');
    const site = (res.parent ? sites.get(res.parent) : undefined) ?? [...sites].find(([s]) => s.name === siteName)?.[1];
    if (!site || !kind) continue;
    const v = located(ctx, res.raw, res.path, locs, jsonLocs, 0) as VObject;
    const props = isObject(v['properties'] ?? null) ? (v['properties'] as VObject) : newObject();
    if (/^appsettings$/i.test(kind)) {
      const s = isObject(site['app_settings'] ?? null) ? (site['app_settings'] as VObject) : newObject();
      for (const k of Object.keys(props)) s[k] = props[k]!;
      site['app_settings'] = s;
      locs.set(s, new Map([...(locs.get(s) ?? []), ...(locs.get(props) ?? [])]));
    } else if (/^authsettingsv2$/i.test(kind)) site['auth_settings_v2'] = [easyAuth(props, locs)];
    else if (/^web$/i.test(kind)) mergeSiteConfig(site, props, locs);
  }
  const em = new Emitter({
    locs,
    table,
    logicalId: (inst) => ctx.resources.find((r) => r.address === inst.address)?.id ?? inst.address.replace(/[^A-Za-z0-9]/g, ''),
    codePath: (fn) => (typeof fn['filename'] === 'string' && fn['filename'] === codeFolder ? codeFolder : null),
    list: (rel) => files.list(files.abs(rel)),
    read: (rel) => files.readText(files.abs(rel), rel, [], {})?.text ?? null,
    warn: (d) => diagnostics.push(d),
  });
  mapInstances(em, instances);
  table.set([], { file, line: 1, column: 1 });
  const out: JsonObject = { AWSTemplateFormatVersion: '2010-09-09', Metadata: { 'nightlight:arm': { file } }, Resources: em.resources };
  if (ctx.steps > MAX_STEPS) diagnostics.push({ level: 'warning', code: 'arm-template', message: `${file}: its expressions are too large to evaluate in full; the values left are unresolved`, location: { file, line: 1, column: 1 } });
  return { file, format: 'arm', body: out, locate: (path) => table.locate(path) };
}

/** A parameter file's literal value as a mapping value (parameter files hold no expressions). */
function literalValue(v: JsonValue, depth = 0): V {
  if (depth > MAX_DEPTH) return new Unknown('nested too deeply');
  if (Array.isArray(v)) return v.map((x) => literalValue(x, depth + 1));
  if (v && typeof v === 'object') {
    const o = newObject();
    for (const [k, x] of Object.entries(v)) o[k] = literalValue(x, depth + 1);
    return o;
  }
  return v as V;
}

/**
 * The parameter values of `<template>.parameters.json` beside the template (`azuredeploy.json` →
 * `azuredeploy.parameters.json`): `value`s are used before the template's defaults; a Key Vault
 * `reference` is unresolved (a secret the deployment reads). Per-environment files
 * (`<template>.parameters.<env>.json`) are not chosen among: said, and the defaults stay.
 */
function parameterFile(file: string, files: ScanRoot, limits: ParseLimits, diagnostics: Diagnostic[]): Map<string, V> {
  const out = new Map<string, V>();
  const dir = dirname(file) === '.' ? '' : `${dirname(file)}/`;
  const base = file.slice(dir.length).replace(/\.json$/i, '');
  const names = files.list(files.abs(dir || '.')) ?? [];
  const exact = names.find((n) => n.toLowerCase() === `${base}.parameters.json`.toLowerCase());
  if (!exact) {
    const variants = names.filter((n) => n.toLowerCase().startsWith(`${base}.parameters.`.toLowerCase()) && /\.json$/i.test(n)).sort();
    if (variants.length) diagnostics.push({ level: 'info', code: 'arm-parameters', message: `${file}: parameter files ${variants.join(', ')} are one per environment; none is chosen, so parameters take their defaults`, location: { file, line: 1, column: 1 } });
    return out;
  }
  const rel = `${dir}${exact}`;
  const text = files.readText(files.abs(rel), rel, diagnostics);
  if (text === null) return out;
  const parsed = parseJson(text.text, rel, limits);
  diagnostics.push(...parsed.diagnostics);
  const params = parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? (parsed.value as JsonObject)['parameters'] : undefined;
  if (!params || typeof params !== 'object' || Array.isArray(params)) {
    if (!parsed.diagnostics.some((d) => d.level === 'error')) diagnostics.push({ level: 'warning', code: 'arm-parameters', message: `${rel}: has no parameters object; the template's parameters take their defaults`, location: { file: rel, line: 1, column: 1 } });
    return out;
  }
  for (const [name, p] of Object.entries(params)) {
    if (!p || typeof p !== 'object' || Array.isArray(p)) continue;
    const entry = p as JsonObject;
    if (entry['value'] !== undefined) out.set(name, literalValue(entry['value']));
    else if (entry['reference'] !== undefined) out.set(name, new Unknown(`parameter ${name} is a Key Vault reference (${rel})`));
  }
  return out;
}

/** The code folder of the template's apps: the template's own folder or its one subfolder with a host.json. */
function armCodeFolder(file: string, files: ScanRoot): string | null {
  const dir = dirname(file) === '.' ? '' : dirname(file);
  const has = (rel: string) => (files.list(files.abs(rel || '.')) ?? []).includes('host.json');
  if (has(dir)) return dir || '.';
  const subs = (files.list(files.abs(dir || '.')) ?? []).filter((n) => !n.startsWith('.') && n !== 'node_modules').map((n) => (dir ? `${dir}/${n}` : n)).filter((rel) => has(rel));
  return subs.length === 1 ? subs[0]! : null;
}

const get = (o: V | undefined, ...path: string[]): V | undefined => {
  let v = o;
  for (const p of path) {
    if (!isObject(v ?? null)) return undefined;
    const obj = v as VObject;
    const key = Object.keys(obj).find((k) => k.toLowerCase() === p.toLowerCase());
    v = key === undefined ? undefined : obj[key];
  }
  return v;
};

/** Builds an object whose members keep the locations of the source members they came from. */
function objFrom(locs: WeakMap<object, Map<string | number, SourceLocation>>, pairs: [string, V | undefined, VObject | undefined, string][]): VObject {
  const o = newObject();
  const m = new Map<string | number, SourceLocation>();
  for (const [k, v, src, srcKey] of pairs) {
    if (v === undefined) continue;
    o[k] = v;
    const l = src ? locs.get(src)?.get(Object.keys(src).find((x) => x.toLowerCase() === srcKey.toLowerCase()) ?? srcKey) : undefined;
    if (l) m.set(k, l);
  }
  locs.set(o, m);
  return o;
}

function mergeSiteConfig(site: VObject, sc: VObject, locs: WeakMap<object, Map<string | number, SourceLocation>>): void {
  const fx = get(sc, 'linuxFxVersion');
  const m = typeof fx === 'string' ? /^(node|python|java|dotnet(?:-isolated)?)\|(.+)$/i.exec(fx) : null;
  const stack = m ? objFrom(locs, [[`${m[1]!.toLowerCase().startsWith('dotnet') ? 'dotnet' : m[1]!.toLowerCase()}_version`, m[2]!, sc, 'linuxFxVersion']]) : undefined;
  const rules = get(sc, 'ipSecurityRestrictions');
  const restrictions = Array.isArray(rules)
    ? rules.filter((r): r is VObject => isObject(r)).map((r) => {
        const tag = get(r, 'tag');
        const ip = get(r, 'ipAddress');
        return objFrom(locs, [
          ['action', get(r, 'action'), r, 'action'],
          [tag === 'ServiceTag' ? 'service_tag' : 'ip_address', ip, r, 'ipAddress'],
          ['virtual_network_subnet_id', get(r, 'vnetSubnetResourceId'), r, 'vnetSubnetResourceId'],
        ]);
      })
    : undefined;
  const cfg = objFrom(locs, [
    ['app_scale_limit', get(sc, 'functionAppScaleLimit'), sc, 'functionAppScaleLimit'],
    ['ip_restriction', restrictions, sc, 'ipSecurityRestrictions'],
    ['ip_restriction_default_action', get(sc, 'ipSecurityRestrictionsDefaultAction'), sc, 'ipSecurityRestrictionsDefaultAction'],
    ['application_stack', stack ? [stack] : undefined, sc, 'linuxFxVersion'],
  ]);
  const prev = isObject((site['site_config'] as V[] | undefined)?.[0] ?? null) ? ((site['site_config'] as V[])[0] as VObject) : newObject();
  for (const k of Object.keys(cfg)) prev[k] = cfg[k]!;
  locs.set(prev, new Map([...(locs.get(prev) ?? []), ...(locs.get(cfg) ?? [])]));
  site['site_config'] = [prev];
}

/** `config/authsettingsV2` properties → azurerm `auth_settings_v2`. */
function easyAuth(p: VObject, locs: WeakMap<object, Map<string | number, SourceLocation>>): VObject {
  const gv = get(p, 'globalValidation') as VObject | undefined;
  const platform = get(p, 'platform') as VObject | undefined;
  const providers = (get(p, 'identityProviders') as VObject | undefined) ?? newObject();
  const aad = get(providers, 'azureActiveDirectory');
  const issuer = get(aad, 'registration', 'openIdIssuer');
  const action = get(gv, 'unauthenticatedClientAction');
  const social: [string, string][] = [['google', 'google_v2'], ['facebook', 'facebook_v2'], ['gitHub', 'github_v2'], ['twitter', 'twitter_v2'], ['apple', 'apple_v2'], ['customOpenIdConnectProviders', 'custom_oidc_v2']];
  const out = objFrom(locs, [
    ['auth_enabled', get(platform, 'enabled'), platform, 'enabled'],
    ['require_authentication', get(gv, 'requireAuthentication'), gv, 'requireAuthentication'],
    ['unauthenticated_action', action === 'RedirectToLoginPage' ? 'RedirectToLoginPage' : action === 'AllowAnonymous' ? 'AllowAnonymous' : action, gv, 'unauthenticatedClientAction'],
    ['excluded_paths', get(gv, 'excludedPaths'), gv, 'excludedPaths'],
    ['active_directory_v2', aad !== undefined && get(aad, 'enabled') !== false ? [objFrom(locs, [['tenant_auth_endpoint', issuer ?? new Unknown('openIdIssuer is not set'), get(aad, 'registration') as VObject | undefined, 'openIdIssuer']])] : undefined, providers, 'azureActiveDirectory'],
    ...social.map(([k, tf]): [string, V | undefined, VObject | undefined, string] => [tf, get(providers, k) !== undefined && get(providers, k, 'enabled') !== false ? [newObject()] : undefined, providers, k]),
  ]);
  return out;
}

/** One ARM resource as the azurerm resource of the same meaning, or null when nightlight does not model it. */
function toAzurerm(res: ArmResource, v: VObject, ctx: Ctx, codeFolder: string | null, locs: WeakMap<object, Map<string | number, SourceLocation>>): { type: string; body: VObject } | null {
  const t = res.type.toLowerCase();
  const props = (isObject(v['properties'] ?? null) ? v['properties'] : newObject()) as VObject;
  const short = (n: V | undefined) => (typeof n === 'string' ? n.split('/').pop()! : n);
  const own = res.name !== null ? short(res.name) : short(v['name']);
  const named = (type: string) => ({ type, body: objFrom(locs, [['name', own, v, 'name']]) });
  switch (t) {
    case 'microsoft.web/sites': {
      const kind = String(v['kind'] ?? '').toLowerCase();
      if (!kind.includes('functionapp')) return null;
      const sc = (get(props, 'siteConfig') as VObject | undefined) ?? newObject();
      const settings = get(sc, 'appSettings');
      const app = newObject();
      const appLocs = new Map<string | number, SourceLocation>();
      if (Array.isArray(settings)) {
        for (const s of settings) {
          if (!isObject(s)) continue;
          const n = get(s, 'name');
          if (typeof n !== 'string') continue;
          app[n] = get(s, 'value') ?? null;
          const l = locs.get(s)?.get(Object.keys(s).find((k) => k.toLowerCase() === 'value') ?? 'value');
          if (l) appLocs.set(n, l);
        }
      }
      locs.set(app, appLocs);
      const identity = get(v, 'identity') as VObject | undefined;
      const userIds = get(identity, 'userAssignedIdentities');
      const ids = isObject(userIds ?? null) ? Object.keys(userIds as VObject).map((k) => (k.startsWith('@ref:') ? new CfnExpr({ Ref: k.slice(5) }) : k)) : undefined;
      const body = objFrom(locs, [
        ['name', v['name'], v, 'name'],
        ['app_settings', Array.isArray(settings) ? app : undefined, sc, 'appSettings'],
        ['identity', identity ? [objFrom(locs, [['type', get(identity, 'type'), identity, 'type'], ['identity_ids', ids, identity, 'userAssignedIdentities']])] : undefined, v, 'identity'],
        ['public_network_access_enabled', get(props, 'publicNetworkAccess') === 'Disabled' ? false : get(props, 'publicNetworkAccess') instanceof Unknown ? new Unknown('publicNetworkAccess is not known statically') : undefined, props, 'publicNetworkAccess'],
        ['zip_deploy_file', codeFolder ?? undefined, v, 'name'],
      ]);
      mergeSiteConfig(body, sc, locs);
      return { type: kind.includes('linux') ? 'azurerm_linux_function_app' : 'azurerm_windows_function_app', body };
    }
    case 'microsoft.web/sites/functions': {
      const site = res.parent ?? (typeof res.name === 'string' ? ctx.resources.find((r) => r.type.toLowerCase() === 'microsoft.web/sites' && r.name === res.name!.split('/')[0]) : undefined);
      const config = get(props, 'config');
      return {
        type: 'azurerm_function_app_function',
        body: objFrom(locs, [
          ['name', own, v, 'name'],
          ['function_app_id', site ? new CfnExpr({ Ref: site.id }) : new Unknown('the function app is not in the template'), v, 'name'],
          ['language', get(props, 'language'), props, 'language'],
          ['config_json', config === undefined ? undefined : isObject(config) ? new JsonText(config) : config, props, 'config'],
        ]),
      };
    }
    case 'microsoft.authorization/roleassignments': {
      const scope = v['scope'] ?? (ctx.subscriptionScope ? SUB : RG);
      return {
        type: 'azurerm_role_assignment',
        body: objFrom(locs, [
          ['scope', scope instanceof CfnExpr ? scope : scope, v, v['scope'] !== undefined ? 'scope' : 'type'],
          ['role_definition_id', get(props, 'roleDefinitionId'), props, 'roleDefinitionId'],
          ['principal_id', get(props, 'principalId'), props, 'principalId'],
        ]),
      };
    }
    case 'microsoft.managedidentity/userassignedidentities':
      return named('azurerm_user_assigned_identity');
    case 'microsoft.servicebus/namespaces/queues':
      return named('azurerm_servicebus_queue');
    case 'microsoft.servicebus/namespaces/topics':
      return named('azurerm_servicebus_topic');
    case 'microsoft.storage/storageaccounts/queueservices/queues':
      return named('azurerm_storage_queue');
    case 'microsoft.storage/storageaccounts/blobservices/containers':
      return named('azurerm_storage_container');
    case 'microsoft.keyvault/vaults':
      return named('azurerm_key_vault');
    case 'microsoft.keyvault/vaults/secrets':
      return named('azurerm_key_vault_secret');
    default:
      return null;
  }
}
