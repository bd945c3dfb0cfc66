/**
 * Live reading of API Gateway: HTTP and WebSocket APIs (routes, integrations, authorizers, stages)
 * and REST APIs (resources, methods, authorizers, resource policies, stages), as the resources a
 * template would declare.
 */
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { JsonObject, JsonValue } from '../../model/types.js';
import { UNRESOLVED_KEY } from '../../model/resolve.js';
import { unknown, policyDocument, clean, type LiveResource, type RegionRead, type RegionReadOptions } from './read-shared.js';

// --- API Gateway (HTTP and WebSocket APIs) ------------------------------------------------------------

export async function readHttpApis(gw: ApiGatewayV2Client, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const apis = await o.caller.pages('apigateway:GET /apis', o.region, (NextToken) => gw.send(new o.sdk.gw2.GetApisCommand({ NextToken })), (p) => p.NextToken);
  for (const a of apis.pages.flatMap((p) => p.Items ?? [])) {
    if (!a.ApiId) continue;
    const id = a.ApiId;
    const api: LiveResource = {
      type: 'AWS::ApiGatewayV2::Api',
      physicalIds: [id],
      suffix: `Api${id}`,
      props: clean({
        Name: a.Name,
        ProtocolType: a.ProtocolType,
        DisableExecuteApiEndpoint: a.DisableExecuteApiEndpoint,
        CorsConfiguration: a.CorsConfiguration ? (clean({ AllowOrigins: a.CorsConfiguration.AllowOrigins, AllowMethods: a.CorsConfiguration.AllowMethods, AllowHeaders: a.CorsConfiguration.AllowHeaders, AllowCredentials: a.CorsConfiguration.AllowCredentials, ExposeHeaders: a.CorsConfiguration.ExposeHeaders, MaxAge: a.CorsConfiguration.MaxAge }) as JsonValue) : undefined,
      }),
      deployed: { name: id, ref: id },
    };
    out.resources.push(api);
    const what = `API ${id}`;
    const list = async <T>(action: string, send: (t: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>): Promise<{ items: T[]; complete: boolean }> => {
      const r = await o.caller.pages(action, what, send, (p) => p.NextToken);
      return { items: r.pages.flatMap((p) => p.Items ?? []), complete: r.complete };
    };
    const integrations = await list(`apigateway:GET /apis/{id}/integrations`, (NextToken) => gw.send(new o.sdk.gw2.GetIntegrationsCommand({ ApiId: id, NextToken })));
    for (const i of integrations.items) {
      if (!i.IntegrationId) continue;
      out.resources.push({ type: 'AWS::ApiGatewayV2::Integration', physicalIds: [i.IntegrationId], parent: api, suffix: `Integration${i.IntegrationId}`, props: clean({ ApiId: id, IntegrationType: i.IntegrationType, IntegrationUri: i.IntegrationUri, PayloadFormatVersion: i.PayloadFormatVersion }), deployed: { name: i.IntegrationId } });
    }
    const authorizers = await list(`apigateway:GET /apis/{id}/authorizers`, (NextToken) => gw.send(new o.sdk.gw2.GetAuthorizersCommand({ ApiId: id, NextToken })));
    for (const z of authorizers.items) {
      if (!z.AuthorizerId) continue;
      out.resources.push({
        type: 'AWS::ApiGatewayV2::Authorizer',
        physicalIds: [z.AuthorizerId],
        parent: api,
        suffix: `Authorizer${z.AuthorizerId}`,
        props: clean({ ApiId: id, Name: z.Name, AuthorizerType: z.AuthorizerType, IdentitySource: z.IdentitySource as JsonValue, AuthorizerUri: z.AuthorizerUri, JwtConfiguration: z.JwtConfiguration ? (clean({ Audience: z.JwtConfiguration.Audience, Issuer: z.JwtConfiguration.Issuer }) as JsonValue) : undefined }),
        deployed: { name: z.AuthorizerId },
      });
    }
    const routes = await list(`apigateway:GET /apis/{id}/routes`, (NextToken) => gw.send(new o.sdk.gw2.GetRoutesCommand({ ApiId: id, NextToken })));
    for (const r of routes.items) {
      if (!r.RouteId) continue;
      out.resources.push({
        type: 'AWS::ApiGatewayV2::Route',
        physicalIds: [r.RouteId],
        parent: api,
        suffix: `Route${r.RouteId}`,
        props: clean({ ApiId: id, RouteKey: r.RouteKey, Target: r.Target, AuthorizationType: r.AuthorizationType ?? 'NONE', AuthorizerId: r.AuthorizerId, ApiKeyRequired: r.ApiKeyRequired, AuthorizationScopes: r.AuthorizationScopes as JsonValue }),
        deployed: { name: r.RouteId },
      });
    }
    if (!routes.complete) out.resources.push({ type: 'AWS::ApiGatewayV2::Route', physicalIds: [], parent: api, suffix: 'UnreadableRoutes', props: { ApiId: id, RouteKey: unknown(`the routes of API ${id} could not be read`), AuthorizationType: unknown(`the routes of API ${id} could not be read`) } });
    const stages = await list(`apigateway:GET /apis/{id}/stages`, (NextToken) => gw.send(new o.sdk.gw2.GetStagesCommand({ ApiId: id, NextToken })));
    for (const s of stages.items) {
      if (!s.StageName) continue;
      const d = s.DefaultRouteSettings;
      out.resources.push({
        type: 'AWS::ApiGatewayV2::Stage',
        physicalIds: [s.StageName],
        parent: api,
        suffix: `Stage${s.StageName.replace(/[^A-Za-z0-9]/g, '')}`,
        props: clean({ ApiId: id, StageName: s.StageName, AutoDeploy: s.AutoDeploy, DefaultRouteSettings: d ? (clean({ ThrottlingBurstLimit: d.ThrottlingBurstLimit, ThrottlingRateLimit: d.ThrottlingRateLimit, DetailedMetricsEnabled: d.DetailedMetricsEnabled }) as JsonValue) : undefined }),
        deployed: { name: s.StageName },
      });
    }
    if (!stages.complete) out.resources.push({ type: 'AWS::ApiGatewayV2::Stage', physicalIds: [], parent: api, suffix: 'UnreadableStages', props: { ApiId: id, StageName: 'unknown', DefaultRouteSettings: { ThrottlingRateLimit: unknown(`the stages of API ${id} could not be read`), ThrottlingBurstLimit: unknown(`the stages of API ${id} could not be read`) } } });
  }
}

// --- API Gateway (REST APIs) ------------------------------------------------------------------------

/**
 * A REST API as the OpenAPI body SAM would deploy: one operation per method with its Lambda
 * integration and its authorization (authorizers as security schemes, API keys as `api_key`),
 * the resource policy, endpoint type, stage throttling and the usage plans that cover it.
 */
export async function readRestApis(gw: APIGatewayClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const apis = await o.caller.pages('apigateway:GET /restapis', o.region, (position) => gw.send(new o.sdk.gw.GetRestApisCommand({ position, limit: 500 })), (p) => p.position);
  const byId = new Map<string, LiveResource>();
  for (const a of apis.pages.flatMap((p) => p.items ?? [])) {
    if (!a.id) continue;
    const id = a.id;
    const what = `REST API ${id}`;
    const resources = await o.caller.pages('apigateway:GET /restapis/{id}/resources', what, (position) => gw.send(new o.sdk.gw.GetResourcesCommand({ restApiId: id, position, limit: 500, embed: ['methods'] })), (p) => p.position);
    const authorizers = await o.caller.pages('apigateway:GET /restapis/{id}/authorizers', what, (position) => gw.send(new o.sdk.gw.GetAuthorizersCommand({ restApiId: id, position, limit: 500 })), (p) => p.position);
    const schemes: JsonObject = {};
    const schemeOf = new Map<string, string>();
    for (const z of authorizers.pages.flatMap((p) => p.items ?? [])) {
      if (!z.id) continue;
      const name = z.name ?? z.id;
      schemeOf.set(z.id, name);
      const type = (z.type ?? '').toLowerCase();
      schemes[name] = clean({ type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': type === 'cognito_user_pools' ? 'cognito_user_pools' : 'custom', 'x-amazon-apigateway-authorizer': clean({ type, authorizerUri: z.authorizerUri, providerARNs: z.providerARNs as JsonValue, identitySource: z.identitySource }) });
    }
    const paths: JsonObject = {};
    for (const r of resources.pages.flatMap((p) => p.items ?? [])) {
      if (!r.path) continue;
      const ops: JsonObject = {};
      for (const [verb, m] of Object.entries(r.resourceMethods ?? {})) {
        const at = (m.authorizationType ?? 'NONE').toUpperCase();
        const requirement: JsonObject = {};
        if (at === 'AWS_IAM') requirement['AWS_IAM'] = [];
        else if ((at === 'CUSTOM' || at === 'COGNITO_USER_POOLS') && m.authorizerId) requirement[schemeOf.get(m.authorizerId) ?? m.authorizerId] = (m.authorizationScopes ?? []) as JsonValue;
        else if (at !== 'NONE') requirement[`unknown-${at}`] = [];
        const security: JsonValue[] = Object.keys(requirement).length ? [requirement] : [];
        if (m.apiKeyRequired) security.push({ api_key: [] });
        const integ = m.methodIntegration;
        ops[verb.toLowerCase() === 'any' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase()] = clean({
          'x-amazon-apigateway-integration': integ ? (clean({ type: integ.type?.toLowerCase(), uri: integ.uri, httpMethod: integ.httpMethod }) as JsonValue) : unknown(`the integration of ${verb} ${r.path} could not be read`),
          security: security.length ? security : undefined,
        });
      }
      if (Object.keys(ops).length) paths[r.path] = ops;
    }
    if (!resources.complete) paths['/*'] = { 'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': unknown(`the resources of ${what} could not be read`), security: unknown(`the resources of ${what} could not be read`) } };
    schemes['api_key'] = { type: 'apiKey', name: 'x-api-key', in: 'header' };
    if (!authorizers.complete) schemes['unreadable'] = unknown(`the authorizers of ${what} could not be read`);
    const api: LiveResource = {
      type: 'AWS::ApiGateway::RestApi',
      physicalIds: [id],
      suffix: `RestApi${id}`,
      props: clean({
        Name: a.name,
        EndpointConfiguration: a.endpointConfiguration?.types ? { Types: a.endpointConfiguration.types } : undefined,
        DisableExecuteApiEndpoint: a.disableExecuteApiEndpoint,
        Policy: a.policy ? restApiPolicy(a.policy, what) : undefined,
        Body: { openapi: '3.0.1', info: { title: a.name ?? id, version: a.version ?? '1.0' }, paths, components: { securitySchemes: schemes } },
      }),
      deployed: { name: id, ref: id },
    };
    byId.set(id, api);
    out.resources.push(api);
    const stages = await o.caller.call('apigateway:GET /restapis/{id}/stages', what, () => gw.send(new o.sdk.gw.GetStagesCommand({ restApiId: id })));
    for (const st of stages?.item ?? []) {
      if (!st.stageName) continue;
      const settings: JsonValue[] = Object.entries(st.methodSettings ?? {}).map(([key, v]) => {
        const [resourcePath, httpMethod] = key === '*/*' ? ['/*', '*'] : [`/${key.slice(0, key.lastIndexOf('/')).replace(/~1/g, '/')}`, key.slice(key.lastIndexOf('/') + 1)];
        return clean({ ResourcePath: resourcePath, HttpMethod: httpMethod, ThrottlingRateLimit: v.throttlingRateLimit, ThrottlingBurstLimit: v.throttlingBurstLimit });
      });
      out.resources.push({ type: 'AWS::ApiGateway::Stage', physicalIds: [st.stageName], parent: api, suffix: `Stage${st.stageName.replace(/[^A-Za-z0-9]/g, '')}`, props: clean({ RestApiId: id, StageName: st.stageName, MethodSettings: settings.length ? settings : undefined }), deployed: { name: st.stageName } });
    }
    if (stages === undefined) out.resources.push({ type: 'AWS::ApiGateway::Stage', physicalIds: [], parent: api, suffix: 'UnreadableStages', props: { RestApiId: id, StageName: 'unknown', MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: unknown(`the stages of ${what} could not be read`) }] } });
  }
  if (byId.size === 0) return;
  const plans = await o.caller.pages('apigateway:GET /usageplans', o.region, (position) => gw.send(new o.sdk.gw.GetUsagePlansCommand({ position, limit: 500 })), (p) => p.position);
  for (const plan of plans.pages.flatMap((p) => p.items ?? [])) {
    if (!plan.id) continue;
    const stages = (plan.apiStages ?? []).filter((s) => s.apiId && byId.has(s.apiId));
    if (!stages.length) continue;
    out.resources.push({
      type: 'AWS::ApiGateway::UsagePlan',
      physicalIds: [plan.id],
      parent: byId.get(stages[0]!.apiId!)!,
      suffix: `UsagePlan${plan.id.replace(/[^A-Za-z0-9]/g, '')}`,
      props: clean({
        UsagePlanName: plan.name,
        ApiStages: stages.map((s) => ({ ApiId: s.apiId!, Stage: s.stage ?? '' })),
        Throttle: plan.throttle ? (clean({ RateLimit: plan.throttle.rateLimit, BurstLimit: plan.throttle.burstLimit }) as JsonValue) : undefined,
        Quota: plan.quota ? (clean({ Limit: plan.quota.limit, Period: plan.quota.period }) as JsonValue) : undefined,
      }),
      deployed: { name: plan.id },
    });
  }
}

/** API Gateway returns a REST API's resource policy as JSON text with its quotes escaped. */
function restApiPolicy(text: string, what: string): JsonValue {
  const direct = policyDocument(text, `the resource policy of ${what}`);
  return direct && typeof direct === 'object' && !Array.isArray(direct) && !(UNRESOLVED_KEY in direct) ? direct : policyDocument(text.replace(/\\"/g, '"').replace(/\\\//g, '/'), `the resource policy of ${what}`);
}
