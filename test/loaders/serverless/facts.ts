/**
 * Security-relevant facts per Lambda function of a CloudFormation template, for comparing our
 * compilation of serverless.yml with the framework's own: triggers (kind, source, auth), the IAM
 * actions and resources of its role, URL auth and reserved concurrency.
 */
import type { JsonObject, JsonValue } from '../../../src/model/types.js';

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const canon = (v: JsonValue | undefined): string => JSON.stringify(v ?? null);

export type Facts = Map<string, Set<string>>;

export function extractFacts(body: JsonObject): Facts {
  const resources = isObj(body['Resources']) ? body['Resources'] : {};
  const res = (id: string): JsonObject | undefined => (isObj(resources[id]) ? (resources[id] as JsonObject) : undefined);
  const props = (id: string): JsonObject => {
    const p = res(id)?.['Properties'];
    return isObj(p) ? p : {};
  };
  const typeOf = (id: string) => res(id)?.['Type'];
  const fnIds = Object.keys(resources).filter((id) => typeOf(id) === 'AWS::Lambda::Function');
  const fnByName = new Map<string, string>();
  for (const id of fnIds) {
    const n = props(id)['FunctionName'];
    if (typeof n === 'string') fnByName.set(n, id);
  }
  const facts: Facts = new Map(fnIds.map((id) => [id, new Set<string>()]));
  const add = (fn: string | null, fact: string) => {
    if (fn && facts.has(fn)) facts.get(fn)!.add(fact);
  };

  /** Which function a value (ARN, Ref, Join, version, alias) refers to. */
  const fnOf = (v: JsonValue | undefined, depth = 0): string | null => {
    if (depth > 8 || v === undefined || v === null) return null;
    if (typeof v === 'string') return fnByName.get(v) ?? null;
    if (Array.isArray(v)) {
      for (const x of v) {
        const f = fnOf(x, depth + 1);
        if (f) return f;
      }
      return null;
    }
    if (isObj(v)) {
      const ga = v['Fn::GetAtt'];
      if (Array.isArray(ga) && typeof ga[0] === 'string') {
        if (typeOf(ga[0]) === 'AWS::Lambda::Function') return ga[0];
        if (typeOf(ga[0]) === 'AWS::Lambda::Version' || typeOf(ga[0]) === 'AWS::Lambda::Alias') return fnOf(props(ga[0])['FunctionName'], depth + 1);
      }
      const r = v['Ref'];
      if (typeof r === 'string') {
        if (typeOf(r) === 'AWS::Lambda::Function') return r;
        if (typeOf(r) === 'AWS::Lambda::Version' || typeOf(r) === 'AWS::Lambda::Alias') return fnOf(props(r)['FunctionName'], depth + 1);
      }
      for (const x of Object.values(v)) {
        const f = fnOf(x, depth + 1);
        if (f) return f;
      }
    }
    return null;
  };

  const restPath = (resourceId: JsonValue | undefined, depth = 0): string => {
    if (depth > 30 || !isObj(resourceId)) return '';
    const r = resourceId['Ref'];
    if (typeof r === 'string' && typeOf(r) === 'AWS::ApiGateway::Resource') {
      const p = props(r);
      return `${restPath(p['ParentId'], depth + 1)}/${String(p['PathPart'])}`;
    }
    return '';
  };
  const authorizerDesc = (authId: JsonValue | undefined): string => {
    if (!isObj(authId) || typeof authId['Ref'] !== 'string') return canon(authId);
    const p = props(authId['Ref']);
    const target = fnOf(p['AuthorizerUri']) ?? canon(p['AuthorizerUri'] ?? p['ProviderARNs'] ?? p['JwtConfiguration']);
    return `${String(p['Type'] ?? p['AuthorizerType'])}:${target}`;
  };

  for (const [id, rv] of Object.entries(resources)) {
    if (!isObj(rv)) continue;
    const p = props(id);
    switch (rv['Type']) {
      case 'AWS::Lambda::Permission':
        add(fnOf(p['FunctionName']), `permission|${canon(p['Principal'])}|${canon(p['Action'])}|${canon(p['SourceArn'])}|${canon(p['SourceAccount'])}|${canon(p['FunctionUrlAuthType'])}|${canon(p['EventSourceToken'])}`);
        for (const fn of fnIds) if (p['FunctionName'] === fn) add(fn, 'permission-by-name');
        break;
      case 'AWS::Lambda::EventSourceMapping':
        add(fnOf(p['FunctionName']), `mapping|${canon(p['EventSourceArn'] ?? p['SelfManagedEventSource'])}|${canon(p['Topics'] ?? p['Queues'])}|${canon(p['Enabled'] ?? true)}`);
        break;
      case 'AWS::ApiGateway::Method': {
        const integration = isObj(p['Integration']) ? p['Integration'] : {};
        const fn = fnOf(integration['Uri']);
        const auth = String(p['AuthorizationType'] ?? 'NONE');
        add(fn, `rest|${String(p['HttpMethod'])} ${restPath(p['ResourceId']) || '/'}|${auth}|${auth === 'NONE' || auth === 'AWS_IAM' ? '' : authorizerDesc(p['AuthorizerId'])}|key=${canon(p['ApiKeyRequired'] ?? false)}`);
        break;
      }
      case 'AWS::ApiGatewayV2::Route': {
        const target = p['Target'];
        let integrationId: string | null = null;
        const walk = (v: JsonValue | undefined): void => {
          if (isObj(v)) {
            if (typeof v['Ref'] === 'string' && typeOf(v['Ref']) === 'AWS::ApiGatewayV2::Integration') integrationId = v['Ref'];
            Object.values(v).forEach(walk);
          } else if (Array.isArray(v)) v.forEach(walk);
        };
        walk(target);
        const fn = integrationId ? fnOf(props(integrationId)['IntegrationUri']) : null;
        const auth = String(p['AuthorizationType'] ?? 'NONE');
        add(fn, `route|${String(p['RouteKey'])}|${auth}|${auth === 'NONE' || auth === 'AWS_IAM' ? '' : authorizerDesc(p['AuthorizerId'])}`);
        break;
      }
      case 'AWS::SNS::Subscription':
        add(fnOf(p['Endpoint']), `sns|${snsTopic(p['TopicArn'])}`);
        break;
      case 'AWS::SNS::Topic':
        for (const s of Array.isArray(p['Subscription']) ? p['Subscription'] : []) {
          if (isObj(s)) add(fnOf(s['Endpoint']), `sns|${snsTopic({ Ref: id })}`);
        }
        break;
      case 'AWS::Events::Rule':
        for (const t of Array.isArray(p['Targets']) ? p['Targets'] : []) {
          if (isObj(t)) add(fnOf(t['Arn']), `rule|${canon(p['ScheduleExpression'] ?? p['EventPattern'])}|${canon(p['EventBusName'])}|${canon(p['State'])}`);
        }
        break;
      case 'AWS::S3::Bucket': {
        const nc = isObj(p['NotificationConfiguration']) ? p['NotificationConfiguration'] : {};
        for (const lc of Array.isArray(nc['LambdaConfigurations']) ? nc['LambdaConfigurations'] : []) {
          if (isObj(lc)) add(fnOf(lc['Function']), `s3|${canon(p['BucketName'])}|${canon(lc['Event'])}|${canon(lc['Filter'])}`);
        }
        break;
      }
      case 'Custom::S3':
        for (const bc of Array.isArray(p['BucketConfigs']) ? p['BucketConfigs'] : []) {
          if (isObj(bc)) add(fnOf(p['FunctionName']), `s3-existing|${canon(p['BucketName'])}|${canon(bc['Event'])}|${canon(bc['Rules'])}`);
        }
        break;
      case 'AWS::Cognito::UserPool': {
        const lc = isObj(p['LambdaConfig']) ? p['LambdaConfig'] : {};
        for (const [trigger, v] of Object.entries(lc)) if (trigger !== 'KMSKeyID') add(fnOf(v), `cognito|${canon(p['UserPoolName'])}|${trigger}`);
        break;
      }
      case 'Custom::CognitoUserPool':
        for (const uc of Array.isArray(p['UserPoolConfigs']) ? p['UserPoolConfigs'] : []) {
          if (isObj(uc)) add(fnOf(p['FunctionName']), `cognito-existing|${canon(p['UserPoolName'])}|${canon(uc['Trigger'])}`);
        }
        break;
      case 'AWS::IoT::TopicRule': {
        const payload = isObj(p['TopicRulePayload']) ? p['TopicRulePayload'] : {};
        for (const a of Array.isArray(payload['Actions']) ? payload['Actions'] : []) {
          if (isObj(a) && isObj(a['Lambda'])) add(fnOf(a['Lambda']['FunctionArn']), `iot|${canon(payload['Sql'])}`);
        }
        break;
      }
      case 'AWS::Logs::SubscriptionFilter':
        add(fnOf(p['DestinationArn']), `logs|${canon(p['LogGroupName'])}`);
        break;
      case 'AWS::ApiGateway::Authorizer':
      case 'AWS::ApiGatewayV2::Authorizer':
        add(fnOf(p['AuthorizerUri']), `authorizer|${String(p['Type'] ?? p['AuthorizerType'])}`);
        break;
      case 'AWS::Lambda::Url':
        add(fnOf(p['TargetFunctionArn']), `url|${canon(p['AuthType'])}`);
        break;
      default:
        break;
    }
  }

  for (const fn of fnIds) {
    const p = props(fn);
    if (p['ReservedConcurrentExecutions'] !== undefined) add(fn, `reserved|${canon(p['ReservedConcurrentExecutions'])}`);
    const role = p['Role'];
    const roleId = isObj(role) && Array.isArray(role['Fn::GetAtt']) && typeof role['Fn::GetAtt'][0] === 'string' ? role['Fn::GetAtt'][0] : null;
    if (!roleId || typeOf(roleId) !== 'AWS::IAM::Role') {
      add(fn, `role-external|${canon(role)}`);
      continue;
    }
    const rp = props(roleId);
    for (const pol of Array.isArray(rp['Policies']) ? rp['Policies'] : []) {
      if (!isObj(pol) || !isObj(pol['PolicyDocument'])) continue;
      const st = pol['PolicyDocument']['Statement'];
      for (const s of Array.isArray(st) ? st : [st]) {
        if (!isObj(s)) continue;
        const actions = Array.isArray(s['Action']) ? s['Action'] : [s['Action']];
        const resources = Array.isArray(s['Resource']) ? s['Resource'] : [s['Resource']];
        for (const a of actions) for (const r of resources) add(fn, `iam|${String(s['Effect'])}|${canon(a)}|${canon(r)}`);
      }
    }
    for (const m of Array.isArray(rp['ManagedPolicyArns']) ? rp['ManagedPolicyArns'] : []) add(fn, `managed|${canon(m)}`);
  }
  return facts;

  function snsTopic(arn: JsonValue | undefined): string {
    if (isObj(arn) && typeof arn['Ref'] === 'string' && typeOf(arn['Ref']) === 'AWS::SNS::Topic') return `topic:${canon(props(arn['Ref'])['TopicName'])}`;
    return canon(arn);
  }
}

export interface Agreement {
  matched: number;
  total: number;
  functionsMatched: number;
  functions: number;
  mismatches: string[];
}

/** Compares facts per function of the oracle (expected) with ours (actual). */
export function compareFacts(expected: Facts, actual: Facts, label: string): Agreement {
  const out: Agreement = { matched: 0, total: 0, functionsMatched: 0, functions: 0, mismatches: [] };
  for (const [fn, exp] of expected) {
    out.functions++;
    const act = actual.get(fn);
    if (!act) {
      out.total += Math.max(exp.size, 1);
      out.mismatches.push(`${label} ${fn}: function missing`);
      continue;
    }
    const union = new Set([...exp, ...act]);
    let ok = 0;
    for (const f of union) {
      if (exp.has(f) && act.has(f)) ok++;
      else out.mismatches.push(`${label} ${fn}: ${exp.has(f) ? 'missing' : 'extra'} ${f}`);
    }
    out.matched += ok;
    out.total += union.size;
    if (ok === union.size) out.functionsMatched++;
  }
  for (const fn of actual.keys()) {
    if (!expected.has(fn)) {
      out.total += 1;
      out.mismatches.push(`${label} ${fn}: extra function`);
    }
  }
  return out;
}
