/** `peers('tool:id', …)`: the rules' notation for equivalent checks of peer tools. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { peers } from '../../src/engine/types.js';
import { RULES } from '../../src/rules/registry.generated.js';

describe('peers', () => {
  it('splits each reference at its first colon, keeping the order', () => {
    assert.deepEqual(peers('checkov:CKV_AWS_21', 'semgrep:python.lang.security.audit:x'), [
      { tool: 'checkov', id: 'CKV_AWS_21' },
      { tool: 'semgrep', id: 'python.lang.security.audit:x' },
    ]);
  });
  it('refuses a reference without a tool or an id', () => {
    for (const bad of ['CKV_AWS_21', ':CKV_AWS_21', 'checkov:']) assert.throws(() => peers(bad), /is not tool:id/);
  });
  it('every rule names its peers by a known tool and a non-empty id', () => {
    for (const r of RULES) {
      for (const p of r.meta.sources ?? []) {
        assert.match(p.tool, /^[a-z][a-z0-9_-]*$/, r.id);
        assert.match(p.id, /^\S(.*\S)?$/, r.id);
      }
    }
  });
});
