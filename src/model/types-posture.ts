/**
 * The declared hardening posture of data resources, CloudFront distributions, API stages and
 * AppSync APIs: part of the one vocabulary of `types.ts`, which re-exports it (kept apart for size).
 */
import type { Maybe, SourceLocation, Unresolved } from './values.js';

/**
 * Who holds the key the data is encrypted with at rest: `none` (stored unencrypted), `service` (a
 * key AWS owns or manages for the service: SSE-SQS, `alias/aws/sns`, SSE-S3, DynamoDB's default),
 * `customer` (a KMS key of the account, whose key policy decides who can decrypt).
 */
export type KeyHolder = 'none' | 'service' | 'customer';

export interface ResourcePosture {
  /** Encryption at rest; unresolved when the key or the switch is given by an unresolved value. */
  encryption?: { at: KeyHolder | Unresolved; location: SourceLocation; /** The KMS key of the scan it names, by id (set by the builder; absent when the key is not in the scan). */ key?: string };
  /** DynamoDB: point-in-time recovery enabled. */
  pointInTimeRecovery?: { on: Maybe<boolean>; location: SourceLocation };
  /** S3: versioning enabled (`Suspended` and absent are off). */
  versioning?: { on: Maybe<boolean>; location: SourceLocation };
  /** Secrets Manager: a rotation schedule names the secret (filled in by the builder). */
  rotation?: { on: boolean; location: SourceLocation };
  /** KMS: automatic rotation of a symmetric encryption key whose material KMS generated (`EnableKeyRotation`); absent for keys that cannot rotate automatically. */
  keyRotation?: { on: Maybe<boolean>; location: SourceLocation };
  /** S3: Block Public Access settings turned off on the bucket (none when the bucket keeps S3's default, all four on). */
  publicAccessBlock?: { off: Maybe<string[]>; location: SourceLocation };
  /** S3: server access logging (`LoggingConfiguration`). */
  accessLogging?: { on: Maybe<boolean>; location: SourceLocation };
  /** CloudWatch Logs: days kept (`null`: forever). */
  retention?: { days: Maybe<number> | null; location: SourceLocation };
  /** Step Functions: execution history logged to CloudWatch Logs (a level other than OFF, and a destination). */
  executionLogging?: { on: Maybe<boolean>; location: SourceLocation };
  /** Step Functions: X-Ray tracing. */
  tracing?: { on: Maybe<boolean>; location: SourceLocation };
  /** API Gateway APIs: the stages the API is served on (`model/api-posture.ts`). */
  stages?: ApiStage[];
  /** AppSync APIs: request logging (`LogConfig`), its field-level log level, X-Ray, the web ACL. */
  appsync?: AppSyncPosture;
  /** CloudFront distributions: origins, viewer TLS, web ACL, access logs, cache behaviours (`model/distributions.ts`). */
  distribution?: DistributionPosture;
}

/** What a CloudFront origin's domain resolves to. */
export type OriginKind = 'api' | 'function-url' | 'bucket' | 'load-balancer' | 'other' | 'unresolved';

/** One origin of a CloudFront distribution. */
export interface DistributionOrigin {
  /** The origin's `Id`. */
  id: string;
  kind: OriginKind;
  /** The model element behind it: the API or bucket resource id, the function (of a function URL) id; null when not in the model. */
  target: string | null;
  /** The domain as written (resolved), for messages. */
  domain: Maybe<string>;
  /** CloudFront signs its requests to the origin: origin access control (S3, Lambda function URLs) or an S3 origin access identity. */
  accessControl: boolean;
  /** Names of the custom headers CloudFront adds to requests to the origin (a shared secret the origin may check). */
  headers: string[];
  /** Load balancers of the model: every target group its listeners forward to is a Lambda target group of the scan. */
  lambdaOnly?: boolean;
  location: SourceLocation;
}

/** One cache behaviour (the default one has path `*`). */
export interface CacheBehaviour {
  path: string;
  origin: Maybe<string>;
  /** `allow-all`, `redirect-to-https`, `https-only`. */
  viewerProtocolPolicy: Maybe<string>;
  /** `AllowedMethods` (GET and HEAD when not set). */
  allowedMethods: Maybe<string>[];
  /** Viewers must present a signed URL or cookie (`TrustedKeyGroups` / `TrustedSigners`). */
  signed: boolean;
  /** A viewer-request function runs first (CloudFront Functions or Lambda@Edge), which may authenticate. */
  viewerFunction: boolean;
  location: SourceLocation;
}

/** A CloudFront distribution's settings as declared, with CloudFront's defaults where the template says nothing. */
export interface DistributionPosture {
  origins: DistributionOrigin[];
  behaviours: CacheBehaviour[];
  /**
   * The oldest TLS version viewers may use: `ViewerCertificate.MinimumProtocolVersion` with a
   * certificate of the account (ACM or IAM); with the default `*.cloudfront.net` certificate
   * CloudFront uses `TLSv1` whatever is written (`defaultCertificate`).
   */
  viewerTls: { version: Maybe<string>; defaultCertificate: boolean; location: SourceLocation };
  /** `WebACLId`: a WAF web ACL (WAFv2 ARN or Classic id) filters viewer requests. */
  webAcl: { on: Maybe<boolean>; location: SourceLocation };
  /** Standard access logs (`Logging.Bucket`). */
  logging: { on: Maybe<boolean>; location: SourceLocation };
  location: SourceLocation;
}

/** A CloudFront distribution that forwards viewers' requests to an entry point's source. */
export interface FrontDoor {
  /** The distribution's id. */
  distribution: string;
  /** The origin's `Id`. */
  origin: string;
  /**
   * Whether the origin takes requests only from the distribution: true (a function URL with
   * AuthType AWS_IAM behind origin access control), false (the origin still answers anyone who
   * calls it directly), unresolved (the distribution sends a header the origin may check).
   */
  restricted: Maybe<boolean>;
  location: SourceLocation;
}

/**
 * What an AppSync entry point (`appsync-resolver`) runs for: the API, the Lambda data source and
 * the GraphQL fields whose resolvers use it (a unit resolver's data source, or a pipeline
 * function's). The entry point's label says the same in words; rules and reports read this.
 */
export interface GraphqlResolvers {
  /** The API's id in the model; null when it is not in the scan (an imported or foreign `ApiId`). */
  api: string | null;
  /** The data source's `Name` (its logical id or address when it has none). */
  dataSource: string;
  /** The fields, sorted by type then field; [] when no resolver of the scan uses the data source (resolvers may be added elsewhere). */
  fields: GraphqlField[];
  /**
   * Where the API's most open authentication type is written: the `AuthenticationType` (or the
   * additional provider) that decides the entry point's auth, or the value that could not be read;
   * the data source's `ApiId` when the API is not in the scan.
   */
  authLocation: SourceLocation;
}

/** A GraphQL field: `Query.order` is `{ type: 'Query', field: 'order' }`; a name that cannot be read is unresolved. */
export interface GraphqlField {
  type: Maybe<string>;
  field: Maybe<string>;
}

/** One stage of an API Gateway API, with its logging, tracing and protection as declared. */
export interface ApiStage {
  /** The stage name; the `Stage` resource, or the deployment that creates it, locates it. */
  name: Maybe<string>;
  /** Access logs are written to a destination (`AccessLogSetting(s).DestinationArn`). */
  accessLog: Maybe<boolean>;
  /** REST and WebSocket: the execution log level of every method or route (`OFF` when not set); absent for HTTP APIs, which have none. */
  executionLog?: Maybe<string>;
  /** REST: X-Ray tracing of requests through the stage. */
  tracing?: Maybe<boolean>;
  /** REST: a client certificate API Gateway presents to HTTP backends. */
  clientCertificate?: Maybe<boolean>;
  /** REST: a WAF web ACL is associated with the stage (an association whose target is unresolved: unresolved). */
  waf?: Maybe<boolean>;
  location: SourceLocation;
}

export interface AppSyncPosture {
  /** `LogConfig` with a role AppSync writes to CloudWatch Logs with. */
  logging: Maybe<boolean>;
  /** `LogConfig.FieldLogLevel` (`NONE` when not set). */
  fieldLogLevel: Maybe<string>;
  /** Who may call it: the authentication types, the default first. */
  authTypes: Maybe<string>[];
  waf: Maybe<boolean>;
  location: SourceLocation;
}
