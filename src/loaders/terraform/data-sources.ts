/**
 * Terraform data sources as the scan reads them without an account: the attributes a data source
 * gives (the caller's account, an ARN split into its parts, a policy document, the ARN of a
 * resource looked up by name, an AWS managed policy's ARN), with the placeholder account and Region
 * the rest of the model uses.
 */
import type { SourceLocation } from '../../model/types.js';
import type { Instance } from './module.js';
import { policyDocumentFromBlock } from './policy.js';
import { googleIamPolicyData } from './google.js';
import { JsonText, Unknown, type V } from './values.js';

/** Placeholders for data sources that would ask AWS. */
export const PLACEHOLDER_ACCOUNT = '123456789012';
export const PLACEHOLDER_REGION = 'us-east-1';

export function dataAttribute(inst: Instance, name: string, locs: WeakMap<object, Map<string | number, SourceLocation>>): V | undefined {
  switch (inst.type) {
    case 'aws_caller_identity':
      if (name === 'account_id' || name === 'id') return PLACEHOLDER_ACCOUNT;
      if (name === 'arn') return `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:root`;
      if (name === 'user_id') return 'AIDANIGHTLIGHTPLACEHOLDER';
      return undefined;
    case 'aws_region':
      if (name === 'name' || name === 'id' || name === 'region') return PLACEHOLDER_REGION;
      if (name === 'description') return 'US East (N. Virginia)';
      if (name === 'endpoint') return `ec2.${PLACEHOLDER_REGION}.amazonaws.com`;
      return undefined;
    case 'aws_partition':
      if (name === 'partition' || name === 'id') return 'aws';
      if (name === 'dns_suffix') return 'amazonaws.com';
      if (name === 'reverse_dns_prefix') return 'com.amazonaws';
      return undefined;
    case 'aws_availability_zones':
      if (name === 'names') return ['us-east-1a', 'us-east-1b', 'us-east-1c'];
      if (name === 'zone_ids') return ['use1-az1', 'use1-az2', 'use1-az4'];
      return undefined;
    case 'google_iam_policy':
      return name === 'policy_data' ? googleIamPolicyData(inst.body(), locs) : undefined;
    case 'aws_iam_policy_document':
      if (name === 'json' || name === 'minified_json') return new JsonText(policyDocumentFromBlock(inst.body(), locs));
      return undefined;
    case 'aws_iam_policy': {
      const arn = inst.configured('arn');
      if (name === 'arn') {
        const n = inst.configured('name');
        return typeof n === 'string' ? managedPolicyArn(n) : undefined;
      }
      if (name === 'policy') return new Unknown(`the document of the existing policy ${typeof arn === 'string' ? arn : inst.address}`);
      return undefined;
    }
    case 'aws_iam_role': {
      if (name === 'arn') {
        const n = inst.configured('name');
        return typeof n === 'string' ? `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/${n}` : undefined;
      }
      return undefined;
    }
    case 'aws_arn': {
      const arn = inst.configured('arn');
      if (typeof arn !== 'string') return arn instanceof Unknown ? arn : new Unknown('ARN known only after apply');
      const [, partition = '', service = '', region = '', account = '', ...rest] = arn.split(':');
      const parts: Record<string, string> = { partition, service, region, account, resource: rest.join(':'), id: arn };
      return parts[name];
    }
    case 'archive_file':
      if (name.startsWith('output_') && name !== 'output_path') return new Unknown(`${name} of an archive is computed when it is built`);
      return undefined;
  }
  if (name === 'arn') return arnByName(inst);
  return undefined;
}

/**
 * A data source looked up by name names one resource: its ARN is that name's ARN (a pattern where
 * AWS adds a suffix, as Secrets Manager does), not every resource of the type. Only for the
 * account and Region of the scan (placeholders), as the rest of the model.
 */
const ARN_BY_NAME: Record<string, { key: string; arn: (name: string) => string }> = {
  aws_secretsmanager_secret: { key: 'name', arn: (n) => `arn:aws:secretsmanager:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:secret:${n}-??????` },
  aws_sqs_queue: { key: 'name', arn: (n) => `arn:aws:sqs:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:${n}` },
  aws_sns_topic: { key: 'name', arn: (n) => `arn:aws:sns:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:${n}` },
  aws_dynamodb_table: { key: 'name', arn: (n) => `arn:aws:dynamodb:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:table/${n}` },
  aws_s3_bucket: { key: 'bucket', arn: (n) => `arn:aws:s3:::${n}` },
  aws_ssm_parameter: { key: 'name', arn: (n) => `arn:aws:ssm:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:parameter/${n.replace(/^\//, '')}` },
  aws_lambda_function: { key: 'function_name', arn: (n) => (n.startsWith('arn:') ? n : `arn:aws:lambda:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:function:${n}`) },
  aws_kinesis_stream: { key: 'name', arn: (n) => `arn:aws:kinesis:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:stream/${n}` },
  aws_cloudwatch_log_group: { key: 'name', arn: (n) => `arn:aws:logs:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:log-group:${n}` },
};

function arnByName(inst: Instance): V | undefined {
  const rule = ARN_BY_NAME[inst.type];
  if (rule === undefined) return undefined;
  // Looked up by ARN already: that is the value.
  const arn = inst.configured('arn');
  if (typeof arn === 'string') return arn;
  const n = inst.configured(rule.key);
  return typeof n === 'string' && n !== '' ? rule.arn(n) : undefined;
}

/** AWS managed policies that live under the service-role/ path. */
const SERVICE_ROLE_POLICIES = new Set([
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSLambdaSQSQueueExecutionRole',
  'AWSLambdaKinesisExecutionRole',
  'AWSLambdaDynamoDBExecutionRole',
  'AWSLambdaMSKExecutionRole',
  'AWSLambdaENIManagementAccess',
  'AWSLambdaRole',
  'AWSIoTRuleActions',
  'AWSGlueServiceRole',
  'AmazonAPIGatewayPushToCloudWatchLogs',
  'AWSConfigRole',
]);
const JOB_FUNCTION_POLICIES = new Set(['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'IAMFullAccess', 'SecurityAudit', 'ViewOnlyAccess', 'DatabaseAdministrator', 'NetworkAdministrator', 'SystemAdministrator', 'DataScientist', 'Billing', 'SupportUser']);

/** `data "aws_iam_policy"` looked up by name: AWS managed names get their AWS ARN, others a customer ARN. */
function managedPolicyArn(name: string): string {
  if (SERVICE_ROLE_POLICIES.has(name)) return `arn:aws:iam::aws:policy/service-role/${name}`;
  if (/^(AWS|Amazon)/.test(name) || JOB_FUNCTION_POLICIES.has(name)) return `arn:aws:iam::aws:policy/${name}`;
  return `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:policy/${name}`;
}
