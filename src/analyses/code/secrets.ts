/**
 * Hard-coded secrets: known token formats anywhere, and high-entropy values assigned to names that
 * say "secret". Placeholders and documentation examples are not secrets. Usable on environment
 * variables as well as on string literals in code.
 */
import type { SecretKind } from './types.js';
import { cmp } from '../../model/order.js';

interface Format {
  kind: SecretKind;
  re: RegExp;
}

const FORMATS: readonly Format[] = [
  { kind: 'private-key', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----\s*[A-Za-z0-9+/=\s:-]{20,}/ },
  { kind: 'aws-access-key-id', re: /\b(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{16}\b/ },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { kind: 'slack-token', re: /\bxox[baprse]-[A-Za-z0-9-]{10,}\b/ },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,}/ },
  { kind: 'stripe-key', re: /\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b/ },
  { kind: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'sendgrid-key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { kind: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'openai-key', re: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b/ },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/ },
];

/**
 * Text every format above contains (its fixed prefix or infix): one search that most values fail
 * instead of one per format. Keep in step with FORMATS.
 */
const FORMAT_HINT = /-----BEGIN |AKIA|ASIA|ABIA|ACCA|AIDA|AROA|gh[pousr]_|github_pat_|xox[baprse]-|https:\/\/hooks\.slack\.com\/services\/|_live_|AIza|SG\.|npm_|T3BlbkFJ|eyJ/;

/** Names that hold secrets. */
const SECRET_NAME = /(secret|passw(or)?d|passwd|pwd|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|auth[_-]?key|client[_-]?secret|credential|signing[_-]?key|encryption[_-]?key|bearer|webhook)/i;
/** …unless the name says it holds a reference to one, not the secret. */
const REFERENCE_NAME = /(name|file|path|url|uri|endpoint|header|field|type|length|arn|prefix|param(eter)?|id$|_id$|Id$|env|var|count|policy|region|table|bucket|queue|topic|expir|ttl|version|format|algorithm|secretsmanager|ssm|label|template|key_?id$)/i;
const AWS_SECRET_NAME = /aws.?secret|secret.?access.?key/i;

const PLACEHOLDER = [
  /^(x+|\*+|\.+|-+|_+|#+|0+|1234.*|abc.*|test.*|dummy.*|fake.*|sample.*|example.*|placeholder.*|changeme|change_me|change-me|replace.*|your.*|my.*|todo.*|tbd|none|null|undefined|secret|password|token|redacted|hidden|notset|not-set|default)$/i,
  /xxx|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%s|%\(|process\.env|os\.environ|EXAMPLE|example\.com|your[_-]|change[_-]?me|placeholder|dummy|insert[_-]|put[_-]your|redacted/i,
  /^(arn:|\/|resolve:|\{\{resolve:|ssm:|secretsmanager:|\$[A-Za-z_{(])/,
];

const DOC_EXAMPLES = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'ASIAIOSFODNN7EXAMPLE']);

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (DOC_EXAMPLES.has(v)) return true;
  return PLACEHOLDER.some((re) => re.test(v));
}

export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function looksRandom(v: string): boolean {
  if (v.length < 12 || v.length > 4096) return false;
  if (/\s/.test(v.trim())) return false; // sentences, SQL, messages
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  if (classes < 2) return false;
  if (/^[a-z]+([_.-][a-z]+)*$/i.test(v)) return false; // identifiers, words
  if (/^https?:\/\/[^@]*$/.test(v)) return false; // URLs without credentials
  return shannonEntropy(v) >= 3.2;
}

/** Names that hold a password or shared secret a person chose (name split on camelCase, lower case). */
const PASSWORD_NAME = /(^|[_.-])(pass|passwd|password|passphrase|pwd|pw|secret|db_?pass)$/;
/** Names that hold a credential but also other things (`auth: cognito`): a value must look chosen, not be a mode word. */
const CREDENTIAL_NAME = /(^|[_.-])(auth|auth_?token|token|api_?key|apikey|access_?token|secret_?key|private_?key)$/;
/** Values that are settings, not secrets. */
const SETTING = /^(true|false|yes|no|on|off|none|null|nil|disabled?|enabled?|required|optional|basic|bearer|iam|jwt|cognito|oauth2?|api_?key|custom|default|aws_iam|plain|md5|sha\d*|bcrypt|argon2|scram-sha-256|-)$/i;
/** A value that reads like a chosen password: a password word with digits or symbols, one token. */
const PASSWORD_VALUE = /^(?=[^\s]*(?:\d|[!@#$%^&*]))(?=[^\s]*(?:pass(?:w(?:or)?d)?|p[a@]ss|passw0rd|p[a@]ssw[o0]rd|secret|s3cr3t))[A-Za-z0-9!@#$%^&*]{6,24}$/i;
/** Names whose values are identifiers, never passwords. */
const IDENTIFIER_NAME = /(^|_)(name|names|id|ids|arn|path|key|type|description|handler|runtime|sid|label|title|alias)$/;

function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A literal that is a value someone typed, not a reference, an expression or a setting. */
function typedValue(v: string): boolean {
  if (v.length < 4 || v.length > 128 || /\s/.test(v)) return false;
  if (isPlaceholder(v) || SETTING.test(v)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return false; // the name of another variable
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/:\/\/[^/@]+:[^/@]+@/.test(v)) return false; // URLs without credentials
  if (/^\d{1,5}$/.test(v)) return false; // lengths, ports, counts
  return true;
}

export interface SecretMatch {
  kind: SecretKind;
  /** The matched text (for redaction by the caller). */
  match: string;
}

/**
 * Whether `value` (assigned to `name`, when known) is a secret. For code literals and environment
 * variables alike.
 */
export function detectSecret(name: string | null, value: string): SecretMatch | null {
  if (!value || value.length < 4) return null;
  if (FORMAT_HINT.test(value)) for (const f of FORMATS) {
    const m = f.re.exec(value);
    if (m && !isPlaceholder(m[0]) && !/EXAMPLE/.test(m[0])) return { kind: f.kind, match: m[0] };
  }
  if (isPlaceholder(value)) return null;
  if (name && AWS_SECRET_NAME.test(name) && /^[A-Za-z0-9/+]{40}$/.test(value) && shannonEntropy(value) >= 4) return { kind: 'aws-secret-access-key', match: value };
  if (name && SECRET_NAME.test(name) && !REFERENCE_NAME.test(name.replace(SECRET_NAME, '')) && looksRandom(value)) return { kind: 'generic-secret', match: value };
  const v = value.trim();
  if (name && typedValue(v)) {
    const w = words(name);
    if (PASSWORD_NAME.test(w)) return { kind: 'password', match: v };
    if (CREDENTIAL_NAME.test(w) && /\d|[^A-Za-z0-9]|[a-z][A-Z]|[A-Z][a-z]*[A-Z]/.test(v) && !/^[a-z]+([_-][a-z]+)*$/.test(v)) return { kind: 'password', match: v };
  }
  // Under any name but one that says the value is an identifier (a policy, role or table name).
  if (PASSWORD_VALUE.test(v) && !isPlaceholder(v) && !/([A-Z][a-z]+){3,}/.test(v) && !(name && IDENTIFIER_NAME.test(words(name)))) return { kind: 'password-like-value', match: v };
  return null;
}

export function redact(s: string): string {
  return `${s.slice(0, 4)}…(${s.length} chars)`;
}

/** Environment variables (name → value) that hold secrets, for rules on templates. */
export function findSecretsInEnvironment(env: Readonly<Record<string, unknown>>): { name: string; kind: SecretKind; redacted: string; documentationExample?: boolean }[] {
  const out: { name: string; kind: SecretKind; redacted: string; documentationExample?: boolean }[] = [];
  for (const [name, value] of Object.entries(env).sort(([a], [b]) => cmp(a, b))) {
    if (typeof value !== 'string') continue;
    const m = detectSecret(name, value);
    if (m) out.push({ name, kind: m.kind, redacted: redact(m.match) });
    // AWS's documented example keys are placeholders in code, but static AWS credentials in a
    // function's environment are the weakness whatever their value: report them, marked.
    else if (DOC_EXAMPLES.has(value.trim())) out.push({ name, kind: value.startsWith('A') ? 'aws-access-key-id' : 'aws-secret-access-key', redacted: redact(value.trim()), documentationExample: true });
  }
  return out;
}
