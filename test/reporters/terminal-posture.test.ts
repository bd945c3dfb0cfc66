/**
 * Posture findings (issue 22) come after the exposure and code findings of the same severity, in
 * every report's order, and the terminal lists them under the resource they are about; on the map
 * a gap of a resource stays on that resource's node.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { renderTerminal } from '../../src/reporters/terminal.js';
import { buildGraph } from '../../src/reporters/html/graph.js';
import { isPostureFinding, severityRank } from '../../src/model/findings.js';
import { tempDir } from '../diff/helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      BillingMode: PAY_PER_REQUEST
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs16.x
      InlineCode: "exports.handler = async () => 1"
      Policies:
        - DynamoDBCrudPolicy: { TableName: !Ref Orders }
      Events:
        Post:
          Type: HttpApi
          Properties: { Path: /orders, Method: post }
`;

const tmp = tempDir();
after(() => tmp.cleanup());
const file = join(tmp.dir, 'template.yaml');
writeFileSync(file, TEMPLATE);

describe('posture findings in reports', () => {
  it('come after the other findings of their severity', async () => {
    const r = await analyze({ root: file, engine: { profile: 'hardening' } });
    const medium = r.findings.filter((f) => f.severity === 'medium');
    assert.ok(medium.some(isPostureFinding) && medium.some((f) => !isPostureFinding(f)), 'the fixture has both kinds at medium');
    for (let i = 1; i < r.findings.length; i++) {
      const [a, b] = [r.findings[i - 1]!, r.findings[i]!];
      if (a.severity === b.severity) assert.ok(!(isPostureFinding(a) && !isPostureFinding(b)), `${a.ruleId} listed before ${b.ruleId}`);
      else assert.ok(severityRank(a.severity) > severityRank(b.severity));
    }
  });

  it('are listed under their resource in the terminal', async () => {
    const r = await analyze({ root: file, engine: { profile: 'hardening' } });
    const text = renderTerminal(r, { color: false, width: 200 });
    const section = text.slice(text.indexOf('  MEDIUM'), text.indexOf('  LOW'));
    const lines = section.split('\n');
    const header = lines.findIndex((l) => l.startsWith('  ◦ Orders: hardening'));
    const api = lines.findIndex((l) => l.startsWith('  ◦ Api: hardening'));
    const security = lines.findIndex((l) => l.startsWith('  ●'));
    assert.ok(security >= 0 && header > security && api > security, section);
    assert.ok(lines.slice(header + 1).some((l) => l.startsWith('    ● Orders has no point-in-time recovery')), section);
    assert.ok(lines.slice(api + 1).some((l) => l.startsWith('    ● Api runs on nodejs16.x')), section);
  });

  it('stay on their resource on the map', async () => {
    const r = await analyze({ root: file, engine: { profile: 'hardening' } });
    const g = buildGraph(r);
    const pitr = r.findings.findIndex((f) => f.ruleId === 'posture/require-point-in-time-recovery');
    assert.ok(pitr >= 0 && r.findings[pitr]!.functions.includes('Api'), 'the finding names the function that writes the table');
    const holders = g.nodes.filter((n) => n.findings.includes(pitr)).map((n) => n.label);
    assert.deepEqual(holders, ['Orders']);
  });
});
