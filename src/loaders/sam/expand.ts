/**
 * SAM → CloudFormation, the way the SAM translator (AWS::Serverless-2016-10-31) does it.
 *
 * The result keeps intrinsics as written (a later resolver evaluates them), uses the translator's
 * logical ids, and can locate every generated value back to the SAM line the user wrote. Invalid SAM
 * becomes `sam-invalid` error diagnostics naming the resource and line; the expansion never throws.
 */
import type { Diagnostic, DocPath, JsonObject, JsonValue, LoadedTemplate } from '../../model/types.js';
import { dict } from '../../model/types.js';
import { pathPrefixes } from '../../model/values.js';
import { collectRoutes, IMPLICIT_HTTP, IMPLICIT_REST, translateApi } from './api.js';
import { type Ctx, isObject, SamInvalid, type SamResource } from './context.js';
import { translateFunction } from './function.js';
import { readGlobals, samResource } from './globals.js';
import type { SamPolicyTemplates } from './policy-templates.js';
import { translateWebSocketApi } from './websocket.js';
import { translateConnector } from './connectors.js';
import { translateGraphQLApi } from './graphql.js';
import { validateApis, validateTemplate } from './validate.js';
import { translateApplication, translateLayer, translateSimpleTable, translateStateMachine } from './resources.js';

export type { SamPolicyTemplates } from './policy-templates.js';
export { loadSamPolicyTemplates } from './policy-templates.js';

export interface ExpandSamOptions {
  policyTemplates: SamPolicyTemplates;
}

/** SAM types this expansion knows how to turn into CloudFormation. */
const HANDLED = new Set([
  'AWS::Serverless::Function',
  'AWS::Serverless::Api',
  'AWS::Serverless::HttpApi',
  'AWS::Serverless::SimpleTable',
  'AWS::Serverless::LayerVersion',
  'AWS::Serverless::StateMachine',
  'AWS::Serverless::Application',
  'AWS::Serverless::WebSocketApi',
  'AWS::Serverless::Connector',
  'AWS::Serverless::GraphQLApi',
]);

/** Translated after functions and state machines, because their events add routes and bucket/pool settings. */
const ORDER: Record<string, number> = {
  'AWS::Serverless::LayerVersion': 0,
  'AWS::Serverless::Function': 1,
  'AWS::Serverless::StateMachine': 2,
  'AWS::Serverless::Api': 3,
  'AWS::Serverless::HttpApi': 4,
};

export function expandSam(template: LoadedTemplate, options: ExpandSamOptions, diagnostics: Diagnostic[]): LoadedTemplate {
  const src = template;
  const body = src.body;
  const out: JsonObject = {};
  const ctx: Ctx = {
    src,
    templates: options.policyTemplates,
    diagnostics,
    resources: dict(),
    conditions: dict(),
    origins: new Map(),
    sam: new Map(),
    routes: new Map(),
  };
  const report = (e: unknown, fallback: DocPath, id?: string): void => {
    const path = e instanceof SamInvalid ? e.path : fallback;
    const loc = src.locate(path);
    const text = e instanceof SamInvalid ? e.message : `${id ? `Resource with id [${id}]: ` : ''}internal error while expanding SAM: ${(e as Error)?.message ?? String(e)}`;
    diagnostics.push({ level: 'error', code: e instanceof SamInvalid ? 'sam-invalid' : 'sam-internal', message: `${loc.file}:${loc.line}: ${text}`, location: loc });
  };

  for (const [k, v] of Object.entries(body)) {
    if (k === 'Transform' || k === 'Globals' || k === 'Resources') continue;
    out[k] = structuredClone(v);
  }
  // Other transforms (AWS::LanguageExtensions, ...) stay for CloudFormation to run after SAM.
  const transforms = (Array.isArray(body['Transform']) ? body['Transform'] : [body['Transform']]).filter((t) => t !== undefined && t !== 'AWS::Serverless-2016-10-31');
  if (transforms.length > 0) out['Transform'] = transforms.length === 1 ? transforms[0]! : transforms;
  out['Resources'] = ctx.resources;

  const resources = body['Resources'];
  if (!isObject(resources) || Object.keys(resources).length === 0) {
    report(new SamInvalid("Invalid Serverless Application Specification document. 'Resources' section is required and must be a non-empty map.", ['Resources']), ['Resources']);
    return finish(ctx, out);
  }
  const { sections, errors } = readGlobals(body);
  for (const e of errors) report(e, ['Globals']);

  const samList: SamResource[] = [];
  const unhandled: SamResource[] = [];
  for (const [id, res] of Object.entries(resources)) {
    if (!isObject(res)) {
      report(new SamInvalid(`Resource with id [${id}] is invalid. Resource must be a map.`, ['Resources', id]), ['Resources', id]);
      continue;
    }
    const type = res['Type'];
    if (typeof type !== 'string') {
      // Not SAM's to judge: the translator passes such resources through to CloudFormation.
      ctx.resources[id] = structuredClone(res);
      continue;
    }
    if (!/^[A-Za-z0-9]+$/.test(id)) {
      report(new SamInvalid(`Resource with id [${id}] is invalid. Logical ids must be alphanumeric.`, ['Resources', id]), ['Resources', id]);
      if (type.startsWith('AWS::Serverless::')) continue;
    }
    if (!type.startsWith('AWS::Serverless::')) {
      ctx.resources[id] = structuredClone(res);
      // Embedded connectors are SAM's; what they generate is added after all resources.
      delete (ctx.resources[id] as JsonObject)['Connectors'];
      continue;
    }
    if (res['Properties'] !== undefined && res['Properties'] !== null && !isObject(res['Properties'])) {
      report(new SamInvalid(`Resource with id [${id}] is invalid. Properties of a resource must be an object.`, ['Resources', id, 'Properties']), ['Resources', id]);
      continue;
    }
    if (!HANDLED.has(type)) {
      if (type === 'AWS::Serverless::CapacityProvider') unhandled.push(samResource(id, res, sections));
      const loc = src.locate(['Resources', id]);
      const known = type === 'AWS::Serverless::CapacityProvider';
      diagnostics.push({
        level: known ? 'warning' : 'error',
        code: known ? 'sam-unsupported' : 'sam-invalid',
        message: known
          ? `${loc.file}:${loc.line}: ${id}: ${type} is not expanded by nightlight; the permissions and resources it would create are not analysed`
          : `${loc.file}:${loc.line}: Resource with id [${id}] is invalid. ${type} is not a supported SAM resource type.`,
        location: loc,
      });
      continue;
    }
    const r = samResource(id, res, sections);
    ctx.sam.set(id, r);
    samList.push(r);
  }

  reportIncludes(ctx, body, []);
  for (const e of validateTemplate(body, [...samList, ...unhandled], src.writtenAsFloat ? (path) => src.writtenAsFloat!(path) : undefined)) report(e, e.path);

  // Routes first: Api/HttpApi events decide which APIs exist and what their definitions hold.
  for (const r of samList) {
    if (r.type !== 'AWS::Serverless::Function' && r.type !== 'AWS::Serverless::StateMachine') continue;
    try {
      collectRoutes(ctx, [r]);
    } catch (e) {
      report(e, r.path, r.id);
      ctx.sam.delete(r.id);
    }
  }
  const work = samList.filter((r) => ctx.sam.has(r.id));
  const implicitApis: SamResource[] = [];
  for (const [implicit, type, section] of [[IMPLICIT_REST, 'AWS::Serverless::Api', 'Api'], [IMPLICIT_HTTP, 'AWS::Serverless::HttpApi', 'HttpApi']] as const) {
    const routes = ctx.routes.get(implicit);
    if (!routes || routes.length === 0) continue;
    const existing = ctx.sam.get(implicit);
    if (existing?.type === type) continue;
    if (existing) {
      // The translator's implicit API takes the id over from another SAM resource written with it.
      ctx.sam.delete(implicit);
      if (work.includes(existing)) work.splice(work.indexOf(existing), 1);
      const loc = src.locate(existing.path);
      diagnostics.push({ level: 'warning', code: 'sam-implicit-api-id', message: `${loc.file}:${loc.line}: ${implicit}: the implicit API of the Api events replaces this ${existing.type}, as the SAM translator does`, location: loc });
    } else if (isObject(resources[implicit])) {
      report(new SamInvalid(`Resource with id [${implicit}] is invalid. The implicit API logical id is already used by a resource in the template.`, ['Resources', implicit]), ['Resources', implicit]);
      continue;
    }
    const first = routes[0]!.eventPath;
    const r = samResource(implicit, { Type: type, Properties: {} }, sections, first);
    // Globals values keep pointing at Globals; the API itself at the first event that made it.
    const propPath = r.propPath;
    r.propPath = (k) => (isObject(sections[section]) && k in sections[section]! ? ['Globals', section, k] : propPath(k));
    ctx.sam.set(implicit, r);
    work.push(r);
    implicitApis.push(r);
  }
  for (const e of validateApis(ctx, implicitApis)) report(e, e.path);

  const layerIds = new Map<string, string>();
  work.sort((a, b) => (ORDER[a.type] ?? 9) - (ORDER[b.type] ?? 9));
  // Snapshotting every id per resource is quadratic in app size: addResource logs what it adds.
  const added: string[] = (ctx.added = []);
  for (const r of work) {
    const mark = added.length;
    try {
      switch (r.type) {
        case 'AWS::Serverless::Function': translateFunction(ctx, r); break;
        case 'AWS::Serverless::StateMachine': translateStateMachine(ctx, r); break;
        case 'AWS::Serverless::Api': translateApi(ctx, r, false); break;
        case 'AWS::Serverless::HttpApi': translateApi(ctx, r, true); break;
        case 'AWS::Serverless::SimpleTable': translateSimpleTable(ctx, r); break;
        case 'AWS::Serverless::LayerVersion': layerIds.set(r.id, translateLayer(ctx, r)); break;
        case 'AWS::Serverless::Application': translateApplication(ctx, r); break;
        case 'AWS::Serverless::WebSocketApi': translateWebSocketApi(ctx, r); break;
        case 'AWS::Serverless::Connector': translateConnector(ctx, r.id, r.props, r.path, r.raw); break;
        case 'AWS::Serverless::GraphQLApi': translateGraphQLApi(ctx, r); break;
      }
    } catch (e) {
      report(e, r.path, r.id);
      // Drop what this resource half-generated so the output never holds a partial translation.
      for (const k of added.splice(mark)) delete ctx.resources[k];
    }
  }
  embeddedConnectors(ctx, resources, report);
  if (layerIds.size > 0) out['Resources'] = rewriteRefs(ctx.resources, layerIds) as JsonObject;
  if (out['Outputs'] !== undefined && layerIds.size > 0) out['Outputs'] = rewriteRefs(out['Outputs']!, layerIds);
  if (Object.keys(ctx.conditions).length > 0) out['Conditions'] = { ...(isObject(out['Conditions']) ? out['Conditions'] : {}), ...ctx.conditions };
  resolveSamRefs(ctx, out, resources);
  return finish(ctx, out);
}

/** SAM's own reference forms to resources it generates: `!Ref Fn.Alias`, `Fn.Version`, `Api.Stage`, `Api.Deployment`. */
const SAM_REF_SUFFIX: Record<string, { type: string[]; prop: string[] }> = {
  Alias: { type: ['AWS::Lambda::Alias'], prop: ['FunctionName'] },
  Version: { type: ['AWS::Lambda::Version'], prop: ['FunctionName'] },
  Stage: { type: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'], prop: ['RestApiId', 'ApiId'] },
  Deployment: { type: ['AWS::ApiGateway::Deployment', 'AWS::ApiGatewayV2::Deployment'], prop: ['RestApiId', 'ApiId'] },
};

/**
 * Rewrites SAM's `Resource.Alias|Version|Stage|Deployment` references into the logical ids of the
 * resources the expansion generated (as the translator does), and adds the CodeDeploy application
 * that `DeploymentPreference` functions share when the template refers to it. References that
 * match nothing are left for the resolver to report.
 */
function resolveSamRefs(ctx: Ctx, out: JsonObject, samResources: JsonObject): void {
  const generated = ctx.resources;
  const find = (id: string, suffix: string): string | null => {
    const spec = SAM_REF_SUFFIX[suffix];
    if (!spec) return null;
    for (const [gid, res] of Object.entries(generated)) {
      if (!isObject(res) || !spec.type.includes(String(res['Type']))) continue;
      const props = isObject(res['Properties']) ? res['Properties'] : {};
      if (spec.prop.some((k) => isObject(props[k]) && (props[k] as JsonObject)['Ref'] === id)) return gid;
    }
    return null;
  };
  let needsDeploymentApp = false;
  const rewrite = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (!isObject(v)) return v;
    const ref = v['Ref'];
    if (typeof ref === 'string' && Object.keys(v).length === 1) {
      if (ref === 'ServerlessDeploymentApplication' && !(ref in generated)) needsDeploymentApp = true;
      const dot = ref.lastIndexOf('.');
      if (dot > 0 && !(ref in generated)) {
        const target = find(ref.slice(0, dot), ref.slice(dot + 1));
        if (target) return { Ref: target };
      }
      return v;
    }
    const o: JsonObject = {};
    for (const [k, x] of Object.entries(v)) o[k] = rewrite(x);
    return o;
  };
  for (const section of ['Resources', 'Outputs'] as const) if (out[section] !== undefined) out[section] = rewrite(out[section]!);
  const usesDeployments = Object.values(samResources).some((r) => isObject(r) && isObject(r['Properties']) && (r['Properties'] as JsonObject)['DeploymentPreference'] !== undefined);
  if (needsDeploymentApp && usesDeployments && isObject(out['Resources'])) {
    (out['Resources'] as JsonObject)['ServerlessDeploymentApplication'] = { Type: 'AWS::CodeDeploy::Application', Properties: { ComputePlatform: 'Lambda' } };
  }
}

/** `Connectors:` written on a resource: each becomes the connector `<Resource><Name>` with that resource as Source. */
function embeddedConnectors(ctx: Ctx, resources: JsonObject, report: (e: unknown, fallback: DocPath, id?: string) => void): void {
  for (const [id, res] of Object.entries(resources)) {
    if (!isObject(res) || res['Connectors'] === undefined) continue;
    const at: DocPath = ['Resources', id, 'Connectors'];
    const connectors = res['Connectors'];
    if (!isObject(connectors)) {
      report(new SamInvalid(`Resource with id [${id}] is invalid. 'Connectors' must be a map.`, at), at);
      continue;
    }
    for (const [name, c] of Object.entries(connectors)) {
      const cid = `${id}${name}`;
      const cAt: DocPath = [...at, name];
      try {
        if (!isObject(c) || !isObject(c['Properties'])) throw new SamInvalid(`Resource with id [${id}] is invalid. Embedded connector '${name}' must have a 'Properties' map.`, cAt);
        if (!/^[A-Za-z0-9]+$/.test(name)) throw new SamInvalid(`Resource with id [${id}] is invalid. Logical ids must be alphanumeric: connector '${name}'.`, cAt);
        if (c['Properties']['Source'] !== undefined) throw new SamInvalid(`Resource with id [${cid}] is invalid. 'Source' is not a supported property of an embedded connector; the connector's resource is its Source.`, [...cAt, 'Properties', 'Source']);
        if (resources[cid] !== undefined || ctx.resources[cid] !== undefined) {
          throw new SamInvalid(`Transforming resource with id [${id}] attempts to create a new resource with id [${cid}] and type "AWS::Serverless::Connector". A resource with that id already exists within this template. Please use a different id for that resource.`, cAt);
        }
        translateConnector(ctx, cid, { ...c['Properties'], Source: { Id: id, ...(isObject(c['Properties']['SourceReference']) ? c['Properties']['SourceReference'] : {}) } }, cAt, { ...(res['Condition'] !== undefined ? { Condition: res['Condition'] } : {}), ...(c['DependsOn'] !== undefined ? { DependsOn: c['DependsOn'] } : {}) });
      } catch (e) {
        report(e, cAt, cid);
      }
    }
  }
}

function finish(ctx: Ctx, out: JsonObject): LoadedTemplate {
  const src = ctx.src;
  const origins = ctx.origins;
  return {
    file: src.file,
    format: 'sam',
    body: out,
    expandedFrom: src,
    locate(path: DocPath) {
      const prefixes = pathPrefixes(path);
      for (let n = path.length; n > 0; n--) {
        const origin = origins.get(prefixes.key.slice(0, prefixes.ends[n]));
        if (origin) return src.locate([...origin, ...path.slice(n)]);
      }
      return src.locate(path);
    },
  };
}

/** `Ref`s to a SAM layer point at the generated, hashed LayerVersion id. */
function rewriteRefs(v: JsonValue, ids: Map<string, string>): JsonValue {
  if (Array.isArray(v)) return v.map((x) => rewriteRefs(x, ids));
  if (isObject(v)) {
    if (typeof v['Ref'] === 'string' && Object.keys(v).length === 1 && ids.has(v['Ref'])) return { Ref: ids.get(v['Ref'])! };
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = rewriteRefs(x, ids);
    return out;
  }
  return v;
}

/** `Fn::Transform: AWS::Include` is kept for CloudFormation; what it pulls in is not seen here. */
function reportIncludes(ctx: Ctx, v: JsonValue, path: (string | number)[]): void {
  // `path` is one array pushed and popped along the walk (every node of the template is visited)
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      reportIncludes(ctx, v[i]!, path);
      path.pop();
    }
    return;
  }
  if (!isObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if ((k === 'Fn::Transform' || k === 'Transform') && isObject(x) && x['Name'] === 'AWS::Include') {
      const loc = ctx.src.locate([...path, k]);
      ctx.diagnostics.push({
        level: 'info',
        code: 'sam-include',
        message: `${loc.file}:${loc.line}: AWS::Include is kept as written; the included document is not read, so what it defines is not analysed`,
        location: loc,
      });
      continue;
    }
    path.push(k);
    reportIncludes(ctx, x, path);
    path.pop();
  }
}
