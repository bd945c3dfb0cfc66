/**
 * Cognito user pool triggers, IoT rules and fleet provisioning, Alexa skills, ALB target groups and
 * listener rules, CloudFront Lambda@Edge associations.
 */
import type { DocPath, JsonObject, JsonValue } from '../../../model/types.js';
import { asArray, asObject, asString, getAtt, isObject, join, present, ref, shortHash, sub, type FunctionInfo } from '../context.js';
import { alphaNumeric, names, normalizeFunctionName } from '../naming.js';
import { permission, nameFromArn, type EventContext } from './shared.js';
import { unresolvedMarker } from '../variables.js';

export function compileCognito(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const ev = asObject(value) ?? {};
  const pool = asString(ev['pool']);
  const trigger = asString(ev['trigger']);
  if (!pool || !trigger) {
    ec.c.diag('warning', 'sls-event-invalid', `cognitoUserPool event of function '${fn.key}' needs pool and trigger; ignored`, esrc);
    return;
  }
  const isSender = trigger === 'CustomEmailSender' || trigger === 'CustomSMSSender';
  if (ev['existing'] === true) {
    ec.c.useCustomResource('existing-cup', esrc);
    let entry = ec.existingPools.get(fn.key);
    if (!entry) {
      const id = names.customUserPool(fn.key, 1);
      entry = { id, configs: [] };
      ec.existingPools.set(fn.key, entry);
      ec.c.add(
        id,
        {
          Type: 'Custom::CognitoUserPool',
          Version: 1,
          DependsOn: [fn.logicalId, names.customResourceFunction('existing-cup')],
          Properties: { ServiceToken: getAtt(names.customResourceFunction('existing-cup'), 'Arn'), FunctionName: fn.name, UserPoolName: pool, UserPoolConfigs: entry.configs },
        },
        esrc,
      );
      ec.c.customResourceStatements.push({
        statement: { Effect: 'Allow', Resource: sub(`arn:\${AWS::Partition}:lambda:*:*:function:${typeof fn.name === 'string' ? fn.name : fn.key}`), Action: ['lambda:AddPermission', 'lambda:RemovePermission'] },
        src: esrc,
      });
    }
    const cfg: JsonObject = { Trigger: trigger };
    if (isSender) {
      cfg['LambdaVersion'] = 'V1_0';
      if (present(ev['kmsKeyId'])) {
        cfg['KMSKeyID'] = ev['kmsKeyId'];
        ec.c.customResourceStatements.push({ statement: { Effect: 'Allow', Resource: ev['kmsKeyId'], Action: ['kms:CreateGrant'] }, src: esrc });
      }
    }
    ec.c.mount(['Resources', entry.id, 'Properties', 'UserPoolConfigs', entry.configs.length], esrc);
    entry.configs.push(cfg);
    return;
  }
  const poolId = names.userPool(pool);
  if (!ec.pools.has(poolId)) {
    ec.pools.set(poolId, pool);
    ec.c.add(poolId, { Type: 'AWS::Cognito::UserPool', DependsOn: [], Properties: { UserPoolName: pool, LambdaConfig: {} } }, esrc);
  }
  const resource = ec.c.resources[poolId] as JsonObject;
  const props = resource['Properties'] as JsonObject;
  const lc = props['LambdaConfig'] as JsonObject;
  if (isSender) {
    lc[trigger] = { LambdaArn: getAtt(fn.logicalId, 'Arn'), LambdaVersion: 'V1_0' };
    if (present(ev['kmsKeyId'])) lc['KMSKeyID'] = ev['kmsKeyId'];
  } else lc[trigger] = getAtt(fn.logicalId, 'Arn');
  ec.c.mount(['Resources', poolId, 'Properties', 'LambdaConfig', trigger], esrc);
  const deps = resource['DependsOn'] as JsonValue[];
  if (!deps.includes(fn.logicalId)) deps.push(fn.logicalId);
  ec.c.add(names.userPoolPermission(fn.key, poolId, trigger), permission(getAtt(fn.logicalId, 'Arn'), 'cognito-idp.amazonaws.com', { SourceArn: getAtt(poolId, 'Arn') }), esrc);
  void vsrc;
}

export function compileIot(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
  const ev = asObject(value) ?? {};
  const ruleId = names.iotRule(fn.key, n);
  const payload: JsonObject = { RuleDisabled: ev['enabled'] === false, Sql: ev['sql'] ?? null, Actions: [{ Lambda: { FunctionArn: fn.invokeArn } }] };
  if (present(ev['sqlVersion'])) payload['AwsIotSqlVersion'] = ev['sqlVersion'];
  if (present(ev['description'])) payload['Description'] = ev['description'];
  const props: JsonObject = { TopicRulePayload: payload };
  if (present(ev['name'])) props['RuleName'] = ev['name'];
  ec.c.add(ruleId, { Type: 'AWS::IoT::TopicRule', Properties: props }, esrc);
  ec.c.add(
    names.iotPermission(fn.key, n),
    permission(fn.invokeArn, 'iot.amazonaws.com', { SourceArn: join('', ['arn:', ref('AWS::Partition'), ':iot:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':rule/', ref(ruleId)]) }),
    esrc,
  );
  void vsrc;
}

export function compileIotFleet(ec: EventContext, fn: FunctionInfo, value: JsonValue, esrc: DocPath): void {
  const ev = asObject(value) ?? {};
  const id = `${normalizeFunctionName(fn.key)}IotProvisioningTemplate`;
  ec.c.add(
    id,
    {
      Type: 'AWS::IoT::ProvisioningTemplate',
      Properties: {
        PreProvisioningHook: { TargetArn: getAtt(fn.logicalId, 'Arn'), PayloadVersion: '2020-04-01' },
        ProvisioningRoleArn: ev['provisioningRoleArn'] ?? null,
        TemplateBody: JSON.stringify(ev['templateBody'] ?? {}),
        Enabled: ev['enabled'] ?? true,
      },
    },
    esrc,
  );
  ec.c.add(`${normalizeFunctionName(fn.key)}LambdaPermissionIotProvisioningTemplate`, permission(getAtt(fn.logicalId, 'Arn'), 'iot.amazonaws.com', {}), esrc);
}

export function compileAlexa(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number, kind: 'skill' | 'smartHome'): void {
  const appId = typeof value === 'string' ? value : asObject(value)?.['appId'];
  const enabled = asObject(value)?.['enabled'] !== false;
  if (!present(appId)) {
    ec.c.diag(
      'warning',
      'sls-event-invalid',
      `${kind === 'skill' ? 'alexaSkill' : 'alexaSmartHome'} event of function '${fn.key}' has no appId; the framework creates no permission for it`,
      esrc,
    );
    return;
  }
  const id = kind === 'skill' ? names.alexaSkillPermission(fn.key, n) : names.alexaSmartHomePermission(fn.key, n);
  ec.c.add(
    id,
    permission(fn.invokeArn, kind === 'skill' ? 'alexa-appkit.amazonaws.com' : 'alexa-connectedhome.amazonaws.com', {
      Action: enabled ? 'lambda:InvokeFunction' : 'lambda:DisableInvokeFunction',
      EventSourceToken: appId,
    }),
    esrc,
  );
  void vsrc;
}

export function compileAlb(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const ev = asObject(value) ?? {};
  const listenerArn = ev['listenerArn'];
  const priority = String(ev['priority'] ?? '1');
  if (!present(listenerArn)) {
    ec.c.diag('warning', 'sls-event-invalid', `alb event of function '${fn.key}' has no listenerArn; ignored`, esrc);
    return;
  }
  let albId = 'Alb';
  if (typeof listenerArn === 'string') {
    const m = /listener\/app\/[^/]+\/([^/]+)\//.exec(listenerArn);
    if (m) albId = m[1]!;
  } else albId = alphaNumeric(nameFromArn(listenerArn, 'generic'));
  const tgId = names.albTargetGroup(fn.key, albId);
  if (!ec.c.resources[tgId]) {
    ec.c.add(
      tgId,
      {
        Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        DependsOn: [names.albPermission(fn.key)],
        Properties: {
          TargetType: 'lambda',
          Targets: [{ Id: getAtt(fn.logicalId, 'Arn') }],
          Name: ev['targetGroupName'] ?? shortHash([ec.c.prefix, fn.key, albId], 32),
          ...(ev['multiValueHeaders'] === true ? { TargetGroupAttributes: [{ Key: 'lambda.multi_value_headers.enabled', Value: true }] } : {}),
        },
      },
      esrc,
    );
  }
  const cond = asObject(ev['conditions']) ?? {};
  const conditions: JsonValue[] = [];
  if (present(cond['path'])) conditions.push({ Field: 'path-pattern', Values: asArray(cond['path']) });
  if (present(cond['host'])) conditions.push({ Field: 'host-header', Values: asArray(cond['host']) });
  if (present(cond['method'])) conditions.push({ Field: 'http-request-method', HttpRequestMethodConfig: { Values: asArray(cond['method']) } });
  if (present(cond['ip'])) conditions.push({ Field: 'source-ip', SourceIpConfig: { Values: asArray(cond['ip']) } });
  const header = asObject(cond['header']);
  if (header) conditions.push({ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: header['name'] ?? null, Values: asArray(header['values']) } });
  const query = asObject(cond['query']);
  if (query) conditions.push({ Field: 'query-string', QueryStringConfig: { Values: Object.entries(query).map(([Key, Value]) => ({ Key, Value })) } });
  ec.c.add(
    names.albListenerRule(fn.key, priority),
    {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      Properties: { Actions: [...albAuthActions(ec, fn, ev['authorizer'], esrc), { Type: 'forward', TargetGroupArn: ref(tgId) }].map((a, i, all) => (all.length > 1 ? { ...a, Order: i + 1 } : a)), Conditions: conditions, ListenerArn: listenerArn, Priority: ev['priority'] ?? 1 },
    },
    esrc,
  );
  const permId = names.albPermission(fn.key);
  if (!ec.c.resources[permId]) ec.c.add(permId, permission(getAtt(fn.logicalId, 'Arn'), 'elasticloadbalancing.amazonaws.com', {}), esrc);
  void vsrc;
}

/**
 * The sign-in actions of an `alb` event's `authorizer` (a name or a list of names of
 * `provider.alb.authorizers`), as the framework compiles them: `type: cognito` is
 * `authenticate-cognito`, anything else `authenticate-oidc`; `allowUnauthenticated: true` lets
 * unauthenticated requests through, else they are denied. A name the provider does not define is
 * an action of unknown type (the framework would refuse to deploy; the scan does not guess).
 */
function albAuthActions(ec: EventContext, fn: FunctionInfo, authorizer: JsonValue | undefined, esrc: DocPath): JsonObject[] {
  if (!present(authorizer)) return [];
  const defs = asObject(asObject(ec.provider['alb'])?.['authorizers']) ?? {};
  return asArray(authorizer).map((n): JsonObject => {
    const name = asString(n) ?? '';
    const def = Object.prototype.hasOwnProperty.call(defs, name) ? asObject(defs[name]) : null;
    if (!def) {
      ec.c.diag('warning', 'sls-authorizer-unknown', `alb authorizer '${name}' of function '${fn.key}' is not defined under provider.alb.authorizers; the listener rule's authentication is unresolved`, [...esrc, 'authorizer']);
      return { Type: unresolvedMarker('alb-authorizer', name) };
    }
    const on = def['allowUnauthenticated'] === true ? 'allow' : 'deny';
    const common: JsonObject = { OnUnauthenticatedRequest: on, ...(present(def['scope']) ? { Scope: def['scope'] } : {}), ...(present(def['sessionCookieName']) ? { SessionCookieName: def['sessionCookieName'] } : {}), ...(present(def['sessionTimeout']) ? { SessionTimeout: def['sessionTimeout'] } : {}) };
    if (def['type'] === 'cognito') {
      return { Type: 'authenticate-cognito', AuthenticateCognitoConfig: { UserPoolArn: def['userPoolArn'] ?? null, UserPoolClientId: def['userPoolClientId'] ?? null, UserPoolDomain: def['userPoolDomain'] ?? null, ...common } };
    }
    return { Type: 'authenticate-oidc', AuthenticateOidcConfig: { AuthorizationEndpoint: def['authorizationEndpoint'] ?? null, ClientId: def['clientId'] ?? null, Issuer: def['issuer'] ?? null, TokenEndpoint: def['tokenEndpoint'] ?? null, UserInfoEndpoint: def['userInfoEndpoint'] ?? null, ...common } };
  });
}

export function compileCloudFront(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const ev = asObject(value) ?? {};
  ec.c.extraAssumeServices.add('edgelambda.amazonaws.com');
  // Lambda@Edge writes its logs in every region it runs in.
  ec.c.addEventStatement(
    fn,
    { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:TagResource'], Resource: [sub('arn:${AWS::Partition}:logs:*:*:*')] },
    esrc,
  );
  const versionRef: JsonValue = { Ref: `${fn.logicalId.replace(/LambdaFunction$/, '')}LambdaVersion` };
  const versionId = Object.keys(ec.c.resources).find((k) => k.startsWith(`${normalizeFunctionName(fn.key)}LambdaVersion`));
  const fnVersion: JsonValue = versionId ? ref(versionId) : versionRef;
  if (!ec.cloudFront) {
    ec.cloudFront = ec.c.add(
      names.cloudFrontDistribution,
      {
        Type: 'AWS::CloudFront::Distribution',
        Properties: { DistributionConfig: { Comment: `${ec.c.service} ${ec.c.stage}`, Enabled: true, DefaultCacheBehavior: { ViewerProtocolPolicy: 'allow-all', TargetOriginId: 'origin', LambdaFunctionAssociations: [] }, Origins: [] } },
      },
      esrc,
    );
  }
  const dc = (ec.cloudFront['Properties'] as JsonObject)['DistributionConfig'] as JsonObject;
  const behavior = dc['DefaultCacheBehavior'] as JsonObject;
  (behavior['LambdaFunctionAssociations'] as JsonValue[]).push({ EventType: ev['eventType'] ?? 'viewer-request', LambdaFunctionARN: fnVersion });
  const origin = ev['origin'];
  if (typeof origin === 'string') {
    const host = origin.replace(/^https?:\/\//, '').split('/')[0]!;
    (dc['Origins'] as JsonValue[]).push({ DomainName: host, CustomOriginConfig: { OriginProtocolPolicy: 'match-viewer' }, Id: `custom/${host}` });
    behavior['TargetOriginId'] = `custom/${host}`;
  } else if (isObject(origin)) (dc['Origins'] as JsonValue[]).push(origin);
  const permId = names.cloudFrontPermission(fn.key);
  if (!ec.c.resources[permId]) {
    ec.c.add(
      permId,
      permission(fnVersion, 'edgelambda.amazonaws.com', {
        SourceArn: join('', ['', 'arn:', ref('AWS::Partition'), ':cloudfront::', ref('AWS::AccountId'), ':distribution/', ref(names.cloudFrontDistribution)]),
      }),
      esrc,
    );
  }
  void vsrc;
}
