/**
 * Security facts of a CloudFormation document, per AWS::Lambda::Function: the role's policies, what
 * triggers the function (permissions, event source mappings, subscriptions, notifications, rules,
 * API routes with their auth), its URL auth type and reserved concurrency. Used to compare the SAM
 * expansion with the SAM translator's own output at the level that matters to the analyses.
 */
import type { JsonObject, JsonValue } from '../../../src/model/types.js';

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: JsonValue | undefined): JsonValue[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * Partition-neutral ARNs (`arn:${AWS::Partition}:...`) and the literal `arn:aws:...` the translator
 * writes for the aws partition mean the same thing; a `Fn::Sub` without variables is its string.
 */
export function normalise(v: JsonValue): JsonValue {
  if (typeof v === 'string') return v.replace(/arn:\$\{AWS::Partition\}:/g, 'arn:aws:');
  if (Array.isArray(v)) return v.map(normalise);
  if (isObj(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const s = normalise(v['Fn::Sub']!);
      if (typeof s === 'string' && !s.includes('${')) return s;
      if (Array.isArray(s) && typeof s[0] === 'string' && !s[0].includes('${')) return s[0];
      return { 'Fn::Sub': s };
    }
    const out: JsonObject = {};
    for (const k of keys.sort()) out[k] = normalise(v[k]!);
    return out;
  }
  return v;
}

const j = (v: unknown): string => JSON.stringify(v);

function target(v: JsonValue | undefined): string | undefined {
  if (!isObj(v)) return undefined;
  if (typeof v['Ref'] === 'string') return v['Ref'];
  const ga = v['Fn::GetAtt'];
  if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
  if (typeof ga === 'string') return ga.split('.')[0];
  return undefined;
}

function statements(doc: JsonValue | undefined, wrap = ''): string[] {
  if (!isObj(doc)) return [`${wrap}${j(normalise(doc ?? null))}`];
  return list(doc['Statement']).map((s) => {
    if (!isObj(s)) return `${wrap}${j(normalise(s))}`;
    const n: JsonObject = {};
    for (const k of ['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']) {
      if (s[k] === undefined) continue;
      n[k] = k === 'Action' || k === 'NotAction' || k === 'Resource' || k === 'NotResource' ? list(normalise(s[k]!)).map((x) => j(x)).sort() : normalise(s[k]!);
    }
    return wrap + j(n);
  });
}

export type Facts = Record<string, string[]>;

/** Facts per function logical id. */
export function functionFacts(body: JsonObject): Facts {
  const resources = isObj(body['Resources']) ? body['Resources'] : {};
  const entries = Object.entries(resources).filter((e): e is [string, JsonObject] => isObj(e[1]));
  const props = (r: JsonObject): JsonObject => (isObj(r['Properties']) ? r['Properties'] : {});
  const facts: Facts = {};
  for (const [fid, fn] of entries) {
    if (fn['Type'] !== 'AWS::Lambda::Function') continue;
    const out: string[] = [];
    const fp = props(fn);
    const names = new Set([fid]);
    for (const [aid, a] of entries) if (a['Type'] === 'AWS::Lambda::Alias' && target(props(a)['FunctionName']) === fid) names.add(aid);
    const refersToFn = (v: JsonValue | undefined): boolean => {
      const t = target(v);
      return t !== undefined && names.has(t);
    };
    out.push(`concurrency ${j(normalise(fp['ReservedConcurrentExecutions'] ?? null))}`);
    // Role and its policies.
    const roleId = target(fp['Role']);
    const role = roleId !== undefined && isObj(resources[roleId]) && resources[roleId]['Type'] === 'AWS::IAM::Role' ? resources[roleId] : undefined;
    if (!role) out.push(`role ${j(normalise(fp['Role'] ?? null))}`);
    else {
      const rp = props(role);
      for (const m of list(rp['ManagedPolicyArns'])) out.push(`managed ${j(normalise(m))}`);
      if (rp['PermissionsBoundary'] !== undefined) out.push(`boundary ${j(normalise(rp['PermissionsBoundary']))}`);
      for (const p of list(rp['Policies'])) {
        if (isObj(p) && Array.isArray(p['Fn::If'])) {
          const [cond, a, b] = p['Fn::If'];
          for (const [side, branch] of [['then', a], ['else', b]] as const) {
            if (isObj(branch) && branch['PolicyDocument'] !== undefined) for (const s of statements(branch['PolicyDocument'], `if ${j(cond)} ${side} `)) out.push(`statement ${s}`);
          }
          continue;
        }
        if (isObj(p)) for (const s of statements(p['PolicyDocument'])) out.push(`statement ${s}`);
      }
      for (const [, pol] of entries) {
        if (pol['Type'] !== 'AWS::IAM::Policy' && pol['Type'] !== 'AWS::IAM::ManagedPolicy') continue;
        if (!list(props(pol)['Roles']).some((r) => target(r) === roleId)) continue;
        for (const s of statements(props(pol)['PolicyDocument'])) out.push(`attached ${s}`);
      }
    }
    // Triggers.
    for (const [rid, r] of entries) {
      const p = props(r);
      switch (r['Type']) {
        case 'AWS::Lambda::Permission':
          if (refersToFn(p['FunctionName'])) {
            out.push(`permission ${rid} ${j(normalise({ Action: p['Action'] ?? null, Principal: p['Principal'] ?? null, SourceArn: p['SourceArn'] ?? null, SourceAccount: p['SourceAccount'] ?? null, FunctionUrlAuthType: p['FunctionUrlAuthType'] ?? null, EventSourceToken: p['EventSourceToken'] ?? null }))}`);
          }
          break;
        case 'AWS::Lambda::EventSourceMapping':
          if (refersToFn(p['FunctionName'])) out.push(`esm ${rid} ${j(normalise(p['EventSourceArn'] ?? p['SelfManagedEventSource'] ?? null))}`);
          break;
        case 'AWS::SNS::Subscription':
          if (refersToFn(p['Endpoint'])) out.push(`sns ${rid} ${j(normalise({ TopicArn: p['TopicArn'] ?? null, Protocol: p['Protocol'] ?? null }))}`);
          break;
        case 'AWS::S3::Bucket': {
          const nc = isObj(p['NotificationConfiguration']) ? p['NotificationConfiguration'] : {};
          for (const lc of list(nc['LambdaConfigurations'])) {
            if (isObj(lc) && refersToFn(lc['Function'])) out.push(`s3 ${rid} ${j(normalise({ Event: lc['Event'] ?? null, Filter: lc['Filter'] ?? null }))}`);
          }
          break;
        }
        case 'AWS::Events::Rule':
          for (const t of list(p['Targets'])) {
            if (isObj(t) && refersToFn(t['Arn'])) out.push(`rule ${rid} ${j(normalise({ EventPattern: p['EventPattern'] ?? null, ScheduleExpression: p['ScheduleExpression'] ?? null, EventBusName: p['EventBusName'] ?? null }))}`);
          }
          break;
        case 'AWS::Scheduler::Schedule':
          if (isObj(p['Target']) && refersToFn(p['Target']['Arn'])) out.push(`schedule ${rid} ${j(normalise(p['ScheduleExpression'] ?? null))}`);
          break;
        case 'AWS::Lambda::Url':
          if (refersToFn(p['TargetFunctionArn'])) out.push(`url ${rid} ${j(normalise(p['AuthType'] ?? null))}`);
          break;
        case 'AWS::Logs::SubscriptionFilter':
          if (refersToFn(p['DestinationArn'])) out.push(`logs ${rid} ${j(normalise(p['LogGroupName'] ?? null))}`);
          break;
        case 'AWS::IoT::TopicRule': {
          const payload = isObj(p['TopicRulePayload']) ? p['TopicRulePayload'] : {};
          for (const a of list(payload['Actions'])) if (isObj(a) && isObj(a['Lambda']) && refersToFn(a['Lambda']['FunctionArn'])) out.push(`iot ${rid} ${j(normalise(payload['Sql'] ?? null))}`);
          break;
        }
        case 'AWS::Cognito::UserPool': {
          const lc = isObj(p['LambdaConfig']) ? p['LambdaConfig'] : {};
          for (const [trigger, v] of Object.entries(lc)) if (refersToFn(v)) out.push(`cognito ${rid} ${trigger}`);
          break;
        }
        case 'AWS::ApiGateway::RestApi':
        case 'AWS::ApiGatewayV2::Api': {
          const doc = p['Body'];
          if (!isObj(doc) || !isObj(doc['paths'])) break;
          for (const [path, item] of Object.entries(doc['paths'])) {
            if (!isObj(item)) continue;
            for (const [method, raw] of Object.entries(item)) {
              // A method of a conditional function is wrapped in Fn::If [condition, method, NoValue].
              const cond = isObj(raw) && Array.isArray(raw['Fn::If']) ? raw['Fn::If'] : null;
              const op = cond ? cond[1] : raw;
              if (!isObj(op) || !isObj(op['x-amazon-apigateway-integration'])) continue;
              const uri = normalise(op['x-amazon-apigateway-integration']['uri'] ?? null);
              const sub = isObj(uri) ? uri['Fn::Sub'] : undefined;
              const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : '';
              const m = /functions\/\$\{([A-Za-z0-9]+)(?:\.Arn)?\}\/(?:response-streaming-)?invocations/.exec(text);
              if (m && names.has(m[1]!)) out.push(`route ${rid} ${method.toUpperCase()} ${path} ${j(normalise(op['security'] ?? null))}${cond ? ` if ${j(cond[0])}` : ''}`);
            }
          }
          break;
        }
      }
    }
    facts[fid] = out.sort();
  }
  return facts;
}

/** Differences between two fact sets, as readable lines (empty when they agree). */
export function diffFacts(expected: Facts, actual: Facts): string[] {
  const lines: string[] = [];
  for (const id of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = expected[id];
    const a = actual[id];
    if (!e) { lines.push(`+ function ${id} (not in the translator's output)`); continue; }
    if (!a) { lines.push(`- function ${id} (missing)`); continue; }
    const es = new Set(e);
    const as = new Set(a);
    for (const x of e) if (!as.has(x)) lines.push(`- ${id}: ${x}`);
    for (const x of a) if (!es.has(x)) lines.push(`+ ${id}: ${x}`);
  }
  return lines;
}
