/**
 * Schema-style validation of a SAM template before expansion, the checks the translator makes:
 * template sections, resource attributes, property types (per SAM resource type and event type),
 * unknown properties where the set is closed, required properties, inline OpenAPI structure, and
 * the cross-property rules that make a template invalid. Each problem is a `SamInvalid` naming the
 * resource; validation never throws.
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import { hasKey } from '../../model/types.js';
import { isIntrinsic, isObject, SamInvalid, type Ctx, type SamResource } from './context.js';
import { GLOBALS_ALLOWED, GLOBAL_SECTIONS } from './globals.js';

type Kind = 'map' | 'list' | 'string' | 'bool' | 'int' | 'string-or-list' | 'map-or-string';

const KIND_TEXT: Record<Kind, string> = { map: 'a map', list: 'a list', string: 'a string', bool: 'a boolean', int: 'an integer', 'string-or-list': 'a string or a list', 'map-or-string': 'a map or a string' };

function hasKind(v: JsonValue, k: Kind): boolean {
  if (isIntrinsic(v)) return true;
  switch (k) {
    case 'map': return isObject(v);
    case 'list': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'bool': return typeof v === 'boolean';
    case 'int': return typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v));
    case 'string-or-list': return typeof v === 'string' || Array.isArray(v);
    case 'map-or-string': return typeof v === 'string' || isObject(v);
  }
}

/**
 * `s3://bucket/key`. The translator parses it as a URL, so a bucket that is not a host name (an
 * unresolved `[TOKEN]` placeholder, say) makes it invalid too.
 */
export function isS3Uri(v: string): boolean {
  const m = /^s3:\/\/([^/]+)\/.+/.exec(v);
  return m !== null && !/[[\]]/.test(m[1]!);
}

/** Property kinds per SAM type; `closed` types reject properties not listed. */
const SCHEMA: Record<string, { props: Record<string, Kind | null>; closed: boolean; required?: string[] }> = {
  'AWS::Serverless::Function': {
    closed: false,
    props: {
      Role: 'string', Policies: null, Events: 'map', Environment: 'map', VpcConfig: 'map', Tags: 'map', Layers: 'list', Architectures: 'list',
      AutoPublishAlias: 'string', AutoPublishAliasAllProperties: 'bool', AutoPublishCodeSha256: 'string', DeploymentPreference: 'map', FunctionUrlConfig: 'map',
      EventInvokeConfig: 'map', ProvisionedConcurrencyConfig: 'map', DeadLetterQueue: 'map', CodeUri: 'map-or-string', ImageConfig: 'map', SnapStart: 'map',
      LoggingConfig: 'map', RuntimeManagementConfig: 'map', EphemeralStorage: 'map', FileSystemConfigs: 'list', PropagateTags: 'bool', TenancyConfig: 'map',
    },
  },
  'AWS::Serverless::Api': {
    closed: true,
    props: {
      Name: null, StageName: null, Tags: 'map', DefinitionBody: 'map', DefinitionUri: 'map-or-string', MergeDefinitions: 'bool', CacheClusterEnabled: 'bool', CacheClusterSize: 'string',
      Variables: 'map', Description: null, EndpointConfiguration: 'map-or-string', MethodSettings: 'list', BinaryMediaTypes: 'list', MinimumCompressionSize: 'int', Cors: 'map-or-string',
      Auth: 'map', GatewayResponses: 'map', AccessLogSetting: 'map', CanarySetting: 'map', TracingEnabled: 'bool', OpenApiVersion: null, Domain: 'map', Models: 'map',
      FailOnWarnings: 'bool', DisableExecuteApiEndpoint: 'bool', Mode: 'string', ApiKeySourceType: 'string', AlwaysDeploy: 'bool', PropagateTags: 'bool', SecurityPolicy: 'string',
      EndpointAccessMode: 'string', Policy: null, MethodSettingsOverrides: null,
    },
  },
  'AWS::Serverless::HttpApi': {
    closed: true,
    props: {
      Name: null, StageName: null, Tags: 'map', DefinitionBody: 'map', DefinitionUri: 'map-or-string', Auth: 'map', AccessLogSettings: 'map', CorsConfiguration: null, DefaultRouteSettings: 'map',
      RouteSettings: 'map', StageVariables: 'map', Description: null, Domain: 'map', FailOnWarnings: 'bool', DisableExecuteApiEndpoint: 'bool', PropagateTags: 'bool',
    },
  },
  'AWS::Serverless::CapacityProvider': {
    closed: true,
    required: ['VpcConfig'],
    props: { CapacityProviderName: 'string', VpcConfig: 'map', OperatorRole: 'string', Tags: 'map', InstanceRequirements: 'map', ScalingConfig: 'map', KmsKeyArn: 'string', PropagateTags: 'bool' },
  },
  'AWS::Serverless::SimpleTable': { closed: true, props: { PrimaryKey: 'map', ProvisionedThroughput: 'map', TableName: null, Tags: 'map', SSESpecification: 'map', PointInTimeRecoverySpecification: 'map' } },
  'AWS::Serverless::Application': { closed: false, required: ['Location'], props: { Location: 'map-or-string', Parameters: 'map', NotificationARNs: 'list', Tags: 'map', TimeoutInMinutes: 'int' } },
  'AWS::Serverless::StateMachine': { closed: false, props: { Definition: 'map', DefinitionUri: 'map-or-string', Events: 'map', Policies: null, Role: 'string', Tags: 'map', Logging: 'map', Tracing: 'map', DefinitionSubstitutions: 'map', DeploymentPreference: 'map' } },
};

/** Event properties: types, and the ones each event type does not accept. */
const EVENT_KINDS: Record<string, Kind> = {
  SourceAccessConfigurations: 'list', DestinationConfig: 'map', FilterCriteria: 'map', SecretsManagerKmsKeyId: 'string', Topics: 'list', Queues: 'list', RequestModel: 'map',
  RequestParameters: 'list', Auth: 'map', Trigger: 'string-or-list', Events: 'string-or-list', Filter: 'map', MetricsConfig: 'map', ScalingConfig: 'map', SchemaRegistryConfig: 'map',
};
const ONFAILURE_TYPES = ['SQS', 'SNS', 'S3', 'Kafka'];
const PUSH_EVENTS = ['SNS', 'S3', 'Api', 'HttpApi', 'Schedule', 'ScheduleV2', 'CloudWatchEvent', 'EventBridgeRule', 'CloudWatchLogs', 'IoTRule', 'AlexaSkill', 'Cognito'];
const TENANCY_EVENTS = ['Api', 'HttpApi'];

class Checker {
  readonly errors: SamInvalid[] = [];
  constructor(
    readonly body: JsonObject,
    /** Whether an integral number was written as a float; the translator (Python) tells `3` from `3.0`. */
    readonly writtenAsFloat: (path: DocPath) => boolean = () => true,
  ) {}
  /** `{ Ref: P }` to a template parameter: the translator substitutes its value before reading it. */
  parameterRef(v: JsonValue): boolean {
    return isObject(v) && Object.keys(v).length === 1 && typeof v['Ref'] === 'string' && isObject(this.body['Parameters']) && hasKey(this.body['Parameters'], v['Ref']);
  }
  fail(id: string | null, message: string, path: DocPath): void {
    this.errors.push(new SamInvalid(id === null ? message : `Resource with id [${id}] is invalid. ${message}`, path));
  }
}

/** A relative file path as written in source templates: no scheme, and a folder or a file extension. */
function isLocalFile(uri: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(uri) && (/[\\/]/.test(uri) || /\.[A-Za-z0-9]+$/.test(uri));
}

export function validateTemplate(body: JsonObject, sam: SamResource[], writtenAsFloat?: (path: DocPath) => boolean): SamInvalid[] {
  const c = new Checker(body, writtenAsFloat);
  for (const section of ['Mappings', 'Parameters', 'Conditions', 'Outputs'] as const) {
    if (section in body && !isObject(body[section])) c.fail(null, `Structure of the SAM template is invalid. '${section === 'Mappings' || section === 'Parameters' ? "Mappings' or 'Parameters" : section}' is either null or not a valid dictionary.`, [section]);
  }
  const resources = isObject(body['Resources']) ? body['Resources'] : {};
  for (const [id, res] of Object.entries(resources)) {
    if (!isObject(res)) continue;
    const at: DocPath = ['Resources', id];
    if (res['Condition'] !== undefined && typeof res['Condition'] !== 'string') c.fail(null, 'Structure of the SAM template is invalid. Every Condition member must be a string.', [...at, 'Condition']);
    const dep = res['DependsOn'];
    if (dep !== undefined && typeof dep !== 'string' && !(Array.isArray(dep) && dep.every((x) => typeof x === 'string'))) c.fail(id, "Invalid type for field 'DependsOn'. Expected a string or list of strings.", [...at, 'DependsOn']);
    if (typeof res['Type'] === 'string' && !res['Type'].startsWith('AWS::Serverless::') && 'Properties' in res && !isObject(res['Properties'])) c.fail(id, 'Properties should be a map.', [...at, 'Properties']);
  }
  intrinsics(c, body, []);
  for (const r of sam) {
    if ('Properties' in r.raw && (r.raw['Properties'] === null || typeof r.raw['Properties'] !== 'object' || Array.isArray(r.raw['Properties']))) c.fail(r.id, "Attribute 'Properties' should be a map.", [...r.path, 'Properties']);
    resource(c, r);
  }
  return c.errors;
}

/** Intrinsic shapes the translator resolves or checks (Fn::If, Fn::Sub, Fn::FindInMap). */
function intrinsics(c: Checker, v: JsonValue, path: (string | number)[], depth = 0): void {
  if (depth > 64) return;
  // `path` is one array pushed and popped along the walk (every node of the template is visited):
  // a failure keeps a copy.
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      intrinsics(c, v[i]!, path, depth + 1);
      path.pop();
    }
    return;
  }
  if (!isObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'Fn::If' && Object.keys(v).length === 1 && !Array.isArray(x)) c.fail(null, 'Structure of the SAM template is invalid. Value of Fn::If must be a list.', [...path]);
    if (k === 'Fn::If' && Array.isArray(x) && x.length !== 3) {
      const rid = path[0] === 'Resources' && typeof path[1] === 'string' ? path[1] : null;
      const prop = path[3];
      c.fail(rid, `Malformed '${typeof prop === 'string' ? prop : 'Fn::If'}' property: Fn::If requires 3 arguments.`, [...path]);
    }
    if (k === 'Fn::Sub' && Array.isArray(x) && isObject(x[1])) {
      for (const val of Object.values(x[1])) if (Array.isArray(val)) c.fail(null, `Structure of the SAM template is invalid. Invalid Fn::Sub variable value ${JSON.stringify(val)}. Fn::Sub expects all variables to be strings.`, [...path]);
    }
    if (k === 'Fn::Sub' && inSam(c, path)) {
      // The translator substitutes template parameters' defaults into what it reads; a list cannot be.
      const text = typeof x === 'string' ? x : Array.isArray(x) && typeof x[0] === 'string' ? x[0] : undefined;
      const vars = Array.isArray(x) && isObject(x[1]) ? x[1] : {};
      const params = isObject(c.body['Parameters']) ? c.body['Parameters'] : {};
      for (const m of text?.matchAll(/\$\{([A-Za-z0-9]+)\}/g) ?? []) {
        const param = hasKey(params, m[1]!) ? params[m[1]!] : undefined;
        if (!hasKey(vars, m[1]!) && isObject(param) && Array.isArray(param['Default'])) c.fail(null, `Structure of the SAM template is invalid. Invalid Fn::Sub variable value ${JSON.stringify(param['Default'])}. Fn::Sub expects all variables to be strings.`, [...path]);
      }
    }
    if (k === 'Fn::FindInMap') {
      if (!Array.isArray(x) || x.length !== 3) c.fail(null, `Structure of the SAM template is invalid. Invalid FindInMap value ${JSON.stringify(x)}. FindInMap expects an array with 3 values.`, [...path]);
      else if (typeof x[0] === 'string' && isObject(c.body['Mappings'])) {
        const m = c.body['Mappings'][x[0]];
        if (m !== undefined && (!isObject(m) || Object.values(m).some((y) => !isObject(y)))) c.fail(null, `Structure of the SAM template is invalid. Cannot use Fn::FindInMap on Mapping '${x[0]}' which is not a a two-level map.`, [...path]);
      }
    }
    path.push(k);
    intrinsics(c, x, path, depth + 1);
    path.pop();
  }
}

/** Under Globals or a SAM resource: what the translator reads (the rest it passes through). */
function inSam(c: Checker, path: DocPath): boolean {
  if (path[0] === 'Globals') return true;
  const res = path[0] === 'Resources' && typeof path[1] === 'string' && isObject(c.body['Resources']) ? c.body['Resources'][path[1]] : undefined;
  return isObject(res) && typeof res['Type'] === 'string' && res['Type'].startsWith('AWS::Serverless::');
}

function resource(c: Checker, r: SamResource): void {
  const schema = SCHEMA[r.type];
  const p = r.props;
  if (schema) {
    for (const [k, v] of Object.entries(p)) {
      if (!(k in schema.props)) {
        if (schema.closed) c.fail(r.id, `property ${k} not defined for resource of type ${r.type}`, r.propPath(k));
        continue;
      }
      const kind = schema.props[k];
      if (kind && v !== null && !hasKind(v, kind)) c.fail(r.id, kind === 'bool' || kind === 'map-or-string' || kind === 'string-or-list' ? `Type of property '${k}' is invalid.` : `Property '${k}' should be ${KIND_TEXT[kind]}.`, r.propPath(k));
    }
    for (const req of schema.required ?? []) if (p[req] === undefined || p[req] === null) c.fail(r.id, `Missing required property '${req}'.`, r.path);
  }
  const tags = p['Tags'];
  if (isObject(tags) && Object.keys(tags).some((k) => k === 'lambda:createdBy')) c.fail(r.id, 'lambda:createdBy is a reserved Tag key name and cannot be set on your resource. Please change the tag key in the input.', r.propPath('Tags'));
  switch (r.type) {
    case 'AWS::Serverless::Function': fn(c, r); break;
    case 'AWS::Serverless::Api': case 'AWS::Serverless::HttpApi': api(c, r, r.type === 'AWS::Serverless::HttpApi'); break;
    case 'AWS::Serverless::Application': application(c, r); break;
    case 'AWS::Serverless::CapacityProvider': capacityProvider(c, r); break;
    case 'AWS::Serverless::GraphQLApi': graphqlApi(c, r); break;
    case 'AWS::Serverless::StateMachine': {
      const dp = p['DeploymentPreference'];
      if (dp !== undefined && p['AutoPublishAlias'] === undefined) c.fail(r.id, "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified.", r.propPath('DeploymentPreference'));
      const uri = p['DefinitionUri'];
      // A file path (`statemachine/flow.asl.json`) is the source form that `sam package` uploads.
      if (typeof uri === 'string' && !isS3Uri(uri) && !isLocalFile(uri)) c.fail(r.id, "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.", r.propPath('DefinitionUri'));
      events(c, r);
      break;
    }
  }
}

function fn(c: Checker, r: SamResource): void {
  const p = r.props;
  const zip = p['PackageType'] === undefined || p['PackageType'] === 'Zip';
  const image = p['ImageUri'] !== undefined || p['PackageType'] === 'Image';
  if (zip && !image && (p['Runtime'] === undefined || p['Handler'] === undefined) && p['InlineCode'] === undefined && typeof p['CodeUri'] !== 'undefined') {
    c.fail(r.id, 'Runtime and Handler needs to be present when PackageType is of type `Zip`', r.path);
  }
  const uri = p['CodeUri'];
  if (typeof uri === 'string') {
    if (/\{\{resolve:/.test(uri)) c.fail(r.id, "Unsupported dynamic reference detected in 'CodeUri'. Please consider using alternative 'FunctionCode' object format.", r.propPath('CodeUri'));
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) && !isS3Uri(uri)) c.fail(r.id, "'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.", r.propPath('CodeUri'));
  } else if (uri !== undefined && !isObject(uri)) c.fail(r.id, "'CodeUri' must be of type dict or string.", r.propPath('CodeUri'));
  const alias = p['AutoPublishAlias'];
  const dp = p['DeploymentPreference'];
  if (isObject(dp)) {
    if (alias === undefined && (dp['Enabled'] === undefined || dp['Enabled'] === true)) c.fail(r.id, "'DeploymentPreference' requires AutoPublishAlias property to be specified.", r.propPath('DeploymentPreference'));
    if (dp['Hooks'] !== undefined && !isObject(dp['Hooks'])) c.fail(r.id, "'Hooks' property of 'DeploymentPreference' must be a dictionary", r.propPath('DeploymentPreference'));
    if (dp['Alarms'] !== undefined && !Array.isArray(dp['Alarms']) && !(isObject(dp['Alarms']) && 'Fn::If' in dp['Alarms'])) c.fail(r.id, 'Alarms must be a list', r.propPath('DeploymentPreference'));
    const pc = dp['PassthroughCondition'];
    if (pc !== undefined && typeof pc !== 'boolean' && !(isObject(pc) && ('Ref' in pc || 'Fn::FindInMap' in pc))) c.fail(r.id, 'Invalid value for property PassthroughCondition.', r.propPath('DeploymentPreference'));
  }
  // Both feed the version's logical id, which the translator computes from literal values (or template parameters) only.
  if (p['AutoPublishCodeSha256'] !== undefined && typeof p['AutoPublishCodeSha256'] !== 'string' && !c.parameterRef(p['AutoPublishCodeSha256'])) c.fail(r.id, 'AutoPublishCodeSha256 must be a string', r.propPath('AutoPublishCodeSha256'));
  if (p['AutoPublishAliasAllProperties'] !== undefined && typeof p['AutoPublishAliasAllProperties'] !== 'boolean' && !c.parameterRef(p['AutoPublishAliasAllProperties'])) c.fail(r.id, "Type of property 'AutoPublishAliasAllProperties' is invalid.", r.propPath('AutoPublishAliasAllProperties'));
  if (p['VersionDeletionPolicy'] !== undefined && alias === undefined) c.fail(r.id, "'VersionDeletionPolicy' requires 'AutoPublishAlias'.", r.propPath('VersionDeletionPolicy'));
  const policies = p['Policies'];
  if (Array.isArray(policies)) {
    policies.forEach((pol, i) => {
      if (isObject(pol) && !isIntrinsic(pol) && pol['Statement'] === undefined && Object.keys(pol).length !== 1) c.fail(r.id, `Policy at index ${i} in the 'Policies' property is not valid`, r.propPath('Policies'));
    });
  }
  const url = p['FunctionUrlConfig'];
  if (isObject(url) && isObject(url['Cors']) && url['Cors']['MaxAge'] !== undefined && typeof url['Cors']['MaxAge'] !== 'number' && !isIntrinsic(url['Cors']['MaxAge'])) c.fail(r.id, 'MaxAge must be of type int.', r.propPath('FunctionUrlConfig'));
  if (p['TenancyConfig'] !== undefined) {
    if (p['FunctionUrlConfig'] !== undefined) c.fail(r.id, 'Function URL is not supported for functions enabled with tenancy configuration.', r.propPath('FunctionUrlConfig'));
    if (p['ProvisionedConcurrencyConfig'] !== undefined) c.fail(r.id, 'Provisioned concurrency is not supported for functions enabled with tenancy configuration.', r.propPath('ProvisionedConcurrencyConfig'));
    if (p['SnapStart'] !== undefined) c.fail(r.id, 'SnapStart is not supported for functions enabled with tenancy configuration.', r.propPath('SnapStart'));
    if (isObject(p['Events'])) {
      for (const [name, ev] of Object.entries(p['Events'])) {
        const t = isObject(ev) ? ev['Type'] : undefined;
        if (typeof t === 'string' && !TENANCY_EVENTS.includes(t)) c.fail(r.id, `Event source '${t}' is not supported for functions enabled with tenancy configuration. Only Api and HttpApi event sources are supported.`, [...r.propPath('Events'), name]);
      }
    }
  }
  ignoreGlobals(c, r);
  events(c, r);
}

/** `IgnoreGlobals`: `'*'` or a list of properties that Globals may set for the resource's type. */
function ignoreGlobals(c: Checker, r: SamResource): void {
  const ig = r.raw['IgnoreGlobals'];
  if (ig === undefined) return;
  const at: DocPath = [...r.path, 'IgnoreGlobals'];
  if (isObject(ig) || (Array.isArray(ig) && ig.some((x) => typeof x !== 'string')) || (typeof ig === 'string' && ig !== '*')) {
    c.fail(r.id, `Resource ${r.id} has invalid resource attribute 'IgnoreGlobals'.`, at);
    return;
  }
  const section = Object.entries(GLOBAL_SECTIONS).find(([, t]) => t === r.type)?.[0];
  const allowed = section ? GLOBALS_ALLOWED[section] : undefined;
  if (!Array.isArray(ig) || !allowed) return;
  ig.forEach((item, i) => {
    if (typeof item === 'string' && !allowed.includes(item)) c.fail(r.id, `Resource ${r.id} has invalid resource attribute 'IgnoreGlobals' on item '${item}'.`, [...at, i]);
  });
}

function events(c: Checker, r: SamResource): void {
  const evs = r.props['Events'];
  if (!isObject(evs)) return;
  const cognito = new Map<string, string>();
  for (const [name, ev] of Object.entries(evs)) {
    const at: DocPath = [...r.propPath('Events'), name];
    if (!isObject(ev)) continue;
    const type = ev['Type'];
    const ep = ev['Properties'];
    if (!isObject(ep) || typeof type !== 'string') continue;
    const fail = (m: string, path: DocPath = at) => c.fail(r.id, `Event with id [${name}] is invalid. ${m}`, path);
    for (const [k, v] of Object.entries(ep)) {
      const kind = EVENT_KINDS[k];
      if (kind && v !== null && !hasKind(v, kind)) {
        if (k === 'SourceAccessConfigurations' || k === 'Trigger' || k === 'Events') c.fail(r.id, `Type of property '${k}' is invalid.`, [...at, 'Properties', k]);
        else fail(`Property '${k}' should be ${KIND_TEXT[kind]}.`, [...at, 'Properties', k]);
      }
    }
    // Read by the translator itself (not passed through to CloudFormation), so an intrinsic is the wrong type.
    const literal = (k: string, eventScoped: boolean, m: string, parameters = false) => {
      const v = ep[k];
      if (v === undefined || !isIntrinsic(v) || (parameters && c.parameterRef(v))) return;
      if (eventScoped) c.fail(`${r.id}${name}`, m, [...at, 'Properties', k]);
      else fail(m, [...at, 'Properties', k]);
    };
    if (type === 'Cognito') literal('Trigger', true, "Type of property 'Trigger' is invalid.");
    if (type === 'S3') literal('Events', true, "Type of property 'Events' is invalid.");
    literal('SecretsManagerKmsKeyId', false, "Property 'SecretsManagerKmsKeyId' should be a string.", true);
    if (type === 'Cognito' || type === 'S3') targetResource(c, type, ep[type === 'S3' ? 'Bucket' : 'UserPool']);
    if (PUSH_EVENTS.includes(type) && ep['FilterCriteria'] !== undefined) c.fail(r.id, `property FilterCriteria not defined for resource of type ${type}`, [...at, 'Properties', 'FilterCriteria']);
    if (ep['ConsumerGroupId'] !== undefined && !['MSK', 'SelfManagedKafka'].includes(type)) fail(`Property ConsumerGroupId not defined for resource of type ${type}.`, [...at, 'Properties', 'ConsumerGroupId']);
    const dc = ep['DestinationConfig'];
    if (isObject(dc) && dc['OnFailure'] !== undefined) {
      const of = dc['OnFailure'];
      if (!isObject(of)) fail("Property 'DestinationConfig.OnFailure' should be a map.", [...at, 'Properties', 'DestinationConfig']);
      else if (typeof of['Type'] === 'string' && !ONFAILURE_TYPES.includes(of['Type'])) fail("The only valid values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'", [...at, 'Properties', 'DestinationConfig']);
    }
    const src = ep['SourceAccessConfigurations'];
    if (type === 'MQ' || type === 'DocumentDB') {
      const allowed = type === 'MQ' ? ['BASIC_AUTH', 'VIRTUAL_HOST'] : ['BASIC_AUTH'];
      if (!Array.isArray(src)) {
        if (src === undefined && type === 'MQ') fail('No SourceAccessConfigurations for Amazon MQ event provided.');
      } else {
        const types = src.map((s) => (isObject(s) ? s['Type'] : undefined));
        if (types.some((t) => typeof t === 'string' && !allowed.includes(t))) fail(`Invalid property Type specified in SourceAccessConfigurations. The supported values are: [${allowed.map((a) => `'${a}'`).join(', ')}].`);
        else if (types.filter((t) => t === 'BASIC_AUTH').length > 1) fail('Multiple BASIC_AUTH properties specified in SourceAccessConfigurations.');
        else if (!types.includes('BASIC_AUTH')) fail(type === 'MQ' ? 'No BASIC_AUTH property specified in SourceAccessConfigurations.' : "Invalid property Type specified in SourceAccessConfigurations. The supported values are: ['BASIC_AUTH'].");
        else if (src.some((s) => isObject(s) && s['Type'] === 'BASIC_AUTH' && s['URI'] === undefined)) fail('No BASIC_AUTH URI property specified in SourceAccessConfigurations.');
      }
    }
    if (type === 'SelfManagedKafka') {
      if (Array.isArray(ep['Topics']) && ep['Topics'].length > 1) fail('Topics for self managed kafka only supports single configuration entry.');
      if (Array.isArray(src)) {
        const types = src.map((s) => (isObject(s) ? s['Type'] : undefined));
        const auths = types.filter((t) => typeof t === 'string' && ['BASIC_AUTH', 'SASL_SCRAM_256_AUTH', 'SASL_SCRAM_512_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH'].includes(t));
        if (auths.length > 1) fail('Multiple auth mechanism properties specified in SourceAccessConfigurations for self managed kafka event.');
        if (types.includes('VPC_SUBNET') !== types.includes('VPC_SECURITY_GROUP')) fail('VPC_SUBNET and VPC_SECURITY_GROUP in SourceAccessConfigurations for SelfManagedKafka must be both provided.');
      }
    }
    const srg = ep['SchemaRegistryConfig'];
    if ((type === 'MSK' || type === 'SelfManagedKafka') && isObject(srg)) {
      for (const req of ['EventRecordFormat', 'SchemaRegistryURI', 'SchemaValidationConfigs']) if (srg[req] === undefined) fail(`Missing required field ${req} in SchemaRegistryConfig`, [...at, 'Properties', 'SchemaRegistryConfig']);
    }
    if (type === 'Cognito') {
      for (const t of Array.isArray(ep['Trigger']) ? ep['Trigger'] : [ep['Trigger']]) {
        if (typeof t !== 'string') continue;
        const pool = JSON.stringify(ep['UserPool'] ?? null) + t;
        if (cognito.has(pool)) fail(`Cognito trigger "${t}" defined multiple times.`);
        cognito.set(pool, name);
      }
    }
    if (type === 'SNS' && isObject(ep['SqsSubscription']) && ep['SqsSubscription']['QueueArn'] === undefined && ep['SqsSubscription']['QueueUrl'] === undefined) fail('No QueueARN or QueueURL provided.');
    if (type === 'HttpApi' && ep['Path'] !== undefined && ep['Method'] === undefined) fail("Property 'Method' is required.");
    if (type === 'Api') {
      const auth = ep['Auth'];
      if (isObject(auth) && auth['OverrideApiAuth'] === true && auth['Authorizer'] === undefined && auth['ApiKeyRequired'] === undefined && auth['ResourcePolicy'] === undefined) fail('Must define one of: Authorizer, ApiKeyRequired or ResourcePolicy when using the OverrideApiAuth property.');
      const rm = ep['RequestModel'];
      if (isObject(rm) && ((rm['ValidateBody'] !== undefined && typeof rm['ValidateBody'] !== 'boolean') || (rm['ValidateParameters'] !== undefined && typeof rm['ValidateParameters'] !== 'boolean'))) {
        fail(`Unable to set Validator to RequestModel [${String(rm['Model'])}] on API method [${String(ep['Method'])}] for path [${String(ep['Path'])}] ValidateBody and ValidateParameters must be a boolean type, strings or intrinsics are not supported.`);
      }
      const rp = ep['RequestParameters'];
      if (Array.isArray(rp)) {
        for (const x of rp) {
          const keys = typeof x === 'string' ? [x] : isObject(x) ? Object.keys(x) : [];
          if (keys.some((k) => !/^method\.request\.(querystring|path|header)\./.test(k))) fail("Invalid value for 'RequestParameters' property. Keys must be in the format 'method.request.[querystring|path|header].{value}', e.g 'method.request.header.Authorization'.");
        }
      }
      if (ep['UnescapeMappingTemplate'] !== undefined && typeof ep['UnescapeMappingTemplate'] !== 'boolean') c.fail(r.id, "Type of property 'UnescapeMappingTemplate' is invalid.", [...at, 'Properties', 'UnescapeMappingTemplate']);
    }
  }
}

/** The bucket or user pool a S3 / Cognito event configures: the translator edits its properties, so they must have the shape it edits. */
function targetResource(c: Checker, type: 'S3' | 'Cognito', given: JsonValue | undefined): void {
  const id = isObject(given) && typeof given['Ref'] === 'string' ? given['Ref'] : undefined;
  const resources = isObject(c.body['Resources']) ? c.body['Resources'] : {};
  const target = id !== undefined ? resources[id] : undefined;
  if (!isObject(target) || !isObject(target['Properties'])) return;
  const props = target['Properties'];
  const at: DocPath = ['Resources', id!, 'Properties'];
  if (type === 'Cognito') {
    const lc = props['LambdaConfig'];
    if (target['Type'] === 'AWS::Cognito::UserPool' && lc !== undefined && !isObject(lc)) c.fail(id!, "Property 'LambdaConfig' should be a map.", [...at, 'LambdaConfig']);
    return;
  }
  if (target['Type'] !== 'AWS::S3::Bucket') return;
  const nc = props['NotificationConfiguration'];
  if (nc === undefined) return;
  if (!isObject(nc)) c.fail(id!, "Property 'NotificationConfiguration' should be a map.", [...at, 'NotificationConfiguration']);
  else if (!isIntrinsic(nc) && nc['LambdaConfigurations'] !== undefined && !Array.isArray(nc['LambdaConfigurations']) && !isIntrinsic(nc['LambdaConfigurations'])) {
    c.fail(id!, 'Invalid type for LambdaConfigurations. Must be a list.', [...at, 'NotificationConfiguration', 'LambdaConfigurations']);
  }
}

const CORS_KEYS = ['AllowMethods', 'AllowHeaders', 'AllowOrigin', 'MaxAge', 'AllowCredentials'];
const HTTP_CORS_KEYS = ['AllowMethods', 'AllowHeaders', 'AllowOrigins', 'MaxAge', 'AllowCredentials', 'ExposeHeaders'];
const GATEWAY_RESPONSE_KEYS = ['ResponseParameters', 'ResponseTemplates', 'StatusCode'];
const GATEWAY_PARAM_KEYS = ['Headers', 'Paths', 'QueryStrings'];

function api(c: Checker, r: SamResource, http: boolean): void {
  const p = r.props;
  const body = p['DefinitionBody'];
  if (p['StageName'] === '') c.fail(r.id, 'StageName cannot be empty.', r.propPath('StageName'));
  if (body !== undefined && p['DefinitionUri'] !== undefined) c.fail(r.id, "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.", r.propPath('DefinitionBody'));
  if (p['MergeDefinitions'] === true && p['DefinitionUri'] !== undefined) c.fail(r.id, "Cannot set 'MergeDefinitions' to True when using `DefinitionUri`.", r.propPath('MergeDefinitions'));
  if (p['DefinitionUri'] !== undefined && body === undefined) {
    if (p[http ? 'CorsConfiguration' : 'Cors'] !== undefined) c.fail(r.id, `Cors works only with inline ${http ? 'OpenApi' : 'Swagger'} specified in 'DefinitionBody' property.`, r.propPath(http ? 'CorsConfiguration' : 'Cors'));
    if (http && p['Tags'] !== undefined) c.fail(r.id, "Tags works only with inline OpenApi specified in the 'DefinitionBody' property.", r.propPath('Tags'));
    if (p['DisableExecuteApiEndpoint'] !== undefined) c.fail(r.id, "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.", r.propPath('DisableExecuteApiEndpoint'));
  }
  const ov = p['OpenApiVersion'];
  // `OpenApiVersion: 3.0` is a float the translator turns into '3.0'; `3` is an integer it rejects.
  if (ov !== undefined && typeof ov !== 'string' && !(typeof ov === 'number' && c.writtenAsFloat(r.propPath('OpenApiVersion'))) && !isIntrinsic(ov)) c.fail(r.id, "Property 'OpenApiVersion' should be a string.", r.propPath('OpenApiVersion'));
  if (typeof ov === 'string' && !/^3\.\d+(\.\d+)?$/.test(ov) && ov !== '2.0') c.fail(r.id, "The OpenApiVersion value must be of the format '3.0.0'.", r.propPath('OpenApiVersion'));
  const cors = p[http ? 'CorsConfiguration' : 'Cors'];
  if (isObject(cors) && !isIntrinsic(cors)) {
    for (const k of Object.keys(cors)) if (!(http ? HTTP_CORS_KEYS : CORS_KEYS).includes(k)) c.fail(r.id, `Invalid key '${k}' for 'Cors' property.`, r.propPath(http ? 'CorsConfiguration' : 'Cors'));
    if (!http && cors['AllowCredentials'] === true && (cors['AllowOrigin'] === undefined || cors['AllowOrigin'] === "'*'")) c.fail(r.id, "Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set", r.propPath('Cors'));
    if (!http && cors['AllowOrigin'] === '') c.fail(r.id, 'Structure of the SAM template is invalid. Invalid input. Value for AllowedOrigins is required', r.propPath('Cors'));
  }
  const models = p['Models'];
  if (!http && models !== undefined && models !== null && !isIntrinsic(models)) {
    if (!isObject(models) || Object.values(models).some((m) => !isObject(m))) c.fail(r.id, "Invalid value for 'Models' property", r.propPath('Models'));
    else if (p['DefinitionUri'] !== undefined) c.fail(r.id, "Models works only with inline Swagger specified in 'DefinitionBody' property.", r.propPath('Models'));
    else if (isObject(body) && !isIntrinsic(body) && !isSwagger(body)) c.fail(r.id, "Unable to add Models definitions because 'DefinitionBody' does not contain a valid Swagger definition.", r.propPath('Models'));
  }
  const ec = p['EndpointConfiguration'];
  if (isObject(ec) && ec['VPCEndpointIds'] !== undefined && ec['VpcEndpointIds'] !== undefined) c.fail(r.id, "'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together in EndpointConfiguration.", r.propPath('EndpointConfiguration'));
  const up = isObject(p['Auth']) ? p['Auth']['UsagePlan'] : undefined;
  if (up !== undefined) {
    if (!isObject(up)) c.fail(r.id, "'UsagePlan' must be a dictionary", r.propPath('Auth'));
    else for (const k of Object.keys(up)) if (!['CreateUsagePlan', 'Description', 'Quota', 'Tags', 'Throttle', 'UsagePlanName'].includes(k)) c.fail(r.id, "Invalid property for 'UsagePlan'", r.propPath('Auth'));
  }
  const auth = p['Auth'];
  if (isObject(auth)) {
    for (const k of ['ResourcePolicy'] as const) if (auth[k] !== undefined && !isObject(auth[k])) c.fail(null, 'Structure of the SAM template is invalid. ResourcePolicy must be a map (ResourcePolicyStatement).', [...r.propPath('Auth'), k]);
    const rp = auth['ResourcePolicy'];
    if (isObject(rp)) {
      for (const k of ['SourceVpcWhitelist', 'SourceVpcBlacklist']) {
        const v = rp[k];
        if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string' || isIntrinsic(x)))) c.fail(null, `Structure of the SAM template is invalid. ${k} must be a list of strings. Use Intrinsic${k.replace('Source', '')} instead for values that use Intrinsic Functions`, [...r.propPath('Auth'), 'ResourcePolicy', k]);
      }
    }
    const azs = auth['Authorizers'];
    if (isObject(azs)) {
      for (const [name, az] of Object.entries(azs)) {
        if (!isObject(az)) continue;
        const azPath = [...r.propPath('Auth'), 'Authorizers', name];
        if (az['Identity'] !== undefined && !isObject(az['Identity'])) c.fail(r.id, 'Auth.Authorizers.<Authorizer>.Identity must be a dict (LambdaTokenAuthorizationIdentity, LambdaRequestAuthorizationIdentity or CognitoAuthorizationIdentity).', azPath);
        const id = az['Identity'];
        if (isObject(id) && Array.isArray(id['Headers'])) id['Headers'].forEach((h, i) => { if (typeof h !== 'string') c.fail(r.id, `Property 'Authorizers.${name}.Identity.Headers[${i}]' should be a string.`, azPath); });
        if (az['AuthorizationScopes'] !== undefined && !Array.isArray(az['AuthorizationScopes'])) c.fail(r.id, `Property 'Authorizers.${name}.AuthorizationScopes' should be a list.`, azPath);
        if (http && az['JwtConfiguration'] !== undefined && !isObject(az['JwtConfiguration'])) c.fail(r.id, "Property 'JwtConfiguration' should be a map.", azPath);
      }
    }
  }
  const gr = p['GatewayResponses'];
  if (isObject(gr)) {
    if (isIntrinsic(gr)) c.fail(r.id, 'Unable to set GatewayResponses attribute because intrinsic functions are not supported for this field.', r.propPath('GatewayResponses'));
    else for (const [name, resp] of Object.entries(gr)) {
      const at = [...r.propPath('GatewayResponses'), name];
      if (!isObject(resp)) {
        c.fail(r.id, `Invalid property type '${typeof resp === 'number' ? 'int' : typeof resp}' for GatewayResponses. Expected an object of type 'GatewayResponse'.`, at);
        continue;
      }
      for (const k of Object.keys(resp)) if (!GATEWAY_RESPONSE_KEYS.includes(k)) c.fail(r.id, `Invalid property '${k}' in 'GatewayResponses' property '${name}'.`, at);
      const params = resp['ResponseParameters'];
      if (params !== undefined && !isObject(params)) c.fail(r.id, `Property 'GatewayResponses.${name}.ResponseParameters' should be a map.`, at);
      else if (isObject(params)) for (const k of Object.keys(params)) if (!GATEWAY_PARAM_KEYS.includes(k)) c.fail(r.id, `Invalid gateway response parameter '${k}'`, at);
      const sc = resp['StatusCode'];
      if (sc !== undefined && !isIntrinsic(sc) && !/^\d+$/.test(String(sc))) c.fail(r.id, "Property 'StatusCode' must be numeric", at);
    }
  }
  const domain = p['Domain'];
  if (isObject(domain)) {
    const at = r.propPath('Domain');
    for (const k of ['MutualTlsAuthentication', 'Route53', 'AccessAssociation'] as const) {
      if (domain[k] !== undefined && !isObject(domain[k])) {
        if (k === 'MutualTlsAuthentication' && http) c.fail(r.id, "MutualTlsAuthentication must be a map with at least one of the following fields ['TruststoreUri', 'TruststoreVersion'].", at);
        else c.fail(r.id, `Property 'Domain.${k}' should be a map.`, at);
      }
    }
    const mtls = domain['MutualTlsAuthentication'];
    if (isObject(mtls) && Object.keys(mtls).some((k) => k !== 'TruststoreUri' && k !== 'TruststoreVersion')) c.fail(r.id, `Available ${http ? '' : 'Domain.'}MutualTlsAuthentication fields are ['TruststoreUri', 'TruststoreVersion'].`, at);
    const r53 = domain['Route53'];
    if (isObject(r53)) {
      if (r53['HostedZoneId'] === undefined && r53['HostedZoneName'] === undefined) c.fail(r.id, 'HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains.', at);
      if (r53['SeparateRecordSetGroup'] !== undefined && typeof r53['SeparateRecordSetGroup'] !== 'boolean') c.fail(r.id, "Property 'Domain.Route53.SeparateRecordSetGroup' should be a boolean.", at);
    }
    const bp = domain['BasePath'];
    if (bp !== undefined && typeof bp !== 'string' && !(Array.isArray(bp) && bp.every((x) => typeof x === 'string'))) c.fail(r.id, 'Basepath must be a string.', at);
    const ep = domain['EndpointConfiguration'];
    if (typeof ep === 'string' && !['EDGE', 'REGIONAL', 'PRIVATE'].includes(ep)) c.fail(r.id, "EndpointConfiguration for Custom Domains must be one of ['EDGE', 'REGIONAL', 'PRIVATE'].", at);
  }
  if (isObject(body) && !isIntrinsic(body)) openApi(c, r, body, http, isObject(auth) && auth['DefaultAuthorizer'] !== undefined);
}

/** A document the translator's Swagger editor accepts: a version key and a map of paths. */
function isSwagger(body: JsonObject): boolean {
  return (body['swagger'] !== undefined || body['openapi'] !== undefined) && isObject(body['paths']);
}

/** The structure of an inline Swagger / OpenAPI document, as far as SAM reads it. */
function openApi(c: Checker, r: SamResource, body: JsonObject, http: boolean, defaultAuth: boolean): void {
  const at = r.propPath('DefinitionBody');
  const bad = (m: string) => c.fail(null, `Structure of the SAM template is invalid. ${m}`, at);
  if (http && (body['openapi'] === undefined || (body['paths'] !== undefined && !isObject(body['paths'])))) {
    c.fail(r.id, "Structure of the SAM template is invalid. Invalid OpenApi document. Invalid values or missing keys for 'openapi' or 'paths' in 'DefinitionBody'.", at);
    return;
  }
  if (body['securityDefinitions'] !== undefined && !isObject(body['securityDefinitions'])) bad('securityDefinitions must be a dictionary.');
  if (body['x-amazon-apigateway-endpoint-configuration'] !== undefined && !isObject(body['x-amazon-apigateway-endpoint-configuration'])) bad("Invalid OpenAPI definition: The value of 'x-amazon-apigateway-endpoint-configuration' should be a map.");
  if (Array.isArray(body['servers'])) body['servers'].forEach((s, i) => {
    if (isObject(s) && s['x-amazon-apigateway-endpoint-configuration'] !== undefined && !isObject(s['x-amazon-apigateway-endpoint-configuration'])) bad(`Invalid OpenAPI definition of 'servers[${i}]': The value of 'x-amazon-apigateway-endpoint-configuration' should be a map.`);
  });
  if (body['tags'] !== undefined && !Array.isArray(body['tags'])) bad(`Tags in OpenApi DefinitionBody needs to be a list. ${JSON.stringify(body['tags'])} is a dict not a list.`);
  const paths = body['paths'];
  if (!isObject(paths)) return;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) {
      bad(`Value of '${path}' path must be a dictionary according to Swagger spec.`);
      continue;
    }
    if (isIntrinsic(item)) continue;
    for (const [m, op] of Object.entries(item)) {
      // A default authorizer is added to every method under its normalised name, which `any` is not.
      if (http && defaultAuth && m.toLowerCase() === 'any') bad(`Could not find x-amazon-apigateway-any-method in ${path} within DefinitionBody.`);
      if (m === 'parameters' || m === 'summary' || m === 'description' || m === 'servers' || m.startsWith('x-amazon-apigateway-') && m !== 'x-amazon-apigateway-any-method') continue;
      if (!isObject(op)) {
        // SAM only reads an HTTP API's methods to add a default authorizer to them.
        if (http && op === null && !defaultAuth) continue;
        bad(`Definition of method '${m}' for path '${path}' should be a map.`);
        continue;
      }
      if (isIntrinsic(op)) continue;
      const sec = op['security'];
      if (Array.isArray(sec)) for (const s of sec) if (!isObject(s)) bad(`${String(s)} in Security for path ${path} method ${m} is not a valid dictionary.`);
      if (m === 'options' && op['responses'] !== undefined) {
        if (!isObject(op['responses'])) bad(`Invalid responses in options method for path ${path}: It should be a map.`);
        else for (const resp of Object.values(op['responses'])) if (isObject(resp) && resp['headers'] !== undefined && !isObject(resp['headers'])) bad(`Value of response's headers in options method for path ${path} must be a dictionary according to Swagger spec.`);
      }
    }
  }
}

function application(c: Checker, r: SamResource): void {
  const loc = r.props['Location'];
  if (!isObject(loc)) return;
  const appId = loc['ApplicationId'];
  if (appId === undefined || appId === null) c.fail(r.id, "Property 'ApplicationId' is required.", r.propPath('Location'));
  else if (typeof appId === 'string' && /\{\{resolve:/.test(appId)) c.fail(r.id, "Serverless Application Repostiory does not support dynamic reference in 'ApplicationId' property.", r.propPath('Location'));
  const sv = loc['SemanticVersion'];
  if (sv === '' || sv === null) c.fail(r.id, "Property 'SemanticVersion' cannot be blank.", r.propPath('Location'));
}

function capacityProvider(c: Checker, r: SamResource): void {
  const vpc = r.props['VpcConfig'];
  if (isObject(vpc) && vpc['SubnetIds'] === undefined) c.fail(r.id, "Property 'VpcConfig.SubnetIds' is required.", r.propPath('VpcConfig'));
  const ir = r.props['InstanceRequirements'];
  if (isObject(ir) && ir['AllowedTypes'] !== undefined && ir['ExcludedTypes'] !== undefined) c.fail(r.id, "Cannot specify 'InstanceRequirements.AllowedTypes' and 'InstanceRequirements.ExcludedTypes' together.", r.propPath('InstanceRequirements'));
}

/**
 * Checks that need the APIs as the expansion sees them (implicit APIs exist only once the events
 * were read): the implicit APIs' own properties, which come from Globals, and what each Api /
 * HttpApi event asks of its API.
 */
export function validateApis(ctx: Ctx, implicit: readonly SamResource[]): SamInvalid[] {
  const c = new Checker(ctx.src.body);
  for (const r of implicit) resource(c, r);
  for (const [apiId, routes] of ctx.routes) {
    const api = ctx.sam.get(apiId);
    if (!api) continue;
    const p = api.props;
    // The translator adds events to a definition only when it generates it or is asked to merge.
    if ((p['DefinitionBody'] !== undefined || p['DefinitionUri'] !== undefined) && (p['MergeDefinitions'] !== true || !isObject(p['DefinitionBody']) || !isSwagger(p['DefinitionBody']))) continue;
    const auth = isObject(p['Auth']) ? p['Auth'] : {};
    const seen = new Set<string>();
    for (const route of routes) {
      const owner = route.owner.type === 'AWS::Serverless::StateMachine' ? null : route.owner.id;
      const fail = (m: string, sub: DocPath = []) => c.fail(owner, `Event with id [${route.eventName}] is invalid. ${m}`, [...route.eventPath, ...sub]);
      const where = `on API method [${route.method}] for path [${route.path}]`;
      const k = `${route.path}\u0000${route.method}`;
      if (seen.has(k)) {
        if (route.kind === 'rest') fail(`API method "${route.method}" defined multiple times for path "${route.path}".`);
        else fail(`API method '${route.method === 'any' ? 'x-amazon-apigateway-any-method' : route.method}' defined multiple times for path '${route.path}'.`);
      }
      seen.add(k);
      if (route.kind !== 'rest') continue;
      const evAuth = isObject(route.event['Auth']) ? route.event['Auth'] : {};
      if (evAuth['Authorizer'] === 'NONE' && auth['DefaultAuthorizer'] === undefined) {
        fail(`Unable to set Authorizer ${where} because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified.`, ['Properties', 'Auth']);
      }
      if (evAuth['ApiKeyRequired'] === false && auth['ApiKeyRequired'] !== true) {
        fail(`Unable to set ApiKeyRequired [False] ${where} because the related API does not specify any ApiKeyRequired.`, ['Properties', 'Auth']);
      }
      const rm = route.event['RequestModel'];
      const model = isObject(rm) ? rm['Model'] : undefined;
      if (model === undefined || model === null || isIntrinsic(model)) continue;
      const models = p['Models'];
      const shown = typeof model === 'string' ? model : JSON.stringify(model);
      const why =
        models === undefined || models === null || (isObject(models) && Object.keys(models).length === 0) ? 'the related API does not define any Models'
        : typeof model !== 'string' || !isObject(models) ? 'the related API does not contain valid Models'
        : !isIntrinsic(models) && !(model in models) ? "it wasn't defined in the API's Models"
        : undefined;
      if (why) fail(`Unable to set RequestModel [${shown}] ${where} because ${why}.`, ['Properties', 'RequestModel']);
    }
  }
  return c.errors;
}

const GRAPHQL_AUTH_CONFIG: Record<string, string> = { AWS_LAMBDA: 'LambdaAuthorizer', OPENID_CONNECT: 'OpenIDConnect', AMAZON_COGNITO_USER_POOLS: 'UserPool' };
const GRAPHQL_AUTH_TYPES = ['AWS_IAM', 'API_KEY', ...Object.keys(GRAPHQL_AUTH_CONFIG)];

/** A GraphQLApi is not expanded, but the translator rejects these shapes, so a scan reports them too. */
function graphqlApi(c: Checker, r: SamResource): void {
  const p = r.props;
  const fail = (m: string, k: string, id = r.id) => c.fail(id, m, r.propPath(k));
  const auth = p['Auth'];
  // A missing required property fails the schema, before any other check runs.
  if (auth === undefined) {
    c.fail(r.id, "Missing required property 'Auth'.", r.path);
    return;
  }
  if (p['SchemaInline'] !== undefined && p['SchemaUri'] !== undefined) fail("Both 'SchemaInline' and 'SchemaUri' cannot be defined at the same time.", 'SchemaInline');
  else if (p['SchemaInline'] === undefined && p['SchemaUri'] === undefined) c.fail(r.id, "One of 'SchemaInline' or 'SchemaUri' must be set.", r.path);
  if (isObject(auth) && !isIntrinsic(auth)) {
    const configs = (a: JsonObject) => Object.values(GRAPHQL_AUTH_CONFIG).filter((k) => a[k] !== undefined);
    const problem = (a: JsonObject): string | undefined => {
      const type = a['Type'];
      if (typeof type !== 'string' || !GRAPHQL_AUTH_TYPES.includes(type)) return "Property 'Auth.Type' is invalid.";
      if (configs(a).length > 1) return "'Auth' has more than one authentication configuration defined.";
      const needs = GRAPHQL_AUTH_CONFIG[type];
      if (needs !== undefined && a[needs] === undefined) return `'${needs}' must be defined if type is '${type}'.`;
      return undefined;
    };
    const own = problem(auth);
    if (own) fail(own, 'Auth');
    const extra = auth['Additional'];
    if (extra !== undefined && (!Array.isArray(extra) || extra.some((a) => !isObject(a) || problem(a) !== undefined))) fail("Property 'Auth.Additional' is invalid.", 'Auth');
  }
  const logging = p['Logging'];
  if (isObject(logging) && !isIntrinsic(logging)) {
    for (const k of Object.keys(logging)) if (!['CloudWatchLogsRoleArn', 'FieldLogLevel', 'ExcludeVerboseContent'].includes(k)) fail(`Property 'Logging.${k}' is invalid.`, 'Logging');
  }
  const sources = new Set<string>();
  if (isObject(p['DataSources'])) for (const group of Object.values(p['DataSources'])) if (isObject(group)) for (const k of Object.keys(group)) sources.add(k);
  const functions = isObject(p['Functions']) ? p['Functions'] : {};
  for (const [name, f] of Object.entries(functions)) {
    if (!isObject(f)) continue;
    const ds = f['DataSource'];
    const problem =
      f['Id'] !== undefined ? (Object.keys(f).length > 1 ? "'Id' cannot be defined with other properties in Function." : undefined)
      : ds === undefined ? "'DataSource' must be set."
      : typeof ds === 'string' && ds.toUpperCase() !== 'NONE' && !sources.has(ds) ? `Either define DataSource '${ds}' in 'DataSources' or use intrinsic function like GetAtt, ImportValue, Sub or another one to reference a DataSource defined outside of this GraphQLApi resource.`
      : codeProblem(f, name, true);
    if (problem) fail(problem, 'Functions', name);
  }
  const resolvers = isObject(p['Resolvers']) ? p['Resolvers'] : {};
  for (const group of Object.values(resolvers)) {
    if (!isObject(group)) continue;
    for (const [name, res] of Object.entries(group)) {
      if (!isObject(res)) continue;
      const pipeline = res['Pipeline'];
      const missing = Array.isArray(pipeline) ? pipeline.find((f) => typeof f === 'string' && !(f in functions)) : undefined;
      const problem =
        pipeline === undefined ? `Resolver '${name}' must have Pipeline defined. Unit resolvers are not supported. If you need a Unit resolver you can use AppSync resource.`
        : res['InlineCode'] !== undefined || res['CodeUri'] !== undefined ? codeProblem(res, name, false)
        : undefined;
      if (problem) fail(problem, 'Resolvers', name);
      else if (typeof missing === 'string') fail(`Function '${missing}' does not exist.`, 'Resolvers', name);
    }
  }
}

/** Code of a GraphQL function or resolver: inline or at a URI (not both), with its runtime. */
function codeProblem(f: JsonObject, name: string, required: boolean): string | undefined {
  if (f['InlineCode'] !== undefined && f['CodeUri'] !== undefined) return "Both 'InlineCode' and 'CodeUri' cannot be defined at the same time.";
  if (required && f['InlineCode'] === undefined && f['CodeUri'] === undefined) return "One of 'InlineCode' or 'CodeUri' must be set.";
  if (f['Runtime'] === undefined) return `'Runtime' must be defined as a property in ${name}.`;
  return undefined;
}
