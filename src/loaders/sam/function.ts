/**
 * AWS::Serverless::Function → AWS::Lambda::Function, its role, URL, alias and version, and the
 * resources of each event source, with the translator's logical ids.
 *
 * This file translates the function, its code, URL, alias, version and event invoke configuration;
 * `function-events.ts` translates each of its events.
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import {
  addResource,
  type Ctx,
  copyProps,
  getAtt,
  hashedId,
  inherit,
  invalid,
  isIntrinsic,
  isObject,
  mapOrigin,
  ref,
  type SamResource,
  str,
} from './context.js';
import { buildRole, type BuiltRole, type ExtraPolicy, managedPolicyArn, tagList } from './iam.js';
import { translateEvent, type FunctionTarget } from './function-events.js';

export { FUNCTION_EVENT_TYPES, ruleDlq } from './function-events.js';
export type { FunctionTarget } from './function-events.js';

const PASS_THROUGH = [
  'Handler', 'Runtime', 'Description', 'MemorySize', 'Timeout', 'VpcConfig', 'Environment', 'KmsKeyArn',
  'ReservedConcurrentExecutions', 'FunctionName', 'Layers', 'Architectures', 'EphemeralStorage', 'FileSystemConfigs',
  'ImageConfig', 'PackageType', 'CodeSigningConfigArn', 'SnapStart', 'RuntimeManagementConfig', 'LoggingConfig',
  'RecursiveLoop', 'TenancyConfig', 'DurableConfig', 'CapacityProviderConfig', 'FunctionScalingConfig',
] as const;

/** How generated resources refer to the function: the alias when AutoPublishAlias is set, as the translator does. */
const S3_URI = /^s3:\/\/([^/]+)\/(.+?)(?:\?versionId=(.+))?$/;

/** CodeUri / InlineCode / ImageUri → Code. */
function code(ctx: Ctx, r: SamResource, genBase: DocPath): JsonObject {
  const codeUri = r.props['CodeUri'];
  const inline = r.props['InlineCode'];
  const image = r.props['ImageUri'];
  // InlineCode wins over CodeUri (sam build may leave both), as in the translator.
  const set = [inline === undefined ? codeUri : undefined, inline, image].filter((v) => v !== undefined).length;
  const packageType = r.props['PackageType'];
  if (set > 1 && !(inline === undefined && codeUri !== undefined && image !== undefined && packageType === undefined && false)) {
    throw invalid(r, "Only one of 'ImageUri', 'CodeUri', 'InlineCode' should be specified.");
  }
  // The translator requires these after `sam package`; in the source templates users scan, `sam build`
  // fills them (CodeUri defaults to the template's folder, ImageUri comes from Metadata.DockerContext).
  // So the translator's rule is reported as a warning and the function is kept.
  if (set === 0) {
    const image = packageType === 'Image';
    const message = image ? "'ImageUri' must be set." : "Either 'InlineCode' or 'CodeUri' must be set.";
    const loc = ctx.src.locate(['Resources', r.id]);
    ctx.diagnostics.push({
      level: 'warning',
      code: 'sam-invalid',
      message: `${loc.file}:${loc.line}: Resource with id [${r.id}] is invalid after packaging. ${message} (sam build ${image ? 'sets ImageUri from Metadata.DockerContext' : 'uses the template folder'}; read as such)`,
      location: loc,
    });
    if (image) {
      const meta = r.raw['Metadata'];
      const ctxDir = isObject(meta) && typeof meta['DockerContext'] === 'string' ? meta['DockerContext'] : null;
      return ctxDir ? { LocalPath: ctxDir } : { ImageUri: { 'Nightlight::Unresolved': 'container image built by sam build' } };
    }
    return { LocalPath: '.' };
  }
  const out: JsonObject = {};
  if (inline !== undefined) {
    out['ZipFile'] = structuredClone(inline);
    mapOrigin(ctx, [...genBase, 'ZipFile'], r.propPath('InlineCode'));
  } else if (image !== undefined) {
    out['ImageUri'] = structuredClone(image);
    mapOrigin(ctx, [...genBase, 'ImageUri'], r.propPath('ImageUri'));
  } else if (typeof codeUri === 'string' && image === undefined) {
    const m = S3_URI.exec(codeUri);
    if (m) {
      out['S3Bucket'] = m[1]!;
      out['S3Key'] = m[2]!;
      if (m[3]) out['S3ObjectVersion'] = m[3];
    } else {
      // A local folder (`sam build` would upload it). Kept so the handler source can be found.
      out['LocalPath'] = codeUri;
    }
  } else if (isObject(codeUri) && !isIntrinsic(codeUri)) {
    if (codeUri['Bucket'] === undefined || codeUri['Key'] === undefined) throw invalid(r, "'CodeUri' requires Bucket and Key properties to be specified.", r.propPath('CodeUri'));
    out['S3Bucket'] = structuredClone(codeUri['Bucket']!);
    out['S3Key'] = structuredClone(codeUri['Key']!);
    if (codeUri['Version'] !== undefined) out['S3ObjectVersion'] = structuredClone(codeUri['Version']!);
  } else if (isIntrinsic(codeUri)) {
    throw invalid(r, "'CodeUri' requires Bucket and Key properties to be specified.", r.propPath('CodeUri'));
  }
  if (codeUri !== undefined) mapOrigin(ctx, genBase, r.propPath('CodeUri'));
  if (r.props['SourceKMSKeyArn'] !== undefined) out['SourceKMSKeyArn'] = structuredClone(r.props['SourceKMSKeyArn']!);
  return out;
}

const ALIAS_NAME = /^[a-zA-Z0-9_-]+$/;

export function translateFunction(ctx: Ctx, r: SamResource): void {
  const id = r.id;
  const p = r.props;
  const base = ['Resources', id, 'Properties'];
  const props: JsonObject = {};
  const fn: JsonObject = inherit(r, { Type: 'AWS::Lambda::Function', Properties: props }, ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']);
  addResource(ctx, id, fn, r.path);

  if (p['Events'] !== undefined && p['Events'] !== null && !isObject(p['Events'])) throw invalid(r, "Property 'Events' should be a map.", r.propPath('Events'));
  validateFunction(r);

  const imageFunction = p['PackageType'] === 'Image' || (p['ImageUri'] !== undefined && p['CodeUri'] === undefined && p['InlineCode'] === undefined);
  props['Code'] = code(ctx, r, [...base, 'Code']);
  if (imageFunction && p['PackageType'] === undefined) props['PackageType'] = 'Image';
  copyProps(ctx, r, props, base, PASS_THROUGH);
  // The translator resolves a parameter's default first; any mode but Disabled gets X-Ray permissions.
  let tracing: JsonValue | undefined = p['Tracing'];
  if (isObject(tracing) && typeof tracing['Ref'] === 'string' && Object.keys(tracing).length === 1) {
    const param = (ctx.src.body['Parameters'] as JsonObject | undefined)?.[tracing['Ref']];
    if (isObject(param) && param['Default'] !== undefined) tracing = param['Default'];
  }
  const traced = tracing !== undefined && tracing !== null && tracing !== '' && tracing !== 'Disabled';
  if (traced) {
    props['TracingConfig'] = { Mode: structuredClone(p['Tracing']!) };
    mapOrigin(ctx, [...base, 'TracingConfig'], r.propPath('Tracing'));
  }
  const dlq = p['DeadLetterQueue'];
  if (dlq !== undefined) {
    if (!isObject(dlq) || dlq['TargetArn'] === undefined || (dlq['Type'] !== 'SNS' && dlq['Type'] !== 'SQS')) {
      throw invalid(r, "'DeadLetterQueue' requires Type of SNS or SQS and a TargetArn.", r.propPath('DeadLetterQueue'));
    }
    props['DeadLetterConfig'] = { TargetArn: structuredClone(dlq['TargetArn']!) };
    mapOrigin(ctx, [...base, 'DeadLetterConfig'], r.propPath('DeadLetterQueue'));
  }
  const tags = tagList(['lambda:createdBy', 'SAM'], p['Tags']);
  props['Tags'] = tags;
  if (p['Tags'] !== undefined) mapOrigin(ctx, [...base, 'Tags'], r.propPath('Tags'));

  // Role: the user's, or a generated <Fn>Role with the policies SAM derives.
  let role: BuiltRole | null = null;
  if (p['Role'] !== undefined && p['Role'] !== null) {
    props['Role'] = structuredClone(p['Role']);
    mapOrigin(ctx, [...base, 'Role'], r.propPath('Role'));
    if (p['Policies'] !== undefined && false) throw invalid(r, 'Cannot specify both Role and Policies.');
  } else {
    // Durable functions get the durable variant of the basic execution policy instead.
    const basic = p['DurableConfig'] !== undefined ? 'service-role/AWSLambdaBasicDurableExecutionRolePolicy' : 'service-role/AWSLambdaBasicExecutionRole';
    const managed: { arn: JsonValue; source: DocPath }[] = [{ arn: managedPolicyArn(basic), source: r.path }];
    if (traced) managed.push({ arn: managedPolicyArn('AWSXrayWriteOnlyAccess'), source: r.propPath('Tracing') });
    if (p['VpcConfig'] !== undefined) managed.push({ arn: managedPolicyArn('service-role/AWSLambdaVPCAccessExecutionRole'), source: r.propPath('VpcConfig') });
    const extra: ExtraPolicy[] = [];
    if (isObject(dlq)) {
      extra.push({
        name: 'DeadLetterQueuePolicy',
        document: { Version: '2012-10-17', Statement: [{ Action: dlq['Type'] === 'SNS' ? 'sns:Publish' : 'sqs:SendMessage', Effect: 'Allow', Resource: structuredClone(dlq['TargetArn']!) }] },
        source: r.propPath('DeadLetterQueue'),
      });
    }
    role = buildRole(ctx, r, { id: `${id}Role`, service: 'lambda.amazonaws.com', managed, extra, tags: structuredClone(tags) });
    props['Role'] = getAtt(role.id, 'Arn');
  }

  // AutoPublishAlias: a Version hashed over the code (as the translator does) and an Alias that events target.
  let aliasId: string | null = null;
  let aliasName: JsonValue | undefined = p['AutoPublishAlias'];
  if (aliasName !== undefined) {
    if (isObject(aliasName) && typeof aliasName['Ref'] === 'string') {
      const param = (ctx.src.body['Parameters'] as JsonObject | undefined)?.[aliasName['Ref']];
      if (isObject(param) && typeof param['Default'] === 'string') aliasName = param['Default'];
    }
    if (typeof aliasName !== 'string' || !ALIAS_NAME.test(aliasName)) {
      throw invalid(r, "'AutoPublishAlias' must be a string of alphanumerics, '-' or '_'.", r.propPath('AutoPublishAlias'));
    }
    let logical: JsonObject = structuredClone(props['Code'] as JsonObject);
    if (p['AutoPublishAliasAllProperties'] === true) logical = structuredClone(props);
    else {
      if (isObject(p['Environment'])) Object.assign(logical, structuredClone(p['Environment']));
      if (p['MemorySize'] !== undefined) logical['MemorySize'] = structuredClone(p['MemorySize']!);
      if (p['SnapStart'] !== undefined) logical['SnapStart'] = structuredClone(p['SnapStart']!);
    }
    const sha = p['AutoPublishCodeSha256'];
    const versionId = typeof sha === 'string' ? `${id}Version${sha.slice(0, 10)}` : hashedId(`${id}Version`, logical);
    addResource(ctx, versionId, inherit(r, { Type: 'AWS::Lambda::Version', DeletionPolicy: 'Retain', Properties: { FunctionName: ref(id) } }, ['Condition']), r.propPath('AutoPublishAlias'));
    if (p['VersionDeletionPolicy'] !== undefined) (ctx.resources[versionId] as JsonObject)['DeletionPolicy'] = structuredClone(p['VersionDeletionPolicy']!);
    aliasId = `${id}Alias${aliasName.replace(/[^A-Za-z0-9]/g, '')}`;
    const aliasProps: JsonObject = { Name: aliasName, FunctionName: ref(id), FunctionVersion: getAtt(versionId, 'Version') };
    if (p['ProvisionedConcurrencyConfig'] !== undefined) {
      aliasProps['ProvisionedConcurrencyConfig'] = structuredClone(p['ProvisionedConcurrencyConfig']!);
      mapOrigin(ctx, ['Resources', aliasId, 'Properties', 'ProvisionedConcurrencyConfig'], r.propPath('ProvisionedConcurrencyConfig'));
    }
    addResource(ctx, aliasId, inherit(r, { Type: 'AWS::Lambda::Alias', Properties: aliasProps }, ['Condition']), r.propPath('AutoPublishAlias'));
  } else if (p['ProvisionedConcurrencyConfig'] !== undefined) {
    throw invalid(r, "To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function", r.propPath('ProvisionedConcurrencyConfig'));
  }

  const target: FunctionTarget = aliasId
    ? { id, name: ref(aliasId), arn: ref(aliasId), subArn: `\${${aliasId}}`, role }
    : { id, name: ref(id), arn: getAtt(id, 'Arn'), subArn: `\${${id}.Arn}`, role };

  if (p['FunctionUrlConfig'] !== undefined) functionUrl(ctx, r, target);
  if (p['EventInvokeConfig'] !== undefined) eventInvokeConfig(ctx, r, target, aliasName);

  const events = isObject(p['Events']) ? p['Events'] : {};
  for (const [name, ev] of Object.entries(events)) {
    const evPath = [...r.propPath('Events'), name];
    if (!isObject(ev)) throw invalid(r, `Event with id [${name}] is invalid. Event must be a map.`, evPath);
    translateEvent(ctx, r, target, name, ev, evPath);
  }
}

function validateFunction(r: SamResource): void {
  const p = r.props;
  for (const k of ['MemorySize', 'Timeout', 'ReservedConcurrentExecutions']) {
    const v = p[k];
    if (v !== undefined && typeof v !== 'number' && typeof v !== 'string' && !isIntrinsic(v)) throw invalid(r, `Property '${k}' must be a number.`, r.propPath(k));
  }
  if (p['Policies'] !== undefined && p['Policies'] !== null && typeof p['Policies'] !== 'string' && !Array.isArray(p['Policies']) && !isObject(p['Policies'])) {
    throw invalid(r, "Property 'Policies' should be a string, a list or a map.", r.propPath('Policies'));
  }
  if (p['Environment'] !== undefined && p['Environment'] !== null && !isObject(p['Environment'])) throw invalid(r, "Property 'Environment' should be a map.", r.propPath('Environment'));
  if (p['Layers'] !== undefined && !Array.isArray(p['Layers']) && !isIntrinsic(p['Layers'])) throw invalid(r, "Property 'Layers' should be a list.", r.propPath('Layers'));
  if (p['Architectures'] !== undefined) {
    const a = p['Architectures'];
    if (!isIntrinsic(a) && (!Array.isArray(a) || a.length !== 1 || (typeof a[0] === 'string' && a[0] !== 'x86_64' && a[0] !== 'arm64'))) {
      throw invalid(r, "Architectures needs to be a list with one string, either 'x86_64' or 'arm64'.", r.propPath('Architectures'));
    }
  }
}

function functionUrl(ctx: Ctx, r: SamResource, t: FunctionTarget): void {
  const cfg = r.props['FunctionUrlConfig'];
  const src = r.propPath('FunctionUrlConfig');
  if (!isObject(cfg)) throw invalid(r, "Property 'FunctionUrlConfig' should be a map.", src);
  const auth = cfg['AuthType'];
  if (auth === undefined) throw invalid(r, "AuthType is required to configure function property `FunctionUrlConfig`. Please provide either AWS_IAM or NONE.", src);
  if (typeof auth === 'string' && auth !== 'NONE' && auth !== 'AWS_IAM') throw invalid(r, "AuthType is required to configure function property `FunctionUrlConfig`. Please provide either AWS_IAM or NONE.", [...src, 'AuthType']);
  for (const k of Object.keys(cfg)) {
    if (!['AuthType', 'Cors', 'InvokeMode'].includes(k)) throw invalid(r, `${k} is an invalid property of FunctionUrlConfig.`, [...src, k]);
  }
  const cors = cfg['Cors'];
  if (isObject(cors)) {
    const known = ['AllowCredentials', 'AllowHeaders', 'AllowMethods', 'AllowOrigins', 'ExposeHeaders', 'MaxAge'];
    for (const k of Object.keys(cors)) if (!known.includes(k)) throw invalid(r, `${k} is not a valid property for configuring Cors.`, [...src, 'Cors', k]);
  }
  const urlId = `${t.id}Url`;
  const props: JsonObject = { TargetFunctionArn: t.name, AuthType: structuredClone(auth) };
  if (cfg['Cors'] !== undefined) props['Cors'] = structuredClone(cfg['Cors']);
  if (cfg['InvokeMode'] !== undefined) props['InvokeMode'] = structuredClone(cfg['InvokeMode']);
  addResource(ctx, urlId, inherit(r, { Type: 'AWS::Lambda::Url', Properties: props }), src);
  for (const k of Object.keys(props)) if (k in cfg) mapOrigin(ctx, ['Resources', urlId, 'Properties', k], [...src, k]);
  if (auth === 'NONE') {
    const permId = `${t.id}UrlPublicPermissions`;
    addResource(ctx, permId, inherit(r, {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunctionUrl', FunctionName: t.name, Principal: '*', FunctionUrlAuthType: 'NONE' },
    }), [...src, 'AuthType']);
    const invokeId = `${t.id}URLInvokeAllowPublicAccess`;
    addResource(ctx, invokeId, inherit(r, {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: t.name, Principal: '*', InvokedViaFunctionUrl: true },
    }), [...src, 'AuthType']);
  }
}

const DESTINATION_ACTIONS: Record<string, string> = { SQS: 'sqs:SendMessage', SNS: 'sns:publish', Lambda: 'lambda:InvokeFunction', EventBridge: 'events:PutEvents' };

function eventInvokeConfig(ctx: Ctx, r: SamResource, t: FunctionTarget, aliasName: JsonValue | undefined): void {
  const cfg = r.props['EventInvokeConfig'];
  const src = r.propPath('EventInvokeConfig');
  if (!isObject(cfg)) throw invalid(r, "Property 'EventInvokeConfig' should be a map.", src);
  const id = `${t.id}EventInvokeConfig`;
  const props: JsonObject = { FunctionName: ref(t.id), Qualifier: typeof aliasName === 'string' ? aliasName : '$LATEST' };
  for (const k of ['MaximumEventAgeInSeconds', 'MaximumRetryAttempts']) if (cfg[k] !== undefined) props[k] = structuredClone(cfg[k]!);
  const dc = cfg['DestinationConfig'];
  if (isObject(dc)) {
    const out: JsonObject = {};
    for (const which of ['OnSuccess', 'OnFailure'] as const) {
      const d = dc[which];
      if (d === undefined) continue;
      if (!isObject(d)) throw invalid(r, `'${which}' must be a map.`, [...src, 'DestinationConfig', which]);
      const type = d['Type'];
      let dest: JsonValue | undefined = d['Destination'] === undefined ? undefined : structuredClone(d['Destination']);
      if (type !== undefined && typeof type === 'string' && !['SQS', 'SNS', 'Lambda', 'EventBridge', 'S3Bucket'].includes(type)) {
        throw invalid(r, "The only valid values for 'Type' are 'SQS', 'SNS', 'Lambda', 'EventBridge', 'S3Bucket'", [...src, 'DestinationConfig', which, 'Type']);
      }
      const created = `${id}${which}${type === 'SQS' ? 'Queue' : 'Topic'}`;
      const createdRef = type === 'SQS' ? getAtt(created, 'Arn') : ref(created);
      const choice = isObject(dest) && Array.isArray(dest['Fn::If']) && dest['Fn::If'].length === 3 && typeof dest['Fn::If'][0] === 'string' ? dest['Fn::If'] : null;
      const noValue = (v: JsonValue | undefined): boolean => isObject(v) && v['Ref'] === 'AWS::NoValue';
      if ((type === 'SQS' || type === 'SNS') && choice && (noValue(choice[1]) || noValue(choice[2]))) {
        // A destination left out under a condition: SAM creates the queue or topic under that condition.
        let cond = choice[0] as string;
        const other = noValue(choice[1]) ? choice[2]! : choice[1]!;
        if (!noValue(choice[1])) {
          const not: JsonObject = { 'Fn::Not': [{ Condition: cond }] };
          cond = hashedId(`NOT${cond}`, not);
          ctx.conditions[cond] = not;
        }
        addResource(ctx, created, { Type: type === 'SQS' ? 'AWS::SQS::Queue' : 'AWS::SNS::Topic', Condition: cond, Properties: {} }, [...src, 'DestinationConfig', which]);
        dest = { 'Fn::If': [cond, createdRef, structuredClone(other)] };
      }
      if (dest === undefined) {
        if (type === 'SQS' || type === 'SNS') {
          const gid = `${id}${which}${type === 'SQS' ? 'Queue' : 'Topic'}`;
          addResource(ctx, gid, inherit(r, { Type: type === 'SQS' ? 'AWS::SQS::Queue' : 'AWS::SNS::Topic', Properties: {} }), [...src, 'DestinationConfig', which]);
          dest = type === 'SQS' ? getAtt(gid, 'Arn') : ref(gid);
        } else throw invalid(r, `Destination is required if Type is not SQS or SNS`, [...src, 'DestinationConfig', which]);
      }
      out[which] = { Destination: dest };
      if (t.role && typeof type === 'string') {
        const action = DESTINATION_ACTIONS[type];
        const statements: JsonValue[] = action
          ? [{ Action: action, Effect: 'Allow', Resource: structuredClone(dest) }]
          : [
              { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['/', [structuredClone(dest), '*']] } },
              { Action: 's3:ListBucket', Effect: 'Allow', Resource: structuredClone(dest) },
            ];
        t.role.addPolicy(`${id}${which}${type === 'S3Bucket' ? 'S3' : type}Policy`, { Statement: statements }, [...src, 'DestinationConfig', which]);
      }
    }
    props['DestinationConfig'] = out;
  }
  addResource(ctx, id, inherit(r, { Type: 'AWS::Lambda::EventInvokeConfig', Properties: props }), src);
}

export { str };
