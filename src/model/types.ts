/**
 * The one vocabulary of nightlight.
 *
 * Loaders produce `LoadedTemplate`s (CloudFormation-shaped documents plus a side table of source
 * locations); the model builder turns them into an `AppModel`; analyses, rules and reporters read
 * only the `AppModel` and the types below. Nothing in this file imports from any other layer.
 */
export * from './values.js';
export * from './types-posture.js';
import type { DocPath, JsonObject, Maybe, SourceLocation, Unresolved } from './values.js';
import type { ResourcePosture, FrontDoor, GraphqlResolvers } from './types-posture.js';

// ---------------------------------------------------------------------------------------------
// Inputs and diagnostics
// ---------------------------------------------------------------------------------------------

export type InputFormat = 'sam' | 'cloudformation' | 'serverless' | 'terraform' | 'cdk' | 'arm' | 'zappa';

export interface InputFile {
  file: string;
  format: InputFormat;
}

export type DiagnosticLevel = 'error' | 'warning' | 'info';

export interface Diagnostic {
  level: DiagnosticLevel;
  /** Stable machine code, e.g. `yaml-syntax`, `missing-ref`, `alias-limit`, `sam-invalid`. */
  code: string;
  message: string;
  location?: SourceLocation;
}

/**
 * A template after loading: a CloudFormation-shaped document (intrinsics in their long form,
 * `{ "Ref": ... }`, `{ "Fn::Sub": ... }`) and a way back to where each value was written.
 */
export interface LoadedTemplate {
  file: string;
  format: InputFormat;
  body: JsonObject;
  /** The location of the value at `path`, or of its nearest located ancestor. */
  locate(path: DocPath): SourceLocation;
  /** Set for documents the SAM expansion generated: the original SAM template. */
  expandedFrom?: LoadedTemplate;
  /** Whether the integral number at `path` was written as a float (`3.0` vs `3`), where the loader knows. */
  writtenAsFloat?(path: DocPath): boolean;
  /** The region the stack deploys to, when its definition says (a Serverless `provider.region` or `--region`). */
  region?: string;
  /** Other files that are part of this stack (Serverless `${file()}` fragments), relative to the root. */
  includes?: string[];
  /** The deployed stack this template is (or is matched to): its name, account, region and physical ids. */
  deployed?: DeployedStack;
}

/**
 * What CloudFormation made of a template: `Ref` / `Fn::GetAtt` of the template's own resources
 * resolve to these real values instead of names synthesised from logical ids. Set by the live
 * reader (src/loaders/live/) and, for `drift`, on the declared template matched to a stack.
 */
export interface DeployedStack {
  stackName: string;
  region: string;
  accountId: string;
  /** Logical id → physical name (what attributes are synthesised from), what `Ref` returns, and the ARN when known. */
  resources: Record<string, { name: string; ref?: string; arn?: string }>;
}

// ---------------------------------------------------------------------------------------------
// IAM
// ---------------------------------------------------------------------------------------------

export type Effect = 'Allow' | 'Deny';

/** Principals as written in a policy statement, resolved. `'*'` is anyone. */
export interface PolicyPrincipal {
  aws?: Maybe<string>[];
  service?: Maybe<string>[];
  federated?: Maybe<string>[];
  canonicalUser?: Maybe<string>[];
  /** `Principal: "*"` */
  any?: boolean;
}

/** Condition block: operator → key → values. Values stay `Maybe` so unknown ones are visible. */
export type PolicyConditions = Record<string, Record<string, Maybe<string>[]>>;

export interface PolicyStatement {
  sid?: string;
  effect: Effect;
  /** Exactly one of action / notAction is set. */
  action?: Maybe<string>[];
  notAction?: Maybe<string>[];
  /** Identity policies: exactly one of resource / notResource. Resource policies may omit both. */
  resource?: Maybe<string>[];
  notResource?: Maybe<string>[];
  principal?: PolicyPrincipal;
  notPrincipal?: PolicyPrincipal;
  condition?: PolicyConditions;
  location: SourceLocation;
}

export interface PolicyDocument {
  statements: PolicyStatement[];
  location: SourceLocation;
}

export type PolicySource =
  | 'inline' // a policy written in the template (role Policies, AWS::IAM::Policy, SAM inline statement)
  | 'customer-managed' // AWS::IAM::ManagedPolicy in the template
  | 'aws-managed' // arn:aws:iam::aws:policy/...
  | 'sam-policy-template' // SAM policy template (SQSPollerPolicy, ...)
  | 'external'; // an ARN we cannot see

export interface AttachedPolicy {
  /** Policy name, managed policy ARN or SAM template name. */
  name: string;
  source: PolicySource;
  document: Maybe<PolicyDocument>;
  location: SourceLocation;
}

export interface RoleNode {
  id: string;
  logicalId: string | null;
  arn: Maybe<string>;
  /** True when the role is defined in the scanned templates; false for a role referenced by ARN only. */
  defined: boolean;
  policies: AttachedPolicy[];
  trust: Maybe<PolicyDocument> | null;
  permissionsBoundary: Maybe<PolicyDocument> | null;
  location: SourceLocation;
  /** Set for a Google service account or an Azure managed identity; absent = an AWS IAM role. */
  cloud?: Cloud;
}

/**
 * An IAM user or group of the configuration (roles are `RoleNode`s). Its policies are those written
 * for it: inline, attached managed policies, and (users) those of the groups it belongs to are
 * found through `groups`.
 */
export interface IdentityNode {
  id: string;
  kind: 'user' | 'group';
  logicalId: string;
  arn: Maybe<string>;
  policies: AttachedPolicy[];
  /** Users: ids of the groups of the model it belongs to. */
  groups: string[];
  /** Users: group names or ARNs it belongs to that are not in the model. */
  externalGroups: string[];
  permissionsBoundary: Maybe<PolicyDocument> | null;
  /** Users: an access key is created for it in the configuration (long-term credentials exist). */
  accessKey?: SourceLocation;
  location: SourceLocation;
}

/** A customer managed policy of the configuration and what it is attached to. */
export interface ManagedPolicyNode {
  id: string;
  logicalId: string;
  arn: Maybe<string>;
  document: Maybe<PolicyDocument>;
  /** Role, user and group ids of the model it is attached to (empty: attached to nothing the scan sees). */
  attachedTo: string[];
  location: SourceLocation;
}

// ---------------------------------------------------------------------------------------------
// Functions and resources
// ---------------------------------------------------------------------------------------------

export type Architecture = 'x86_64' | 'arm64';

/**
 * The cloud an element belongs to. Absent means `aws`. Google and Azure elements are read into the
 * same vocabulary as their AWS counterparts (docs/clouds.md has the table): a Cloud Function or an
 * Azure function is a `FunctionNode`, a service account or managed identity a `RoleNode`, a
 * Pub/Sub topic a `topic`, an HTTP trigger a `function-url` entry point.
 */
export type Cloud = 'aws' | 'google' | 'azure';

/** The serverless platform of a Google or Azure function: how it is priced and how far it scales by default. */
export type Platform = 'cloud-functions-gen1' | 'cloud-functions-gen2' | 'cloud-run' | 'azure-consumption' | 'azure-flex-consumption';

/** The cloud of an element (absent = aws). */
export function cloudOf(e: { cloud?: Cloud }): Cloud {
  return e.cloud ?? 'aws';
}

export interface FunctionUrl {
  authType: Maybe<'NONE' | 'AWS_IAM'>;
  cors: CorsConfig | null;
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  /** The generated/declared AWS::Lambda::Url logical id. */
  resourceId: string;
  location: SourceLocation;
  /** Where AuthType was written. */
  authTypeLocation: SourceLocation;
}

export interface CorsConfig {
  allowOrigins: Maybe<string>[];
  allowMethods: Maybe<string>[];
  allowHeaders: Maybe<string>[];
  allowCredentials: Maybe<boolean> | null;
  location: SourceLocation;
}

export interface HandlerRef {
  /** As written: `index.handler`, `src/app.lambdaHandler`, `module.sub.function`. */
  handler: Maybe<string>;
  /** Code location relative to the scanned directory: CodeUri / Code folder, when local. */
  codeUri: Maybe<string> | null;
  /** Inline code (ZipFile / InlineCode) present. */
  inline: boolean;
  /** serverless-wsgi or Zappa: the handler is generated and serves this WSGI app (`module.attribute`, from `custom.wsgi.app` or `app_function`). */
  wsgiApp?: string;
  /** The deployment tool that generates the handler (serverless-wsgi, Zappa), when one does. */
  webAdapter?: 'serverless-wsgi' | 'zappa';
  /** Zappa `django_settings`: the generated handler serves the Django project of this settings module. */
  djangoSettings?: string;
  /** Zappa `events[].function`: the functions (`module.function`) its handler calls with an event source's events. */
  eventFunctions?: string[];
}

export interface FunctionNode {
  /** Unique within the model: the logical id, qualified with the stack file when two stacks share it. */
  id: string;
  logicalId: string;
  /** The template file that defines it. */
  stack: string;
  name: Maybe<string>;
  arn: Maybe<string>;
  runtime: Maybe<string> | null;
  handler: HandlerRef;
  memoryMb: Maybe<number>;
  timeoutSeconds: Maybe<number>;
  architecture: Maybe<Architecture>;
  /** null = none set (the function draws on the account's unreserved pool). */
  reservedConcurrency: Maybe<number> | null;
  provisionedConcurrency: Maybe<number> | null;
  /** The execution role (RoleNode id), null when absent or unresolved (see roleArn). */
  roleId: string | null;
  roleArn: Maybe<string> | null;
  environment: Record<string, Maybe<string>>;
  layers: Maybe<string>[];
  url: FunctionUrl | null;
  /** `RecursiveLoop: Allow` disables AWS loop detection. */
  recursiveLoop: 'Terminate' | 'Allow';
  /** Resource-based policy statements (from AWS::Lambda::Permission), one per permission. */
  permissions: LambdaPermission[];
  location: SourceLocation;
  /** Resource condition name when the function exists only under a condition that could not be decided. */
  condition?: string;
  /** CDK construct path (`aws:cdk:path`), when the template came from `cdk synth`. */
  constructPath?: string;
  /** Set for Google Cloud Functions / Cloud Run and Azure Functions; absent = AWS Lambda. */
  cloud?: Cloud;
  /** Google / Azure: the platform, for prices and default scale limits (`reservedConcurrency` holds an explicit max instance count). */
  platform?: Platform;
  /** Hardening settings as declared (the posture rules); absent on models built by hand. */
  posture?: FunctionPosture;
}

/** A function's hardening settings as declared; null = not set. */
export interface FunctionPosture {
  /** `Runtime` as written, with its location (null for container images and when absent). */
  runtimeLocation: SourceLocation | null;
  /** `DeadLetterConfig.TargetArn`. */
  deadLetterTarget: Maybe<string> | null;
  /** `OnFailure` destination of an `AWS::Lambda::EventInvokeConfig` naming the function. */
  onFailureDestination: Maybe<string> | null;
  /** `TracingConfig.Mode` (`Active` or `PassThrough`). */
  tracingMode: Maybe<string> | null;
  /** Whether `VpcConfig` attaches subnets. */
  inVpc: boolean | Unresolved;
  /** `CodeSigningConfigArn`. */
  codeSigningConfig: Maybe<string> | null;
  /** `PackageType: Image`: code signing does not apply to container images. */
  image: boolean;
  /** Container images: the ECR repository of the scan `Code.ImageUri` names (its id), unresolved when the URI cannot be read; absent otherwise. */
  imageRepository?: Maybe<string> | null;
  /** `KmsKeyArn`: the key of the account the environment is encrypted with (null: the aws/lambda key). */
  environmentKey: Maybe<string> | null;
  /** The KMS key of the scan `KmsKeyArn` names, by id. */
  environmentKeyId?: string;
}

export interface LambdaPermission {
  resourceId: string;
  action: Maybe<string>;
  principal: Maybe<string>;
  sourceArn: Maybe<string> | null;
  sourceAccount: Maybe<string> | null;
  principalOrgId: Maybe<string> | null;
  functionUrlAuthType: Maybe<string> | null;
  /** `InvokedViaFunctionUrl: true`: the grant only applies to calls through the function URL. */
  invokedViaFunctionUrl: boolean;
  location: SourceLocation;
}

export type ResourceKind =
  | 'bucket'
  | 'queue'
  | 'topic'
  | 'table'
  | 'stream'
  | 'event-bus'
  | 'event-rule'
  | 'schedule'
  | 'state-machine'
  | 'rest-api'
  | 'http-api'
  | 'websocket-api'
  | 'secret'
  | 'kms-key'
  | 'parameter'
  | 'user-pool'
  | 'identity-pool'
  | 'log-group'
  | 'load-balancer'
  | 'iot-rule'
  | 'layer'
  | 'distribution'
  | 'repository'
  | 'other';

export interface ResourceNode {
  id: string;
  logicalId: string;
  stack: string;
  /** CloudFormation resource type, e.g. AWS::SQS::Queue. */
  type: string;
  kind: ResourceKind;
  name: Maybe<string> | null;
  arn: Maybe<string>;
  /** The resource-based policy (bucket, queue, topic, bus, secret, key policy), when one is declared. */
  policy: Maybe<PolicyDocument> | null;
  /** The resources that declare `policy` (bucket, queue, topic, secret policies), by id, in declaration order. */
  policyResources?: string[];
  /** Public ACL (S3 `AccessControl: PublicReadWrite`, ...), when set. */
  acl?: Maybe<string> | null;
  /** Kind-specific facts that analyses need (API settings, stream flags, ...). */
  attributes: ResourceAttributes;
  location: SourceLocation;
  /** CDK construct path (`aws:cdk:path`), when the template came from `cdk synth`. */
  constructPath?: string;
  /** Set for Google and Azure resources; absent = AWS. */
  cloud?: Cloud;
  /** Hardening settings of data resources as declared (`model/posture.ts`); absent for other types. */
  posture?: ResourcePosture;
}

export interface ThrottleSettings {
  rateLimit: Maybe<number> | null;
  burstLimit: Maybe<number> | null;
  location?: SourceLocation;
}

/** An API route or method integrated with something other than a function. */
export interface ServiceRoute {
  label: string;
  /** `MOCK`, `HTTP` (also HTTP_PROXY), `AWS` (a service integration). */
  integration: 'MOCK' | 'HTTP' | 'AWS';
  /** AWS integrations: the IAM action it performs (`sqs:SendMessage`), when the URI or subtype says. */
  action: string | null;
  /** AWS integrations: the model resource it acts on, when one is named. */
  resource: string | null;
  principal: Principal;
  auth: AuthInfo;
  location: SourceLocation;
}

export interface ResourceAttributes {
  /**
   * APIs: routes whose integration is not a function (MOCK, HTTP, an AWS service) and that deliver
   * to no function of the model, with their auth. Those that write to a trigger are entry points
   * (`EntryPoint.via`).
   */
  serviceRoutes?: ServiceRoute[];
  /** APIs: endpoint type REGIONAL/EDGE/PRIVATE. */
  endpointType?: Maybe<string>;
  /** APIs: stage-level default throttling. */
  throttle?: ThrottleSettings | null;
  /** APIs: usage plans that cover this API (throttle and quota). */
  usagePlans?: { throttle: ThrottleSettings | null; quotaLimit: Maybe<number> | null; period: string | null }[];
  /** APIs: whether the default execute-api endpoint is disabled. */
  disableExecuteApiEndpoint?: boolean;
  /** Identity pools: AllowUnauthenticatedIdentities. */
  allowUnauthenticated?: Maybe<boolean>;
  /** Identity pools: role ids for authenticated / unauthenticated identities. */
  unauthenticatedRoleId?: string | null;
  authenticatedRoleId?: string | null;
  /** Streams / tables: whether a stream is enabled. */
  streamEnabled?: boolean;
  /** Queues: FIFO, visibility timeout. */
  fifo?: boolean;
  visibilityTimeoutSeconds?: Maybe<number> | null;
  /** State machines: express or standard. */
  stateMachineType?: 'STANDARD' | 'EXPRESS';
  /** Buckets: other buckets deliver their server access logs to it. */
  logTarget?: boolean;
  /** WAF web ACL associated (APIs, load balancers). */
  wafAssociated?: boolean;
  /** Lambda layers: the root-relative folder of the layer's content, when it is in the tree. */
  contentPath?: string;
  /** User pools: anyone may sign up (AdminCreateUserConfig.AllowAdminCreateUserOnly is not true). */
  selfSignUp?: Maybe<boolean>;
  /** User pools: custom attributes (name without `custom:`); Mutable unset counts as mutable. */
  customAttributes?: { name: string; mutable: Maybe<boolean>; location: SourceLocation }[];
  /** User pools: app clients and the attributes users can write through each (null: every attribute). */
  clients?: { id: string; writeAttributes: Maybe<string>[] | null; location: SourceLocation }[];
  /** APIs: the CORS policy (HTTP API CorsConfiguration / x-amazon-apigateway-cors, REST preflight responses). */
  cors?: CorsConfig | null;
}

// ---------------------------------------------------------------------------------------------
// Entry points and edges
// ---------------------------------------------------------------------------------------------

export type PrincipalKind =
  | 'public'
  | 'any-aws-account'
  | 'cross-account'
  | 'same-account'
  | 'authenticated-users'
  | 'aws-service'
  /** CloudFormation, during a deployment of the stack: the function backs a custom resource and nothing else calls it. */
  | 'deployment'
  | 'unresolved';

export interface Principal {
  kind: PrincipalKind;
  /** Service principal, account ids, org id or reason, for the report. */
  detail?: string;
  /** For aws-service: whether the grant is scoped by SourceArn / SourceAccount. */
  scopedBySource?: boolean;
  /**
   * The principal as its cloud names it, for Google and Azure: `allUsers`, `allAuthenticatedUsers`
   * (kind `any-aws-account`: any account of that cloud), `serviceAccount:…`, `project`, Azure
   * `anonymous`, `function key`, `admin key`, `Entra ID`, `managed identity`, `subscription`.
   */
  native?: string;
}

export type AuthKind =
  | 'none'
  | 'iam'
  | 'cognito'
  | 'jwt'
  | 'lambda-authorizer'
  | 'api-key'
  | 'resource-policy'
  | 'service' // the caller is an AWS service (event source)
  | 'unresolved';

export interface AuthInfo {
  kind: AuthKind;
  /** Authorizer logical id or name. */
  authorizer?: string;
  /** An API key is also required (REST). */
  apiKeyRequired?: boolean;
  scopes?: string[];
  reason?: string;
  /** The auth as its cloud names it (Google `roles/run.invoker`, Azure `authLevel: function`, `Easy Auth (Entra ID)`). */
  native?: string;
}

export type EntryPointKind =
  | 'rest-api-method'
  | 'http-api-route'
  | 'websocket-route'
  | 'function-url'
  | 'lambda-permission'
  | 's3-notification'
  | 'sqs-queue'
  | 'sns-subscription'
  | 'eventbridge-rule'
  | 'schedule'
  | 'dynamodb-stream'
  | 'kinesis-stream'
  | 'kafka'
  | 'mq'
  | 'documentdb-stream'
  | 'cognito-trigger'
  | 'iot-rule'
  | 'alb-target'
  /** A function behind an AppSync `AWS_LAMBDA` data source, run for the GraphQL fields whose resolvers use it. */
  | 'appsync-resolver'
  | 'cloudwatch-logs'
  | 'alexa-skill'
  | 'custom-resource'
  /** An IAM principal of the configuration allowed to invoke the function or start what runs it (the whole event is the caller's). */
  | 'iam-principal'
  | 'other';

export interface EntryPoint {
  /** Stable id: kind + source + route/key + target, never a line number. */
  id: string;
  kind: EntryPointKind;
  /** Resource id the events come from (API, bucket, queue, topic, rule, ...), null for a bare permission or URL. */
  source: string | null;
  /** Human label: `GET /orders`, `s3:ObjectCreated:* on UploadBucket`. */
  label: string;
  method?: string;
  path?: string;
  principal: Principal;
  auth: AuthInfo;
  /** Function ids invoked directly. */
  targets: string[];
  /** Route- or method-level throttling when set (stage-level lives on the API resource). */
  throttle?: ThrottleSettings | null;
  /** REST methods: what the request declares and what API Gateway validates before the function runs. */
  request?: RequestValidation;
  /** Event-source mappings: the most concurrent invocations Lambda's pollers make, and why. */
  pollers?: PollerBounds;
  /** Where the user declared it (the SAM event, the Method, the Url resource...). */
  location: SourceLocation;
  /** Set for Google and Azure entry points; absent = AWS. */
  cloud?: Cloud;
  /**
   * Identity-based: an IAM principal of the configuration whose own policies allow it to put events
   * in (`location` is the statement that allows it). Absent for entry points a source or a resource
   * policy declares.
   */
  identity?: { principal: string; principalKind: 'role' | 'user' | 'group' | 'policy'; action: string; location: SourceLocation };
  /**
   * An API route whose AWS service integration writes to a trigger (`sqs:SendMessage` on a queue a
   * function polls): the resource, the action, and the kind of event the functions get.
   */
  via?: { resource: string; action: string; kind: EntryPointKind };
  /** CloudFront distributions in front of the entry point's source (its API, its function URL). */
  frontDoors?: FrontDoor[];
  /** `appsync-resolver`: the API, the data source and the GraphQL fields it runs for. */
  graphql?: GraphqlResolvers;
}

/**
 * A REST method's request validation (CKV2_AWS_53): the models and required parameters it declares
 * (a Method's `RequestModels`/`RequestParameters`, an OpenAPI body parameter or `requestBody` and
 * required query/header parameters) and the request validator that applies (a Method's
 * `RequestValidatorId`, an operation's or the definition's `x-amazon-apigateway-request-validator`).
 * API Gateway checks a body only against a declared model and only the parameters marked required.
 */
export interface RequestValidation {
  /** A body model is declared. */
  model: boolean;
  /** Required query-string and header parameters (`querystring.q`, `header.X-Id`). */
  requiredParameters: string[];
  /** The validator that applies; null = none; unresolved = named but not found in the definition. */
  validator: Maybe<{ name: string; body: Maybe<boolean>; parameters: Maybe<boolean>; location: SourceLocation }> | null;
  /**
   * Array schemas of the body models that set no `maxItems` (CKV_OPENAPI_21), in schema order;
   * unresolved when a model could not be read (an external `$ref`, a model outside the template).
   */
  unboundedArrays: Maybe<UnboundedArray[]>;
}

/** An array schema of a request model with no `maxItems`: its JSON pointer in the model and where it is written. */
export interface UnboundedArray {
  /** `/properties/items`, `/` for a model that is itself an array. */
  pointer: string;
  location: SourceLocation;
}

/**
 * How many invocations of an event-source mapping run at once: SQS `ScalingConfig.MaximumConcurrency`
 * (else the 1,000 batches AWS processes at most per mapping), Kinesis shards × `ParallelizationFactor`;
 * unresolved where the count is not in the definition (DynamoDB stream shards, Kafka partitions).
 */
export interface PollerBounds {
  concurrency: Maybe<number>;
  /** `ScalingConfig.MaximumConcurrency 10`, `4 shards × ParallelizationFactor 2`. */
  detail: string;
  /** Set by the user (MaximumConcurrency) rather than by how the source is built. */
  explicit: boolean;
}

export type EdgeKind =
  | 'triggers' // source resource or entry point → function
  | 'can-invoke' // function → function through IAM (lambda:InvokeFunction)
  | 'can-access' // function → resource through IAM (write or read)
  | 'calls' // function → resource/function, seen in handler code
  | 'publishes'; // resource → resource (SNS → SQS subscription, rule → target resource)

export interface Edge {
  kind: EdgeKind;
  from: string;
  to: string;
  /** For can-access: the IAM actions that make it (`sqs:SendMessage`). */
  actions?: string[];
  /** For triggers: the entry point id. */
  entryPoint?: string;
  location?: SourceLocation;
}

/**
 * A suppression declared in a resource's `Metadata` (`nightlight: ignore`, or cfn_nag's and cdk-nag's
 * `rules_to_suppress`, kept so that users migrating from them keep their suppressions). The engine
 * decides which findings it covers; the model only carries what was written.
 */
export interface DeclaredSuppression {
  /** Model id of the resource whose Metadata declares it (function, resource or other logical id). */
  resource: string;
  /** Which Metadata block it came from. */
  tool: 'nightlight' | 'cfn_nag' | 'cdk_nag' | 'checkov';
  /** The rule id as written: a nightlight id (optionally `rule-id[key]`), a cfn_nag or a cdk-nag id; '' when missing. */
  id: string;
  /** The justification; null when missing or blank (such a suppression does not suppress). */
  reason: string | null;
  /** Finding keys it is limited to (cdk-nag `applies_to`, nightlight `keys`), e.g. `Action::s3:*`. */
  appliesTo?: string[];
  location: SourceLocation;
}

/**
 * An owner declared on a resource of the configuration (docs/owners.md): `Metadata: { nightlight:
 * { owner } }`, or an owner tag (`nightlight:owner`, `owner`, `team`). It outranks the owner of the
 * file that declares the resource.
 */
export interface DeclaredOwner {
  /** Model id of the resource (function, resource, role or other logical id). */
  resource: string;
  owners: string[];
  source: 'metadata' | 'tag';
  /** `nightlight.owner`, or the tag key as written. */
  key: string;
  location: SourceLocation;
}

export interface AppModel {
  inputs: InputFile[];
  functions: FunctionNode[];
  roles: RoleNode[];
  resources: ResourceNode[];
  entryPoints: EntryPoint[];
  edges: Edge[];
  diagnostics: Diagnostic[];
  /** IAM users and groups, sorted by id. Absent when none. */
  identities?: IdentityNode[];
  /** Customer managed policies, sorted by id. Absent when none. */
  managedPolicies?: ManagedPolicyNode[];
  /** Role id → instance profiles (ids) that hand it to EC2 instances. Absent when none. */
  instanceProfiles?: Record<string, string[]>;
  /** Suppressions declared in template Metadata, sorted by file, line, column. Absent when none. */
  suppressions?: DeclaredSuppression[];
  /**
   * References from one stack to another (every other reference stays inside its stack): an
   * `Fn::ImportValue` of another stack's `Export`, an SSM parameter another stack writes, or an
   * explicit name or ARN another stack declares. Sorted; absent when none.
   */
  crossStackLinks?: CrossStackLink[];
  /** Owners declared in resources' Metadata or tags, sorted by resource id. Absent when none. */
  declaredOwners?: DeclaredOwner[];
  /** Terraform module calls, sorted by id. Absent when none. */
  modules?: ModuleCall[];
}

/**
 * A Terraform module call written in the scanned configuration (`module "x" { source = ... }`):
 * where the code it deploys comes from, and what of the app it defines when its source was read.
 */
export interface ModuleCall {
  /** The call's address (`module.api`, `module.app.module.lambda`, `module.fn["a"]`). */
  id: string;
  stack: string;
  /** `source` as written (resolved). */
  source: Maybe<string>;
  /** Where the source points: a folder of the configuration, a registry module, a Git repository, another location (an archive, a bucket). */
  origin: 'local' | 'registry' | 'git' | 'other' | 'unresolved';
  /** Registry modules: the `version` constraint (null: none). */
  version: Maybe<string> | null;
  /** Git sources: the `ref=` of the source (null: none, the default branch). */
  ref: string | null;
  /** The module's files were read (a local folder, or a module `terraform init` downloaded). */
  loaded: boolean;
  /** Functions and roles of the model the module defines (ids), when it was read. */
  defines: { functions: string[]; roles: string[] };
  /** Where `source` is written. */
  location: SourceLocation;
}

export interface CrossStackLink {
  kind: 'import-value' | 'ssm-parameter' | 'physical-name';
  /** The referring stack (its template file) and the stack that declares the name. */
  from: string;
  to: string;
  /** The export name, parameter name, or the physical name or ARN both sides spell out. */
  name: string;
}
