import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSecret, findSecretsInEnvironment } from '../../../src/analyses/code/index.js';

test('known formats are found, placeholders and references are not', () => {
  assert.equal(detectSecret(null, 'AKIAZ3MSJV4WWNKWW5F4')?.kind, 'aws-access-key-id');
  assert.equal(detectSecret(null, 'AKIAIOSFODNN7EXAMPLE'), null);
  assert.equal(detectSecret('aws_secret_access_key', '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')?.kind, 'aws-secret-access-key');
  assert.equal(detectSecret(null, 'xoxb-2345678901-abcdefghijklmnop')?.kind, 'slack-token');
  assert.equal(detectSecret(null, '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7x9aB3c4d5e6f7g8h9\n-----END RSA PRIVATE KEY-----')?.kind, 'private-key');
  assert.equal(detectSecret(null, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')?.kind, 'jwt');
  for (const v of ['changeme', 'xxxxxxxxxxxxxxxx', '<your-key>', '${SECRET}', '{{resolve:secretsmanager:x}}', 'your-api-key-here', 'arn:aws:secretsmanager:us-east-1:1:secret:x']) assert.equal(detectSecret('password', v), null, v);
  assert.equal(detectSecret('tokenUrl', 'https://auth.example.org/oauth2/Token9x'), null);
  assert.equal(detectSecret('DB_PASSWORD', 'Zq8!mP2#vL9xR4tW')?.kind, 'generic-secret');
});

test('environment variables', () => {
  const found = findSecretsInEnvironment({ STRIPE_KEY: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', TABLE: 'orders', DB_PASSWORD: 'changeme', API_TOKEN: { Ref: 'Token' } });
  assert.deepEqual(found.map((f) => [f.name, f.kind]), [['STRIPE_KEY', 'stripe-key']]);
  assert.ok(!found[0]!.redacted.includes('4eC39HqLyjWDarjtT1zdp7dc'));
});

test('passwords as people write them: short and word-like values under password names, chosen-looking values anywhere', () => {
  assert.equal(detectSecret('DB_PASSWORD', 'hunter2')?.kind, 'password');
  assert.equal(detectSecret('db_pw', 'letmein')?.kind, 'password');
  assert.equal(detectSecret('masterPassword', 'Summer2024')?.kind, 'password');
  assert.equal(detectSecret('auth', 's3cr3tT0ken')?.kind, 'password');
  assert.equal(detectSecret('VARIABLE_1', 'supersecret99')?.kind, 'password-like-value');
  for (const [n, v] of [['auth', 'cognito'], ['AUTH_MODE', 'iam'], ['PASSWORD_MIN_LENGTH', '8'], ['TOKEN_TYPE', 'bearer'], ['SECRET_NAME', 'prod/db'], ['DB_PASSWORD', '${ssm:/db/pw}'], ['password', 'changeme'], ['BUCKET', 'my-secret-bucket'], ['SERVICE', 'secretsmanager'], ['clientSecret', 'DB_SECRET'], ['PASSWORD_RESET_URL', 'https://x.org/reset']] as const) {
    assert.equal(detectSecret(n, v), null, `${n}=${v}`);
  }
});

test('every token format is found whatever surrounds it (the common prefilter lets each through)', () => {
  const mix = (n: number) => Array.from({ length: n }, (_, i) => 'q7Rk2Vb9Lm4Zt6Wp8Nc3Hd5Jf1'[(i * 7) % 26]).join('');
  const samples: [string, string][] = [
    ['private-key', `-----BEGIN OPENSSH PRIVATE KEY-----\n${mix(40)}`],
    ['aws-access-key-id', 'ASIAZ3MSJV4WWNKWW5F4'],
    ['aws-access-key-id', 'AROAZ3MSJV4WWNKWW5F4'],
    ['github-token', `ghs_${mix(36)}`],
    ['github-token', `github_pat_${mix(64)}`],
    ['slack-token', `xoxp-${mix(20)}`],
    ['slack-webhook', `https://hooks.slack.com/services/T0ABC1234/B0DEF5678/${mix(24)}`],
    ['stripe-key', `rk_live_${mix(24)}`],
    ['google-api-key', `AIza${mix(35)}`],
    ['sendgrid-key', `SG.${mix(22)}.${mix(43)}`],
    ['npm-token', `npm_${mix(36)}`],
    ['openai-key', `sk-proj-${mix(24)}T3BlbkFJ${mix(24)}`],
  ];
  for (const [kind, value] of samples) {
    assert.equal(detectSecret(null, value)?.kind, kind, value);
    assert.equal(detectSecret(null, `url=${value} more`)?.kind, kind, value);
  }
});
