/**
 * The hostile-input suite (docs/security.md): every file of a scanned repository is
 * attacker-controlled. Each case is laid out at test time in a temporary folder (links to `/`,
 * `/dev/zero` and to an "outside" folder holding TOPSECRET markers, FIFOs) and scanned by the
 * real command line in a child process that the runner kills past its time or memory bound
 * (run-case.ts). Every case must end with exit 0, 1 or 2, print no TOPSECRET marker and no
 * outside path, write no marker file, and still report the other files of the scan.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runNightlight, type CaseRun } from './run-case.js';

let base = '';
let outside = '';
const MARKER = 'nightlight-hostile-suite-executed';

interface Report {
  findings: { ruleId: string; resource: string; location: { file: string; line: number } }[];
  diagnostics: { level: string; code: string; message: string; location?: { file: string; line: number } }[];
}

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

function link(dir: string, name: string, target: string): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  symlinkSync(target, join(dir, name));
}

function fifo(path: string): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    execFileSync('mkfifo', [path]);
    return true;
  } catch {
    return false;
  }
}

const SAM = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";
/** A public, unauthenticated function URL: the finding every case expects to survive. */
function urlFunction(name: string, handler = 'index.handler', runtime = 'nodejs20.x', codeUri = 'src/'): string {
  return `  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: ${handler}\n      Runtime: ${runtime}\n      CodeUri: ${codeUri}\n      FunctionUrlConfig: {AuthType: NONE}\n`;
}
const TF_URL = (name: string) =>
  `resource "aws_lambda_function" "${name}" {\n  function_name = "${name}"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  role          = "arn:aws:iam::123456789012:role/x"\n  filename      = "x.zip"\n}\nresource "aws_lambda_function_url" "${name}_url" {\n  function_name      = aws_lambda_function.${name}.function_name\n  authorization_type = "NONE"\n}\n`;

interface Case {
  name: string;
  setup(dir: string): void;
  args?: string[];
  /** Diagnostic codes that must be there (the refusal, located). */
  diagnostics?: string[];
  /** Rule ids (with the resource they must name, after `@`) that must still be reported. */
  findings?: string[];
  exit?: number[];
  todo?: string;
  seconds?: number;
}

const CASES: Case[] = [
  {
    name: 'JS handler nested 6,000 deep (native parser stack)',
    setup: (d) =>
      write(d, {
        'template.yaml': SAM + 'Resources:\n' + urlFunction('Deep') + urlFunction('Shell', 'shell.handler'),
        'src/index.js': `const x = ${'('.repeat(6000)}1${')'.repeat(6000)};\nexports.handler = async () => x;\n`,
        'src/shell.js': "const cp = require('child_process');\nexports.handler = async (event) => cp.execSync(event.body);\n",
      }),
    diagnostics: ['code-too-deep'],
    findings: ['code/no-command-injection@Shell', 'surface/require-function-url-auth@Deep'],
  },
  {
    name: 'JS handler with a 5,000-step ternary ladder and arrow chain (no brackets)',
    setup: (d) =>
      write(d, {
        'template.yaml': SAM + 'Resources:\n' + urlFunction('Ladder'),
        'src/index.js': `const f = ${'a => '.repeat(5000)}1;\nconst y = ${'a ? b : '.repeat(5000)}c;\nexports.handler = async () => y;\n`,
      }),
    diagnostics: ['code-too-deep'],
    findings: ['surface/require-function-url-auth@Ladder'],
  },
  {
    name: 'Python handler with a 20,000-deep expression beside a command injection',
    setup: (d) =>
      write(d, {
        'template.yaml': SAM + 'Resources:\n' + urlFunction('Py', 'app.handler', 'python3.12'),
        'src/app.py': `import os\n\ndef handler(event, context):\n    os.system(event['body'])\n    x = ${'('.repeat(20000)}1${')'.repeat(20000)}\n`,
      }),
    findings: ['code/no-command-injection@Py'],
  },
  {
    name: 'Python handler with a latin-1 byte beside a command injection',
    setup: (d) =>
      write(d, {
        'template.yaml': SAM + 'Resources:\n' + urlFunction('Latin', 'app.handler', 'python3.12'),
        'src/app.py': Buffer.concat([Buffer.from('# r'), Buffer.from([0xe9]), Buffer.from("sum\nimport subprocess\n\ndef handler(event, context):\n    subprocess.call(event['body'], shell=True)\n")]),
      }),
    diagnostics: ['invalid-utf8'],
    findings: ['code/no-command-injection@Latin'],
  },
  {
    name: 'HCL nested 4,000 deep, then a broken file, beside a valid module',
    setup: (d) =>
      write(d, {
        'deep/a.tf': `locals { z = ${'{a='.repeat(4000)}1${'}'.repeat(4000)} }\n`,
        'deep/b.tf': 'resource "aws_sqs_queue" "q" {\n  name = \n',
        'ok/main.tf': TF_URL('survivor'),
      }),
    findings: ['surface/require-function-url-auth@survivor'],
  },
  {
    name: 'Terraform JSON syntax nested 100,000 deep, a template nested 5,000 deep and __proto__ names, beside a valid JSON module',
    setup: (d) =>
      write(d, {
        'deep/main.tf.json': `{"locals": {"z": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
        'tpl/main.tf.json': JSON.stringify({ locals: { z: '${' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '}' } }),
        'proto/main.tf.json': '{"resource": {"__proto__": {"x": {"name": "a"}}, "aws_sqs_queue": {"__proto__": {"name": "${local.__proto__.polluted}"}}}, "locals": {"__proto__": {"polluted": true}}}',
        'ok/main.tf.json': JSON.stringify({
          resource: {
            aws_lambda_function: { survivor: { function_name: 'survivor', handler: 'index.handler', runtime: 'nodejs20.x', role: 'arn:aws:iam::123456789012:role/x', filename: 'x.zip' } },
            aws_lambda_function_url: { survivor_url: { function_name: '${aws_lambda_function.survivor.function_name}', authorization_type: 'NONE' } },
          },
        }),
      }),
    diagnostics: ['terraform-json-syntax'],
    findings: ['surface/require-function-url-auth@survivor'],
  },
  {
    name: 'thirty Fn::Join each doubling a name',
    setup: (d) => {
      let t = 'Resources:\n  T0:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: abcdefghij}\n';
      for (let i = 1; i < 30; i++) t += `  T${i}:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: !Join ['', [!GetAtt T${i - 1}.TopicName, !GetAtt T${i - 1}.TopicName]]}\n`;
      write(d, { 'bomb.template.yaml': t, 'template.yaml': SAM + 'Resources:\n' + urlFunction('Other'), 'src/index.js': 'exports.handler = async () => 1;\n' });
    },
    diagnostics: ['value-budget'],
    findings: ['surface/require-function-url-auth@Other'],
  },
  {
    name: 'a link to / (discovery and the cdk.out search)',
    setup: (d) => {
      write(d, { 'template.yaml': SAM + 'Resources:\n' + urlFunction('Fn'), 'src/index.js': 'exports.handler = async () => 1;\n' });
      link(d, 'rootlink', '/');
    },
    diagnostics: ['symlink-outside-root'],
    findings: ['surface/require-function-url-auth@Fn'],
  },
  {
    name: 'package.json linked to /dev/zero, lockfile and config as FIFOs',
    setup: (d) => {
      write(d, { 'template.yaml': SAM + 'Resources:\n' + urlFunction('Fn'), 'src/index.js': 'exports.handler = async () => 1;\n' });
      link(d, 'src/package.json', '/dev/zero');
      fifo(join(d, 'src', 'package-lock.json'));
      fifo(join(d, 'nightlight.config.yaml'));
      fifo(join(d, 'fifo.template.yaml'));
    },
    findings: ['surface/require-function-url-auth@Fn'],
  },
  {
    name: 'config linked to /dev/zero',
    setup: (d) => {
      write(d, { 'template.yaml': SAM + 'Resources:\n' + urlFunction('Fn'), 'src/index.js': 'exports.handler = async () => 1;\n' });
      link(d, 'nightlight.config.yaml', '/dev/zero');
    },
    findings: ['surface/require-function-url-auth@Fn'],
  },
  {
    name: 'IAM resource pattern *a*a*a*…c against a long queue name',
    setup: (d) =>
      write(d, {
        'template.yaml':
          SAM +
          `Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: ${'a'.repeat(200)}b\n  Consumer:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n      InlineCode: "exports.handler=async()=>1"\n      Events:\n        Q:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Queue.Arn\n  Producer:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n      InlineCode: "exports.handler=async()=>1"\n      FunctionUrlConfig: {AuthType: NONE}\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: sqs:SendMessage\n              Resource: 'arn:aws:sqs:us-east-1:123456789012:${'*a'.repeat(40)}*c'\n`,
      }),
    findings: ['surface/require-function-url-auth@Producer'],
  },
  {
    name: 'config path globs *a*a*a*…c against long file and folder names',
    setup: (d) =>
      write(d, {
        'nightlight.config.yaml': `ignore:\n  - '${'*a'.repeat(40)}*c'\n  - '**/${'*a'.repeat(40)}*c/**'\n`,
        [`${'a'.repeat(200)}/template.yaml`]: SAM + 'Resources:\n' + urlFunction('Kept'),
        [`${'a'.repeat(200)}b.yaml`]: SAM + 'Resources:\n' + urlFunction('AlsoKept'),
      }),
    args: ['--format', 'json', '--exclude', `${'*a'.repeat(40)}*c`],
    findings: ['surface/require-function-url-auth@Kept', 'surface/require-function-url-auth@AlsoKept'],
  },
  {
    name: 'Terraform regex with catastrophic backtracking',
    setup: (d) => write(d, { 'main.tf': `locals { x = regex("^(a+)+$", "${'a'.repeat(60)}!") }\nresource "aws_sqs_queue" "q" { name = local.x }\n${TF_URL('tfre')}` }),
    findings: ['surface/require-function-url-auth@tfre'],
  },
  {
    name: 'Terraform module that includes itself 50 times',
    setup: (d) => write(d, { 'main.tf': `module "again" {\n  source = "./"\n  count  = 50\n}\n${TF_URL('fan')}` }),
    diagnostics: ['terraform-module-cycle'],
    findings: ['surface/require-function-url-auth@fan'],
  },
  {
    name: 'Terraform modules that include each other',
    setup: (d) =>
      write(d, {
        'main.tf': 'module "m" {\n  source = "./m"\n}\n',
        'm/main.tf': `module "back" {\n  source = "../"\n}\n${TF_URL('inner')}`,
      }),
    diagnostics: ['terraform-module-cycle'],
    findings: ['surface/require-function-url-auth@inner'],
  },
  {
    name: 'one Terraform module that cannot be evaluated beside another',
    setup: (d) => {
      let locals = 'locals {\n  s0 = "abcdefghij"\n';
      for (let i = 1; i <= 30; i++) locals += `  s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"\n`;
      locals += '  r = range(100000)\n  big = [for i in local.r : [for j in local.r : "${i}-${j}"]]\n}\n';
      write(d, { 'a/main.tf': `${locals}resource "aws_lambda_function" "f" {\n  function_name = local.s30\n  handler = "index.handler"\n  runtime = "nodejs20.x"\n  role = "arn:aws:iam::123456789012:role/x"\n  filename = "x.zip"\n  environment {\n    variables = { BIG = jsonencode(local.big) }\n  }\n}\n`, 'b/main.tf': TF_URL('victim') });
    },
    findings: ['surface/require-function-url-auth@victim'],
  },
  {
    name: 'Serverless ${self:} list doubling ten times per level',
    setup: (d) => {
      let custom = 'custom:\n  o0: [a, b, c, d, e, f, g, h, i, j]\n';
      for (let i = 1; i <= 8; i++) custom += `  o${i}: [${Array.from({ length: 10 }, () => `'\${self:custom.o${i - 1}}'`).join(', ')}]\n`;
      write(d, { 'serverless.yml': `service: bomb\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: \${self:custom.o8}\n          Resource: '*'\n${custom}functions:\n  hello:\n    handler: handler.hello\n    url: true\n`, 'handler.js': 'exports.hello = async () => 1;\n' });
    },
    diagnostics: ['variable-budget'],
    findings: ['surface/require-function-url-auth@hello'],
  },
  {
    name: 'cdk.out manifest whose directoryName and templateFile climb out of the tree',
    setup: (d) => {
      write(d, {
        'cdk.out/manifest.json': JSON.stringify({ version: '36.0.0', artifacts: { S: { type: 'cdk:cloud-assembly', properties: { directoryName: '../../outside/cdkapp/cdk.out' } }, T: { type: 'aws:cloudformation:stack', properties: { templateFile: '../../outside/cdkapp/cdk.out/Leak.template.json' } } } }),
        'template.yaml': SAM + 'Resources:\n' + urlFunction('Fn'),
        'src/index.js': 'exports.handler = async () => 1;\n',
      });
    },
    diagnostics: ['outside-root'],
    findings: ['surface/require-function-url-auth@Fn'],
  },
  {
    name: 'a cdk app folder linked outside the tree',
    setup: (d) => {
      write(d, { 'template.yaml': SAM + 'Resources:\n' + urlFunction('Fn'), 'src/index.js': 'exports.handler = async () => 1;\n' });
      link(d, 'app', join(outside, 'cdkapp'));
    },
    diagnostics: ['symlink-outside-root'],
    findings: ['surface/require-function-url-auth@Fn'],
  },
  {
    name: 'package.json, lockfile and requirements.txt linked outside, with advisories naming what they hold',
    setup: (d) => {
      write(d, {
        'template.yaml': SAM + 'Resources:\n' + urlFunction('JsFn', 'index.handler', 'nodejs20.x', 'js/') + urlFunction('PyFn', 'app.handler', 'python3.12', 'py/'),
        'js/index.js': "const x = require('leaked-dep-TOPSECRET-PKG');\nexports.handler = async () => x;\n",
        'py/app.py': 'import boto3\n\ndef handler(e, c):\n    return 1\n',
        '.nightlight/advisories/a.json': JSON.stringify({ id: 'GHSA-hostile-0001', summary: 'x', affected: [{ package: { ecosystem: 'npm', name: 'leaked-lock-TOPSECRET-LOCK' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] }] }),
      });
      link(d, 'js/package.json', join(outside, 'pkg.json'));
      link(d, 'js/package-lock.json', join(outside, 'lock.json'));
      link(d, 'py/requirements.txt', join(outside, 'reqs.txt'));
    },
    diagnostics: ['outside-root'],
    findings: ['surface/require-function-url-auth@JsFn', 'surface/require-function-url-auth@PyFn'],
  },
  {
    name: 'the repository config linked outside the tree',
    setup: (d) => {
      write(d, { 'template.yaml': SAM + 'Resources:\n' + urlFunction('Fn'), 'src/index.js': 'exports.handler = async () => 1;\n' });
      link(d, 'nightlight.config.yaml', join(outside, 'cfg.yml'));
    },
    findings: ['surface/require-function-url-auth@Fn'],
  },
  {
    name: "the repository config's advisory folder outside the tree",
    setup: (d) =>
      write(d, {
        'template.yaml': SAM + 'Resources:\n' + urlFunction('Fn'),
        'src/index.js': 'exports.handler = async () => 1;\n',
        'src/package-lock.json': JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': { name: 'x' }, 'node_modules/lodash': { version: '4.17.15' } } }),
        'nightlight.config.yaml': 'advisories: ../outside/adv\n',
      }),
    diagnostics: ['outside-root'],
    findings: ['surface/require-function-url-auth@Fn'],
  },
  {
    name: 'function names from SSM and ImportValue keep their URL, route and public permission',
    setup: (d) =>
      write(d, {
        'template.yaml':
          SAM +
          "Parameters:\n  FnName:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /app/fn-name\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      FunctionName: !Ref FnName\n      Handler: index.handler\n      Runtime: nodejs20.x\n      InlineCode: 'exports.handler=async()=>1'\n      FunctionUrlConfig:\n        AuthType: NONE\n  Fn2:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: !ImportValue shared-name\n      Handler: index.handler\n      Runtime: nodejs20.x\n      Role: arn:aws:iam::123456789012:role/x\n      Code: {ZipFile: x}\n  Url2:\n    Type: AWS::Lambda::Url\n    Properties:\n      AuthType: NONE\n      TargetFunctionArn: !GetAtt Fn2.Arn\n",
      }),
    findings: ['surface/require-function-url-auth@Fn', 'surface/require-function-url-auth@Fn2'],
  },
  {
    name: 'a Terraform function name from a variable without a value keeps its URL and permission',
    setup: (d) => write(d, { 'main.tf': 'variable "fn_name" {}\n' + TF_URL('f').replace('function_name = "f"', 'function_name = var.fn_name') }),
    findings: ['surface/require-function-url-auth@f'],
  },
  {
    name: 'a function and a resource named __proto__, constructor, toString',
    setup: (d) =>
      write(d, {
        'serverless.yml': 'service: proto\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  __proto__:\n    handler: handler.a\n    url: true\n  constructor:\n    handler: handler.b\n    url: true\n  toString:\n    handler: handler.c\n    url: true\nresources:\n  Resources:\n    __proto__:\n      Type: AWS::SNS::Topic\n',
        'handler.js': 'exports.a = exports.b = exports.c = async () => 1;\n',
      }),
    findings: ['surface/require-function-url-auth@constructor', 'surface/require-function-url-auth@toString'],
  },
  {
    name: 'a Serverless function named __proto__',
    setup: (d) => write(d, { 'serverless.yml': 'service: proto\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  __proto__:\n    handler: handler.a\n    url: true\n', 'handler.js': 'exports.a = async () => 1;\n' }),
    findings: ['surface/require-function-url-auth@__proto__'],
  },
  {
    name: 'terminal escape sequences in names and file names',
    setup: (d) => {
      write(d, {
        'template.yaml': "Resources:\n  \"Fn\u001b]0;PWNED\u0007\u001b[2J\":\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: \"name\u001b[5mBLINK\\r\\nFAKE: all clear\"\n      Handler: index.handler\n      Runtime: nodejs20.x\n      Role: arn:aws:iam::123456789012:role/x\n      Code: {ZipFile: x}\n  Url:\n    Type: AWS::Lambda::Url\n    Properties:\n      AuthType: NONE\n      TargetFunctionArn: !GetAtt \"Fn\u001b]0;PWNED\u0007\u001b[2J.Arn\"\n",
        'evil\u001b[31mname\nline2.template.yaml': 'Resources: [unclosed\n',
      });
    },
    args: ['--format', 'terminal'],
  },
  {
    name: '1,000 functions whose roles are ARNs only',
    setup: (d) => {
      let t = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
      for (let i = 0; i < 1000; i++) {
        t += `  F${i}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n      Role: arn:aws:iam::123456789012:role/r${i % 7}\n      Code: {ZipFile: x}\n`;
        if (i % 2 === 0) t += `  U${i}:\n    Type: AWS::Lambda::Url\n    Properties:\n      AuthType: NONE\n      TargetFunctionArn: !GetAtt F${i}.Arn\n`;
      }
      write(d, { 'template.yaml': t });
    },
    findings: ['surface/require-function-url-auth@F998'],
  },
  {
    name: 'a handler with 20,000 SDK calls',
    setup: (d) => {
      const calls = Array.from({ length: 20000 }, (_, i) => `    s3.get_object(Bucket='b${i}', Key='k')\n`).join('');
      write(d, { 'template.yaml': SAM + 'Resources:\n' + urlFunction('PyFn', 'app.handler', 'python3.12'), 'src/app.py': `import boto3\ns3 = boto3.client('s3')\n\ndef handler(event, context):\n${calls}` });
    },
    findings: ['surface/require-function-url-auth@PyFn'],
  },
];

before(() => {
  base = mkdtempSync(join(tmpdir(), 'nightlight-hostile-'));
  outside = join(base, 'outside');
  write(outside, {
    'pkg.json': JSON.stringify({ name: 'x', dependencies: { 'leaked-dep-TOPSECRET-PKG': '1.2.3' } }),
    'lock.json': JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': { name: 'x' }, 'node_modules/leaked-lock-TOPSECRET-LOCK': { version: '0.0.1' } } }),
    'reqs.txt': 'leaked_req_TOPSECRET_REQ==9.9.9\nTOPSECRET_UNPINNED_LINE\n',
    'cfg.yml': 'rules:\n  surface/require-function-url-auth: {severity: TOPSECRET_VALUE}\nTOPSECRET_KEY: 1\n',
    'adv/a.json': JSON.stringify({ id: 'GHSA-TOPSECRET-ADV', summary: 'TOPSECRET', affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '9.0.0' }] }] }] }),
    'cdkapp/cdk.out/manifest.json': JSON.stringify({ version: '36.0.0', artifacts: { LeakStack: { type: 'aws:cloudformation:stack', properties: { templateFile: 'LeakStack.template.json' } } } }),
    'cdkapp/cdk.out/LeakStack.template.json': JSON.stringify({ Resources: { TopSecretFn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'TOPSECRET_CDK', Handler: 'index.handler', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::123456789012:role/x', Code: { ZipFile: 'x' } } } } }),
    'evil.js': `require('fs').writeFileSync(require('path').join(require('os').tmpdir(), '${MARKER}'), 'executed');\n`,
  });
  rmSync(join(tmpdir(), MARKER), { force: true });
});

after(() => rmSync(base, { recursive: true, force: true }));

function checkCommon(c: Case, run: CaseRun): void {
  assert.equal(run.killed, null, `${c.name}: killed by the runner's ${run.killed} bound (peak ${run.peakMegabytes} MB)`);
  assert.ok(run.code !== null && (c.exit ?? [0, 1, 2]).includes(run.code), `${c.name}: exit ${run.code} (signal ${run.signal}); stderr: ${run.stderr.slice(0, 2000)}`);
  const all = run.stdout + run.stderr;
  assert.ok(!all.includes('TOPSECRET'), `${c.name}: a TOPSECRET marker reached the output`);
  assert.ok(!all.includes(outside), `${c.name}: an outside path reached the output`);
  assert.ok(!existsSync(join(tmpdir(), MARKER)), `${c.name}: scanned code was executed`);
}

for (const c of CASES) {
  test(`hostile: ${c.name}`, { ...(c.todo ? { todo: c.todo } : {}) }, async () => {
    const dir = join(base, c.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60));
    mkdirSync(dir, { recursive: true });
    c.setup(dir);
    const run = await runNightlight(['scan', dir, ...(c.args ?? ['--format', 'json'])], { seconds: c.seconds ?? 60, megabytes: 1024 });
    checkCommon(c, run);
    if (c.args?.includes('terminal')) {
      // eslint-disable-next-line no-control-regex
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(run.stdout + run.stderr), `${c.name}: a control character reached the terminal`);
      return;
    }
    const report = JSON.parse(run.stdout) as Report;
    for (const code of c.diagnostics ?? []) {
      const d = report.diagnostics.find((x) => x.code === code);
      assert.ok(d, `${c.name}: no ${code} diagnostic; got ${report.diagnostics.map((x) => x.code).join(', ')}`);
      assert.ok(d.location?.file || /^[^:]+:/.test(d.message), `${c.name}: the ${code} diagnostic names no file`);
    }
    for (const f of c.findings ?? []) {
      const [rule, resource] = f.split('@');
      assert.ok(
        report.findings.some((x) => x.ruleId === rule && (resource === undefined || x.resource.includes(resource))),
        `${c.name}: ${f} is not reported; findings: ${report.findings.map((x) => `${x.ruleId}@${x.resource}`).join(', ')}`,
      );
    }
  });
}

test('hostile: -o over a scanned template is refused', async () => {
  const dir = join(base, 'overwrite');
  write(dir, { 'template.yaml': SAM + 'Resources:\n' + urlFunction('Fn'), 'src/index.js': 'exports.handler = async () => 1;\n' });
  const run = await runNightlight(['scan', dir, '-o', join(dir, 'template.yaml')], { seconds: 60, megabytes: 1024 });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /refusing to overwrite/);
});
