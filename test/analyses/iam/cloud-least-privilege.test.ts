/**
 * Least privilege on Google Cloud and Azure (analyses/iam/least-privilege-cloud.ts): the Google Cloud
 * client library and Azure SDK calls of a function are mapped to the permissions their cloud checks
 * (analyses/code/cloud-sdk.ts); the suggestion is the narrowest built-in roles, each on the resource
 * the calls use. A function whose identity holds more gets the suggestion, strictly narrower and
 * covering every call; its twin that holds exactly those roles stays quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../../src/api.js';
import type { AnalyzedRun } from '../../../src/engine/result.js';
import { analyzeHandler, type HandlerSource } from '../../../src/analyses/code/index.js';
import { coverPermissions } from '../../../src/analyses/iam/least-privilege-cloud.js';
import { permissionCovers, rolePermissions } from '../../../src/data/cloud-roles.js';
import { initPythonParser, parseModule } from '../../../src/loaders/code/index.js';

const here = new URL('.', import.meta.url).pathname;
const fixtures = join(here, '../../model/cloud-sdk');
await initPythonParser();

const LP_RULES = ['iam/no-unused-permission', 'iam/least-privilege-suggestion', 'iam/require-granted-permission'];

/** Every call's permissions are held by a suggested binding on the call's resource; what the suggestion grants, the identity already has. */
function assertCovers(r: AnalyzedRun, fnId: string): void {
  const lp = r.analyses.leastPrivilege.functions[fnId]!;
  const fc = r.analyses.code.functions[fnId]!;
  const cloud = lp.native!.cloud;
  for (const call of fc.calls.filter((c) => c.native && c.native.auth === 'identity')) {
    const target = call.targets[0]?.node ?? (cloud === 'google' ? 'project' : 'subscription');
    for (const p of call.native!.permissions) {
      const held = lp.native!.bindings.some((b) => b.scope === target && (rolePermissions(cloud === 'google' ? 'google' : 'azure', b.role)?.[call.native!.data ? 'dataActions' : 'actions'] ?? b.permissions).some((x) => permissionCovers(x, p)));
      assert.ok(held, `${fnId}: ${p} at line ${call.location.line} is covered on ${target}`);
    }
  }
}

/** Every action the suggestion grants on each of its resources is allowed to the function now: strictly narrower when there is excess. */
function assertNarrower(r: AnalyzedRun, fnId: string): void {
  const lp = r.analyses.leastPrivilege.functions[fnId]!;
  for (const s of lp.suggested) for (const a of s.actions) for (const res of s.resources) {
    if (a.includes('*')) continue;
    const d = r.analyses.iam.isAllowed(fnId, a, res).decision;
    assert.ok(d === 'allowed' || d === 'conditionally-allowed', `${fnId}: suggested ${a} on ${res} is already granted (${d})`);
  }
  assert.ok(lp.excessActions > 0 && lp.excessActions <= lp.grantedActions);
}

test('Google: project-wide admin roles → the narrowest roles on the bucket, topic and secret the code uses (Node and Python); the exact twin is quiet', async () => {
  const r = await analyze({ root: join(fixtures, 'google') });
  assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), []);
  const expected = ['roles/pubsub.publisher on google_pubsub_topic.events', 'roles/secretmanager.secretAccessor on google_secret_manager_secret.api_key', 'roles/storage.objectViewer on google_storage_bucket.uploads'];
  for (const name of ['wide', 'wide_py', 'tight', 'tight_py']) {
    const id = `google_cloudfunctions2_function.${name}`;
    const lp = r.analyses.leastPrivilege.functions[id]!;
    assert.ok(lp.decidable, `${id}: ${lp.reason}`);
    assert.deepEqual(lp.native!.bindings.map((b) => `${b.role} on ${b.scope}`), expected, `${id}: bindings`);
    assertCovers(r, id);
  }
  for (const id of ['google_cloudfunctions2_function.wide', 'google_cloudfunctions2_function.wide_py']) assertNarrower(r, id);
  const tight = r.model.roles.find((x) => x.id === 'google_service_account.tight')!;
  assert.deepEqual(tight.policies.map((p) => p.name).sort(), expected, 'a resource-level grant is named after the granted resource, not the IAM member resource');
  const unused = r.findings.filter((f) => f.ruleId === 'iam/no-unused-permission');
  assert.deepEqual(unused.map((f) => f.functions.join(',')), ['google_cloudfunctions2_function.wide,google_cloudfunctions2_function.wide_py']);
  assert.match(unused[0]!.message, /roles\/storage\.admin on project reports-prod grants more than the code uses/);
  assert.equal(unused[0]!.location.file, 'main.tf');
  const suggestions = r.findings.filter((f) => f.ruleId === 'iam/least-privilege-suggestion').map((f) => f.functions[0]).sort();
  assert.deepEqual(suggestions, ['google_cloudfunctions2_function.wide', 'google_cloudfunctions2_function.wide_py']);
  for (const t of ['tight', 'tight_py']) {
    const id = `google_cloudfunctions2_function.${t}`;
    assert.equal(r.analyses.leastPrivilege.functions[id]!.excessActions, 0);
    assert.ok(!r.findings.some((f) => LP_RULES.includes(f.ruleId) && f.functions.includes(id)), `${id} stays quiet`);
  }
});

test('Azure: data-owner roles on the resource group → reader/sender/secrets-user on the container, queue and secret; the exact twin is quiet; connection strings need no role', async () => {
  const r = await analyze({ root: join(fixtures, 'azure') });
  assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), []);
  const expected = ['Key Vault Secrets User on azurerm_key_vault_secret.api_key', 'Azure Service Bus Data Sender on azurerm_servicebus_queue.events', 'Storage Blob Data Reader on azurerm_storage_container.uploads'];
  for (const name of ['wide', 'tight']) {
    const id = `azurerm_function_app_function.${name}`;
    const lp = r.analyses.leastPrivilege.functions[id]!;
    assert.ok(lp.decidable, `${id}: ${lp.reason}`);
    assert.deepEqual(lp.native!.bindings.map((b) => `${b.role} on ${b.scope}`), expected);
    assertCovers(r, id);
  }
  assertNarrower(r, 'azurerm_function_app_function.wide');
  const unused = r.findings.filter((f) => f.ruleId === 'iam/no-unused-permission');
  assert.deepEqual(unused.map((f) => f.functions.join(',')), ['azurerm_function_app_function.wide']);
  assert.match(unused[0]!.message, /Storage Blob Data Owner on resource group grants more than the code uses/);
  assert.equal(r.analyses.leastPrivilege.functions['azurerm_function_app_function.tight']!.excessActions, 0);
  assert.ok(!r.findings.some((f) => LP_RULES.includes(f.ruleId) && f.functions.includes('azurerm_function_app_function.tight')), 'the exact twin stays quiet');
  const keyed = r.analyses.leastPrivilege.functions['azurerm_function_app_function.keyed']!;
  assert.equal(keyed.native!.keyCalls.length, 2, 'fromConnectionString and a one-argument ServiceBusClient authenticate with keys');
  assert.deepEqual(keyed.native!.bindings, []);
});

function handler(file: string, code: string): ReturnType<typeof analyzeHandler> {
  const language = file.endsWith('.py') ? 'python' : 'javascript';
  const src: HandlerSource = { functionId: 'F', language, entry: file, exportName: 'main', modules: { [file]: parseModule(file, code, language) }, dependencies: {}, inline: false };
  return analyzeHandler(src, { entryKinds: ['function-url'] });
}

test('the map: Python Azure SDK with a credential is the identity, a key string is not; Firestore and BigQuery; an unmapped method is said', () => {
  const py = handler('main.py', [
    'import os',
    'from azure.identity import DefaultAzureCredential',
    'from azure.storage.blob import BlobServiceClient',
    'from azure.cosmos import CosmosClient',
    'def main(req):',
    '    svc = BlobServiceClient(os.environ["URL"], credential=DefaultAzureCredential())',
    '    svc.get_blob_client(container="uploads", blob="a").upload_blob(b"x")',
    '    db = CosmosClient(os.environ["COSMOS"], credential=os.environ["COSMOS_KEY"])',
    '    db.get_database_client("d").get_container_client("c").upsert_item({"id": "1"})',
  ].join('\n'));
  const upload = py.calls.find((c) => c.operation === 'blobs.write')!;
  assert.deepEqual([upload.native!.auth, upload.native!.permissions, upload.actions], ['identity', ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'], ['s3:PutObject']]);
  assert.deepEqual(upload.resources, [{ param: 'Bucket', value: { kind: 'literal', value: 'uploads' } }]);
  const upsert = py.calls.find((c) => c.operation === 'items.upsert')!;
  assert.equal(upsert.native!.auth, 'key', 'a Cosmos DB account key');
  const js = handler('index.js', [
    "const { Firestore } = require('@google-cloud/firestore');",
    "const { BigQuery } = require('@google-cloud/bigquery');",
    "const { Storage } = require('@google-cloud/storage');",
    'exports.main = async (req, res) => {',
    "  const db = new Firestore();",
    "  await db.collection('orders').doc(req.query.id).set({ ok: true });",
    "  await new BigQuery().query('SELECT 1');",
    "  await new Storage().bucket('b').file('f').getSignedUrl({ action: 'read' });",
    '};',
  ].join('\n'));
  assert.deepEqual(js.calls.find((c) => c.operation === 'entities.set')!.native!.permissions, ['datastore.entities.create', 'datastore.entities.update']);
  assert.deepEqual(js.calls.find((c) => c.operation === 'jobs.create')!.native!.permissions, ['bigquery.jobs.create']);
  assert.equal(js.calls.find((c) => c.operation === 'getSignedUrl')!.native!.unmapped, 'google-storage file.getSignedUrl', 'not known, so not taken as needing nothing');
});

test('the cover: one role when one holds every permission, the narrowest by capability; a custom role when none does', () => {
  assert.deepEqual(coverPermissions('google', new Map([['storage.objects.get', false], ['storage.objects.create', false]])), [{ role: 'roles/storage.objectUser', permissions: ['storage.objects.create', 'storage.objects.get'] }]);
  assert.deepEqual(coverPermissions('azure', new Map([['Microsoft.ServiceBus/namespaces/messages/send/action', true]])), [{ role: 'Azure Service Bus Data Sender', permissions: ['Microsoft.ServiceBus/namespaces/messages/send/action'] }]);
  assert.deepEqual(coverPermissions('google', new Map([['storage.objects.setIamPolicy', false]])).map((c) => c.role), ['roles/storage.objectAdmin'], 'storage.objects.* holds setIamPolicy; objectUser does not');
  assert.deepEqual(coverPermissions('google', new Map([['run.jobs.run', false]])), [{ role: 'custom role', permissions: ['run.jobs.run'] }], 'never a basic role');
});
