/**
 * `nightlight policy`: on the bundled vulnerable shop, the suggested policy of every function is
 * strictly narrower than what its role grants, and covers every call its code makes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/api.js';
import { runPolicy } from '../../src/cli/policy.js';
import { assertCoversEveryCall, assertStrictlyNarrower } from '../helpers/least-privilege.js';

const shop = fileURLToPath(new URL('../../examples/vulnerable-shop', import.meta.url));
const result = await analyze({ root: shop, rules: [] });
const lp = result.analyses.leastPrivilege;
const iam = result.analyses.iam;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

test('every function of the vulnerable shop gets a suggestion', () => {
  assert.deepEqual(Object.keys(lp.functions).sort(), result.model.functions.map((f) => f.id).sort());
  for (const f of Object.values(lp.functions)) assert.ok(f.decidable, `${f.functionId}: ${f.reason}`);
});

for (const fn of result.model.functions) {
  test(`${fn.id}: the suggested policy is strictly narrower than the granted one`, () => assertStrictlyNarrower(result, fn.id));
  test(`${fn.id}: the suggested policy covers every call of the code`, () => void assertCoversEveryCall(result, fn.id));
}

test('the figures of the planted over-privileged functions', () => {
  const admin = lp.functions['AdminReportFunction']!;
  assert.ok(admin.grantedActions > 10_000);
  assert.deepEqual(admin.suggested.filter((s) => s.purpose === 'code').map((s) => [s.actions, s.resources]), [
    [['dynamodb:Scan'], ['arn:aws:dynamodb:us-east-1:123456789012:table/template-OrdersTable']],
    [['s3:PutObject'], ['arn:aws:s3:::template-reportsbucket/*']],
  ]);
  const inv = lp.functions['UpdateInventoryFunction']!;
  assert.deepEqual(inv.suggested.filter((s) => s.purpose === 'code').map((s) => [s.actions, s.resources]), [[['dynamodb:UpdateItem'], ['arn:aws:dynamodb:us-east-1:123456789012:table/template-InventoryTable']]]);
  const role = lp.roles[iam.functionRoles['UpdateInventoryFunction']!]!;
  assert.equal(role.unused.length, 1);
  assert.ok(role.unused[0]!.actions.includes('dynamodb:DeleteTable'));
  // a call target from the event: the narrowest sound scope, and the reason
  const thumb = lp.functions['ThumbnailFunction']!;
  const s3 = thumb.suggested.find((s) => s.actions.includes('s3:GetObject'))!;
  assert.deepEqual(s3.resources, ['arn:aws:s3:::template-uploads-123456789012/*']);
  assert.match(s3.notes.join(' '), /not a literal or an environment variable/);
  assert.ok(thumb.undecidedServices['s3']);
});

test('text output: grouped by service and access level, dangers marked', async () => {
  const c = capture();
  assert.equal(await runPolicy({ functionId: 'UpdateInventoryFunction', dir: shop, format: 'text' }, c.io), 0);
  const text = c.out.join('');
  assert.match(text, /granted\s+87 actions · used by code 1 · suggested 6/);
  assert.match(text, /^ {2}dynamodb$/m);
  assert.match(text, /! +dynamodb:DeleteTable .*destructive/);
  assert.match(text, /\* dynamodb:UpdateItem/);
  assert.match(text, /Allow dynamodb:UpdateItem\n +on arn:aws:dynamodb:us-east-1:123456789012:table\/template-InventoryTable/);
});

test('--format sam prints Policies with intrinsics on the template resources', async () => {
  const c = capture();
  assert.equal(await runPolicy({ functionId: 'CreateOrderFunction', dir: shop, format: 'sam' }, c.io), 0);
  const text = c.out.join('');
  assert.match(text, /^CreateOrderFunction:\n {2}Properties:\n {4}Policies:\n {6}- Statement:/m);
  assert.match(text, /- !GetAtt OrdersTable\.Arn/);
  assert.match(text, /- !GetAtt OrdersQueue\.Arn/);
  assert.match(text, /- !Ref DbSecret/);
  assert.doesNotMatch(text, /logs:/, 'SAM adds the basic execution role itself');
});

test('--format cloudformation prints the role Policies, serverless the iam statements, json the document', async () => {
  let c = capture();
  await runPolicy({ functionId: 'AdminReportFunction', dir: shop, format: 'cloudformation' }, c.io);
  let text = c.out.join('');
  assert.match(text, /^AdminReportFunctionRole:\n {2}Type: AWS::IAM::Role\n/m);
  assert.match(text, /Version: '2012-10-17'/);
  assert.match(text, /!Sub '\$\{ReportsBucket\.Arn\}\/\*'/);
  assert.match(text, /logs:PutLogEvents/);
  c = capture();
  await runPolicy({ functionId: 'AdminReportFunction', dir: shop, format: 'serverless' }, c.io);
  text = c.out.join('');
  assert.match(text, /^provider:\n {2}iam:\n {4}role:\n {6}statements:/m);
  assert.match(text, /Fn::GetAtt:\n +- OrdersTable\n +- Arn/);
  c = capture();
  await runPolicy({ functionId: 'AdminReportFunction', dir: shop, format: 'json' }, c.io);
  const json = JSON.parse(c.out.join('')) as { suggested: { Statement: { Action: string[] }[] }; granted: number };
  assert.ok(json.granted > 10_000);
  assert.ok(json.suggested.Statement.some((s) => s.Action.includes('dynamodb:Scan')));
});

test('an unknown function is a usage error naming the functions', async () => {
  const c = capture();
  assert.equal(await runPolicy({ functionId: 'Nope', dir: shop, format: 'text' }, c.io), 2);
  assert.match(c.err.join(''), /no function "Nope".*AdminReportFunction/);
});
