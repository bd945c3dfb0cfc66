/**
 * The edge posture rules (issue 22) rank a CloudFront distribution's gap by what stands behind it:
 * a route or function URL anyone calls without signing in (an AWS_IAM URL the distribution calls
 * for anyone through origin access control counts), routes with signed-in callers, IAM-only routes,
 * static files. Plain HTTP is judged per cache behaviour, by the origin it forwards to.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { tempDir, writeFiles } from '../diff/helpers.js';

const tmp = tempDir('nightlight-edge-');
after(() => tmp.cleanup());

const FUNCTION = `  Items:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/items
      Code: { ZipFile: "exports.handler = async () => ({ statusCode: 200 })" }
`;

/** An HTTP API with one route, authorised as given, behind a distribution with no web ACL, logs or certificate. */
function apiBehind(auth: string, extra = ''): string {
  return `Resources:
${FUNCTION}  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: shop, ProtocolType: HTTP }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Items.Arn, PayloadFormatVersion: '2.0' }
  Authorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties: { ApiId: !Ref Api, AuthorizerType: JWT, Name: users, IdentitySource: [$request.header.Authorization], JwtConfiguration: { Audience: [app], Issuer: https://issuer.example.com } }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: GET /items, Target: !Sub 'integrations/\${Integration}'${auth} }
${extra}  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - { Id: api, DomainName: !Sub '\${Api}.execute-api.\${AWS::Region}.amazonaws.com', CustomOriginConfig: { OriginProtocolPolicy: https-only } }
          - { Id: site, DomainName: assets.example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }
        DefaultCacheBehavior: { TargetOriginId: site, ViewerProtocolPolicy: allow-all }
        CacheBehaviors:
          - { PathPattern: /api/*, TargetOriginId: api, ViewerProtocolPolicy: https-only }
`;
}

async function severities(name: string, template: string): Promise<Record<string, string[]>> {
  const dir = join(tmp.dir, name);
  writeFiles(dir, { 'template.yaml': template });
  const r = await analyze({ root: dir, engine: { profile: 'all' } });
  const out: Record<string, string[]> = {};
  for (const f of r.findings) if (/distribution|viewer-tls/.test(f.ruleId)) (out[f.ruleId.slice('posture/'.length)] ??= []).push(f.severity);
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

describe('edge posture severity', () => {
  it('an open route behind the distribution: no web ACL medium, no logs low, old TLS low; plain HTTP to static files low', async () => {
    assert.deepEqual(await severities('open', apiBehind('')), { 'require-distribution-waf': ['medium'], 'require-distribution-logging': ['low'], 'require-viewer-tls': ['low', 'low'] });
  });
  it('signed-in callers behind it: low', async () => {
    assert.deepEqual(await severities('jwt', apiBehind(', AuthorizationType: JWT, AuthorizerId: !Ref Authorizer')), { 'require-distribution-waf': ['low'], 'require-distribution-logging': ['low'], 'require-viewer-tls': ['low', 'low'] });
  });
  it('IAM-only routes behind it: info', async () => {
    assert.deepEqual(await severities('iam', apiBehind(', AuthorizationType: AWS_IAM')), { 'require-distribution-waf': ['info'], 'require-distribution-logging': ['info'], 'require-viewer-tls': ['info', 'low'] });
  });
  it('an AWS_IAM function URL behind origin access control is open through the distribution; without it, the distribution cannot call it', async () => {
    const url = (oac: string) => `Resources:
${FUNCTION}  ItemsUrl:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: !GetAtt Items.Arn, AuthType: AWS_IAM }
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - { Id: url, DomainName: !Select [2, !Split ['/', !GetAtt ItemsUrl.FunctionUrl]]${oac}, CustomOriginConfig: { OriginProtocolPolicy: https-only } }
        DefaultCacheBehavior: { TargetOriginId: url, ViewerProtocolPolicy: https-only }
`;
    assert.deepEqual((await severities('oac', url(', OriginAccessControlId: oac-1')))['require-distribution-waf'], ['medium']);
    assert.deepEqual((await severities('no-oac', url('')))['require-distribution-waf'], ['info']);
  });
  it('an API whose open routes are service integrations (no function behind them) is open too', async () => {
    const t = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: links }
  Links:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: links }
  GetLinks:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Links
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: { Type: AWS, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:dynamodb:action/Scan' }
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - { Id: api, DomainName: !Sub '\${Api}.execute-api.\${AWS::Region}.amazonaws.com', OriginPath: /prod, CustomOriginConfig: { OriginProtocolPolicy: https-only } }
        DefaultCacheBehavior: { TargetOriginId: api, ViewerProtocolPolicy: https-only }
`;
    assert.deepEqual((await severities('service', t))['require-distribution-waf'], ['medium']);
  });
  it('a load balancer origin is judged by the Lambda target groups it forwards to: internet-facing or internal, open through the distribution', async () => {
    const lb = (scheme: string, group: string) => `Resources:
${FUNCTION}  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Name: shop-lb, Scheme: ${scheme} }
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: ${group}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { LoadBalancerArn: !Ref Lb, Port: 443, Protocol: HTTPS, DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Group }] }
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - { Id: lb, DomainName: !GetAtt Lb.DNSName, CustomOriginConfig: { OriginProtocolPolicy: https-only } }
        DefaultCacheBehavior: { TargetOriginId: lb, ViewerProtocolPolicy: https-only }
`;
    const lambda = '{ TargetType: lambda, Targets: [{ Id: !GetAtt Items.Arn }] }';
    assert.deepEqual((await severities('lb-public', lb('internet-facing', lambda)))['require-distribution-waf'], ['medium']);
    assert.deepEqual((await severities('lb-internal', lb('internal', lambda)))['require-distribution-waf'], ['medium']);
    // Instances behind it: what answers there is not known (low, never info).
    assert.deepEqual((await severities('lb-instances', lb('internet-facing', '{ TargetType: instance, Port: 80, Protocol: HTTP }')))['require-distribution-waf'], ['low']);
  });
  it('an origin the scan cannot resolve: low, never info', async () => {
    const t = `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - { Id: app, DomainName: !ImportValue shared-origin, CustomOriginConfig: { OriginProtocolPolicy: https-only } }
        DefaultCacheBehavior: { TargetOriginId: app, ViewerProtocolPolicy: https-only }
`;
    assert.deepEqual(await severities('unresolved', t), { 'require-distribution-waf': ['low'], 'require-distribution-logging': ['low'], 'require-viewer-tls': ['low'] });
  });
});
