/** Public result types of the handler code analysis. */
import type { FlowStep } from '../../model/findings.js';
import type { Cloud, Diagnostic, EntryPointKind, SourceLocation } from '../../model/types.js';
import type { CodeCategory } from './sinks.js';

/** A resource argument of an SDK call. The caller resolves env names against the function's Environment. */
export type ResourceValue =
  | { kind: 'literal'; value: string }
  | { kind: 'env'; name: string }
  /** Built from parts: `${NAME}` marks an environment variable, `*` an unknown part. */
  | { kind: 'pattern'; pattern: string; env: string[] }
  | { kind: 'unknown'; reason: string; tainted: boolean };

export interface SdkResource {
  /** The input field: TableName, Bucket, QueueUrl, FunctionName, … */
  param: string;
  value: ResourceValue;
}

export type SdkFlavor = 'js-v2' | 'js-v3' | 'boto3' | 'java-v2' | 'java-v1' | 'go-v2' | 'go-v1' | 'dotnet' | 'ruby' | 'google-cloud' | 'azure-sdk';

/** A Google Cloud client library or Azure SDK call: what its own cloud checks (cloud-sdk.ts). */
export interface NativeCall {
  cloud: Cloud;
  /** Google IAM permissions or Azure RBAC actions the call needs of the identity. */
  permissions: string[];
  /** Azure: data actions (a role's DataActions grant them, not its Actions). */
  data: boolean;
  /** `key`: the client authenticates with a key, SAS or connection string, not as the function's identity: it needs no role. */
  auth: 'identity' | 'key';
  /** The method is on a known client but not in the map: what it needs is not known. */
  unmapped?: string;
  /** Resource kinds its target may be (Service Bus: a queue or a topic). */
  kinds?: string[];
}

export interface SdkCall {
  sdk: SdkFlavor;
  /** IAM service prefix (`s3`, `dynamodb`, `states`). */
  service: string;
  /** API operation (`ListObjectsV2`, `PutItem`). */
  operation: string;
  /** IAM actions the operation needs. */
  actions: string[];
  /** Where the mapping comes from (AWS documentation page). */
  actionSource: string;
  resources: SdkResource[];
  location: SourceLocation;
  /** False when the call sits in code the handler was not seen to reach (kept for least-privilege safety). */
  reachable: boolean;
  /** Event data reaches the resource argument (confused deputy / IAM-RESOURCE-INJECTION). */
  resourceTaint: TaintPath | null;
  /** Event data reaches the payload (message body, item, invoke payload). */
  payloadTaint: TaintPath | null;
  /** Google Cloud and Azure calls: the permission on their own cloud. */
  native?: NativeCall;
}

export interface TaintPath {
  sourceKind: EntryPointKind | null;
  /** e.g. `event.body`. */
  sourceLabel: string;
  steps: FlowStep[];
  /** For a payload: the request field that carries the data (`MessageBody`, `Key`). */
  field?: string;
  /** Data read back from a store (second order): the entry point whose caller wrote it. */
  origin?: string;
}

export interface TaintFinding {
  category: CodeCategory;
  message: string;
  /** Qualified sink name, e.g. `child_process.exec`, `pg#query`, `dynamodb:Query FilterExpression`. */
  sink: string;
  source: SourceLocation;
  sourceLabel: string;
  sourceKind: EntryPointKind | null;
  location: SourceLocation;
  /** From the source to the sink, for SARIF codeFlows. */
  path: FlowStep[];
  /** Second order: the data was read back from a store that this entry point's caller writes through another function. */
  origin?: string;
}

/** What a function sends where: SDK calls that deliver data to another resource. */
export interface SendRecord {
  action: string;
  service: string;
  operation: string;
  target: SdkResource | null;
  location: SourceLocation;
  payloadTainted: boolean;
  payload: TaintPath | null;
}

export type SecretKind =
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'github-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'private-key'
  | 'jwt'
  | 'google-api-key'
  | 'sendgrid-key'
  | 'npm-token'
  | 'openai-key'
  | 'generic-secret'
  /** A value under a password-like name (`DB_PASSWORD`, `db_pw`, `pass`, `auth`), however short or word-like. */
  | 'password'
  /** A value that reads like a password a person chose (`supersecret99`, `P@ssw0rd1`), under any name. */
  | 'password-like-value';

export interface SecretFinding {
  kind: SecretKind;
  /** The name it is assigned to, when there is one. */
  name: string | null;
  /** Redacted: first four characters and the length. */
  redacted: string;
  location: SourceLocation;
}

export interface HandlerAnalysis {
  functionId: string;
  /** False when the exported handler could not be found in the module. */
  resolved: boolean;
  calls: SdkCall[];
  taint: TaintFinding[];
  secrets: SecretFinding[];
  sends: SendRecord[];
  /** Sorted, de-duplicated IAM actions of all calls (reachable or not). */
  actions: string[];
  diagnostics: Diagnostic[];
}

export interface AnalyzeOptions {
  /** Entry point kinds that reach this function; decides which event fields are attacker-controlled. */
  entryKinds: readonly EntryPointKind[];
  /** The function's cloud: Google and Azure hand handlers a request or CloudEvent, not a Lambda event (default aws). */
  cloud?: Cloud;
  /** Interprocedural depth (default 8). */
  maxCallDepth?: number;
  /** Evaluation steps per handler before giving up with a diagnostic (default 400,000). */
  maxSteps?: number;
  /** Second order: what a read (`s3:GetObject`, `dynamodb:GetItem`, …) of these resources returns is the writer's input. */
  storedInput?: StoredInput;
}

/** Decides whether a read returns data an outside caller stored; null when it does not (or is not known to). */
export type StoredInput = (service: string, operation: string, resources: readonly SdkResource[]) => StoredTaint | null;

export interface StoredTaint {
  kind: EntryPointKind;
  /** `the object read from UploadsBucket`. */
  label: string;
  /** The writer's entry point id. */
  origin: string;
  /** From the writer's source to the write. */
  steps: FlowStep[];
}
