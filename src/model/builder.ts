/**
 * The model builder: the stacks of a scan with their resolved resources, and the class that turns
 * them into functions, roles, resources, permissions and edges. buildModel (build.ts) drives it; the
 * entry-point, identity and Cognito passes read it.
 */
import type {
  AttachedPolicy,
  Cloud,
  Diagnostic,
  DocPath,
  Edge,
  FunctionNode,
  JsonObject,
  LambdaPermission,
  LoadedTemplate,
  Maybe,
  Platform,
  PolicyDocument,
  ResourceKind,
  ResourceNode,
  RoleNode,
  SourceLocation,
  Unresolved,
} from './types.js';
import { dict, isUnresolved, unresolved } from './types.js';
import { Resolver, asObject, type RValue, type RObject } from './resolve.js';
import { toPolicyDocument } from './policy.js';
import { resourcePosture } from './posture.js';
import { CrossStack, Directory } from './stacks.js';

/** One template with its resolver and resolved resources, shared by the builder's passes. */
export interface Stack {
  template: LoadedTemplate;
  resolver: Resolver;
  /** Logical id → { type, props (resolved), path } for resources whose condition is not false. */
  resources: Map<string, StackResource>;
}

export interface StackResource {
  logicalId: string;
  type: string;
  props: RObject;
  path: DocPath;
  /** Set when the resource exists only under a condition that could not be decided. */
  condition?: string;
  metadata: JsonObject;
}

const KIND_BY_TYPE: Record<string, ResourceKind> = {
  'AWS::S3::Bucket': 'bucket',
  'AWS::SQS::Queue': 'queue',
  'AWS::SNS::Topic': 'topic',
  'AWS::DynamoDB::Table': 'table',
  'AWS::DynamoDB::GlobalTable': 'table',
  'AWS::Kinesis::Stream': 'stream',
  'AWS::Events::EventBus': 'event-bus',
  'AWS::Events::Rule': 'event-rule',
  'AWS::Scheduler::Schedule': 'schedule',
  'AWS::StepFunctions::StateMachine': 'state-machine',
  'AWS::ApiGateway::RestApi': 'rest-api',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::KMS::Key': 'kms-key',
  'AWS::SSM::Parameter': 'parameter',
  'AWS::Cognito::UserPool': 'user-pool',
  'AWS::Cognito::IdentityPool': 'identity-pool',
  'AWS::Logs::LogGroup': 'log-group',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'load-balancer',
  'AWS::IoT::TopicRule': 'iot-rule',
  'AWS::Lambda::LayerVersion': 'layer',
  'AWS::ECR::Repository': 'repository',
  'AWS::MSK::Cluster': 'other',
  'AWS::AmazonMQ::Broker': 'other',
  'AWS::AppSync::GraphQLApi': 'other',
  'AWS::KinesisFirehose::DeliveryStream': 'other',
  'AWS::CloudFront::Distribution': 'distribution',
};

/**
 * The id users know a resource by: the Serverless function key or the Terraform address when the
 * loader recorded one, else the logical id. Qualified with the stack file when two stacks share it.
 */
export function displayName(r: StackResource): string {
  const m = r.metadata;
  const named = m['nightlight:address'] ?? m['nightlight:name'];
  return typeof named === 'string' && named !== '' ? named : r.logicalId;
}

export class IdAllocator {
  private readonly counts = new Map<string, number>();
  constructor(stacks: Stack[]) {
    for (const s of stacks) for (const r of s.resources.values()) this.counts.set(displayName(r), (this.counts.get(displayName(r)) ?? 0) + 1);
  }
  id(stack: Stack, logicalId: string): string {
    const r = stack.resources.get(logicalId);
    const name = r ? displayName(r) : logicalId;
    return (this.counts.get(name) ?? 0) > 1 ? `${stack.template.file}#${name}` : name;
  }
}

/** Extracts the function name from a Lambda ARN, alias ARN or plain name. */
export function functionNameFromRef(v: string): string {
  const m = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:/]+)/.exec(v);
  if (m) return m[1]!;
  return v.split(':')[0]!;
}

export class ModelBuilder {
  readonly fns: FunctionNode[] = [];
  readonly roleNodes: RoleNode[] = [];
  readonly resourceNodes: ResourceNode[] = [];
  readonly edges: Edge[] = [];
  /** Names and ARNs, looked up from a stack (stacks.ts): its own first, another only when one declares it. */
  private readonly fnByName = new Directory<FunctionNode>();
  private readonly fnByLogical = new Map<string, FunctionNode>();
  private readonly roleByArn = new Directory<RoleNode>();
  private readonly roleByName = new Directory<RoleNode>();
  private readonly roleByLogical = new Map<string, RoleNode>();
  private readonly resByKey = new Directory<ResourceNode>();
  private readonly resByLogical = new Map<string, ResourceNode>();
  /** Explicit physical names per kind, for the collision diagnostic. */
  private readonly explicitNames = new Directory<{ stack: Stack; logicalId: string }>();
  private readonly stackOfFn = new Map<FunctionNode, Stack>();

  constructor(
    readonly stacks: Stack[],
    readonly ids: IdAllocator,
    readonly accountId: string,
    readonly diagnostics: Diagnostic[],
    readonly crossStack: CrossStack = new CrossStack(diagnostics),
  ) {}

  locate(stack: Stack, path: DocPath): SourceLocation {
    return stack.template.locate(path);
  }

  /** Per type, its resources across all stacks with their place in stack and resource order (the stacks' resources are fixed before the builder is made). */
  private byType: Map<string, { s: Stack; r: StackResource; at: number }[]> | null = null;

  /**
   * Resources of the given types across all stacks, in stack order and each stack's resource
   * order. The ~60 questions of a build ask a type index made on the first, not every resource.
   */
  ofType(...types: string[]): [Stack, StackResource][] {
    if (this.byType === null) {
      const index = new Map<string, { s: Stack; r: StackResource; at: number }[]>();
      let at = 0;
      for (const s of this.stacks) {
        for (const r of s.resources.values()) {
          const list = index.get(r.type);
          if (list) list.push({ s, r, at: at++ });
          else index.set(r.type, [{ s, r, at: at++ }]);
        }
      }
      this.byType = index;
    }
    const lists = [...new Set(types)].flatMap((t) => this.byType!.get(t) ?? []);
    if (types.length > 1) lists.sort((x, y) => x.at - y.at);
    return lists.map((e) => [e.s, e.r]);
  }

  /**
   * The function a resolved reference (name, ARN, alias ARN, integration URI) from `from` points
   * at, if it is in the model: by identity when the reference names a resource of `from` whose
   * name is unknown, else by name in `from`, else by a name exactly one other stack declares (a
   * cross-stack link, recorded). `site` is the referring resource, for the link's location.
   */
  findFunction(ref: RValue | undefined, from: Stack, site?: string): FunctionNode | null {
    if (isUnresolved(ref)) return ref.ref === undefined ? null : this.functionByIdentity(from, ref.ref);
    if (typeof ref !== 'string') return null;
    // `.../functions/<arn>/invocations`, or `/response-streaming-invocations` for a streamed REST integration.
    const inner = /functions\/(arn:[^/]+)\/(?:response-streaming-)?invocations/.exec(ref);
    const s = inner ? inner[1]! : ref;
    const hit = this.fnByName.find(from.template.file, functionNameFromRef(s)) ?? this.fnByName.find(from.template.file, s);
    return hit ? this.crossed(hit, from, site, s) : null;
  }

  /** The function a logical id of `from` stands for: a function, or an alias, version or URL of one. */
  private functionByIdentity(from: Stack, logicalId: string, depth = 0): FunctionNode | null {
    const own = this.functionByLogical(from, logicalId);
    if (own || depth > 4) return own;
    const r = from.resources.get(logicalId);
    if (!r || !['AWS::Lambda::Alias', 'AWS::Lambda::Version', 'AWS::Lambda::Url'].includes(r.type)) return null;
    const target = r.props['FunctionName'] ?? r.props['TargetFunctionArn'];
    if (isUnresolved(target)) return target.ref === undefined ? null : this.functionByIdentity(from, target.ref, depth + 1);
    return this.findFunction(target, from, logicalId);
  }

  /** A lookup's node; when it lies in another stack, the link is recorded. */
  private crossed<T>(hit: { node: T; stack: string }, from: Stack, site: string | undefined, name: string): T {
    if (hit.stack !== from.template.file) this.crossStack.link('physical-name', from.template.file, hit.stack, name, this.locate(from, site ? ['Resources', site] : ['Resources']));
    return hit.node;
  }

  /** The stack that declares a function of the model. */
  stackOf(fn: FunctionNode): Stack {
    return this.stackOfFn.get(fn)!;
  }

  functionByLogical(stack: Stack, logicalId: string): FunctionNode | null {
    return this.fnByLogical.get(`${stack.template.file}#${logicalId}`) ?? null;
  }

  /** The resource node a resolved ARN, URL or name from `from` points at (by identity first, as findFunction). */
  findResource(ref: RValue | undefined, from: Stack, site?: string): ResourceNode | null {
    if (isUnresolved(ref)) return ref.ref === undefined ? null : this.resourceByLogical(from, ref.ref);
    if (typeof ref !== 'string') return null;
    const hit = this.resByKey.find(from.template.file, ref) ?? this.resByKey.find(from.template.file, ref.replace(/\/\*$/, ''));
    return hit ? this.crossed(hit, from, site, ref) : null;
  }

  /** The role a resolved ARN or name from `from` points at (by identity first). */
  findRole(ref: RValue | undefined, from: Stack, site?: string): RoleNode | null {
    if (isUnresolved(ref)) return ref.ref === undefined ? null : this.roleByLogical.get(`${from.template.file}#${ref.ref}`) ?? null;
    if (typeof ref !== 'string') return null;
    const file = from.template.file;
    // a Google service account's email names the account by its id (`orders-fn@orders-prod.iam.gserviceaccount.com`)
    const account = /^(?:serviceAccount:)?([a-z][a-z0-9-]{4,29})@[a-z0-9.-]+\.gserviceaccount\.com$/.exec(ref)?.[1];
    const hit = this.roleByArn.find(file, ref) ?? this.roleByName.find(file, ref) ?? this.roleByName.find(file, ref.replace(/^arn:[^:]+:iam::\d*:role\/(?:.*\/)?/, '')) ?? (account === undefined ? undefined : this.roleByName.find(file, account));
    return hit ? this.crossed(hit, from, site, ref) : null;
  }

  /** Records a resource's explicit physical name, for the cross-stack collision diagnostic. */
  private declareName(stack: Stack, logicalId: string, kind: string, name: RValue): void {
    if (typeof name === 'string' && stack.resolver.hasExplicitName(logicalId)) this.explicitNames.add(stack.template.file, `${kind}\u0000${name}`, { stack, logicalId });
  }

  /** One warning per pair of stacks that declare the same explicit physical names. */
  reportCollisions(): void {
    const byPair = new Map<string, { stacks: string[]; names: string[] }>();
    for (const [key, stacks] of this.explicitNames.collisions()) {
      const pair = stacks.join('\u0000');
      const entry = byPair.get(pair) ?? { stacks, names: [] };
      entry.names.push(key.replace('\u0000', ' '));
      byPair.set(pair, entry);
    }
    for (const { stacks, names } of byPair.values()) {
      const first = this.stacks.find((s) => s.template.file === stacks[0])!;
      const at = this.locate(first, ['Resources']);
      const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
      this.diagnostics.push({
        level: 'warning',
        code: 'physical-name-collision',
        message: `${at.file}:${at.line}: ${stacks.join(' and ')} declare the same physical names (${shown}): deployed to one account and region, one stack would replace or block the other. Each stack's own references stay inside it; a name from a third stack is not linked to either`,
        location: at,
      });
    }
  }

  resourceByLogical(stack: Stack, logicalId: string): ResourceNode | null {
    return this.resByLogical.get(`${stack.template.file}#${logicalId}`) ?? null;
  }

  functions(): void {
    for (const [stack, r] of this.ofType('AWS::Lambda::Function', 'AWS::Serverless::Function')) {
      const p = r.props;
      const loc = this.locate(stack, ['Resources', r.logicalId]);
      const name = stack.resolver.physicalName(r.logicalId);
      const code = asObject(p['Code'] as never);
      // `Code: ./src` (before `aws cloudformation package`) and SAM's local CodeUri (as `LocalPath`) are folders in the tree.
      const rawLocal = typeof p['Code'] === 'string' ? (p['Code'] as string) : typeof code['LocalPath'] === 'string' ? (code['LocalPath'] as string) : null;
      const localPath = rawLocal !== null ? joinPosix(dirOf(stack.template.file), rawLocal) : null;
      const codeUri = typeof p['CodeUri'] === 'string' ? joinPosix(dirOf(stack.template.file), p['CodeUri'] as string) : localPath;
      const metaPath = r.metadata['nightlight:code-path'];
      const env = asObject(asObject(p['Environment'] as never)['Variables'] as never) as RObject;
      const environment: Record<string, Maybe<string>> = dict();
      for (const [k, v] of Object.entries(env)) environment[k] = isUnresolved(v) ? v : typeof v === 'string' ? v : v === null ? '' : typeof v === 'object' ? unresolved('non-string environment value') : String(v);
      const roleRef = p['Role'];
      const fn: FunctionNode = {
        id: this.ids.id(stack, r.logicalId),
        logicalId: r.logicalId,
        stack: stack.template.file,
        name,
        arn: stack.resolver.arnOf(r.logicalId),
        runtime: maybeString(p['Runtime']),
        handler: {
          handler: maybeString(p['Handler']) ?? unresolved(p['ImageUri'] || asObject(p['Code'] as never)['ImageUri'] ? 'container image function' : 'no Handler'),
          // Serverless packages the service folder itself; handler paths are relative to it.
          codeUri: codeUri ?? (typeof metaPath === 'string' ? metaPath : stack.template.format === 'serverless' || stack.template.format === 'zappa' ? dirOf(stack.template.file) || '.' : s3CodeUri(code)),
          inline: typeof code['ZipFile'] === 'string' || isUnresolved(code['ZipFile'] as never),
          ...(typeof r.metadata['nightlight:wsgi-app'] === 'string' ? { wsgiApp: r.metadata['nightlight:wsgi-app'] } : {}),
          ...(r.metadata['nightlight:web-adapter'] === 'zappa' ? { webAdapter: 'zappa' as const } : typeof r.metadata['nightlight:wsgi-app'] === 'string' ? { webAdapter: 'serverless-wsgi' as const } : {}),
          ...(typeof r.metadata['nightlight:django-settings'] === 'string' ? { djangoSettings: r.metadata['nightlight:django-settings'] } : {}),
          ...(Array.isArray(r.metadata['nightlight:event-functions']) ? { eventFunctions: (r.metadata['nightlight:event-functions'] as unknown[]).filter((x): x is string => typeof x === 'string') } : {}),
        },
        memoryMb: maybeNumber(p['MemorySize'], 128),
        timeoutSeconds: maybeNumber(p['Timeout'], 3),
        architecture: (() => {
          const a = p['Architectures'];
          if (a === undefined) return 'x86_64';
          if (isUnresolved(a)) return a;
          const first = Array.isArray(a) ? a[0] : a;
          return first === 'arm64' ? 'arm64' : first === 'x86_64' ? 'x86_64' : isUnresolved(first) ? first : unresolved('unknown architecture');
        })(),
        reservedConcurrency: p['ReservedConcurrentExecutions'] === undefined ? null : maybeNumber(p['ReservedConcurrentExecutions'], 0),
        provisionedConcurrency: null,
        roleId: null,
        roleArn: roleRef === undefined ? null : isUnresolved(roleRef) ? roleRef : typeof roleRef === 'string' ? roleRef : unresolved('Role is not a string'),
        environment,
        layers: Array.isArray(p['Layers']) ? (p['Layers'] as RValue[]).map((l) => (typeof l === 'string' || isUnresolved(l) ? l : unresolved('layer reference'))) : [],
        url: null,
        recursiveLoop: p['RecursiveLoop'] === 'Allow' ? 'Allow' : 'Terminate',
        permissions: [],
        location: loc,
      };
      fn.posture = {
        runtimeLocation: p['Runtime'] === undefined ? null : this.locate(stack, [...r.path, 'Runtime']),
        deadLetterTarget: maybeString(asObject(p['DeadLetterConfig'] as never)['TargetArn'] as RValue),
        onFailureDestination: null,
        tracingMode: maybeString(asObject(p['TracingConfig'] as never)['Mode'] as RValue),
        inVpc: vpcAttached(p['VpcConfig']),
        codeSigningConfig: maybeString(p['CodeSigningConfigArn']),
        image: p['PackageType'] === 'Image',
        environmentKey: maybeString(p['KmsKeyArn']),
      };
      if (r.condition) fn.condition = r.condition;
      if (typeof r.metadata['aws:cdk:path'] === 'string') fn.constructPath = r.metadata['aws:cdk:path'] as string;
      const cloud = cloudMeta(r.metadata);
      if (cloud) fn.cloud = cloud;
      // Lambda's hardening settings; Google and Azure functions have none of these properties.
      if (cloud) delete fn.posture;
      const platform = r.metadata['nightlight:platform'];
      if (typeof platform === 'string' && PLATFORM_NAMES.has(platform)) fn.platform = platform as Platform;
      this.fns.push(fn);
      this.stackOfFn.set(fn, stack);
      this.fnByLogical.set(`${stack.template.file}#${r.logicalId}`, fn);
      const file = stack.template.file;
      if (typeof name === 'string') this.fnByName.add(file, name, fn);
      if (typeof fn.arn === 'string') this.fnByName.add(file, fn.arn, fn);
      this.declareName(stack, r.logicalId, 'function', name);
    }
    // Provisioned concurrency lives on aliases and versions.
    for (const [stack, r] of this.ofType('AWS::Lambda::Alias', 'AWS::Lambda::Version')) {
      const fn = this.findFunction(r.props['FunctionName'], stack, r.logicalId);
      const name = stack.resolver.physicalName(r.logicalId);
      if (fn && typeof name === 'string') this.fnByName.add(stack.template.file, name, fn);
      const arn = stack.resolver.arnOf(r.logicalId);
      if (fn && typeof arn === 'string') this.fnByName.add(stack.template.file, arn, fn);
      const pc = asObject(r.props['ProvisionedConcurrencyConfig'] as never)['ProvisionedConcurrentExecutions'];
      if (fn && pc !== undefined) fn.provisionedConcurrency = maybeNumber(pc as RValue, 0);
    }
  }

  roles(): void {
    type ManagedDoc = { doc: Maybe<PolicyDocument>; name: string; loc: SourceLocation };
    const managedDocs = new Directory<ManagedDoc>();
    const managedByLogical = new Map<string, ManagedDoc>();
    for (const [stack, r] of this.ofType('AWS::IAM::ManagedPolicy')) {
      const arn = stack.resolver.arnOf(r.logicalId);
      const doc = toPolicyDocument(r.props['PolicyDocument'], [...r.path, 'PolicyDocument'], (p) => this.locate(stack, p));
      const entry = { doc, name: r.logicalId, loc: this.locate(stack, ['Resources', r.logicalId]) };
      managedByLogical.set(`${stack.template.file}#${r.logicalId}`, entry);
      if (typeof arn === 'string') managedDocs.add(stack.template.file, arn, entry);
    }
    const managedDoc = (stack: Stack, ref: RValue, site: string): ManagedDoc | null => {
      if (isUnresolved(ref)) return ref.ref === undefined ? null : managedByLogical.get(`${stack.template.file}#${ref.ref}`) ?? null;
      const hit = typeof ref === 'string' ? managedDocs.find(stack.template.file, ref) : null;
      return hit ? this.crossed(hit, stack, site, ref as string) : null;
    };
    for (const [stack, r] of this.ofType('AWS::IAM::Role')) {
      const p = r.props;
      const arn = stack.resolver.arnOf(r.logicalId);
      const policies: AttachedPolicy[] = [];
      const inline = p['Policies'];
      if (Array.isArray(inline)) {
        inline.forEach((pol, i) => {
          const o = asObject(pol as never) as RObject;
          const polPath = [...r.path, 'Policies', i];
          policies.push({
            name: typeof o['PolicyName'] === 'string' ? (o['PolicyName'] as string) : `${r.logicalId}Policy${i}`,
            source: 'inline',
            document: toPolicyDocument(o['PolicyDocument'], [...polPath, 'PolicyDocument'], (x) => this.locate(stack, x)),
            location: this.locate(stack, polPath),
          });
        });
      } else if (isUnresolved(inline)) {
        policies.push({ name: `${r.logicalId}Policies`, source: 'inline', document: inline, location: this.locate(stack, [...r.path, 'Policies']) });
      }
      const managed = p['ManagedPolicyArns'];
      const managedList = Array.isArray(managed) ? managed : managed === undefined ? [] : [managed];
      managedList.forEach((m, i) => {
        const loc = this.locate(stack, [...r.path, 'ManagedPolicyArns', i]);
        const own = managedDoc(stack, m, r.logicalId);
        if (own) {
          policies.push({ name: own.name, source: 'customer-managed', document: own.doc, location: loc });
          return;
        }
        if (isUnresolved(m) || typeof m !== 'string') {
          policies.push({ name: isUnresolved(m) ? m.pattern ?? 'unresolved' : 'unresolved', source: 'external', document: isUnresolved(m) ? m : unresolved('managed policy ARN is not a string'), location: loc });
          return;
        }
        if (/^arn:[^:]+:iam::aws:policy\//.test(m)) policies.push({ name: m, source: 'aws-managed', document: unresolved(`AWS managed policy ${m} (its document comes from the IAM analysis's catalog)`), location: loc });
        else policies.push({ name: m, source: 'external', document: unresolved(`managed policy ${m} is not defined in the scanned templates`), location: loc });
      });
      const boundary = p['PermissionsBoundary'];
      const role: RoleNode = {
        id: this.ids.id(stack, r.logicalId),
        logicalId: r.logicalId,
        arn,
        defined: true,
        policies,
        trust: p['AssumeRolePolicyDocument'] === undefined ? null : toPolicyDocument(p['AssumeRolePolicyDocument'], [...r.path, 'AssumeRolePolicyDocument'], (x) => this.locate(stack, x)),
        permissionsBoundary:
          boundary === undefined
            ? null
            : managedDoc(stack, boundary, r.logicalId)
              ? managedDoc(stack, boundary, r.logicalId)!.doc
              : unresolved(`permissions boundary ${typeof boundary === 'string' ? boundary : ''} is not defined in the scanned templates`.replace('  ', ' ')),
        location: this.locate(stack, ['Resources', r.logicalId]),
      };
      const cloud = cloudMeta(r.metadata);
      if (cloud) role.cloud = cloud;
      this.roleNodes.push(role);
      const file = stack.template.file;
      this.roleByLogical.set(`${file}#${r.logicalId}`, role);
      if (typeof arn === 'string') this.roleByArn.add(file, arn, role);
      const name = stack.resolver.physicalName(r.logicalId);
      if (typeof name === 'string') this.roleByName.add(file, name, role);
      this.declareName(stack, r.logicalId, 'role', name);
    }
    // Separate policies attached to roles by name.
    for (const [stack, r] of this.ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy')) {
      const rolesList = r.type === 'AWS::IAM::RolePolicy' ? [r.props['RoleName']] : Array.isArray(r.props['Roles']) ? (r.props['Roles'] as RValue[]) : [];
      const doc = toPolicyDocument(r.props['PolicyDocument'], [...r.path, 'PolicyDocument'], (x) => this.locate(stack, x));
      for (const rn of rolesList) {
        const role = this.findRole(rn, stack, r.logicalId);
        if (!role) continue;
        const name = typeof r.props['PolicyName'] === 'string' ? (r.props['PolicyName'] as string) : r.logicalId;
        if (role.policies.some((x) => x.name === r.logicalId && x.source === 'customer-managed')) continue;
        role.policies.push({ name, source: r.type === 'AWS::IAM::ManagedPolicy' ? 'customer-managed' : 'inline', document: doc, location: this.locate(stack, ['Resources', r.logicalId]) });
      }
    }
    // Link functions to roles; roles outside the templates become undefined roles, one per stack
    // that names them (qualified with the stack's file when several stacks name the same ARN).
    const external = new Map<string, RoleNode>();
    const externalStacks = new Map<string, Set<string>>();
    for (const fn of this.fns) {
      if (typeof fn.roleArn !== 'string' || this.findRole(fn.roleArn, this.stackOfFn.get(fn)!)) continue;
      const set = externalStacks.get(fn.roleArn) ?? new Set<string>();
      set.add(fn.stack);
      externalStacks.set(fn.roleArn, set);
    }
    for (const fn of this.fns) {
      const ref = fn.roleArn;
      if (ref === null) continue;
      const own = this.findRole(ref, this.stackOfFn.get(fn)!, fn.logicalId);
      if (own) {
        fn.roleId = own.id;
        // The role is known by identity; its ARN is the role's (pattern included).
        if (isUnresolved(ref) && own.arn !== null) fn.roleArn = own.arn;
        continue;
      }
      if (isUnresolved(ref)) {
        const id = `unresolved-role:${fn.id}`;
        this.roleNodes.push({ id, logicalId: null, arn: ref, defined: false, policies: [], trust: null, permissionsBoundary: null, location: fn.location });
        fn.roleId = id;
        continue;
      }
      const key = `${fn.stack}\u0000${ref}`;
      let ext = external.get(key);
      if (!ext) {
        const id = (externalStacks.get(ref)?.size ?? 0) > 1 ? `${fn.stack}#${ref}` : ref;
        ext = { id, logicalId: null, arn: ref, defined: false, policies: [{ name: ref, source: 'external', document: unresolved(`${fn.cloud === undefined ? 'role' : 'identity'} ${ref} is not defined in the scanned templates`), location: fn.location }], trust: null, permissionsBoundary: null, location: fn.location };
        if (fn.cloud) ext.cloud = fn.cloud;
        external.set(key, ext);
        this.roleNodes.push(ext);
      }
      fn.roleId = ext.id;
    }
  }

  resources(): void {
    for (const s of this.stacks) {
      for (const r of s.resources.values()) {
        let kind = KIND_BY_TYPE[r.type];
        if (r.type === 'AWS::ApiGatewayV2::Api') kind = r.props['ProtocolType'] === 'WEBSOCKET' ? 'websocket-api' : 'http-api';
        if (!kind) continue;
        const node: ResourceNode = {
          id: this.ids.id(s, r.logicalId),
          logicalId: r.logicalId,
          stack: s.template.file,
          type: r.type,
          kind,
          name: s.resolver.physicalName(r.logicalId),
          arn: s.resolver.arnOf(r.logicalId),
          policy: null,
          attributes: {},
          location: this.locate(s, ['Resources', r.logicalId]),
        };
        const p = r.props;
        switch (r.type) {
          case 'AWS::S3::Bucket':
            if (p['AccessControl'] !== undefined) node.acl = maybeString(p['AccessControl']);
            break;
          case 'AWS::SQS::Queue':
            node.attributes.fifo = p['FifoQueue'] === true || p['FifoQueue'] === 'true';
            node.attributes.visibilityTimeoutSeconds = p['VisibilityTimeout'] === undefined ? 30 : maybeNumber(p['VisibilityTimeout'], 30);
            break;
          case 'AWS::DynamoDB::Table':
          case 'AWS::DynamoDB::GlobalTable':
            node.attributes.streamEnabled = p['StreamSpecification'] !== undefined;
            break;
          case 'AWS::StepFunctions::StateMachine':
            node.attributes.stateMachineType = p['StateMachineType'] === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
            break;
          case 'AWS::SecretsManager::Secret':
          case 'AWS::KMS::Key':
            if (r.type === 'AWS::KMS::Key' && p['KeyPolicy'] !== undefined) node.policy = toPolicyDocument(p['KeyPolicy'], [...r.path, 'KeyPolicy'], (x) => this.locate(s, x));
            break;
          case 'AWS::Lambda::LayerVersion': {
            // SAM's local ContentUri (`Content.LocalPath`), a Serverless layer `path`, a Terraform source folder
            const content = p['Content'];
            const local = typeof content === 'string' ? content : typeof asObject(content as never)['LocalPath'] === 'string' ? (asObject(content as never)['LocalPath'] as string) : typeof r.metadata['nightlight:layer-path'] === 'string' ? (r.metadata['nightlight:layer-path'] as string) : null;
            if (local !== null && !/^s3:\/\//i.test(local)) node.attributes.contentPath = joinPosix(dirOf(s.template.file), local);
            else if (typeof r.metadata['nightlight:code-path'] === 'string') node.attributes.contentPath = r.metadata['nightlight:code-path'] as string;
            break;
          }
          case 'AWS::ECR::Repository':
            if (p['RepositoryPolicyText'] !== undefined) node.policy = toPolicyDocument(p['RepositoryPolicyText'], [...r.path, 'RepositoryPolicyText'], (x) => this.locate(s, x));
            break;
          case 'AWS::Cognito::IdentityPool':
            node.attributes.allowUnauthenticated = p['AllowUnauthenticatedIdentities'] === true || p['AllowUnauthenticatedIdentities'] === 'true' ? true : isUnresolved(p['AllowUnauthenticatedIdentities']) ? (p['AllowUnauthenticatedIdentities'] as never) : false;
            break;
        }
        if (typeof r.metadata['aws:cdk:path'] === 'string') node.constructPath = r.metadata['aws:cdk:path'] as string;
        const cloud = cloudMeta(r.metadata);
        if (cloud) node.cloud = cloud;
        // Resources a framework makes for itself (Serverless: `nightlight:generated`) keep its settings,
        // except the functions' log groups, whose retention the user sets (`provider.logRetentionInDays`).
        const posture = cloud || (r.metadata['nightlight:generated'] === true && r.type !== 'AWS::Logs::LogGroup') ? undefined : resourcePosture(r.type, p, (path) => this.locate(s, path.length ? [...r.path, ...path] : ['Resources', r.logicalId]));
        if (posture) node.posture = posture;
        this.resourceNodes.push(node);
        this.resByLogical.set(`${s.template.file}#${r.logicalId}`, node);
        for (const key of [node.arn, node.name, r.type === 'AWS::SQS::Queue' ? s.resolver.attribute(r.logicalId, 'QueueUrl') : null, r.type === 'AWS::DynamoDB::Table' ? s.resolver.attribute(r.logicalId, 'StreamArn') : null]) {
          if (typeof key === 'string') this.resByKey.add(s.template.file, key, node);
        }
        this.declareName(s, r.logicalId, kind, node.name);
      }
    }
    const attach = (s: Stack, site: string, target: RValue, doc: Maybe<PolicyDocument>, by?: string) => {
      const node = this.findResource(target, s, site);
      if (!node) return;
      if (by !== undefined) (node.policyResources ??= []).push(by);
      if (node.policy && !isUnresolved(node.policy) && !isUnresolved(doc)) node.policy = { statements: [...node.policy.statements, ...doc.statements], location: node.policy.location };
      else node.policy = doc;
    };
    for (const [s, r] of this.ofType('AWS::S3::BucketPolicy')) attach(s, r.logicalId, r.props['Bucket'], toPolicyDocument(r.props['PolicyDocument'], [...r.path, 'PolicyDocument'], (x) => this.locate(s, x)), this.ids.id(s, r.logicalId));
    for (const [s, r] of this.ofType('AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy')) {
      const doc = toPolicyDocument(r.props['PolicyDocument'], [...r.path, 'PolicyDocument'], (x) => this.locate(s, x));
      const targets = r.props[r.type === 'AWS::SQS::QueuePolicy' ? 'Queues' : 'Topics'];
      for (const t of Array.isArray(targets) ? targets : [targets]) attach(s, r.logicalId, t ?? null, doc, this.ids.id(s, r.logicalId));
    }
    for (const [s, r] of this.ofType('AWS::SQS::QueueInlinePolicy', 'AWS::SNS::TopicInlinePolicy')) {
      attach(s, r.logicalId, r.props['Queue'] ?? r.props['TopicArn'], toPolicyDocument(r.props['PolicyDocument'], [...r.path, 'PolicyDocument'], (x) => this.locate(s, x)), this.ids.id(s, r.logicalId));
    }
    for (const [s, r] of this.ofType('AWS::Events::EventBusPolicy')) {
      const busName = r.props['EventBusName'] ?? 'default';
      const bus = this.findResource(busName, s, r.logicalId) ?? this.resourceNodes.find((n) => n.kind === 'event-bus' && n.name === busName && n.stack === s.template.file) ?? null;
      if (!bus) continue;
      let doc: Maybe<PolicyDocument>;
      if (r.props['Statement'] !== undefined) doc = toPolicyDocument({ Statement: r.props['Statement'] } as RValue, r.path, (x) => this.locate(s, [...x.slice(0, r.path.length), ...x.slice(r.path.length + 1)]));
      else {
        const principal = r.props['Principal'];
        const condition = r.props['Condition'];
        const stmt: RObject = { Effect: 'Allow', Principal: principal === '*' ? '*' : { AWS: principal ?? null }, Action: r.props['Action'] ?? 'events:PutEvents', Resource: bus.arn as RValue };
        if (condition) stmt['Condition'] = { StringEquals: { [String(asObject(condition as never)['Key'] ?? 'aws:PrincipalOrgID')]: asObject(condition as never)['Value'] ?? null } } as RValue;
        doc = toPolicyDocument({ Statement: [stmt] }, r.path, (x) => this.locate(s, x));
      }
      if (bus.policy && !isUnresolved(bus.policy) && !isUnresolved(doc)) bus.policy = { statements: [...bus.policy.statements, ...doc.statements], location: bus.policy.location };
      else bus.policy = doc;
    }
    for (const [s, r] of this.ofType('AWS::SecretsManager::RotationSchedule')) {
      const secret = this.findResource(r.props['SecretId'], s, r.logicalId);
      if (secret?.posture?.rotation) secret.posture.rotation = { on: true, location: this.locate(s, ['Resources', r.logicalId]) };
    }
    for (const [s, r] of this.ofType('AWS::S3::Bucket')) {
      const target = asObject(r.props['LoggingConfiguration'] as never)['DestinationBucketName'] as RValue;
      const node = target === undefined ? null : this.findResource(target, s, r.logicalId);
      if (node?.kind === 'bucket') node.attributes.logTarget = true;
    }
    for (const [s, r] of this.ofType('AWS::SecretsManager::ResourcePolicy')) attach(s, r.logicalId, r.props['SecretId'], toPolicyDocument(r.props['ResourcePolicy'], [...r.path, 'ResourcePolicy'], (x) => this.locate(s, x)), this.ids.id(s, r.logicalId));
    for (const [s, r] of this.ofType('AWS::Cognito::IdentityPoolRoleAttachment')) {
      const pool = this.findResource(r.props['IdentityPoolId'], s, r.logicalId);
      if (!pool) continue;
      const roles = asObject(r.props['Roles'] as never) as RObject;
      const roleId = (v: RValue | undefined) => (v === undefined ? null : (this.findRole(v, s, r.logicalId)?.id ?? null));
      pool.attributes.unauthenticatedRoleId = roleId(roles['unauthenticated']);
      pool.attributes.authenticatedRoleId = roleId(roles['authenticated']);
    }
    // IAM-derived edges (can-invoke / can-access) belong to the IAM analysis; here only declared wiring.
    for (const [s, r] of this.ofType('AWS::Lambda::EventInvokeConfig')) {
      const fn = this.findFunction(r.props['FunctionName'], s, r.logicalId);
      const dest = asObject(r.props['DestinationConfig'] as never) as RObject;
      for (const k of ['OnSuccess', 'OnFailure']) {
        const target = asObject(dest[k] as never)['Destination'] as RValue;
        const to = this.findFunction(target, s, r.logicalId)?.id ?? this.findResource(target, s, r.logicalId)?.id;
        if (fn && to) this.edges.push({ kind: 'publishes', from: fn.id, to, location: this.locate(s, [...r.path, 'DestinationConfig', k]) });
        if (fn?.posture && k === 'OnFailure' && target !== undefined) fn.posture.onFailureDestination = maybeString(target);
      }
    }
  }

  permissions(): void {
    for (const [stack, r] of this.ofType('AWS::Lambda::Permission')) {
      const fn = this.findFunction(r.props['FunctionName'], stack, r.logicalId);
      if (!fn) {
        const ref = r.props['FunctionName'];
        if (ref === undefined || isUnresolved(ref)) continue;
        continue;
      }
      const p = r.props;
      const perm: LambdaPermission = {
        resourceId: this.ids.id(stack, r.logicalId),
        action: maybeString(p['Action']) ?? unresolved('no Action'),
        principal: maybeString(p['Principal']) ?? unresolved('no Principal'),
        sourceArn: p['SourceArn'] === undefined ? null : maybeString(p['SourceArn']),
        sourceAccount: p['SourceAccount'] === undefined ? null : maybeString(p['SourceAccount']),
        principalOrgId: p['PrincipalOrgID'] === undefined ? null : maybeString(p['PrincipalOrgID']),
        functionUrlAuthType: p['FunctionUrlAuthType'] === undefined ? null : maybeString(p['FunctionUrlAuthType']),
        invokedViaFunctionUrl: p['InvokedViaFunctionUrl'] === true || p['InvokedViaFunctionUrl'] === 'true',
        location: this.locate(stack, [...r.path, 'Principal']),
      };
      fn.permissions.push(perm);
    }
  }
}

/** Whether a `VpcConfig` attaches the function to subnets (an empty list detaches it). */
function vpcAttached(v: RValue | undefined): boolean | Unresolved {
  if (v === undefined || v === null) return false;
  if (isUnresolved(v)) return v;
  const subnets = asObject(v as never)['SubnetIds'] as RValue | undefined;
  if (subnets === undefined || subnets === null) return false;
  if (isUnresolved(subnets)) return subnets;
  return Array.isArray(subnets) ? subnets.length > 0 : unresolved('SubnetIds is not a list');
}

export function maybeString(v: RValue | undefined): Maybe<string> | null {
  if (v === undefined || v === null) return null;
  if (isUnresolved(v)) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return unresolved('expected a string');
}

export function maybeNumber(v: RValue | undefined, dflt: number): Maybe<number> {
  if (v === undefined || v === null) return dflt;
  if (isUnresolved(v)) return v;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : unresolved(`not a number: ${JSON.stringify(v)}`);
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** Joins a template's folder and a relative code path, POSIX, without leaving the tree for `s3://` URIs. */
function joinPosix(dir: string, rel: string): string {
  if (/^[a-z0-9]+:\/\//i.test(rel) || rel.startsWith('/')) return rel;
  const parts = (dir ? dir.split('/') : []).concat(rel.split('/'));
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/') || '.';
}

/** Code in S3: its URI, or unresolved when bucket or key is not known (never the template's folder). */
function s3CodeUri(code: JsonObject): Maybe<string> | null {
  if (code['S3Bucket'] === undefined && code['S3Key'] === undefined) return null;
  return typeof code['S3Bucket'] === 'string' && typeof code['S3Key'] === 'string' ? `s3://${code['S3Bucket']}/${code['S3Key']}` : unresolved('the code is in S3 (bucket or key not known statically)');
}

const PLATFORM_NAMES = new Set<string>(['cloud-functions-gen1', 'cloud-functions-gen2', 'cloud-run', 'azure-consumption', 'azure-flex-consumption'] satisfies Platform[]);

/** The cloud a loader marked a resource with (`nightlight:cloud`: google, azure); undefined for AWS. */
function cloudMeta(metadata: Record<string, unknown>): Cloud | undefined {
  const c = metadata['nightlight:cloud'];
  return c === 'google' || c === 'azure' ? c : undefined;
}
