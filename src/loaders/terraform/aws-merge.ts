/**
 * Terraform AWS attachment resources (policy attachments, memberships, integrations, notifications,
 * bucket settings, targets): merged into the resource they attach to.
 */
import type { JsonObject, JsonValue } from '../../model/types.js';
import { asPolicy, asString, block, blocks, pick, type Out, type Merge } from './map.js';
import { Sym, Unknown, isObject, newObject, type V, type VObject } from './values.js';
import { acl, bucketEncryption } from './aws-data.js';

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
export const AWS_MERGE: Record<string, Merge> = {
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
  aws_ecr_repository_policy(em, inst, b) {
    const repo = em.target(b['repository'], 'AWS::ECR::Repository');
    if (!repo) return false;
    const o = em.existing(repo, inst);
    o.copy('RepositoryPolicyText', 'policy', asPolicy);
    return true;
  },
  aws_kms_key_policy(em, inst, b) {
    const key = em.target(b['key_id'], 'AWS::KMS::Key');
    if (!key) return false;
    const o = em.existing(key, inst);
    o.copy('KeyPolicy', 'policy', asPolicy);
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
    // The settings it leaves out are off (PutPublicAccessBlock replaces the whole configuration).
    o.put(['PublicAccessBlockConfiguration'], newObject(), inst.location);
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
  aws_s3_bucket_logging(em, inst, b) {
    const bucket = em.target(b['bucket'], 'AWS::S3::Bucket');
    if (!bucket) return false;
    em.existing(bucket, inst).copyAll([['DestinationBucketName', 'target_bucket'], ['LogFilePrefix', 'target_prefix']], b, ['LoggingConfiguration']);
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
AWS_MERGE['aws_alb_target_group_attachment'] = AWS_MERGE['aws_lb_target_group_attachment']!;

function toJsonLoose(v: V | undefined): JsonValue {
  if (v === undefined) return null;
  if (v instanceof Sym) {
    if ('cfn' in v) return (v as unknown as { cfn: JsonObject }).cfn;
    return null;
  }
  if (isObject(v) || Array.isArray(v)) return JSON.parse(JSON.stringify(v)) as JsonValue;
  return v;
}

