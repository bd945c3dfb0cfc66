/**
 * Compiles the packaged data into data/compiled/ (see src/data/store.ts): run by `npm run build`,
 * and by `npm test` / `npm run bench` when the compiled files are missing or were compiled from
 * another version of a source package. Prints one line per data set.
 *
 *   node --import tsx scripts/build-data.ts [--check]   # --check: exit 1 when out of date, write nothing
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileIamActions, iamActionsSource } from '../src/data/iam-actions.js';
import { compileManagedPolicies, managedPoliciesSource } from '../src/data/managed-policies.js';
import { COMPILED_FORMAT, compiledDataDir, type CompiledStore, type StoreIndex } from '../src/data/store.js';

const SETS: { name: string; source: () => { name: string; version: string }; compile: () => CompiledStore }[] = [
  { name: 'managed-policies', source: managedPoliciesSource, compile: compileManagedPolicies },
  { name: 'iam-actions', source: iamActionsSource, compile: compileIamActions },
];

function current(dir: string, name: string, source: { name: string; version: string }): boolean {
  const file = join(dir, `${name}.index.json`);
  if (!existsSync(file) || !existsSync(join(dir, `${name}.bin`))) return false;
  try {
    const index = JSON.parse(readFileSync(file, 'utf8')) as StoreIndex;
    return index.format === COMPILED_FORMAT && index.source.name === source.name && index.source.version === source.version;
  } catch {
    return false;
  }
}

function main(): number {
  const check = process.argv.includes('--check');
  const dir = compiledDataDir();
  if (dir === null) {
    console.error('build-data: data/sam-policy-templates.json not found; run from the repository');
    return 1;
  }
  mkdirSync(dir, { recursive: true });
  let stale = false;
  for (const set of SETS) {
    if (current(dir, set.name, set.source())) {
      console.log(`build-data: ${set.name} up to date`);
      continue;
    }
    stale = true;
    if (check) {
      console.log(`build-data: ${set.name} out of date`);
      continue;
    }
    const { index, bin } = set.compile();
    // Blob first, index last: a reader never sees an index that points into a blob not yet written.
    writeFileSync(join(dir, `${set.name}.bin.tmp`), bin);
    renameSync(join(dir, `${set.name}.bin.tmp`), join(dir, `${set.name}.bin`));
    writeFileSync(join(dir, `${set.name}.index.json.tmp`), JSON.stringify(index));
    renameSync(join(dir, `${set.name}.index.json.tmp`), join(dir, `${set.name}.index.json`));
    console.log(`build-data: ${set.name}: ${Object.keys(index.entries).length} entries, ${(bin.length / 1024).toFixed(0)} KB (from ${index.source.name}@${index.source.version})`);
  }
  return check && stale ? 1 : 0;
}

process.exitCode = main();
