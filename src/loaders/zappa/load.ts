/**
 * Zappa settings (`zappa_settings.json` / `.yml` / `.yaml`) into the CloudFormation of what
 * `zappa deploy <stage>` makes: Zappa creates the function, its execution role and the event
 * sources with API calls and the API Gateway through a CloudFormation stack of its own; every stage
 * of the file is read (only the `--stage` one when given). Nothing of the project is executed.
 *
 * What Zappa does, from its source (zappa/cli.py `load_settings`, zappa/core.py):
 * - one function `<project_name>-<stage>` (slugified; the project name defaults to the folder of
 *   the settings file), handler `handler.lambda_handler` (Zappa's own, in the package it builds),
 *   which serves `app_function` (a WSGI app) or the Django project of `django_settings`; 512 MB and
 *   30 s unless set;
 * - with `manage_roles` (default true) a role `<function>-ZappaLambdaExecutionRole` (or
 *   `role_name`) trusted by Lambda, API Gateway and EventBridge, with the inline policy
 *   `zappa-permissions`: ATTACH_POLICY (logs:*, lambda:InvokeFunction on *, s3:* on every bucket,
 *   sqs:*, sns:*, kinesis:*, dynamodb:*, route53:*, ENI actions) or the file `attach_policy`
 *   names, plus `extra_permissions`; `role_arn` uses a role of the user's instead;
 * - with API Gateway (default on) a REST API with `ANY /` and `ANY /{proxy+}` (AWS_PROXY, called
 *   with the role as credentials), `AWS_IAM` when `iam_authorization`, else the `authorizer`
 *   (TOKEN by default, a function of the same Lambda unless it names an `arn`), else none; an API
 *   key when `api_key_required`; OPTIONS mocks when `cors`;
 * - `events`: schedules (`expression(s)`) as EventBridge rules, `event_source` ARNs of S3 and SNS
 *   (invoke permission) and of SQS, DynamoDB and Kinesis (event source mappings); `keep_warm`
 *   (default true) a rule every 4 minutes;
 * - `function_url_enabled`: a function URL whose auth is `function_url_config.authorizer` (NONE
 *   unless set).
 */
import { dirname, join as joinPath } from 'node:path';
import type { Diagnostic, DocPath, JsonObject, JsonValue, LoadedTemplate, SourceLocation } from '../../model/types.js';
import { LocationTable, parseJson, parseYaml, type ParseLimits } from '../cloudformation/parse.js';
import { readText, toPosix, type Candidate, type ScanRoot } from '../files.js';
import { asObject, asString, clone, getAtt, isObject, ref, sub } from '../serverless/context.js';

export interface ZappaLoadOptions {
  files: ScanRoot;
  parse: ParseLimits;
  /** `--stage`: only this stage is read when the file has it. */
  stage?: string;
}

/** ATTACH_POLICY of zappa/core.py: the inline policy of the role Zappa manages. */
const ATTACH_POLICY: JsonObject = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['logs:*'], Resource: 'arn:aws:logs:*:*:*' },
    { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['*'] },
    { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: ['*'] },
    {
      Effect: 'Allow',
      Action: [
        'ec2:AttachNetworkInterface',
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DetachNetworkInterface',
        'ec2:ModifyNetworkInterfaceAttribute',
        'ec2:ResetNetworkInterfaceAttribute',
      ],
      Resource: '*',
    },
    { Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::*' },
    { Effect: 'Allow', Action: ['kinesis:*'], Resource: 'arn:aws:kinesis:*:*:*' },
    { Effect: 'Allow', Action: ['sns:*'], Resource: 'arn:aws:sns:*:*:*' },
    { Effect: 'Allow', Action: ['sqs:*'], Resource: 'arn:aws:sqs:*:*:*' },
    { Effect: 'Allow', Action: ['dynamodb:*'], Resource: 'arn:aws:dynamodb:*:*:*' },
    { Effect: 'Allow', Action: ['route53:*'], Resource: '*' },
  ],
};

/** ASSUME_POLICY of zappa/core.py. */
const ASSUME_POLICY: JsonObject = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: ['apigateway.amazonaws.com', 'lambda.amazonaws.com', 'events.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
};

/** Settings that change what is deployed and are not modelled, with what is then missing. */
const NOT_MODELLED: Readonly<Record<string, string>> = {
  alb_enabled: 'the load balancer in front of the function is not on the attack surface',
  async_source: 'the SNS topic or DynamoDB table of asynchronous tasks is not on the attack surface',
  async_resources: 'the SNS topic or DynamoDB table of asynchronous tasks is not on the attack surface',
  remote_env: 'the environment variables it loads from S3 are not read',
  remote_env_bucket: 'the environment variables it loads from S3 are not read',
  remote_env_file: 'the environment variables it loads from S3 are not read',
  docker_image_uri: 'the image function is not read',
};

/** The services whose event sources are polled (an event source mapping), as Zappa splits them. */
const PULL_SERVICES = new Set(['sqs', 'dynamodb', 'kinesis']);

interface Setting {
  value: JsonValue;
  /** Where it was written: [stage that holds it, key]. */
  src: DocPath;
}

interface Target {
  table: LocationTable;
  path: DocPath;
}

class ZappaTemplate {
  readonly resources: JsonObject = {};
  readonly parameters: JsonObject = {};
  private readonly mounts = new Map<string, Target>();
  constructor(
    readonly file: string,
    readonly table: LocationTable,
    readonly diagnostics: Diagnostic[],
  ) {}

  add(id: string, resource: JsonObject, src: DocPath, table = this.table): void {
    this.resources[id] = resource;
    this.mount(['Resources', id], src, table);
  }

  mount(generated: DocPath, src: DocPath, table = this.table): void {
    const k = LocationTable.key(generated);
    if (!this.mounts.has(k)) this.mounts.set(k, { table, path: src });
  }

  locate(path: DocPath): SourceLocation {
    for (let n = path.length; n >= 0; n--) {
      const t = this.mounts.get(LocationTable.key(path.slice(0, n)));
      if (t) return t.table.locate([...t.path, ...path.slice(n)]);
    }
    return this.table.locate([]);
  }

  diag(level: Diagnostic['level'], code: string, message: string, src: DocPath): void {
    const location = { ...this.table.locate(src), file: this.file };
    this.diagnostics.push({ level, code, message: `${this.file}:${location.line}: ${message}`, location });
  }
}

export function loadZappa(candidate: Candidate, options: ZappaLoadOptions, diagnostics: Diagnostic[]): LoadedTemplate | null {
  const file = candidate.file;
  const text = readText(candidate.abs, file, options.files, diagnostics);
  if (text === null) return null;
  const parsed = /\.json$/i.test(file) ? parseJson(text.text, file, options.parse) : parseYaml(text.text, file, options.parse);
  diagnostics.push(...parsed.diagnostics);
  const raw = parsed.value;
  if (!isObject(raw)) {
    if (parsed.diagnostics.every((d) => d.level !== 'error')) {
      diagnostics.push({ level: 'warning', code: 'not-a-zappa-config', message: `${file}: Zappa settings are a mapping of stages; this is not one; skipped`, location: { file, line: 1, column: 1 } });
    }
    return null;
  }
  const t = new ZappaTemplate(file, parsed.locations, diagnostics);
  const stages = Object.keys(raw).filter((k) => isObject(raw[k]));
  // A stage others extend is read as their base (as in most settings files), not as a deployment of its own; `--stage` picks one.
  const bases = new Set(stages.map((s) => asString(asObject(raw[s])!['extends'])).filter((s): s is string => s !== undefined));
  const chosen = options.stage !== undefined && stages.includes(options.stage) ? [options.stage] : stages.filter((s) => !bases.has(s));
  for (const b of [...bases].filter((s) => stages.includes(s) && !chosen.includes(s)).sort()) t.diag('info', 'zappa-base-stage', `stage '${b}' is extended by other stages and read as their base, not as a deployment of its own (scan with --stage ${b} to read it)`, [b]);
  const used = new Set<string>();
  for (const stage of chosen) {
    const settings = stageSettings(raw, stage, t);
    let prefix = stage.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()).replace(/^./, (c) => c.toUpperCase()) || 'Stage';
    if (!/^[A-Za-z]/.test(prefix)) prefix = `Stage${prefix}`;
    while (used.has(prefix)) prefix = `${prefix}X`;
    used.add(prefix);
    compileStage(t, stage, prefix, settings, candidate, options);
  }
  if (chosen.length === 0) t.diag('warning', 'not-a-zappa-config', 'no stage is defined (each top-level key of Zappa settings is a stage)', []);
  return { file, format: 'zappa', body: { AWSTemplateFormatVersion: '2010-09-09', Description: 'What Zappa deploys for these settings', ...(Object.keys(t.parameters).length ? { Parameters: t.parameters } : {}), Resources: t.resources }, locate: (path) => t.locate(path) };
}

/** A stage's settings with those of the stages it `extends` (shallow, the stage's own win, as Zappa merges them). */
function stageSettings(raw: JsonObject, stage: string, t: ZappaTemplate): Map<string, Setting> {
  const chain: string[] = [];
  for (let s: string | undefined = stage; s !== undefined; ) {
    if (chain.includes(s)) {
      t.diag('warning', 'zappa-extends-cycle', `stage '${stage}' extends itself through ${[...chain, s].join(' -> ')}; the cycle is cut`, [s, 'extends']);
      break;
    }
    const own = asObject(raw[s]);
    if (!own) {
      t.diag('warning', 'zappa-extends-missing', `stage '${chain[chain.length - 1]}' extends '${s}', which the file does not define`, [chain[chain.length - 1]!, 'extends']);
      break;
    }
    chain.push(s);
    s = asString(own['extends']);
  }
  const out = new Map<string, Setting>();
  for (const s of [...chain].reverse()) for (const [k, v] of Object.entries(asObject(raw[s])!)) out.set(k, { value: v, src: [s, k] });
  return out;
}

function compileStage(t: ZappaTemplate, stage: string, P: string, settings: Map<string, Setting>, candidate: Candidate, options: ZappaLoadOptions): void {
  const get = (k: string): JsonValue | undefined => settings.get(k)?.value;
  const src = (k: string, ...rest: (string | number)[]): DocPath => [...(settings.get(k)?.src ?? [stage]), ...rest];
  const flag = (k: string, dflt: boolean): boolean => (get(k) === undefined ? dflt : get(k) === true || get(k) === 'true');
  const dir = toPosix(dirname(candidate.file)) || '.';
  const folder = dir === '.' ? null : dir.split('/').pop()!;

  const project = asString(get('project_name')) ?? folder;
  const lambdaName = project === null ? null : slugify(`${project}-${stage}`);
  const fnId = `${P}Function`;
  const roleId = `${P}ZappaLambdaExecutionRole`;
  const fnArn = getAtt(fnId, 'Arn');

  for (const [key, what] of Object.entries(NOT_MODELLED)) {
    const v = get(key);
    if (v === undefined || v === null || v === false || (isObject(v) && Object.keys(v).length === 0)) continue;
    t.diag('warning', 'zappa-setting-not-modelled', `stage '${stage}': \`${key}\` is not modelled: ${what}`, src(key));
  }

  // The execution role.
  const roleArn = get('role_arn');
  let role: JsonValue;
  if (typeof roleArn === 'string') role = roleArn;
  else if (flag('manage_roles', true)) {
    const doc = policyFile(t, settings, 'attach_policy', candidate, options) ?? { value: clone(ATTACH_POLICY), table: null };
    const known = isObject(doc.value) && !('Ref' in doc.value);
    const statements = known && Array.isArray((doc.value as JsonObject)['Statement']) ? ((doc.value as JsonObject)['Statement'] as JsonValue[]) : [];
    const extra = get('extra_permissions');
    const extraFrom = statements.length;
    if (known && Array.isArray(extra)) for (const s of extra) statements.push(clone(s));
    const policy: JsonValue = known ? { ...(doc.value as JsonObject), Statement: statements } : doc.value;
    const assume = policyFile(t, settings, 'assume_policy', candidate, options)?.value ?? clone(ASSUME_POLICY);
    const roleName = asString(get('role_name')) ?? (lambdaName ? `${lambdaName}-ZappaLambdaExecutionRole` : undefined);
    t.add(roleId, { Type: 'AWS::IAM::Role', Properties: { ...(roleName ? { RoleName: roleName } : {}), AssumeRolePolicyDocument: assume, Policies: [{ PolicyName: 'zappa-permissions', PolicyDocument: policy }] } }, settings.has('manage_roles') ? src('manage_roles') : [stage]);
    const policyPath: DocPath = ['Resources', roleId, 'Properties', 'Policies', 0, 'PolicyDocument'];
    if (doc.table) t.mount(policyPath, [], doc.table);
    else if (settings.has('attach_policy')) t.mount(policyPath, src('attach_policy'));
    statements.forEach((_, i) => i >= extraFrom && t.mount([...policyPath, 'Statement', i], src('extra_permissions', i - extraFrom)));
    role = getAtt(roleId, 'Arn');
  } else {
    const name = asString(get('role_name')) ?? (lambdaName ? `${lambdaName}-ZappaLambdaExecutionRole` : null);
    role = name ? sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${name}`) : sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ZappaLambdaExecution');
    t.diag('info', 'zappa-role-not-managed', `stage '${stage}': manage_roles is false: the function runs with the existing role ${name ?? '(named by the project folder)'}, whose policies are not in the settings`, src('manage_roles'));
  }

  // The function.
  const env: JsonObject = {};
  for (const k of ['aws_environment_variables', 'environment_variables']) {
    const vars = asObject(get(k));
    if (!vars) continue;
    for (const [name, v] of Object.entries(vars)) {
      env[name] = v;
      t.mount(['Resources', fnId, 'Properties', 'Environment', 'Variables', name], src(k, name));
    }
  }
  const vpc = asObject(get('vpc_config'));
  const app = asString(get('app_function'));
  const django = asString(get('django_settings'));
  const props: JsonObject = {
    ...(lambdaName ? { FunctionName: lambdaName } : {}),
    Handler: asString(get('lambda_handler')) ?? 'handler.lambda_handler',
    ...(typeof get('runtime') === 'string' ? { Runtime: get('runtime')! } : {}),
    Role: role,
    MemorySize: typeof get('memory_size') === 'number' ? get('memory_size')! : 512,
    Timeout: typeof get('timeout_seconds') === 'number' ? get('timeout_seconds')! : 30,
    ...(typeof get('lambda_concurrency') === 'number' ? { ReservedConcurrentExecutions: get('lambda_concurrency')! } : {}),
    ...(Object.keys(env).length ? { Environment: { Variables: env } } : {}),
    ...(vpc ? { VpcConfig: { SubnetIds: vpc['SubnetIds'] ?? [], SecurityGroupIds: vpc['SecurityGroupIds'] ?? [] } } : {}),
    ...(Array.isArray(get('layers')) ? { Layers: get('layers')! } : {}),
    ...(typeof get('dead_letter_arn') === 'string' && get('dead_letter_arn') !== '' ? { DeadLetterConfig: { TargetArn: get('dead_letter_arn')! } } : {}),
    ...(flag('xray_tracing', false) ? { TracingConfig: { Mode: 'Active' } } : {}),
    ...(typeof get('aws_kms_key_arn') === 'string' && get('aws_kms_key_arn') !== '' ? { KmsKeyArn: get('aws_kms_key_arn')! } : {}),
    ...(isObject(get('ephemeral_storage')) ? { EphemeralStorage: get('ephemeral_storage')! } : {}),
    ...(typeof get('architecture') === 'string' ? { Architectures: [get('architecture')!] } : {}),
  };
  const metadata: JsonObject = { 'nightlight:name': lambdaName ?? stage, 'nightlight:code-path': dir, 'nightlight:web-adapter': 'zappa' };
  if (app) metadata['nightlight:wsgi-app'] = app;
  if (django) metadata['nightlight:django-settings'] = django;
  // the functions events name (not schedules: they get no caller's data) run with the event source's events
  const eventFns = (Array.isArray(get('events')) ? (get('events') as JsonValue[]) : []).map((e) => asObject(e)).filter((e) => e && isObject(e['event_source'])).map((e) => asString(e!['function'])).filter((f): f is string => !!f && /^[A-Za-z_][\w.]*\.[A-Za-z_]\w*$/.test(f));
  if (eventFns.length) metadata['nightlight:event-functions'] = [...new Set(eventFns)].sort();
  t.add(fnId, { Type: 'AWS::Lambda::Function', Metadata: metadata, Properties: props }, [stage]);
  for (const [k, prop] of [['lambda_handler', 'Handler'], ['runtime', 'Runtime'], ['memory_size', 'MemorySize'], ['timeout_seconds', 'Timeout'], ['lambda_concurrency', 'ReservedConcurrentExecutions'], ['role_arn', 'Role'], ['vpc_config', 'VpcConfig'], ['layers', 'Layers']] as const) {
    if (settings.has(k)) t.mount(['Resources', fnId, 'Properties', prop], src(k));
  }
  if (app) t.mount(['Resources', fnId, 'Properties', 'Handler'], src('app_function'));
  else if (django) t.mount(['Resources', fnId, 'Properties', 'Handler'], src('django_settings'));
  if (!app && !django && !settings.has('lambda_handler')) t.diag('info', 'zappa-no-app', `stage '${stage}': neither app_function nor django_settings is set: Zappa's handler serves no app`, [stage]);

  // API Gateway: ANY / and ANY /{proxy+}.
  if (flag('use_apigateway', true) && flag('apigateway_enabled', true)) compileApi(t, stage, P, settings, fnArn, role, get, src, flag, candidate, options);

  // The function URL.
  if (flag('function_url_enabled', false)) {
    const cfg = asObject(get('function_url_config')) ?? {};
    const auth = asString(cfg['authorizer'])?.toUpperCase() ?? 'NONE';
    t.add(`${P}FunctionUrl`, { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: fnArn, AuthType: auth, ...(isObject(cfg['cors']) ? { Cors: urlCors(cfg['cors']) } : {}) } }, src('function_url_enabled'));
    if (cfg['authorizer'] !== undefined) t.mount(['Resources', `${P}FunctionUrl`, 'Properties', 'AuthType'], src('function_url_config', 'authorizer'));
    if (auth === 'NONE') t.add(`${P}FunctionUrlPublicPermission`, { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: ref(fnId), Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' } }, src('function_url_enabled'));
  }

  // Cognito triggers: Zappa sets the function on the user pool's LambdaConfig and lets the pool invoke it.
  const cognito = asObject(get('cognito'));
  const pool = asString(cognito?.['user_pool']);
  if (cognito && pool) {
    const triggers = Array.isArray(cognito['triggers']) ? cognito['triggers'] : [];
    const sources = [...new Set(triggers.map((x) => asString(asObject(x)?.['source'])?.split('_')[0]).filter((x): x is string => !!x))].sort();
    if (sources.length) t.add(`${P}CognitoPermission`, { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: ref(fnId), Action: 'lambda:InvokeFunction', Principal: 'cognito-idp.amazonaws.com', SourceArn: sub(`arn:\${AWS::Partition}:cognito-idp:\${AWS::Region}:\${AWS::AccountId}:userpool/${pool}`) } }, src('cognito'));
    if (sources.length) t.diag('info', 'zappa-cognito-triggers', `stage '${stage}': user pool ${pool} runs the function for ${sources.join(', ')}; the pool is not in the settings, so who can cause those triggers (self sign-up) is not known`, src('cognito'));
  } else if (cognito) t.diag('warning', 'zappa-setting-not-modelled', `stage '${stage}': \`cognito\` names no user_pool; its triggers are not entry points`, src('cognito'));

  // Events, and the keep-warm schedule.
  const events = get('events');
  if (events !== undefined && !Array.isArray(events)) t.diag('warning', 'zappa-events', `stage '${stage}': events must be a list; not read`, src('events'));
  (Array.isArray(events) ? events : []).forEach((e, i) => compileEvent(t, stage, P, fnId, fnArn, asObject(e) ?? {}, src('events', i), i));
  if (flag('keep_warm', true)) {
    const expr = asString(get('keep_warm_expression')) ?? 'rate(4 minutes)';
    schedule(t, `${P}KeepWarm`, fnId, fnArn, expr, true, settings.has('keep_warm_expression') ? src('keep_warm_expression') : settings.has('keep_warm') ? src('keep_warm') : [stage]);
  }
}

function compileApi(t: ZappaTemplate, stage: string, P: string, settings: Map<string, Setting>, fnArn: JsonValue, role: JsonValue, get: (k: string) => JsonValue | undefined, src: (k: string, ...rest: (string | number)[]) => DocPath, flag: (k: string, d: boolean) => boolean, candidate: Candidate, options: ZappaLoadOptions): void {
  const api = `${P}Api`;
  const endpoint = get('endpoint_configuration');
  // apigateway_policy: the API's resource policy, a JSON file Zappa reads like attach_policy
  const policy = policyFile(t, settings, 'apigateway_policy', candidate, options);
  t.add(api, { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: `${stage} (Zappa)`, Description: 'Created automatically by Zappa.', ...(Array.isArray(endpoint) && endpoint.length ? { EndpointConfiguration: { Types: endpoint } } : {}), ...(policy ? { Policy: policy.value } : {}) } }, settings.has('apigateway_enabled') ? src('apigateway_enabled') : [stage]);
  if (policy?.table) t.mount(['Resources', api, 'Properties', 'Policy'], [], policy.table);
  else if (policy) t.mount(['Resources', api, 'Properties', 'Policy'], src('apigateway_policy'));
  const iam = flag('iam_authorization', false);
  const authorizer = asObject(get('authorizer'));
  const hasAuthorizer = !!authorizer && Object.keys(authorizer).length > 0;
  if (iam && hasAuthorizer) t.diag('warning', 'zappa-auth-conflict', `stage '${stage}': both iam_authorization and authorizer are set; Zappa uses IAM authorization and drops the authorizer`, src('authorizer'));
  let authType = 'NONE';
  let authSrc: DocPath = [stage];
  if (iam) [authType, authSrc] = ['AWS_IAM', src('iam_authorization')];
  else if (hasAuthorizer) {
    const type = (asString(authorizer['type']) ?? 'TOKEN').toUpperCase();
    authType = type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
    authSrc = src('authorizer');
    const uriArn = asString(authorizer['arn']);
    const uri = uriArn ? sub(`arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${uriArn}/invocations`) : invocations(fnArn);
    t.add(
      `${P}Authorizer`,
      {
        Type: 'AWS::ApiGateway::Authorizer',
        Properties: {
          RestApiId: ref(api),
          Name: asString(authorizer['name']) ?? 'ZappaAuthorizer',
          Type: type,
          IdentitySource: `method.request.header.${asString(authorizer['token_header']) ?? 'Authorization'}`,
          ...(type === 'COGNITO_USER_POOLS' ? { ProviderARNs: authorizer['provider_arns'] ?? [] } : { AuthorizerUri: uri, ...(type === 'TOKEN' ? { AuthorizerCredentials: role } : {}) }),
        },
      },
      src('authorizer'),
    );
  }
  const apiKey = flag('api_key_required', false);
  t.add(`${P}ProxyResource`, { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: ref(api), ParentId: getAtt(api, 'RootResourceId'), PathPart: '{proxy+}' } }, [stage]);
  const cors = get('cors');
  const corsCfg = cors === true ? {} : asObject(cors);
  for (const [suffix, resource] of [['Root', getAtt(api, 'RootResourceId')], ['Proxy', ref(`${P}ProxyResource`)]] as const) {
    const id = `${P}Any${suffix}`;
    t.add(
      id,
      {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: ref(api),
          ResourceId: resource,
          HttpMethod: 'ANY',
          AuthorizationType: authType,
          ...(authType === 'CUSTOM' || authType === 'COGNITO_USER_POOLS' ? { AuthorizerId: ref(`${P}Authorizer`) } : {}),
          ApiKeyRequired: apiKey,
          Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: invocations(fnArn), Credentials: role },
        },
      },
      [stage],
    );
    t.mount(['Resources', id, 'Properties', 'AuthorizationType'], authSrc);
    if (apiKey) t.mount(['Resources', id, 'Properties', 'ApiKeyRequired'], src('api_key_required'));
    if (corsCfg) {
      const headers = (k: string, dflt: string[]): string => `'${(Array.isArray(corsCfg[k]) ? (corsCfg[k] as JsonValue[]).map(String) : dflt).join(',')}'`;
      t.add(
        `${P}Options${suffix}`,
        {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            RestApiId: ref(api),
            ResourceId: resource,
            HttpMethod: 'OPTIONS',
            AuthorizationType: 'NONE',
            Integration: {
              Type: 'MOCK',
              RequestTemplates: { 'application/json': '{"statusCode": 200}' },
              IntegrationResponses: [
                {
                  StatusCode: '200',
                  ResponseParameters: {
                    'method.response.header.Access-Control-Allow-Headers': headers('allowed_headers', ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token']),
                    'method.response.header.Access-Control-Allow-Methods': headers('allowed_methods', ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']),
                    'method.response.header.Access-Control-Allow-Origin': `'${asString(corsCfg['allowed_origin']) ?? '*'}'`,
                  },
                },
              ],
            },
          },
        },
        src('cors'),
      );
    }
  }
  t.add(`${P}Deployment`, { Type: 'AWS::ApiGateway::Deployment', DependsOn: [`${P}AnyRoot`, `${P}AnyProxy`], Properties: { RestApiId: ref(api), StageName: stage } }, [stage]);
}

function compileEvent(t: ZappaTemplate, stage: string, P: string, fnId: string, fnArn: JsonValue, e: JsonObject, esrc: DocPath, i: number): void {
  const expressions = typeof e['expression'] === 'string' ? [e['expression']] : Array.isArray(e['expressions']) ? e['expressions'].filter((x): x is string => typeof x === 'string') : [];
  const enabled = e['enabled'] !== false;
  if (expressions.length) {
    expressions.forEach((x, j) => schedule(t, `${P}Event${i + 1}${j ? `x${j + 1}` : ''}`, fnId, fnArn, x, enabled, [...esrc, typeof e['expression'] === 'string' ? 'expression' : 'expressions']));
    return;
  }
  const source = asObject(e['event_source']);
  const arn = source?.['arn'];
  if (!source || typeof arn !== 'string') {
    t.diag('warning', 'zappa-event-not-read', `stage '${stage}': event ${i + 1} has neither an expression nor an event_source arn; not read`, esrc);
    return;
  }
  const service = /^arn:[^:]+:([^:]+):/.exec(arn)?.[1] ?? '';
  const id = `${P}Event${i + 1}`;
  const at: DocPath = [...esrc, 'event_source'];
  if (PULL_SERVICES.has(service)) {
    const stream = service !== 'sqs';
    t.add(
      id,
      {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          EventSourceArn: arn,
          FunctionName: ref(fnId),
          Enabled: enabled && source['enabled'] !== false,
          ...(typeof source['batch_size'] === 'number' ? { BatchSize: source['batch_size'] } : {}),
          ...(stream ? { StartingPosition: asString(source['starting_position']) ?? 'TRIM_HORIZON' } : {}),
        },
      },
      at,
    );
  } else if (service === 's3' || service === 'sns') {
    if (service === 'sns') t.add(`${id}Subscription`, { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: arn, Protocol: 'lambda', Endpoint: fnArn } }, at);
    t.add(`${id}Permission`, { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: ref(fnId), Action: 'lambda:InvokeFunction', Principal: `${service}.amazonaws.com`, SourceArn: arn, SourceAccount: ref('AWS::AccountId') } }, at);
  } else {
    t.diag('warning', 'zappa-event-not-read', `stage '${stage}': the ${service || 'unknown'} event source of event ${i + 1} is not modelled: it is not on the attack surface`, at);
  }
}

function schedule(t: ZappaTemplate, id: string, fnId: string, fnArn: JsonValue, expression: string, enabled: boolean, src: DocPath): void {
  t.add(id, { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: expression, State: enabled ? 'ENABLED' : 'DISABLED', Targets: [{ Id: 'Zappa', Arn: fnArn }] } }, src);
  t.add(`${id}Permission`, { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: ref(fnId), Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: getAtt(id, 'Arn') } }, src);
}

const invocations = (fnArn: JsonValue): JsonObject => ({ 'Fn::Sub': ['arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn}/invocations', { Fn: fnArn }] });

function urlCors(c: JsonObject): JsonObject {
  const map: Record<string, string> = { allow_origins: 'AllowOrigins', allow_methods: 'AllowMethods', allow_headers: 'AllowHeaders', allow_credentials: 'AllowCredentials', expose_headers: 'ExposeHeaders', max_age: 'MaxAge' };
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(c)) out[map[k] ?? k] = v;
  return out;
}

/**
 * A policy document the setting names as a JSON file (`attach_policy`, `assume_policy`), read
 * through the scan's boundary relative to the settings file; null when unset or unreadable (said).
 */
function policyFile(t: ZappaTemplate, settings: Map<string, Setting>, key: string, candidate: Candidate, options: ZappaLoadOptions): { value: JsonValue; table: LocationTable | null } | null {
  const s = settings.get(key);
  if (!s || typeof s.value !== 'string') return null;
  const rel = toPosix(joinPath(dirname(candidate.file), s.value));
  const abs = joinPath(dirname(candidate.abs), s.value);
  const read: Diagnostic[] = [];
  const text = options.files.readText(abs, rel, read);
  if (text === null) {
    t.diag('warning', 'zappa-policy-unreadable', `\`${key}\` names ${s.value}, which could not be read (${read[0]?.message ?? 'missing'}); ${key === 'attach_policy' ? "the role's permissions are unknown" : key === 'assume_policy' ? "the role's trust is unknown" : "the API's resource policy is unknown"}`, s.src);
    // Unknown is not safe: the document is a parameter without a value, so the role's policy is unresolved.
    const param = `Zappa${key.replace(/(^|_)(\w)/g, (_, _u: string, c: string) => c.toUpperCase())}NotRead`;
    t.parameters[param] = { Type: 'String', Description: `${rel} (${key}) could not be read` };
    return { value: ref(param), table: null };
  }
  const parsed = parseJson(text.text, rel, options.parse);
  t.diagnostics.push(...parsed.diagnostics);
  if (!isObject(parsed.value)) return null;
  return { value: parsed.value, table: parsed.locations };
}

/** python-slugify's default: lower case, runs of anything but letters and digits become one `-`. */
function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
