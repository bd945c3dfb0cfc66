/**
 * Names that are also Object.prototype keys (issue 18, r21). A function or resource called
 * `__proto__`, `constructor`, `toString`, `hasOwnProperty` or `valueOf` is an ordinary name: the
 * same application written with such names gives the same functions, entry points and findings as
 * with ordinary names, in every format. Every map keyed by an id from input is a Map or a
 * null-prototype object, so none of these names can vanish, crash or read an inherited method.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const PLAIN = ['alphaFn', 'bravoFn', 'charlieFn', 'deltaFn', 'echoFn'];

type Build = (names: string[]) => Record<string, string>;

const ADMIN_ROLE = (n: string) =>
  `  ${n}Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]}\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]\n`;

const FORMATS: Record<string, { names: (all: string[]) => string[]; build: Build }> = {
  // SAM rejects a logical id that is not alphanumeric (as the translator does), so no `__proto__`.
  sam: {
    names: (all) => all.slice(1),
    build: (names) => ({
      'template.yaml':
        'Transform: AWS::Serverless-2016-10-31\nResources:\n' +
        names
          .map((n) => `  ${n}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n      InlineCode: 'exports.handler=async()=>1'\n      Policies: [AdministratorAccess]\n      FunctionUrlConfig:\n        AuthType: NONE\n`)
          .join(''),
    }),
  },
  cloudformation: {
    names: (all) => all,
    build: (names) => ({
      'template.yaml':
        'Resources:\n' +
        names
          .map(
            (n) =>
              ADMIN_ROLE(n) +
              `  ${n}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n      Role: !GetAtt ${n}Role.Arn\n      Code: {ZipFile: 'exports.handler=async()=>1'}\n` +
              `  ${n}Url:\n    Type: AWS::Lambda::Url\n    Properties:\n      AuthType: NONE\n      TargetFunctionArn: !GetAtt ${n}.Arn\n`,
          )
          .join(''),
    }),
  },
  terraform: {
    names: (all) => all,
    build: (names) => ({
      'main.tf': names
        .map(
          (n) =>
            `resource "aws_iam_role" "${n}" {\n  assume_role_policy = jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "lambda.amazonaws.com"}, Action = "sts:AssumeRole"}]})\n}\n` +
            `resource "aws_iam_role_policy_attachment" "${n}" {\n  role       = aws_iam_role.${n}.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n` +
            `resource "aws_lambda_function" "${n}" {\n  function_name = "fn-${n}"\n  role          = aws_iam_role.${n}.arn\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  filename      = "f.zip"\n}\n` +
            `resource "aws_lambda_function_url" "${n}" {\n  function_name      = aws_lambda_function.${n}.function_name\n  authorization_type = "NONE"\n}\n`,
        )
        .join(''),
      'index.js': 'exports.handler = async () => 1;\n',
    }),
  },
  serverless: {
    names: (all) => all,
    build: (names) => ({
      'serverless.yml':
        'service: keys\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements:\n        - {Effect: Allow, Action: "*", Resource: "*"}\nfunctions:\n' +
        names.map((n) => `  ${n}:\n    handler: handler.a\n    url: true\n`).join('') +
        'resources:\n  Resources:\n' +
        names.map((n) => `    ${n}Topic:\n      Type: AWS::SNS::Topic\n`).join(''),
      'handler.js': 'exports.a = async () => 1;\n',
    }),
  },
};

let base = '';
before(() => {
  base = mkdtempSync(join(tmpdir(), 'nightlight-keys-'));
});
after(() => rmSync(base, { recursive: true, force: true }));

async function scan(format: string, names: string[]) {
  const dir = join(base, `${format}-${names[0]}`);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(FORMATS[format]!.build(names))) writeFileSync(join(dir, file), text);
  const r = await analyze({ root: dir });
  // Each name maps to its position, so both runs speak the same vocabulary.
  const rename = (s: string) => names.reduce((acc, n, i) => acc.split(n).join(`#${i}`), s);
  return {
    functions: r.model.functions.map((f) => rename(f.id)).sort(),
    entryPoints: r.model.entryPoints.map((e) => `${e.kind}->${e.targets.map(rename).join(',')}`).sort(),
    findings: r.findings.map((f) => `${f.ruleId} ${f.severity} ${rename(f.resource)}`).sort(),
    problems: r.diagnostics.filter((d) => d.level === 'error').map((d) => d.message),
  };
}

for (const [format, spec] of Object.entries(FORMATS)) {
  test(`${format}: functions named ${spec.names(HOSTILE).join(', ')} are ordinary names`, async () => {
    const plain = await scan(format, spec.names(PLAIN));
    const hostile = await scan(format, spec.names(HOSTILE));
    assert.equal(plain.functions.length, spec.names(PLAIN).length, JSON.stringify(plain));
    assert.ok(plain.findings.some((f) => f.startsWith('surface/require-function-url-auth')), JSON.stringify(plain.findings));
    assert.deepEqual(hostile, plain);
  });
}
