/**
 * Which fields of the Lambda event an attacker controls, per trigger kind. Paths are property
 * names from the event root; `*` stands for any array index or map key. A value read at or below
 * one of these paths is tainted; the whole event (or an object above such a path) carries taint
 * too when it is passed on as a whole.
 * Shapes: https://docs.aws.amazon.com/lambda/latest/dg/lambda-services.html and each service's
 * "Using AWS Lambda with …" page.
 */
import type { Cloud, EntryPointKind } from '../../model/types.js';

const HTTP = [
  'body',
  'queryStringParameters',
  'multiValueQueryStringParameters',
  'pathParameters',
  'headers',
  'multiValueHeaders',
  'rawPath',
  'rawQueryString',
  'path',
  'cookies',
  'requestContext.http.path',
  'requestContext.path',
  'requestContext.http.userAgent',
  'requestContext.identity.userAgent',
];

export const EVENT_SOURCES: Readonly<Record<EntryPointKind, readonly string[]>> = {
  'rest-api-method': HTTP,
  // The custom resource's properties are written in the template: not input an outsider controls.
  'custom-resource': [],
  'http-api-route': HTTP,
  'function-url': HTTP,
  'alb-target': HTTP,
  // A direct Lambda resolver gets the field's arguments, the request headers and the query's variables.
  'appsync-resolver': ['arguments', 'request.headers', 'info.variables'],
  'websocket-route': ['body', 'queryStringParameters', 'multiValueQueryStringParameters', 'headers', 'multiValueHeaders'],
  's3-notification': ['Records.*.s3.object.key'],
  'sqs-queue': ['Records.*.body', 'Records.*.messageAttributes'],
  'sns-subscription': ['Records.*.Sns.Message', 'Records.*.Sns.Subject', 'Records.*.Sns.MessageAttributes'],
  'dynamodb-stream': ['Records.*.dynamodb.NewImage', 'Records.*.dynamodb.OldImage', 'Records.*.dynamodb.Keys'],
  'kinesis-stream': ['Records.*.kinesis.data', 'Records.*.kinesis.partitionKey'],
  kafka: ['records.*.*.value', 'records.*.*.key', 'records.*.*.headers'],
  mq: ['messages.*.data'],
  'documentdb-stream': ['events.*.event.fullDocument', 'events.*.event.documentKey', 'events.*.event.updateDescription'],
  'eventbridge-rule': ['detail'],
  schedule: [],
  'cognito-trigger': ['userName', 'request.userAttributes', 'request.validationData', 'request.clientMetadata', 'request.challengeAnswer', 'request.session'],
  'iot-rule': [''],
  'cloudwatch-logs': ['awslogs.data'],
  'alexa-skill': ['request.intent.slots', 'request.intent'],
  // a principal allowed to invoke directly chooses the whole payload
  'lambda-permission': [''],
  'iam-principal': [''],
  other: [''],
};

/**
 * Google Cloud Functions / Cloud Run handlers get an Express request (Node) or a Flask request
 * (Python) for HTTP, a CloudEvent (`data`) or a background event (the message or object itself)
 * otherwise. Functions Framework docs: cloud.google.com/functions/docs/writing/write-http-functions
 * and write-event-driven-functions.
 */
const GOOGLE_HTTP = ['query', 'body', 'params', 'headers', 'path', 'url', 'originalUrl', 'cookies', 'rawBody', 'args', 'form', 'json', 'data', 'values', 'files', 'get_json', 'get_data', 'get'];
/**
 * Azure Functions: v4 Node `HttpRequest` (`query.get`, `json()`, `text()`, `params`), Python
 * `func.HttpRequest` (`params`, `get_json()`, `get_body()`, `route_params`), and the v3 Node
 * `(context, req)` shape (`req.*`, `bindings`). Queue and event triggers hand over the message itself.
 */
const AZURE_HTTP = ['query', 'body', 'params', 'headers', 'url', 'json', 'text', 'formData', 'arrayBuffer', 'blob', 'get_json', 'get_body', 'route_params', 'form', 'files', 'req', 'bindings'];
const CLOUD_SOURCES: Readonly<Record<'google' | 'azure', Partial<Record<EntryPointKind, readonly string[]>>>> = {
  google: { 'function-url': GOOGLE_HTTP, 'sns-subscription': ['data', 'attributes'], 's3-notification': ['data.name', 'name'], 'eventbridge-rule': ['data'], 'sqs-queue': ['data'], schedule: [] },
  azure: { 'function-url': AZURE_HTTP, 'sns-subscription': ['', 'data'], 'sqs-queue': [''], 's3-notification': ['', 'name'], 'eventbridge-rule': ['', 'data'], schedule: [] },
};

export interface EventSource {
  path: readonly string[];
  kind: EntryPointKind;
}

export function sourcesFor(kinds: readonly EntryPointKind[], cloud: Cloud = 'aws'): EventSource[] {
  const out: EventSource[] = [];
  const table = cloud === 'aws' ? EVENT_SOURCES : CLOUD_SOURCES[cloud];
  for (const kind of kinds) for (const p of table[kind] ?? EVENT_SOURCES[kind] ?? []) out.push({ path: p === '' ? [] : p.split('.'), kind });
  return out;
}

/** Field names compare without case: Java getters (`getRecords()`), Go and C# fields (`Body`) name the JSON fields. */
function segMatch(pattern: string, actual: string): boolean {
  return pattern === '*' || actual === '*' || pattern === actual || pattern.toLowerCase() === actual.toLowerCase();
}

/** The source that `path` reads at or below, if any. */
export function sourceAt(sources: readonly EventSource[], path: readonly string[]): EventSource | null {
  for (const s of sources) {
    if (s.path.length > path.length) continue;
    if (s.path.every((seg, i) => segMatch(seg, path[i]!))) return s;
  }
  return null;
}

/** True when `path` is above a source (the object contains attacker data). */
export function containsSource(sources: readonly EventSource[], path: readonly string[]): EventSource | null {
  for (const s of sources) {
    if (s.path.length <= path.length) continue;
    if (path.every((seg, i) => segMatch(s.path[i]!, seg))) return s;
  }
  return null;
}
