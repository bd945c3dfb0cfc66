/**
 * Terraform AWS compute, identity and API resources (Lambda, IAM, instances, databases, API
 * Gateway REST and HTTP APIs): which CloudFormation properties their attributes become.
 */
import { asJson, asList, asPolicy, asString, block, blocks, CODE_PATH_KEY, pick, type Out, type Primary } from './map.js';
import { newObject, type V, type VObject } from './values.js';

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

export const AWS_COMPUTE: Record<string, Primary> = {
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
  aws_lambda_layer_version(o, b) {
    o.copyAll([
      ['LayerName', 'layer_name'],
      ['CompatibleRuntimes', 'compatible_runtimes'],
    ]);
    // the layer's content folder (an archive_file source_dir, or a folder), for its dependency manifests
    const codePath = b['filename'] !== undefined ? o.em.host.codePath({ filename: b['filename'] }, o.inst) : null;
    if (typeof codePath === 'string') o.meta(CODE_PATH_KEY, codePath);
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
      ['RequestModels', 'request_models'],
      ['RequestValidatorId', 'request_validator_id'],
    ]);
  },
  aws_ecr_repository(o) {
    o.copyAll([['RepositoryName', 'name']]);
  },
  aws_api_gateway_model(o) {
    o.copyAll([
      ['Name', 'name'],
      ['RestApiId', 'rest_api_id'],
      ['ContentType', 'content_type'],
      ['Schema', 'schema', asJson],
    ]);
  },
  aws_api_gateway_request_validator(o) {
    o.copyAll([
      ['Name', 'name'],
      ['RestApiId', 'rest_api_id'],
      ['ValidateRequestBody', 'validate_request_body'],
      ['ValidateRequestParameters', 'validate_request_parameters'],
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
      ['ClientCertificateId', 'client_certificate_id'],
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
};
