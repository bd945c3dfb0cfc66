/**
 * A REST method's request validation (`RequestValidation`, CKV2_AWS_53): what the request declares
 * (body model, required query-string and header parameters) and the validator API Gateway applies,
 * from an OpenAPI operation (`x-amazon-apigateway-request-validator(s)`) or an
 * `AWS::ApiGateway::Method` (`RequestValidatorId` → `AWS::ApiGateway::RequestValidator`).
 */
import type { DocPath, Maybe, RequestValidation } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import type { ModelBuilder, Stack, StackResource } from './builder.js';
import { methodArrays, operationArrays } from './request-arrays.js';

/** A validator flag: `true` validates; absent or anything else does not; unresolved stays so. */
function flag(v: RValue | undefined): Maybe<boolean> {
  if (isUnresolved(v)) return v;
  return v === true || v === 'true';
}

/** Required `in: query`/`in: header` parameters of an operation and its path item. */
function requiredOf(params: RValue | undefined, into: Set<string>): boolean {
  let model = false;
  if (!Array.isArray(params)) return model;
  for (const raw of params) {
    const p = asObject(raw as never) as RObject;
    if (p['in'] === 'body' && p['schema'] !== undefined) model = true;
    if ((p['in'] === 'query' || p['in'] === 'header') && (p['required'] === true || p['required'] === 'true') && typeof p['name'] === 'string') into.add(`${p['in'] === 'query' ? 'querystring' : 'header'}.${p['name']}`);
  }
  return model;
}

/** An OpenAPI operation of a REST API's `Body` (`opPath` is its document path). */
export function operationValidation(b: ModelBuilder, s: Stack, body: RObject, item: RObject, op: RObject, opPath: DocPath, bodyPath: DocPath): RequestValidation {
  const required = new Set<string>();
  let model = requiredOf(item['parameters'], required);
  if (requiredOf(op['parameters'], required)) model = true;
  const rb = asObject(op['requestBody'] as never) as RObject;
  for (const media of Object.values(asObject(rb['content'] as never) as RObject)) if ((asObject(media as never) as RObject)['schema'] !== undefined) model = true;
  const own = op['x-amazon-apigateway-request-validator'];
  const name = own ?? body['x-amazon-apigateway-request-validator'];
  const at = b.locate(s, own !== undefined ? [...opPath, 'x-amazon-apigateway-request-validator'] : [...bodyPath, 'x-amazon-apigateway-request-validator']);
  let validator: RequestValidation['validator'] = null;
  if (isUnresolved(name)) validator = name;
  else if (typeof name === 'string') {
    const def = (asObject(body['x-amazon-apigateway-request-validators'] as never) as RObject)[name];
    if (def === undefined || isUnresolved(def)) validator = unresolved(`request validator ${name} is not defined in x-amazon-apigateway-request-validators`);
    else {
      const d = asObject(def as never) as RObject;
      validator = { name, body: flag(d['validateRequestBody']), parameters: flag(d['validateRequestParameters']), location: at };
    }
  }
  return { model, requiredParameters: [...required].sort(), validator, unboundedArrays: operationArrays(b, s, body, item, op, opPath.slice(0, -1), opPath, bodyPath) };
}

/** An `AWS::ApiGateway::Method` resource. */
export function methodValidation(b: ModelBuilder, s: Stack, r: StackResource): RequestValidation {
  const p = r.props;
  const model = Object.keys(asObject(p['RequestModels'] as never)).length > 0;
  const required = new Set<string>();
  for (const [k, v] of Object.entries(asObject(p['RequestParameters'] as never) as RObject)) {
    const m = /^method\.request\.(querystring|header)\.(.+)$/.exec(k);
    if (m && (v === true || v === 'true')) required.add(`${m[1]}.${m[2]}`);
  }
  const id = p['RequestValidatorId'];
  let validator: RequestValidation['validator'] = null;
  if (id !== undefined) {
    const logical = isUnresolved(id) ? id.ref : typeof id === 'string' ? [...s.resources.values()].find((x) => x.type === 'AWS::ApiGateway::RequestValidator' && (x.logicalId === id || s.resolver.physicalName(x.logicalId) === id))?.logicalId : undefined;
    const v = logical !== undefined ? s.resources.get(logical) : undefined;
    if (v?.type === 'AWS::ApiGateway::RequestValidator') {
      validator = { name: typeof v.props['Name'] === 'string' ? (v.props['Name'] as string) : v.logicalId, body: flag(v.props['ValidateRequestBody']), parameters: flag(v.props['ValidateRequestParameters']), location: b.locate(s, ['Resources', v.logicalId]) };
    } else validator = isUnresolved(id) ? id : unresolved(`request validator ${String(id)} is not defined in the template`);
  }
  return { model, requiredParameters: [...required].sort(), validator, unboundedArrays: methodArrays(b, s, r) };
}
