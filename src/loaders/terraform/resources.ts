/**
 * One mapping per Terraform resource type: which CloudFormation properties its attributes become.
 */
import { RESOURCE_TYPES, type Emitter, type Instance, type Primary, type Merge } from './map.js';
import { GOOGLE_LINK, GOOGLE_MERGE, GOOGLE_PRIMARY } from './google.js';
import { AZURE_LINK, AZURE_MERGE, AZURE_PRIMARY, azureAppsWithoutFunctions } from './azure.js';
import { isObject } from './values.js';
import { AWS_COMPUTE } from './aws-compute.js';
import { AWS_DATA } from './aws-data.js';
import { AWS_MERGE } from './aws-merge.js';

// Without a prototype: a resource type is the user's text, and `__proto__` or `constructor` must map to nothing.
const PRIMARY: Record<string, Primary> = Object.assign(Object.create(null) as Record<string, Primary>, AWS_COMPUTE, AWS_DATA, GOOGLE_PRIMARY, AZURE_PRIMARY);
const MERGE: Record<string, Merge> = Object.assign(Object.create(null) as Record<string, Merge>, AWS_MERGE, GOOGLE_MERGE, AZURE_MERGE);
const LINK: Record<string, Merge> = Object.assign(Object.create(null) as Record<string, Merge>, AZURE_LINK, GOOGLE_LINK);

/** Maps every instance; returns the addresses of attachment resources whose target was not found. */
export function mapInstances(em: Emitter, instances: Instance[]): { unmatched: Instance[]; unmapped: Instance[] } {
  const unmatched: Instance[] = [];
  const unmapped: Instance[] = [];
  const managed = instances.filter((i) => i.mode === 'managed');
  for (const inst of managed) {
    const cfn = RESOURCE_TYPES[inst.type];
    const fn = PRIMARY[inst.type];
    if (!cfn || !fn) continue;
    const o = em.resource(inst, cfn);
    const body = inst.body();
    fn(o, body);
    // Tags as a map (SAM's form): the model reads owner tags from them (docs/owners.md).
    if (o.props['Tags'] === undefined && isObject(body['tags'])) o.copy('Tags', 'tags');
  }
  for (const inst of managed) LINK[inst.type]?.(em, inst, inst.body());
  azureAppsWithoutFunctions(em, managed);
  for (const inst of managed) {
    const fn = MERGE[inst.type];
    if (fn) {
      if (!fn(em, inst, inst.body())) unmatched.push(inst);
    } else if (!PRIMARY[inst.type]) unmapped.push(inst);
  }
  return { unmatched, unmapped };
}

