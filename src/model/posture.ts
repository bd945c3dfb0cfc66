/**
 * Hardening settings of the data resources functions touch, as declared (issue 22): encryption at
 * rest, point-in-time recovery, versioning, secret and KMS key rotation, S3 Block Public Access and
 * access logs, log retention, state machines' execution logs and tracing. The posture rules decide what a gap
 * means for the app; here only what the template says, with AWS's defaults where the template says
 * nothing (each default below names where AWS documents it). Pure.
 */
import type { DocPath, KeyHolder, Maybe, ResourcePosture, SourceLocation, Unresolved } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';

/** AWS managed keys by alias: the service holds them, the account's key policy does not decide. */
const AWS_MANAGED = /^(alias\/aws\/|arn:aws[\w-]*:kms:[^:]*:[^:]*:alias\/aws\/)/;

/** The key a key property names, as written (an ARN, key id or alias) or by the logical id it references; the builder links it to the key's id (`model/resource-links.ts`). */
function keyOf(key: RValue | undefined): { key?: string } {
  if (isUnresolved(key)) return key.ref !== undefined ? { key: key.ref } : {};
  return typeof key === 'string' && key !== '' ? { key } : {};
}

function keyHolder(key: RValue | undefined): KeyHolder | Unresolved {
  if (key === undefined || key === null || key === '') return 'none';
  if (isUnresolved(key)) {
    if (key.ref !== undefined) return 'customer'; // a key of the stack (`!Ref Key`, `!GetAtt Key.Arn`)
    return key.pattern && AWS_MANAGED.test(key.pattern) ? 'service' : key;
  }
  if (typeof key !== 'string') return unresolved('the key is not a string');
  return AWS_MANAGED.test(key) ? 'service' : 'customer';
}

const isTrue = (v: RValue | undefined): boolean => v === true || v === 'true';
const isFalse = (v: RValue | undefined): boolean => v === false || v === 'false';
function flag(v: RValue | undefined): Maybe<boolean> {
  if (isUnresolved(v)) return v;
  return isTrue(v);
}

const BLOCK_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

/**
 * S3 Block Public Access on a bucket: without a configuration a bucket keeps S3's default for new
 * buckets (all four settings on since April 2023, Amazon S3 User Guide, "Blocking public access");
 * a configuration replaces it, and a setting it leaves out is off.
 */
function publicAccessBlock(cfg: RValue | undefined, location: SourceLocation): { off: Maybe<string[]>; location: SourceLocation } {
  if (cfg === undefined || cfg === null) return { off: [], location };
  if (isUnresolved(cfg)) return { off: cfg, location };
  const o = asObject(cfg as never) as RObject;
  const unknown = BLOCK_FLAGS.map((k) => o[k]).find((v) => isUnresolved(v));
  if (unknown !== undefined && isUnresolved(unknown)) return { off: unknown, location };
  return { off: BLOCK_FLAGS.filter((k) => !isTrue(o[k])), location };
}

/**
 * The posture of one resource from its resolved properties; `at(path)` locates a property path
 * under the resource (`[]` is the resource itself). Undefined for types without these settings.
 */
export function resourcePosture(type: string, p: RObject, at: (path: DocPath) => SourceLocation): ResourcePosture | undefined {
  const here = at([]);
  const where = (key: string) => (p[key] === undefined ? here : at([key]));
  switch (type) {
    case 'AWS::SQS::Queue': {
      // SSE-SQS is on for queues created since 2022-10 unless turned off (Amazon SQS Developer Guide,
      // "Encryption at rest"); a KMS key replaces it.
      if (p['KmsMasterKeyId'] !== undefined) return { encryption: { at: keyHolder(p['KmsMasterKeyId']), location: at(['KmsMasterKeyId']), ...keyOf(p['KmsMasterKeyId']) } };
      const sse = p['SqsManagedSseEnabled'];
      return { encryption: { at: isUnresolved(sse) ? sse : isFalse(sse) ? 'none' : 'service', location: where('SqsManagedSseEnabled') } };
    }
    case 'AWS::SNS::Topic':
      // SNS encrypts only with a KMS key (Amazon SNS Developer Guide, "Encryption at rest").
      return { encryption: { at: keyHolder(p['KmsMasterKeyId']), location: where('KmsMasterKeyId'), ...keyOf(p['KmsMasterKeyId']) } };
    case 'AWS::Kinesis::Stream': {
      const enc = asObject(p['StreamEncryption'] as never) as RObject;
      if (isUnresolved(p['StreamEncryption'])) return { encryption: { at: p['StreamEncryption'] as Unresolved, location: at(['StreamEncryption']) } };
      const kind = enc['EncryptionType'];
      const holder = p['StreamEncryption'] === undefined || kind === 'NONE' ? 'none' : isUnresolved(kind) ? kind : keyHolder(enc['KeyId']);
      return { encryption: { at: holder, location: where('StreamEncryption'), ...keyOf(enc['KeyId']) } };
    }
    case 'AWS::DynamoDB::Table': {
      // Every table is encrypted: with an AWS owned key unless SSESpecification asks for KMS
      // (Amazon DynamoDB Developer Guide, "Encryption at rest").
      const sse = asObject(p['SSESpecification'] as never) as RObject;
      const enabled = sse['SSEEnabled'];
      const holder: KeyHolder | Unresolved = isUnresolved(enabled) ? enabled : isTrue(enabled) && sse['KMSMasterKeyId'] !== undefined ? keyHolder(sse['KMSMasterKeyId']) : 'service';
      const pitr = asObject(p['PointInTimeRecoverySpecification'] as never) as RObject;
      const pitrOn = pitr['PointInTimeRecoveryEnabled'];
      return {
        encryption: { at: holder, location: where('SSESpecification'), ...keyOf(sse['KMSMasterKeyId']) },
        pointInTimeRecovery: { on: flag(pitrOn), location: pitrOn === undefined ? here : at(['PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled']) },
      };
    }
    case 'AWS::S3::Bucket': {
      // Objects are encrypted with SSE-S3 by default since 2023-01 (Amazon S3 User Guide, "Setting
      // default server-side encryption behavior"); aws:kms without a key id is the aws/s3 key.
      const rules = asObject(p['BucketEncryption'] as never)['ServerSideEncryptionConfiguration'];
      const first = Array.isArray(rules) ? (asObject(asObject(rules[0] as never)['ServerSideEncryptionByDefault'] as never) as RObject) : {};
      const algo = first['SSEAlgorithm'];
      const holder: KeyHolder | Unresolved = isUnresolved(rules) ? rules : isUnresolved(algo) ? algo : typeof algo === 'string' && algo.startsWith('aws:kms') && first['KMSMasterKeyID'] !== undefined ? keyHolder(first['KMSMasterKeyID']) : 'service';
      const status = asObject(p['VersioningConfiguration'] as never)['Status'];
      const logging = p['LoggingConfiguration'];
      return {
        encryption: { at: holder, location: where('BucketEncryption'), ...keyOf(first['KMSMasterKeyID']) },
        versioning: { on: isUnresolved(status) ? status : status === 'Enabled', location: status === undefined ? here : at(['VersioningConfiguration', 'Status']) },
        publicAccessBlock: publicAccessBlock(p['PublicAccessBlockConfiguration'], where('PublicAccessBlockConfiguration')),
        accessLogging: { on: isUnresolved(logging) ? logging : logging !== undefined && logging !== null, location: where('LoggingConfiguration') },
      };
    }
    case 'AWS::StepFunctions::StateMachine': {
      // Logging is off unless LoggingConfiguration names a level other than OFF and a destination;
      // tracing is off unless enabled (AWS Step Functions Developer Guide, "Logging", "X-Ray").
      const log = p['LoggingConfiguration'];
      const lo = asObject(log as never) as RObject;
      const level = lo['Level'];
      const dest = lo['Destinations'];
      const logging: Maybe<boolean> = isUnresolved(log) ? log : isUnresolved(level) ? level : isUnresolved(dest) ? dest : level !== undefined && level !== 'OFF' && Array.isArray(dest) && dest.length > 0;
      const tracing = asObject(p['TracingConfiguration'] as never)['Enabled'];
      return {
        executionLogging: { on: logging, location: where('LoggingConfiguration') },
        tracing: { on: isUnresolved(p['TracingConfiguration']) ? (p['TracingConfiguration'] as Unresolved) : flag(tracing), location: where('TracingConfiguration') },
      };
    }
    case 'AWS::Scheduler::Schedule':
      // The target input is encrypted with an AWS owned key unless KmsKeyArn names one (Amazon
      // EventBridge Scheduler User Guide, "Data protection").
      return { encryption: { at: p['KmsKeyArn'] === undefined ? 'service' : keyHolder(p['KmsKeyArn']), location: where('KmsKeyArn'), ...keyOf(p['KmsKeyArn']) } };
    case 'AWS::KinesisFirehose::DeliveryStream': {
      // Direct PUT streams store records unencrypted unless server-side encryption is on; a stream
      // reading a Kinesis stream has that stream's encryption (Amazon Data Firehose Developer Guide,
      // "Data protection").
      if (p['KinesisStreamSourceConfiguration'] !== undefined) return undefined;
      const cfg = p['DeliveryStreamEncryptionConfigurationInput'];
      const c = asObject(cfg as never) as RObject;
      const type = c['KeyType'];
      const holder: KeyHolder | Unresolved = isUnresolved(cfg) ? cfg : cfg === undefined ? 'none' : isUnresolved(type) ? type : type === 'CUSTOMER_MANAGED_CMK' ? keyHolder(c['KeyARN']) : 'service';
      return { encryption: { at: holder, location: where('DeliveryStreamEncryptionConfigurationInput'), ...keyOf(c['KeyARN']) } };
    }
    case 'AWS::SecretsManager::Secret': {
      // Without KmsKeyId the secret is encrypted with aws/secretsmanager (AWS Secrets Manager User Guide, "Secret encryption and decryption").
      const key = p['KmsKeyId'];
      return { encryption: { at: key === undefined ? 'service' : keyHolder(key), location: where('KmsKeyId'), ...keyOf(key) }, rotation: { on: false, location: here } };
    }
    case 'AWS::KMS::Key': {
      // Automatic rotation exists only for symmetric encryption keys whose key material KMS
      // generated (AWS KMS Developer Guide, "Rotate AWS KMS keys"): not for asymmetric or HMAC
      // keys, nor imported material (Origin EXTERNAL) or custom key stores. EnableKeyRotation
      // defaults to false (AWS::KMS::Key, CloudFormation User Guide).
      const fixed: [string, string][] = [['KeySpec', 'SYMMETRIC_DEFAULT'], ['KeyUsage', 'ENCRYPT_DECRYPT'], ['Origin', 'AWS_KMS']];
      if (fixed.some(([k, v]) => p[k] !== undefined && !isUnresolved(p[k]) && p[k] !== v)) return undefined;
      const rotation = p['EnableKeyRotation'];
      const open = fixed.find(([k]) => isUnresolved(p[k]));
      const on: Maybe<boolean> = isUnresolved(rotation) ? rotation : isTrue(rotation) ? true : open ? unresolved(`whether the key can rotate: ${open[0]} could not be resolved`) : false;
      return { keyRotation: { on, location: where('EnableKeyRotation') } };
    }
    case 'AWS::Logs::LogGroup': {
      // Log data is always encrypted; KmsKeyId makes the key the account's (Amazon CloudWatch Logs
      // User Guide, "Encrypt log data"). Without RetentionInDays events never expire.
      const key = p['KmsKeyId'];
      const days = p['RetentionInDays'];
      return {
        encryption: { at: key === undefined ? 'service' : keyHolder(key), location: where('KmsKeyId'), ...keyOf(key) },
        retention: { days: days === undefined || days === null ? null : isUnresolved(days) ? days : typeof days === 'number' ? days : Number.isFinite(Number(days)) ? Number(days) : unresolved(`RetentionInDays ${String(days)} is not a number`), location: where('RetentionInDays') },
      };
    }
  }
  return undefined;
}
