/**
 * The CloudFormation loader: short-form tags, source locations, YAML 1.2 scalars, discovery.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { discover, ScanRoot } from '../../src/loaders/files.js';
import { loadCloudFormation, type LoadOptions } from '../../src/loaders/cloudformation/load.js';
import { DEFAULT_PARSE_LIMITS, parseJson, parseYaml, type ParsedDocument } from '../../src/loaders/cloudformation/parse.js';
import type { Diagnostic, DocPath, JsonObject, JsonValue, LoadedTemplate, SourceLocation } from '../../src/model/types.js';

const OPTIONS: LoadOptions = { files: new ScanRoot('/'), parse: DEFAULT_PARSE_LIMITS };

/** Short form → long form, as CloudFormation documents them. */
const TAGS: [string, string][] = [
  ['!Ref', 'Ref'],
  ['!Sub', 'Fn::Sub'],
  ['!GetAtt', 'Fn::GetAtt'],
  ['!Join', 'Fn::Join'],
  ['!Select', 'Fn::Select'],
  ['!Split', 'Fn::Split'],
  ['!FindInMap', 'Fn::FindInMap'],
  ['!If', 'Fn::If'],
  ['!Equals', 'Fn::Equals'],
  ['!And', 'Fn::And'],
  ['!Or', 'Fn::Or'],
  ['!Not', 'Fn::Not'],
  ['!Base64', 'Fn::Base64'],
  ['!Cidr', 'Fn::Cidr'],
  ['!ImportValue', 'Fn::ImportValue'],
  ['!GetAZs', 'Fn::GetAZs'],
  ['!Condition', 'Condition'],
  ['!Transform', 'Fn::Transform'],
];

function clean(doc: ParsedDocument): JsonValue {
  assert.deepEqual(doc.diagnostics, []);
  assert.notEqual(doc.value, undefined);
  return doc.value!;
}

function yamlValue(text: string): JsonValue {
  return clean(parseYaml(text, 't.yaml'));
}

describe('short-form tags become the long form', () => {
  for (const [tag, long] of TAGS) {
    test(`${tag} in scalar, flow and block sequence, flow and block mapping forms`, () => {
      const text = [
        `scalar: ${tag} Value`,
        `quoted: ${tag} 'a b'`,
        `flowSeq: ${tag} [one, 2]`,
        `blockSeq: ${tag}`,
        `  - one`,
        `  - 2`,
        `flowMap: ${tag} {Key: one}`,
        `blockMap: ${tag}`,
        `  Key: one`,
        `inList:`,
        `  - ${tag} Value`,
        `  - [${tag} Value]`,
        '',
      ].join('\n');
      const scalar: JsonValue = long === 'Fn::GetAtt' ? ['Value'] : 'Value';
      assert.deepEqual(yamlValue(text), {
        scalar: { [long]: scalar },
        quoted: { [long]: long === 'Fn::GetAtt' ? ['a b'] : 'a b' },
        flowSeq: { [long]: ['one', 2] },
        blockSeq: { [long]: ['one', 2] },
        flowMap: { [long]: { Key: 'one' } },
        blockMap: { [long]: { Key: 'one' } },
        inList: [{ [long]: scalar }, [{ [long]: scalar }]],
      });
    });
  }

  test('!GetAtt A.B splits at the first dot; nested attributes keep theirs', () => {
    assert.deepEqual(yamlValue('a: !GetAtt Fn.Arn\nb: !GetAtt Db.Endpoint.Address\nc: !GetAtt [Fn, Arn]\n'), {
      a: { 'Fn::GetAtt': ['Fn', 'Arn'] },
      b: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      c: { 'Fn::GetAtt': ['Fn', 'Arn'] },
    });
  });

  test('tags nest inside each other and inside the long form', () => {
    const text = [
      'Value: !If',
      '  - IsProd',
      '  - !Join',
      '    - ""',
      '    - - !Sub "arn:${AWS::Partition}:s3:::"',
      '      - !Select [0, !Split [",", !ImportValue Buckets]]',
      '  - !Ref AWS::NoValue',
      'Cond: !And [!Equals [!Ref Env, prod], !Not [!Condition IsDev], !Or [!Condition A, !Condition B]]',
      'Net: !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]',
      'Az: !Select [0, !GetAZs ""]',
      'Map: !FindInMap [Regions, !Ref "AWS::Region", Ami]',
      'Data: !Base64',
      '  Fn::Sub: "#!/bin/sh\\necho ${Env}"',
      'Inc: !Transform {Name: AWS::Include, Parameters: {Location: !Sub "s3://${B}/x.yaml"}}',
      '',
    ].join('\n');
    assert.deepEqual(yamlValue(text), {
      Value: {
        'Fn::If': [
          'IsProd',
          { 'Fn::Join': ['', [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::' }, { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::ImportValue': 'Buckets' }] }] }]] },
          { Ref: 'AWS::NoValue' },
        ],
      },
      Cond: { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, { 'Fn::Not': [{ Condition: 'IsDev' }] }, { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }] },
      Net: { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 8] },
      Az: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      Map: { 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Ami'] },
      Data: { 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh\necho ${Env}' } },
      Inc: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: { 'Fn::Sub': 's3://${B}/x.yaml' } } } },
    });
  });

  test('an empty tagged scalar becomes an empty string, as CloudFormation reads it', () => {
    assert.deepEqual(yamlValue('a: !GetAZs ""\nb: !Sub ""\n'), { a: { 'Fn::GetAZs': '' }, b: { 'Fn::Sub': '' } });
  });
});

describe('YAML 1.2 scalars', () => {
  test('dates, versions, on/off and yes/no stay strings; numbers and booleans are typed', () => {
    const text = [
      'AWSTemplateFormatVersion: 2010-09-09',
      'Version: 2012-10-17',
      'Off: off',
      'yes: no',
      'Int: 30',
      'Float: 0.5',
      'True: true',
      'Null: null',
      'Account: "012345678901"',
      '',
    ].join('\n');
    assert.deepEqual(yamlValue(text), {
      AWSTemplateFormatVersion: '2010-09-09',
      Version: '2012-10-17',
      Off: 'off',
      yes: 'no',
      Int: 30,
      Float: 0.5,
      True: true,
      Null: null,
      Account: '012345678901',
    });
  });

  test('in a policy document the Version stays 2012-10-17 and the Null operator keeps its name', () => {
    const v = yamlValue('PolicyDocument:\n  Version: 2012-10-17\n  Statement:\n    - Condition:\n        Null: {aws:MultiFactorAuthAge: true}\n') as JsonObject;
    const policy = v['PolicyDocument'] as JsonObject;
    assert.equal(policy['Version'], '2012-10-17');
    assert.deepEqual(policy['Statement'], [{ Condition: { Null: { 'aws:MultiFactorAuthAge': true } } }]);
  });

  test('merge keys copy the anchored mapping without overriding what is set', () => {
    assert.deepEqual(yamlValue('base: &b {Runtime: nodejs20.x, Timeout: 3}\nfn:\n  <<: *b\n  Timeout: 30\n'), {
      base: { Runtime: 'nodejs20.x', Timeout: 3 },
      fn: { Timeout: 30, Runtime: 'nodejs20.x' },
    });
  });
});

describe('locations', () => {
  const at = (doc: ParsedDocument, path: DocPath): Pick<SourceLocation, 'line' | 'column'> => {
    const { line, column } = doc.locations.locate(path);
    return { line, column };
  };

  const YAML = [
    /* 1 */ 'Resources:',
    /* 2 */ '  Fn:',
    /* 3 */ '    Type: AWS::Serverless::Function',
    /* 4 */ '    Properties:',
    /* 5 */ '      Role: !GetAtt FnRole.Arn',
    /* 6 */ '      Layers:',
    /* 7 */ '        - !Ref SharedLayer',
    /* 8 */ '        -   arn:aws:lambda:us-east-1:123456789012:layer:x:1',
    /* 9 */ '      Policies:',
    /* 10 */ '        - Statement:',
    /* 11 */ '            - Effect: Allow',
    /* 12 */ '              Action: [s3:GetObject, !Sub "${P}:x"]',
    /* 13 */ '      Environment: !If',
    /* 14 */ '        - IsProd',
    /* 15 */ '        - Variables: {TABLE: !Ref Table}',
    /* 16 */ '        - !Ref AWS::NoValue',
    /* 17 */ '      FunctionUrlConfig: { AuthType: NONE }',
    '',
  ].join('\n');

  test('YAML: keys, scalars, sequence items, nested and tagged values', () => {
    const doc = parseYaml(YAML, 'stack/template.yaml');
    assert.deepEqual(doc.diagnostics, []);
    // A mapping entry is located at its key: `Type:` is where the finding belongs.
    assert.deepEqual(at(doc, ['Resources']), { line: 1, column: 1 });
    assert.deepEqual(at(doc, ['Resources', 'Fn']), { line: 2, column: 3 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Type']), { line: 3, column: 5 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Role']), { line: 5, column: 7 });
    // Inside a tagged value: the long-form key sits at the tag, its content at the content.
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt']), { line: 5, column: 13 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt', 0]), { line: 5, column: 13 });
    // Sequence items are located at the value (tag first), not at the dash.
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Layers', 0]), { line: 7, column: 11 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Layers', 0, 'Ref']), { line: 7, column: 11 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Layers', 1]), { line: 8, column: 13 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Policies', 0, 'Statement', 0]), { line: 11, column: 15 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Policies', 0, 'Statement', 0, 'Action']), { line: 12, column: 15 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Policies', 0, 'Statement', 0, 'Action', 0]), { line: 12, column: 24 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Policies', 0, 'Statement', 0, 'Action', 1]), { line: 12, column: 38 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Policies', 0, 'Statement', 0, 'Action', 1, 'Fn::Sub']), { line: 12, column: 38 });
    // Block content of a tagged sequence.
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Environment', 'Fn::If', 0]), { line: 14, column: 11 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Environment', 'Fn::If', 1, 'Variables']), { line: 15, column: 11 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Environment', 'Fn::If', 1, 'Variables', 'TABLE']), { line: 15, column: 23 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Environment', 'Fn::If', 2]), { line: 16, column: 11 });
    // Flow mappings.
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'FunctionUrlConfig', 'AuthType']), { line: 17, column: 28 });
    // Paths that do not exist fall back to the nearest located ancestor.
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'FunctionUrlConfig', 'AuthType', 'Nope', 3]), { line: 17, column: 28 });
    assert.equal(doc.locations.locate(['Nope']).file, 'stack/template.yaml');
    assert.deepEqual(at(doc, ['Nope']), { line: 1, column: 1 });
  });

  test('YAML values reached through an alias are located where the alias is used', () => {
    const doc = parseYaml('Shared: &s\n  Runtime: nodejs20.x\nFn:\n  Props: *s\n', 't.yaml');
    assert.deepEqual(at(doc, ['Fn', 'Props', 'Runtime']), { line: 4, column: 3 });
    assert.deepEqual(at(doc, ['Shared', 'Runtime']), { line: 2, column: 3 });
  });

  test('JSON: keys, scalars, array items and nested values', () => {
    const json = [
      /* 1 */ '{',
      /* 2 */ '  "Resources": {',
      /* 3 */ '    "Fn": {',
      /* 4 */ '      "Type": "AWS::Lambda::Function",',
      /* 5 */ '      "Properties": {',
      /* 6 */ '        "Role": { "Fn::GetAtt": ["FnRole", "Arn"] },',
      /* 7 */ '        "Layers": [',
      /* 8 */ '          { "Ref": "SharedLayer" },',
      /* 9 */ '          "arn:aws:lambda:us-east-1:123456789012:layer:x:1"',
      /* 10 */ '        ],',
      /* 11 */ '        "Timeout": 30',
      /* 12 */ '      }',
      /* 13 */ '    }',
      /* 14 */ '  }',
      /* 15 */ '}',
      '',
    ].join('\n');
    const doc = parseJson(json, 'stack/template.json');
    assert.deepEqual(doc.diagnostics, []);
    assert.deepEqual(at(doc, []), { line: 1, column: 1 });
    assert.deepEqual(at(doc, ['Resources']), { line: 2, column: 3 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Type']), { line: 4, column: 7 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt']), { line: 6, column: 19 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt', 1]), { line: 6, column: 44 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Layers', 0]), { line: 8, column: 11 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Layers', 0, 'Ref']), { line: 8, column: 13 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Layers', 1]), { line: 9, column: 11 });
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Properties', 'Timeout']), { line: 11, column: 9 });
    assert.equal(doc.locations.locate(['Resources', 'Fn', 'Properties', 'Timeout']).file, 'stack/template.json');
  });

  test('CRLF line endings and a byte-order mark do not shift lines or columns', () => {
    const doc = parseYaml('Resources:\r\n  Fn:\r\n    Type: AWS::SQS::Queue\r\n', 't.yaml');
    assert.deepEqual(at(doc, ['Resources', 'Fn', 'Type']), { line: 3, column: 5 });
    const json = parseJson('{\r\n  "A": {\r\n    "B": 1\r\n  }\r\n}\r\n', 't.json');
    assert.deepEqual(at(json, ['A', 'B']), { line: 3, column: 5 });
  });
});

describe('discovery and loading', () => {
  let root = '';
  const files: Record<string, string> = {
    'template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n',
    'api/template.yml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n',
    'data/template.json': '{"Resources": {"T": {"Type": "AWS::DynamoDB::Table"}}}',
    'legacy/network.template.json': '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"V": {"Type": "AWS::EC2::VPC"}}}',
    'infra/billing-stack.yaml': 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n',
    'infra/queues.json': '{"Resources": {"Dlq": {"Type": "AWS::SQS::Queue"}}}',
    'infra/stacks/nested.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n',
    // Not CloudFormation: found as candidates, loaded as nothing, no diagnostics.
    'config/settings.yaml': 'log_level: debug\nfeatures: [a, b]\n',
    'package.json': '{"name": "shop", "version": "1.0.0"}',
    'docs/openapi.yaml': 'openapi: 3.0.0\ninfo: {title: shop}\npaths: {}\n',
    // Build copies, dependencies and VCS data: never scanned.
    'node_modules/some-lib/template.yaml': 'Resources:\n  X:\n    Type: AWS::S3::Bucket\n',
    '.aws-sam/build/template.yaml': 'Resources:\n  X:\n    Type: AWS::S3::Bucket\n',
    'cdk.out/App.template.json': '{"Resources": {"X": {"Type": "AWS::S3::Bucket"}}}',
    '.git/template.yaml': 'Resources:\n  X:\n    Type: AWS::S3::Bucket\n',
    'api/node_modules/dep/template.json': '{"Resources": {"X": {"Type": "AWS::S3::Bucket"}}}',
  };
  let diagnostics: Diagnostic[] = [];
  let loaded: LoadedTemplate[] = [];
  let candidates: string[] = [];

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'nightlight-cfn-'));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    diagnostics = [];
    const found = discover(new ScanRoot(root), diagnostics);
    candidates = found.map((c) => c.file);
    loaded = found.flatMap((c) => loadCloudFormation(c, OPTIONS, diagnostics) ?? []);
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  test('finds template.yaml/.yml/.json, *.template.json and other files with CloudFormation content', () => {
    assert.deepEqual(
      loaded.map((t) => t.file),
      ['api/template.yml', 'data/template.json', 'infra/billing-stack.yaml', 'infra/queues.json', 'infra/stacks/nested.yaml', 'legacy/network.template.json', 'template.yaml'],
    );
    assert.deepEqual(diagnostics, []);
  });

  test('SAM templates are told from plain CloudFormation by the transform', () => {
    const formats = Object.fromEntries(loaded.map((t) => [t.file, t.format]));
    assert.equal(formats['template.yaml'], 'sam');
    assert.equal(formats['api/template.yml'], 'cloudformation');
  });

  test('skips node_modules, .aws-sam, cdk.out and .git at any depth', () => {
    for (const skipped of ['node_modules/', '.aws-sam/', 'cdk.out/', '.git/', 'api/node_modules/']) {
      assert.ok(!candidates.some((c) => c.startsWith(skipped)), `${skipped} skipped: ${candidates.join(', ')}`);
    }
  });

  test('discovery order is deterministic and POSIX-relative', () => {
    assert.deepEqual(candidates, [
      'api/template.yml',
      'config/settings.yaml',
      'data/template.json',
      'docs/openapi.yaml',
      'infra/billing-stack.yaml',
      'infra/queues.json',
      'infra/stacks/nested.yaml',
      'legacy/network.template.json',
      'package.json',
      'template.yaml',
    ]);
    const again: Diagnostic[] = [];
    assert.deepEqual(discover(new ScanRoot(root), again).map((c) => c.file), candidates);
  });

  test('a named template is marked as such; other YAML/JSON only when the content says so', () => {
    const found = discover(new ScanRoot(root), []);
    const named = Object.fromEntries(found.map((c) => [c.file, c.named]));
    assert.equal(named['template.yaml'], true);
    assert.equal(named['legacy/network.template.json'], true);
    assert.equal(named['infra/billing-stack.yaml'], false);
    assert.equal(named['config/settings.yaml'], false);
  });

  test('a single file given as the root is loaded', () => {
    const d: Diagnostic[] = [];
    const found = discover(new ScanRoot(join(root, 'infra', 'billing-stack.yaml')), d);
    assert.deepEqual(found.map((c) => c.file), ['billing-stack.yaml']);
    const t = loadCloudFormation(found[0]!, OPTIONS, d);
    assert.ok(t);
    assert.deepEqual(Object.keys(t.body['Resources'] as JsonObject), ['Topic']);
    assert.deepEqual(d, []);
  });

  test('a named file that is not a template says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nightlight-cfn-nt-'));
    try {
      writeFileSync(join(dir, 'template.yaml'), 'name: not a stack\n');
      const d: Diagnostic[] = [];
      const [c] = discover(new ScanRoot(dir), d);
      assert.equal(loadCloudFormation(c!, OPTIONS, d), null);
      assert.deepEqual(d.map((x) => x.code), ['not-a-template']);
      assert.match(d[0]!.message, /^template\.yaml: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('loaded templates locate values with the repo-relative file', () => {
    const t = loaded.find((x) => x.file === 'infra/stacks/nested.yaml')!;
    assert.deepEqual(t.locate(['Resources', 'B', 'Type']), { file: 'infra/stacks/nested.yaml', line: 4, column: 5 });
  });
});

describe('bundled examples', () => {
  for (const example of ['vulnerable-shop', 'clean-shop']) {
    test(`examples/${example} loads as one SAM template without diagnostics`, () => {
      const root = new URL(`../../examples/${example}/`, import.meta.url).pathname;
      const diagnostics: Diagnostic[] = [];
      const loaded = discover(new ScanRoot(root), diagnostics).flatMap((c) => loadCloudFormation(c, OPTIONS, diagnostics) ?? []);
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(loaded.map((t) => [t.file, t.format]), [['template.yaml', 'sam']]);
      const resources = loaded[0]!.body['Resources'] as Record<string, JsonObject>;
      const functions = Object.values(resources).filter((r) => r['Type'] === 'AWS::Serverless::Function');
      assert.ok(functions.length >= 10, `${functions.length} functions`);
    });
  }
});
