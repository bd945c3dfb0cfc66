/**
 * The `Globals` section: properties merged into every SAM resource of a type, with the translator's
 * rules (maps merge key by key, lists concatenate globals first, anything else the resource wins).
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import { isIntrinsic, isObject, SamInvalid, type SamResource } from './context.js';
import { dict } from '../../model/types.js';

export const GLOBAL_SECTIONS: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  StateMachine: 'AWS::Serverless::StateMachine',
  LayerVersion: 'AWS::Serverless::LayerVersion',
  CapacityProvider: 'AWS::Serverless::CapacityProvider',
  WebSocketApi: 'AWS::Serverless::WebSocketApi',
};

/** Properties the translator accepts in Globals, per section (sections not listed are not checked). */
export const GLOBALS_ALLOWED: Record<string, readonly string[]> = {
  Function: ['Handler', 'Runtime', 'CodeUri', 'DeadLetterQueue', 'Description', 'MemorySize', 'Timeout', 'VpcConfig', 'Environment', 'Tags', 'PropagateTags', 'Tracing', 'KmsKeyArn', 'AutoPublishAlias', 'AutoPublishAliasAllProperties', 'Layers', 'DeploymentPreference', 'RolePath', 'PermissionsBoundary', 'ReservedConcurrentExecutions', 'ProvisionedConcurrencyConfig', 'AssumeRolePolicyDocument', 'EventInvokeConfig', 'FileSystemConfigs', 'CodeSigningConfigArn', 'Architectures', 'SnapStart', 'EphemeralStorage', 'FunctionUrlConfig', 'RuntimeManagementConfig', 'LoggingConfig', 'RecursiveLoop', 'SourceKMSKeyArn', 'TenancyConfig', 'DurableConfig', 'CapacityProviderConfig', 'FunctionScalingConfig', 'PublishToLatestPublished', 'VersionDeletionPolicy'],
  Api: ['Auth', 'Name', 'DefinitionUri', 'CacheClusterEnabled', 'CacheClusterSize', 'MergeDefinitions', 'Variables', 'EndpointConfiguration', 'MethodSettings', 'BinaryMediaTypes', 'MinimumCompressionSize', 'Cors', 'GatewayResponses', 'AccessLogSetting', 'CanarySetting', 'TracingEnabled', 'OpenApiVersion', 'Domain', 'AlwaysDeploy', 'PropagateTags', 'SecurityPolicy', 'EndpointAccessMode'],
  CapacityProvider: ['VpcConfig', 'OperatorRole', 'Tags', 'InstanceRequirements', 'ScalingConfig', 'KmsKeyArn', 'PropagateTags'],
};

/** Validates the Globals section; returns section → properties. */
export function readGlobals(body: JsonObject): { sections: Record<string, JsonObject>; errors: SamInvalid[] } {
  const errors: SamInvalid[] = [];
  const sections: Record<string, JsonObject> = dict();
  const g = body['Globals'];
  if (g === undefined || g === null) return { sections, errors };
  if (!isObject(g) || Object.keys(g).length === 0) {
    errors.push(new SamInvalid("'Globals' section is invalid. It must be a non-empty dictionary", ['Globals']));
    return { sections, errors };
  }
  for (const [name, value] of Object.entries(g)) {
    if (!(name in GLOBAL_SECTIONS)) {
      errors.push(new SamInvalid(`'Globals' section is invalid. '${name}' is not supported. Must be one of: ${Object.keys(GLOBAL_SECTIONS).join(', ')}`, ['Globals', name]));
      continue;
    }
    if (!isObject(value)) {
      errors.push(new SamInvalid(`'Globals' section is invalid. Value of ${name} must be a map.`, ['Globals', name]));
      continue;
    }
    const allowed = GLOBALS_ALLOWED[name];
    const ok: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (allowed && !allowed.includes(k)) {
        errors.push(new SamInvalid(`'Globals' section is invalid. '${k}' is not a supported property of '${name}'. Must be one of: ${allowed.join(', ')}`, ['Globals', name, k]));
        continue;
      }
      ok[k] = v;
    }
    sections[name] = ok;
  }
  return { sections, errors };
}

function merge(global: JsonValue, local: JsonValue): JsonValue {
  if (isObject(global) && isObject(local) && !isIntrinsic(global) && !isIntrinsic(local)) {
    const out: JsonObject = structuredClone(global);
    for (const [k, v] of Object.entries(local)) out[k] = k in out ? merge(out[k]!, v) : structuredClone(v);
    return out;
  }
  if (Array.isArray(global) && Array.isArray(local)) return [...structuredClone(global), ...structuredClone(local)];
  return structuredClone(local);
}

/** A SAM resource with its section's Globals merged in (honouring `IgnoreGlobals`). */
export function samResource(id: string, raw: JsonObject, sections: Record<string, JsonObject>, path: DocPath = ['Resources', id]): SamResource {
  const type = String(raw['Type']);
  const own = isObject(raw['Properties']) ? raw['Properties'] : {};
  const section = Object.entries(GLOBAL_SECTIONS).find(([, t]) => t === type)?.[0];
  const globals = section ? sections[section] ?? {} : {};
  // A resource attribute (beside Type); older templates also wrote it under Properties.
  const ignore = raw['IgnoreGlobals'] ?? own['IgnoreGlobals'];
  const ignored = (k: string): boolean => ignore === '*' || (Array.isArray(ignore) && ignore.includes(k));
  const props: JsonObject = {};
  const fromGlobals = new Set<string>();
  for (const [k, v] of Object.entries(globals)) {
    if (ignored(k)) continue;
    props[k] = structuredClone(v);
    fromGlobals.add(k);
  }
  for (const [k, v] of Object.entries(own)) {
    if (k === 'IgnoreGlobals') continue;
    if (k in props) {
      props[k] = merge(props[k]!, v);
      fromGlobals.delete(k);
    } else props[k] = structuredClone(v);
  }
  return {
    id,
    type,
    raw,
    props,
    path,
    propPath: (k) => (fromGlobals.has(k) && section ? ['Globals', section, k] : [...path, 'Properties', k]),
  };
}
