/**
 * `nightlight policy <function> [dir]`: a function's effective permissions grouped by service and
 * access level, the dangerous ones and why, what the code uses, and the least-privilege policy it
 * needs — as text, or as a patch in the input's own format (SAM, CloudFormation, Serverless) or JSON.
 */
import { existsSync } from 'node:fs';
import { analyze, type AnalyzeOptions } from '../api.js';
import type { AnalyzedRun } from '../engine/result.js';
import type { IamAnalysis, PermissionEntry } from '../analyses/iam/index.js';
import { dangerOf, suggestedPolicyJson, type FunctionLeastPrivilege, type SuggestedStatement } from '../analyses/iam/least-privilege.js';
import type { AppModel, FunctionNode } from '../model/types.js';

export type PolicyFormat = 'text' | 'sam' | 'cloudformation' | 'serverless' | 'json';
export const POLICY_FORMATS: readonly PolicyFormat[] = ['text', 'sam', 'cloudformation', 'serverless', 'json'];

export interface PolicyOptions {
  /** Function id, logical id or function name. */
  functionId: string;
  dir: string;
  format: PolicyFormat;
  params?: Record<string, string>;
  region?: string;
  stage?: string;
  /** The loaded config and what it decides (region, stage), spread last into analyze() as for `scan`. */
  analyze?: Pick<AnalyzeOptions, 'config' | 'region' | 'stage'>;
}

export interface PolicyIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Runs the command; returns the exit code (0, or 2 for a usage error or unreadable input). */
export async function runPolicy(options: PolicyOptions, io: PolicyIo): Promise<number> {
  if (!existsSync(options.dir)) {
    io.stderr(`nightlight: ${options.dir}: no such file or directory\n`);
    return 2;
  }
  const result = await analyze({ root: options.dir, params: options.params ?? {}, ...(options.region ? { region: options.region } : {}), ...(options.stage ? { stage: options.stage } : {}), rules: [], ...options.analyze });
  const fn = result.model.functions.find((f) => f.id === options.functionId) ?? result.model.functions.find((f) => f.logicalId === options.functionId || f.name === options.functionId);
  if (!fn) {
    const known = result.model.functions.map((f) => f.id);
    io.stderr(`nightlight: no function "${options.functionId}" in ${options.dir}${known.length ? `; functions: ${known.join(', ')}` : ' (no function found)'}\n`);
    return 2;
  }
  const lp = result.analyses.leastPrivilege.functions[fn.id];
  const iam = result.analyses.iam;
  if (!lp) {
    io.stderr(`nightlight: ${fn.id}: its permissions could not be analysed\n`);
    return 2;
  }
  io.stdout(renderPolicy(result, fn, lp, iam, options.format));
  return 0;
}

export function renderPolicy(result: AnalyzedRun, fn: FunctionNode, lp: FunctionLeastPrivilege, iam: IamAnalysis, format: PolicyFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(policyJson(result, fn, lp), null, 2) + '\n';
    case 'sam':
      return samPatch(result.model, fn, lp);
    case 'cloudformation':
      return cfnPatch(result.model, fn, lp, iam);
    case 'serverless':
      return serverlessPatch(result.model, fn, lp);
    default:
      return textReport(result, fn, lp, iam);
  }
}

function policyJson(result: AnalyzedRun, fn: FunctionNode, lp: FunctionLeastPrivilege) {
  const code = result.analyses.code;
  return {
    function: fn.id,
    role: lp.roleId,
    handler: code.functions[fn.id]?.handler ?? null,
    granted: lp.grantedActions,
    used: lp.used.map((u) => ({ action: u.action, resources: u.resources, unknown: u.unknown, calls: u.calls })),
    suggested: suggestedPolicyJson(lp),
    notes: lp.suggested.flatMap((s) => s.notes),
    undecided: lp.undecidedServices,
    decidable: lp.decidable,
    reason: lp.reason,
    missing: lp.missing.map((m) => ({ action: m.action, resource: m.resource, call: m.call })),
    grantsIncomplete: lp.grantsIncomplete,
    ...(lp.native ? { bindings: lp.native.bindings.map((b) => ({ role: b.role, scope: b.scope, permissions: b.permissions, calls: b.calls })), keyCalls: lp.native.keyCalls } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// text
// ---------------------------------------------------------------------------------------------

const LEVELS = ['Permissions management', 'Write', 'Tagging', 'Read', 'List', 'Unknown'];
const DETAIL_LIMIT = 12;

function textReport(result: AnalyzedRun, fn: FunctionNode, lp: FunctionLeastPrivilege, iam: IamAnalysis): string {
  const code = result.analyses.code;
  const perms = iam.permissionsOf(fn.id)!;
  const usedSet = new Set(lp.used.map((u) => u.action.toLowerCase()));
  const suggestedCount = lp.suggested.reduce((n, s) => n + s.actions.length, 0);
  const handler = code.functions[fn.id]?.handler;
  const out: string[] = [];
  out.push(`${fn.id}  role ${perms.roleId}${perms.functions.length > 1 ? ` (shared with ${perms.functions.filter((f) => f !== fn.id).join(', ')})` : ''}`);
  out.push(`handler   ${handler ? `${handler.file} › ${handler.export}` : `not analysed: ${lp.reason ?? 'unknown'}`}`);
  out.push(`granted   ${lp.grantedActions} actions · used by code ${lp.used.length} · suggested ${suggestedCount}`);
  if (lp.grantsIncomplete.length) out.push(`          granted permissions may be incomplete: ${lp.grantsIncomplete.join('; ')}`);
  out.push('');
  out.push('Effective permissions (! dangerous, * used by the code)');
  let quiet = 0;
  let quietActions = 0;
  for (const s of perms.services) {
    // This report lists actions: a service granted whole is built here, once.
    const actions = s.actions;
    const used = actions.filter((a) => usedSet.has(a.action.toLowerCase()));
    const dangerous = actions.map((a) => [a, dangerOf(a)] as const).filter(([, d]) => d !== null);
    if (actions.length > DETAIL_LIMIT && !used.length && !dangerous.length) {
      quiet++;
      quietActions += actions.length;
      continue;
    }
    out.push(`  ${s.service}`);
    for (const level of LEVELS) {
      const entries = actions.filter((a) => a.accessLevel === level);
      if (!entries.length) continue;
      if (entries.length > DETAIL_LIMIT) {
        const notable = entries.filter((a) => usedSet.has(a.action.toLowerCase()) || dangerOf(a));
        out.push(`    ${level.padEnd(23)}${entries.length} actions on ${scope(entries)}`);
        for (const a of notable.slice(0, DETAIL_LIMIT)) out.push(line(a, usedSet));
        if (notable.length > DETAIL_LIMIT) out.push(`      … ${notable.length - DETAIL_LIMIT} more dangerous or used`);
        continue;
      }
      out.push(`    ${level}`);
      for (const a of entries) out.push(line(a, usedSet));
    }
  }
  if (quiet) out.push(`  … and ${quiet} more services (${quietActions} actions) the code does not use and that carry no listed danger`);
  out.push('');
  out.push('Used by the code');
  if (!lp.used.length) out.push(handler ? '  no AWS SDK call' : '  unknown: the code was not analysed');
  for (const u of lp.used) out.push(`  ${u.action.padEnd(36)} ${u.resources.length ? u.resources.join(', ') : 'target unknown'}${u.unknown.length ? ` (${u.unknown.join('; ')})` : ''}  ${u.calls.map((c) => `${c.file}:${c.line}`).join(', ')}`);
  for (const m of lp.missing) out.push(`  MISSING ${m.action} on ${m.resource} at ${m.call.file}:${m.call.line}: the role does not allow it`);
  out.push('');
  if (lp.native) {
    // Google Cloud and Azure: the suggestion as role bindings of that cloud
    out.push(`Suggested role bindings (${lp.native.cloud === 'google' ? 'Google Cloud IAM' : 'Azure RBAC'})`);
    if (!lp.native.bindings.length) out.push('  none: the code calls nothing with the identity');
    for (const b of lp.native.bindings) out.push(`  ${b.role} on ${b.scope}\n      for ${b.permissions.join(', ')} at ${b.calls.map((c) => `${c.file}:${c.line}`).join(', ')}`);
    for (const k of lp.native.keyCalls) out.push(`  (no role) ${k.file}:${k.line} authenticates with a key or connection string`);
    out.push('');
    out.push('As AWS actions of the same power');
  } else out.push('Suggested policy');
  for (const s of lp.suggested) out.push(`  ${s.purpose === 'runtime' ? '(lambda) ' : ''}Allow ${s.actions.join(', ')}\n      on ${s.resources.join(', ')}`);
  const notes = [...new Set(lp.suggested.flatMap((s) => s.notes))];
  if (notes.length || !lp.decidable || Object.keys(lp.undecidedServices).length) {
    out.push('');
    out.push('Why some of it stays wide');
    if (!lp.decidable) out.push(`  unused permissions cannot be told: ${lp.reason}`);
    for (const [svc, why] of Object.entries(lp.undecidedServices)) out.push(`  ${svc}: unused actions cannot be told: ${why}`);
    for (const n of notes) out.push(`  ${n}`);
  }
  out.push('');
  out.push(lp.native ? `As JSON: nightlight policy ${fn.id} --format json` : `As a patch: nightlight policy ${fn.id} --format sam|cloudformation|serverless|json`);
  return out.join('\n') + '\n';
}

function line(a: PermissionEntry, used: Set<string>): string {
  const d = dangerOf(a);
  const mark = `${d ? '!' : ' '}${used.has(a.action.toLowerCase()) ? '*' : ' '}`;
  return `    ${mark} ${a.action.padEnd(40)} ${scope([a])}${a.conditional ? ' (conditional)' : ''}${d ? `  — ${d}` : ''}`;
}

function scope(entries: PermissionEntry[]): string {
  const all = [...new Set(entries.flatMap((e) => e.resources))].sort();
  return all.length > 3 ? `${all.slice(0, 3).join(', ')}, … (${all.length})` : all.join(', ') || '(none)';
}

// ---------------------------------------------------------------------------------------------
// patches
// ---------------------------------------------------------------------------------------------

/** A YAML scalar with a CloudFormation short-form tag. */
interface Tagged {
  tag: '!GetAtt' | '!Ref' | '!Sub';
  value: string;
}
type Y = string | Tagged | Y[] | { [k: string]: Y };

function isTagged(v: Y): v is Tagged {
  return typeof v === 'object' && !Array.isArray(v) && 'tag' in v && typeof (v as Tagged).tag === 'string' && Object.keys(v).length === 2;
}

function scalar(s: string): string {
  const plain = /^[A-Za-z_./][A-Za-z0-9_./:*@ -]*$/.test(s) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s) && !/: |\s$| #/.test(s);
  return plain ? s : `'${s.replace(/'/g, "''")}'`;
}

function yaml(v: Y, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (typeof v === 'string') return [`${pad}${scalar(v)}`];
  if (isTagged(v)) return [`${pad}${v.tag} ${scalar(v.value)}`];
  if (Array.isArray(v)) {
    return v.flatMap((item) => {
      const lines = yaml(item, indent + 2);
      return [`${pad}- ${lines[0]!.trimStart()}`, ...lines.slice(1)];
    });
  }
  return Object.entries(v).flatMap(([k, x]) => {
    if (typeof x === 'string' || isTagged(x)) return [`${pad}${k}: ${yaml(x, 0)[0]}`];
    if (Array.isArray(x) && x.length === 0) return [`${pad}${k}: []`];
    return [`${pad}${k}:`, ...yaml(x, indent + 2)];
  });
}

/** Long-form intrinsics for Serverless files (`Fn::GetAtt: [X, Arn]`). */
function longForm(v: Y): Y {
  if (typeof v === 'string') return v;
  if (isTagged(v)) {
    if (v.tag === '!GetAtt') {
      const [id, attr] = v.value.split('.');
      return { 'Fn::GetAtt': [id!, attr!] };
    }
    if (v.tag === '!Ref') return { Ref: v.value };
    return { 'Fn::Sub': v.value };
  }
  if (Array.isArray(v)) return v.map(longForm);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, longForm(x)]));
}

const REF_IS_ARN = new Set(['AWS::SNS::Topic', 'AWS::SecretsManager::Secret', 'AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine']);
const ARN_ATTR: Record<string, string> = { 'AWS::SNS::Topic': 'TopicArn' };

/** An ARN of the model as an intrinsic on the resource that has it; otherwise a !Sub with pseudo parameters. */
function arnExpr(model: AppModel, fn: FunctionNode, arn: string): Y {
  if (arn === '*') return '*';
  const suffixes = ['', '/*', '/index/*', ':*'];
  for (const suffix of suffixes) {
    if (suffix && !arn.endsWith(suffix)) continue;
    const base = suffix ? arn.slice(0, -suffix.length) : arn;
    const res = model.resources.find((r) => r.arn === base);
    const f = res ? null : model.functions.find((x) => x.arn === base && x.stack === fn.stack);
    const logical = res && res.stack === fn.stack ? res.logicalId : f?.logicalId;
    if (!logical) continue;
    const type = res?.type ?? 'AWS::Lambda::Function';
    const inner = REF_IS_ARN.has(type) && !ARN_ATTR[type] ? `${logical}` : `${logical}.${ARN_ATTR[type] ?? 'Arn'}`;
    if (!suffix) return REF_IS_ARN.has(type) && !ARN_ATTR[type] ? { tag: '!Ref', value: logical } : { tag: '!GetAtt', value: inner };
    return { tag: '!Sub', value: `\${${inner}}${suffix}` };
  }
  const parts = arn.split(':');
  const fnParts = typeof fn.arn === 'string' ? fn.arn.split(':') : [];
  if (parts.length >= 5 && parts[0] === 'arn') {
    let sub = arn.replace(/^arn:aws:/, 'arn:${AWS::Partition}:');
    if (fnParts[3] && parts[3] === fnParts[3]) sub = sub.replace(`:${parts[3]}:`, ':${AWS::Region}:');
    if (fnParts[4] && parts[4] === fnParts[4]) sub = sub.replace(`:${parts[4]}:`, ':${AWS::AccountId}:');
    if (typeof fn.name === 'string' && (fn.name === fn.logicalId || fn.name.endsWith(`-${fn.logicalId}`))) sub = sub.replace(`/aws/lambda/${fn.name}:`, `/aws/lambda/\${${fn.logicalId}}:`);
    return sub === arn ? arn : { tag: '!Sub', value: sub };
  }
  return arn;
}

function statementsY(model: AppModel, fn: FunctionNode, statements: SuggestedStatement[]): Y[] {
  return statements.map((s) => ({ Effect: 'Allow', Action: s.actions, Resource: s.resources.map((r) => arnExpr(model, fn, r)) }));
}

function header(lp: FunctionLeastPrivilege, what: string, purpose: 'code' | 'all'): string[] {
  const lines = [`# nightlight: least-privilege policy for ${lp.functionId} (${what})`];
  const notes = [...new Set(lp.suggested.filter((s) => purpose === 'all' || s.purpose === 'code').flatMap((s) => s.notes))];
  for (const n of notes) lines.push(`# note: ${n}`);
  if (!lp.decidable) lines.push(`# note: ${lp.reason}`);
  return lines;
}

function samPatch(model: AppModel, fn: FunctionNode, lp: FunctionLeastPrivilege): string {
  // SAM adds the basic execution role and the event source polling policies itself.
  const code = lp.suggested.filter((s) => s.purpose === 'code');
  const lines = header(lp, `replace Properties.Policies of ${fn.logicalId} in ${fn.stack}`, 'code');
  const body: Y = code.length ? { Policies: [{ Statement: statementsY(model, fn, code) }] } : { Policies: [] };
  if (!code.length) lines.push('# the code makes no AWS SDK call: no policy beyond what SAM adds');
  lines.push(`${fn.logicalId}:`, '  Properties:', ...yaml(body, 4));
  return lines.join('\n') + '\n';
}

function cfnPatch(model: AppModel, fn: FunctionNode, lp: FunctionLeastPrivilege, iam: IamAnalysis): string {
  const perms = iam.permissionsOf(fn.id);
  const role = model.roles.find((r) => r.id === perms?.roleId);
  const roleId = role?.logicalId ?? `${fn.logicalId}Role`;
  const lines = header(lp, `replace Properties.Policies and ManagedPolicyArns of AWS::IAM::Role ${roleId}${role ? '' : ' (the role is not in the template: attach it to the execution role)'}`, 'all');
  const body: Y = {
    ManagedPolicyArns: [],
    Policies: [{ PolicyName: `${fn.logicalId}LeastPrivilege`, PolicyDocument: { Version: '2012-10-17', Statement: statementsY(model, fn, lp.suggested) } }],
  };
  lines.push(`${roleId}:`, '  Type: AWS::IAM::Role', '  Properties:', ...yaml(body, 4));
  return lines.join('\n') + '\n';
}

function serverlessPatch(model: AppModel, fn: FunctionNode, lp: FunctionLeastPrivilege): string {
  // The framework adds log and event-source permissions itself.
  const code = lp.suggested.filter((s) => s.purpose === 'code');
  const lines = header(lp, `the statements of provider.iam.role (or the role of function ${fn.id})`, 'code');
  lines.push(...yaml({ provider: { iam: { role: { statements: longForm(statementsY(model, fn, code)) } } } }, 0));
  return lines.join('\n') + '\n';
}
