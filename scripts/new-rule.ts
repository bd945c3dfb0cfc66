/**
 * Scaffolds a rule: `npm run new-rule -- surface/no-something`. Creates the rule file, its docs page
 * and fixture stubs, then regenerates the registry. Refuses to overwrite.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const id = process.argv[2];
if (!id || !/^[a-z]+\/(no|require)-[a-z0-9-]+$/.test(id)) {
  console.error('usage: npm run new-rule -- <area>/<no-|require-><name>');
  process.exit(2);
}
const files: [string, string][] = [
  [
    `src/rules/${id}.ts`,
    `import { defineRule } from '../../engine/types.js';\n\nexport default defineRule({\n  id: '${id}',\n  meta: {\n    description: 'TODO: one line.',\n    category: 'misconfiguration',\n    severity: 'medium',\n    messages: { found: '{{subject}}: TODO.' },\n    requires: [],\n  },\n  create(context) {\n    void context;\n  },\n});\n`,
  ],
  [`docs/rules/${id}.md`, `# ${id}\n\n**Category:** misconfiguration · **Default severity:** medium\n\nWhat it detects and why it matters.\n\n## How to fix\n\n## Peers\n`],
  [`test/rules/${id}/invalid-sam.yaml`, `Transform: AWS::Serverless-2016-10-31\nResources: {}\n`],
  [`test/rules/${id}/valid-sam.yaml`, `Transform: AWS::Serverless-2016-10-31\nResources: {}\n`],
  [`test/rules/${id}/invalid-cfn.yaml`, `Resources: {}\n`],
  [`test/rules/${id}/valid-cfn.yaml`, `Resources: {}\n`],
];
for (const [f] of files) if (existsSync(join(root, f))) {
  console.error(`${f} exists; not overwriting`);
  process.exit(2);
}
for (const [f, text] of files) {
  mkdirSync(dirname(join(root, f)), { recursive: true });
  writeFileSync(join(root, f), text);
  console.log(`created ${f}`);
}
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/build-docs.ts')], { stdio: 'inherit' });
