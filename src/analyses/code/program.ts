/**
 * The code analysis of a whole app: every function's handler analysed with the entry kinds that
 * reach it, SDK call targets resolved against the model (environment variables → template
 * resources), and taint that crosses functions through queues, topics, buckets, streams and
 * direct invocations. Computed once per run from the handler sources the loader produced; no I/O.
 */
import type { FlowStep } from '../../model/findings.js';
import type { AppModel, Diagnostic, EntryPoint, EntryPointKind, FunctionNode, ResourceKind, ResourceNode, SourceLocation } from '../../model/types.js';
import { dict, isUnresolved } from '../../model/types.js';
import { wildcardMatch } from '../../model/policy.js';
import { designated } from '../../model/stacks.js';
import type { CodeLanguage } from '../../model/code-ir.js';
import { analyzeHandler } from './index.js';
import { findSecretsInEnvironment } from './secrets.js';
import type { HandlerAnalysis, ResourceValue, SdkCall, SdkResource, SecretFinding, SecretKind, SendRecord, StoredInput, StoredTaint, TaintFinding, TaintPath } from './types.js';
import type { HandlerSource } from '../../model/code-ir.js';

/** What the loader produced for one function. */
export interface LoadedHandler {
  functionId: string;
  source: HandlerSource | null;
  /** Why there is no source (handler not found, packaged code, unsupported runtime...). */
  reason: string | null;
}

/** What an SDK call's resource argument names, once resolved against the model. */
export interface ResolvedTarget {
  param: string;
  value: ResourceValue;
  /** Model id of the resource or function it names; null when unknown or ambiguous. */
  node: string | null;
  nodeKind: ResourceKind | 'function' | null;
  /** ARNs it may be (one when resolved; several template resources when a pattern matches several). */
  arns: string[];
  /** Why it is not known exactly; absent when resolved. */
  unknown?: string;
}

export interface ResolvedCall extends SdkCall {
  targets: ResolvedTarget[];
}

export interface ResolvedSend extends SendRecord {
  resolvedTarget: ResolvedTarget | null;
}

export interface FunctionCode {
  functionId: string;
  /** The resolved handler; null when the code could not be found or read. */
  handler: { file: string; export: string } | null;
  language: CodeLanguage | null;
  inline: boolean;
  /** Why the code was not analysed; null when it was. */
  skipped: string | null;
  /** The exported handler function was found (false: only module-level code ran). */
  resolved: boolean;
  /** Entry kinds whose event fields were treated as attacker-controlled. */
  entryKinds: EntryPointKind[];
  calls: ResolvedCall[];
  taint: TaintFinding[];
  secrets: SecretFinding[];
  sends: ResolvedSend[];
  /** The analysis gave up part-way (step or depth limit): absent calls prove nothing. */
  incomplete: boolean;
  /** Environment variables of the function (template) whose value is a secret. */
  environmentSecrets: EnvironmentSecret[];
  diagnostics: Diagnostic[];
}

export interface EnvironmentSecret {
  name: string;
  kind: SecretKind;
  redacted: string;
  /** The value is one of AWS's documented example keys: reported as a static credential, marked. */
  documentationExample?: boolean;
  /** Where the variable is written (the function's location when unknown). */
  location: SourceLocation;
}

/** One way attacker data reaches a function's event through other functions. */
export interface CrossFunctionFlow {
  /** Entry point where the data enters the app. */
  origin: string;
  /** Node ids from the first function to the receiver: fn, resource…, fn, …, receiver. */
  hops: string[];
  receiver: string;
  /** The trigger kind of the receiver's event that carries the data ('other' for a direct invoke). */
  receiverKind: EntryPointKind;
  /** From the first handler's source, through each send and resource, to the receiver's trigger. */
  steps: FlowStep[];
}

export interface CodeAnalysis {
  functions: Record<string, FunctionCode>;
  flows: CrossFunctionFlow[];
  /** Resolved code calls for the surface analysis: function id → targets and actions. */
  codeCalls: Record<string, { target: string; action: string }[]>;
  /** Cross-function flows that deliver attacker data into `functionId`'s event of `kind`. */
  flowsInto(functionId: string, kind: EntryPointKind | null): CrossFunctionFlow[];
}

export interface AnalyzeCodeOptions {
  maxSteps?: number;
  /** Functions a chain may pass through (default 6). */
  maxHops?: number;
  /** Where an environment variable of a function is written (from the loaded template). */
  environmentLocation?: (functionId: string, name: string) => SourceLocation | null;
}

const SERVICE_KINDS: Record<string, (ResourceKind | 'function')[]> = {
  dynamodb: ['table'],
  s3: ['bucket'],
  sqs: ['queue'],
  sns: ['topic'],
  lambda: ['function'],
  secretsmanager: ['secret'],
  kinesis: ['stream'],
  firehose: ['stream'],
  states: ['state-machine'],
  events: ['event-bus'],
  ssm: ['parameter'],
  kms: ['kms-key'],
  logs: ['log-group'],
  // Azure Service Bus senders and receivers name a queue or a topic
  servicebus: ['queue', 'topic'],
};

/** Invoke-style calls: the receiver's whole event is the payload. */
const INVOKE_KIND: EntryPointKind = 'other';

interface Node {
  id: string;
  kind: ResourceKind | 'function';
  arn: string | null;
  name: string | null;
  keys: string[];
  stack: string;
}

/**
 * Looks up what a resource argument names, from the calling function's stack: a name its own stack
 * declares, else the one other stack's (model/stacks.ts), so that two stacks of one scan that both
 * name a table `orders` each keep their own.
 */
export class TargetResolver {
  private readonly nodes: Node[] = [];
  /** Key (ARN or name) → the nodes that have it, in `nodes` order. */
  private readonly byKey = new Map<string, Node[]>();
  /** `kind \0 name` → the nodes of that kind and name, in `nodes` order. */
  private readonly byKindName = new Map<string, Node[]>();
  private readonly account: string;
  private readonly region: string;

  constructor(model: AppModel) {
    for (const f of model.functions) {
      const arn = typeof f.arn === 'string' ? f.arn : null;
      const name = typeof f.name === 'string' ? f.name : null;
      this.nodes.push({ id: f.id, kind: 'function', arn, name, keys: [arn, name].filter((x): x is string => x !== null), stack: f.stack });
    }
    for (const r of model.resources) {
      const arn = typeof r.arn === 'string' ? r.arn : null;
      const name = typeof r.name === 'string' ? r.name : null;
      this.nodes.push({ id: r.id, kind: r.kind, arn, name, keys: [arn, name].filter((x): x is string => x !== null), stack: r.stack });
    }
    const push = (map: Map<string, Node[]>, key: string, n: Node) => {
      const list = map.get(key);
      if (!list) map.set(key, [n]);
      else if (list[list.length - 1] !== n) list.push(n);
    };
    for (const n of this.nodes) {
      for (const k of n.keys) push(this.byKey, k, n);
      if (n.name !== null) push(this.byKindName, `${n.kind}\u0000${n.name}`, n);
    }
    const sample = model.functions.map((f) => f.arn).find((a): a is string => typeof a === 'string') ?? 'arn:aws:lambda:us-east-1:123456789012:function:x';
    const parts = sample.split(':');
    this.region = parts[3] || 'us-east-1';
    this.account = parts[4] || '123456789012';
  }

  resolve(fn: FunctionNode, service: string, param: string, value: ResourceValue): ResolvedTarget {
    const base = { param, value };
    const kinds = SERVICE_KINDS[service] ?? null;
    let text: string | null = null;
    switch (value.kind) {
      case 'literal':
        text = value.value;
        break;
      case 'env': {
        const v = fn.environment[value.name];
        if (v === undefined) return { ...base, node: null, nodeKind: null, arns: [], unknown: `environment variable ${value.name} is not set in the template` };
        if (isUnresolved(v)) {
          if (v.pattern && v.pattern !== '*') return this.byPattern(base, kinds, v.pattern, `environment variable ${value.name} is only partly known (${v.reason})`, fn.stack);
          return { ...base, node: null, nodeKind: null, arns: [], unknown: `environment variable ${value.name} is unresolved (${v.reason})` };
        }
        text = v;
        break;
      }
      case 'pattern': {
        let unknownEnv: string | null = null;
        const filled = value.pattern.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          const v = fn.environment[name];
          if (typeof v === 'string') return v;
          unknownEnv ??= name;
          return isUnresolved(v) && v.pattern ? v.pattern : '*';
        });
        if (!filled.includes('*')) {
          text = filled;
          break;
        }
        return this.byPattern(base, kinds, filled, unknownEnv ? `built from environment variable ${unknownEnv}, which is not known` : `built at run time (${value.pattern})`, fn.stack);
      }
      case 'unknown':
        return { ...base, node: null, nodeKind: null, arns: [], unknown: value.reason };
    }
    const node = this.lookup(text, kinds, fn.stack);
    if (node) return { ...base, node: node.id, nodeKind: node.kind, arns: node.arn ? [node.arn] : [] };
    const arn = this.arnFor(service, text, fn);
    return { ...base, node: null, nodeKind: null, arns: arn ? [arn] : [], ...(arn ? {} : { unknown: `${text} is not a resource of the scanned templates` }) };
  }

  private byPattern(base: { param: string; value: ResourceValue }, kinds: (ResourceKind | 'function')[] | null, pattern: string, why: string, stack: string): ResolvedTarget {
    const all = this.nodes.filter((n) => (!kinds || kinds.includes(n.kind)) && n.keys.some((k) => wildcardMatch(pattern, k, false) || wildcardMatch(pattern, lastSegment(k), false)));
    // a pattern designates the caller's own stack when it matches there (as an IAM wildcard does)
    const own = all.filter((n) => n.stack === stack);
    const matches = own.length > 0 ? own : all;
    if (matches.length === 1) return { ...base, node: matches[0]!.id, nodeKind: matches[0]!.kind, arns: matches[0]!.arn ? [matches[0]!.arn] : [] };
    return { ...base, node: null, nodeKind: null, arns: matches.map((m) => m.arn).filter((a): a is string => a !== null).sort(), unknown: why };
  }

  private lookup(text: string, kinds: (ResourceKind | 'function')[] | null, stack: string): Node | null {
    const exact = designated((this.byKey.get(text) ?? []).filter((n) => !kinds || kinds.includes(n.kind)), stack)[0];
    if (exact) return exact;
    // a Lambda ARN with a qualifier, a queue URL, an S3 object ARN, a secret name
    const named = (kind: string, name: string) => designated(this.byKindName.get(`${kind}\u0000${name}`) ?? [], stack)[0] ?? null;
    const fnArn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(text);
    if (fnArn) return named('function', fnArn[1]!);
    const queueUrl = /^https:\/\/(?:sqs\.)?[^/]*amazonaws\.com\/[^/]+\/([^/?]+)$/.exec(text);
    if (queueUrl) return named('queue', queueUrl[1]!);
    const s3 = /^arn:[^:]+:s3:::([^/]+)\//.exec(text);
    if (s3) return named('bucket', s3[1]!);
    return null;
  }

  /** An ARN for a resource outside the templates named by a known string, in the caller's region and account. */
  private arnFor(service: string, text: string, fn: FunctionNode): string | null {
    if (text.startsWith('arn:')) return text;
    const own = typeof fn.arn === 'string' ? fn.arn.split(':') : [];
    const p = `arn:aws:${service}:${own[3] || this.region}:${own[4] || this.account}`;
    switch (service) {
      case 'dynamodb':
        return `${p}:table/${text}`;
      case 's3':
        return `arn:aws:s3:::${text}`;
      case 'sqs': {
        const m = /\/([^/?]+)$/.exec(text);
        return `${p}:${m ? m[1] : text}`;
      }
      case 'lambda':
        return `${p}:function:${text}`;
      case 'sns':
        return null;
      default:
        return null;
    }
  }
}

function lastSegment(k: string): string {
  const i = Math.max(k.lastIndexOf('/'), k.lastIndexOf(':'));
  return i >= 0 ? k.slice(i + 1) : k;
}

function directKinds(model: AppModel): Map<string, EntryPointKind[]> {
  const out = new Map<string, EntryPointKind[]>();
  for (const ep of model.entryPoints) {
    // an API route that writes to a trigger delivers the trigger's event
    const kind = ep.via?.kind ?? ep.kind;
    for (const t of ep.targets) {
      const list = out.get(t) ?? [];
      if (!list.includes(kind)) list.push(kind);
      out.set(t, list);
    }
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** Analyses every loaded handler, resolves targets, and follows taint across functions. */
export function analyzeCode(model: AppModel, handlers: readonly LoadedHandler[], options: AnalyzeCodeOptions = {}): CodeAnalysis {
  const resolver = new TargetResolver(model);
  const fnById = new Map(model.functions.map((f) => [f.id, f]));
  const kindsOf = directKinds(model);
  const sources = new Map(handlers.map((h) => [h.functionId, h]));
  const functions: Record<string, FunctionCode> = dict();

  const envSecrets = (fn: FunctionNode): EnvironmentSecret[] =>
    findSecretsInEnvironment(fn.environment).map((s) => ({ ...s, location: options.environmentLocation?.(fn.id, s.name) ?? fn.location }));
  const run = (fn: FunctionNode, kinds: EntryPointKind[], storedInput?: StoredInput): FunctionCode => {
    const loaded = sources.get(fn.id);
    const src = loaded?.source ?? null;
    if (!src) {
      return {
        functionId: fn.id,
        handler: null,
        language: null,
        inline: fn.handler.inline,
        skipped: loaded?.reason ?? 'its handler code was not loaded',
        resolved: false,
        entryKinds: kinds,
        calls: [],
        taint: [],
        secrets: [],
        sends: [],
        incomplete: true,
        environmentSecrets: envSecrets(fn),
        diagnostics: [],
      };
    }
    const a: HandlerAnalysis = analyzeHandler(src, { entryKinds: kinds, ...(fn.cloud ? { cloud: fn.cloud } : {}), ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}), ...(storedInput ? { storedInput } : {}) });
    const calls: ResolvedCall[] = a.calls.map((c) => ({ ...c, targets: c.resources.map((r) => resolver.resolve(fn, c.native?.kinds ? 'servicebus' : c.service, r.param, r.value)) }));
    const sends: ResolvedSend[] = a.sends.map((s) => ({ ...s, resolvedTarget: s.target ? resolver.resolve(fn, s.service, s.target.param, s.target.value) : null }));
    return {
      functionId: fn.id,
      handler: { file: src.entry, export: src.exportName },
      language: src.language,
      inline: src.inline,
      skipped: null,
      resolved: a.resolved,
      entryKinds: kinds,
      calls,
      taint: a.taint,
      secrets: a.secrets,
      sends,
      incomplete: a.diagnostics.some((d) => d.code === 'code-analysis-budget'),
      environmentSecrets: envSecrets(fn),
      diagnostics: a.diagnostics,
    };
  };

  for (const fn of model.functions) functions[fn.id] = run(fn, kindsOf.get(fn.id) ?? []);

  // A function invoked by another function's code with attacker data gets that payload as its
  // event: analyse it again with the whole event tainted.
  const invokedWithTaint = new Set<string>();
  for (const fc of Object.values(functions)) {
    for (const s of fc.sends) if (s.payloadTainted && s.resolvedTarget?.nodeKind === 'function' && s.resolvedTarget.node) invokedWithTaint.add(s.resolvedTarget.node);
  }
  for (const id of [...invokedWithTaint].sort()) {
    const fn = fnById.get(id);
    const fc = functions[id];
    if (!fn || !fc || fc.entryKinds.includes(INVOKE_KIND)) continue;
    functions[id] = run(fn, [...fc.entryKinds, INVOKE_KIND].sort());
  }

  // Second order: what a public entry point's caller writes to a bucket or table, another function
  // reads back as the caller's input. Only stores the model shows such a writer for count.
  const stores = storedWrites(model, functions);
  if (stores.size > 0) {
    for (const fn of model.functions) {
      const fc = functions[fn.id];
      if (!fc || fc.skipped) continue;
      const reads = (service: string, operation: string, resources: readonly SdkResource[]): StoredTaint | null => {
        if (!STORE_READS.has(`${service}:${operation}`)) return null;
        for (const r of resources) {
          const node = resolver.resolve(fn, service, r.param, r.value).node;
          const w = node ? stores.get(node) : undefined;
          if (w && w.writer !== fn.id) return w.taint;
        }
        return null;
      };
      if (fc.calls.some((c) => c.reachable && c.targets.some((t) => t.node && stores.has(t.node) && stores.get(t.node)!.writer !== fn.id) && STORE_READS.has(`${c.service}:${c.operation}`))) {
        functions[fn.id] = run(fn, fc.entryKinds, reads);
      }
    }
  }

  const codeCalls: Record<string, { target: string; action: string }[]> = dict();
  for (const fc of Object.values(functions)) {
    const list: { target: string; action: string }[] = [];
    for (const c of fc.calls) {
      if (!c.reachable) continue;
      for (const t of c.targets) {
        if (!t.node || t.node === fc.functionId) continue;
        for (const action of c.actions) if (!list.some((x) => x.target === t.node && x.action === action)) list.push({ target: t.node, action });
      }
    }
    if (list.length) codeCalls[fc.functionId] = list;
  }

  const flows = crossFunctionFlows(model, functions, options.maxHops ?? 6);
  const byReceiver = new Map<string, CrossFunctionFlow[]>();
  for (const f of flows) {
    const k = `${f.receiver}\u0000${f.receiverKind}`;
    const list = byReceiver.get(k);
    if (list) list.push(f);
    else byReceiver.set(k, [f]);
  }
  return {
    functions,
    flows,
    codeCalls,
    flowsInto: (functionId, kind) => (kind === null ? [] : byReceiver.get(`${functionId}\u0000${kind}`) ?? []),
  };
}

/** Where a send to `target` delivers an event: receiving functions, the kind of their event, and the hop steps. */
interface FlowIndex {
  resources: Map<string, ResourceNode>;
  functions: Map<string, FunctionNode>;
  epsBySource: Map<string, EntryPoint[]>;
  /** `publishes` edges by source resource, in model order. */
  publishes: Map<string, string[]>;
}

function deliveries(index: FlowIndex, send: ResolvedSend): { receiver: string; kind: EntryPointKind; via: string[]; steps: FlowStep[] }[] {
  const t = send.resolvedTarget;
  if (!t?.node) return [];
  if (t.nodeKind === 'function') {
    const fn = index.functions.get(t.node);
    if (!fn || !send.action.startsWith('lambda:Invoke')) return [];
    return [{ receiver: fn.id, kind: INVOKE_KIND, via: [], steps: [{ location: fn.location, message: `${fn.id} receives the payload as its event` }] }];
  }
  // S3 notifications carry the object key, not the body.
  if (t.nodeKind === 'bucket' && send.payload?.field !== 'Key' && send.payload?.field !== 'Filename') return [];
  const out: { receiver: string; kind: EntryPointKind; via: string[]; steps: FlowStep[] }[] = [];
  const visit = (resId: string, via: string[], steps: FlowStep[], depth: number) => {
    const res = index.resources.get(resId);
    if (!res || depth > 4) return;
    const here = [...steps, { location: res.location, message: `${res.id} (${res.kind}) carries the data` }];
    for (const ep of index.epsBySource.get(resId) ?? []) {
      for (const target of ep.targets) out.push({ receiver: target, kind: ep.kind, via: [...via, resId], steps: [...here, { location: ep.location, message: `${ep.label} delivers it to ${target}` }] });
    }
    for (const to of index.publishes.get(resId) ?? []) if (!via.includes(to)) visit(to, [...via, resId], here, depth + 1);
  };
  visit(t.node, [], [], 0);
  return out;
}

function crossFunctionFlows(model: AppModel, functions: Record<string, FunctionCode>, maxHops: number): CrossFunctionFlow[] {
  const index: FlowIndex = { resources: new Map(model.resources.map((r) => [r.id, r])), functions: new Map(), epsBySource: new Map(), publishes: new Map() };
  for (const f of model.functions) if (!index.functions.has(f.id)) index.functions.set(f.id, f);
  for (const ep of model.entryPoints) {
    if (!ep.source) continue;
    const list = index.epsBySource.get(ep.source);
    if (list) list.push(ep);
    else index.epsBySource.set(ep.source, [ep]);
  }
  for (const e of model.edges) {
    if (e.kind !== 'publishes') continue;
    const list = index.publishes.get(e.from);
    if (list) list.push(e.to);
    else index.publishes.set(e.from, [e.to]);
  }
  const flows: CrossFunctionFlow[] = [];
  const seen = new Set<string>();
  interface State {
    origin: string;
    fn: string;
    kind: EntryPointKind;
    hops: string[];
    steps: FlowStep[];
  }
  const queue: State[] = [];
  for (const ep of [...model.entryPoints].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    for (const t of ep.targets) queue.push({ origin: ep.id, fn: t, kind: ep.via?.kind ?? ep.kind, hops: [t], steps: [] });
  }
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    const fc = functions[s.fn];
    if (!fc || s.hops.filter((h) => functions[h]).length > maxHops) continue;
    for (const send of fc.sends) {
      // data read back from a store is the writer's input, not this function's event
      if (!send.payload || send.payload.origin || send.payload.sourceKind !== s.kind) continue;
      for (const d of deliveries(index, send)) {
        if (s.hops.includes(d.receiver)) continue; // loops are the surface analysis's business
        const hops = [...s.hops, ...d.via, d.receiver];
        const steps = [...s.steps, ...send.payload.steps, ...d.steps];
        const key = `${s.origin}|${hops.join('>')}|${d.kind}`;
        if (seen.has(key)) continue;
        seen.add(key);
        flows.push({ origin: s.origin, hops, receiver: d.receiver, receiverKind: d.kind, steps });
        queue.push({ origin: s.origin, fn: d.receiver, kind: d.kind, hops, steps });
      }
    }
  }
  return flows;
}

/** Reads that return what a writer stored: the object's body, the items. */
const STORE_READS = new Set(['s3:GetObject', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem']);
/** Writes that store the payload a reader gets back (`Body`, `Item`). */
const STORE_WRITES = new Set(['s3:PutObject', 's3:Upload', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:TransactWriteItems']);

/** Buckets and tables a function writes event data to, when a public entry point of that event kind invokes it directly. */
function storedWrites(model: AppModel, functions: Record<string, FunctionCode>): Map<string, { writer: string; taint: StoredTaint }> {
  const out = new Map<string, { writer: string; taint: StoredTaint }>();
  for (const id of Object.keys(functions).sort()) {
    const fc = functions[id]!;
    for (const c of fc.calls) {
      const p = c.payloadTaint;
      // the object's body or the item (an object key alone does not put the caller's data in the object); not data read back itself
      if (!c.reachable || !p || !p.sourceKind || p.origin || (c.service === 's3' && p.field === 'Key') || !STORE_WRITES.has(`${c.service}:${c.operation}`)) continue;
      const ep = model.entryPoints.find((e) => e.targets.includes(id) && (e.via?.kind ?? e.kind) === p.sourceKind && e.principal.kind === 'public');
      if (!ep) continue;
      for (const t of c.targets) {
        if (!t.node || (t.nodeKind !== 'bucket' && t.nodeKind !== 'table') || out.has(t.node)) continue;
        const what = t.nodeKind === 'bucket' ? 'the object' : 'the item';
        out.set(t.node, {
          writer: id,
          taint: { kind: p.sourceKind, origin: ep.id, label: `${what} read from ${t.node}`, steps: [{ location: ep.location, message: `${ep.label} (${ep.principal.kind})` }, ...p.steps, { location: c.location, message: `${id} stores it in ${t.node} (${c.service}:${c.operation})` }] },
        });
      }
    }
  }
  return out;
}

/** The taint path of a payload, for reports. */
export function payloadSteps(p: TaintPath | null): FlowStep[] {
  return p ? p.steps : [];
}
