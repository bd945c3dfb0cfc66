/**
 * What intrinsic resolution (`resolve.ts`) is given and what it synthesises: resolved values, the
 * options (parameters, placeholder account and region, values other stacks export), and how each
 * resource type names itself: its physical name property, what Ref returns, its ARN and other
 * attributes.
 */
import type { Unresolved } from './types.js';

/** A resolved value: JSON with `Unresolved` nodes where something could not be known. */
export type RValue = null | boolean | number | string | RValue[] | RObject | Unresolved;
export interface RObject {
  [key: string]: RValue;
}

export interface ResolveOptions {
  /** `--param Key=Value` overrides. */
  params: Record<string, string>;
  region: string;
  accountId: string;
  partition: string;
  stackName: string;
  /**
   * Values other stacks of the scan provide: `Fn::ImportValue` against their `Export`s, and SSM
   * parameters they write. Undefined when no stack of the scan provides the name.
   */
  crossStack?: CrossStackValues;
  /** Cap on how many intrinsic evaluations one template may take (runaway documents). */
  maxSteps?: number;
}

/** What the other stacks of a scan export (see `ResolveOptions.crossStack`). */
export interface CrossStackValues {
  importValue(name: string, from: string): RValue | undefined;
  ssmParameter(name: string, from: string): RValue | undefined;
}

export const DEFAULT_ACCOUNT = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

interface TypeNaming {
  /** Property holding the physical name. */
  nameProp?: string;
  /** What `Ref` returns. */
  ref: 'name' | 'arn' | 'url' | 'id';
  /** ARN from the physical name (and options). */
  arn: (name: string, o: ResolveOptions) => string;
  /** Other attributes. */
  attrs?: Record<string, (name: string, o: ResolveOptions) => string>;
}

const ra = (o: ResolveOptions) => `${o.region}:${o.accountId}`;

/** How each resource type names itself and what Ref / GetAtt return. */
export const TYPE_NAMING: Record<string, TypeNaming> = {
  'AWS::Lambda::Function': { nameProp: 'FunctionName', ref: 'name', arn: (n, o) => `arn:${o.partition}:lambda:${ra(o)}:function:${n}` },
  'AWS::Lambda::Alias': { nameProp: 'Name', ref: 'arn', arn: (n, o) => `arn:${o.partition}:lambda:${ra(o)}:function:${n}` },
  'AWS::Lambda::Version': { ref: 'arn', arn: (n, o) => `arn:${o.partition}:lambda:${ra(o)}:function:${n}:1`, attrs: { Version: () => '1' } },
  'AWS::Lambda::LayerVersion': { nameProp: 'LayerName', ref: 'arn', arn: (n, o) => `arn:${o.partition}:lambda:${ra(o)}:layer:${n}:1` },
  'AWS::Lambda::Url': { ref: 'arn', arn: (n, o) => `arn:${o.partition}:lambda:${ra(o)}:function:${n}`, attrs: { FunctionUrl: (n, o) => `https://${n.toLowerCase()}.lambda-url.${o.region}.on.aws/` } },
  'AWS::IAM::Role': { nameProp: 'RoleName', ref: 'name', arn: (n, o) => `arn:${o.partition}:iam::${o.accountId}:role/${n}`, attrs: { RoleId: (n) => `AROA${n.toUpperCase()}` } },
  'AWS::IAM::ManagedPolicy': { nameProp: 'ManagedPolicyName', ref: 'arn', arn: (n, o) => `arn:${o.partition}:iam::${o.accountId}:policy/${n}` },
  'AWS::IAM::Policy': { nameProp: 'PolicyName', ref: 'name', arn: (n, o) => `arn:${o.partition}:iam::${o.accountId}:policy/${n}` },
  'AWS::IAM::Group': { nameProp: 'GroupName', ref: 'name', arn: (n, o) => `arn:${o.partition}:iam::${o.accountId}:group/${n}` },
  'AWS::IAM::User': { nameProp: 'UserName', ref: 'name', arn: (n, o) => `arn:${o.partition}:iam::${o.accountId}:user/${n}` },
  'AWS::IAM::InstanceProfile': { nameProp: 'InstanceProfileName', ref: 'name', arn: (n, o) => `arn:${o.partition}:iam::${o.accountId}:instance-profile/${n}` },
  'AWS::S3::Bucket': {
    nameProp: 'BucketName',
    ref: 'name',
    arn: (n, o) => `arn:${o.partition}:s3:::${n}`,
    attrs: {
      DomainName: (n) => `${n}.s3.amazonaws.com`,
      RegionalDomainName: (n, o) => `${n}.s3.${o.region}.amazonaws.com`,
      WebsiteURL: (n, o) => `http://${n}.s3-website-${o.region}.amazonaws.com`,
    },
  },
  'AWS::SQS::Queue': {
    nameProp: 'QueueName',
    ref: 'url',
    arn: (n, o) => `arn:${o.partition}:sqs:${ra(o)}:${n}`,
    attrs: { QueueName: (n) => n, QueueUrl: (n, o) => `https://sqs.${o.region}.amazonaws.com/${o.accountId}/${n}` },
  },
  'AWS::SNS::Topic': { nameProp: 'TopicName', ref: 'arn', arn: (n, o) => `arn:${o.partition}:sns:${ra(o)}:${n}`, attrs: { TopicName: (n) => n, TopicArn: (n, o) => `arn:${o.partition}:sns:${ra(o)}:${n}` } },
  'AWS::DynamoDB::Table': {
    nameProp: 'TableName',
    ref: 'name',
    arn: (n, o) => `arn:${o.partition}:dynamodb:${ra(o)}:table/${n}`,
    attrs: { StreamArn: (n, o) => `arn:${o.partition}:dynamodb:${ra(o)}:table/${n}/stream/1970-01-01T00:00:00.000` },
  },
  'AWS::DynamoDB::GlobalTable': {
    nameProp: 'TableName',
    ref: 'name',
    arn: (n, o) => `arn:${o.partition}:dynamodb:${ra(o)}:table/${n}`,
    attrs: { StreamArn: (n, o) => `arn:${o.partition}:dynamodb:${ra(o)}:table/${n}/stream/1970-01-01T00:00:00.000` },
  },
  'AWS::Kinesis::Stream': { nameProp: 'Name', ref: 'name', arn: (n, o) => `arn:${o.partition}:kinesis:${ra(o)}:stream/${n}` },
  'AWS::Events::EventBus': { nameProp: 'Name', ref: 'name', arn: (n, o) => `arn:${o.partition}:events:${ra(o)}:event-bus/${n}`, attrs: { Name: (n) => n } },
  'AWS::Events::Rule': { nameProp: 'Name', ref: 'name', arn: (n, o) => `arn:${o.partition}:events:${ra(o)}:rule/${n}` },
  'AWS::Scheduler::Schedule': { nameProp: 'Name', ref: 'name', arn: (n, o) => `arn:${o.partition}:scheduler:${ra(o)}:schedule/default/${n}` },
  'AWS::StepFunctions::StateMachine': { nameProp: 'StateMachineName', ref: 'arn', arn: (n, o) => `arn:${o.partition}:states:${ra(o)}:stateMachine:${n}`, attrs: { Name: (n) => n } },
  'AWS::SecretsManager::Secret': { nameProp: 'Name', ref: 'arn', arn: (n, o) => `arn:${o.partition}:secretsmanager:${ra(o)}:secret:${n}-AbCdEf` },
  'AWS::ECR::Repository': { nameProp: 'RepositoryName', ref: 'name', arn: (n, o) => `arn:${o.partition}:ecr:${ra(o)}:repository/${n}`, attrs: { RepositoryUri: (n, o) => `${o.accountId}.dkr.ecr.${o.region}.amazonaws.com/${n}` } },
  'AWS::KMS::Key': { ref: 'id', arn: (n, o) => `arn:${o.partition}:kms:${ra(o)}:key/${n}`, attrs: { KeyId: (n) => n } },
  'AWS::KMS::Alias': { nameProp: 'AliasName', ref: 'name', arn: (n, o) => `arn:${o.partition}:kms:${ra(o)}:${n}` },
  'AWS::SSM::Parameter': { nameProp: 'Name', ref: 'name', arn: (n, o) => `arn:${o.partition}:ssm:${ra(o)}:parameter/${n.replace(/^\//, '')}` },
  'AWS::ApiGateway::RestApi': { nameProp: 'Name', ref: 'id', arn: (n, o) => `arn:${o.partition}:apigateway:${o.region}::/restapis/${n}`, attrs: { RootResourceId: (n) => `${n}-root` } },
  'AWS::ApiGateway::Stage': { nameProp: 'StageName', ref: 'name', arn: (n, o) => `arn:${o.partition}:apigateway:${o.region}::/restapis/*/stages/${n}` },
  'AWS::ApiGatewayV2::Api': { nameProp: 'Name', ref: 'id', arn: (n, o) => `arn:${o.partition}:apigateway:${o.region}::/apis/${n}`, attrs: { ApiEndpoint: (n, o) => `https://${n}.execute-api.${o.region}.amazonaws.com`, ApiId: (n) => n } },
  'AWS::Cognito::UserPool': { ref: 'id', arn: (n, o) => `arn:${o.partition}:cognito-idp:${ra(o)}:userpool/${o.region}_${n}`, attrs: { ProviderName: (n, o) => `cognito-idp.${o.region}.amazonaws.com/${o.region}_${n}`, ProviderURL: (n, o) => `https://cognito-idp.${o.region}.amazonaws.com/${o.region}_${n}`, UserPoolId: (n, o) => `${o.region}_${n}` } },
  'AWS::Cognito::UserPoolClient': { ref: 'id', arn: (n) => n, attrs: { ClientId: (n) => n } },
  'AWS::Cognito::IdentityPool': { ref: 'id', arn: (n, o) => `arn:${o.partition}:cognito-identity:${ra(o)}:identitypool/${o.region}:${n}` },
  'AWS::Logs::LogGroup': { nameProp: 'LogGroupName', ref: 'name', arn: (n, o) => `arn:${o.partition}:logs:${ra(o)}:log-group:${n}:*` },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { nameProp: 'Name', ref: 'arn', arn: (n, o) => `arn:${o.partition}:elasticloadbalancing:${ra(o)}:targetgroup/${n}/0123456789abcdef` },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { nameProp: 'Name', ref: 'arn', arn: (n, o) => `arn:${o.partition}:elasticloadbalancing:${ra(o)}:loadbalancer/app/${n}/0123456789abcdef` },
  'AWS::IoT::TopicRule': { nameProp: 'RuleName', ref: 'name', arn: (n, o) => `arn:${o.partition}:iot:${ra(o)}:rule/${n}` },
  'AWS::MSK::Cluster': { nameProp: 'ClusterName', ref: 'arn', arn: (n, o) => `arn:${o.partition}:kafka:${ra(o)}:cluster/${n}/0000` },
  'AWS::AmazonMQ::Broker': { nameProp: 'BrokerName', ref: 'id', arn: (n, o) => `arn:${o.partition}:mq:${ra(o)}:broker:${n}:b-0000` },
  'AWS::AppSync::GraphQLApi': { nameProp: 'Name', ref: 'arn', arn: (n, o) => `arn:${o.partition}:appsync:${ra(o)}:apis/${n}` },
  'AWS::EC2::SecurityGroup': { ref: 'id', arn: (n, o) => `arn:${o.partition}:ec2:${ra(o)}:security-group/sg-${n}`, attrs: { GroupId: (n) => `sg-${n}` } },
};

export function genericArn(type: string, name: string, o: ResolveOptions): string {
  const parts = type.split('::');
  const service = (parts[1] ?? 'unknown').toLowerCase();
  const kind = (parts[2] ?? 'resource').toLowerCase();
  return `arn:${o.partition}:${service}:${ra(o)}:${kind}/${name}`;
}
