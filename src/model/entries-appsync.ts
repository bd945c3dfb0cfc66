/**
 * AppSync entry points: a function behind an `AWS_LAMBDA` data source runs for every GraphQL
 * field whose resolver uses that data source (a unit resolver's `DataSourceName`, or a pipeline
 * function's). Who can send the query is who the API's authentication admits: the most open of
 * its default and additional providers (`API_KEY`: anyone holding the key the client app ships;
 * `AWS_IAM`: identities of the account; Cognito, OIDC and Lambda authorizers: signed-in users).
 * A Lambda data source no resolver of the scan uses is still an entry point (resolvers may be
 * added outside the template), labelled by the data source.
 */
import type { AuthInfo, Principal } from './types.js';
import { isUnresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import type { ModelBuilder, Stack, StackResource } from './builder.js';
import type { Draft } from './entries-draft.js';

/** How open each AppSync authentication type is: wider first. */
const OPENNESS = ['unresolved', 'API_KEY', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA', 'AWS_IAM'];

function authOf(type: string): { auth: AuthInfo; principal: Principal } {
  switch (type) {
    case 'API_KEY':
      return { auth: { kind: 'api-key', apiKeyRequired: true }, principal: { kind: 'public', detail: 'anyone holding the API key its client app ships' } };
    case 'AWS_IAM':
      return { auth: { kind: 'iam' }, principal: { kind: 'same-account', detail: 'IAM principals allowed appsync:GraphQL' } };
    case 'AMAZON_COGNITO_USER_POOLS':
      return { auth: { kind: 'cognito' }, principal: { kind: 'authenticated-users', detail: 'users of the Cognito user pool' } };
    case 'OPENID_CONNECT':
      return { auth: { kind: 'jwt' }, principal: { kind: 'authenticated-users', detail: 'holders of a token of the OIDC issuer' } };
    case 'AWS_LAMBDA':
      return { auth: { kind: 'lambda-authorizer' }, principal: { kind: 'authenticated-users', detail: 'callers the Lambda authorizer admits' } };
    default:
      return { auth: { kind: 'unresolved', reason: `authentication type ${type}` }, principal: { kind: 'unresolved', detail: `AppSync authentication type ${type}` } };
  }
}

/** The API's most open authentication type (`unresolved` when one cannot be read). */
function widestAuth(api: StackResource): string {
  const types: string[] = [];
  const add = (v: RValue | undefined) => types.push(isUnresolved(v) || typeof v !== 'string' ? 'unresolved' : v);
  add(api.props['AuthenticationType']);
  const extra = api.props['AdditionalAuthenticationProviders'];
  if (isUnresolved(extra)) types.push('unresolved');
  else if (Array.isArray(extra)) for (const x of extra) add((asObject(x as never) as RObject)['AuthenticationType']);
  const rank = (t: string) => (OPENNESS.includes(t) ? OPENNESS.indexOf(t) : 0);
  return types.sort((a, b) => rank(a) - rank(b))[0] ?? 'unresolved';
}

/** The logical id of the data source a `DataSourceName` names: by `GetAtt x.Name`, else by its `Name` in the same API. */
function dataSourceNamed(s: Stack, name: RValue | undefined, api: string | undefined, sources: readonly StackResource[]): string | undefined {
  if (isUnresolved(name)) return name.ref !== undefined && sources.some((d) => d.logicalId === name.ref) ? name.ref : undefined;
  if (typeof name !== 'string') return undefined;
  // `GetAtt x.Name` of a data source resolves to the name the scan gives it, its logical id's when it has no Name.
  return sources.find((d) => (d.props['Name'] === name || s.resolver.physicalName(d.logicalId) === name) && (api === undefined || apiLogical(s, d.props['ApiId']) === api))?.logicalId;
}

/** The logical id of the API an `ApiId` names (`GetAtt api.ApiId`), when it is in the stack. */
function apiLogical(s: Stack, v: RValue | undefined): string | undefined {
  if (isUnresolved(v) && v.ref !== undefined) return s.resources.get(v.ref)?.type === 'AWS::AppSync::GraphQLApi' ? v.ref : undefined;
  if (typeof v !== 'string') return undefined;
  // A known id or ARN: the API of the stack it names.
  return [...s.resources.values()].find((x) => x.type === 'AWS::AppSync::GraphQLApi' && (s.resolver.physicalName(x.logicalId) === v || s.resolver.resolve({ Ref: x.logicalId }, []) === v))?.logicalId;
}

export function appsyncResolvers(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::AppSync::DataSource')) {
    if (r.props['Type'] !== 'AWS_LAMBDA') continue;
    const fn = b.findFunction((asObject(r.props['LambdaConfig'] as never) as RObject)['LambdaFunctionArn'] as RValue, s, r.logicalId);
    if (!fn) continue;
    const apiId = apiLogical(s, r.props['ApiId']);
    const api = apiId !== undefined ? s.resources.get(apiId) : undefined;
    const sources = [...s.resources.values()].filter((x) => x.type === 'AWS::AppSync::DataSource');
    // Functions of a pipeline that use this data source, then the fields whose resolvers run them or use it directly.
    const functions = new Set<string>();
    for (const x of s.resources.values()) if (x.type === 'AWS::AppSync::FunctionConfiguration' && dataSourceNamed(s, x.props['DataSourceName'], apiId, sources) === r.logicalId) functions.add(x.logicalId);
    const fields: string[] = [];
    for (const x of s.resources.values()) {
      if (x.type !== 'AWS::AppSync::Resolver') continue;
      const pipeline = (asObject(x.props['PipelineConfig'] as never) as RObject)['Functions'];
      const viaPipeline = Array.isArray(pipeline) && pipeline.some((f) => isUnresolved(f) && f.ref !== undefined && functions.has(f.ref));
      if (!viaPipeline && dataSourceNamed(s, x.props['DataSourceName'], apiId, sources) !== r.logicalId) continue;
      const type = x.props['TypeName'];
      const field = x.props['FieldName'];
      fields.push(`${typeof type === 'string' ? type : '?'}.${typeof field === 'string' ? field : '?'}`);
    }
    const node = api ? b.resourceByLogical(s, api.logicalId) : null;
    const apiName = node?.id ?? 'an AppSync API outside the scan';
    const { auth, principal } = api ? authOf(widestAuth(api)) : { auth: { kind: 'unresolved', reason: 'the AppSync API is not in the scan' } as AuthInfo, principal: { kind: 'unresolved', detail: 'the AppSync API is not in the scan' } as Principal };
    const dsName = typeof r.props['Name'] === 'string' ? (r.props['Name'] as string) : r.logicalId;
    out.push({
      kind: 'appsync-resolver',
      source: node?.id ?? null,
      label: fields.length > 0 ? `${[...new Set(fields)].sort().join(', ')} (data source ${dsName})` : `data source ${dsName} of ${apiName}`,
      principal,
      auth,
      target: fn,
      location: b.locate(s, ['Resources', r.logicalId]),
    });
  }
}
