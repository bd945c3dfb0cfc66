/**
 * An endpoint anyone can call without signing in is ranked by what its functions can do
 * (`openEndpointRank`, docs/severity.md): a function whose role holds only what it needs to run is
 * public by design (medium, and the message says so); one whose role has a policy the scan cannot
 * read (a customer managed policy ARN, an Fn::ImportValue, a Terraform variable without a value, a
 * role from outside the template) holds something unknown, which is not safe (high, and the message
 * names what could not be read). Each pair is one fixture and its twin, per format.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import type { Finding } from '../../src/model/findings.js';
import { tempDir } from '../diff/helpers.js';

const here = import.meta.dirname;

async function findingsOf(root: string, ruleId: string): Promise<Finding[]> {
  const r = await analyze({ root, cache: false });
  return r.findings.filter((f) => f.ruleId === ruleId);
}

const PAIRS: { rule: string; unknown: string; known: string; unread: RegExp }[] = [
  { rule: 'surface/no-unauthenticated-api-route', unknown: 'invalid-sam-unknown-policy.yaml', known: 'invalid-sam-logging-only.yaml', unread: /Orders: managed policy arn:aws:iam::123456789012:policy\/orders-ops is not defined/ },
  { rule: 'surface/no-unauthenticated-api-route', unknown: 'invalid-sls-unknown-role', known: 'invalid-sls-logging-only', unread: /list: role arn:aws:iam::123456789012:role\/orders-runtime is not defined/ },
  { rule: 'surface/no-unauthenticated-api-route', unknown: 'invalid-tf-unknown-policy', known: 'invalid-tf-logging-only', unread: /aws_lambda_function\.orders: variable "ops_policy_arn" has no value/ },
  { rule: 'surface/require-function-url-auth', unknown: 'invalid-cfn-unknown-policy.yaml', known: 'invalid-cfn-logging-only.yaml', unread: /WebhookFunction: Fn::ImportValue 'shared-webhook-policy'/ },
  { rule: 'surface/require-function-url-auth', unknown: 'invalid-sls-unknown-role', known: 'invalid-sls-logging-only', unread: /hook: role arn:aws:iam::123456789012:role\/webhook-runtime is not defined/ },
  { rule: 'surface/require-function-url-auth', unknown: 'invalid-tf-unknown-policy', known: 'invalid-tf-logging-only', unread: /aws_lambda_function\.orders: variable "ops_policy_arn" has no value/ },
];

describe('an open endpoint is ranked by what its functions hold', () => {
  for (const p of PAIRS) {
    it(`${p.rule}: ${p.unknown} is high and names what is unread; ${p.known} is medium`, async () => {
      const [unknown] = await findingsOf(join(here, p.rule, p.unknown), p.rule);
      assert.equal(unknown?.severity, 'high');
      assert.match(unknown!.message, /what the function may do is not known \(/);
      assert.match(unknown!.message, p.unread);
      assert.doesNotMatch(unknown!.message, /public by design/);
      const [known] = await findingsOf(join(here, p.rule, p.known), p.rule);
      assert.equal(known?.severity, 'medium');
      assert.match(known!.message, /holds no permission beyond what it needs to run: fine if it is public by design/);
    });
  }
});

/** A user of the account's own configuration that any AWS account can act as (a trust policy), allowed to invoke a function. */
const outside = (managed: string) => `Resources:
  Report:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt ReportRole.Arn
      Code: { ZipFile: "def handler(e, c): return e" }
  ReportRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns: [${managed}]
  Partner:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::210987654321:root }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: invoke
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: lambda:InvokeFunction
                Resource: !GetAtt Report.Arn
`;

describe('a principal outsiders act as, allowed to invoke a function, is ranked the same way', () => {
  const t = tempDir();
  after(() => t.cleanup());
  it('one step higher when what the function holds is not known than when it holds only what it needs to run', async () => {
    writeFileSync(join(t.dir, 'template.yaml'), outside('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'));
    const [known] = await findingsOf(t.dir, 'surface/no-outside-identity-entry');
    writeFileSync(join(t.dir, 'template.yaml'), outside('!ImportValue report-policy'));
    const [unknown] = await findingsOf(t.dir, 'surface/no-outside-identity-entry');
    assert.ok(known && unknown, 'both report the way in');
    assert.match(unknown.message, /what the function may do is not known \(Report: Fn::ImportValue 'report-policy'/);
    assert.doesNotMatch(known.message, /not known/);
    // A named other account is two steps below anyone: high impact is medium, medium is low.
    assert.equal(known.severity, 'low');
    assert.equal(unknown.severity, 'medium');
  });
});
