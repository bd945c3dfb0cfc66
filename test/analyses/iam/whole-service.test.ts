/**
 * A service granted whole (`Action: *`, `service:*` with nothing restricting it) is kept as the
 * catalogue plus its one grant: its entries, built on demand, are what listing every action gives,
 * and every question (lookup, count, iteration) answers as it would on the listed entries.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeIam, entriesByAction, permissionEntries } from '../../../src/analyses/iam/analyze.js';
import { actionCatalog } from '../../../src/analyses/iam/catalog.js';
import { actionCount, forEachEntry, type PermissionEntry } from '../../../src/analyses/iam/permissions.js';
import { fn, inline, model, role } from './model-fixtures.js';

const catalog = actionCatalog();

const app = model({
  roles: [
    role('Admin', [inline('Admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }], 10)]),
    role('AdminButDelete', [
      inline('Admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }], 20),
      inline('NoDelete', [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }], 30),
    ]),
    role('S3Twice', [
      inline('S3', [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }], 40),
      inline('Get', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], 50),
      inline('Sqs', [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }], 60),
    ]),
    role('Some', [inline('Some', [{ Effect: 'Allow', Action: ['s3:Get*', 'dynamodb:GetItem'], Resource: '*' }], 70)]),
  ],
  functions: [fn('A', 'Admin'), fn('B', 'AdminButDelete'), fn('C', 'S3Twice'), fn('D', 'Some')],
});
const iam = analyzeIam(app);

/** The entries of every catalogued action of a service under one grant, as a listed service has them. */
function listed(service: string, grant: PermissionEntry['grants'][number], conditional: boolean): PermissionEntry[] {
  return catalog.expand(`${service}:*`).map((a) => ({
    action: a.action,
    service: a.service,
    accessLevel: a.accessLevel,
    resourceTypes: a.resourceTypeNames,
    wildcardOnly: a.wildcardOnly,
    resources: grant.resources,
    conditional,
    unresolved: false,
    grants: [grant],
    restrictions: [],
  }));
}

describe('IAM: services granted whole', () => {
  it('an Action: * role holds every service whole, and its entries are the catalogue under its one grant', () => {
    const admin = iam.permissionsOf('A')!;
    assert.deepEqual(admin.services.map((s) => s.service), [...catalog.serviceNames()].filter((s) => catalog.expand(`${s}:*`).length > 0));
    assert.ok(admin.services.every((s) => s.whole !== undefined));
    const grant = admin.services[0]!.whole!.grants[0]!;
    assert.equal(grant.statement.policy, 'Admin');
    for (const s of admin.services) assert.deepEqual(s.actions, listed(s.service, grant, false), s.service);
    assert.equal(actionCount(admin.services), catalog.all().length);
    assert.equal(permissionEntries(admin).length, catalog.all().length);
    // `whole` is not enumerable: spreading or comparing a service sees `service` and `actions`.
    assert.deepEqual(Object.keys(admin.services[0]!), ['service', 'actions']);
  });

  it('lookups, counts and iteration answer as the listed entries do', () => {
    for (const id of ['A', 'B', 'C', 'D']) {
      const perms = iam.permissionsOf(id)!;
      const all = permissionEntries(perms);
      const seen: string[] = [];
      forEachEntry(perms.services, (a, shape) => {
        const e = all[seen.length]!;
        seen.push(a.action);
        assert.deepEqual({ action: a.action, service: a.service, accessLevel: a.accessLevel, wildcardOnly: a.wildcardOnly }, { action: e.action, service: e.service, accessLevel: e.accessLevel, wildcardOnly: e.wildcardOnly });
        assert.deepEqual({ resources: shape.resources, conditional: shape.conditional, unresolved: shape.unresolved, grants: shape.grants, restrictions: shape.restrictions }, { resources: e.resources, conditional: e.conditional, unresolved: e.unresolved, grants: e.grants, restrictions: e.restrictions });
      });
      assert.deepEqual(seen, all.map((e) => e.action), id);
      assert.equal(actionCount(perms.services), all.length, id);
      const byAction = entriesByAction(perms);
      for (const e of all.filter((_, i) => i % 97 === 0)) assert.deepEqual(byAction.get(e.action.toLowerCase()), e, `${id} ${e.action}`);
      // Lower-case names only (as before): the catalogue's spelling is not a key.
      assert.equal(byAction.get('s3:GetObject'), undefined);
      assert.equal(byAction.get('s3:nosuchaction'), undefined);
      assert.equal(byAction.get('nosuchservice:getthing'), undefined);
    }
  });

  it('a Deny, a second grant or a partial pattern keeps the service listed', () => {
    const b = iam.permissionsOf('B')!;
    assert.equal(b.services.find((s) => s.service === 's3')!.whole, undefined, 'a Deny restricts s3');
    assert.equal(b.services.find((s) => s.service === 'sqs')!.whole?.grants[0]!.statement.policy, 'Admin');
    assert.equal(b.removed.map((r) => r.action).join(), 's3:DeleteBucket');
    assert.equal(entriesByAction(b).get('s3:deletebucket'), undefined);
    const c = iam.permissionsOf('C')!;
    assert.equal(c.services.find((s) => s.service === 's3')!.whole, undefined, 's3:GetObject has two grants');
    const sqs = c.services.find((s) => s.service === 'sqs')!;
    assert.ok(sqs.whole !== undefined && sqs.whole.conditional, 'a condition is the grant, not a restriction');
    assert.deepEqual(sqs.actions, listed('sqs', sqs.whole.grants[0]!, true));
    const d = iam.permissionsOf('D')!;
    assert.ok(d.services.every((s) => s.whole === undefined), 's3:Get* and one dynamodb action are not whole services');
  });
});
