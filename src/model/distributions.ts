/**
 * CloudFront distributions (issue 22): their settings as declared (viewer TLS, web ACL, access logs,
 * cache behaviours) and their origins resolved to the elements of the model they forward to (an API
 * Gateway API, a function URL, a bucket, a load balancer); then, on the entry points of an API or a
 * function URL a distribution forwards to, the distribution as a front door. A distribution does not
 * make its origin private: the origin's own entry points stay, and only an origin that takes requests
 * from the distribution alone (a function URL with AuthType AWS_IAM behind origin access control) is
 * reached by the public through the distribution only, as an entry point of its own. Pure.
 */
import type { CacheBehaviour, DistributionOrigin, DistributionPosture, DocPath, EntryPoint, FrontDoor, Maybe, ResourceNode, SourceLocation } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import type { ModelBuilder, Stack } from './builder.js';
import { cmp } from './order.js';
import { behindRoutes, isLambdaGroup, loadBalancerGroups, routesTo } from './load-balancers.js';

const DISTRIBUTION = 'AWS::CloudFront::Distribution';

const obj = (v: RValue | undefined): RObject => asObject(v as never) as RObject;
const list = (v: RValue | undefined): RValue[] => (Array.isArray(v) ? v : []);
const isTrue = (v: RValue | undefined): boolean => v === true || v === 'true';
const present = (v: RValue | undefined): boolean => v !== undefined && v !== null && v !== '';
function setting(v: RValue | undefined): Maybe<boolean> {
  if (isUnresolved(v) && v.ref === undefined && v.pattern === undefined) return v;
  return present(v);
}
function text(v: RValue | undefined, otherwise: string): Maybe<string> {
  if (isUnresolved(v)) return v;
  return typeof v === 'string' ? v : otherwise;
}

/** The settings of one distribution from its resolved `DistributionConfig`; origins are not yet resolved (`kind: 'unresolved'`). */
function distributionPosture(p: RObject, at: (path: DocPath) => SourceLocation): DistributionPosture {
  const base = ['DistributionConfig'];
  const dc = obj(p['DistributionConfig']);
  const where = (path: DocPath, fallback: DocPath = base) => (pathHas(dc, path) ? at([...base, ...path]) : at(fallback));
  const origins: DistributionOrigin[] = list(dc['Origins']).map((raw, i) => {
    const o = obj(raw);
    const id = typeof o['Id'] === 'string' ? o['Id'] : `origin ${i + 1}`;
    const s3 = obj(o['S3OriginConfig']);
    const accessControl = present(o['OriginAccessControlId']) || present(s3['OriginAccessIdentity']);
    const headers = list(o['OriginCustomHeaders'])
      .map((h) => obj(h)['HeaderName'])
      .filter((h): h is string => typeof h === 'string')
      .sort(cmp);
    const domain: Maybe<string> = isUnresolved(o['DomainName']) ? o['DomainName'] : typeof o['DomainName'] === 'string' ? o['DomainName'] : unresolved('the origin has no DomainName');
    return { id, kind: 'unresolved', target: null, domain, accessControl, headers, location: at([...base, 'Origins', i]) };
  });
  const behaviour = (raw: RValue | undefined, path: DocPath, pattern: string): CacheBehaviour => {
    const b = obj(raw);
    const methods = b['AllowedMethods'];
    const fns = [...list(b['FunctionAssociations']), ...list(b['LambdaFunctionAssociations'])].map((f) => obj(f)['EventType']);
    return {
      path: typeof b['PathPattern'] === 'string' ? b['PathPattern'] : pattern,
      origin: text(b['TargetOriginId'], ''),
      viewerProtocolPolicy: text(b['ViewerProtocolPolicy'], 'allow-all'),
      allowedMethods: isUnresolved(methods) ? [methods] : Array.isArray(methods) ? methods.map((m) => (isUnresolved(m) ? m : String(m).toUpperCase())) : ['GET', 'HEAD'],
      signed: list(b['TrustedKeyGroups']).length > 0 || list(b['TrustedSigners']).length > 0,
      viewerFunction: fns.some((e) => e === 'viewer-request' || isUnresolved(e)),
      location: at([...base, ...path]),
    };
  };
  const behaviours = [behaviour(dc['DefaultCacheBehavior'], ['DefaultCacheBehavior'], '*'), ...list(dc['CacheBehaviors']).map((b, i) => behaviour(b, ['CacheBehaviors', i], '*'))];
  const cert = obj(dc['ViewerCertificate']);
  // Without a certificate of the account the distribution serves `*.cloudfront.net` with CloudFront's
  // certificate, and then accepts TLSv1 whatever MinimumProtocolVersion says (CloudFront Developer
  // Guide, "Supported protocols and ciphers between viewers and CloudFront").
  const own = present(cert['AcmCertificateArn']) || present(cert['IamCertificateId']);
  const defaultCertificate = !own || isTrue(cert['CloudFrontDefaultCertificate']);
  // With a certificate of its own and no MinimumProtocolVersion, CloudFront's default is TLSv1.
  const version: Maybe<string> = defaultCertificate ? 'TLSv1' : text(cert['MinimumProtocolVersion'], 'TLSv1');
  const logging = dc['Logging'];
  return {
    origins,
    behaviours,
    viewerTls: { version, defaultCertificate, location: where(['ViewerCertificate', 'MinimumProtocolVersion'], pathHas(dc, ['ViewerCertificate']) ? [...base, 'ViewerCertificate'] : base) },
    webAcl: { on: setting(dc['WebACLId']), location: where(['WebACLId']) },
    logging: { on: isUnresolved(logging) ? logging : setting(obj(logging)['Bucket']), location: where(['Logging']) },
    location: at([]),
  };
}

function pathHas(o: RObject, path: DocPath): boolean {
  let cur: RValue | undefined = o;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || isUnresolved(cur)) return false;
    cur = (cur as RObject)[String(k)];
  }
  return cur !== undefined;
}

const API_HOST = /^([^./]+)\.execute-api\.[^./]+\.amazonaws\.com(?:\.cn)?$/;
const URL_HOST = /^([^./]+)\.lambda-url\.[^./]+\.on\.aws$/;
const BUCKET_HOST = /^(.+?)\.s3(?:[.-][^.]+)?(?:\.dualstack\.[^.]+)?\.amazonaws\.com(?:\.cn)?$/;
const WEBSITE_HOST = /^(.+?)\.s3-website[.-][^.]+\.amazonaws\.com(?:\.cn)?$/;

/** The host of a domain or URL as written (`https://x.example.com/prod` → `x.example.com`). */
function hostOf(d: string): string {
  return d.replace(/^[a-z]+:\/\//i, '').split('/')[0]!.toLowerCase();
}

/** What an origin's domain names: an element of the model, another host, or something the scan cannot decide. */
function resolveOrigin(b: ModelBuilder, s: Stack, site: string, domain: Maybe<string>): Pick<DistributionOrigin, 'kind' | 'target'> {
  if (isUnresolved(domain)) {
    if (domain.ref === undefined) return { kind: 'unresolved', target: null };
    const r = s.resources.get(domain.ref);
    if (r?.type === 'AWS::Lambda::Url') {
      const fn = b.findFunction(domain, s, site);
      return fn ? { kind: 'function-url', target: fn.id } : { kind: 'unresolved', target: null };
    }
    const node = b.resourceByLogical(s, domain.ref);
    return node ? byNode(node) : { kind: 'unresolved', target: null };
  }
  const host = hostOf(domain);
  // A DNS name has at most 253 characters; anything longer names nothing (and is not worth matching).
  if (host.length > 253) return { kind: 'other', target: null };
  const api = API_HOST.exec(host);
  if (api) {
    const node = b.resourceNodes.find((n) => (n.kind === 'rest-api' || n.kind === 'http-api') && typeof n.arn === 'string' && n.stack === s.template.file && n.arn.toLowerCase().endsWith(`/${api[1]}`));
    return node ? { kind: 'api', target: node.id } : { kind: 'api', target: null };
  }
  if (URL_HOST.test(host)) {
    for (const [us, u] of b.ofType('AWS::Lambda::Url')) {
      const url = us.resolver.attribute(u.logicalId, 'FunctionUrl');
      if (us !== s || typeof url !== 'string' || hostOf(url) !== host) continue;
      const fn = b.findFunction(u.props['TargetFunctionArn'], us, u.logicalId);
      if (fn) return { kind: 'function-url', target: fn.id };
    }
    return { kind: 'function-url', target: null };
  }
  const bucket = WEBSITE_HOST.exec(host) ?? BUCKET_HOST.exec(host);
  if (bucket) {
    const node = b.findResource(bucket[1], s, site);
    return { kind: 'bucket', target: node?.kind === 'bucket' ? node.id : null };
  }
  if (/\.elb\.amazonaws\.com(?:\.cn)?$/.test(host)) return { kind: 'load-balancer', target: null };
  // A name the model knows (a load balancer's DNSName resolves to its name).
  const node = b.findResource(domain, s, site);
  return node ? byNode(node) : { kind: 'other', target: null };
}

function byNode(node: ResourceNode): Pick<DistributionOrigin, 'kind' | 'target'> {
  if (node.kind === 'rest-api' || node.kind === 'http-api') return { kind: 'api', target: node.id };
  if (node.kind === 'bucket') return { kind: 'bucket', target: node.id };
  if (node.kind === 'load-balancer') return { kind: 'load-balancer', target: node.id };
  return { kind: 'other', target: node.id };
}

/** Fills `posture.distribution` of every distribution node, with its origins resolved. */
export function applyDistributions(b: ModelBuilder): void {
  for (const [s, r] of b.ofType(DISTRIBUTION)) {
    const node = b.resourceByLogical(s, r.logicalId);
    if (!node || node.cloud !== undefined) continue;
    const d = distributionPosture(r.props, (path) => b.locate(s, path.length ? [...r.path, ...path] : ['Resources', r.logicalId]));
    for (const o of d.origins) Object.assign(o, resolveOrigin(b, s, r.logicalId, o.domain));
    node.posture = { ...node.posture, distribution: d };
  }
}

/**
 * Whether an origin takes requests from the distribution only. A function URL with AuthType AWS_IAM
 * behind origin access control: yes (CloudFront signs the requests; anyone else needs IAM
 * credentials). An origin the distribution sends a custom header to: unresolved (the origin may
 * reject requests without it, in code or a web ACL the scan does not see). Otherwise no.
 */
function restriction(o: DistributionOrigin, authType: Maybe<string> | null): Maybe<boolean> {
  if (o.kind === 'function-url' && o.accessControl) {
    if (isUnresolved(authType)) return authType;
    if (authType === 'AWS_IAM') return true;
  }
  if (o.headers.length > 0) return unresolved(`the distribution sends ${o.headers.join(', ')} to the origin, which may reject requests without it`);
  return false;
}

/** The caller a distribution's viewers are, from its behaviours towards an origin. */
function viewers(d: DistributionPosture, origin: string): { principal: EntryPoint['principal']; auth: EntryPoint['auth'] } {
  const toOrigin = d.behaviours.filter((bh) => bh.origin === origin || isUnresolved(bh.origin));
  if (toOrigin.length > 0 && toOrigin.every((bh) => bh.signed)) return { principal: { kind: 'authenticated-users', detail: 'viewers with a signed URL or cookie' }, auth: { kind: 'unresolved', reason: 'signed URLs or cookies (trusted key groups)' } };
  if (toOrigin.some((bh) => bh.viewerFunction)) return { principal: { kind: 'unresolved', detail: 'a viewer-request function runs first and may authenticate' }, auth: { kind: 'unresolved', reason: 'a viewer-request function may authenticate' } };
  return { principal: { kind: 'public', detail: 'anyone, through the CloudFront distribution' }, auth: { kind: 'none' } };
}

/**
 * Marks the entry points of the APIs and function URLs a distribution forwards to with the
 * distribution as a front door, and adds, for a function URL that takes requests from the
 * distribution only, the entry point the public reaches it by. Returns the added entry points.
 */
export function frontDoors(b: ModelBuilder, entryPoints: EntryPoint[]): EntryPoint[] {
  const added: EntryPoint[] = [];
  for (const node of b.resourceNodes) {
    const d = node.posture?.distribution;
    if (!d) continue;
    for (const o of d.origins) {
      if (o.kind === 'load-balancer' && o.target !== null) {
        added.push(...loadBalancerDoors(b, entryPoints, node, d, o));
        continue;
      }
      if (o.target === null || (o.kind !== 'api' && o.kind !== 'function-url')) continue;
      const fn = o.kind === 'function-url' ? b.fns.find((f) => f.id === o.target) ?? null : null;
      const door: FrontDoor = { distribution: node.id, origin: o.id, restricted: restriction(o, fn?.url ? fn.url.authType : null), location: o.location };
      const fronted = entryPoints.filter((ep) => (o.kind === 'api' ? ep.source === o.target : ep.kind === 'function-url' && ep.source === null && ep.targets.includes(o.target!)));
      for (const ep of fronted) (ep.frontDoors ??= []).push(door);
      if (fn && door.restricted === true) {
        const v = viewers(d, o.id);
        added.push({
          id: `function-url:${node.id}:URL of ${fn.id} through ${node.id}→${fn.id}`,
          kind: 'function-url',
          source: node.id,
          label: `URL of ${fn.id} through CloudFront distribution ${node.id}`,
          principal: v.principal,
          auth: v.auth,
          targets: [fn.id],
          location: o.location,
          frontDoors: [door],
        });
      }
    }
  }
  for (const ep of entryPoints) ep.frontDoors?.sort((x, y) => cmp(x.distribution, y.distribution) || cmp(x.origin, y.origin));
  return added;
}

/**
 * A load balancer origin: the distribution is a front door of the Lambda target groups its
 * listeners and rules forward to (the walk `alb-target` entry points use for their principal). An
 * internal load balancer (a CloudFront VPC origin) answers no one on the internet directly, so the
 * distribution's viewers reach its functions through an entry point of their own. The origin's
 * `lambdaOnly` says whether every target group it forwards to is a Lambda one of the model (else
 * what answers behind it is not all known).
 */
function loadBalancerDoors(b: ModelBuilder, entryPoints: EntryPoint[], node: ResourceNode, d: DistributionPosture, o: DistributionOrigin): EntryPoint[] {
  const added: EntryPoint[] = [];
  for (const [s, lb] of b.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    if (b.resourceByLogical(s, lb.logicalId)?.id !== o.target) continue;
    const idOf = (id: string) => b.ids.id(s, id);
    const groups = loadBalancerGroups(s, lb.logicalId, idOf);
    o.lambdaOnly = groups.length > 0 && groups.every((g) => isLambdaGroup(s, g));
    const internal = lb.props['Scheme'] === 'internal';
    const door: FrontDoor = { distribution: node.id, origin: o.id, restricted: internal ? true : restriction(o, null), location: o.location };
    for (const [ts, tg] of b.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
      if (ts !== s) continue;
      const routes = routesTo(s, tg.logicalId, idOf).filter((r) => typeof r.lb !== 'string' && r.lb.logicalId === lb.logicalId);
      if (routes.length === 0) continue;
      const direct = entryPoints.filter((ep) => ep.kind === 'alb-target' && (ep.source === tg.logicalId || ep.source === `${s.template.file}#${tg.logicalId}`));
      for (const ep of direct) (ep.frontDoors ??= []).push(door);
      if (!internal) continue;
      const v = behindRoutes(viewers(d, o.id), routes);
      for (const fn of [...new Set(direct.flatMap((ep) => ep.targets))].sort(cmp)) {
        added.push({
          id: `alb-target:${node.id}:ALB target group ${tg.logicalId} through ${node.id}→${fn}`,
          kind: 'alb-target',
          source: node.id,
          label: `ALB target group ${tg.logicalId} through CloudFront distribution ${node.id}`,
          principal: v.principal,
          auth: v.auth,
          targets: [fn],
          location: o.location,
          frontDoors: [door],
        });
      }
    }
  }
  return added;
}
