/**
 * One mapping per Terraform resource type: which CloudFormation properties its attributes become.
 */
import type { JsonObject, JsonValue } from '../../model/types.js';
import { asJson, asList, asPolicy, asString, block, blocks, CODE_PATH_KEY, pick, RESOURCE_TYPES, type Emitter, type Instance, type Out } from './map.js';
import { GOOGLE_LINK, GOOGLE_MERGE, GOOGLE_PRIMARY } from './google.js';
import { AZURE_LINK, AZURE_MERGE, AZURE_PRIMARY, azureAppsWithoutFunctions } from './azure.js';
import { Sym, Unknown, isObject, newObject, type V, type VObject } from './values.js';

type Primary = (o: Out, b: VObject) => void;
type Merge = (em: Emitter, inst: Instance, b: VObject) => boolean;

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const camel = (s: string) => s.split('_').map(upperFirst).join('');

const S3_ACL: Record<string, string> = {
  private: 'Private',
  'public-read': 'PublicRead',
  'public-read-write': 'PublicReadWrite',
  'authenticated-read': 'AuthenticatedRead',
  'aws-exec-read': 'AwsExecRead',
  'bucket-owner-read': 'BucketOwnerRead',
  'bucket-owner-full-control': 'BucketOwnerFullControl',
  'log-delivery-write': 'LogDeliveryWrite',
};
const acl = (v: V): V => (typeof v === 'string' ? (S3_ACL[v] ?? v) : v);

function cors(o: Out, src: VObject | undefined, path: string[]): void {
  if (!src) return;
  const c = pick(o.em, src, [
    ['AllowOrigins', 'allow_origins'],
    ['AllowMethods', 'allow_methods'],
    ['AllowHeaders', 'allow_headers'],
    ['AllowCredentials', 'allow_credentials'],
    ['ExposeHeaders', 'expose_headers'],
    ['MaxAge', 'max_age'],
  ]);
  o.put(path, c ?? newObject(), o.locOf(o.body, path[0] === 'Cors' ? 'cors' : 'cors_configuration'));
}

const PRIMARY: Record<string, Primary> = {
  aws_lambda_function(o, b) {
    o.copyAll([
      ['FunctionName', 'function_name'],
      ['Description', 'description'],
      ['Role', 'role'],
      ['Handler', 'handler'],
      ['Runtime', 'runtime'],
      ['MemorySize', 'memory_size'],
      ['Timeout', 'timeout'],
      ['PackageType', 'package_type'],
      ['Architectures', 'architectures'],
      ['Layers', 'layers'],
      ['KmsKeyArn', 'kms_key_arn'],
    ]);
    const rc = b['reserved_concurrent_executions'];
    if (rc !== undefined && rc !== -1 && rc !== '-1') o.copy('ReservedConcurrentExecutions', 'reserved_concurrent_executions');
    const env = block(b, 'environment');
    if (env && env['variables'] !== undefined) o.put(['Environment', 'Variables'], env['variables'], o.locOf(env, 'variables'));
    const code = pick(o.em, b, [
      ['S3Bucket', 's3_bucket'],
      ['S3Key', 's3_key'],
      ['S3ObjectVersion', 's3_object_version'],
      ['ImageUri', 'image_uri'],
    ]);
    if (code) o.put(['Code'], code, o.locOf(b, code['ImageUri'] !== undefined ? 'image_uri' : 's3_bucket'));
    const codePath = o.em.host.codePath(b, o.inst);
    if (typeof codePath === 'string') o.meta(CODE_PATH_KEY, codePath);
    else if (codePath && 'inline' in codePath) o.put(['Code'], { ZipFile: codePath.inline }, codePath.at);
    else if (codePath) o.put(['Code'], { [`Nightlight::Unresolved`]: codePath.unresolved } as unknown as V, codePath.at);
    else if (b['filename'] !== undefined && !code) o.put(['Code'], { [`Nightlight::Unresolved`]: 'local package whose source folder is not known' } as unknown as V, o.locOf(b, 'filename'));
    const tracing = block(b, 'tracing_config');
    if (tracing) o.copy(['TracingConfig', 'Mode'], 'mode', undefined, tracing);
    const vpc = block(b, 'vpc_config');
    if (vpc) o.copyAll([['SubnetIds', 'subnet_ids'], ['SecurityGroupIds', 'security_group_ids']], vpc, ['VpcConfig']);
    const dlq = block(b, 'dead_letter_config');
    if (dlq) o.copy(['DeadLetterConfig', 'TargetArn'], 'target_arn', undefined, dlq);
    const eph = block(b, 'ephemeral_storage');
    if (eph) o.copy(['EphemeralStorage', 'Size'], 'size', undefined, eph);
    if (b['code_signing_config_arn'] !== undefined) o.copy('CodeSigningConfigArn', 'code_signing_config_arn');
    const loop = b['recursive_loop'];
    if (loop !== undefined) o.copy('RecursiveLoop', 'recursive_loop');
  },
  aws_lambda_permission(o) {
    o.copyAll([
      ['Action', 'action'],
      ['FunctionName', 'function_name'],
      ['Principal', 'principal'],
      ['SourceArn', 'source_arn'],
      ['SourceAccount', 'source_account'],
      ['PrincipalOrgID', 'principal_org_id'],
      ['EventSourceToken', 'event_source_token'],
      ['FunctionUrlAuthType', 'function_url_auth_type'],
    ]);
  },
  aws_lambda_function_url(o, b) {
    o.copyAll([
      ['TargetFunctionArn', 'function_name'],
      ['AuthType', 'authorization_type'],
      ['Qualifier', 'qualifier'],
      ['InvokeMode', 'invoke_mode'],
    ]);
    cors(o, block(b, 'cors'), ['Cors']);
  },
  aws_lambda_event_source_mapping(o, b) {
    o.copyAll([
      ['EventSourceArn', 'event_source_arn'],
      ['FunctionName', 'function_name'],
      ['BatchSize', 'batch_size'],
      ['Enabled', 'enabled'],
      ['StartingPosition', 'starting_position'],
      ['MaximumBatchingWindowInSeconds', 'maximum_batching_window_in_seconds'],
      ['MaximumRetryAttempts', 'maximum_retry_attempts'],
      ['ParallelizationFactor', 'parallelization_factor'],
      ['BisectBatchOnFunctionError', 'bisect_batch_on_function_error'],
      ['FunctionResponseTypes', 'function_response_types'],
      ['Topics', 'topics'],
      ['Queues', 'queues'],
    ]);
    const filter = block(b, 'filter_criteria');
    if (filter) {
      const filters = blocks(filter, 'filter').map((f) => pick(o.em, f, [['Pattern', 'pattern', asString]]) ?? newObject());
      o.put(['FilterCriteria', 'Filters'], filters, o.locOf(b, 'filter_criteria'));
    }
    const sc = block(b, 'scaling_config');
    if (sc) o.copy(['ScalingConfig', 'MaximumConcurrency'], 'maximum_concurrency', undefined, sc);
    const dest = block(b, 'destination_config');
    const onFailure = dest && block(dest, 'on_failure');
    if (onFailure) o.copy(['DestinationConfig', 'OnFailure', 'Destination'], 'destination_arn', undefined, onFailure);
  },
  aws_lambda_alias(o) {
    o.copyAll([
      ['Name', 'name'],
      ['FunctionName', 'function_name'],
      ['FunctionVersion', 'function_version'],
      ['Description', 'description'],
    ]);
  },
  aws_lambda_layer_version(o) {
    o.copyAll([
      ['LayerName', 'layer_name'],
      ['CompatibleRuntimes', 'compatible_runtimes'],
    ]);
  },
  aws_lambda_function_event_invoke_config(o, b) {
    o.copyAll([
      ['FunctionName', 'function_name'],
      ['Qualifier', 'qualifier'],
      ['MaximumRetryAttempts', 'maximum_retry_attempts'],
      ['MaximumEventAgeInSeconds', 'maximum_event_age_in_seconds'],
    ]);
    if (o.props['Qualifier'] === undefined) o.props['Qualifier'] = '$LATEST';
    const dest = block(b, 'destination_config');
    if (dest) {
      const s = block(dest, 'on_success');
      const f = block(dest, 'on_failure');
      if (s) o.copy(['DestinationConfig', 'OnSuccess', 'Destination'], 'destination', undefined, s);
      if (f) o.copy(['DestinationConfig', 'OnFailure', 'Destination'], 'destination', undefined, f);
    }
  },
  aws_iam_role(o, b) {
    o.copyAll([
      ['RoleName', 'name'],
      ['Path', 'path'],
      ['Description', 'description'],
      ['MaxSessionDuration', 'max_session_duration'],
      ['PermissionsBoundary', 'permissions_boundary'],
      ['AssumeRolePolicyDocument', 'assume_role_policy', asPolicy],
      ['ManagedPolicyArns', 'managed_policy_arns', asList],
    ]);
    const inline = blocks(b, 'inline_policy').filter((p) => p['policy'] !== undefined);
    inline.forEach((p, i) => {
      const name = p['name'] ?? `inline-${i}`;
      o.put(['Policies', i], pick(o.em, { ...p, name } as VObject, [['PolicyName', 'name'], ['PolicyDocument', 'policy', asPolicy]]), o.locOf(b, 'inline_policy'));
      const l = o.em.host.locs.get(b['inline_policy'] as V[])?.get(i);
      if (l) o.em.host.table.set(['Resources', o.id, 'Properties', 'Policies', i], l);
      const pl = o.em.host.locs.get(p)?.get('policy');
      if (pl) o.em.host.table.set(['Resources', o.id, 'Properties', 'Policies', i, 'PolicyDocument'], pl);
    });
  },
  aws_iam_role_policy(o, b) {
    o.copyAll([
      ['PolicyName', b['name'] !== undefined ? 'name' : 'name_prefix'],
      ['PolicyDocument', 'policy', asPolicy],
      ['Roles', 'role', asList],
    ]);
    if (o.props['PolicyName'] === undefined) o.props['PolicyName'] = o.inst.address;
  },
  aws_iam_policy(o) {
    o.copyAll([
      ['ManagedPolicyName', 'name'],
      ['Path', 'path'],
      ['Description', 'description'],
      ['PolicyDocument', 'policy', asPolicy],
    ]);
  },
  aws_iam_user(o) {
    o.copyAll([
      ['UserName', 'name'],
      ['Path', 'path'],
      ['PermissionsBoundary', 'permissions_boundary'],
    ]);
  },
  aws_iam_group(o) {
    o.copyAll([
      ['GroupName', 'name'],
      ['Path', 'path'],
    ]);
  },
  aws_iam_user_policy(o, b) {
    o.copyAll([
      ['PolicyName', b['name'] !== undefined ? 'name' : 'name_prefix'],
      ['PolicyDocument', 'policy', asPolicy],
      ['UserName', 'user'],
    ]);
    if (o.props['PolicyName'] === undefined) o.props['PolicyName'] = o.inst.address;
  },
  aws_iam_group_policy(o, b) {
    o.copyAll([
      ['PolicyName', b['name'] !== undefined ? 'name' : 'name_prefix'],
      ['PolicyDocument', 'policy', asPolicy],
      ['GroupName', 'group'],
    ]);
    if (o.props['PolicyName'] === undefined) o.props['PolicyName'] = o.inst.address;
  },
  aws_iam_access_key(o) {
    o.copyAll([
      ['UserName', 'user'],
      ['Status', 'status'],
    ]);
  },
  aws_iam_instance_profile(o) {
    o.copyAll([
      ['InstanceProfileName', 'name'],
      ['Roles', 'role', asList],
    ]);
  },
  aws_instance(o) {
    o.copyAll([
      ['InstanceType', 'instance_type'],
      ['ImageId', 'ami'],
      ['IamInstanceProfile', 'iam_instance_profile'],
      ['UserData', 'user_data'],
    ]);
  },
  aws_db_instance(o) {
    o.copyAll([
      ['DBInstanceIdentifier', 'identifier'],
      ['Engine', 'engine'],
      ['MasterUsername', 'username'],
      ['MasterUserPassword', 'password'],
    ]);
  },
  aws_rds_cluster(o) {
    o.copyAll([
      ['DBClusterIdentifier', 'cluster_identifier'],
      ['Engine', 'engine'],
      ['MasterUsername', 'master_username'],
      ['MasterUserPassword', 'master_password'],
    ]);
  },
  aws_api_gateway_rest_api(o, b) {
    o.copyAll([
      ['Name', 'name'],
      ['Description', 'description'],
      ['Body', 'body', asJson],
      ['Policy', 'policy', asPolicy],
      ['DisableExecuteApiEndpoint', 'disable_execute_api_endpoint'],
      ['ApiKeySourceType', 'api_key_source'],
    ]);
    const ec = block(b, 'endpoint_configuration');
    if (ec) o.copyAll([['Types', 'types'], ['VpcEndpointIds', 'vpc_endpoint_ids']], ec, ['EndpointConfiguration']);
  },
  aws_api_gateway_resource(o) {
    o.copyAll([
      ['RestApiId', 'rest_api_id'],
      ['ParentId', 'parent_id'],
      ['PathPart', 'path_part'],
    ]);
  },
  aws_api_gateway_method(o) {
    o.copyAll([
      ['RestApiId', 'rest_api_id'],
      ['ResourceId', 'resource_id'],
      ['HttpMethod', 'http_method'],
      ['AuthorizationType', 'authorization'],
      ['AuthorizerId', 'authorizer_id'],
      ['AuthorizationScopes', 'authorization_scopes'],
      ['ApiKeyRequired', 'api_key_required'],
      ['RequestParameters', 'request_parameters'],
      ['RequestValidatorId', 'request_validator_id'],
    ]);
  },
  aws_api_gateway_authorizer(o, b) {
    o.copyAll([
      ['Name', 'name'],
      ['RestApiId', 'rest_api_id'],
      ['AuthorizerUri', 'authorizer_uri'],
      ['AuthorizerCredentials', 'authorizer_credentials'],
      ['IdentitySource', 'identity_source'],
      ['ProviderARNs', 'provider_arns'],
      ['AuthorizerResultTtlInSeconds', 'authorizer_result_ttl_in_seconds'],
      ['IdentityValidationExpression', 'identity_validation_expression'],
    ]);
    o.put(['Type'], b['type'] ?? 'TOKEN', o.locOf(b, 'type'));
  },
  aws_api_gateway_stage(o, b) {
    o.copyAll([
      ['StageName', 'stage_name'],
      ['RestApiId', 'rest_api_id'],
      ['DeploymentId', 'deployment_id'],
      ['TracingEnabled', 'xray_tracing_enabled'],
      ['CacheClusterEnabled', 'cache_cluster_enabled'],
    ]);
    const log = block(b, 'access_log_settings');
    if (log) o.copyAll([['DestinationArn', 'destination_arn'], ['Format', 'format']], log, ['AccessLogSetting']);
  },
  aws_api_gateway_deployment(o) {
    o.copyAll([
      ['RestApiId', 'rest_api_id'],
      ['StageName', 'stage_name'],
      ['Description', 'description'],
    ]);
  },
  aws_api_gateway_usage_plan(o, b) {
    o.copy('UsagePlanName', 'name');
    const stages = blocks(b, 'api_stages').map((s) => {
      const st = pick(o.em, s, [['ApiId', 'api_id'], ['Stage', 'stage']]) ?? newObject();
      const th = blocks(s, 'throttle');
      if (th.length) {
        const m = newObject();
        for (const t of th) {
          const path = typeof t['path'] === 'string' ? t['path'] : '*/*';
          m[path] = pick(o.em, t, [['BurstLimit', 'burst_limit'], ['RateLimit', 'rate_limit']]) ?? newObject();
        }
        st['Throttle'] = m;
      }
      return st;
    });
    if (stages.length) o.put(['ApiStages'], stages, o.locOf(b, 'api_stages'));
    const th = block(b, 'throttle_settings');
    if (th) o.copyAll([['BurstLimit', 'burst_limit'], ['RateLimit', 'rate_limit']], th, ['Throttle']);
    const q = block(b, 'quota_settings');
    if (q) o.copyAll([['Limit', 'limit'], ['Period', 'period'], ['Offset', 'offset']], q, ['Quota']);
  },
  aws_apigatewayv2_api(o, b) {
    o.copyAll([
      ['Name', 'name'],
      ['ProtocolType', 'protocol_type'],
      ['RouteSelectionExpression', 'route_selection_expression'],
      ['DisableExecuteApiEndpoint', 'disable_execute_api_endpoint'],
      ['Target', 'target'],
      ['RouteKey', 'route_key'],
      ['CredentialsArn', 'credentials_arn'],
      ['Body', 'body', asJson],
    ]);
    cors(o, block(b, 'cors_configuration'), ['CorsConfiguration']);
  },
  aws_apigatewayv2_route(o) {
    o.copyAll([
      ['ApiId', 'api_id'],
      ['RouteKey', 'route_key'],
      ['Target', 'target'],
      ['AuthorizationType', 'authorization_type'],
      ['AuthorizerId', 'authorizer_id'],
      ['AuthorizationScopes', 'authorization_scopes'],
      ['ApiKeyRequired', 'api_key_required'],
      ['OperationName', 'operation_name'],
    ]);
  },
  aws_apigatewayv2_integration(o) {
    o.copyAll([
      ['ApiId', 'api_id'],
      ['IntegrationType', 'integration_type'],
      ['IntegrationUri', 'integration_uri'],
      ['IntegrationMethod', 'integration_method'],
      ['IntegrationSubtype', 'integration_subtype'],
      ['PayloadFormatVersion', 'payload_format_version'],
      ['CredentialsArn', 'credentials_arn'],
      ['ConnectionType', 'connection_type'],
      ['RequestParameters', 'request_parameters'],
    ]);
  },
  aws_apigatewayv2_authorizer(o, b) {
    o.copyAll([
      ['ApiId', 'api_id'],
      ['Name', 'name'],
      ['AuthorizerType', 'authorizer_type'],
      ['AuthorizerUri', 'authorizer_uri'],
      ['AuthorizerCredentialsArn', 'authorizer_credentials_arn'],
      ['IdentitySource', 'identity_sources'],
      ['AuthorizerPayloadFormatVersion', 'authorizer_payload_format_version'],
      ['EnableSimpleResponses', 'enable_simple_responses'],
      ['AuthorizerResultTtlInSeconds', 'authorizer_result_ttl_in_seconds'],
    ]);
    const jwt = block(b, 'jwt_configuration');
    if (jwt) o.copyAll([['Audience', 'audience'], ['Issuer', 'issuer']], jwt, ['JwtConfiguration']);
  },
  aws_apigatewayv2_stage(o, b) {
    o.copyAll([
      ['ApiId', 'api_id'],
      ['StageName', 'name'],
      ['AutoDeploy', 'auto_deploy'],
      ['DeploymentId', 'deployment_id'],
      ['StageVariables', 'stage_variables'],
    ]);
    const settings: [string, string][] = [
      ['ThrottlingBurstLimit', 'throttling_burst_limit'],
      ['ThrottlingRateLimit', 'throttling_rate_limit'],
      ['DetailedMetricsEnabled', 'detailed_metrics_enabled'],
      ['LoggingLevel', 'logging_level'],
    ];
    const d = block(b, 'default_route_settings');
    if (d) o.copyAll(settings, d, ['DefaultRouteSettings']);
    const routes = blocks(b, 'route_settings');
    if (routes.length) {
      const m = newObject();
      for (const r of routes) if (typeof r['route_key'] === 'string') m[r['route_key']] = pick(o.em, r, settings) ?? newObject();
      o.put(['RouteSettings'], m, o.locOf(b, 'route_settings'));
    }
    const log = block(b, 'access_log_settings');
    if (log) o.copyAll([['DestinationArn', 'destination_arn'], ['Format', 'format']], log, ['AccessLogSettings']);
  },
  aws_s3_bucket(o, b) {
    o.copyAll([
      ['BucketName', 'bucket'],
      ['AccessControl', 'acl', acl],
    ]);
    if (b['policy'] !== undefined) o.meta('nightlight:inline-policy', true);
    // AWS provider v3 forms, kept by v4/v5 as deprecated arguments.
    const v = block(b, 'versioning');
    if (v) o.copy(['VersioningConfiguration', 'Status'], 'enabled', versioningStatus, v);
    const sse = block(b, 'server_side_encryption_configuration');
    const rule = sse && block(sse, 'rule');
    if (rule) bucketEncryption(o, rule);
  },
  aws_s3_bucket_policy(o) {
    o.copyAll([
      ['Bucket', 'bucket'],
      ['PolicyDocument', 'policy', asPolicy],
    ]);
  },
  aws_sqs_queue(o, b) {
    o.copyAll([
      ['QueueName', 'name'],
      ['FifoQueue', 'fifo_queue'],
      ['VisibilityTimeout', 'visibility_timeout_seconds'],
      ['MessageRetentionPeriod', 'message_retention_seconds'],
      ['DelaySeconds', 'delay_seconds'],
      ['KmsMasterKeyId', 'kms_master_key_id'],
      ['SqsManagedSseEnabled', 'sqs_managed_sse_enabled'],
      ['RedrivePolicy', 'redrive_policy', asJson],
    ]);
    void b;
  },
  aws_sqs_queue_policy(o) {
    o.copyAll([
      ['Queues', 'queue_url', asList],
      ['PolicyDocument', 'policy', asPolicy],
    ]);
  },
  aws_sns_topic(o) {
    o.copyAll([
      ['TopicName', 'name'],
      ['FifoTopic', 'fifo_topic'],
      ['KmsMasterKeyId', 'kms_master_key_id'],
    ]);
  },
  aws_sns_topic_policy(o) {
    o.copyAll([
      ['Topics', 'arn', asList],
      ['PolicyDocument', 'policy', asPolicy],
    ]);
  },
  aws_sns_topic_subscription(o) {
    o.copyAll([
      ['TopicArn', 'topic_arn'],
      ['Protocol', 'protocol'],
      ['Endpoint', 'endpoint'],
      ['FilterPolicy', 'filter_policy', asJson],
      ['RawMessageDelivery', 'raw_message_delivery'],
      ['RedrivePolicy', 'redrive_policy', asJson],
    ]);
  },
  aws_cloudwatch_event_rule(o, b) {
    o.copyAll([
      ['Name', 'name'],
      ['Description', 'description'],
      ['EventPattern', 'event_pattern', asJson],
      ['ScheduleExpression', 'schedule_expression'],
      ['EventBusName', 'event_bus_name'],
      ['RoleArn', 'role_arn'],
    ]);
    const enabled = b['is_enabled'];
    if (b['state'] !== undefined) o.copy('State', 'state');
    else if (enabled === false) o.put(['State'], 'DISABLED', o.locOf(b, 'is_enabled'));
  },
  aws_cloudwatch_event_bus(o, b) {
    o.copy('Name', 'name');
    if (b['policy'] !== undefined) o.copy('Policy', 'policy', asPolicy);
  },
  aws_scheduler_schedule(o, b) {
    o.copyAll([
      ['Name', 'name'],
      ['GroupName', 'group_name'],
      ['ScheduleExpression', 'schedule_expression'],
      ['State', 'state'],
    ]);
    const t = block(b, 'target');
    if (t) o.copyAll([['Arn', 'arn'], ['RoleArn', 'role_arn'], ['Input', 'input', asString]], t, ['Target']);
    const w = block(b, 'flexible_time_window');
    if (w) o.copyAll([['Mode', 'mode'], ['MaximumWindowInMinutes', 'maximum_window_in_minutes']], w, ['FlexibleTimeWindow']);
  },
  aws_dynamodb_table(o, b) {
    o.copyAll([
      ['TableName', 'name'],
      ['BillingMode', 'billing_mode'],
    ]);
    const sse = block(b, 'server_side_encryption');
    if (sse) {
      o.em.host.table.set(['Resources', o.id, 'Properties', 'SSESpecification'], o.locOf(b, 'server_side_encryption'));
      o.copyAll([['SSEEnabled', 'enabled'], ['KMSMasterKeyId', 'kms_key_arn']], sse, ['SSESpecification']);
    }
    const pitr = block(b, 'point_in_time_recovery');
    if (pitr) o.copy(['PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'], 'enabled', undefined, pitr);
    const keys: V[] = [];
    if (b['hash_key'] !== undefined) keys.push({ AttributeName: b['hash_key'], KeyType: 'HASH' } as VObject);
    if (b['range_key'] !== undefined) keys.push({ AttributeName: b['range_key'], KeyType: 'RANGE' } as VObject);
    if (keys.length) o.put(['KeySchema'], keys, o.locOf(b, 'hash_key'));
    const attrs = blocks(b, 'attribute').map((a) => pick(o.em, a, [['AttributeName', 'name'], ['AttributeType', 'type']]) ?? newObject());
    if (attrs.length) o.put(['AttributeDefinitions'], attrs, o.locOf(b, 'attribute'));
    if (b['stream_enabled'] === true || b['stream_enabled'] === 'true') {
      o.put(['StreamSpecification', 'StreamViewType'], b['stream_view_type'] ?? new Unknown('stream_view_type not set'), o.locOf(b, 'stream_enabled'));
    } else if (b['stream_enabled'] instanceof Sym) {
      o.put(['StreamSpecification', 'StreamViewType'], new Unknown('stream_enabled known only after apply'), o.locOf(b, 'stream_enabled'));
    }
  },
  aws_kinesis_stream(o, b) {
    o.copyAll([
      ['Name', 'name'],
      ['ShardCount', 'shard_count'],
      ['RetentionPeriodHours', 'retention_period'],
    ]);
    const mode = block(b, 'stream_mode_details');
    if (mode) o.copy(['StreamModeDetails', 'StreamMode'], 'stream_mode', undefined, mode);
    if (b['encryption_type'] !== undefined) o.copyAll([['EncryptionType', 'encryption_type'], ['KeyId', 'kms_key_id']], b, ['StreamEncryption']);
  },
  aws_cognito_user_pool(o, b) {
    o.copy('UserPoolName', 'name');
    const lc = block(b, 'lambda_config');
    if (lc) {
      const triggers = ['create_auth_challenge', 'custom_message', 'define_auth_challenge', 'post_authentication', 'post_confirmation', 'pre_authentication', 'pre_sign_up', 'pre_token_generation', 'user_migration', 'verify_auth_challenge_response'];
      o.copyAll(triggers.map((t): [string, string] => [camel(t), t]), lc, ['LambdaConfig']);
      const ptg = block(lc, 'pre_token_generation_config');
      if (ptg) o.copyAll([['LambdaArn', 'lambda_arn'], ['LambdaVersion', 'lambda_version']], ptg, ['LambdaConfig', 'PreTokenGenerationConfig']);
    }
    const admin = block(b, 'admin_create_user_config');
    if (admin) o.copy(['AdminCreateUserConfig', 'AllowAdminCreateUserOnly'], 'allow_admin_create_user_only', undefined, admin);
    const schema = blocks(b, 'schema').map((a) => pick(o.em, a, [['Name', 'name'], ['AttributeDataType', 'attribute_data_type'], ['Mutable', 'mutable'], ['Required', 'required'], ['DeveloperOnlyAttribute', 'developer_only_attribute']]) ?? newObject());
    if (schema.length) {
      o.put(['Schema'], schema, o.locOf(b, 'schema'));
      const locs = o.em.host.locs.get(b['schema'] as V[]);
      schema.forEach((_, i) => {
        const l = locs?.get(i);
        if (l) o.em.host.table.set(['Resources', o.id, 'Properties', 'Schema', i], l);
      });
    }
  },
  aws_cognito_user_pool_client(o) {
    o.copyAll([
      ['ClientName', 'name'],
      ['UserPoolId', 'user_pool_id'],
      ['GenerateSecret', 'generate_secret'],
      ['ExplicitAuthFlows', 'explicit_auth_flows'],
      ['AllowedOAuthFlows', 'allowed_oauth_flows'],
      ['AllowedOAuthScopes', 'allowed_oauth_scopes'],
      ['CallbackURLs', 'callback_urls'],
      ['ReadAttributes', 'read_attributes'],
      ['WriteAttributes', 'write_attributes'],
    ]);
  },
  aws_cognito_identity_pool(o, b) {
    o.copyAll([
      ['IdentityPoolName', 'identity_pool_name'],
      ['AllowUnauthenticatedIdentities', 'allow_unauthenticated_identities'],
      ['AllowClassicFlow', 'allow_classic_flow'],
      ['DeveloperProviderName', 'developer_provider_name'],
    ]);
    const providers = blocks(b, 'cognito_identity_providers').map((p) => pick(o.em, p, [['ClientId', 'client_id'], ['ProviderName', 'provider_name'], ['ServerSideTokenCheck', 'server_side_token_check']]) ?? newObject());
    if (providers.length) o.put(['CognitoIdentityProviders'], providers, o.locOf(b, 'cognito_identity_providers'));
  },
  aws_cognito_identity_pool_roles_attachment(o) {
    o.copyAll([
      ['IdentityPoolId', 'identity_pool_id'],
      ['Roles', 'roles'],
    ]);
  },
  aws_wafv2_web_acl(o) {
    o.copyAll([
      ['Name', 'name'],
      ['Scope', 'scope'],
    ]);
  },
  aws_wafv2_web_acl_association(o) {
    o.copyAll([
      ['ResourceArn', 'resource_arn'],
      ['WebACLArn', 'web_acl_arn'],
    ]);
  },
  aws_cloudwatch_log_group(o) {
    o.copyAll([
      ['LogGroupName', 'name'],
      ['RetentionInDays', 'retention_in_days'],
      ['KmsKeyId', 'kms_key_id'],
    ]);
  },
  aws_cloudwatch_log_subscription_filter(o) {
    o.copyAll([
      ['FilterName', 'name'],
      ['LogGroupName', 'log_group_name'],
      ['FilterPattern', 'filter_pattern'],
      ['DestinationArn', 'destination_arn'],
      ['RoleArn', 'role_arn'],
    ]);
  },
  aws_kms_key(o) {
    o.copyAll([
      ['Description', 'description'],
      ['EnableKeyRotation', 'enable_key_rotation'],
      ['KeyPolicy', 'policy', asPolicy],
    ]);
  },
  aws_secretsmanager_secret(o) {
    o.copyAll([
      ['Name', 'name'],
      ['Description', 'description'],
      ['KmsKeyId', 'kms_key_id'],
    ]);
  },
  aws_secretsmanager_secret_rotation(o) {
    o.copy('SecretId', 'secret_id');
  },
  aws_ssm_parameter(o) {
    o.copyAll([
      ['Name', 'name'],
      ['Type', 'type'],
      ['Value', 'value'],
    ]);
  },
  aws_sfn_state_machine(o) {
    o.copyAll([
      ['StateMachineName', 'name'],
      ['RoleArn', 'role_arn'],
      ['StateMachineType', 'type'],
      ['DefinitionString', 'definition', asString],
    ]);
  },
  aws_lb(o, b) {
    o.copyAll([
      ['Name', 'name'],
      ['Type', 'load_balancer_type'],
      ['Subnets', 'subnets'],
      ['SecurityGroups', 'security_groups'],
    ]);
    const internal = b['internal'];
    o.put(['Scheme'], internal === true || internal === 'true' ? 'internal' : internal instanceof Sym ? internal : 'internet-facing', o.locOf(b, 'internal'));
  },
  aws_lb_target_group(o) {
    o.copyAll([
      ['Name', 'name'],
      ['TargetType', 'target_type'],
      ['Port', 'port'],
      ['Protocol', 'protocol'],
    ]);
  },
  aws_lb_listener(o, b) {
    o.copyAll([
      ['LoadBalancerArn', 'load_balancer_arn'],
      ['Port', 'port'],
      ['Protocol', 'protocol'],
      ['Certificates', 'certificate_arn', (v) => [{ CertificateArn: v } as VObject]],
    ]);
    const actions = blocks(b, 'default_action').map((a) => pick(o.em, a, [['Type', 'type'], ['TargetGroupArn', 'target_group_arn'], ['Order', 'order']]) ?? newObject());
    if (actions.length) o.put(['DefaultActions'], actions, o.locOf(b, 'default_action'));
  },
  aws_lb_listener_rule(o, b) {
    o.copyAll([
      ['ListenerArn', 'listener_arn'],
      ['Priority', 'priority'],
    ]);
    const actions = blocks(b, 'action').map((a) => pick(o.em, a, [['Type', 'type'], ['TargetGroupArn', 'target_group_arn']]) ?? newObject());
    if (actions.length) o.put(['Actions'], actions, o.locOf(b, 'action'));
  },
};
PRIMARY['aws_alb'] = PRIMARY['aws_lb']!;
PRIMARY['aws_alb_target_group'] = PRIMARY['aws_lb_target_group']!;
PRIMARY['aws_alb_listener'] = PRIMARY['aws_lb_listener']!;
PRIMARY['aws_alb_listener_rule'] = PRIMARY['aws_lb_listener_rule']!;

/** `versioning { enabled = true }` → `Status: Enabled` (false → `Suspended`; an unknown stays unknown). */
const versioningStatus = (v: V): V => (v === true || v === 'true' ? 'Enabled' : v === false || v === 'false' ? 'Suspended' : v);

/** A `rule { apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } }` block as BucketEncryption. */
function bucketEncryption(o: Out, rule: VObject): void {
  const d = block(rule, 'apply_server_side_encryption_by_default');
  if (d) o.copyAll([['SSEAlgorithm', 'sse_algorithm'], ['KMSMasterKeyID', 'kms_master_key_id']], d, ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault']);
}

function appendTo(o: Out, key: string, v: V, at: import('../../model/types.js').SourceLocation): void {
  const list = (o.props[key] ??= []) as JsonValue[];
  if (!Array.isArray(list)) return;
  o.put([key, list.length], v, at);
}

/** `aws_iam_{role,user,group}_policy_attachment`: the policy ARN appended to the identity's ManagedPolicyArns. */
function attachManaged(key: string, type: string): Merge {
  return (em, inst, b) => {
    const target = em.target(b[key], type);
    if (!target) return false;
    const o = em.existing(target, inst);
    appendTo(o, 'ManagedPolicyArns', b['policy_arn'] ?? null, o.locOf(b, 'policy_arn'));
    return true;
  };
}

/** Attachment resources: merged into the resource they attach to. Returns false when the target is not in the template. */
const MERGE: Record<string, Merge> = {
  aws_iam_role_policy_attachment: attachManaged('role', 'AWS::IAM::Role'),
  aws_iam_user_policy_attachment: attachManaged('user', 'AWS::IAM::User'),
  aws_iam_group_policy_attachment: attachManaged('group', 'AWS::IAM::Group'),
  aws_iam_policy_attachment(em, inst, b) {
    let any = false;
    const kinds: [string, string][] = [['roles', 'AWS::IAM::Role'], ['users', 'AWS::IAM::User'], ['groups', 'AWS::IAM::Group']];
    for (const [key, type] of kinds) {
      for (const r of Array.isArray(b[key]) ? b[key] : []) {
        const target = em.target(r, type);
        if (!target) continue;
        const o = em.existing(target, inst);
        appendTo(o, 'ManagedPolicyArns', b['policy_arn'] ?? null, o.locOf(b, 'policy_arn'));
        any = true;
      }
    }
    return any;
  },
  aws_iam_user_group_membership(em, inst, b) {
    const user = em.target(b['user'], 'AWS::IAM::User');
    if (!user) return false;
    const o = em.existing(user, inst);
    for (const g of Array.isArray(b['groups']) ? b['groups'] : []) appendTo(o, 'Groups', g, o.locOf(b, 'groups'));
    return true;
  },
  aws_iam_group_membership(em, inst, b) {
    let any = false;
    for (const u of Array.isArray(b['users']) ? b['users'] : []) {
      const user = em.target(u, 'AWS::IAM::User');
      if (!user) continue;
      const o = em.existing(user, inst);
      appendTo(o, 'Groups', b['group'] ?? null, o.locOf(b, 'group'));
      any = true;
    }
    return any;
  },
  aws_api_gateway_integration(em, inst, b) {
    const api = em.target(b['rest_api_id'], 'AWS::ApiGateway::RestApi');
    const method = Object.entries(em.resources).find(([, r]) => {
      if (r['Type'] !== 'AWS::ApiGateway::Method') return false;
      const p = r['Properties'] as JsonObject;
      return JSON.stringify(p['ResourceId']) === JSON.stringify(toJsonLoose(b['resource_id'])) && JSON.stringify(p['HttpMethod']) === JSON.stringify(toJsonLoose(b['http_method'])) && (!api || JSON.stringify(p['RestApiId']) === JSON.stringify({ Ref: api }));
    });
    if (!method) return false;
    const o = em.existing(method[0], inst);
    const integ = pick(em, b, [
      ['Type', 'type'],
      ['IntegrationHttpMethod', 'integration_http_method'],
      ['Uri', 'uri'],
      ['Credentials', 'credentials'],
      ['ConnectionType', 'connection_type'],
      ['PassthroughBehavior', 'passthrough_behavior'],
      ['RequestTemplates', 'request_templates'],
    ]);
    o.put(['Integration'], integ ?? newObject(), inst.location);
    return true;
  },
  aws_api_gateway_method_settings(em, inst, b) {
    const stage = Object.entries(em.resources).find(([, r]) => {
      if (r['Type'] !== 'AWS::ApiGateway::Stage') return false;
      const p = r['Properties'] as JsonObject;
      return JSON.stringify(p['StageName']) === JSON.stringify(toJsonLoose(b['stage_name'])) && JSON.stringify(p['RestApiId']) === JSON.stringify(toJsonLoose(b['rest_api_id']));
    });
    if (!stage) return false;
    const o = em.existing(stage[0], inst);
    const s = block(b, 'settings');
    const path = typeof b['method_path'] === 'string' ? b['method_path'] : '*/*';
    const slash = path.lastIndexOf('/');
    const ms = (s && pick(em, s, [
      ['ThrottlingBurstLimit', 'throttling_burst_limit'],
      ['ThrottlingRateLimit', 'throttling_rate_limit'],
      ['LoggingLevel', 'logging_level'],
      ['MetricsEnabled', 'metrics_enabled'],
      ['CachingEnabled', 'caching_enabled'],
    ])) ?? newObject();
    // method_path is `orders/POST` (resource path without its leading `/`) or `*/*`; CloudFormation's
    // ResourcePath escapes the path as a JSON Pointer: `/~1orders`.
    const resourcePath = path.slice(0, slash).replace(/^\//, '');
    ms['ResourcePath'] = resourcePath === '*' ? '/*' : '/' + ('/' + resourcePath).replace(/~/g, '~0').replace(/\//g, '~1');
    ms['HttpMethod'] = path.slice(slash + 1);
    appendTo(o, 'MethodSettings', ms, inst.location);
    return true;
  },
  aws_api_gateway_rest_api_policy(em, inst, b) {
    const api = em.target(b['rest_api_id'], 'AWS::ApiGateway::RestApi');
    if (!api) return false;
    const o = em.existing(api, inst);
    o.copy('Policy', 'policy', asPolicy);
    return true;
  },
  aws_s3_bucket_notification(em, inst, b) {
    const bucket = em.target(b['bucket'], 'AWS::S3::Bucket');
    if (!bucket) return false;
    const o = em.existing(bucket, inst);
    const kinds: [string, string, string][] = [
      ['lambda_function', 'LambdaConfigurations', 'lambda_function_arn'],
      ['queue', 'QueueConfigurations', 'queue_arn'],
      ['topic', 'TopicConfigurations', 'topic_arn'],
    ];
    for (const [tf, cfn, arnKey] of kinds) {
      const list = blocks(b, tf);
      const locs = em.host.locs.get(b[tf] as V[]);
      list.forEach((n, i) => {
        const events = Array.isArray(n['events']) ? n['events'] : [n['events'] ?? null];
        for (const ev of events) {
          const c = newObject();
          c['Event'] = ev;
          c[cfn === 'LambdaConfigurations' ? 'Function' : cfn === 'QueueConfigurations' ? 'Queue' : 'Topic'] = n[arnKey] ?? new Unknown(`${arnKey} not set`);
          const rules: V[] = [];
          if (n['filter_prefix'] !== undefined) rules.push({ Name: 'prefix', Value: n['filter_prefix'] } as VObject);
          if (n['filter_suffix'] !== undefined) rules.push({ Name: 'suffix', Value: n['filter_suffix'] } as VObject);
          if (rules.length) c['Filter'] = { S3Key: { Rules: rules } } as unknown as VObject;
          const nc = (o.props['NotificationConfiguration'] ??= {}) as JsonObject;
          const arr = (nc[cfn] ??= []) as JsonValue[];
          o.put(['NotificationConfiguration', cfn, arr.length], c, locs?.get(i) ?? inst.location);
        }
      });
    }
    if (b['eventbridge'] === true) o.put(['NotificationConfiguration', 'EventBridgeConfiguration', 'EventBridgeEnabled'], true, o.locOf(b, 'eventbridge'));
    return true;
  },
  aws_s3_bucket_public_access_block(em, inst, b) {
    const bucket = em.target(b['bucket'], 'AWS::S3::Bucket');
    if (!bucket) return false;
    const o = em.existing(bucket, inst);
    o.copyAll(
      [
        ['BlockPublicAcls', 'block_public_acls'],
        ['BlockPublicPolicy', 'block_public_policy'],
        ['IgnorePublicAcls', 'ignore_public_acls'],
        ['RestrictPublicBuckets', 'restrict_public_buckets'],
      ],
      b,
      ['PublicAccessBlockConfiguration'],
    );
    return true;
  },
  aws_s3_bucket_versioning(em, inst, b) {
    const bucket = em.target(b['bucket'], 'AWS::S3::Bucket');
    if (!bucket) return false;
    const o = em.existing(bucket, inst);
    const c = block(b, 'versioning_configuration');
    if (c) o.copy(['VersioningConfiguration', 'Status'], 'status', undefined, c);
    return true;
  },
  aws_s3_bucket_server_side_encryption_configuration(em, inst, b) {
    const bucket = em.target(b['bucket'], 'AWS::S3::Bucket');
    if (!bucket) return false;
    const rule = block(b, 'rule');
    if (rule) bucketEncryption(em.existing(bucket, inst), rule);
    return true;
  },
  aws_s3_bucket_acl(em, inst, b) {
    const bucket = em.target(b['bucket'], 'AWS::S3::Bucket');
    if (!bucket) return false;
    const o = em.existing(bucket, inst);
    o.copy('AccessControl', 'acl', acl);
    return true;
  },
  aws_cloudwatch_event_target(em, inst, b) {
    const rule = em.target(b['rule'], 'AWS::Events::Rule');
    if (!rule) return false;
    const o = em.existing(rule, inst);
    const t = pick(em, b, [
      ['Id', 'target_id'],
      ['Arn', 'arn'],
      ['RoleArn', 'role_arn'],
      ['Input', 'input', asString],
      ['InputPath', 'input_path'],
    ]) ?? newObject();
    if (t['Id'] === undefined) t['Id'] = inst.address;
    appendTo(o, 'Targets', t, inst.location);
    return true;
  },
  aws_lb_target_group_attachment(em, inst, b) {
    const tg = em.target(b['target_group_arn'], 'AWS::ElasticLoadBalancingV2::TargetGroup');
    if (!tg) return false;
    const o = em.existing(tg, inst);
    appendTo(o, 'Targets', pick(em, b, [['Id', 'target_id'], ['Port', 'port']]) ?? newObject(), inst.location);
    return true;
  },
  aws_lambda_provisioned_concurrency_config(em, inst, b) {
    const alias = Object.entries(em.resources).find(([, r]) => {
      if (r['Type'] !== 'AWS::Lambda::Alias') return false;
      const p = r['Properties'] as JsonObject;
      return JSON.stringify(p['Name']) === JSON.stringify(toJsonLoose(b['qualifier'])) && JSON.stringify(p['FunctionName']) === JSON.stringify(toJsonLoose(b['function_name']));
    });
    if (!alias) return false;
    const o = em.existing(alias[0], inst);
    o.copy(['ProvisionedConcurrencyConfig', 'ProvisionedConcurrentExecutions'], 'provisioned_concurrent_executions');
    return true;
  },
};
MERGE['aws_alb_target_group_attachment'] = MERGE['aws_lb_target_group_attachment']!;
Object.assign(PRIMARY, GOOGLE_PRIMARY, AZURE_PRIMARY);
Object.assign(MERGE, GOOGLE_MERGE, AZURE_MERGE);

function toJsonLoose(v: V | undefined): JsonValue {
  if (v === undefined) return null;
  if (v instanceof Sym) {
    if ('cfn' in v) return (v as unknown as { cfn: JsonObject }).cfn;
    return null;
  }
  if (isObject(v) || Array.isArray(v)) return JSON.parse(JSON.stringify(v)) as JsonValue;
  return v;
}

/** Maps every instance; returns the addresses of attachment resources whose target was not found. */
export function mapInstances(em: Emitter, instances: Instance[]): { unmatched: Instance[]; unmapped: Instance[] } {
  const unmatched: Instance[] = [];
  const unmapped: Instance[] = [];
  const managed = instances.filter((i) => i.mode === 'managed');
  for (const inst of managed) {
    const cfn = RESOURCE_TYPES[inst.type];
    const fn = PRIMARY[inst.type];
    if (!cfn || !fn) continue;
    const o = em.resource(inst, cfn);
    const body = inst.body();
    fn(o, body);
    // Tags as a map (SAM's form): the model reads owner tags from them (docs/owners.md).
    if (o.props['Tags'] === undefined && isObject(body['tags'])) o.copy('Tags', 'tags');
  }
  for (const inst of managed) (GOOGLE_LINK[inst.type] ?? AZURE_LINK[inst.type])?.(em, inst, inst.body());
  azureAppsWithoutFunctions(em, managed);
  for (const inst of managed) {
    const fn = MERGE[inst.type];
    if (fn) {
      if (!fn(em, inst, inst.body())) unmatched.push(inst);
    } else if (!PRIMARY[inst.type]) unmapped.push(inst);
  }
  return { unmatched, unmapped };
}
