/**
 * SDK for Java 1.x requests built with positional constructors and fluent `withX` setters
 * (`new PutItemRequest(System.getenv("TABLE_NAME"), item)`, `new PutObjectRequest(b, k, f).withCannedAcl(..)`):
 * their targets resolve to template resources, so a function granted SAM's `DynamoDBCrudPolicy`
 * and `S3FullAccessPolicy` while calling PutItem and PutObject is told what it never uses; an ACL on
 * the write needs `s3:PutObjectAcl`; a URL formatted into `/bin/sh -c` is command injection. The
 * safe twin (exact grants, no shell, no ACL) stays quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../../src/api.js';

const root = (v: string) => fileURLToPath(new URL(`./fixtures/apps/java-v1/${v}`, import.meta.url));
const vulnerable = await analyze({ root: root('vulnerable') });
const safe = await analyze({ root: root('safe') });

test('positional request constructors and withX setters name the template resources', () => {
  const fc = vulnerable.analyses.code.functions['ConvertFunction']!;
  const calls = fc.calls.map((c) => `${c.actions.join('+')} ${c.targets.map((t) => t.node ?? `?${t.unknown}`).join(',')}`).sort();
  assert.deepEqual(calls, ['dynamodb:PutItem Requests', 's3:PutObject+s3:PutObjectAcl Results']);
});

test('the vulnerable function: command injection at the exec, the exception returned to the caller, unused grants at the policy templates', () => {
  const got = vulnerable.findings.filter((f) => f.ruleId.startsWith('code/') || f.ruleId === 'iam/no-unused-permission').map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
  assert.deepEqual(got, ['code/no-command-injection src/main/java/com/example/convert/Converter.java:31', 'code/no-verbose-error src/main/java/com/example/convert/Converter.java:36', 'iam/no-unused-permission template.yaml:28']);
});

test('the safe twin: no code finding, no unused permission', () => {
  assert.deepEqual(safe.findings.filter((f) => f.ruleId.startsWith('code/') || f.ruleId === 'iam/no-unused-permission' || f.ruleId === 'iam/least-privilege-suggestion').map((f) => f.ruleId), []);
});
