/**
 * Scaffolds a rule: `npm run new-rule -- surface/no-something [--kind=taint|risk|cost|posture|data-posture|custom]`. Creates
 * the rule file (a declaration of its kind, src/rules/kinds.ts), its docs page and fixture stubs in
 * SAM, CloudFormation, Serverless and Terraform, then regenerates the registry. Refuses to overwrite.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const id = args.find((a) => !a.startsWith('--'));
const kind = (args.find((a) => a.startsWith('--kind='))?.slice(7) ?? 'custom') as Kind;
type Kind = 'taint' | 'risk' | 'cost' | 'posture' | 'data-posture' | 'custom';
const KINDS: readonly Kind[] = ['taint', 'risk', 'cost', 'posture', 'data-posture', 'custom'];
if (!id || !/^[a-z]+\/(no|require)-[a-z0-9-]+$/.test(id) || !KINDS.includes(kind)) {
  console.error('usage: npm run new-rule -- <area>/<no-|require-><name> [--kind=taint|risk|cost|posture|data-posture|custom]');
  process.exit(2);
}

/** The rule file: a declaration of its kind (src/rules/kinds.ts); `custom` is a `findingsRule`, a rule of its own logic. */
function ruleSource(): string {
  const common = `  id: '${id}',\n  description: 'TODO: one line.',\n  category: 'misconfiguration',\n  severity: 'medium',\n  cwe: [],\n`;
  if (kind === 'taint') return `import { taintRule } from '../kinds.js';\nimport { peers } from '../../engine/types.js';\n\n/** TODO: why it matters. */\nexport default taintRule({\n${common}  sink: 'sql-injection',\n  message: '{{fn}} passes {{source}} to {{sink}} unsanitised (TODO: what the attacker gets); reachable from {{exposure}}.',\n  sources: peers(), // TODO: the peer checks, as 'tool:id' ('checkov:CKV_AWS_…')\n});\n`;
  if (kind === 'risk') return `import { riskRule } from '../kinds.js';\nimport { peers } from '../../engine/types.js';\n\n/** TODO: why it matters. */\nexport default riskRule({\n${common}  classes: ['admin'],\n  sources: peers(), // TODO: the peer checks, as 'tool:id' ('checkov:CKV_AWS_…')\n});\n`;
  if (kind === 'cost') return `import { costRule } from '../kinds.js';\nimport { peers } from '../../engine/types.js';\n\n/** TODO: why it matters. */\nexport default costRule({\n${common}  check: 'missingThrottling',\n  messages: { noThrottle: '{{api}}: TODO ({{count}} public route(s): {{routes}}; {{accountRps}} rps).' },\n  sources: peers(), // TODO: the peer checks, as 'tool:id' ('checkov:CKV_AWS_…')\n});\n`;
  if (kind === 'posture')
    return `import { postureRule } from '../kinds.js';\nimport { peers } from '../../engine/types.js';\n\n/** TODO: why it matters, and how who reaches the function moves the severity. */\nexport default postureRule({\n${common}  sources: peers(), // TODO: the peer checks, as 'tool:id' ('checkov:CKV_AWS_…')\n  messages: { gap: '{{fn}} TODO, and {{caller}}.' },\n  requires: ['surface'],\n  function(fn, view) {\n    if (fn.posture === undefined) return null; // TODO: the gap in fn.posture (or a resource(r, view) callback over r.posture), or null\n    return { messageId: 'gap', data: { caller: view.caller(fn.id).words }, key: 'TODO', severity: 'medium' };\n  },\n});\n`;
  if (kind === 'data-posture')
    return `import { dataPostureRule, switchGap } from '../kinds.js';\nimport { peers } from '../../engine/types.js';\n\n/** TODO: why it matters, and how who reaches the resource moves the severity. */\nexport default dataPostureRule({\n${common}  sources: peers(), // TODO: the peer checks, as 'tool:id' ('checkov:CKV_AWS_…')\n  mode: 'write',\n  messages: {\n    off: '{{res}} TODO ({{gap}}), and {{who}}.',\n    unresolved: '{{res}}: whether TODO could not be resolved ({{gap}}), and {{who}}.',\n  },\n  gap: (r) => switchGap(r.posture?.versioning, 'TODO: the setting in the template\\'s words'), // TODO: the setting of r.posture (src/model/posture.ts)\n});\n`;
  return `import { findingsRule } from '../kinds.js';\nimport { peers } from '../../engine/types.js';\n\n/** TODO: why it matters. */\nexport default findingsRule({\n${common}  messages: { found: '{{res}}: TODO.' },\n  requires: [],\n  sources: peers(), // TODO: the peer checks, as 'tool:id' ('checkov:CKV_AWS_…')\n  reads: 'model', // TODO: or the one analysis it reads ('surface', 'iam', 'leastPrivilege', …: src/analyses/index.ts)\n  *findings(model) {\n    for (const r of model.resources) {\n      if (r.id !== 'TODO') continue; // TODO: the weakness\n      yield { messageId: 'found', data: { res: r.id }, subject: r.id, key: 'TODO', location: r.location };\n    }\n  },\n});\n`;
}

const SLS = `service: todo\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions: {}\n`;
const TF = `# TODO: the pattern in Terraform\n`;
const files: [string, string][] = [
  [`src/rules/${id}.ts`, ruleSource()],
  [`docs/rules/${id}.md`, `# ${id}\n\n**Category:** misconfiguration${kind.endsWith('posture') ? ' · **Profile:** hardening' : ''} · **Default severity:** medium (TODO: how who reaches it moves it) · **CWE:** TODO\n\nWhat it detects and why it matters.\n\n## How to fix\n\n## Peers\n\n## Clouds\n\n**Clouds:** AWS only. TODO: what Google Cloud and Azure would need.\n`],
  [`test/rules/${id}/invalid-sam.yaml`, `Transform: AWS::Serverless-2016-10-31\nResources: {}\n`],
  [`test/rules/${id}/valid-sam.yaml`, `Transform: AWS::Serverless-2016-10-31\nResources: {}\n`],
  [`test/rules/${id}/invalid-cfn.yaml`, `Resources: {}\n`],
  [`test/rules/${id}/valid-cfn.yaml`, `Resources: {}\n`],
  [`test/rules/${id}/invalid-sls/serverless.yml`, SLS],
  [`test/rules/${id}/valid-sls/serverless.yml`, SLS],
  [`test/rules/${id}/invalid-tf/main.tf`, TF],
  [`test/rules/${id}/valid-tf/main.tf`, TF],
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
