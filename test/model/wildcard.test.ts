/**
 * Wildcard matching without regular expressions: the same answers as an anchored RegExp on small
 * patterns, and no blow-up on the patterns that make a backtracking RegExp hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wildcardMatch } from '../../src/model/wildcard.js';

function viaRegExp(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

test('agrees with an anchored RegExp on every small pattern over a small alphabet', () => {
  // A fixed linear congruential sequence: deterministic, no clock or Math.random.
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = (alphabet: string, max: number) => Array.from({ length: next(max + 1) }, () => alphabet[next(alphabet.length)]).join('');
  for (let i = 0; i < 20_000; i++) {
    const p = pick('ab*?A', 7);
    const v = pick('abAB', 8);
    const ci = next(2) === 1;
    assert.equal(wildcardMatch(p, v, { ignoreCase: ci }), viaRegExp(p, v, ci), `${JSON.stringify(p)} ~ ${JSON.stringify(v)} (ignoreCase ${ci})`);
  }
});

test('escaped characters are literal', () => {
  assert.equal(wildcardMatch('a\u0000*b', 'a*b', { escapes: true }), true);
  assert.equal(wildcardMatch('a\u0000*b', 'axb', { escapes: true }), false);
  assert.equal(wildcardMatch('a\u0000?', 'a?', { escapes: true }), true);
});

test('a pattern that hangs a backtracking RegExp is answered at once', () => {
  const pattern = `arn:aws:sqs:us-east-1:123456789012:${'*a'.repeat(400)}*c`;
  const value = `arn:aws:sqs:us-east-1:123456789012:${'a'.repeat(5000)}b`;
  // Runs in the hostile suite's time bound; a RegExp here takes longer than the age of the universe.
  assert.equal(wildcardMatch(pattern, value), false);
  assert.equal(wildcardMatch(pattern, value.slice(0, -1) + 'c'), true);
});
