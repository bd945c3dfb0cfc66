/**
 * Load balancer sign-in (authenticate-cognito / authenticate-oidc listener actions) as the auth of
 * `alb-target` entry points, in CloudFormation, Terraform (HCL and JSON) and the Serverless
 * Framework: the most exposed route to a target group decides; a rule of higher priority that every
 * request matches shadows the default action; `OnUnauthenticatedRequest: allow` signs no one in; an
 * action list, action type or behaviour that cannot be resolved is unresolved, never a sign-in.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import type { EntryPoint } from '../../src/model/types.js';
import { tempDir, writeFiles } from '../diff/helpers.js';

const tmp = tempDir('nightlight-alb-');
after(() => tmp.cleanup());

async function albEntries(name: string, files: Record<string, string>, params?: Record<string, string>): Promise<EntryPoint[]> {
  const dir = join(tmp.dir, name);
  writeFiles(dir, files);
  const r = await analyze({ root: dir, ...(params ? { params } : {}) });
  assert.deepEqual(r.diagnostics.filter((d) => d.level === 'error'), []);
  return r.model.entryPoints.filter((e) => e.kind === 'alb-target');
}

const access = (eps: EntryPoint[]) => eps.map((e) => `${e.principal.kind}/${e.auth.kind}`);

const cfn = (listenerActions: string, rules = '', scheme = 'internet-facing') => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Mode: { Type: String }
Conditions:
  SignIn: !Equals [!Ref Mode, 'on']
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/fn
      Code: { ZipFile: "exports.handler = async () => 1" }
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Fn.Arn }]
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: ${scheme}, Subnets: [subnet-1, subnet-2] }
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Lb
      Port: 443
      Protocol: HTTPS
      DefaultActions: ${listenerActions}
${rules}`;

const COGNITO = `{ Type: authenticate-cognito, Order: 1, AuthenticateCognitoConfig: { UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc, UserPoolClientId: c, UserPoolDomain: d } }`;
const FORWARD = `{ Type: forward, Order: 2, TargetGroupArn: !Ref Targets }`;
const rule = (id: string, priority: number | string, paths: string[], actions: string) => `  ${id}:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: ${priority}
      Conditions: [{ Field: path-pattern, Values: [${paths.map((p) => `'${p}'`).join(', ')}] }]
      Actions: ${actions}
`;

describe('CloudFormation listener actions', () => {
  it('a listener that signs users in before it forwards: signed-in users, cognito', async () => {
    const eps = await albEntries('cfn-signed', { 'template.yaml': cfn(`[${COGNITO}, ${FORWARD}]`) });
    assert.deepEqual(access(eps), ['authenticated-users/cognito']);
    assert.match(eps[0]!.principal.detail!, /us-east-1_abc.*authenticate-cognito on listener Listener/);
    assert.equal(eps[0]!.auth.authorizer, 'Listener');
  });

  it('a rule that signs in on some paths leaves the default action open', async () => {
    const eps = await albEntries('cfn-partial', { 'template.yaml': cfn(`[{ Type: forward, TargetGroupArn: !Ref Targets }]`, rule('Admin', 5, ['/admin/*'], `[${COGNITO}, ${FORWARD}]`)) });
    assert.deepEqual(access(eps), ['public/none']);
    assert.match(eps[0]!.principal.detail!, /listener Listener forwards with no authentication/);
  });

  it('a catch-all rule of higher priority shadows the default action; the same conditions shadow a later rule', async () => {
    const rules = rule('All', 1, ['/*'], `[${COGNITO}, ${FORWARD}]`) + rule('Admin', 7, ['/admin/*'], `[${COGNITO}, ${FORWARD}]`) + rule('AdminAgain', 9, ['/admin/*'], `[{ Type: forward, TargetGroupArn: !Ref Targets }]`);
    const eps = await albEntries('cfn-shadow', { 'template.yaml': cfn(`[{ Type: forward, TargetGroupArn: !Ref Targets }]`, rules) });
    assert.deepEqual(access(eps), ['authenticated-users/cognito']);
    // the same rules after a narrower catch-all: the default and the unauthenticated rule get requests
    const narrower = rule('Api', 1, ['/api/*'], `[${COGNITO}, ${FORWARD}]`) + rule('Open', 9, ['/admin/*'], `[{ Type: forward, TargetGroupArn: !Ref Targets }]`);
    const open = await albEntries('cfn-no-shadow', { 'template.yaml': cfn(`[{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404' } }]`, narrower) });
    assert.deepEqual(access(open), ['public/none']);
    assert.match(open[0]!.principal.detail!, /listener rule Open/);
  });

  it('a rule whose priority cannot be resolved shadows nothing', async () => {
    const eps = await albEntries('cfn-priority', { 'template.yaml': cfn(`[{ Type: forward, TargetGroupArn: !Ref Targets }]`, rule('All', '!Ref Mode', ['/*'], `[${COGNITO}, ${FORWARD}]`)) });
    assert.deepEqual(access(eps), ['public/none']);
  });

  it('OnUnauthenticatedRequest allow signs no one in; deny and authenticate do', async () => {
    const allow = COGNITO.replace('UserPoolDomain: d', 'UserPoolDomain: d, OnUnauthenticatedRequest: allow');
    const eps = await albEntries('cfn-allow', { 'template.yaml': cfn(`[${allow}, ${FORWARD}]`) });
    assert.deepEqual(access(eps), ['public/none']);
    assert.match(eps[0]!.principal.detail!, /OnUnauthenticatedRequest: allow/);
    const deny = COGNITO.replace('UserPoolDomain: d', 'UserPoolDomain: d, OnUnauthenticatedRequest: deny');
    assert.deepEqual(access(await albEntries('cfn-deny', { 'template.yaml': cfn(`[${deny}, ${FORWARD}]`) })), ['authenticated-users/cognito']);
  });

  it('an OIDC sign-in is a JWT-style auth; an internal load balancer stays the VPC', async () => {
    const oidc = `{ Type: authenticate-oidc, Order: 1, AuthenticateOidcConfig: { Issuer: https://id.example.com, ClientId: c, AuthorizationEndpoint: https://id.example.com/a, TokenEndpoint: https://id.example.com/t, UserInfoEndpoint: https://id.example.com/u } }`;
    const eps = await albEntries('cfn-oidc', { 'template.yaml': cfn(`[${oidc}, ${FORWARD}]`) });
    assert.deepEqual(access(eps), ['authenticated-users/jwt']);
    assert.match(eps[0]!.principal.detail!, /OIDC issuer https:\/\/id\.example\.com/);
    assert.deepEqual(access(await albEntries('cfn-internal', { 'template.yaml': cfn(`[${oidc}, ${FORWARD}]`, '', 'internal') })), ['same-account/jwt']);
  });

  it('an action list, an action type or a behaviour that cannot be resolved is unresolved', async () => {
    const list = await albEntries('cfn-list', { 'template.yaml': cfn(`!If [SignIn, [${COGNITO}, ${FORWARD}], [{ Type: forward, TargetGroupArn: !Ref Targets }]]`) });
    assert.deepEqual(access(list), ['unresolved/unresolved']);
    assert.match(list[0]!.principal.detail!, /actions of listener Listener cannot be resolved.*SignIn/);
    const type = await albEntries('cfn-type', { 'template.yaml': cfn(`[{ Type: !If [SignIn, authenticate-cognito, fixed-response], Order: 1, AuthenticateCognitoConfig: { UserPoolArn: p, UserPoolClientId: c, UserPoolDomain: d } }, ${FORWARD}]`) });
    assert.deepEqual(access(type), ['unresolved/unresolved']);
    const on = COGNITO.replace('UserPoolDomain: d', 'UserPoolDomain: d, OnUnauthenticatedRequest: !If [SignIn, deny, allow]');
    assert.deepEqual(access(await albEntries('cfn-on', { 'template.yaml': cfn(`[${on}, ${FORWARD}]`) })), ['unresolved/unresolved']);
    // decided by a parameter: the sign-in is read
    assert.deepEqual(access(await albEntries('cfn-list-param', { 'template.yaml': cfn(`!If [SignIn, [${COGNITO}, ${FORWARD}], [{ Type: forward, TargetGroupArn: !Ref Targets }]]`) }, { Mode: 'on' })), ['authenticated-users/cognito']);
  });

  it('a load balancer whose name has no value is still the one its listener references', async () => {
    const tpl = cfn(`[${COGNITO}, ${FORWARD}]`).replace('Properties: { Scheme: internet-facing,', 'Properties: { Name: !Ref Mode, Scheme: internet-facing,');
    assert.deepEqual(access(await albEntries('cfn-named', { 'template.yaml': tpl })), ['authenticated-users/cognito']);
  });
});

const tf = (listener: string, extra = '') => `variable "modes" {}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "fn.zip"
}
resource "aws_lb" "front" {
  name    = "front"
  subnets = ["subnet-1", "subnet-2"]
}
resource "aws_lb_target_group" "fn" {
  name        = "fn"
  target_type = "lambda"
}
resource "aws_lb_target_group_attachment" "fn" {
  target_group_arn = aws_lb_target_group.fn.arn
  target_id        = aws_lambda_function.fn.arn
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.front.arn
  port              = 443
  protocol          = "HTTPS"
${listener}
}
${extra}`;

const TF_COGNITO = `  default_action {
    type  = "authenticate-cognito"
    order = 1
    authenticate_cognito {
      user_pool_arn       = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"
      user_pool_client_id = "c"
      user_pool_domain    = "d"
    }
  }
  default_action {
    type             = "forward"
    order            = 2
    target_group_arn = aws_lb_target_group.fn.arn
  }`;

describe('Terraform listener actions', () => {
  it('default actions that sign in, in HCL; addresses as written', async () => {
    const eps = await albEntries('tf-signed', { 'main.tf': tf(TF_COGNITO) });
    assert.deepEqual(access(eps), ['authenticated-users/cognito']);
    assert.equal(eps[0]!.auth.authorizer, 'aws_lb_listener.https');
  });

  it('a rule that signs in on one path (condition blocks, and the old field/values form) leaves the default open; a catch-all rule shadows it', async () => {
    const open = `  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.fn.arn
  }`;
    const ruleTf = (name: string, priority: number, cond: string) => `resource "aws_alb_listener_rule" "${name}" {
  listener_arn = aws_lb_listener.https.arn
  priority     = ${priority}
  condition {
${cond}
  }
  action {
    type = "authenticate-oidc"
    authenticate_oidc {
      issuer                 = "https://id.example.com"
      client_id              = "c"
      client_secret          = "s"
      authorization_endpoint = "https://id.example.com/a"
      token_endpoint         = "https://id.example.com/t"
      user_info_endpoint     = "https://id.example.com/u"
    }
  }
  action {
    type = "forward"
    forward {
      target_group {
        arn = aws_lb_target_group.fn.arn
      }
    }
  }
}`;
    const admin = ruleTf('admin', 5, '    path_pattern {\n      values = ["/admin/*"]\n    }');
    assert.deepEqual(access(await albEntries('tf-partial', { 'main.tf': tf(open, admin) })), ['public/none']);
    const all = ruleTf('all', 1, '    path_pattern {\n      values = ["/*"]\n    }');
    assert.deepEqual(access(await albEntries('tf-shadow', { 'main.tf': tf(open, all) })), ['authenticated-users/jwt']);
    const old = ruleTf('all', 1, '    field  = "path-pattern"\n    values = ["*"]');
    assert.deepEqual(access(await albEntries('tf-shadow-old', { 'main.tf': tf(open, old) })), ['authenticated-users/jwt']);
  });

  it('a dynamic action whose for_each has no value is unresolved', async () => {
    const dyn = `  dynamic "default_action" {
    for_each = var.modes
    content {
      type = default_action.value
      authenticate_cognito {
        user_pool_arn       = "p"
        user_pool_client_id = "c"
        user_pool_domain    = "d"
      }
    }
  }
  default_action {
    type             = "forward"
    order            = 9
    target_group_arn = aws_lb_target_group.fn.arn
  }`;
    assert.deepEqual(access(await albEntries('tf-dynamic', { 'main.tf': tf(dyn) })), ['unresolved/unresolved']);
  });

  it('the same in JSON syntax', async () => {
    const doc = {
      resource: {
        aws_lambda_function: { fn: { function_name: 'fn', role: 'arn:aws:iam::123456789012:role/fn', handler: 'index.handler', runtime: 'nodejs20.x', filename: 'fn.zip' } },
        aws_lb: { front: { name: 'front', subnets: ['subnet-1'] } },
        aws_lb_target_group: { fn: { name: 'fn', target_type: 'lambda' } },
        aws_lb_target_group_attachment: { fn: { target_group_arn: '${aws_lb_target_group.fn.arn}', target_id: '${aws_lambda_function.fn.arn}' } },
        aws_lb_listener: {
          https: {
            load_balancer_arn: '${aws_lb.front.arn}',
            port: 443,
            default_action: [
              { type: 'authenticate-cognito', order: 1, authenticate_cognito: [{ user_pool_arn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc', user_pool_client_id: 'c', user_pool_domain: 'd' }] },
              { type: 'forward', order: 2, target_group_arn: '${aws_lb_target_group.fn.arn}' },
            ],
          },
        },
      },
    };
    assert.deepEqual(access(await albEntries('tfjson-signed', { 'main.tf.json': JSON.stringify(doc, null, 2) })), ['authenticated-users/cognito']);
  });
});

describe('Serverless alb events', () => {
  const sls = (authorizer: string, defs: string) => `service: reports
provider:
  name: aws
  runtime: nodejs20.x
  alb:
    authorizers:
${defs}
functions:
  report:
    handler: handler.report
    events:
      - alb:
          listenerArn: !Ref Https
          priority: 1
          conditions:
            path: /reports
${authorizer}
resources:
  Resources:
    Front:
      Type: AWS::ElasticLoadBalancingV2::LoadBalancer
      Properties:
        Subnets: [subnet-1, subnet-2]
    Https:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties:
        LoadBalancerArn: !Ref Front
        Port: 443
        Protocol: HTTPS
        DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404' } }]
`;
  const defs = `      login:
        type: oidc
        issuer: https://id.example.com
        clientId: c
        clientSecret: s
        authorizationEndpoint: https://id.example.com/a
        tokenEndpoint: https://id.example.com/t
        userInfoEndpoint: https://id.example.com/u`;
  const handler = { 'handler.js': 'exports.report = async () => ({ statusCode: 200 });\n' };

  it('an authorizer (a name or a list) signs users in; no authorizer is public', async () => {
    assert.deepEqual(access(await albEntries('sls-oidc', { 'serverless.yml': sls('          authorizer: login', defs), ...handler })), ['authenticated-users/jwt']);
    assert.deepEqual(access(await albEntries('sls-list', { 'serverless.yml': sls('          authorizer: [login]', defs), ...handler })), ['authenticated-users/jwt']);
    assert.deepEqual(access(await albEntries('sls-none', { 'serverless.yml': sls('', defs), ...handler })), ['public/none']);
  });

  it('an authorizer the provider does not define is unresolved, with a warning', async () => {
    const dir = join(tmp.dir, 'sls-unknown');
    writeFiles(dir, { 'serverless.yml': sls('          authorizer: missing', defs), ...handler });
    const r = await analyze({ root: dir });
    assert.ok(r.diagnostics.some((d) => d.code === 'sls-authorizer-unknown' && /alb authorizer 'missing'/.test(d.message)));
    assert.deepEqual(access(r.model.entryPoints.filter((e) => e.kind === 'alb-target')), ['unresolved/unresolved']);
  });
});

describe('a distribution in front of an internal load balancer', () => {
  it('its viewers still sign in where every route to the group authenticates', async () => {
    const dir = join(tmp.dir, 'cdn');
    const signed = cfn(`[${COGNITO}, ${FORWARD}]`, '', 'internal').replace('Properties: { Scheme: internal,', 'Properties: { Name: inner, Scheme: internal,');
    writeFiles(dir, {
      'template.yaml': `${signed}  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins: [{ Id: inner, DomainName: !GetAtt Lb.DNSName, CustomOriginConfig: { OriginProtocolPolicy: https-only } }]
        DefaultCacheBehavior: { TargetOriginId: inner, ViewerProtocolPolicy: https-only }
`,
    });
    const r = await analyze({ root: dir });
    const through = r.model.entryPoints.filter((e) => e.kind === 'alb-target' && e.source === 'Cdn');
    assert.deepEqual(access(through), ['authenticated-users/cognito']);
    const direct = r.model.entryPoints.filter((e) => e.kind === 'alb-target' && e.source !== 'Cdn');
    assert.deepEqual(access(direct), ['same-account/cognito']);
  });
});
