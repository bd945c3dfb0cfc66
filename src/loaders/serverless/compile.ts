/**
 * A resolved serverless.yml → the CloudFormation `serverless package` produces: functions with
 * the provider defaults, the shared execution role (or per-function roles, or a role given by
 * ARN), event sources, custom resources, and `resources:` merged over what was generated.
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import {
  asArray,
  asObject,
  asString,
  clone,
  Compilation,
  deepMerge,
  getAtt,
  isIntrinsic,
  isObject,
  join,
  present,
  ref,
  shortHash,
  sub,
  type FunctionInfo,
  type RoleStatement,
  GENERATED,
} from './context.js';
import { EventCompiler } from './events.js';
import { names, normalizeFunctionName } from './naming.js';

/**
 * Metadata on resources the framework makes for itself (its deployment bucket, the functions' log
 * groups): the posture rules leave them out, their settings are the framework's (model/build.ts).
 */

export interface CompileOptions {
  /** Apply what declared plugins would do (serverless-iam-roles-per-function). */
  applyPlugins: boolean;
  declaredPlugins: string[];
}

const LAMBDA_ASSUME = (services: string[]): JsonObject => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: services }, Action: ['sts:AssumeRole'] }],
});

const VPC_POLICY = join('', ['arn:', ref('AWS::Partition'), ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole']);

function roleArnValue(c: Compilation, role: JsonValue, src: DocPath): JsonValue {
  if (typeof role === 'string') {
    if (role.startsWith('arn:')) return role;
    const declared = userResourceIds(c).has(role);
    if (declared || /^[A-Za-z0-9]+$/.test(role)) {
      if (!declared) {
        c.diag('info', 'sls-role-by-name', `role '${role}' is not a resource of this service; read as an existing IAM role name`, src);
        return sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${role}`);
      }
      return getAtt(role, 'Arn');
    }
    return sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${role}`);
  }
  return clone(role);
}

export function compile(c: Compilation, options: CompileOptions): void {
  const cfg = c.cfg;
  const provider = asObject(cfg['provider']) ?? {};
  const providerIam = asObject(provider['iam']) ?? {};
  const providerRole = providerIam['role'] ?? provider['role'];
  const providerRoleSrc: DocPath = providerIam['role'] !== undefined ? ['provider', 'iam', 'role'] : ['provider', 'role'];
  const providerRoleIsExternal = typeof providerRole === 'string' || isIntrinsic(providerRole);
  const perFunctionPlugin = options.applyPlugins && options.declaredPlugins.includes('serverless-iam-roles-per-function');

  // Deployment bucket (the framework's own artefact store).
  if (!present(provider['deploymentBucket'])) {
    c.add(
      names.deploymentBucket,
      { Type: 'AWS::S3::Bucket', Metadata: { [GENERATED]: true }, Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } } },
      ['provider'],
    );
    c.add(
      `${names.deploymentBucket}Policy`,
      {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: ref(names.deploymentBucket),
          PolicyDocument: {
            Statement: [
              {
                Action: 's3:*',
                Effect: 'Deny',
                Principal: '*',
                Resource: [
                  join('', ['arn:', ref('AWS::Partition'), ':s3:::', ref(names.deploymentBucket), '/*']),
                  join('', ['arn:', ref('AWS::Partition'), ':s3:::', ref(names.deploymentBucket)]),
                ],
                Condition: { Bool: { 'aws:SecureTransport': false } },
              },
            ],
          },
        },
      },
      ['provider'],
    );
  }

  // -- functions ---------------------------------------------------------------------------
  const functions = functionEntries(cfg['functions']);
  const defaultRuntime = c.frameworkMajor >= 4 ? 'nodejs20.x' : 'nodejs18.x';
  const perFunctionStatements = new Map<string, { statements: JsonValue[]; src: DocPath; inherit: boolean; role: JsonObject }>();
  for (const [key, fnCfg, src] of functions) {
    const logicalId = names.function(key);
    const name: JsonValue = fnCfg['name'] ?? `${c.prefix}-${key}`;
    const fnIam = asObject(fnCfg['iam']) ?? {};
    const fnIamRole = fnIam['role'];
    let roleMode: FunctionInfo['roleMode'] = 'shared';
    let roleId: string | null = names.sharedRole;
    if (present(fnCfg['role']) || typeof fnIamRole === 'string' || isIntrinsic(fnIamRole)) {
      roleMode = 'external';
      roleId = null;
    } else if (isObject(fnIamRole) && (present(fnIamRole['statements']) || present(fnIamRole['managedPolicies']))) {
      roleMode = 'own';
      roleId = names.functionRole(key);
      perFunctionStatements.set(key, { statements: asArray(fnIamRole['statements']), src: [...src, 'iam', 'role', 'statements'], inherit: false, role: fnIamRole });
    } else if (Array.isArray(fnCfg['iamRoleStatements']) && fnCfg['iamRoleStatements'].length > 0) {
      if (perFunctionPlugin) {
        roleMode = 'own';
        roleId = names.functionRole(key);
        perFunctionStatements.set(key, { statements: fnCfg['iamRoleStatements'], src: [...src, 'iamRoleStatements'], inherit: fnCfg['iamRoleStatementsInherit'] === true, role: fnCfg });
      } else {
        c.diag(
          'warning',
          'sls-function-statements-ignored',
          `function '${key}' has iamRoleStatements, which the framework ignores without the serverless-iam-roles-per-function plugin; the function runs with the ${providerRoleIsExternal ? 'provider' : 'shared'} role`,
          [...src, 'iamRoleStatements'],
        );
      }
    }
    if (roleMode === 'shared' && providerRoleIsExternal) {
      roleMode = 'external';
      roleId = null;
    }
    const provisioned = present(fnCfg['provisionedConcurrency']) && fnCfg['provisionedConcurrency'] !== 0;
    const invokeArn: JsonValue = provisioned ? join(':', [getAtt(logicalId, 'Arn'), 'provisioned']) : getAtt(logicalId, 'Arn');
    const isEdge = asArray(fnCfg['events']).some((e) => isObject(e) && 'cloudFront' in e);
    const timeout = fnCfg['timeout'] ?? provider['timeout'] ?? (isEdge ? 5 : 6);
    const fi: FunctionInfo = { key, config: fnCfg, src, logicalId, name, roleMode, roleId, invokeArn, provisioned, timeout };
    c.functions.set(key, fi);
    compileFunction(c, fi, provider, defaultRuntime, isEdge, providerRole, providerRoleSrc);
  }

  // -- events --------------------------------------------------------------------------------
  new EventCompiler(c).compileAll();

  // -- roles -----------------------------------------------------------------------------------
  const sharedUsers = [...c.functions.values()].filter((f) => f.roleMode === 'shared');
  if (sharedUsers.length > 0) compileSharedRole(c, sharedUsers, provider, providerIam, providerRole, providerRoleSrc);
  for (const [key, p] of perFunctionStatements) {
    const fi = c.functions.get(key)!;
    compileFunctionRole(c, fi, p, provider, providerIam, providerRole);
  }
  compileCustomResources(c, provider);

  // -- layers ----------------------------------------------------------------------------------
  const layers = asObject(cfg['layers']);
  if (layers) {
    for (const [lname, l] of Object.entries(layers)) {
      const lc = asObject(l) ?? {};
      c.add(
        `${normalizeFunctionName(lname)}LambdaLayer`,
        {
          Type: 'AWS::Lambda::LayerVersion',
          // the layer's folder (`path`, relative to the service), for its dependency manifests
          ...(typeof lc['path'] === 'string' ? { Metadata: { 'nightlight:layer-path': lc['path'] } } : {}),
          Properties: {
            Content: { S3Bucket: ref(names.deploymentBucket), S3Key: `serverless/${c.service}/${c.stage}/${lname}.zip` },
            LayerName: lc['name'] ?? lname,
            ...(present(lc['compatibleRuntimes']) ? { CompatibleRuntimes: lc['compatibleRuntimes'] } : {}),
            ...(present(lc['description']) ? { Description: lc['description'] } : {}),
          },
        },
        ['layers', lname],
      );
    }
  }

  mergeUserResources(c);
}

/** `functions:` as a mapping, or a list of mappings (often `${file()}`s): key, config, where it is written. */
export function functionEntries(v: JsonValue | undefined): [string, JsonObject, DocPath][] {
  const out: [string, JsonObject, DocPath][] = [];
  const add = (o: JsonObject, at: DocPath) => {
    for (const [k, f] of Object.entries(o)) out.push([k, asObject(f) ?? {}, [...at, k]]);
  };
  if (isObject(v)) add(v, ['functions']);
  else if (Array.isArray(v)) v.forEach((item, i) => isObject(item) && add(item, ['functions', i]));
  return out;
}

/**
 * serverless-wsgi generates `wsgi_handler.py` at package time; the handler serves the WSGI app that
 * `custom.wsgi.app` names (`module.attribute`), which is the code to analyse.
 */
function wsgiApp(c: Compilation, f: JsonObject): JsonObject {
  const app = asObject(asObject(c.cfg['custom'])?.['wsgi'])?.['app'];
  return f['handler'] === 'wsgi_handler.handler' && typeof app === 'string' ? { 'nightlight:wsgi-app': app } : {};
}

function compileFunction(c: Compilation, fi: FunctionInfo, provider: JsonObject, defaultRuntime: string, isEdge: boolean, providerRole: JsonValue | undefined, providerRoleSrc: DocPath): void {
  const f = fi.config;
  const props: JsonObject = {};
  const image = f['image'];
  if (present(image)) {
    props['Code'] = { ImageUri: typeof image === 'string' ? image : (asObject(image)?.['uri'] ?? asObject(image)?.['name'] ?? null) };
    props['PackageType'] = 'Image';
  } else {
    props['Code'] = { S3Bucket: ref(names.deploymentBucket), S3Key: `serverless/${c.service}/${c.stage}/${c.service}.zip` };
    props['Handler'] = f['handler'] ?? null;
    props['Runtime'] = f['runtime'] ?? provider['runtime'] ?? defaultRuntime;
  }
  props['FunctionName'] = fi.name;
  props['MemorySize'] = f['memorySize'] ?? provider['memorySize'] ?? (isEdge ? 128 : 1024);
  props['Timeout'] = fi.timeout;
  const arch = f['architecture'] ?? provider['architecture'];
  if (present(arch) && arch !== 'x86_64') props['Architectures'] = [arch];
  if (present(f['description'])) props['Description'] = f['description'];
  const env: JsonObject = {};
  for (const source of [provider['environment'], f['environment']]) {
    const o = asObject(source);
    if (o) for (const [k, v] of Object.entries(o)) env[k] = v;
  }
  if (Object.keys(env).length > 0) props['Environment'] = { Variables: env };
  const tags: JsonObject = { ...(asObject(provider['tags']) ?? {}), ...(asObject(f['tags']) ?? {}) };
  if (Object.keys(tags).length > 0) props['Tags'] = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  // Role
  const fnIamRole = asObject(f['iam'])?.['role'];
  if (present(f['role'])) props['Role'] = roleArnValue(c, f['role'], [...fi.src, 'role']);
  else if (typeof fnIamRole === 'string' || isIntrinsic(fnIamRole)) props['Role'] = roleArnValue(c, fnIamRole, [...fi.src, 'iam', 'role']);
  else if (fi.roleMode === 'external' && present(providerRole)) props['Role'] = roleArnValue(c, providerRole, providerRoleSrc);
  else props['Role'] = getAtt(fi.roleId ?? names.sharedRole, 'Arn');
  if (present(f['reservedConcurrency'])) props['ReservedConcurrentExecutions'] = f['reservedConcurrency'];
  const layers = f['layers'] ?? provider['layers'];
  if (present(layers)) props['Layers'] = asArray(layers);
  const vpc = asObject(f['vpc'] ?? provider['vpc']);
  if (vpc && (present(vpc['securityGroupIds']) || present(vpc['subnetIds']))) {
    props['VpcConfig'] = { SecurityGroupIds: vpc['securityGroupIds'] ?? [], SubnetIds: vpc['subnetIds'] ?? [] };
    c.addManagedPolicy(fi, VPC_POLICY, f['vpc'] !== undefined ? [...fi.src, 'vpc'] : ['provider', 'vpc']);
  }
  const tracing = f['tracing'] ?? asObject(provider['tracing'])?.['lambda'];
  if (present(tracing) && tracing !== false) {
    props['TracingConfig'] = { Mode: tracing === true || tracing === 'Active' ? 'Active' : 'PassThrough' };
    c.addEventStatement(fi, { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: ['*'] }, f['tracing'] !== undefined ? [...fi.src, 'tracing'] : ['provider', 'tracing']);
  }
  const kms = f['kmsKeyArn'] ?? provider['kmsKeyArn'];
  if (present(kms)) props['KmsKeyArn'] = kms;
  if (present(f['ephemeralStorageSize'])) props['EphemeralStorage'] = { Size: f['ephemeralStorageSize'] };
  const onError = f['onError'];
  if (present(onError)) {
    props['DeadLetterConfig'] = { TargetArn: onError };
    const action = typeof onError === 'string' && onError.includes(':sqs:') ? 'sqs:SendMessage' : 'sns:Publish';
    c.addEventStatement(fi, { Effect: 'Allow', Action: [action], Resource: [onError] }, [...fi.src, 'onError']);
  }
  // The function key is the name users know (DESIGN.md: findings name the Serverless function key).
  const resource: JsonObject = { Type: 'AWS::Lambda::Function', Metadata: { 'nightlight:name': fi.key, ...wsgiApp(c, f) }, Properties: props };
  const logs = f['disableLogs'] !== true;
  if (logs) {
    const lg: JsonObject = { LogGroupName: typeof fi.name === 'string' ? `/aws/lambda/${fi.name}` : join('', ['/aws/lambda/', fi.name]) };
    const retention = provider['logRetentionInDays'];
    if (present(retention)) lg['RetentionInDays'] = retention;
    c.add(names.logGroup(fi.key), { Type: 'AWS::Logs::LogGroup', Metadata: { [GENERATED]: true }, Properties: lg }, fi.src);
    if (present(retention)) c.remount(['Resources', names.logGroup(fi.key), 'Properties', 'RetentionInDays'], ['provider', 'logRetentionInDays']);
    resource['DependsOn'] = [names.logGroup(fi.key)];
  }
  if (fi.roleMode === 'own' && fi.roleId) resource['DependsOn'] = [...asArray(resource['DependsOn']), fi.roleId];
  if (isEdge) resource['DeletionPolicy'] = 'Retain';
  c.add(fi.logicalId, resource, fi.src);
  const m = (prop: string, key: string) => {
    if (f[key] !== undefined) c.remount(['Resources', fi.logicalId, 'Properties', prop], [...fi.src, key]);
    else if (provider[key] !== undefined) c.remount(['Resources', fi.logicalId, 'Properties', prop], ['provider', key]);
  };
  m('MemorySize', 'memorySize');
  m('Timeout', 'timeout');
  m('Runtime', 'runtime');
  m('Handler', 'handler');
  m('ReservedConcurrentExecutions', 'reservedConcurrency');
  m('Layers', 'layers');
  if (present(f['role'])) c.remount(['Resources', fi.logicalId, 'Properties', 'Role'], [...fi.src, 'role']);
  else if (fi.roleMode === 'external') c.remount(['Resources', fi.logicalId, 'Properties', 'Role'], typeof fnIamRole === 'string' || isIntrinsic(fnIamRole) ? [...fi.src, 'iam', 'role'] : providerRoleSrc);
  // Environment variables: each from where it was written.
  for (const k of Object.keys(env)) {
    const fromFn = asObject(f['environment'])?.[k] !== undefined;
    c.remount(['Resources', fi.logicalId, 'Properties', 'Environment', 'Variables', k], fromFn ? [...fi.src, 'environment', k] : ['provider', 'environment', k]);
  }

  // Versions (the framework publishes one per deployment unless versionFunctions is false).
  const versioned = (f['versionFunction'] ?? provider['versionFunctions'] ?? true) !== false;
  let versionId: string | null = null;
  if (versioned || fi.provisioned || isEdge) {
    versionId = names.version(fi.key, shortHash([c.service, fi.key, props]));
    c.add(versionId, { Type: 'AWS::Lambda::Version', DeletionPolicy: 'Retain', Properties: { FunctionName: ref(fi.logicalId), CodeSha256: shortHash(props, 43) + '=' } }, fi.src);
    c.outputs[`${fi.logicalId}QualifiedArn`] = { Description: 'Current Lambda function version', Value: ref(versionId) };
  }
  if (fi.provisioned && versionId) {
    c.add(
      names.alias(fi.key),
      {
        Type: 'AWS::Lambda::Alias',
        DependsOn: fi.logicalId,
        Properties: { FunctionName: ref(fi.logicalId), FunctionVersion: getAtt(versionId, 'Version'), Name: 'provisioned', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: f['provisionedConcurrency'] ?? null } },
      },
      [...fi.src, 'provisionedConcurrency'],
    );
  }

  // Function URL
  const url = f['url'];
  if (present(url) && url !== false) {
    const u = asObject(url) ?? {};
    const authorizer = asString(u['authorizer']);
    const authType = authorizer && authorizer.toLowerCase() === 'aws_iam' ? 'AWS_IAM' : 'NONE';
    const urlProps: JsonObject = { AuthType: authType, TargetFunctionArn: fi.provisioned ? fi.invokeArn : getAtt(fi.logicalId, 'Arn') };
    if (fi.provisioned) urlProps['Qualifier'] = 'provisioned';
    const cors = u['cors'];
    if (cors === true || isObject(cors)) {
      const cc = isObject(cors) ? cors : {};
      urlProps['Cors'] = {
        AllowOrigins: asArray(cc['allowedOrigins'] ?? '*'),
        AllowHeaders: asArray(cc['allowedHeaders'] ?? ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token']),
        AllowMethods: asArray(cc['allowedMethods'] ?? '*'),
        ...(present(cc['allowCredentials']) ? { AllowCredentials: cc['allowCredentials'] } : {}),
        ...(present(cc['exposedResponseHeaders']) ? { ExposeHeaders: cc['exposedResponseHeaders'] } : {}),
        ...(present(cc['maxAge']) ? { MaxAge: cc['maxAge'] } : {}),
      };
    }
    if (present(u['invokeMode'])) urlProps['InvokeMode'] = u['invokeMode'];
    const urlId = names.url(fi.key);
    c.add(urlId, { Type: 'AWS::Lambda::Url', Properties: urlProps, ...(fi.provisioned ? { DependsOn: names.alias(fi.key) } : {}) }, [...fi.src, 'url']);
    if (authorizer !== undefined) c.remount(['Resources', urlId, 'Properties', 'AuthType'], [...fi.src, 'url', 'authorizer']);
    if (authType === 'NONE') {
      c.add(
        names.urlPermission(fi.key),
        {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            FunctionName: fi.provisioned ? fi.invokeArn : getAtt(fi.logicalId, 'Arn'),
            Action: 'lambda:InvokeFunctionUrl',
            Principal: '*',
            FunctionUrlAuthType: 'NONE',
          },
          ...(fi.provisioned ? { DependsOn: names.alias(fi.key) } : {}),
        },
        [...fi.src, 'url'],
      );
    }
    c.outputs[`${normalizeFunctionName(fi.key)}LambdaFunctionUrl`] = { Description: 'Lambda Function URL', Value: getAtt(urlId, 'FunctionUrl') };
  }

  // Destinations (async invocation targets)
  const destinations = asObject(f['destinations']);
  if (destinations || present(f['maximumRetryAttempts']) || present(f['maximumEventAge'])) {
    const dc: JsonObject = {};
    for (const [which, key] of [
      ['OnSuccess', 'onSuccess'],
      ['OnFailure', 'onFailure'],
    ] as const) {
      const d = destinations?.[key];
      if (!present(d)) continue;
      const dcfg = asObject(d);
      let arn: JsonValue = dcfg ? dcfg['arn'] ?? null : d;
      const local = typeof arn === 'string' ? c.functions.get(arn) : undefined;
      let kind = asString(dcfg?.['type']);
      if (typeof arn === 'string' && !arn.startsWith('arn:')) {
        arn = local ? getAtt(local.logicalId, 'Arn') : sub(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${arn}`);
        kind = 'function';
      }
      if (!kind && typeof arn === 'string') kind = arn.split(':')[2];
      dc[which] = { Destination: arn };
      const action = kind === 'sqs' ? 'sqs:SendMessage' : kind === 'sns' ? 'sns:Publish' : kind === 'events' || kind === 'eventBus' ? 'events:PutEvents' : 'lambda:InvokeFunction';
      c.addEventStatement(fi, { Effect: 'Allow', Action: [action], Resource: [arn] }, [...fi.src, 'destinations', key]);
    }
    const props2: JsonObject = { FunctionName: ref(fi.logicalId), Qualifier: '$LATEST' };
    if (Object.keys(dc).length > 0) props2['DestinationConfig'] = dc;
    if (present(f['maximumRetryAttempts'])) props2['MaximumRetryAttempts'] = f['maximumRetryAttempts'];
    if (present(f['maximumEventAge'])) props2['MaximumEventAgeInSeconds'] = f['maximumEventAge'];
    c.add(names.eventInvokeConfig(fi.key), { Type: 'AWS::Lambda::EventInvokeConfig', Properties: props2 }, destinations ? [...fi.src, 'destinations'] : fi.src);
  }
}

function logStatements(c: Compilation, users: FunctionInfo[]): JsonObject[] {
  const streams: JsonValue[] = [];
  const events: JsonValue[] = [];
  let prefixAdded = false;
  for (const fi of users) {
    if (fi.config['disableLogs'] === true) continue;
    if (typeof fi.name === 'string' && fi.name.startsWith(`${c.prefix}-`)) {
      if (prefixAdded) continue;
      prefixAdded = true;
      streams.push(sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${c.prefix}*:*`));
      events.push(sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${c.prefix}*:*:*`));
    } else {
      const n = typeof fi.name === 'string' ? fi.name : '*';
      streams.push(sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${n}:*`));
      events.push(sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${n}:*:*`));
    }
  }
  if (streams.length === 0) return [];
  return [
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'], Resource: streams },
    { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: events },
  ];
}

/** Appends user statements to a policy document, mounting each on where it was written. */
function pushUserStatements(c: Compilation, roleId: string, statements: JsonValue[], out: JsonValue[], src: DocPath, policyIndex: number): void {
  statements.forEach((s, i) => {
    if (!isObject(s)) {
      c.diag('warning', 'sls-iam-statement-invalid', `IAM statement ${i + 1} is not a mapping; ignored`, [...src, i]);
      return;
    }
    c.mount(['Resources', roleId, 'Properties', 'Policies', policyIndex, 'PolicyDocument', 'Statement', out.length], [...src, i]);
    out.push(clone(s));
  });
}

function pushEventStatements(c: Compilation, roleId: string, list: RoleStatement[] | undefined, out: JsonValue[], policyIndex: number): void {
  // Aggregate event statements with the same actions into one (as the framework does for queues and streams).
  const merged = new Map<string, { statement: JsonObject; src: DocPath }>();
  for (const { statement, src } of list ?? []) {
    const key = JSON.stringify([statement['Effect'], statement['Action']]);
    const hit = merged.get(key);
    if (hit && Array.isArray(hit.statement['Resource']) && Array.isArray(statement['Resource'])) {
      for (const r of statement['Resource']) if (!hit.statement['Resource'].some((x) => JSON.stringify(x) === JSON.stringify(r))) hit.statement['Resource'].push(r);
    } else merged.set(key, { statement: clone(statement), src });
  }
  for (const { statement, src } of merged.values()) {
    c.mount(['Resources', roleId, 'Properties', 'Policies', policyIndex, 'PolicyDocument', 'Statement', out.length], src);
    out.push(statement);
  }
}

function managedPolicyList(c: Compilation, roleId: string, declared: JsonValue[], declaredSrc: DocPath): JsonValue[] {
  const out: JsonValue[] = [];
  declared.forEach((p, i) => {
    c.mount(['Resources', roleId, 'Properties', 'ManagedPolicyArns', out.length], [...declaredSrc, i]);
    out.push(clone(p));
  });
  for (const { arn, src } of c.managedPolicies.get(roleId) ?? []) {
    if (out.some((x) => JSON.stringify(x) === JSON.stringify(arn))) continue;
    c.mount(['Resources', roleId, 'Properties', 'ManagedPolicyArns', out.length], src);
    out.push(arn);
  }
  return out;
}

function compileSharedRole(c: Compilation, users: FunctionInfo[], provider: JsonObject, providerIam: JsonObject, providerRole: JsonValue | undefined, roleSrc: DocPath): void {
  const roleCfg = asObject(providerRole) ?? {};
  const statementsSrc: DocPath =
    roleCfg['statements'] !== undefined ? [...roleSrc, 'statements'] : provider['iamRoleStatements'] !== undefined ? ['provider', 'iamRoleStatements'] : ['provider'];
  const userStatements = asArray(roleCfg['statements'] ?? provider['iamRoleStatements']);
  const statements: JsonValue[] = [];
  for (const s of logStatements(c, users)) statements.push(s);
  const id = names.sharedRole;
  pushUserStatements(c, id, userStatements, statements, statementsSrc, 0);
  pushEventStatements(c, id, c.eventStatements.get(id), statements, 0);
  const props: JsonObject = {
    AssumeRolePolicyDocument: LAMBDA_ASSUME(['lambda.amazonaws.com', ...c.extraAssumeServices]),
    Policies: [{ PolicyName: join('-', [c.service, c.stage, 'lambda']), PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    Path: roleCfg['path'] ?? '/',
    RoleName: roleCfg['name'] ?? join('-', [c.service, c.stage, ref('AWS::Region'), 'lambdaRole']),
  };
  const mpSrc: DocPath = roleCfg['managedPolicies'] !== undefined ? [...roleSrc, 'managedPolicies'] : ['provider', 'iamManagedPolicies'];
  const managed = managedPolicyList(c, id, asArray(roleCfg['managedPolicies'] ?? provider['iamManagedPolicies']), mpSrc);
  if (managed.length > 0) props['ManagedPolicyArns'] = managed;
  const boundary = roleCfg['permissionsBoundary'] ?? provider['rolePermissionsBoundary'];
  if (present(boundary)) props['PermissionsBoundary'] = boundary;
  const tags = asObject(roleCfg['tags']);
  if (tags) props['Tags'] = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  const src: DocPath = providerIam['role'] !== undefined ? roleSrc : provider['iamRoleStatements'] !== undefined ? ['provider', 'iamRoleStatements'] : ['provider'];
  c.add(id, { Type: 'AWS::IAM::Role', Properties: props }, src);
  if (userStatements.length === 0) c.remount(['Resources', id, 'Properties', 'Policies'], src);
}

function compileFunctionRole(
  c: Compilation,
  fi: FunctionInfo,
  p: { statements: JsonValue[]; src: DocPath; inherit: boolean; role: JsonObject },
  provider: JsonObject,
  providerIam: JsonObject,
  providerRole: JsonValue | undefined,
): void {
  const id = fi.roleId!;
  const statements: JsonValue[] = [...logStatements(c, [fi])];
  if (p.inherit) {
    const roleCfg = asObject(providerRole) ?? {};
    const inheritSrc: DocPath = roleCfg['statements'] !== undefined ? ['provider', 'iam', 'role', 'statements'] : ['provider', 'iamRoleStatements'];
    pushUserStatements(c, id, asArray(roleCfg['statements'] ?? provider['iamRoleStatements']), statements, inheritSrc, 0);
  }
  pushUserStatements(c, id, p.statements, statements, p.src, 0);
  pushEventStatements(c, id, c.eventStatements.get(id), statements, 0);
  const roleName = asString(p.role['iamRoleStatementsName']) ?? asString(p.role['name']) ?? `${c.prefix}-${fi.key}-${c.region}-lambdaRole`.slice(0, 64);
  const props: JsonObject = {
    AssumeRolePolicyDocument: LAMBDA_ASSUME(['lambda.amazonaws.com']),
    Policies: [{ PolicyName: join('-', [c.service, c.stage, fi.key, 'lambda']), PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    Path: p.role['path'] ?? '/',
    RoleName: roleName,
  };
  const managedSrc: DocPath = p.role['managedPolicies'] !== undefined ? [...fi.src, 'iam', 'role', 'managedPolicies'] : [...fi.src, 'iamManagedPolicies'];
  const managed = managedPolicyList(c, id, asArray(p.role['managedPolicies'] ?? fi.config['iamManagedPolicies']), managedSrc);
  if (managed.length > 0) props['ManagedPolicyArns'] = managed;
  const boundary = p.role['permissionsBoundary'] ?? fi.config['iamPermissionsBoundary'] ?? asObject(providerRole)?.['permissionsBoundary'] ?? provider['rolePermissionsBoundary'];
  if (present(boundary)) props['PermissionsBoundary'] = boundary;
  void providerIam;
  c.add(id, { Type: 'AWS::IAM::Role', Properties: props }, p.src);
}

const CUSTOM_RESOURCE_HANDLERS: Record<string, string> = {
  'existing-s3': 's3/handler.handler',
  'existing-cup': 'cognito-user-pool/handler.handler',
  'apigw-cw-role': 'api-gateway-cloud-watch-role/handler.handler',
};

function compileCustomResources(c: Compilation, provider: JsonObject): void {
  const logs = asObject(provider['logs']) ?? {};
  const wantsCwRole = (v: JsonValue | undefined) => v === true || (isObject(v) && v['roleManagedExternally'] !== true);
  if ((wantsCwRole(logs['restApi']) && c.resources[names.restApi]) || (wantsCwRole(logs['websocket']) && c.resources[names.websocketApi])) {
    c.useCustomResource('apigw-cw-role', ['provider', 'logs']);
    c.add(
      'CustomApiGatewayAccountCloudWatchRole',
      { Type: 'Custom::ApiGatewayAccountRole', Version: 1, Properties: { ServiceToken: getAtt(names.customResourceFunction('apigw-cw-role'), 'Arn') } },
      ['provider', 'logs'],
    );
    c.customResourceStatements.push(
      {
        statement: {
          Effect: 'Allow',
          Resource: join(':', ['arn', ref('AWS::Partition'), 'iam:', ref('AWS::AccountId'), 'role/*']),
          Action: ['iam:AttachRolePolicy', 'iam:CreateRole', 'iam:ListAttachedRolePolicies', 'iam:PassRole'],
        },
        src: ['provider', 'logs'],
      },
      { statement: { Effect: 'Allow', Resource: join(':', ['arn', ref('AWS::Partition'), 'apigateway:*::/account']), Action: ['apigateway:GET', 'apigateway:PATCH'] }, src: ['provider', 'logs'] },
    );
  }
  if (c.customResourceKinds.size === 0) return;
  const statements: JsonValue[] = [];
  const roleId = names.customResourcesRole;
  const add = (s: RoleStatement) => {
    c.mount(['Resources', roleId, 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', statements.length], s.src);
    statements.push(s.statement);
  };
  c.customResourceStatements.forEach(add);
  if (c.customResourceKinds.has('existing-s3')) {
    add({
      statement: {
        Effect: 'Allow',
        Resource: join(':', ['arn', ref('AWS::Partition'), 'lambda', ref('AWS::Region'), ref('AWS::AccountId'), 'function', '*']),
        Action: ['lambda:AddPermission', 'lambda:RemovePermission'],
      },
      src: c.customResourceKinds.get('existing-s3')!,
    });
  }
  if (c.customResourceKinds.has('existing-cup')) {
    const src = c.customResourceKinds.get('existing-cup')!;
    statements.unshift({ Effect: 'Allow', Resource: '*', Action: ['cognito-idp:ListUserPools', 'cognito-idp:DescribeUserPool', 'cognito-idp:UpdateUserPool'] });
    if (c.customResourceStatements.some((s) => JSON.stringify(s.statement['Action']).includes('kms:CreateGrant'))) {
      add({ statement: { Effect: 'Allow', Resource: sub('arn:${AWS::Partition}:iam::*:role/*'), Action: ['iam:PassRole'] }, src });
    }
  }
  const firstSrc = [...c.customResourceKinds.values()][0]!;
  c.add(
    roleId,
    {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: LAMBDA_ASSUME(['lambda.amazonaws.com']),
        Policies: [{ PolicyName: join('-', [c.stage, c.service, 'custom-resources-lambda']), PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
      },
    },
    firstSrc,
  );
  for (const [kind, src] of c.customResourceKinds) {
    c.add(
      names.customResourceFunction(kind),
      {
        Type: 'AWS::Lambda::Function',
        DependsOn: [roleId],
        Properties: {
          Code: { S3Bucket: ref(names.deploymentBucket), S3Key: `serverless/${c.service}/${c.stage}/custom-resources.zip` },
          FunctionName: `${c.prefix}-custom-resource-${kind}`.slice(0, 64),
          Handler: CUSTOM_RESOURCE_HANDLERS[kind] ?? `${kind}/handler.handler`,
          MemorySize: 1024,
          Runtime: c.frameworkMajor >= 4 ? 'nodejs20.x' : 'nodejs18.x',
          Timeout: 180,
          Role: getAtt(roleId, 'Arn'),
        },
      },
      src,
    );
  }
}

const TEMPLATE_SECTIONS = ['Conditions', 'Mappings', 'Parameters', 'Metadata', 'Rules', 'Transform'];

/** `resources:` as written: one mapping, or a list of them (often `${file()}` fragments). */
function userResourceParts(c: Compilation): { value: JsonObject; src: DocPath }[] {
  const raw = c.cfg['resources'];
  const parts: { value: JsonObject; src: DocPath }[] = [];
  if (isObject(raw)) parts.push({ value: raw, src: ['resources'] });
  else if (Array.isArray(raw)) raw.forEach((r, i) => isObject(r) && parts.push({ value: r, src: ['resources', i] }));
  return parts;
}

/** Logical ids the service declares under `resources.Resources` (every fragment included). */
function userResourceIds(c: Compilation): Set<string> {
  const ids = new Set<string>();
  for (const { value } of userResourceParts(c)) for (const id of Object.keys(asObject(value['Resources']) ?? {})) ids.add(id);
  return ids;
}

/** `resources:` — raw CloudFormation merged over the generated template, and `extensions`. */
function mergeUserResources(c: Compilation): void {
  for (const { value, src } of userResourceParts(c)) {
    const resources = asObject(value['Resources']);
    if (resources) {
      for (const [id, r] of Object.entries(resources)) {
        if (!isObject(r)) {
          const why = typeof r === 'string' && r.includes('<<unresolved:') ? 'comes from a variable that could not be resolved' : 'is not a mapping';
          c.diag('warning', 'sls-resource-unresolved', `resources.Resources.${id} ${why}; the resource is not in the model`, [...src, 'Resources', id]);
          continue;
        }
        const existing = asObject(c.resources[id]);
        if (existing) deepMerge(existing, r);
        else c.resources[id] = clone(r);
        c.remount(['Resources', id], [...src, 'Resources', id]);
        for (const k of Object.keys(r)) {
          c.remount(['Resources', id, k], [...src, 'Resources', id, k]);
          if (k === 'Properties' && isObject(r[k])) for (const pk of Object.keys(r[k])) c.remount(['Resources', id, k, pk], [...src, 'Resources', id, k, pk]);
        }
      }
    }
    const outputs = asObject(value['Outputs']);
    if (outputs) {
      for (const [k, o] of Object.entries(outputs)) {
        c.outputs[k] = clone(o);
        c.remount(['Outputs', k], [...src, 'Outputs', k]);
      }
    }
    const extensions = asObject(value['extensions']);
    if (extensions) {
      for (const [id, ext] of Object.entries(extensions)) {
        const target = asObject(c.resources[id]);
        const esrc: DocPath = [...src, 'extensions', id];
        if (!target) {
          c.diag('warning', 'sls-extension-unknown', `resources.extensions.${id} extends a resource the framework does not generate; ignored`, esrc);
          continue;
        }
        if (!isObject(ext)) continue;
        for (const [k, v] of Object.entries(ext)) {
          if (k === 'Properties' && isObject(v)) {
            const props = asObject(target['Properties']) ?? {};
            for (const [pk, pv] of Object.entries(v)) {
              props[pk] = clone(pv);
              c.remount(['Resources', id, 'Properties', pk], [...esrc, 'Properties', pk]);
            }
            target['Properties'] = props;
          } else if (k === 'DependsOn') {
            target['DependsOn'] = [...asArray(target['DependsOn']), ...asArray(v)];
          } else {
            target[k] = clone(v);
            c.remount(['Resources', id, k], [...esrc, k]);
          }
        }
      }
    }
    for (const section of TEMPLATE_SECTIONS) {
      const s = value[section];
      if (s === undefined) continue;
      const prev = c.sections[section];
      c.sections[section] = isObject(s) && isObject(prev) ? { ...prev, ...s } : clone(s);
      c.remount([section], [...src, section]);
    }
    if (present(value['Description'])) c.sections['Description'] = value['Description'];
  }
}
