/**
 * SNS events: the topic (or an existing one by ARN), the subscription with its filter and redrive
 * policy, the invoke permission.
 */
import type { DocPath, JsonObject, JsonValue } from '../../../model/types.js';
import { asObject, asString, getAtt, isIntrinsic, isObject, join, present, ref, type FunctionInfo } from '../context.js';
import { names } from '../naming.js';
import { permission, nameFromArn, type EventContext } from './shared.js';

export function compileSns(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  let ev: JsonObject;
  if (typeof value === 'string') ev = value.startsWith('arn:') ? { arn: value } : { topicName: value };
  else if (isIntrinsic(value)) ev = { arn: value };
  else if (isObject(value)) ev = value;
  else {
    ec.c.diag('warning', 'sls-event-invalid', `sns event of function '${fn.key}' has no topic; ignored`, esrc);
    return;
  }
  const arn = ev['arn'];
  const fnArn = getAtt(fn.logicalId, 'Arn');
  if (present(arn)) {
    const topicName = asString(ev['topicName']) ?? nameFromArn(arn, 'sns');
    ec.c.add(names.snsSubscription(fn.key, topicName), { Type: 'AWS::SNS::Subscription', Properties: snsSubscriptionProps(ec, ev, arn, fnArn) }, esrc);
    ec.c.add(names.snsPermission(fn.key, topicName), permission(fnArn, 'sns.amazonaws.com', { SourceArn: arn }), esrc);
    return;
  }
  const topicName = asString(ev['topicName']);
  if (!topicName) {
    ec.c.diag('warning', 'sls-event-invalid', `sns event of function '${fn.key}' has neither topicName nor arn; ignored`, esrc);
    return;
  }
  const topicId = names.snsTopic(topicName);
  let topic = asObject(ec.c.resources[topicId]);
  if (!topic || !ec.topics.has(topicId)) {
    const props: JsonObject = { TopicName: topicName };
    if (present(ev['displayName'])) props['DisplayName'] = ev['displayName'];
    if (present(ev['kmsMasterKeyId'])) props['KmsMasterKeyId'] = ev['kmsMasterKeyId'];
    topic = ec.c.add(topicId, { Type: 'AWS::SNS::Topic', Properties: props }, esrc);
    ec.topics.set(topicId, topicName);
  }
  const separate = present(ev['filterPolicy']) || present(ev['redrivePolicy']) || present(ev['filterPolicyScope']);
  if (separate) {
    ec.c.add(names.snsSubscription(fn.key, topicName), { Type: 'AWS::SNS::Subscription', Properties: snsSubscriptionProps(ec, ev, ref(topicId), fnArn) }, esrc);
  } else {
    const props = topic['Properties'] as JsonObject;
    const subs = (props['Subscription'] as JsonValue[] | undefined) ?? [];
    ec.c.mount(['Resources', topicId, 'Properties', 'Subscription', subs.length], esrc);
    subs.push({ Endpoint: fnArn, Protocol: 'lambda' });
    props['Subscription'] = subs;
  }
  ec.c.add(
    names.snsPermission(fn.key, topicName),
    permission(fnArn, 'sns.amazonaws.com', {
      SourceArn: join('', ['arn:', ref('AWS::Partition'), ':sns:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':', topicName]),
    }),
    esrc,
  );
  void vsrc;
}

function snsSubscriptionProps(ec: EventContext, ev: JsonObject, topicArn: JsonValue, fnArn: JsonValue): JsonObject {
  const props: JsonObject = { TopicArn: topicArn, Protocol: 'lambda', Endpoint: fnArn };
  if (present(ev['filterPolicy'])) props['FilterPolicy'] = ev['filterPolicy'];
  if (present(ev['filterPolicyScope'])) props['FilterPolicyScope'] = ev['filterPolicyScope'];
  const redrive = asObject(ev['redrivePolicy']);
  if (redrive) {
    const target = redrive['deadLetterTargetArn'] ?? redrive['deadLetterTargetRef'] ?? redrive['deadLetterTargetImport'] ?? null;
    props['RedrivePolicy'] = { deadLetterTargetArn: target };
  }
  return props;
}
