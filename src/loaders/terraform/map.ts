/**
 * Terraform resource instances into CloudFormation resources: the same types and properties the
 * CloudFormation loader produces, so the one model builder reads both. Attachment-style resources
 * (API Gateway integrations, S3 notifications, policy attachments, event targets) are merged into
 * the resource they attach to, with their own locations.
 */
import type { Diagnostic, JsonObject, JsonValue, SourceLocation } from '../../model/types.js';
import type { LocationTable } from '../cloudformation/parse.js';
import type { ArchiveCode } from './archive-code.js';
import { policyObject } from './policy.js';
import { CfnExpr, Concat, JsonText, Sym, Unknown, concat, isObject, newObject, toCfn, type V, type VObject } from './values.js';
import { dict } from '../../model/types.js';

export const ADDRESS_KEY = 'nightlight:address';
export const CODE_PATH_KEY = 'nightlight:code-path';
export const MERGED_KEY = 'nightlight:merged';

type Locs = WeakMap<object, Map<string | number, SourceLocation>>;

/** Maps one resource of its type into its CloudFormation resource. */
export type Primary = (o: Out, b: VObject) => void;
/** Merges an attachment resource into the resource it attaches to; false when that is not in the template. */
export type Merge = (em: Emitter, inst: Instance, b: VObject) => boolean;

/** What the mappings need of a resource instance (from evaluated HCL or from a plan). */

export interface Instance {
  readonly type: string;
  readonly address: string;
  readonly location: SourceLocation;
  readonly mode: 'managed' | 'data' | 'module';
  body(): VObject;
  /** Checkov's inline skip comments inside the resource's block (absent for plan-file instances). */
  checkovSkips?(): { id: string; comment: string | null; location: SourceLocation }[];
}

/** An instance whose body is already evaluated: read from an ARM template or another cloud's Serverless service. */
export class ValueInstance implements Instance {
  readonly mode = 'managed' as const;
  constructor(
    readonly type: string,
    readonly address: string,
    readonly location: SourceLocation,
    private readonly values: VObject,
  ) {}
  body(): VObject {
    return this.values;
  }
}

const ref = (id: string) => new CfnExpr({ Ref: id });
const att = (id: string, a: string) => new CfnExpr({ 'Fn::GetAtt': [id, a] });
const PARTITION = new CfnExpr({ Ref: 'AWS::Partition' });
const REGION = new CfnExpr({ Ref: 'AWS::Region' });
const ACCOUNT = new CfnExpr({ Ref: 'AWS::AccountId' });

/** Terraform type → CloudFormation type for resources that become resources of their own. */
export const RESOURCE_TYPES: Record<string, string> = {
  aws_lambda_function: 'AWS::Lambda::Function',
  aws_lambda_permission: 'AWS::Lambda::Permission',
  aws_lambda_function_url: 'AWS::Lambda::Url',
  aws_lambda_event_source_mapping: 'AWS::Lambda::EventSourceMapping',
  aws_lambda_alias: 'AWS::Lambda::Alias',
  aws_lambda_layer_version: 'AWS::Lambda::LayerVersion',
  aws_lambda_function_event_invoke_config: 'AWS::Lambda::EventInvokeConfig',
  aws_iam_role: 'AWS::IAM::Role',
  aws_iam_role_policy: 'AWS::IAM::Policy',
  aws_iam_policy: 'AWS::IAM::ManagedPolicy',
  aws_iam_user: 'AWS::IAM::User',
  aws_iam_group: 'AWS::IAM::Group',
  aws_iam_user_policy: 'AWS::IAM::UserPolicy',
  aws_iam_group_policy: 'AWS::IAM::GroupPolicy',
  aws_iam_access_key: 'AWS::IAM::AccessKey',
  aws_iam_instance_profile: 'AWS::IAM::InstanceProfile',
  aws_instance: 'AWS::EC2::Instance',
  aws_db_instance: 'AWS::RDS::DBInstance',
  aws_rds_cluster: 'AWS::RDS::DBCluster',
  aws_api_gateway_rest_api: 'AWS::ApiGateway::RestApi',
  aws_api_gateway_resource: 'AWS::ApiGateway::Resource',
  aws_api_gateway_method: 'AWS::ApiGateway::Method',
  aws_api_gateway_request_validator: 'AWS::ApiGateway::RequestValidator',
  aws_api_gateway_model: 'AWS::ApiGateway::Model',
  aws_ecr_repository: 'AWS::ECR::Repository',
  aws_api_gateway_authorizer: 'AWS::ApiGateway::Authorizer',
  aws_api_gateway_stage: 'AWS::ApiGateway::Stage',
  aws_api_gateway_deployment: 'AWS::ApiGateway::Deployment',
  aws_api_gateway_usage_plan: 'AWS::ApiGateway::UsagePlan',
  aws_apigatewayv2_api: 'AWS::ApiGatewayV2::Api',
  aws_apigatewayv2_route: 'AWS::ApiGatewayV2::Route',
  aws_apigatewayv2_integration: 'AWS::ApiGatewayV2::Integration',
  aws_apigatewayv2_authorizer: 'AWS::ApiGatewayV2::Authorizer',
  aws_apigatewayv2_stage: 'AWS::ApiGatewayV2::Stage',
  aws_s3_bucket: 'AWS::S3::Bucket',
  aws_s3_bucket_policy: 'AWS::S3::BucketPolicy',
  aws_sqs_queue: 'AWS::SQS::Queue',
  aws_sqs_queue_policy: 'AWS::SQS::QueuePolicy',
  aws_sns_topic: 'AWS::SNS::Topic',
  aws_sns_topic_policy: 'AWS::SNS::TopicPolicy',
  aws_sns_topic_subscription: 'AWS::SNS::Subscription',
  aws_cloudwatch_event_rule: 'AWS::Events::Rule',
  aws_cloudwatch_event_bus: 'AWS::Events::EventBus',
  aws_scheduler_schedule: 'AWS::Scheduler::Schedule',
  aws_dynamodb_table: 'AWS::DynamoDB::Table',
  aws_kinesis_stream: 'AWS::Kinesis::Stream',
  aws_cognito_user_pool: 'AWS::Cognito::UserPool',
  aws_cognito_user_pool_client: 'AWS::Cognito::UserPoolClient',
  aws_cognito_identity_pool: 'AWS::Cognito::IdentityPool',
  aws_cognito_identity_pool_roles_attachment: 'AWS::Cognito::IdentityPoolRoleAttachment',
  aws_wafv2_web_acl: 'AWS::WAFv2::WebACL',
  aws_wafv2_web_acl_association: 'AWS::WAFv2::WebACLAssociation',
  aws_wafregional_web_acl_association: 'AWS::WAFRegional::WebACLAssociation',
  aws_appsync_graphql_api: 'AWS::AppSync::GraphQLApi',
  aws_appsync_datasource: 'AWS::AppSync::DataSource',
  aws_appsync_function: 'AWS::AppSync::FunctionConfiguration',
  aws_appsync_resolver: 'AWS::AppSync::Resolver',
  aws_kinesis_firehose_delivery_stream: 'AWS::KinesisFirehose::DeliveryStream',
  aws_api_gateway_client_certificate: 'AWS::ApiGateway::ClientCertificate',
  aws_cloudwatch_log_group: 'AWS::Logs::LogGroup',
  aws_cloudwatch_log_subscription_filter: 'AWS::Logs::SubscriptionFilter',
  aws_kms_key: 'AWS::KMS::Key',
  aws_secretsmanager_secret: 'AWS::SecretsManager::Secret',
  aws_secretsmanager_secret_rotation: 'AWS::SecretsManager::RotationSchedule',
  aws_ssm_parameter: 'AWS::SSM::Parameter',
  aws_sfn_state_machine: 'AWS::StepFunctions::StateMachine',
  aws_cloudfront_distribution: 'AWS::CloudFront::Distribution',
  aws_lb: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  aws_alb: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  aws_lb_target_group: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  aws_alb_target_group: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  aws_lb_listener: 'AWS::ElasticLoadBalancingV2::Listener',
  aws_alb_listener: 'AWS::ElasticLoadBalancingV2::Listener',
  aws_lb_listener_rule: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  aws_alb_listener_rule: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  // Google Cloud (docs/clouds.md): read into the same vocabulary, marked `nightlight:cloud`.
  google_cloudfunctions_function: 'AWS::Lambda::Function',
  google_cloudfunctions2_function: 'AWS::Lambda::Function',
  google_cloud_run_v2_service: 'AWS::Lambda::Function',
  google_service_account: 'AWS::IAM::Role',
  google_pubsub_topic: 'AWS::SNS::Topic',
  google_pubsub_subscription: 'AWS::SNS::Subscription',
  google_storage_bucket: 'AWS::S3::Bucket',
  google_secret_manager_secret: 'AWS::SecretsManager::Secret',
  google_cloud_scheduler_job: 'AWS::Events::Rule',
  google_storage_bucket_object: 'Nightlight::Google::StorageObject',
  google_project_iam_custom_role: 'Nightlight::Google::CustomRole',
  // Azure (docs/clouds.md): a function app's functions become functions (azure.ts).
  azurerm_linux_function_app: 'Nightlight::Azure::FunctionApp',
  azurerm_windows_function_app: 'Nightlight::Azure::FunctionApp',
  azurerm_function_app_flex_consumption: 'Nightlight::Azure::FunctionApp',
  azurerm_user_assigned_identity: 'AWS::IAM::Role',
  azurerm_storage_queue: 'AWS::SQS::Queue',
  azurerm_servicebus_queue: 'AWS::SQS::Queue',
  azurerm_servicebus_topic: 'AWS::SNS::Topic',
  azurerm_key_vault: 'Nightlight::Azure::KeyVault',
  azurerm_key_vault_secret: 'AWS::SecretsManager::Secret',
  azurerm_storage_container: 'AWS::S3::Bucket',
};
// a resource type is the user's text: `__proto__` or `constructor` must name no mapping
Object.setPrototypeOf(RESOURCE_TYPES, null);

/** Resource types merged into another resource. */
export const MERGED_TYPES = new Set([
  'aws_api_gateway_integration',
  'aws_api_gateway_method_settings',
  'aws_api_gateway_rest_api_policy',
  'aws_s3_bucket_notification',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_acl',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_user_group_membership',
  'aws_iam_group_membership',
  'aws_iam_role_policies_exclusive',
  'aws_cloudwatch_event_target',
  'aws_lb_target_group_attachment',
  'aws_alb_target_group_attachment',
  'aws_lambda_provisioned_concurrency_config',
]);

/** Types whose CloudFormation Ref is the resource's name. */
const NAME_ON_REF = new Set(['aws_lambda_function', 'aws_iam_role', 'aws_iam_user', 'aws_iam_group', 'aws_iam_instance_profile', 'aws_dynamodb_table', 'aws_kinesis_stream', 'aws_cloudwatch_event_rule', 'aws_cloudwatch_event_bus', 'aws_cloudwatch_log_group', 'aws_ssm_parameter']);

function invokeArn(fnArn: V): V {
  return concat(['arn:', PARTITION, ':apigateway:', REGION, ':lambda:path/2015-03-31/functions/', fnArn as string | Sym, '/invocations']);
}

/** Attributes Terraform computes, as the intrinsic that stands for them. */
export function computedAttribute(type: string, id: string, name: string): V | undefined {
  const cfn = RESOURCE_TYPES[type];
  if (!cfn) return undefined;
  const arnOnRef = new Set(['aws_sns_topic', 'aws_iam_policy', 'aws_lambda_alias', 'aws_lambda_layer_version', 'aws_sfn_state_machine', 'aws_secretsmanager_secret', 'aws_lb', 'aws_alb', 'aws_lb_target_group', 'aws_alb_target_group', 'aws_lb_listener', 'aws_alb_listener', 'aws_lb_listener_rule', 'aws_alb_listener_rule']);
  if (type.startsWith('google_')) return googleAttribute(type, id, name);
  if (type.startsWith('azurerm_')) return azureAttribute(type, id, name);
  switch (`${type}.${name}`) {
    case 'aws_lambda_function.invoke_arn':
      return invokeArn(att(id, 'Arn'));
    case 'aws_lambda_alias.invoke_arn':
      return invokeArn(ref(id));
    case 'aws_lambda_function.qualified_arn':
      return concat([att(id, 'Arn'), ':', new Unknown('published version')]);
    case 'aws_lambda_function.qualified_invoke_arn':
      return invokeArn(concat([att(id, 'Arn'), ':', new Unknown('published version')]));
    case 'aws_lambda_function.version':
      return new Unknown('published version');
    case 'aws_lambda_function_url.function_url':
      return att(id, 'FunctionUrl');
    case 'aws_iam_access_key.secret':
      return att(id, 'SecretAccessKey');
    case 'aws_iam_role.unique_id':
      return att(id, 'RoleId');
    case 'aws_s3_bucket.bucket':
      return ref(id);
    case 'aws_s3_bucket.bucket_domain_name':
      return att(id, 'DomainName');
    case 'aws_s3_bucket.bucket_regional_domain_name':
      return att(id, 'RegionalDomainName');
    case 'aws_sqs_queue.url':
      return ref(id);
    case 'aws_sqs_queue.name':
      return att(id, 'QueueName');
    case 'aws_sns_topic.name':
      return att(id, 'TopicName');
    case 'aws_dynamodb_table.stream_arn':
      return att(id, 'StreamArn');
    case 'aws_kinesis_stream.id':
      return att(id, 'Arn');
    case 'aws_appsync_graphql_api.id':
      return att(id, 'ApiId');
    case 'aws_appsync_function.function_id':
      return att(id, 'FunctionId');
    case 'aws_appsync_datasource.name':
      return att(id, 'Name');
    case 'aws_api_gateway_rest_api.root_resource_id':
      return att(id, 'RootResourceId');
    case 'aws_api_gateway_rest_api.execution_arn':
    case 'aws_apigatewayv2_api.execution_arn':
      return concat(['arn:', PARTITION, ':execute-api:', REGION, ':', ACCOUNT, ':', ref(id)]);
    case 'aws_api_gateway_rest_api.arn':
      return concat(['arn:', PARTITION, ':apigateway:', REGION, '::/restapis/', ref(id)]);
    case 'aws_apigatewayv2_api.api_endpoint':
      return att(id, 'ApiEndpoint');
    case 'aws_apigatewayv2_api.arn':
      return concat(['arn:', PARTITION, ':apigateway:', REGION, '::/apis/', ref(id)]);
    case 'aws_api_gateway_stage.invoke_url':
    case 'aws_api_gateway_deployment.invoke_url':
    case 'aws_apigatewayv2_stage.invoke_url':
      return new Unknown('invoke URL is known only after apply');
    case 'aws_cognito_user_pool.endpoint':
      return att(id, 'ProviderName');
    case 'aws_cognito_identity_pool.arn':
      return concat(['arn:', PARTITION, ':cognito-identity:', REGION, ':', ACCOUNT, ':identitypool/', ref(id)]);
    case 'aws_kms_key.key_id':
      return ref(id);
    case 'aws_ecr_repository.name':
      return ref(id);
    case 'aws_ecr_repository.repository_url':
      return att(id, 'RepositoryUri');
    case 'aws_sfn_state_machine.name':
      return att(id, 'Name');
    case 'aws_lb.dns_name':
    case 'aws_alb.dns_name':
      return att(id, 'DNSName');
    case 'aws_ssm_parameter.arn':
      return concat(['arn:', PARTITION, ':ssm:', REGION, ':', ACCOUNT, ':parameter/', ref(id)]);
    case 'aws_wafv2_web_acl.id':
      return att(id, 'Id');
  }
  if (name === 'arn') return arnOnRef.has(type) ? ref(id) : att(id, 'Arn');
  if (name === 'id') return ref(id);
  if (name === 'name' && NAME_ON_REF.has(type)) return ref(id);
  if (name === 'function_name' && type === 'aws_lambda_function') return ref(id);
  void cfn;
  return undefined;
}

/** Google resources' computed attributes: identities stay references (an email, a URL or a name names the resource). */
function googleAttribute(type: string, id: string, name: string): V | undefined {
  switch (name) {
    case 'id':
    case 'name':
    case 'self_link':
    case 'secret_id':
      return ref(id);
    case 'email':
    case 'unique_id':
      return att(id, 'Arn');
    case 'member':
      return concat(['serviceAccount:', att(id, 'Arn')]);
    case 'url':
    case 'uri':
    case 'https_trigger_url':
      return att(id, 'Url');
  }
  void type;
  return undefined;
}

/** Azure resources' computed attributes: a managed identity's principal id names the identity. */
function azureAttribute(type: string, id: string, name: string): V | undefined {
  switch (name) {
    case 'id':
    case 'name':
      return ref(id);
    case 'principal_id':
    case 'client_id':
      return att(id, 'Arn');
    case 'default_hostname':
      return att(id, 'Url');
    case 'identity':
      // the system-assigned identity of a function app (azure.ts makes it `<app>Identity`)
      return /function_app/.test(type) ? [{ type: 'SystemAssigned', principal_id: att(`${id}Identity`, 'Arn'), tenant_id: new Unknown('tenant id') } as unknown as V] : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Template building
// ---------------------------------------------------------------------------------------------

export interface CodeLink {
  /** Where the handler code lives, relative to the scanned directory; null when it cannot be known. */
  path: string | null;
}

export interface MapHost {
  locs: Locs;
  table: LocationTable;
  logicalId(inst: Instance): string;
  /** The scan-relative folder or file a Lambda `filename` / `s3` package was built from. */
  codePath(fn: VObject, inst: Instance): string | ArchiveCode | null;
  /** A scan-relative folder's entries and a file's text, through the scan boundary (null: not there or refused). */
  list?(rel: string): string[] | null;
  read?(rel: string): string | null;
  /** Reports a problem with a file the mapping read (a function.json that is not JSON). */
  warn?(d: Diagnostic): void;
}

export class Emitter {
  readonly resources: Record<string, JsonObject> = dict();
  /** Name-like attribute values of emitted resources → logical id, for attachments that name their target. */
  private readonly names = new Map<string, string>();
  readonly merged: string[] = [];
  readonly skipped: string[] = [];

  constructor(readonly host: MapHost) {}

  /** Converts a value to CloudFormation JSON, recording the locations of its members under `path`. */
  located(v: V, path: (string | number)[], depth = 0): JsonValue {
    if (depth > 64) return toCfn(v);
    const m = typeof v === 'object' && v !== null && !(v instanceof Sym) ? this.host.locs.get(v) : undefined;
    if (Array.isArray(v)) {
      return v.map((x, i) => {
        const l = m?.get(i);
        if (l) this.host.table.set([...path, i], l);
        return this.located(x, [...path, i], depth + 1);
      });
    }
    if (isObject(v)) {
      const out: JsonObject = {};
      for (const k of Object.keys(v)) {
        const l = m?.get(k);
        if (l) this.host.table.set([...path, k], l);
        out[k] = this.located(v[k]!, [...path, k], depth + 1);
      }
      return out;
    }
    return toCfn(v);
  }

  resource(inst: Instance, cfnType: string): Out {
    const id = this.host.logicalId(inst);
    const metadata: JsonObject = { [ADDRESS_KEY]: inst.address };
    const res: JsonObject = { Type: cfnType, Properties: {}, Metadata: metadata };
    this.resources[id] = res;
    this.host.table.set(['Resources', id], inst.location);
    this.host.table.set(['Resources', id, 'Type'], inst.location);
    this.checkovSkips(id, inst);
    const body = inst.body();
    for (const k of ['name', 'bucket', 'function_name', 'name_prefix', 'account_id', 'secret_id']) {
      const v = body[k];
      if (typeof v === 'string') this.names.set(`${cfnType}|${v}`, id);
    }
    return new Out(this, id, res, body, inst);
  }

  /** A further resource that the mapping of `inst` makes (a Google function's HTTPS endpoint, a trigger), with an id of its own. */
  extra(inst: Instance, id: string, cfnType: string, at: SourceLocation = inst.location, part?: string): Out {
    const res: JsonObject = { Type: cfnType, Properties: {}, Metadata: { [ADDRESS_KEY]: part ? `${inst.address}/${part}` : inst.address } };
    this.resources[id] = res;
    this.host.table.set(['Resources', id], at);
    this.host.table.set(['Resources', id, 'Type'], at);
    return new Out(this, id, res, inst.body(), inst);
  }

  /** The logical id a reference or name points at, when it is a resource of one of `types`. */
  target(v: V | undefined, ...types: string[]): string | null {
    if (v instanceof CfnExpr) {
      const r = v.cfn['Ref'] ?? (Array.isArray(v.cfn['Fn::GetAtt']) ? (v.cfn['Fn::GetAtt'] as JsonValue[])[0] : undefined);
      if (typeof r === 'string' && this.resources[r] && (types.length === 0 || types.includes(String(this.resources[r]!['Type'])))) return r;
      return null;
    }
    if (v instanceof Concat) {
      // "arn:aws:...:${Ref}" forms: the one referenced resource
      const refs = v.parts.filter((p): p is CfnExpr => p instanceof CfnExpr && !String(p.cfn['Ref'] ?? '').startsWith('AWS::'));
      return refs.length === 1 ? this.target(refs[0], ...types) : null;
    }
    if (typeof v === 'string') {
      for (const t of types) {
        const id = this.names.get(`${t}|${v}`) ?? this.names.get(`${t}|${v.split(/[:/]/).pop()}`);
        if (id) return id;
      }
    }
    return null;
  }

  existing(id: string, inst: Instance): Out {
    const res = this.resources[id]!;
    const meta = (res['Metadata'] ??= {}) as JsonObject;
    const merged = (meta[MERGED_KEY] ??= []) as JsonValue[];
    merged.push(inst.address);
    this.merged.push(inst.address);
    this.checkovSkips(id, inst);
    return new Out(this, id, res, inst.body(), inst);
  }

  /**
   * Checkov's inline skips of an instance, as Checkov's CloudFormation form in the resource's
   * Metadata (`checkov: { skip: [{ id, comment }] }`), each located at its comment; an attachment
   * (a bucket's public access block) adds its skips to the resource it attaches to.
   */
  private checkovSkips(id: string, inst: Instance): void {
    const skips = inst.checkovSkips?.() ?? [];
    if (skips.length === 0) return;
    const meta = (this.resources[id]!['Metadata'] ??= {}) as JsonObject;
    const checkov = (meta['checkov'] ??= {}) as JsonObject;
    const list = (checkov['skip'] ??= []) as JsonValue[];
    for (const s of skips) {
      this.host.table.set(['Resources', id, 'Metadata', 'checkov', 'skip', list.length], s.location);
      list.push(s.comment === null ? { id: s.id } : { id: s.id, comment: s.comment });
    }
  }
}

type Conv = (v: V) => V;

export class Out {
  constructor(
    readonly em: Emitter,
    readonly id: string,
    readonly res: JsonObject,
    readonly body: VObject,
    readonly inst: Instance,
  ) {}

  get props(): JsonObject {
    return this.res['Properties'] as JsonObject;
  }

  locOf(src: VObject, key: string): SourceLocation {
    return this.em.host.locs.get(src)?.get(key) ?? this.inst.location;
  }

  /** Sets a property from a value, with the location of where it was written. */
  put(path: (string | number)[], v: V | undefined, at?: SourceLocation): void {
    if (v === undefined || v === null) return;
    let target = this.props;
    // A numeric next segment makes an array, so `['Policies', 0, ...]` builds a list as CloudFormation expects.
    path.slice(0, -1).forEach((k, i) => {
      target = (target[k] ??= typeof path[i + 1] === 'number' ? [] : {}) as JsonObject;
    });
    const full = ['Resources', this.id, 'Properties', ...path];
    if (at) this.em.host.table.set(full, at);
    target[path[path.length - 1]!] = this.em.located(v, full);
  }

  /** Copies `tfKey` of `src` (default: the resource body) into property `cfnKey`. */
  copy(cfnKey: string | (string | number)[], tfKey: string, conv?: Conv, src: VObject = this.body): void {
    const v = src[tfKey];
    if (v === undefined || v === null) return;
    this.put(Array.isArray(cfnKey) ? cfnKey : [cfnKey], conv ? conv(v) : v, this.locOf(src, tfKey));
  }

  /** Copies several keys: [cfnKey, tfKey, conv?]. */
  copyAll(pairs: [string, string, Conv?][], src: VObject = this.body, prefix: (string | number)[] = []): void {
    for (const [c, t, conv] of pairs) this.copy([...prefix, c], t, conv, src);
  }

  meta(key: string, v: JsonValue): void {
    (this.res['Metadata'] as JsonObject)[key] = v;
  }
}

/** The first nested block of a type. */
export function block(src: VObject, type: string): VObject | undefined {
  const v = src[type];
  if (Array.isArray(v) && isObject(v[0] ?? null)) return v[0] as VObject;
  if (isObject(v ?? null)) return v as VObject;
  return undefined;
}

export function blocks(src: VObject, type: string): VObject[] {
  const v = src[type];
  if (Array.isArray(v)) return v.filter((x): x is VObject => isObject(x));
  return isObject(v ?? null) ? [v as VObject] : [];
}

/** A new object whose members keep the locations of the source keys they came from. */
export function pick(em: Emitter, src: VObject, pairs: [string, string, Conv?][]): VObject | undefined {
  const o = newObject();
  const srcLocs = em.host.locs.get(src);
  const locs = new Map<string | number, SourceLocation>();
  for (const [c, t, conv] of pairs) {
    const v = src[t];
    if (v === undefined || v === null) continue;
    o[c] = conv ? conv(v) : v;
    const l = srcLocs?.get(t);
    if (l) locs.set(c, l);
  }
  if (Object.keys(o).length === 0) return undefined;
  em.host.locs.set(o, locs);
  return o;
}

export const asPolicy: Conv = (v) => policyObject(v);
export const asJson: Conv = (v) => {
  const p = policyObject(v);
  return p instanceof Unknown && typeof v === 'string' ? v : p;
};
export const asList: Conv = (v) => (Array.isArray(v) ? v : [v]);
export const asString: Conv = (v) => (v instanceof JsonText ? v : typeof v === 'object' && v !== null && !(v instanceof Sym) ? new JsonText(v) : v);
