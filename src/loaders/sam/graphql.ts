/**
 * AWS::Serverless::GraphQLApi → the AppSync resources the SAM translator generates: the API with
 * its authentication (default and additional providers; a connector that lets AppSync invoke each
 * Lambda authorizer) and logging (on by default, `FieldLogLevel: ALL`, with a CloudWatch role SAM
 * creates unless one is given; off only for `Logging: false`), the schema, API keys, cache, domain
 * name, DynamoDB and Lambda data sources (with a role and a connector when no `ServiceRoleArn` is
 * given), functions (a shared `NONE` data source for `DataSource: NONE`) and pipeline resolvers.
 * Shapes the translator rejects are reported by validate.ts; here they are skipped.
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import { addResource, type Ctx, getAtt, inherit, isIntrinsic, isObject, mapOrigin, ref, type SamResource } from './context.js';
import { translateConnector } from './connectors.js';

const ATTRS = ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy'] as const;
/** The config property each authentication type carries, and the SAM key it is written under. */
const AUTH_CONFIG: Record<string, [string, string]> = {
  AWS_LAMBDA: ['LambdaAuthorizer', 'LambdaAuthorizerConfig'],
  OPENID_CONNECT: ['OpenIDConnect', 'OpenIDConnectConfig'],
  AMAZON_COGNITO_USER_POOLS: ['UserPool', 'UserPoolConfig'],
};
/** The code a pipeline resolver gets when none is written: pass the last function's result on. */
const DEFAULT_RESOLVER_CODE = '\nexport function request(ctx) {\n    return {};\n}\n\nexport function response(ctx) {\n    return ctx.prev.result;\n}\n';
const APPSYNC_ASSUME: JsonObject = { Version: '2012-10-17', Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['appsync.amazonaws.com'] } }] };

const clone = (v: JsonValue): JsonValue => structuredClone(v);
const entries = (v: JsonValue | undefined): [string, JsonObject][] => (isObject(v) && !isIntrinsic(v) ? Object.entries(v).filter((e): e is [string, JsonObject] => isObject(e[1])) : []);

/** Copies the keys of `from` that are set (the translator drops null and absent values). */
function defined(from: JsonObject, keys: readonly (string | [string, string])[], into: JsonObject = {}): JsonObject {
  for (const k of keys) {
    const [src, dst] = typeof k === 'string' ? [k, k] : k;
    const v = from[src];
    if (v !== undefined && v !== null) into[dst] = clone(v);
  }
  return into;
}

export function translateGraphQLApi(ctx: Ctx, r: SamResource): void {
  const p = r.props;
  const id = r.id;
  const base: DocPath = ['Resources', id, 'Properties'];
  const apiId = getAtt(id, 'ApiId');
  const add = (rid: string, type: string, props: JsonObject, source: DocPath, extra: JsonObject = {}): void => {
    addResource(ctx, rid, inherit(r, { Type: type, ...extra, Properties: props }, ATTRS), source);
  };

  // The API: name, X-Ray, authentication, tags, logging.
  const api: JsonObject = { Name: p['Name'] !== undefined ? clone(p['Name']!) : id };
  defined(p, ['XrayEnabled', 'Visibility', 'OwnerContact', 'IntrospectionConfig', 'QueryDepthLimit', 'ResolverCountLimit'], api);
  const auth = isObject(p['Auth']) ? p['Auth'] : {};
  const authorizers: JsonValue[] = [];
  const config = (a: JsonObject, additional: boolean): [string, JsonObject] | null => {
    const c = typeof a['Type'] === 'string' ? AUTH_CONFIG[a['Type']] : undefined;
    if (!c || !isObject(a[c[0]])) return null;
    const body = defined(a[c[0]] as JsonObject, Object.keys(a[c[0]] as JsonObject));
    // A user pool's DefaultAction belongs to the default provider only.
    if (additional && c[1] === 'UserPoolConfig') delete body['DefaultAction'];
    if (c[1] === 'LambdaAuthorizerConfig' && body['AuthorizerUri'] !== undefined) authorizers.push(body['AuthorizerUri']!);
    return [c[1], body];
  };
  if (auth['Type'] !== undefined) api['AuthenticationType'] = clone(auth['Type']!);
  const own = config(auth, false);
  if (own) api[own[0]] = own[1];
  // Where each provider's type is written: the generated index → the index under Auth.Additional.
  const additional: number[] = [];
  if (Array.isArray(auth['Additional'])) {
    api['AdditionalAuthenticationProviders'] = auth['Additional'].flatMap((a, i) => {
      if (!isObject(a)) return [];
      additional.push(i);
      const out: JsonObject = { AuthenticationType: clone(a['Type'] ?? null) };
      const c = config(a, true);
      if (c) out[c[0]] = c[1];
      return [out];
    });
  }
  api['Tags'] = [...(isObject(p['Tags']) && !isIntrinsic(p['Tags']) ? Object.entries(p['Tags']).map(([k, v]) => ({ Key: k, Value: clone(v) })) : []), { Key: 'graphqlapi:createdBy', Value: 'SAM' }];
  const logging = p['Logging'];
  let cloudWatchRole = false;
  if (logging !== false) {
    const l = isObject(logging) && !isIntrinsic(logging) ? logging : {};
    const log: JsonObject = {};
    if (l['ExcludeVerboseContent'] !== undefined && l['ExcludeVerboseContent'] !== false) log['ExcludeVerboseContent'] = clone(l['ExcludeVerboseContent']!);
    log['FieldLogLevel'] = l['FieldLogLevel'] !== undefined ? clone(l['FieldLogLevel']!) : 'ALL';
    if (l['CloudWatchLogsRoleArn'] !== undefined && l['CloudWatchLogsRoleArn'] !== null) log['CloudWatchLogsRoleArn'] = clone(l['CloudWatchLogsRoleArn']!);
    else {
      log['CloudWatchLogsRoleArn'] = getAtt(`${id}CloudWatchRole`, 'Arn');
      cloudWatchRole = true;
    }
    api['LogConfig'] = log;
  }
  add(id, 'AWS::AppSync::GraphQLApi', api, r.path);
  if (p['Auth'] !== undefined) {
    mapOrigin(ctx, [...base, 'AuthenticationType'], auth['Type'] !== undefined ? [...r.propPath('Auth'), 'Type'] : r.propPath('Auth'));
    mapOrigin(ctx, [...base, 'AdditionalAuthenticationProviders'], [...r.propPath('Auth'), 'Additional']);
    additional.forEach((from, i) => mapOrigin(ctx, [...base, 'AdditionalAuthenticationProviders', i, 'AuthenticationType'], [...r.propPath('Auth'), 'Additional', from, 'Type']));
  }
  if (logging !== undefined) mapOrigin(ctx, [...base, 'LogConfig'], r.propPath('Logging'));
  if (p['XrayEnabled'] !== undefined) mapOrigin(ctx, [...base, 'XrayEnabled'], r.propPath('XrayEnabled'));

  const schema: JsonObject = { ApiId: apiId };
  if (p['SchemaInline'] !== undefined) schema['Definition'] = clone(p['SchemaInline']!);
  if (p['SchemaUri'] !== undefined) schema['DefinitionS3Location'] = clone(p['SchemaUri']!);
  add(`${id}Schema`, 'AWS::AppSync::GraphQLSchema', schema, r.propPath(p['SchemaInline'] !== undefined ? 'SchemaInline' : p['SchemaUri'] !== undefined ? 'SchemaUri' : 'Auth'));

  // AppSync invokes each Lambda authorizer: a permission for the API, as a connector writes it.
  authorizers.forEach((arn, i) => {
    const cid = `${id}ToLambdaAuthConnector${i + 1}`;
    translateConnector(ctx, cid, { Source: { Type: 'AWS::AppSync::GraphQLApi', Arn: ref(id), ResourceId: apiId }, Destination: { Type: 'AWS::Lambda::Function', Arn: clone(arn) }, Permissions: ['Write'] }, r.propPath('Auth'), inherit(r, {}, ['Condition', 'DependsOn']));
  });
  if (cloudWatchRole) {
    add(`${id}CloudWatchRole`, 'AWS::IAM::Role', { AssumeRolePolicyDocument: clone(APPSYNC_ASSUME), ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs' }] }, logging !== undefined ? r.propPath('Logging') : r.path);
  }
  for (const [key, k] of entries(p['ApiKeys'])) add(`${id}${key}`, 'AWS::AppSync::ApiKey', defined(k, ['ApiKeyId', 'Description', ['ExpiresOn', 'Expires']], { ApiId: apiId }), [...r.propPath('ApiKeys'), key]);
  if (isObject(p['Cache'])) add(`${id}ApiCache`, 'AWS::AppSync::ApiCache', defined(p['Cache'], ['ApiCachingBehavior', 'Type', 'Ttl', 'AtRestEncryptionEnabled', 'TransitEncryptionEnabled'], { ApiId: apiId }), r.propPath('Cache'));

  // Data sources: DynamoDB, then Lambda. A name map for functions that name them by key.
  const names = new Map<string, JsonValue>();
  const sources = isObject(p['DataSources']) ? p['DataSources'] : {};
  const dataSource = (kind: 'DynamoDB' | 'Lambda', key: string, d: JsonObject, at: DocPath): void => {
    const dsId = `${id}${key}${kind}DataSource`;
    const ds: JsonObject = { ApiId: apiId, Name: d['Name'] !== undefined ? clone(d['Name']!) : key, Type: kind === 'Lambda' ? 'AWS_LAMBDA' : 'AMAZON_DYNAMODB' };
    defined(d, ['Description'], ds);
    if (kind === 'Lambda') ds['LambdaConfig'] = { LambdaFunctionArn: clone(d['FunctionArn'] ?? null) };
    else {
      const c: JsonObject = { AwsRegion: d['Region'] !== undefined ? clone(d['Region']!) : ref('AWS::Region'), TableName: clone(d['TableName'] ?? null) };
      if (d['UseCallerCredentials'] !== undefined && d['UseCallerCredentials'] !== false) c['UseCallerCredentials'] = clone(d['UseCallerCredentials']!);
      if (d['Versioned'] !== undefined && d['Versioned'] !== false) c['Versioned'] = clone(d['Versioned']!);
      if (isObject(d['DeltaSync'])) c['DeltaSyncConfig'] = clone(d['DeltaSync']);
      ds['DynamoDBConfig'] = c;
    }
    // Without TableArn the table is named by TableName in the data source's region.
    const tableArn = (): JsonValue => ({ 'Fn::Sub': ['arn:${AWS::Partition}:dynamodb:${__Region__}:${AWS::AccountId}:table/${__TableName__}', { __Region__: d['Region'] !== undefined ? clone(d['Region']!) : ref('AWS::Region'), __TableName__: clone(d['TableName'] ?? null) }] });
    const target = kind === 'Lambda' ? d['FunctionArn'] : (d['TableArn'] ?? tableArn());
    const ownRole = d['ServiceRoleArn'] === undefined && target !== undefined;
    if (d['ServiceRoleArn'] !== undefined) ds['ServiceRoleArn'] = clone(d['ServiceRoleArn']!);
    else if (ownRole) ds['ServiceRoleArn'] = getAtt(`${dsId}Role`, 'Arn');
    add(dsId, 'AWS::AppSync::DataSource', ds, at);
    if (d['ServiceRoleArn'] !== undefined) mapOrigin(ctx, ['Resources', dsId, 'Properties', 'ServiceRoleArn'], [...at, 'ServiceRoleArn']);
    if (ownRole) {
      add(`${dsId}Role`, 'AWS::IAM::Role', { AssumeRolePolicyDocument: clone(APPSYNC_ASSUME) }, at);
      const permissions = kind === 'DynamoDB' && Array.isArray(d['Permissions']) ? clone(d['Permissions']) : kind === 'DynamoDB' ? ['Read', 'Write'] : ['Write'];
      translateConnector(ctx, `${dsId}To${kind === 'Lambda' ? 'Lambda' : 'Table'}Connector`, { Source: { Type: 'AWS::AppSync::DataSource', Arn: getAtt(dsId, 'Arn'), RoleName: ref(`${dsId}Role`) }, Destination: { Type: kind === 'Lambda' ? 'AWS::Lambda::Function' : 'AWS::DynamoDB::Table', Arn: clone(target!) }, Permissions: permissions }, at, inherit(r, {}, ['Condition', 'DependsOn']));
    }
    names.set(key, getAtt(dsId, 'Name'));
  };
  for (const [key, d] of entries(sources['DynamoDb'])) dataSource('DynamoDB', key, d, [...r.propPath('DataSources'), 'DynamoDb', key]);
  for (const [key, d] of entries(sources['Lambda'])) dataSource('Lambda', key, d, [...r.propPath('DataSources'), 'Lambda', key]);
  if (isObject(p['DomainName'])) {
    add(`${id}DomainName`, 'AWS::AppSync::DomainName', defined(p['DomainName'], ['CertificateArn', 'DomainName', 'Description']), r.propPath('DomainName'));
    add(`${id}DomainNameApiAssociation`, 'AWS::AppSync::DomainNameApiAssociation', { ApiId: apiId, DomainName: ref(`${id}DomainName`) }, r.propPath('DomainName'));
  }

  // Functions, then pipeline resolvers that list them.
  const runtime = (x: JsonObject): JsonObject | null => (isObject(x['Runtime']) ? { Name: clone(x['Runtime']['Name'] ?? null), RuntimeVersion: clone(x['Runtime']['Version'] ?? null) } : null);
  const functionIds = new Map<string, JsonValue>();
  let noneSource: string | null = null;
  for (const [key, f] of entries(p['Functions'])) {
    if (f['Id'] !== undefined) {
      functionIds.set(key, clone(f['Id']!));
      continue;
    }
    const ds = f['DataSource'];
    let dsName: JsonValue | undefined;
    if (typeof ds === 'string' && ds.toLowerCase() === 'none') dsName = getAtt((noneSource ??= `${id}NoneDataSource`), 'Name');
    else if (typeof ds === 'string') dsName = names.get(ds);
    else if (ds !== undefined && ds !== null) dsName = clone(ds);
    const rt = runtime(f);
    if (dsName === undefined || rt === null) continue; // reported by validate.ts
    const fc: JsonObject = { ApiId: apiId, Name: f['Name'] !== undefined ? clone(f['Name']!) : key };
    if (f['InlineCode'] !== undefined) fc['Code'] = clone(f['InlineCode']!);
    else if (f['CodeUri'] !== undefined) fc['CodeS3Location'] = clone(f['CodeUri']!);
    fc['DataSourceName'] = dsName;
    defined(f, ['MaxBatchSize', 'Description'], fc);
    fc['Runtime'] = rt;
    if (isObject(f['Sync'])) fc['SyncConfig'] = defined(f['Sync'], Object.keys(f['Sync']));
    add(`${id}${key}`, 'AWS::AppSync::FunctionConfiguration', fc, [...r.propPath('Functions'), key]);
    functionIds.set(key, getAtt(`${id}${key}`, 'FunctionId'));
  }
  for (const [type, group] of entries(p['Resolvers'])) {
    for (const [key, res] of entries(group)) {
      if (!Array.isArray(res['Pipeline'])) continue; // unit resolvers: reported by validate.ts
      const rv: JsonObject = { ApiId: apiId };
      if (res['InlineCode'] !== undefined) rv['Code'] = clone(res['InlineCode']!);
      else if (res['CodeUri'] !== undefined) rv['CodeS3Location'] = clone(res['CodeUri']!);
      else rv['Code'] = DEFAULT_RESOLVER_CODE;
      const rt = runtime(res) ?? (res['InlineCode'] === undefined && res['CodeUri'] === undefined ? { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' } : null);
      if (rt === null) continue;
      rv['FieldName'] = res['FieldName'] !== undefined ? clone(res['FieldName']!) : key;
      rv['TypeName'] = type;
      rv['Runtime'] = rt;
      rv['Kind'] = 'PIPELINE';
      rv['PipelineConfig'] = { Functions: res['Pipeline'].map((f) => (typeof f === 'string' ? (functionIds.get(f) ?? f) : clone(f))) };
      if (isObject(res['Caching'])) rv['CachingConfig'] = defined(res['Caching'], Object.keys(res['Caching']));
      if (res['MaxBatchSize'] !== undefined) rv['MaxBatchSize'] = clone(res['MaxBatchSize']!);
      addResource(ctx, `${id}${type}${key}`, { ...inherit(r, { Type: 'AWS::AppSync::Resolver' }, ['Condition', 'DeletionPolicy', 'UpdateReplacePolicy']), DependsOn: [`${id}Schema`], Properties: rv }, [...r.propPath('Resolvers'), type, key]);
    }
  }
  if (noneSource !== null) add(noneSource, 'AWS::AppSync::DataSource', { ApiId: apiId, Name: noneSource, Type: 'NONE' }, r.propPath('Functions'));
}
