/**
 * The release script's CHANGELOG step, and the install and CI recipes pointing at code that
 * exists: no registry name is run, the README install block is what scripts/fresh-machine.sh runs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
// @ts-expect-error -- a plain .mjs script without types
import { releaseChangelog } from '../../scripts/release.mjs';

const release = releaseChangelog as (text: string, version: string, date: string) => string;

describe('release script', () => {
  it('moves the [Unreleased] entries under the new version', () => {
    const before = '# Changelog\n\n## [Unreleased]\n\n### Added\n- a thing\n\n## [0.1.0] - 2026-01-01\n- old\n';
    assert.equal(release(before, '0.2.0', '2026-12-07'), '# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-07\n\n### Added\n- a thing\n\n## [0.1.0] - 2026-01-01\n- old\n');
  });
  it('refuses an empty [Unreleased] section and a version already released', () => {
    assert.throws(() => release('## [Unreleased]\n\n## [0.1.0] - 2026-01-01\n- old\n', '0.2.0', '2026-12-07'), /lists no change/);
    assert.throws(() => release('## [Unreleased]\n- x\n\n## [0.1.0] - 2026-01-01\n', '0.1.0', '2026-12-07'), /already has a section/);
  });
});

describe('install and CI recipes', () => {
  it('the README install block is the one scripts/fresh-machine.sh runs, and .ci/run runs that script', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /<!-- install:begin -->\n```sh\n([\s\S]*?)```\n<!-- install:end -->/.exec(readme);
    assert.ok(block, 'README has the marked install block');
    assert.equal(block[1], 'npm ci\nnpm install -g "$(npm pack --ignore-scripts --silent)"\n');
    assert.match(readFileSync('scripts/fresh-machine.sh', 'utf8'), /install:begin/);
    assert.match(readFileSync('.ci/run', 'utf8'), /scripts\/fresh-machine\.sh/);
  });

  it('no recipe runs nightlight by a registry name', () => {
    for (const file of ['action.yml', 'docs/ci.md', 'README.md', '.pre-commit-hooks.yaml']) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), /npx (--yes )?nightlight/, file);
    }
  });

  it('the action builds its own checkout, and the pre-commit hooks run the installed command', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown>; runs: { steps: { id?: string; run?: string }[] } };
    assert.equal(action.inputs['version'], undefined);
    const install = action.runs.steps.find((s) => s.id === 'install')!;
    assert.match(install.run!, /npm ci/);
    assert.match(install.run!, /github\.action_path|NL_ACTION_PATH/);
    const hooks = parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as { id: string; entry: string; language: string }[];
    for (const h of hooks) assert.equal(h.language, 'system', h.id);
  });

  it('the package ships the rule pages that `explain` prints', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
    assert.ok(pkg.files.includes('docs/rules'));
  });
});
