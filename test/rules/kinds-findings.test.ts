/**
 * The `findingsRule` kind (src/rules/kinds.ts): a rule of its own logic names what it reads (the
 * model or one analysis) and maps that to findings; the kind hands over the typed result, skips a
 * rule whose analysis the scan did not produce, and reports what the function yields with the
 * rule's messages. A placeholder without a value stays visible in the message.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { findingsRule, type RuleDeclaration } from '../../src/rules/kinds.js';
import type { AnalysisName } from '../../src/analyses/index.js';
import { tempDir, writeFiles } from '../diff/helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
    Type: AWS::S3::Bucket
  Public:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: "exports.handler = async () => 1"
      Events:
        Get:
          Type: HttpApi
          Properties:
            Path: /items
            Method: get
  Quiet:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: "exports.handler = async () => 1"
`;

const common: Pick<RuleDeclaration, 'description' | 'category' | 'severity'> & { requires: AnalysisName[] } = { description: 'test rule.', category: 'misconfiguration', severity: 'medium', requires: [] };

/** Who reaches each function, from the reachability analysis. */
const fromSurface = findingsRule({
  ...common,
  id: 'test/from-surface',
  messages: { reach: '{{fn}} is reached by {{who}}.' },
  reads: 'surface',
  *findings(surface, { model }) {
    for (const fn of model.functions) yield { messageId: 'reach', data: { fn: fn.logicalId, who: surface.byFunction[fn.id]?.weakestPrincipal ?? 'nobody' }, subject: fn.id, location: fn.location, functions: [fn.id] };
  },
});

/** Owners: absent without owner information, so the rule does not run. */
const fromOwners = findingsRule({
  ...common,
  id: 'test/from-owners',
  messages: { owned: '{{n}} owned elements.' },
  reads: 'owners',
  findings: (owners, { model }) => [{ messageId: 'owned', data: { n: Object.keys(owners.elements).length }, subject: 'app', location: model.functions[0]!.location }],
});

/** The model itself; a placeholder given no value stays `{{name}}`. */
const fromModel = findingsRule({
  ...common,
  id: 'test/from-model',
  messages: { bucket: '{{res}} has {{missing}}.' },
  reads: 'model',
  *findings(model) {
    for (const r of model.resources) if (r.kind === 'bucket') yield { messageId: 'bucket', data: { res: r.id, missing: undefined }, subject: r.id, location: r.location };
  },
});

describe('findingsRule', () => {
  const t = tempDir();
  after(() => t.cleanup());
  writeFileSync(join(t.dir, 'template.yaml'), TEMPLATE);

  it('hands the analysis result to the rule and reports what it yields with its messages', async () => {
    const run = await analyze({ root: t.dir, cache: false, rules: [fromSurface, fromOwners, fromModel] });
    assert.deepEqual(run.diagnostics.filter((d) => d.code === 'internal-error'), []);
    assert.deepEqual(
      run.findings.map((f) => [f.ruleId, f.message]),
      [
        ['test/from-model', 'Uploads has {{missing}}.'],
        ['test/from-surface', 'Public is reached by public.'],
        ['test/from-surface', 'Quiet is reached by nobody.'],
      ],
    );
  });

  it('runs a rule that reads owners once the scan has owner information', async () => {
    writeFiles(t.dir, { CODEOWNERS: '* @team-a\n' });
    const run = await analyze({ root: t.dir, cache: false, rules: [fromOwners] });
    assert.equal(run.findings.length, 1);
    assert.match(run.findings[0]!.message, /^\d+ owned elements\.$/);
  });

  it('keeps the declaration as the rule meta', () => {
    assert.deepEqual(fromModel.meta, { description: 'test rule.', category: 'misconfiguration', severity: 'medium', messages: { bucket: '{{res}} has {{missing}}.' }, requires: [] });
  });
});
