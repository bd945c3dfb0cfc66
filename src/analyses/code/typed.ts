/**
 * What the interpreter needs to know about the handler languages with declared types and
 * class-based SDKs (Java, Go, C#, Ruby): which constructor, factory or declared type is an AWS SDK
 * client and of which service, how a client method names its API operation, which positional
 * arguments of the convenience overloads are which request field, how environment variables are
 * read, and the return type of the library calls that lead to a sink (`conn.createStatement()` is
 * a `java.sql.Statement`). Names are qualified as the front-ends qualify them: the imported package
 * and the class (`java.sql.Statement`, `github.com/aws/aws-sdk-go-v2/service/s3.Client`), a
 * method of an instance as `Class#method`.
 *
 * Sources: AWS SDK for Java 2.x and 1.x API references (https://sdk.amazonaws.com/java/api/latest/,
 * https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/), AWS SDK for Go v2
 * (https://pkg.go.dev/github.com/aws/aws-sdk-go-v2), AWS SDK for .NET
 * (https://docs.aws.amazon.com/sdkfornet/v3/apidocs/), AWS SDK for Ruby
 * (https://docs.aws.amazon.com/sdk-for-ruby/v3/api/).
 */
import { operationName, servicePrefix } from './sdk-actions.js';
import type { SdkFlavor } from './types.js';

export interface TypedClient {
  service: string;
  sdk: SdkFlavor;
}

const JAVA_V2 = /^software\.amazon\.awssdk\.services\.([a-z0-9]+)(?:\.[a-z0-9.]+)?\.([A-Za-z0-9]+)$/;
const JAVA_V1 = /^com\.amazonaws\.services\.([a-z0-9]+)(?:\.[a-z0-9.]+)?\.([A-Za-z0-9]+)$/;
const GO_V2 = /^github\.com\/aws\/aws-sdk-go-v2\/service\/([a-z0-9]+)\.([A-Za-z0-9]+)$/;
const GO_V1 = /^github\.com\/aws\/aws-sdk-go\/service\/([a-z0-9]+)\.([A-Za-z0-9]+)$/;

/**
 * A client of `q`: a class to construct (`new`), a factory to call (`call`) or a declared type
 * (`type`), in the naming of each SDK.
 */
export function sdkClientFor(q: string, kind: 'new' | 'call' | 'type'): TypedClient | null {
  let m = JAVA_V2.exec(kind === 'call' ? q.replace(/\.(create|builder)$/, '') : q);
  if (m && (kind !== 'call' || /\.(create|builder)$/.test(q))) {
    if (/(Async)?Client$/.test(m[2]!) && !/Presigner|Utilities/.test(m[2]!)) return { service: servicePrefix(m[1]!), sdk: 'java-v2' };
    return null;
  }
  m = JAVA_V1.exec(kind === 'call' ? q.replace(/\.(defaultClient|standard)$/, '') : q);
  if (m && (kind !== 'call' || /\.(defaultClient|standard)$/.test(q))) {
    if (/^(Amazon|AWS)/.test(m[2]!) && !/(Exception|Request|Result)$/.test(m[2]!)) return { service: servicePrefix(m[1]!), sdk: 'java-v1' };
    return null;
  }
  m = GO_V2.exec(q);
  if (m) {
    if ((kind === 'call' && /^New(FromConfig)?$/.test(m[2]!)) || (kind === 'type' && m[2] === 'Client')) return { service: servicePrefix(m[1]!), sdk: 'go-v2' };
    return null;
  }
  m = GO_V1.exec(q);
  if (m) {
    if ((kind === 'call' && m[2] === 'New') || (kind === 'type' && /^[A-Z]/.test(m[2]!) && !/(Input|Output)$/.test(m[2]!))) return { service: servicePrefix(m[1]!), sdk: 'go-v1' };
    return null;
  }
  // .NET: AmazonDynamoDBClient / IAmazonDynamoDB (the namespace is a `using`, not part of the name)
  const cls = q.split('.').pop() ?? q;
  const net = /^(?:Amazon(.+)Client|IAmazon(.+))$/.exec(cls);
  if (net && (kind === 'new' || kind === 'type')) return { service: servicePrefix(net[1] ?? net[2]!), sdk: 'dotnet' };
  // Ruby: Aws::DynamoDB::Client.new
  const rb = /^Aws\.([A-Za-z0-9]+)\.Client(\.new)?$/.exec(q);
  if (rb && ((kind === 'call' && rb[2]) || kind === 'type' || (kind === 'new' && !rb[2]))) return { service: servicePrefix(rb[1]!), sdk: 'ruby' };
  return null;
}

/** Client methods that are not API operations. */
const NOT_OPERATIONS = new Set([
  'close', 'shutdown', 'serviceName', 'serviceClientConfiguration', 'utilities', 'waiter', 'getUrl', 'getRegion', 'setRegion', 'setEndpoint',
  'Dispose', 'Config', 'DetermineServiceOperationEndpoint',
  'config', 'wait_until', 'waiter_names', 'operation_names', 'api_requests', 'stub_responses', 'stub_data',
  'Options', 'presign',
]);

/** Convenience methods whose operation is not the method name. */
const METHOD_OPS: Readonly<Record<string, string>> = {
  getObjectAsString: 'GetObject',
  getObjectAsBytes: 'GetObject',
  getObjectMetadata: 'HeadObject',
  doesObjectExist: 'HeadObject',
  doesBucketExist: 'HeadBucket',
  doesBucketExistV2: 'HeadBucket',
  GetObjectMetadataAsync: 'HeadObject',
  GetObjectMetadata: 'HeadObject',
};

/** `putItem` / `PutItemWithContext` / `PutItemAsync` / `put_item` → `PutItem`; null for helpers. */
export function typedOperation(sdk: SdkFlavor, method: string): string | null {
  if (NOT_OPERATIONS.has(method)) return null;
  const mapped = METHOD_OPS[method];
  if (mapped) return mapped;
  let m = method;
  switch (sdk) {
    case 'java-v2':
    case 'java-v1':
      m = m.replace(/Paginator$/, '');
      break;
    case 'go-v1':
      m = m.replace(/(Pages)?(WithContext)?$/, '').replace(/Request$/, '');
      break;
    case 'dotnet':
      m = m.replace(/Async$/, '');
      break;
    default:
      break;
  }
  if (!m) return null;
  return operationName(m);
}

/** Request fields of the positional convenience overloads (SDK for Java 1.x, SDK for .NET). */
export const POSITIONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  's3:GetObject': ['Bucket', 'Key'],
  's3:HeadObject': ['Bucket', 'Key'],
  's3:PutObject': ['Bucket', 'Key', 'Body'],
  's3:DeleteObject': ['Bucket', 'Key'],
  's3:ListObjects': ['Bucket', 'Prefix'],
  's3:ListObjectsV2': ['Bucket', 'Prefix'],
  's3:HeadBucket': ['Bucket'],
  'sqs:SendMessage': ['QueueUrl', 'MessageBody'],
  'sqs:ReceiveMessage': ['QueueUrl'],
  'sqs:DeleteMessage': ['QueueUrl', 'ReceiptHandle'],
  'sqs:GetQueueUrl': ['QueueName'],
  'sns:Publish': ['TopicArn', 'Message', 'Subject'],
  'dynamodb:PutItem': ['TableName', 'Item'],
  'dynamodb:GetItem': ['TableName', 'Key'],
  'dynamodb:DeleteItem': ['TableName', 'Key'],
  'dynamodb:UpdateItem': ['TableName', 'Key'],
  'dynamodb:Scan': ['TableName'],
  'dynamodb:DescribeTable': ['TableName'],
  'kinesis:PutRecord': ['StreamName', 'Data', 'PartitionKey'],
};

/** `table_name` → `TableName`, `tableName` → `TableName`. */
export function fieldName(key: string): string {
  return operationName(key);
}

/** Calls that read one environment variable (by their first argument). */
export const ENV_READERS = new Set([
  'java.lang.System.getenv',
  'os.Getenv',
  'os.LookupEnv',
  'Environment.GetEnvironmentVariable',
  'System.Environment.GetEnvironmentVariable',
  'ENV.fetch',
  'ENV.[]',
]);

/** Objects whose members are environment variables (`ENV['TABLE']`). */
export const ENV_OBJECTS = new Set(['ENV']);

/** Return types of library calls on the way to a sink. */
export const RETURN_TYPES: Readonly<Record<string, string>> = {
  'java.sql.DriverManager.getConnection': 'java.sql.Connection',
  'javax.sql.DataSource#getConnection': 'java.sql.Connection',
  'java.sql.Connection#createStatement': 'java.sql.Statement',
  'java.sql.Connection#prepareStatement': 'java.sql.PreparedStatement',
  'java.sql.Connection#prepareCall': 'java.sql.CallableStatement',
  'java.lang.Runtime.getRuntime': 'java.lang.Runtime',
  'javax.script.ScriptEngineManager#getEngineByName': 'javax.script.ScriptEngine',
  'javax.script.ScriptEngineManager#getEngineByExtension': 'javax.script.ScriptEngine',
  'java.net.http.HttpClient.newHttpClient': 'java.net.http.HttpClient',
  'java.nio.file.Paths.get': 'java.nio.file.Path',
  'java.nio.file.Path.of': 'java.nio.file.Path',
  'java.nio.file.Path#resolve': 'java.nio.file.Path',
  'java.util.regex.Pattern.compile': 'java.util.regex.Pattern',
  'database/sql.Open': 'database/sql.DB',
  'text/template.New': 'text/template.Template',
  'html/template.New': 'html/template.Template',
  'text/template.Template#New': 'text/template.Template',
  'html/template.Template#New': 'html/template.Template',
  'gorm.io/gorm.Open': 'gorm.io/gorm.DB',
  'github.com/robertkrimen/otto.New': 'github.com/robertkrimen/otto.Otto',
  'github.com/dop251/goja.New': 'github.com/dop251/goja.Runtime',
  'database/sql.DB#Begin': 'database/sql.Tx',
  'database/sql.DB#BeginTx': 'database/sql.Tx',
  'database/sql.DB#Conn': 'database/sql.Conn',
  'github.com/jmoiron/sqlx.Connect': 'github.com/jmoiron/sqlx.DB',
  'github.com/jmoiron/sqlx.Open': 'github.com/jmoiron/sqlx.DB',
  'github.com/jackc/pgx/v5.Connect': 'github.com/jackc/pgx/v5.Conn',
  'github.com/jackc/pgx/v5/pgxpool.New': 'github.com/jackc/pgx/v5/pgxpool.Pool',
  'Sequel.connect': 'Sequel.Database',
  'Sequel.sqlite': 'Sequel.Database',
  'Sequel.postgres': 'Sequel.Database',
  'Sequel.mysql2': 'Sequel.Database',
  'PG.connect': 'PG.Connection',
  'PG.Connection.open': 'PG.Connection',
  'PG.Connection.connect': 'PG.Connection',
  'ActiveRecord.Base.connection': 'ActiveRecord.Connection',
  'SQLite3.Database.open': 'SQLite3.Database',
};

/** Types whose method calls keep no useful type (strings and boxed primitives). */
export const UNTRACKED_TYPES = /^(java\.lang\.(String|Integer|Long|Double|Float|Boolean|Object|Short|Byte|Character)|String|string|int|Object|object|dynamic)$/;
