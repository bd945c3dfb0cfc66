/**
 * Request validation as the SAM translator writes it into an API's OpenAPI body: an Api event's
 * `RequestModel` (the validator `ValidateBody`/`ValidateParameters` ask for, and the model as the
 * body parameter) and the API's `Models`.
 */
import type { JsonObject, JsonValue } from '../../model/types.js';
import { isIntrinsic, isObject } from './context.js';

/** SAM's names for the four request validators a `RequestModel` can ask for. */
function validatorName(body: boolean, params: boolean): string {
  return body && params ? 'body-and-params' : body ? 'body-only' : params ? 'params-only' : 'no-validation';
}

/**
 * An Api event's `RequestModel` as the translator writes it into the method: the validator its
 * `ValidateBody`/`ValidateParameters` ask for (either given: the other is false) in
 * `x-amazon-apigateway-request-validators` and the method's `x-amazon-apigateway-request-validator`,
 * then the model as the body parameter (Swagger) or `requestBody` (OpenAPI 3), by its lower-cased name.
 */
export function addRequestModel(doc: JsonObject, op: JsonObject, rm: JsonValue | undefined): void {
  if (!isObject(rm) || isIntrinsic(rm)) return;
  const vb = rm['ValidateBody'];
  const vp = rm['ValidateParameters'];
  if (vb !== undefined || vp !== undefined) {
    const body = vb === true;
    const params = vp === true;
    const name = validatorName(body, params);
    const all = isObject(doc['x-amazon-apigateway-request-validators']) ? doc['x-amazon-apigateway-request-validators'] : (doc['x-amazon-apigateway-request-validators'] = {});
    all[name] = { validateRequestBody: body, validateRequestParameters: params };
    op['x-amazon-apigateway-request-validator'] = name;
  }
  if (typeof rm['Model'] !== 'string') return;
  const model = rm['Model'].toLowerCase();
  if ('openapi' in doc) {
    const requestBody: JsonObject = { content: { 'application/json': { schema: { $ref: `#/components/schemas/${model}` } } } };
    if (rm['Required'] !== undefined) requestBody['required'] = structuredClone(rm['Required']);
    op['requestBody'] = requestBody;
  } else {
    const param: JsonObject = { in: 'body', name: model, schema: { $ref: `#/definitions/${model}` } };
    if (rm['Required'] !== undefined) param['required'] = structuredClone(rm['Required']);
    op['parameters'] = [param, ...(Array.isArray(op['parameters']) ? op['parameters'] : [])];
  }
}

/** An API's `Models` as the translator adds them: `definitions` (Swagger) or `components.schemas`, by lower-cased name. */
export function addModels(doc: JsonObject, models: JsonValue | undefined): void {
  if (!isObject(models) || isIntrinsic(models)) return;
  const into = 'openapi' in doc ? (isObject(doc['components']) ? doc['components'] : (doc['components'] = {})) : doc;
  const key = 'openapi' in doc ? 'schemas' : 'definitions';
  const defs = isObject(into[key]) ? into[key] : (into[key] = {});
  for (const [name, schema] of Object.entries(models)) defs[name.toLowerCase()] = structuredClone(schema);
}
