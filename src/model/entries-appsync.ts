/**
 * AppSync entry points: a function behind an `AWS_LAMBDA` data source runs for every GraphQL
 * field whose resolver uses that data source (a unit resolver's `DataSourceName`, or a pipeline
 * function's). Who can send the query is who the API's authentication admits: the most open of
 * its default and additional providers (`API_KEY`: anyone holding the key the client app ships;
 * `AWS_IAM`: identities of the account; Cognito, OIDC and Lambda authorizers: signed-in users).
 * A Lambda data source no resolver of the scan uses is still an entry point (resolvers may be
 * added outside the template), labelled by the data source.
 */
import type { AuthInfo, DocPath, GraphqlField, Maybe, Principal } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import type { ModelBuilder, Stack, StackResource } from './builder.js';
import type { Draft } from './entries-draft.js';

/** How open each AppSync authentication type is: wider first. */
const OPENNESS = ['API_KEY', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA', 'AWS_IAM'];

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
    default:
      return { auth: { kind: 'lambda-authorizer' }, principal: { kind: 'authenticated-users', detail: 'callers the Lambda authorizer admits' } };
  }
}

const unreadAuth = (reason: string): { auth: AuthInfo; principal: Principal } => ({ auth: { kind: 'unresolved', reason }, principal: { kind: 'unresolved', detail: reason } });

/** One provider of an API: its type, or why it cannot be read; where it is written. */
interface Provider {
  type: string | null;
  reason: string;
  path: DocPath;
}

/**
 * The API's most open provider. `API_KEY` is the most open there is, so it decides whatever else
 * cannot be read; otherwise a provider that cannot be read (a parameter without a value, an
 * `Fn::ImportValue`, a Terraform variable without a value, a type AppSync does not know) decides:
 * unknown is not safe.
 */
function widestAuth(api: StackResource): Provider {
  const base: DocPath = ['Resources', api.logicalId, 'Properties'];
  const providers: Provider[] = [];
  const add = (v: RValue | undefined, path: DocPath, what: string): void => {
    if (isUnresolved(v)) providers.push({ type: null, reason: `${what} could not be read: ${v.reason}`, path });
    else if (typeof v !== 'string') providers.push({ type: null, reason: `${what} is ${v === undefined || v === null ? 'not set' : 'not a string'}`, path });
    else if (!OPENNESS.includes(v)) providers.push({ type: null, reason: `${what} ${v} is not an AppSync authentication type`, path });
    else providers.push({ type: v, reason: '', path });
  };
  add(api.props['AuthenticationType'], [...base, 'AuthenticationType'], 'the authentication type');
  const extra = api.props['AdditionalAuthenticationProviders'];
  const extraPath: DocPath = [...base, 'AdditionalAuthenticationProviders'];
  if (isUnresolved(extra)) providers.push({ type: null, reason: `the additional authentication providers could not be read: ${extra.reason}`, path: extraPath });
  else if (Array.isArray(extra)) {
    extra.forEach((x, i) => {
      const what = `the authentication type of additional provider ${i + 1}`;
      if (isUnresolved(x)) providers.push({ type: null, reason: `${what} could not be read: ${x.reason}`, path: [...extraPath, i] });
      else add((asObject(x as never) as RObject)['AuthenticationType'], [...extraPath, i, 'AuthenticationType'], what);
    });
  }
  return providers.find((p) => p.type === 'API_KEY') ?? providers.find((p) => p.type === null) ?? providers.sort((a, b) => OPENNESS.indexOf(a.type!) - OPENNESS.indexOf(b.type!))[0]!;
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
    const fields = new Map<string, GraphqlField>();
    for (const x of s.resources.values()) {
      if (x.type !== 'AWS::AppSync::Resolver') continue;
      const pipeline = (asObject(x.props['PipelineConfig'] as never) as RObject)['Functions'];
      const viaPipeline = Array.isArray(pipeline) && pipeline.some((f) => isUnresolved(f) && f.ref !== undefined && functions.has(f.ref));
      if (!viaPipeline && dataSourceNamed(s, x.props['DataSourceName'], apiId, sources) !== r.logicalId) continue;
      const type = nameOf(x.props['TypeName'], `the TypeName of resolver ${x.logicalId}`);
      const field = nameOf(x.props['FieldName'], `the FieldName of resolver ${x.logicalId}`);
      fields.set(`${typeof type === 'string' ? type : '?'}.${typeof field === 'string' ? field : '?'}`, { type, field });
    }
    const node = api ? b.resourceByLogical(s, api.logicalId) : null;
    const apiName = node?.id ?? 'an AppSync API outside the scan';
    const widest = api ? widestAuth(api) : null;
    const { auth, principal } = widest === null ? unreadAuth(`the AppSync API its ApiId names is not in the scan${isUnresolved(r.props['ApiId']) ? `: ${r.props['ApiId'].reason}` : ''}`) : widest.type === null ? unreadAuth(widest.reason) : authOf(widest.type);
    const dsName = typeof r.props['Name'] === 'string' ? (r.props['Name'] as string) : r.logicalId;
    const labels = [...fields.keys()].sort();
    out.push({
      kind: 'appsync-resolver',
      source: node?.id ?? null,
      label: labels.length > 0 ? `${labels.join(', ')} (data source ${dsName})` : `data source ${dsName} of ${apiName}`,
      principal,
      auth,
      target: fn,
      location: b.locate(s, ['Resources', r.logicalId]),
      graphql: {
        api: node?.id ?? null,
        dataSource: dsName,
        fields: labels.map((l) => fields.get(l)!),
        authLocation: b.locate(s, widest ? widest.path : ['Resources', r.logicalId, 'Properties', 'ApiId']),
      },
    });
  }
}

/** A resolver's type or field name; unresolved when it is not a plain string. */
function nameOf(v: RValue | undefined, what: string): Maybe<string> {
  if (typeof v === 'string') return v;
  return isUnresolved(v) ? unresolved(`${what} could not be read: ${v.reason}`) : unresolved(`${what} is not set`);
}
