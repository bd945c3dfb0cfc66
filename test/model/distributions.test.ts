/**
 * CloudFront distributions in the model (issue 22): origins resolve to the API, function URL, bucket
 * or load balancer they name, in every format; the entry points of an API or a function URL behind a
 * distribution keep their direct principal and carry the distribution as a front door; a function
 * URL that takes requests from the distribution only (AuthType AWS_IAM behind origin access control)
 * is reached by the public through the distribution, as an entry point of its own; an origin the
 * distribution sends a header to is unresolved.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import type { AppModel } from '../../src/model/types.js';
import { isUnresolved } from '../../src/model/types.js';
import { tempDir, writeFiles } from '../diff/helpers.js';
import { entryLabel } from '../../src/reporters/terminal.js';
import { toJsonReport } from '../../src/reporters/json.js';
import { buildGraph } from '../../src/reporters/html/graph.js';

const tmp = tempDir('nightlight-cdn-');
after(() => tmp.cleanup());

async function model(name: string, files: Record<string, string>): Promise<AppModel> {
  const dir = join(tmp.dir, name);
  writeFiles(dir, files);
  const r = await analyze({ root: dir });
  assert.deepEqual(r.diagnostics.filter((d) => d.level === 'error'), []);
  return r.model;
}

function origins(m: AppModel): string[] {
  const d = m.resources.find((r) => r.kind === 'distribution');
  assert.ok(d?.posture?.distribution, 'a distribution with its posture');
  return d.posture.distribution.origins.map((o) => `${o.id}:${o.kind}:${o.target ?? '-'}`);
}

const CFN_FUNCTION = `  Items:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/items
      Code: { ZipFile: "exports.handler = async () => ({ statusCode: 200 })" }
`;

describe('CloudFront distributions', () => {
  it('CloudFormation: origins resolve; the API keeps its direct entry point with the distribution as a front door; an IAM function URL behind OAC is public through the distribution', async () => {
    const m = await model('cfn', {
      'template.yaml': `Resources:
${CFN_FUNCTION}  ItemsUrl:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: !GetAtt Items.Arn, AuthType: AWS_IAM }
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: shop-http, ProtocolType: HTTP }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Items.Arn, PayloadFormatVersion: '2.0' }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: GET /items, Target: !Sub 'integrations/\${Integration}' }
  Site:
    Type: AWS::S3::Bucket
  Balancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Name: shop-lb }
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: api
            DomainName: !Sub '\${Api}.execute-api.\${AWS::Region}.amazonaws.com'
            OriginCustomHeaders: [{ HeaderName: X-Origin-Verify, HeaderValue: s3cr3t }]
          - Id: url
            DomainName: !Select [2, !Split ['/', !GetAtt ItemsUrl.FunctionUrl]]
            OriginAccessControlId: oac-1
          - Id: site
            DomainName: !GetAtt Site.RegionalDomainName
            S3OriginConfig: { OriginAccessIdentity: origin-access-identity/cloudfront/E1 }
          - Id: lb
            DomainName: !GetAtt Balancer.DNSName
          - Id: elsewhere
            DomainName: api.example.com
        DefaultCacheBehavior: { TargetOriginId: api, ViewerProtocolPolicy: https-only }
        CacheBehaviors:
          - { PathPattern: /fn/*, TargetOriginId: url, ViewerProtocolPolicy: https-only }
`,
    });
    assert.deepEqual(origins(m), ['api:api:Api', 'url:function-url:Items', 'site:bucket:Site', 'lb:load-balancer:Balancer', 'elsewhere:other:-']);
    const route = m.entryPoints.find((e) => e.kind === 'http-api-route')!;
    assert.equal(route.principal.kind, 'public', 'the API still answers anyone directly');
    assert.equal(route.frontDoors?.[0]?.distribution, 'Cdn');
    assert.ok(isUnresolved(route.frontDoors[0].restricted), 'a header the API may check: unresolved');
    const direct = m.entryPoints.find((e) => e.kind === 'function-url' && e.source === null)!;
    assert.notEqual(direct.principal.kind, 'public');
    assert.equal(direct.frontDoors?.[0]?.restricted, true);
    const through = m.entryPoints.find((e) => e.kind === 'function-url' && e.source === 'Cdn')!;
    assert.equal(through.principal.kind, 'public');
    assert.deepEqual(through.targets, ['Items']);
    const d = m.resources.find((r) => r.id === 'Cdn')!.posture!.distribution!;
    assert.equal(d.origins.find((o) => o.id === 'site')!.accessControl, true);
    assert.deepEqual(d.viewerTls, { ...d.viewerTls, version: 'TLSv1', defaultCertificate: true });
    assert.equal(d.webAcl.on, false);
    assert.equal(d.logging.on, false);
  });

  it('a load balancer origin fronts the Lambda target groups its listeners forward to; an internal one is reached through the distribution only', async () => {
    const lb = (name: string, scheme: string) => `  ${name}Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Name: ${name.toLowerCase()}-lb, Scheme: ${scheme} }
  ${name}Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { TargetType: lambda, Targets: [{ Id: !GetAtt Items.Arn }] }
  ${name}Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref ${name}Lb
      Port: 443
      Protocol: HTTPS
      DefaultActions: [{ Type: forward, TargetGroupArn: !Ref ${name}Group }]
`;
    const m = await model('lb', {
      'template.yaml': `Resources:
${CFN_FUNCTION}${lb('Public', 'internet-facing')}${lb('Inner', 'internal')}  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - { Id: public, DomainName: !GetAtt PublicLb.DNSName, CustomOriginConfig: { OriginProtocolPolicy: https-only } }
          - { Id: inner, DomainName: !GetAtt InnerLb.DNSName, CustomOriginConfig: { OriginProtocolPolicy: https-only } }
        DefaultCacheBehavior: { TargetOriginId: public, ViewerProtocolPolicy: https-only }
        CacheBehaviors:
          - { PathPattern: /inner/*, TargetOriginId: inner, ViewerProtocolPolicy: https-only }
`,
    });
    assert.deepEqual(origins(m), ['public:load-balancer:PublicLb', 'inner:load-balancer:InnerLb']);
    const direct = m.entryPoints.filter((e) => e.kind === 'alb-target' && e.source !== 'Cdn').map((e) => `${e.source} ${e.principal.kind} ${e.frontDoors?.map((f) => `${f.origin}:${String(f.restricted)}`).join(',')}`).sort();
    assert.deepEqual(direct, ['InnerGroup same-account inner:true', 'PublicGroup public public:false']);
    const through = m.entryPoints.filter((e) => e.kind === 'alb-target' && e.source === 'Cdn');
    assert.deepEqual(through.map((e) => `${e.label} ${e.principal.kind} ${e.targets.join(',')}`), ['ALB target group InnerGroup through CloudFront distribution Cdn public Items']);
    const d = m.resources.find((r) => r.id === 'Cdn')!.posture!.distribution!;
    assert.deepEqual(d.origins.map((o) => o.lambdaOnly), [true, true]);
  });

  it('a hostile origin domain (a megabyte of `.s3-` labels) is another host, quickly', async () => {
    const m = await model('hostile', {
      'template.yaml': `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins: [{ Id: x, DomainName: ${'a.s3-b'.repeat(200_000)}.amazonaws.com }]
        DefaultCacheBehavior: { TargetOriginId: x, ViewerProtocolPolicy: https-only }
`,
    });
    assert.deepEqual(origins(m), ['x:other:-']);
  });

  it('SAM: a distribution in front of the implicit API of a function resolves to ServerlessRestApi', async () => {
    const m = await model('sam', {
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  Items:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => ({ statusCode: 200 })"
      Events:
        Get: { Type: Api, Properties: { Path: /items, Method: get } }
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        WebACLId: arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1
        Logging: { Bucket: logs.s3.amazonaws.com }
        ViewerCertificate: { AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1, MinimumProtocolVersion: TLSv1.2_2021, SslSupportMethod: sni-only }
        Origins:
          - Id: api
            DomainName: !Sub '\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com'
            OriginPath: /Prod
            CustomOriginConfig: { OriginProtocolPolicy: https-only }
        DefaultCacheBehavior: { TargetOriginId: api, ViewerProtocolPolicy: https-only }
`,
    });
    assert.deepEqual(origins(m), ['api:api:ServerlessRestApi']);
    const ep = m.entryPoints.find((e) => e.kind === 'rest-api-method')!;
    assert.deepEqual(ep.frontDoors?.map((f) => [f.distribution, f.restricted]), [['Cdn', false]]);
    // The terminal, the JSON report and the map say it.
    assert.equal(entryLabel(ep), 'GET /items (ServerlessRestApi), also through CloudFront distribution Cdn');
    const r = await analyze({ root: join(tmp.dir, 'sam') });
    const json = (toJsonReport(r).entryPoints as { id: string }[]).find((e) => e.id === ep.id) as unknown as { frontDoors: { distribution: string; restricted: boolean }[] };
    assert.deepEqual(json.frontDoors.map((f) => [f.distribution, f.restricted]), [['Cdn', false]]);
    const g = buildGraph(r);
    assert.ok(g.edges.some((e) => e.from === 'r:Cdn' && e.to === 'e:' + ep.id && e.label === 'CloudFront origin api'), 'the map links the distribution to the entry point');
    assert.ok(g.nodes.find((n) => n.id === 'e:' + ep.id)!.facts.some((f) => f.label === 'Front door' && f.value.startsWith('CloudFront distribution Cdn (origin api; also reachable directly)')));
    const d = m.resources.find((r) => r.id === 'Cdn')!.posture!.distribution!;
    assert.deepEqual([d.viewerTls.version, d.viewerTls.defaultCertificate, d.webAcl.on, d.logging.on], ['TLSv1.2_2021', false, true, true]);
  });

  it('Serverless resources: a distribution in front of the service REST API', async () => {
    const m = await model('sls', {
      'handler.js': 'exports.items = async () => ({ statusCode: 200 });\n',
      'serverless.yml': `service: shop
provider: { name: aws, runtime: nodejs22.x }
functions:
  items:
    handler: handler.items
    events:
      - http: { path: items, method: get }
resources:
  Resources:
    Cdn:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
          Enabled: true
          Origins:
            - Id: api
              DomainName: !Sub '\${ApiGatewayRestApi}.execute-api.\${AWS::Region}.amazonaws.com'
              CustomOriginConfig: { OriginProtocolPolicy: https-only }
          DefaultCacheBehavior: { TargetOriginId: api, ViewerProtocolPolicy: https-only }
`,
    });
    assert.deepEqual(origins(m), ['api:api:ApiGatewayRestApi']);
    assert.equal(m.entryPoints.find((e) => e.kind === 'rest-api-method')!.frontDoors?.[0]?.distribution, 'Cdn');
  });

  it('Terraform: origins named through replace(), split() and attributes keep the resource they come from', async () => {
    const m = await model('tf', {
      'main.tf': `resource "aws_lambda_function" "items" {
  function_name = "items"
  role          = "arn:aws:iam::123456789012:role/items"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "items.zip"
}
resource "aws_lambda_function_url" "items" {
  function_name      = aws_lambda_function.items.function_name
  authorization_type = "NONE"
}
resource "aws_apigatewayv2_api" "shop" {
  name          = "shop"
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_integration" "items" {
  api_id           = aws_apigatewayv2_api.shop.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.items.invoke_arn
}
resource "aws_apigatewayv2_route" "items" {
  api_id    = aws_apigatewayv2_api.shop.id
  route_key = "GET /items"
  target    = "integrations/\${aws_apigatewayv2_integration.items.id}"
}
resource "aws_s3_bucket" "site" {
  bucket = "shop-site"
}
resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  origin {
    origin_id   = "api"
    domain_name = replace(aws_apigatewayv2_api.shop.api_endpoint, "https://", "")
  }
  origin {
    origin_id   = "url"
    domain_name = split("/", aws_lambda_function_url.items.function_url)[2]
  }
  origin {
    origin_id   = "site"
    domain_name = aws_s3_bucket.site.bucket_regional_domain_name
  }
  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "POST"]
    cached_methods         = ["GET", "HEAD"]
  }
  logging_config {
    bucket = "logs.s3.amazonaws.com"
  }
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/1"
    minimum_protocol_version = "TLSv1.1_2016"
  }
}
`,
    });
    assert.deepEqual(origins(m), ['api:api:aws_apigatewayv2_api.shop', 'url:function-url:aws_lambda_function.items', 'site:bucket:aws_s3_bucket.site']);
    const url = m.entryPoints.find((e) => e.kind === 'function-url')!;
    assert.equal(url.principal.kind, 'public');
    assert.deepEqual(url.frontDoors?.map((f) => [f.distribution, f.restricted]), [['aws_cloudfront_distribution.cdn', false]]);
    const d = m.resources.find((r) => r.kind === 'distribution')!.posture!.distribution!;
    assert.deepEqual([d.viewerTls.version, d.viewerTls.defaultCertificate, d.webAcl.on, d.logging.on], ['TLSv1.1_2016', false, false, true]);
    assert.deepEqual(d.behaviours[0]!.allowedMethods, ['GET', 'HEAD', 'POST']);
  });
});
