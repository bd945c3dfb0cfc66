/**
 * S3 events: the bucket the framework creates (or, with `existing: true`, the custom resource that
 * configures an existing one), its notifications and the invoke permission.
 */
import type { DocPath, JsonObject, JsonValue } from '../../../model/types.js';
import { asArray, asObject, getAtt, isObject, join, ref, type FunctionInfo } from '../context.js';
import { names, upperFirst } from '../naming.js';
import { permission, pascalKeys, type EventContext } from './shared.js';

export function compileS3(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const ev: JsonObject = typeof value === 'string' ? { bucket: value } : isObject(value) ? value : {};
  const bucketValue = ev['bucket'];
  const event = ev['event'] ?? 's3:ObjectCreated:*';
  const rules = asArray(ev['rules']).filter(isObject);
  if (typeof bucketValue !== 'string' || bucketValue.length === 0) {
    ec.c.diag('warning', 'sls-event-invalid', `s3 event of function '${fn.key}' has no bucket name (the framework requires a string); the trigger is not in the model`, esrc);
    return;
  }
  if (ev['existing'] === true) {
    compileExistingS3(ec, fn, bucketValue, event, rules, esrc);
    return;
  }
  const providerBuckets = asObject(ec.provider['s3']) ?? {};
  const custom = asObject(providerBuckets[bucketValue]);
  const bucketName: JsonValue = custom ? custom['name'] ?? custom['bucketName'] ?? bucketValue : bucketValue;
  const idName = custom ? bucketValue : bucketValue;
  const bucketId = custom ? `S3Bucket${upperFirst(bucketValue).replace(/[^0-9A-Za-z]/g, '')}` : names.s3Bucket(idName);
  const permId = names.s3Permission(fn.key, custom ? bucketValue : bucketValue);
  let entry = ec.buckets.get(bucketId);
  if (!entry) {
    const props: JsonObject = { BucketName: bucketName, NotificationConfiguration: { LambdaConfigurations: [] } };
    if (custom) {
      for (const [k, v] of Object.entries(custom)) if (k !== 'name' && k !== 'bucketName') props[upperFirst(k)] = pascalKeys(v);
    }
    const resource: JsonObject = { Type: 'AWS::S3::Bucket', Properties: props, DependsOn: [] };
    ec.c.add(bucketId, resource, custom ? ['provider', 's3', bucketValue] : esrc);
    entry = { id: bucketId, resource };
    ec.buckets.set(bucketId, entry);
  }
  const cfg: JsonObject = { Event: event, Function: getAtt(fn.logicalId, 'Arn') };
  if (rules.length > 0) {
    cfg['Filter'] = {
      S3Key: {
        Rules: rules.flatMap((r) => Object.entries(r).map(([k, v]) => ({ Name: k, Value: v }))),
      },
    };
  }
  const props = entry.resource['Properties'] as JsonObject;
  const list = (props['NotificationConfiguration'] as JsonObject)['LambdaConfigurations'] as JsonValue[];
  ec.c.mount(['Resources', bucketId, 'Properties', 'NotificationConfiguration', 'LambdaConfigurations', list.length], esrc);
  list.push(cfg);
  const dependsOn = entry.resource['DependsOn'] as JsonValue[];
  if (!dependsOn.includes(permId)) dependsOn.push(permId);
  if (!ec.c.resources[permId]) {
    ec.c.add(
      permId,
      permission(getAtt(fn.logicalId, 'Arn'), 's3.amazonaws.com', {
        SourceArn: join('', ['arn:', ref('AWS::Partition'), ...(typeof bucketName === 'string' ? [`:s3:::${bucketName}`] : [':s3:::', bucketName])]),
        SourceAccount: ref('AWS::AccountId'),
      }),
      esrc,
    );
  }
}

function compileExistingS3(ec: EventContext, fn: FunctionInfo, bucket: string, event: JsonValue, rules: JsonObject[], esrc: DocPath): void {
  ec.c.useCustomResource('existing-s3', esrc);
  const key = `${fn.key}\u0001${bucket}`;
  let id = ec.existingS3.get(key);
  if (!id) {
    const n = [...ec.existingS3.keys()].filter((k) => k.startsWith(`${fn.key}\u0001`)).length + 1;
    id = names.customS3(fn.key, n);
    ec.existingS3.set(key, id);
    const dependsOn: JsonValue[] = [fn.logicalId, names.customResourceFunction('existing-s3')];
    const previous = [...ec.existingS3.entries()].find(([k, v]) => k.endsWith(`\u0001${bucket}`) && v !== id);
    if (previous) dependsOn.push(previous[1]);
    ec.c.add(
      id,
      {
        Type: 'Custom::S3',
        Version: 1,
        DependsOn: dependsOn,
        Properties: { ServiceToken: getAtt(names.customResourceFunction('existing-s3'), 'Arn'), FunctionName: fn.name, BucketName: bucket, BucketConfigs: [] },
      },
      esrc,
    );
    ec.c.customResourceStatements.push({
      statement: { Effect: 'Allow', Resource: join(':', ['arn', ref('AWS::Partition'), 's3', '', '', bucket]), Action: ['s3:PutBucketNotification', 's3:GetBucketNotification'] },
      src: esrc,
    });
  }
  const resource = ec.c.resources[id] as JsonObject;
  const configs = (resource['Properties'] as JsonObject)['BucketConfigs'] as JsonValue[];
  ec.c.mount(['Resources', id, 'Properties', 'BucketConfigs', configs.length], esrc);
  configs.push({ Event: event, Rules: rules.flatMap((r) => Object.entries(r).map(([k, v]) => ({ [upperFirst(k)]: v }))) });
}
