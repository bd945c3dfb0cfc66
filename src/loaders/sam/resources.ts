/**
 * The smaller SAM resource types: SimpleTable, LayerVersion, StateMachine (role, definition, events)
 * and Application (nested stack, kept but not followed).
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import { addResource, type Ctx, copyProps, getAtt, hashedId, inherit, invalid, isIntrinsic, isObject, mapOrigin, ref, type SamResource } from './context.js';
import { ruleDlq } from './function.js';
import { buildRole, managedPolicyArn, tagList } from './iam.js';

export function translateSimpleTable(ctx: Ctx, r: SamResource): void {
  const p = r.props;
  const base = ['Resources', r.id, 'Properties'];
  const pk = p['PrimaryKey'];
  if (pk !== undefined && (!isObject(pk) || pk['Name'] === undefined || pk['Type'] === undefined)) {
    throw invalid(r, "'PrimaryKey' is missing required Property 'Name' or 'Type'.", r.propPath('PrimaryKey'));
  }
  const name = isObject(pk) ? pk['Name']! : 'id';
  const rawType = isObject(pk) ? pk['Type']! : 'String';
  const types: Record<string, string> = { String: 'S', Number: 'N', Binary: 'B' };
  if (typeof rawType === 'string' && !(rawType in types)) throw invalid(r, `Invalid 'Type' "${rawType}".`, r.propPath('PrimaryKey'));
  const props: JsonObject = {
    AttributeDefinitions: [{ AttributeName: structuredClone(name), AttributeType: typeof rawType === 'string' ? types[rawType]! : structuredClone(rawType) }],
    KeySchema: [{ AttributeName: structuredClone(name), KeyType: 'HASH' }],
  };
  if (p['ProvisionedThroughput'] !== undefined) props['ProvisionedThroughput'] = structuredClone(p['ProvisionedThroughput']!);
  else props['BillingMode'] = 'PAY_PER_REQUEST';
  copyProps(ctx, r, props, base, ['TableName', 'SSESpecification', 'PointInTimeRecoverySpecification']);
  if (isObject(p['Tags'])) props['Tags'] = Object.entries(p['Tags']).map(([k, v]) => ({ Key: k, Value: v }));
  addResource(ctx, r.id, inherit(r, { Type: 'AWS::DynamoDB::Table', Properties: props }, ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']), r.path);
}

/** Returns the generated logical id: other resources' Refs to the layer are rewritten to it. */
export function translateLayer(ctx: Ctx, r: SamResource): string {
  const p = r.props;
  const base: DocPath = [];
  const uri = p['ContentUri'];
  let content: JsonValue;
  if (typeof uri === 'string') {
    const m = /^s3:\/\/([^/]+)\/(.+?)(?:\?versionId=(.+))?$/.exec(uri);
    content = m ? { S3Bucket: m[1]!, S3Key: m[2]!, ...(m[3] ? { S3ObjectVersion: m[3] } : {}) } : { LocalPath: uri };
  } else if (isObject(uri) && !isIntrinsic(uri)) {
    if (uri['Bucket'] === undefined || uri['Key'] === undefined) throw invalid(r, "'ContentUri' requires Bucket and Key properties to be specified.", r.propPath('ContentUri'));
    content = { S3Bucket: uri['Bucket']!, S3Key: uri['Key']!, ...(uri['Version'] !== undefined ? { S3ObjectVersion: uri['Version']! } : {}) };
  } else throw invalid(r, "Missing required property 'ContentUri'.");
  const props: JsonObject = { Content: content, LayerName: p['LayerName'] !== undefined ? structuredClone(p['LayerName']!) : r.id };
  const retention = p['RetentionPolicy'];
  let deletion: JsonValue = 'Retain';
  if (typeof retention === 'string') {
    if (!['retain', 'delete'].includes(retention.toLowerCase())) throw invalid(r, `'RetentionPolicy' must be one of the following options: ['Retain', 'Delete'].`, r.propPath('RetentionPolicy'));
    deletion = retention.toLowerCase() === 'delete' ? 'Delete' : 'Retain';
  } else if (retention !== undefined) {
    // A Ref to a parameter: the translator resolves it from the default; keep it when there is none.
    const param = isObject(retention) && typeof retention['Ref'] === 'string' ? (ctx.src.body['Parameters'] as JsonObject | undefined)?.[retention['Ref']] : undefined;
    deletion = isObject(param) && typeof param['Default'] === 'string' ? param['Default'] : structuredClone(retention);
  }
  const id = hashedId(r.id, { ...props, DeletionPolicy: deletion });
  const layerProps = ['Description', 'LicenseInfo', ['CompatibleRuntimes', 'CompatibleRuntimes'], 'CompatibleArchitectures'] as const;
  copyProps(ctx, r, props, ['Resources', id, 'Properties'], layerProps.map((k) => (Array.isArray(k) ? [k[0], k[1]] : k)) as (string | [string, string])[]);
  const out = inherit(r, { Type: 'AWS::Lambda::LayerVersion', DeletionPolicy: deletion, Properties: props }, ['Condition', 'DependsOn', 'UpdateReplacePolicy', 'Metadata']);
  if (r.raw['DeletionPolicy'] !== undefined && retention === undefined) out['DeletionPolicy'] = structuredClone(r.raw['DeletionPolicy']!);
  addResource(ctx, id, out, r.path);
  void base;
  return id;
}

/** Inline definition → DefinitionString: intrinsics become `${definition_substitution_N}` as the translator does. */
function definitionString(def: JsonValue, subs: JsonObject): JsonObject {
  let n = 0;
  const walk = (v: JsonValue): JsonValue => {
    if (isIntrinsic(v)) {
      n += 1;
      const k = `definition_substitution_${n}`;
      subs[k] = structuredClone(v);
      return `\${${k}}`;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (isObject(v)) {
      const out: JsonObject = {};
      for (const k of Object.keys(v).sort()) out[k] = walk(v[k]!);
      return out;
    }
    return v;
  };
  const text = JSON.stringify(walk(def), null, 4);
  return { 'Fn::Join': ['\n', text.split('\n')] };
}

export function translateStateMachine(ctx: Ctx, r: SamResource): void {
  const p = r.props;
  const id = r.id;
  const base = ['Resources', id, 'Properties'];
  const props: JsonObject = {};
  addResource(ctx, id, inherit(r, { Type: 'AWS::StepFunctions::StateMachine', Properties: props }, ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']), r.path);
  if (p['Definition'] !== undefined && p['DefinitionUri'] !== undefined) throw invalid(r, "Specify either 'Definition' or 'DefinitionUri' property and not both.");
  if (p['Definition'] === undefined && p['DefinitionUri'] === undefined) throw invalid(r, "Either 'Definition' or 'DefinitionUri' property must be specified.");
  const subs: JsonObject = {};
  if (p['Definition'] !== undefined) {
    if (!isObject(p['Definition'])) throw invalid(r, "Type of property 'Definition' is invalid.", r.propPath('Definition'));
    props['DefinitionString'] = definitionString(p['Definition']!, subs);
    mapOrigin(ctx, [...base, 'DefinitionString'], r.propPath('Definition'));
  } else {
    const uri = p['DefinitionUri'];
    if (typeof uri === 'string') {
      const m = /^s3:\/\/([^/]+)\/(.+?)(?:\?versionId=(.+))?$/.exec(uri);
      props['DefinitionS3Location'] = m ? { Bucket: m[1]!, Key: m[2]!, ...(m[3] ? { Version: m[3] } : {}) } : { LocalPath: uri };
    } else if (isObject(uri) && !isIntrinsic(uri)) {
      if (uri['Bucket'] === undefined || uri['Key'] === undefined) throw invalid(r, "'DefinitionUri' requires Bucket and Key properties to be specified.", r.propPath('DefinitionUri'));
      props['DefinitionS3Location'] = structuredClone(uri);
    } else throw invalid(r, "Type of property 'DefinitionUri' is invalid.", r.propPath('DefinitionUri'));
    mapOrigin(ctx, [...base, 'DefinitionS3Location'], r.propPath('DefinitionUri'));
  }
  const userSubs = p['DefinitionSubstitutions'];
  if (isObject(userSubs) || Object.keys(subs).length > 0) props['DefinitionSubstitutions'] = { ...subs, ...(isObject(userSubs) ? structuredClone(userSubs) : {}) };
  const tags = tagList(['stateMachine:createdBy', 'SAM'], p['Tags']);
  if (p['Role'] !== undefined && p['Policies'] !== undefined) throw invalid(r, 'Specify either \'Role\' or \'Policies\' (but not both at the same time) or neither.');
  if (p['Role'] !== undefined) {
    props['RoleArn'] = structuredClone(p['Role']!);
    mapOrigin(ctx, [...base, 'RoleArn'], r.propPath('Role'));
  } else {
    const managed: { arn: JsonValue; source: DocPath }[] = [];
    const tracing = p['Tracing'];
    if (isObject(tracing) && tracing['Enabled'] === true) managed.push({ arn: managedPolicyArn('AWSXrayWriteOnlyAccess'), source: r.propPath('Tracing') });
    const role = buildRole(ctx, r, { id: `${id}Role`, service: 'states.amazonaws.com', managed, extra: [], tags: structuredClone(tags) });
    props['RoleArn'] = getAtt(role.id, 'Arn');
  }
  copyProps(ctx, r, props, base, [['Name', 'StateMachineName'], ['Type', 'StateMachineType'], ['Logging', 'LoggingConfiguration'], ['Tracing', 'TracingConfiguration']]);
  props['Tags'] = tags;

  const events = isObject(p['Events']) ? p['Events'] : {};
  if (p['Events'] !== undefined && p['Events'] !== null && !isObject(p['Events'])) throw invalid(r, "Property 'Events' should be a map.", r.propPath('Events'));
  for (const [name, ev] of Object.entries(events)) {
    const evPath = [...r.propPath('Events'), name];
    if (!isObject(ev)) throw invalid(r, `Event with id [${name}] is invalid. Event must be a map.`, evPath);
    stateMachineEvent(ctx, r, name, ev, evPath);
  }
}

function startExecutionRole(ctx: Ctx, r: SamResource, roleId: string, service: string, source: DocPath): void {
  addResource(ctx, roleId, inherit(r, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: [service] } }] },
      Policies: [{ PolicyName: `${roleId}StartExecutionPolicy`, PolicyDocument: { Statement: [{ Action: 'states:StartExecution', Effect: 'Allow', Resource: ref(r.id) }] } }],
    },
  }), source);
}

function stateMachineEvent(ctx: Ctx, r: SamResource, name: string, ev: JsonObject, evPath: DocPath): void {
  const type = ev['Type'];
  const ep = isObject(ev['Properties']) ? ev['Properties'] : {};
  const pp = [...evPath, 'Properties'];
  const gid = `${r.id}${name}`;
  switch (type) {
    case 'Schedule': case 'CloudWatchEvent': case 'EventBridgeRule': {
      const ruleProps: JsonObject = {};
      if (type === 'Schedule') {
        if (ep['Schedule'] === undefined) throw invalid(r, `Event with id [${name}] is invalid. Missing required property 'Schedule'.`, evPath);
        ruleProps['ScheduleExpression'] = structuredClone(ep['Schedule']!);
      } else {
        if (ep['Pattern'] === undefined) throw invalid(r, `Event with id [${name}] is invalid. Missing required property 'Pattern'.`, evPath);
        ruleProps['EventPattern'] = structuredClone(ep['Pattern']!);
        if (ep['EventBusName'] !== undefined) ruleProps['EventBusName'] = structuredClone(ep['EventBusName']!);
      }
      if (ep['Enabled'] !== undefined && ep['State'] !== undefined) throw invalid(r, `Event with id [${name}] is invalid. State and Enabled Properties cannot both be specified.`, pp);
      if (ep['Enabled'] !== undefined) ruleProps['State'] = ep['Enabled'] === false ? 'DISABLED' : 'ENABLED';
      if (ep['State'] !== undefined) ruleProps['State'] = structuredClone(ep['State']!);
      for (const k of ['Name', 'Description']) if (ep[k] !== undefined) ruleProps[k] = structuredClone(ep[k]!);
      if (ep['RuleName'] !== undefined) ruleProps['Name'] = structuredClone(ep['RuleName']!);
      const roleId = `${gid}Role`;
      const targetCfg = ep['Target'];
      const target: JsonObject = {
        Arn: ref(r.id),
        Id: isObject(targetCfg) && targetCfg['Id'] !== undefined ? structuredClone(targetCfg['Id']!) : `${gid}StepFunctionsTarget`,
        RoleArn: ep['RoleArn'] !== undefined ? structuredClone(ep['RoleArn']!) : getAtt(roleId, 'Arn'),
      };
      for (const k of ['Input', 'InputPath', 'InputTransformer', 'RetryPolicy']) if (ep[k] !== undefined) target[k] = structuredClone(ep[k]!);
      if (ep['DeadLetterConfig'] !== undefined) target['DeadLetterConfig'] = ruleDlq(ctx, r, gid, name, ep['DeadLetterConfig']!, [...pp, 'DeadLetterConfig']);
      ruleProps['Targets'] = [target];
      addResource(ctx, gid, inherit(r, { Type: 'AWS::Events::Rule', Properties: ruleProps }), evPath);
      if (ep['RoleArn'] === undefined) startExecutionRole(ctx, r, roleId, 'events.amazonaws.com', evPath);
      return;
    }
    case 'ScheduleV2': {
      const props: JsonObject = {};
      for (const [k, v] of Object.entries(ep)) if (!['RoleArn', 'Input', 'DeadLetterConfig', 'RetryPolicy', 'OmitName', 'PermissionsBoundary'].includes(k)) props[k] = structuredClone(v);
      if (props['FlexibleTimeWindow'] === undefined) props['FlexibleTimeWindow'] = { Mode: 'OFF' };
      if (props['Name'] === undefined && ep['OmitName'] !== true) props['Name'] = gid;
      const roleId = `${gid}Role`;
      const target: JsonObject = { Arn: ref(r.id), RoleArn: ep['RoleArn'] !== undefined ? structuredClone(ep['RoleArn']!) : getAtt(roleId, 'Arn') };
      if (ep['Input'] !== undefined) target['Input'] = structuredClone(ep['Input']!);
      if (ep['RetryPolicy'] !== undefined) target['RetryPolicy'] = structuredClone(ep['RetryPolicy']!);
      if (ep['DeadLetterConfig'] !== undefined) target['DeadLetterConfig'] = ruleDlq(ctx, r, gid, name, ep['DeadLetterConfig']!, [...pp, 'DeadLetterConfig']);
      props['Target'] = target;
      addResource(ctx, gid, inherit(r, { Type: 'AWS::Scheduler::Schedule', Properties: props }), evPath);
      if (ep['RoleArn'] === undefined) startExecutionRole(ctx, r, roleId, 'scheduler.amazonaws.com', evPath);
      return;
    }
    case 'Api':
      startExecutionRole(ctx, r, `${gid}Role`, 'apigateway.amazonaws.com', evPath);
      return;
    default:
      throw invalid(r, `Event with id [${name}] is invalid. Event Type is not supported: ${JSON.stringify(type ?? null)}.`, [...evPath, 'Type']);
  }
}

export function translateApplication(ctx: Ctx, r: SamResource): void {
  const p = r.props;
  const loc = p['Location'];
  if (loc === undefined) throw invalid(r, "Missing required property 'Location'.");
  const props: JsonObject = {};
  if (typeof loc === 'string') props['TemplateURL'] = loc;
  else if (isObject(loc) && !isIntrinsic(loc)) {
    if (loc['ApplicationId'] === undefined || loc['SemanticVersion'] === undefined) throw invalid(r, "Resource is missing the required [ApplicationId] or [SemanticVersion] property in 'Location'.", r.propPath('Location'));
    // The translator asks the Serverless Application Repository for the template URL; we cannot.
    props['TemplateURL'] = { 'Fn::Sub': ['serverlessrepo://${ApplicationId}@${SemanticVersion}', { ApplicationId: structuredClone(loc['ApplicationId']!), SemanticVersion: structuredClone(loc['SemanticVersion']!) }] };
  } else props['TemplateURL'] = structuredClone(loc);
  copyProps(ctx, r, props, ['Resources', r.id, 'Properties'], ['Parameters', 'NotificationARNs', 'TimeoutInMinutes']);
  props['Tags'] = tagList(['lambda:createdBy', 'SAM'], p['Tags']);
  addResource(ctx, r.id, inherit(r, { Type: 'AWS::CloudFormation::Stack', Properties: props }, ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']), r.path);
  const where = ctx.src.locate(r.path);
  ctx.diagnostics.push({
    level: 'warning',
    code: 'sam-unresolved',
    message: `${where.file}:${where.line}: ${r.id}: AWS::Serverless::Application (a nested application) is kept as a nested stack; its resources are not analysed`,
    location: where,
  });
}
