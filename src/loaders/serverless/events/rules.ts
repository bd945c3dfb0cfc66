/**
 * Rules and schedules (`schedule`, `eventBridge`, `cloudwatchEvent`, `cloudwatchLog` events):
 * rules, buses, targets, log subscription filters and their permissions.
 */
import type { DocPath, JsonObject, JsonValue } from '../../../model/types.js';
import { asArray, asObject, asString, getAtt, isObject, join, present, ref, type FunctionInfo } from '../context.js';
import { names } from '../naming.js';
import { permission, type EventContext } from './shared.js';

function ruleTarget(ec: EventContext, ev: JsonObject, arn: JsonValue, id: JsonValue): JsonObject {
  const t: JsonObject = {};
  if (present(ev['input'])) t['Input'] = typeof ev['input'] === 'string' ? ev['input'] : JSON.stringify(ev['input']);
  if (present(ev['inputPath'])) t['InputPath'] = ev['inputPath'];
  const it = asObject(ev['inputTransformer']);
  if (it) t['InputTransformer'] = { InputTemplate: it['inputTemplate'] ?? null, ...(present(it['inputPathsMap']) ? { InputPathsMap: it['inputPathsMap'] } : {}) };
  t['Arn'] = arn;
  t['Id'] = id;
  return t;
}

export function compileSchedule(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, _n: number): void {
  const ev: JsonObject = typeof value === 'string' ? { rate: value } : isObject(value) ? value : {};
  const rates = asArray(ev['rate']);
  if (rates.length === 0) {
    ec.c.diag('warning', 'sls-event-invalid', `schedule event of function '${fn.key}' has no rate; ignored`, esrc);
    return;
  }
  const state = ev['enabled'] === false ? 'DISABLED' : 'ENABLED';
  for (const rate of rates) {
    const i = (ec.scheduleIndex.get(fn.key) ?? 0) + 1;
    ec.scheduleIndex.set(fn.key, i);
    if (String(ev['method'] ?? 'eventBus') === 'scheduler') {
      const roleId = names.schedulerRole(fn.key, i);
      ec.c.add(
        roleId,
        {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['scheduler.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] },
            Policies: [{ PolicyName: `${ec.c.prefix}-${fn.key}-schedule-${i}`, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [fn.invokeArn] }] } }],
          },
        },
        esrc,
      );
      ec.c.add(
        names.scheduler(fn.key, i),
        {
          Type: 'AWS::Scheduler::Schedule',
          Properties: {
            ScheduleExpression: rate,
            State: state,
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: { Arn: fn.invokeArn, RoleArn: getAtt(roleId, 'Arn'), ...(present(ev['input']) ? { Input: JSON.stringify(ev['input']) } : {}) },
          },
        },
        esrc,
      );
      continue;
    }
    const ruleId = names.scheduleRule(fn.key, i);
    const props: JsonObject = { ScheduleExpression: rate, State: state, Targets: [ruleTarget(ec, ev, fn.invokeArn, `${fn.key}Schedule`)] };
    if (present(ev['name'])) props['Name'] = ev['name'];
    if (present(ev['description'])) props['Description'] = ev['description'];
    ec.c.add(ruleId, { Type: 'AWS::Events::Rule', Properties: props }, esrc);
    ec.c.add(names.schedulePermission(fn.key, i), permission(fn.invokeArn, 'events.amazonaws.com', { SourceArn: getAtt(ruleId, 'Arn') }), esrc);
  }
  void vsrc;
}

export function compileEventBridge(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
  const ev = asObject(value) ?? {};
  const ruleName = asString(ev['name']) ?? `${ec.c.prefix}-${fn.key}-rule-${n}`.slice(0, 64);
  const ruleId = names.eventBridgeRule(ruleName);
  const props: JsonObject = {};
  const bus = ev['eventBus'];
  let busName: JsonValue | null = null;
  if (present(bus)) {
    if (typeof bus === 'string' && !bus.startsWith('arn:')) {
      if (bus !== 'default') {
        busName = bus;
        const busId = names.eventBus(bus);
        if (!ec.buses.has(busId) && !ec.c.resources[busId]) {
          ec.buses.add(busId);
          ec.c.add(busId, { Type: 'AWS::Events::EventBus', Properties: { Name: bus } }, [...vsrc, 'eventBus']);
        }
      }
    } else busName = bus;
    if (busName !== null) props['EventBusName'] = busName;
  }
  if (present(ev['pattern'])) props['EventPattern'] = ev['pattern'];
  if (present(ev['schedule'])) props['ScheduleExpression'] = ev['schedule'];
  props['Name'] = ruleName;
  props['State'] = ev['enabled'] === false ? 'DISABLED' : 'ENABLED';
  const target = ruleTarget(ec, ev, fn.invokeArn, `${ruleName}-target`);
  const retry = asObject(ev['retryPolicy']);
  if (retry) target['RetryPolicy'] = { MaximumEventAgeInSeconds: retry['maximumEventAge'] ?? null, MaximumRetryAttempts: retry['maximumRetryAttempts'] ?? null };
  if (present(ev['deadLetterQueueArn'])) target['DeadLetterConfig'] = { Arn: ev['deadLetterQueueArn'] };
  props['Targets'] = [target];
  const resource: JsonObject = { Type: 'AWS::Events::Rule', Properties: props };
  if (typeof bus === 'string' && !bus.startsWith('arn:') && bus !== 'default') resource['DependsOn'] = names.eventBus(bus);
  ec.c.add(ruleId, resource, esrc);
  const busPart: JsonValue[] = busName === null ? [] : [typeof busName === 'string' && busName.startsWith('arn:') ? busName.split('/').pop()! : busName];
  ec.c.add(
    names.eventBridgePermission(fn.key, n),
    {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: fn.invokeArn,
        Principal: 'events.amazonaws.com',
        SourceArn: join(':', ['arn', ref('AWS::Partition'), 'events', ref('AWS::Region'), ref('AWS::AccountId'), join('/', ['rule', ...busPart, ruleName])]),
      },
    },
    esrc,
  );
}

export function compileCloudWatchEvent(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
  const ev = asObject(value) ?? {};
  const ruleId = names.cloudWatchEventRule(fn.key, n);
  const props: JsonObject = { EventPattern: ev['event'] ?? null, State: ev['enabled'] === false ? 'DISABLED' : 'ENABLED', Targets: [ruleTarget(ec, ev, fn.invokeArn, `${fn.key}CloudWatchEvent`)] };
  if (present(ev['name'])) props['Name'] = ev['name'];
  if (present(ev['description'])) props['Description'] = ev['description'];
  ec.c.add(ruleId, { Type: 'AWS::Events::Rule', Properties: props }, esrc);
  ec.c.add(names.cloudWatchEventPermission(fn.key, n), permission(fn.invokeArn, 'events.amazonaws.com', { SourceArn: getAtt(ruleId, 'Arn') }), esrc);
  void vsrc;
}

export function compileCloudWatchLog(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
  const ev: JsonObject = typeof value === 'string' ? { logGroup: value } : isObject(value) ? value : {};
  const logGroup = ev['logGroup'];
  if (!present(logGroup)) {
    ec.c.diag('warning', 'sls-event-invalid', `cloudwatchLog event of function '${fn.key}' has no logGroup; ignored`, esrc);
    return;
  }
  const permId = names.logPermission(fn.key);
  if (!ec.c.resources[permId]) {
    ec.c.add(
      permId,
      permission(getAtt(fn.logicalId, 'Arn'), join('', ['logs.', ref('AWS::Region'), '.amazonaws.com']), {
        SourceArn: join('', ['arn:', ref('AWS::Partition'), ':logs:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':log-group:*']),
      }),
      esrc,
    );
  }
  ec.c.add(
    names.logSubscription(fn.key, n),
    {
      Type: 'AWS::Logs::SubscriptionFilter',
      DependsOn: permId,
      Properties: { LogGroupName: logGroup, FilterPattern: ev['filter'] ?? '', DestinationArn: getAtt(fn.logicalId, 'Arn') },
    },
    esrc,
  );
  void vsrc;
}
