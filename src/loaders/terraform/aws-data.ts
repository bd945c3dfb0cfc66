/**
 * Terraform AWS data and event resources (S3, SQS, SNS, EventBridge, DynamoDB, Kinesis, Cognito,
 * WAF, logs, KMS, secrets, SSM, Step Functions, load balancers): which CloudFormation properties
 * their attributes become.
 */
import { asJson, asList, asPolicy, asString, block, blocks, pick, type Out, type Primary } from './map.js';
import { Sym, Unknown, newObject, type V, type VObject } from './values.js';

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
export const acl = (v: V): V => (typeof v === 'string' ? (S3_ACL[v] ?? v) : v);

/** `versioning { enabled = true }` → `Status: Enabled` (false → `Suspended`; an unknown stays unknown). */
const versioningStatus = (v: V): V => (v === true || v === 'true' ? 'Enabled' : v === false || v === 'false' ? 'Suspended' : v);

/** A `rule { apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } }` block as BucketEncryption. */
export function bucketEncryption(o: Out, rule: VObject): void {
  const d = block(rule, 'apply_server_side_encryption_by_default');
  if (d) o.copyAll([['SSEAlgorithm', 'sse_algorithm'], ['KMSMasterKeyID', 'kms_master_key_id']], d, ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault']);
}

/**
 * A listener's `default_action` or a rule's `action` block as a CloudFormation action: its type,
 * order, target group (`target_group_arn`, or `forward { target_group { arn } }`) and the
 * `authenticate_cognito` / `authenticate_oidc` sign-in with what it does with unauthenticated requests.
 */
function listenerAction(o: Out, a: VObject): VObject {
  const out = pick(o.em, a, [['Type', 'type'], ['TargetGroupArn', 'target_group_arn'], ['Order', 'order']]) ?? newObject();
  const fwd = block(a, 'forward');
  if (fwd) {
    const groups = blocks(fwd, 'target_group').map((g) => pick(o.em, g, [['TargetGroupArn', 'arn'], ['Weight', 'weight']]) ?? newObject());
    const fc = newObject();
    fc['TargetGroups'] = groups;
    out['ForwardConfig'] = fc;
  }
  const cognito = block(a, 'authenticate_cognito');
  if (cognito) out['AuthenticateCognitoConfig'] = pick(o.em, cognito, [['UserPoolArn', 'user_pool_arn'], ['UserPoolClientId', 'user_pool_client_id'], ['UserPoolDomain', 'user_pool_domain'], ['OnUnauthenticatedRequest', 'on_unauthenticated_request'], ['Scope', 'scope']]) ?? newObject();
  const oidc = block(a, 'authenticate_oidc');
  if (oidc) out['AuthenticateOidcConfig'] = pick(o.em, oidc, [['Issuer', 'issuer'], ['ClientId', 'client_id'], ['AuthorizationEndpoint', 'authorization_endpoint'], ['TokenEndpoint', 'token_endpoint'], ['UserInfoEndpoint', 'user_info_endpoint'], ['OnUnauthenticatedRequest', 'on_unauthenticated_request'], ['Scope', 'scope']]) ?? newObject();
  return out;
}

/** Condition block types of `aws_lb_listener_rule` and the CloudFormation field and config each is. */
const CONDITIONS: [string, string, string][] = [
  ['path_pattern', 'path-pattern', 'PathPatternConfig'],
  ['host_header', 'host-header', 'HostHeaderConfig'],
  ['http_request_method', 'http-request-method', 'HttpRequestMethodConfig'],
  ['source_ip', 'source-ip', 'SourceIpConfig'],
];

/**
 * A rule's `condition` block as CloudFormation conditions (one per field it sets: the fields of one
 * block are ANDed as separate conditions are); the provider's old `field`/`values` form too.
 */
function listenerConditions(c: VObject): VObject[] {
  const out: VObject[] = [];
  const cond = (field: V, rest: [string, V][]): VObject => {
    const x = newObject();
    x['Field'] = field;
    for (const [k, v] of rest) x[k] = v;
    return x;
  };
  if (c['field'] !== undefined) out.push(cond(c['field'], [['Values', c['values'] ?? []]]));
  for (const [tf, field, cfg] of CONDITIONS) {
    const blk = block(c, tf);
    if (!blk) continue;
    const inner = newObject();
    inner['Values'] = blk['values'] ?? [];
    out.push(cond(field, [[cfg, inner]]));
  }
  for (const blk of blocks(c, 'http_header')) {
    const inner = newObject();
    inner['HttpHeaderName'] = blk['http_header_name'] ?? null;
    inner['Values'] = blk['values'] ?? [];
    out.push(cond('http-header', [['HttpHeaderConfig', inner]]));
  }
  for (const blk of blocks(c, 'query_string')) {
    const inner = newObject();
    inner['Key'] = blk['key'] ?? null;
    inner['Value'] = blk['value'] ?? null;
    const config = newObject();
    config['Values'] = [inner];
    out.push(cond('query-string', [['QueryStringConfig', config]]));
  }
  return out;
}

export const AWS_DATA: Record<string, Primary> = {
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
    const log = block(b, 'logging');
    if (log) o.copyAll([['DestinationBucketName', 'target_bucket'], ['LogFilePrefix', 'target_prefix']], log, ['LoggingConfiguration']);
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
      ['KmsKeyArn', 'kms_key_arn'],
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
  aws_appsync_graphql_api(o, b) {
    o.copyAll([
      ['Name', 'name'],
      ['AuthenticationType', 'authentication_type'],
      ['XrayEnabled', 'xray_enabled'],
    ]);
    const log = block(b, 'log_config');
    if (log) o.copyAll([['CloudWatchLogsRoleArn', 'cloudwatch_logs_role_arn'], ['FieldLogLevel', 'field_log_level']], log, ['LogConfig']);
    const extra = blocks(b, 'additional_authentication_provider');
    if (extra.length) o.put(['AdditionalAuthenticationProviders'], extra.map((x) => pick(o.em, x, [['AuthenticationType', 'authentication_type']]) ?? newObject()), o.locOf(b, 'additional_authentication_provider'));
  },
  aws_appsync_datasource(o, b) {
    o.copyAll([
      ['ApiId', 'api_id'],
      ['Name', 'name'],
      ['Type', 'type'],
      ['ServiceRoleArn', 'service_role_arn'],
    ]);
    const lambda = block(b, 'lambda_config');
    if (lambda) o.copyAll([['LambdaFunctionArn', 'function_arn']], lambda, ['LambdaConfig']);
  },
  aws_appsync_function(o) {
    o.copyAll([
      ['ApiId', 'api_id'],
      ['Name', 'name'],
      ['DataSourceName', 'data_source'],
    ]);
  },
  aws_appsync_resolver(o, b) {
    o.copyAll([
      ['ApiId', 'api_id'],
      ['TypeName', 'type'],
      ['FieldName', 'field'],
      ['DataSourceName', 'data_source'],
      ['Kind', 'kind'],
    ]);
    const pipeline = block(b, 'pipeline_config');
    if (pipeline) o.copyAll([['Functions', 'functions']], pipeline, ['PipelineConfig']);
  },
  aws_api_gateway_client_certificate(o) {
    o.copy('Description', 'description');
  },
  aws_wafregional_web_acl_association(o) {
    o.copyAll([
      ['ResourceArn', 'resource_arn'],
      ['WebACLId', 'web_acl_id'],
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
      ['KeySpec', 'customer_master_key_spec'],
      ['KeyUsage', 'key_usage'],
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
  aws_sfn_state_machine(o, b) {
    o.copyAll([
      ['StateMachineName', 'name'],
      ['RoleArn', 'role_arn'],
      ['StateMachineType', 'type'],
      ['DefinitionString', 'definition', asString],
    ]);
    const log = block(b, 'logging_configuration');
    if (log) {
      o.copyAll([['Level', 'level'], ['IncludeExecutionData', 'include_execution_data']], log, ['LoggingConfiguration']);
      if (log['log_destination'] !== undefined) o.put(['LoggingConfiguration', 'Destinations'], [{ CloudWatchLogsLogGroup: { LogGroupArn: log['log_destination'] } }] as never, o.locOf(log, 'log_destination'));
    }
    const tracing = block(b, 'tracing_configuration');
    if (tracing) o.copy(['TracingConfiguration', 'Enabled'], 'enabled', undefined, tracing);
  },
  aws_kinesis_firehose_delivery_stream(o, b) {
    o.copy('DeliveryStreamName', 'name');
    const sse = block(b, 'server_side_encryption');
    if (sse && (sse['enabled'] === true || sse['enabled'] === 'true')) o.copyAll([['KeyType', 'key_type'], ['KeyARN', 'key_arn']], sse, ['DeliveryStreamEncryptionConfigurationInput']);
    else if (sse && sse['enabled'] !== false && sse['enabled'] !== 'false' && sse['enabled'] !== undefined) o.copy(['DeliveryStreamEncryptionConfigurationInput'], 'enabled', undefined, sse);
    const src = block(b, 'kinesis_source_configuration');
    if (src) o.copyAll([['KinesisStreamARN', 'kinesis_stream_arn'], ['RoleARN', 'role_arn']], src, ['KinesisStreamSourceConfiguration']);
  },
  aws_cloudfront_distribution(o, b) {
    const dc = ['DistributionConfig'];
    // A block's own location: where its first written argument is.
    const mark = (path: (string | number)[], src: VObject, key: string) => o.em.host.table.set(['Resources', o.id, 'Properties', ...dc, ...path], o.locOf(src, key));
    o.copyAll([['Enabled', 'enabled'], ['WebACLId', 'web_acl_id'], ['Comment', 'comment']], b, dc);
    blocks(b, 'origin').forEach((x, i) => {
      mark(['Origins', i], x, 'domain_name');
      o.copyAll([['Id', 'origin_id'], ['DomainName', 'domain_name'], ['OriginPath', 'origin_path'], ['OriginAccessControlId', 'origin_access_control_id']], x, [...dc, 'Origins', i]);
      const s3 = block(x, 's3_origin_config');
      if (s3) o.copy([...dc, 'Origins', i, 'S3OriginConfig', 'OriginAccessIdentity'], 'origin_access_identity', undefined, s3);
      const custom = block(x, 'custom_origin_config');
      if (custom) o.copyAll([['OriginProtocolPolicy', 'origin_protocol_policy'], ['OriginSSLProtocols', 'origin_ssl_protocols']], custom, [...dc, 'Origins', i, 'CustomOriginConfig']);
      blocks(x, 'custom_header').forEach((h, k) => o.copyAll([['HeaderName', 'name'], ['HeaderValue', 'value']], h, [...dc, 'Origins', i, 'OriginCustomHeaders', k]));
    });
    const behaviour = (x: VObject, path: (string | number)[]) => {
      mark(path, x, 'target_origin_id');
      o.copyAll([['PathPattern', 'path_pattern'], ['TargetOriginId', 'target_origin_id'], ['ViewerProtocolPolicy', 'viewer_protocol_policy'], ['AllowedMethods', 'allowed_methods'], ['TrustedKeyGroups', 'trusted_key_groups'], ['TrustedSigners', 'trusted_signers']], x, [...dc, ...path]);
      blocks(x, 'function_association').forEach((f, k) => o.copy([...dc, ...path, 'FunctionAssociations', k, 'EventType'], 'event_type', undefined, f));
      blocks(x, 'lambda_function_association').forEach((f, k) => o.copy([...dc, ...path, 'LambdaFunctionAssociations', k, 'EventType'], 'event_type', undefined, f));
    };
    const def = block(b, 'default_cache_behavior');
    if (def) behaviour(def, ['DefaultCacheBehavior']);
    blocks(b, 'ordered_cache_behavior').forEach((x, i) => behaviour(x, ['CacheBehaviors', i]));
    const cert = block(b, 'viewer_certificate');
    if (cert) {
      mark(['ViewerCertificate'], cert, Object.keys(cert)[0] ?? 'minimum_protocol_version');
      o.copyAll([['CloudFrontDefaultCertificate', 'cloudfront_default_certificate'], ['AcmCertificateArn', 'acm_certificate_arn'], ['IamCertificateId', 'iam_certificate_id'], ['MinimumProtocolVersion', 'minimum_protocol_version'], ['SslSupportMethod', 'ssl_support_method']], cert, [...dc, 'ViewerCertificate']);
    }
    const log = block(b, 'logging_config');
    if (log) {
      mark(['Logging'], log, 'bucket');
      o.copyAll([['Bucket', 'bucket'], ['Prefix', 'prefix'], ['IncludeCookies', 'include_cookies']], log, [...dc, 'Logging']);
    }
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
    const actions = blocks(b, 'default_action').map((a) => listenerAction(o, a));
    if (actions.length) o.put(['DefaultActions'], actions, o.locOf(b, 'default_action'));
  },
  aws_lb_listener_rule(o, b) {
    o.copyAll([
      ['ListenerArn', 'listener_arn'],
      ['Priority', 'priority'],
    ]);
    const actions = blocks(b, 'action').map((a) => listenerAction(o, a));
    if (actions.length) o.put(['Actions'], actions, o.locOf(b, 'action'));
    const conditions = blocks(b, 'condition').flatMap(listenerConditions);
    if (conditions.length) o.put(['Conditions'], conditions, o.locOf(b, 'condition'));
  },
};
AWS_DATA['aws_alb'] = AWS_DATA['aws_lb']!;
AWS_DATA['aws_alb_target_group'] = AWS_DATA['aws_lb_target_group']!;
AWS_DATA['aws_alb_listener'] = AWS_DATA['aws_lb_listener']!;
AWS_DATA['aws_alb_listener_rule'] = AWS_DATA['aws_lb_listener_rule']!;
