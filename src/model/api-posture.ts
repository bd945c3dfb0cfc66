/**
 * The stages API Gateway serves an API on, and the AppSync APIs, with their logging, tracing,
 * client certificate and web ACL as declared (issue 22). The posture rules decide what a gap means
 * for the app; here only what the templates say, with API Gateway's defaults where they say nothing
 * (no access log, execution logging `OFF`, no tracing, no client certificate, no web ACL). Sets
 * `attributes.wafAssociated` on an API every stage of which (an AppSync API that) a web ACL
 * protects, which the cost analysis reads. Pure.
 */
import type { ApiStage, DocPath, Maybe, ResourceNode, SourceLocation } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';

/** One resource of a stack, as the builder holds it; `at` locates a path under its properties (`[]`: the resource). */
export interface PostureSite {
  stack: string;
  logicalId: string;
  type: string;
  props: RObject;
  at(path: DocPath): SourceLocation;
}

type NodeOf = (stack: string, logicalId: string) => ResourceNode | null;

const present = (v: RValue | undefined): boolean => v !== undefined && v !== null && v !== '';
function flag(v: RValue | undefined): Maybe<boolean> {
  if (isUnresolved(v)) return v;
  return v === true || v === 'true';
}
function set(v: RValue | undefined): Maybe<boolean> {
  if (isUnresolved(v) && v.ref === undefined && v.pattern === undefined) return v;
  return present(v);
}
function level(v: RValue | undefined): Maybe<string> {
  if (isUnresolved(v)) return v;
  return typeof v === 'string' ? v.toUpperCase() : 'OFF';
}

/** The API a `RestApiId`/`ApiId` of a resource of `stack` names: by identity, else by name or logical id there. */
function apiOf(site: PostureSite, ref: RValue | undefined, nodes: readonly ResourceNode[], nodeOf: NodeOf): ResourceNode | null {
  // A REST API and an HTTP API may share a name (the Serverless Framework names both `<stage>-<service>`).
  const fits = (n: ResourceNode | null) => (n !== null && (site.type === 'AWS::ApiGatewayV2::Stage' ? n.kind === 'http-api' || n.kind === 'websocket-api' : n.kind === 'rest-api') ? n : null);
  if (isUnresolved(ref)) return ref.ref === undefined ? null : fits(nodeOf(site.stack, ref.ref));
  if (typeof ref !== 'string') return null;
  return nodes.find((n) => n.stack === site.stack && fits(n) && (n.name === ref || n.logicalId === ref)) ?? null;
}

/** REST `MethodSettings`: the level set for every method (`/*`, `*`), else OFF. */
function restLevel(settings: RValue | undefined): Maybe<string> {
  if (isUnresolved(settings)) return settings;
  if (!Array.isArray(settings)) return 'OFF';
  for (const ms of settings) {
    const o = asObject(ms as never) as RObject;
    const path = o['ResourcePath'] ?? '/*';
    const method = o['HttpMethod'] ?? '*';
    if (path === '/*' && method === '*' && o['LoggingLevel'] !== undefined) return level(o['LoggingLevel']);
  }
  return 'OFF';
}

function stageOf(site: PostureSite, name: RValue | undefined, o: RObject, base: DocPath): ApiStage {
  return {
    name: isUnresolved(name) ? name : typeof name === 'string' ? name : unresolved('the stage has no name'),
    accessLog: set(asObject(o['AccessLogSetting'] as never)['DestinationArn'] as RValue),
    executionLog: o['LoggingLevel'] !== undefined ? level(o['LoggingLevel']) : restLevel(o['MethodSettings']),
    tracing: flag(o['TracingEnabled']),
    clientCertificate: set(o['ClientCertificateId']),
    waf: false,
    location: site.at(base),
  };
}

/** A web ACL association's target: a REST stage (API name or identity, stage name) or another resource's ARN. */
interface AclTarget {
  api?: { ref?: string; name?: string };
  stage?: string;
  /** The resource the association names by identity (`!GetAtt Api.Arn`, Terraform `aws_api_gateway_stage.x.arn`). */
  ref?: string;
  arn?: string;
}

function aclTarget(v: RValue | undefined): AclTarget | null {
  if (typeof v === 'string') {
    const m = /:apigateway:[^:]*::\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(v);
    return m ? { api: { name: m[1]! }, stage: m[2]! } : { arn: v };
  }
  if (!isUnresolved(v)) return null;
  const m = v.pattern !== undefined ? /:apigateway:[^:]*::\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(v.pattern) : null;
  if (m) return { api: m[1] === '*' ? (v.ref !== undefined ? { ref: v.ref } : {}) : { name: m[1]! }, ...(m[2] !== '*' ? { stage: m[2]! } : {}), ...(v.ref !== undefined ? { ref: v.ref } : {}) };
  return v.ref !== undefined ? { ref: v.ref } : null;
}

/** Fills `posture.stages` of the API nodes, `posture.appsync` of AppSync APIs and `attributes.wafAssociated`. */
export function applyApiPosture(sites: readonly PostureSite[], nodes: readonly ResourceNode[], nodeOf: NodeOf): void {
  const stagesOf = new Map<ResourceNode, { stage: ApiStage; site: PostureSite }[]>();
  const add = (api: ResourceNode, stage: ApiStage, site: PostureSite) => {
    const list = stagesOf.get(api) ?? [];
    list.push({ stage, site });
    stagesOf.set(api, list);
  };
  for (const site of sites) {
    const p = site.props;
    if (site.type === 'AWS::ApiGateway::Stage') {
      const api = apiOf(site, p['RestApiId'], nodes, nodeOf);
      if (api) add(api, stageOf(site, p['StageName'], p, []), site);
    } else if (site.type === 'AWS::ApiGatewayV2::Stage') {
      const api = apiOf(site, p['ApiId'], nodes, nodeOf);
      if (!api) continue;
      const d = asObject(p['DefaultRouteSettings'] as never) as RObject;
      const stage: ApiStage = { name: isUnresolved(p['StageName']) ? p['StageName'] : typeof p['StageName'] === 'string' ? p['StageName'] : unresolved('the stage has no name'), accessLog: set(asObject(p['AccessLogSettings'] as never)['DestinationArn'] as RValue), location: site.at([]) };
      if (api.kind === 'websocket-api') stage.executionLog = level(d['LoggingLevel']);
      add(api, stage, site);
    } else if (site.type === 'AWS::AppSync::GraphQLApi') {
      const node = nodeOf(site.stack, site.logicalId);
      if (!node) continue;
      const log = p['LogConfig'];
      const lo = asObject(log as never) as RObject;
      const extra = Array.isArray(p['AdditionalAuthenticationProviders']) ? (p['AdditionalAuthenticationProviders'] as RValue[]) : [];
      const authType = (v: RValue | undefined): Maybe<string> => (isUnresolved(v) ? v : typeof v === 'string' ? v : unresolved('no AuthenticationType'));
      node.posture = {
        ...node.posture,
        appsync: {
          logging: isUnresolved(log) ? log : log === undefined ? false : set(lo['CloudWatchLogsRoleArn']),
          fieldLogLevel: isUnresolved(log) ? log : level(lo['FieldLogLevel'] ?? 'NONE'),
          authTypes: [authType(p['AuthenticationType']), ...extra.map((x) => authType((asObject(x as never) as RObject)['AuthenticationType']))],
          waf: false,
          location: log === undefined ? site.at([]) : site.at(['LogConfig']),
        },
      };
    }
  }
  // A deployment with a StageName creates that stage, with its StageDescription's settings, unless
  // Stage resources of the API exist (SAM's `Stage` deployment stage is then an artefact of the
  // translator nobody configures).
  for (const site of sites) {
    if (site.type !== 'AWS::ApiGateway::Deployment' || site.props['StageName'] === undefined) continue;
    const api = apiOf(site, site.props['RestApiId'], nodes, nodeOf);
    if (!api || stagesOf.get(api)?.some((s) => s.site.type === 'AWS::ApiGateway::Stage')) continue;
    const desc = site.props['StageDescription'];
    add(api, stageOf(site, site.props['StageName'], asObject(desc as never) as RObject, desc === undefined ? ['StageName'] : ['StageDescription']), site);
  }
  // Web ACL associations (WAFv2, and WAF Classic regional).
  for (const site of sites) {
    if (site.type !== 'AWS::WAFv2::WebACLAssociation' && site.type !== 'AWS::WAFRegional::WebACLAssociation') continue;
    const t = aclTarget(site.props['ResourceArn']);
    if (!t) {
      // Any REST stage or AppSync API of the stack may be the one protected.
      const why = unresolved(`the web ACL association ${site.logicalId} names a resource that could not be resolved`);
      for (const [api, list] of stagesOf) if (api.stack === site.stack && api.kind === 'rest-api') for (const { stage } of list) if (stage.waf === false) stage.waf = why;
      for (const n of nodes) if (n.stack === site.stack && n.posture?.appsync && n.posture.appsync.waf === false) n.posture.appsync.waf = why;
      continue;
    }
    const byRef = t.ref !== undefined ? nodeOf(site.stack, t.ref) : null;
    if (byRef?.posture?.appsync) {
      byRef.posture.appsync.waf = true;
      continue;
    }
    if (t.arn !== undefined) {
      // An ARN names the API of the association's own stack first (two stacks may declare the same
      // name, hence the same synthesised ARN); another stack's only when none of its own has it.
      const named = nodes.filter((x) => x.posture?.appsync && x.arn === t.arn);
      const own = named.filter((x) => x.stack === site.stack);
      for (const n of own.length > 0 ? own : named) n.posture!.appsync!.waf = true;
      continue;
    }
    for (const [api, list] of stagesOf) {
      if (api.kind !== 'rest-api' || api.stack !== site.stack) continue;
      for (const { stage, site: ss } of list) {
        const stageById = t.ref !== undefined && ss.logicalId === t.ref && ss.stack === site.stack;
        const apiMatches = t.api?.ref !== undefined ? api.logicalId === t.api.ref : t.api?.name !== undefined ? api.name === t.api.name || api.logicalId === t.api.name : byRef === api;
        const stageMatches = t.stage === undefined || stage.name === t.stage;
        if (stageById || (t.api && apiMatches && stageMatches)) stage.waf = true;
      }
    }
  }
  for (const [api, list] of stagesOf) {
    const stages = list.map((s) => s.stage);
    api.posture = { ...api.posture, stages };
    if (api.kind === 'rest-api' && stages.every((s) => s.waf === true)) api.attributes.wafAssociated = true;
  }
  for (const n of nodes) if (n.posture?.appsync?.waf === true) n.attributes.wafAssociated = true;
}

/** Resource types the builder hands to `applyApiPosture`. */
export const API_POSTURE_TYPES = new Set(['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment', 'AWS::ApiGatewayV2::Stage', 'AWS::AppSync::GraphQLApi', 'AWS::WAFv2::WebACLAssociation', 'AWS::WAFRegional::WebACLAssociation']);
