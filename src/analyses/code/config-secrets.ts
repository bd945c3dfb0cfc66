/**
 * Secrets written into the configuration outside function environments (those are
 * `findSecretsInEnvironment`'s): instance user data and other scripts, resource properties
 * (`MasterUserPassword`, an SSM `String` parameter's value, an API key's value, a Secrets Manager
 * `SecretString`), stack outputs and parameter defaults, and values that are secrets by
 * construction (an access key's `SecretAccessKey` passed to an environment variable or an output).
 *
 * Works on the loaded, CloudFormation-shaped documents (every format ends there), with their
 * locations; strings are read as written, intrinsics are followed only to find the literal parts.
 */
import type { DocPath, JsonObject, JsonValue, LoadedTemplate, SourceLocation } from '../../model/types.js';
import type { SecretKind } from './types.js';
import { detectSecret, redact } from './secrets.js';
import { SECRET_KEY } from '../../model/resolve.js';

export interface ConfigSecret {
  /** The resource (Terraform address or logical id), `Outputs.<name>` or `Parameters.<name>`. */
  owner: string;
  /** Where in it, in words: `UserData`, `Properties.MasterUserPassword`, `Value`. */
  property: string;
  /** The name the value is assigned to (variable in a script, property, parameter name). */
  name: string | null;
  /** `generated-secret`: a value Terraform generates or reads as a secret (`random_password.x.result`), shown in plain text. */
  kind: SecretKind | 'secret-attribute' | 'generated-secret';
  redacted: string;
  location: SourceLocation;
  /** AWS documentation example keys (`AKIAIOSFODNN7EXAMPLE`): reported, marked as possibly placeholders. */
  documentationExample?: boolean;
}

/** Property names whose value is named by a sibling (`{ Name: DB_PASSWORD, Value: ... }`, tags). */
const NAMED_BY_SIBLING = new Set(['Value', 'value']);
const SIBLING_NAMES = ['Name', 'Key', 'name', 'key'];
/** Keys whose string values are references or expressions, not values someone typed. */
const NOT_VALUES = new Set(['Ref', 'Fn::GetAtt', 'Fn::ImportValue', 'Condition', 'DependsOn', 'Type', 'Fn::FindInMap', 'Fn::If', 'Fn::Select', 'Fn::Split', 'Fn::GetAZs', 'Fn::Cidr']);
/** `NAME=value`, `export NAME=value`, `NAME: value`, `--password value` in scripts and files. */
const ASSIGNMENT = /(?:^|\s)(?:export\s+|set\s+|ENV\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=|:\s)\s*["']?([^"'\s]+)["']?/g;
const FLAG = /(?:^|\s)--?((?:[A-Za-z0-9]+[-_])*(?:pass|password|passwd|secret|token|api-?key))[=\s]+["']?([^"'\s]+)["']?/gi;
const DOC_EXAMPLES = /\b(AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYEXAMPLEKEY)\b/;

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ownerName(id: string, resource: JsonObject): string {
  const meta = resource['Metadata'];
  const named = isObject(meta) ? meta['nightlight:address'] ?? meta['nightlight:name'] : undefined;
  return typeof named === 'string' && named !== '' ? named : id;
}

/** The location of line `i` (0-based) of a multi-line string value located at `at`. */
function lineOf(t: LoadedTemplate, at: SourceLocation, value: string, i: number): SourceLocation {
  // YAML block scalars and Terraform heredocs start on the line after the indicator; JSON strings are one line.
  if (!value.includes('\n') || /\.json$/i.test(t.file)) return at;
  return { file: at.file, line: at.line + 1 + i, column: 1 };
}

export function findConfigSecrets(templates: readonly LoadedTemplate[]): ConfigSecret[] {
  const out: ConfigSecret[] = [];
  const seen = new Set<string>();
  const push = (s: ConfigSecret) => {
    const k = `${s.location.file}:${s.location.line}:${s.location.column}:${s.name ?? ''}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(s);
  };

  // Owners are named as the model names elements: qualified with the template file when two
  // stacks of the scan share the name (one finding per stack, never merged across stacks).
  const ownersOf = (t: LoadedTemplate): string[] => {
    const resources = isObject(t.body['Resources']) ? t.body['Resources'] : {};
    const outputs = isObject(t.body['Outputs']) ? Object.keys(t.body['Outputs']).map((n) => `Outputs.${n}`) : [];
    const params = isObject(t.body['Parameters']) ? Object.keys(t.body['Parameters']).map((n) => `Parameters.${n}`) : [];
    return [...new Set([...Object.entries(resources).map(([id, r]) => (isObject(r) ? ownerName(id, r) : id)), ...outputs, ...params])];
  };
  const ownerCount = new Map<string, number>();
  for (const t of templates) for (const o of ownersOf(t)) ownerCount.set(o, (ownerCount.get(o) ?? 0) + 1);

  for (const t of templates) {
    const qualified = (owner: string) => ((ownerCount.get(owner) ?? 0) > 1 ? `${t.file}#${owner}` : owner);
    const resources = isObject(t.body['Resources']) ? t.body['Resources'] : {};
    const accessKeys = new Set(Object.entries(resources).filter(([, r]) => isObject(r) && r['Type'] === 'AWS::IAM::AccessKey').map(([id]) => id));

    /** A value that is a secret by construction: an access key's secret. */
    const secretAttribute = (v: JsonValue | undefined): boolean => {
      if (!isObject(v)) return false;
      const att = v['Fn::GetAtt'];
      const parts = Array.isArray(att) ? att : typeof att === 'string' ? att.split('.') : null;
      return parts !== null && typeof parts[0] === 'string' && accessKeys.has(parts[0]) && parts[1] === 'SecretAccessKey';
    };
    /**
     * A generated secret (Terraform `random_password.x.result`, a private key, a Secrets Manager
     * secret's string, a `{{resolve:secretsmanager:…}}` reference CloudFormation replaces by the
     * value), whole or inside a joined string; only where it is shown in plain text.
     */
    const generatedSecret = (v: JsonValue | undefined, depth = 0): string | null => {
      if (depth > 12) return null;
      // CloudFormation resolves a Secrets Manager dynamic reference into the value at deploy time
      if (typeof v === 'string') return /\{\{resolve:secretsmanager:.*?\}\}/.exec(v)?.[0] ?? null;
      if (isObject(v)) {
        if (typeof v[SECRET_KEY] === 'string') return v[SECRET_KEY];
        const join = v['Fn::Join'];
        if (Array.isArray(join) && Array.isArray(join[1])) for (const x of join[1]) {
          const s = generatedSecret(x, depth + 1);
          if (s) return s;
        }
        const sub = v['Fn::Sub'];
        const text = typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
        if (typeof text === 'string') return generatedSecret(text, depth + 1);
        const b64 = v['Fn::Base64'];
        return b64 !== undefined ? generatedSecret(b64, depth + 1) : null;
      }
      return null;
    };
    const reportGenerated = (owner: string, property: string, name: string | null, v: JsonValue | undefined, path: DocPath): void => {
      const secret = generatedSecret(v);
      if (!secret || notSecretPart(secret, name)) return;
      push({ owner, property, name, kind: 'generated-secret', redacted: secret, location: t.locate(path) });
    };

    const scanString = (owner: string, propertyOf: string | (() => string), name: string | null, value: string, path: DocPath, fragment = false) => {
      // Named and located only when something is found: most strings hold nothing.
      const property = (): string => (typeof propertyOf === 'string' ? propertyOf : propertyOf());
      let located: SourceLocation | undefined;
      const at = (): SourceLocation => (located ??= t.locate(path));
      if (value.includes('\n')) {
        // A script or a file: each line on its own, with the names it assigns.
        value.split('\n').forEach((line, i) => {
          const hits: { name: string | null; value: string }[] = [];
          for (const m of line.matchAll(ASSIGNMENT)) hits.push({ name: m[1]!, value: m[2]! });
          for (const m of line.matchAll(FLAG)) hits.push({ name: m[1]!, value: m[2]! });
          hits.push({ name: null, value: line.trim() });
          for (const h of hits) {
            const found = detectSecret(h.name, h.value);
            const example = !found && DOC_EXAMPLES.exec(h.value);
            if (!found && !example) continue;
            const matched = found ? found.match : example ? example[1]! : h.value;
            const kind: SecretKind = found ? found.kind : matched.startsWith('AKIA') ? 'aws-access-key-id' : 'aws-secret-access-key';
            push({ owner, property: property(), name: h.name, kind, redacted: redact(matched), location: lineOf(t, at(), value, i), ...(example ? { documentationExample: true } : {}) });
            break;
          }
        });
        return;
      }
      // A piece of an Fn::Join is not the whole value: only a complete token format counts there.
      const found = detectSecret(fragment ? null : name, value);
      if (found && (!fragment || (found.kind !== 'password-like-value' && found.kind !== 'password'))) push({ owner, property: property(), name, kind: found.kind, redacted: redact(found.match), location: at() });
    };

    /**
     * Walks a value: literal strings (also inside Fn::Sub / Fn::Join / Fn::Base64), named by their
     * key. `path` is one array pushed and popped along the walk (every node of every template is
     * visited); what is reported takes a copy (`t.locate`, `propertyText` do not keep it).
     */
    const walk = (owner: string, v: JsonValue | undefined, path: (string | number)[], name: string | null, siblings: JsonObject | null, depth: number, fragment = false): void => {
      if (depth > 40 || v === undefined || v === null) return;
      const key = path[path.length - 1];
      if (typeof v === 'string') {
        const n = typeof key === 'string' && NAMED_BY_SIBLING.has(key) && siblings ? (SIBLING_NAMES.map((s) => siblings[s]).find((x) => typeof x === 'string') as string | undefined) ?? name : name;
        scanString(owner, () => propertyText(path), n, v, path, fragment);
        return;
      }
      if (secretAttribute(v)) {
        push({ owner, property: propertyText(path), name, kind: 'secret-attribute', redacted: 'an access key\'s SecretAccessKey', location: t.locate(path) });
        return;
      }
      if (Array.isArray(v)) {
        // The list of an Fn::Join holds pieces of one value; Fn::Sub's first element is the whole template.
        const parent = path[path.length - 1];
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          walk(owner, v[i], path, name, null, depth + 1, fragment || parent === 'Fn::Join' || (parent === 'Fn::Sub' && i > 0));
          path.pop();
        }
        return;
      }
      if (typeof v !== 'object') return;
      for (const k of Object.keys(v)) {
        if (NOT_VALUES.has(k)) continue;
        const intrinsic = k.startsWith('Fn::');
        path.push(k);
        walk(owner, v[k], path, intrinsic ? name : k, v, depth + 1, fragment);
        path.pop();
      }
    };

    for (const [id, raw] of Object.entries(resources)) {
      if (!isObject(raw) || !isObject(raw['Properties'])) continue;
      const props = raw['Properties'];
      const owner = qualified(ownerName(id, raw));
      const fn = raw['Type'] === 'AWS::Lambda::Function' || raw['Type'] === 'AWS::Serverless::Function';
      for (const [k, v] of Object.entries(props)) {
        // Function environment values are the environment rule's; only secrets by construction are added here.
        if (fn && k === 'Environment') {
          const vars = isObject(v) && isObject(v['Variables']) ? v['Variables'] : {};
          for (const [name, x] of Object.entries(vars)) {
            if (secretAttribute(x)) push({ owner, property: `Environment.Variables.${name}`, name, kind: 'secret-attribute', redacted: 'an access key\'s SecretAccessKey', location: t.locate(['Resources', id, 'Properties', 'Environment', 'Variables', name]) });
            else reportGenerated(owner, `Environment.Variables.${name}`, name, x, ['Resources', id, 'Properties', 'Environment', 'Variables', name]);
          }
          continue;
        }
        if (fn && (k === 'Code' || k === 'InlineCode')) continue; // handler code is the code rules'
        // Plain-text places for a generated secret: an SSM String parameter, user data, tags. (A
        // database password, a Secrets Manager secret or a SecureString is where it belongs.)
        const plain = (raw['Type'] === 'AWS::SSM::Parameter' && k === 'Value' && props['Type'] !== 'SecureString') || k === 'UserData' || k === 'Tags';
        if (plain) reportGenerated(owner, k, raw['Type'] === 'AWS::SSM::Parameter' && typeof props['Name'] === 'string' ? props['Name'] : k, v, ['Resources', id, 'Properties', k]);
        walk(owner, v, ['Resources', id, 'Properties', k], k, props, 0);
      }
    }
    const outputs = isObject(t.body['Outputs']) ? t.body['Outputs'] : {};
    for (const [name, o] of Object.entries(outputs)) {
      if (!isObject(o)) continue;
      walk(qualified(`Outputs.${name}`), o['Value'], ['Outputs', name, 'Value'], name, null, 0);
    }
    const params = isObject(t.body['Parameters']) ? t.body['Parameters'] : {};
    for (const [name, p] of Object.entries(params)) {
      if (!isObject(p) || typeof p['Default'] !== 'string') continue;
      scanString(qualified(`Parameters.${name}`), 'Default', name, p['Default'], ['Parameters', name, 'Default']);
    }
  }
  return out.sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.line - b.location.line || a.location.column - b.location.column));
}

/** Fields of a stored secret that are not secret themselves: a user name, a host, a port, a database name. */
const SECRET_FIELD_NOT_SECRET = /^(?:user(?:_?name)?|host(?:_?name)?|port|db_?name|database|engine|endpoint|url|db(?:instance|cluster)identifier)$/i;

/**
 * A part of a Secrets Manager secret that is not secret: `{{resolve:secretsmanager:db:SecretString:username}}`,
 * or the whole secret given to a variable named for such a part (`DB_HOST`). Generated values
 * (`random_password`) are secrets whatever they are called.
 */
function notSecretPart(secret: string, name: string | null): boolean {
  const stored = secret.startsWith('{{resolve:secretsmanager:') || /secret_string$/.test(secret);
  if (!stored) return false;
  const field = /:SecretString:([^:}]+)/.exec(secret)?.[1];
  if (field !== undefined) return SECRET_FIELD_NOT_SECRET.test(field);
  const last = name?.split(/[_.-]/).filter(Boolean).slice(-2).join('_') ?? '';
  return name !== null && (SECRET_FIELD_NOT_SECRET.test(last) || SECRET_FIELD_NOT_SECRET.test(last.split('_').at(-1) ?? '') || /(?:^|_)name$/i.test(name));
}

function propertyText(path: readonly (string | number)[]): string {
  const i = path.indexOf('Properties');
  const rest = (i >= 0 ? path.slice(i + 1) : path.slice(2)).filter((p) => typeof p === 'string' && !p.startsWith('Fn::'));
  return rest.join('.') || String(path[path.length - 1]);
}
