/**
 * The configuration file (`nightlight.config.yaml` / `.json`): its shape and strict validation.
 * Pure: a parsed document and a way to locate its keys in, a config and diagnostics out. Unknown
 * keys, wrong types and suppressions without a reason are errors naming the file and line.
 * Reading the file is `load.ts`'s job. docs/config.md documents every key.
 */
import type { Diagnostic, DocPath, JsonObject, JsonValue, SourceLocation } from '../model/types.js';
import type { ConfigSuppression } from '../model/suppressions.js';
import type { Severity } from '../model/findings.js';
import { SEVERITIES } from '../model/findings.js';
import type { CostAssumptionsInput } from '../analyses/cost/types.js';
import type { PriceKey } from '../analyses/cost/prices.js';
import { matchName } from '../model/glob.js';
import { MAX_PATTERN_LENGTH, type OwnerRule } from '../model/owners.js';
import { PROFILES, type Profile } from '../engine/types.js';

export const CONFIG_FILE_NAMES = ['nightlight.config.yaml', 'nightlight.config.yml', 'nightlight.config.json'] as const;

export type RuleLevel = 'off' | Severity;
export const RULE_LEVELS: readonly RuleLevel[] = ['off', ...SEVERITIES];

/** A `suppress:` entry: findings of `rule` (optionally one key) on resources matching `resource`. */
export interface NightlightConfig {
  /** The config file, as found (relative to the scanned root when found there). */
  file: string | null;
  rules: Record<string, RuleLevel>;
  parameters: Record<string, string>;
  stage?: string;
  region?: string;
  cost: CostAssumptionsInput;
  /** Path globs (relative to the scanned root) whose files are not scanned. */
  ignore: string[];
  suppress: ConfigSuppression[];
  /** Folder of OSV advisory records, relative to the config file (docs/advisories.md). */
  advisories?: string;
  /** What the reports show (`report:`): the same filters as the command line's, and `quiet`. */
  report: ReportConfig;
  /** `false` turns off the cache of incremental runs (`.nightlight/cache/`; like `--no-cache`). */
  cache?: boolean;
  /** `owners:` path pattern → owners, in file order (the last match wins; docs/owners.md). Absent when not set. */
  owners?: OwnerRule[];
  /** Which rules run (`--profile`): security (default), hardening, all. */
  profile?: Profile;
  /** `true`: exit 3 when input was dropped or refused (like `--fail-on-incomplete`). */
  failOnIncomplete?: boolean;
}

export interface ReportConfig {
  minSeverity?: Severity;
  rules?: string[];
  skipRules?: string[];
  categories?: string[];
  quiet?: boolean;
}

export function emptyConfig(): NightlightConfig {
  return { file: null, rules: {}, parameters: {}, cost: {}, ignore: [], suppress: [], report: {} };
}

export interface ValidateOptions {
  /** Known rule ids; a `rules:` or `suppress:` entry naming another id is an error. Unchecked when absent. */
  ruleIds?: readonly string[];
}

export type Locate = (path: DocPath) => SourceLocation;

const PRICE_KEYS: readonly PriceKey[] = [
  'lambda.request',
  'lambda.duration.x86_64',
  'lambda.duration.arm64',
  'apigateway.rest.request',
  'apigateway.http.request',
  'apigateway.websocket.message',
  'apigateway.websocket.connectionMinute',
  'sqs.standard.request',
  'sqs.fifo.request',
  'sns.publish',
  'sns.httpDelivery',
  'eventbridge.event',
  'stepfunctions.standard.transition',
  'stepfunctions.express.request',
  'logs.ingestion',
  'dataTransferOut',
  'waf.request',
  'appsync.request',
];

type CostNumberKey = 'accountConcurrency' | 'apiGatewayAccountRps' | 'budgetUsdPerDay' | 'logBytesPerInvocation' | 'egressBytesPerRequest' | 'typicalDurationMs' | 'fanOutPerHop' | 'sqsMaxReceiveCount' | 'stateTransitionsPerExecution';
const COST_NUMBERS: readonly CostNumberKey[] = ['accountConcurrency', 'apiGatewayAccountRps', 'budgetUsdPerDay', 'logBytesPerInvocation', 'egressBytesPerRequest', 'typicalDurationMs', 'fanOutPerHop', 'sqsMaxReceiveCount', 'stateTransitionsPerExecution'];
const COST_KEYS = [...COST_NUMBERS, 'region', 'attackerHoldsToTimeout', 'durationMs', 'prices'];
const TOP_KEYS = ['rules', 'parameters', 'stage', 'region', 'cost', 'ignore', 'suppress', 'advisories', 'report', 'cache', 'owners', 'profile', 'failOnIncomplete'];
const REPORT_KEYS = ['minSeverity', 'rules', 'skipRules', 'categories', 'quiet'];
const SUPPRESS_KEYS = ['rule', 'key', 'resource', 'reason'];

/** `rule-id[key]` → { rule, key }. */
export function splitRuleKey(spec: string): { rule: string; key?: string } {
  const m = /^([^[\]\s]+)\[(.*)\]$/.exec(spec.trim());
  return m ? { rule: m[1]!, key: m[2]! } : { rule: spec.trim() };
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v}`;
}

export function validateConfig(value: JsonValue | undefined, file: string, locate: Locate, options: ValidateOptions = {}): { config: NightlightConfig; diagnostics: Diagnostic[] } {
  const config = emptyConfig();
  config.file = file;
  const diagnostics: Diagnostic[] = [];
  const error = (path: DocPath, message: string) => {
    const loc = locate(path);
    diagnostics.push({ level: 'error', code: 'config-invalid', message: `${loc.file}:${loc.line}:${loc.column}: ${message}`, location: loc });
  };
  const where = (path: DocPath) => path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
  const unknownKeys = (obj: JsonObject, path: DocPath, allowed: readonly string[], alsoAllowed: readonly string[] = []) => {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k) && !alsoAllowed.includes(k)) {
        const at = path.length ? ` in ${where(path)}` : '';
        error([...path, k], `unknown key "${k}"${at}; expected one of ${allowed.join(', ')}`);
      }
    }
  };
  const knownRule = (id: string) => !options.ruleIds || options.ruleIds.includes(id);

  if (value === undefined || value === null) return { config, diagnostics };
  if (!isObject(value)) {
    error([], `the configuration must be a mapping, not ${typeName(value)}`);
    return { config, diagnostics };
  }
  unknownKeys(value, [], TOP_KEYS);

  const rules = value['rules'];
  if (rules !== undefined && rules !== null) {
    if (!isObject(rules)) error(['rules'], `rules must be a mapping of rule id to ${RULE_LEVELS.join(' | ')}, not ${typeName(rules)}`);
    else {
      for (const [id, level] of Object.entries(rules)) {
        if (!knownRule(id)) error(['rules', id], `unknown rule "${id}" (see nightlight rules)`);
        else if (typeof level !== 'string' || !(RULE_LEVELS as readonly string[]).includes(level)) error(['rules', id], `rule level for ${id} must be one of ${RULE_LEVELS.join(', ')}, not ${JSON.stringify(level)}`);
        else config.rules[id] = level as RuleLevel;
      }
    }
  }

  const params = value['parameters'];
  if (params !== undefined && params !== null) {
    if (!isObject(params)) error(['parameters'], `parameters must be a mapping of parameter name to value, not ${typeName(params)}`);
    else
      for (const [k, v] of Object.entries(params)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') config.parameters[k] = String(v);
        else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) config.parameters[k] = v.join(',');
        else error(['parameters', k], `parameter ${k} must be a string, a number or a list, not ${typeName(v)}`);
      }
  }

  for (const key of ['stage', 'region'] as const) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || v.trim() === '') error([key], `${key} must be a non-empty string, not ${typeName(v)}`);
    else config[key] = v;
  }

  const profile = value['profile'];
  if (profile !== undefined && profile !== null) {
    if (typeof profile !== 'string' || !(PROFILES as readonly string[]).includes(profile)) error(['profile'], `profile must be one of ${PROFILES.join(', ')}, not ${JSON.stringify(profile)}`);
    else config.profile = profile as Profile;
  }
  const cache = value['cache'];
  if (cache !== undefined && cache !== null) {
    if (typeof cache !== 'boolean') error(['cache'], `cache must be true or false, not ${typeName(cache)}`);
    else config.cache = cache;
  }
  const failOnIncomplete = value['failOnIncomplete'];
  if (failOnIncomplete !== undefined && failOnIncomplete !== null) {
    if (typeof failOnIncomplete !== 'boolean') error(['failOnIncomplete'], `failOnIncomplete must be true or false, not ${typeName(failOnIncomplete)}`);
    else config.failOnIncomplete = failOnIncomplete;
  }
  const advisories = value['advisories'];
  if (advisories !== undefined && advisories !== null) {
    if (typeof advisories !== 'string' || advisories.trim() === '') error(['advisories'], `advisories must be a folder path (OSV records), not ${typeName(advisories)}`);
    else config.advisories = advisories.trim();
  }

  const cost = value['cost'];
  if (cost !== undefined && cost !== null) {
    if (!isObject(cost)) error(['cost'], `cost must be a mapping of assumptions, not ${typeName(cost)}`);
    else {
      unknownKeys(cost, ['cost'], COST_KEYS);
      for (const k of COST_NUMBERS) {
        const v = cost[k];
        if (v === undefined) continue;
        if (v === null && (k === 'apiGatewayAccountRps' || k === 'sqsMaxReceiveCount')) config.cost[k] = null;
        else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) error(['cost', k], `cost.${k} must be a number ≥ 0, not ${JSON.stringify(v)}`);
        else config.cost[k] = v;
      }
      const region = cost['region'];
      if (region !== undefined) {
        if (typeof region !== 'string' || region === '') error(['cost', 'region'], `cost.region must be a Region name such as us-east-1`);
        else config.cost.region = region;
      }
      const hold = cost['attackerHoldsToTimeout'];
      if (hold !== undefined) {
        if (typeof hold !== 'boolean') error(['cost', 'attackerHoldsToTimeout'], `cost.attackerHoldsToTimeout must be true or false`);
        else config.cost.attackerHoldsToTimeout = hold;
      }
      const duration = cost['durationMs'];
      if (duration !== undefined) {
        if (!isObject(duration)) error(['cost', 'durationMs'], `cost.durationMs must be a mapping of function id to milliseconds`);
        else {
          const out: Record<string, number> = {};
          for (const [fn, ms] of Object.entries(duration)) {
            if (typeof ms !== 'number' || !(ms > 0)) error(['cost', 'durationMs', fn], `cost.durationMs.${fn} must be a positive number of milliseconds`);
            else out[fn] = ms;
          }
          config.cost.durationMs = out;
        }
      }
      const prices = cost['prices'];
      if (prices !== undefined) {
        if (!isObject(prices)) error(['cost', 'prices'], `cost.prices must be a mapping of price key to USD per unit`);
        else {
          const out: Partial<Record<PriceKey, number>> = {};
          for (const [k, usd] of Object.entries(prices)) {
            if (!(PRICE_KEYS as readonly string[]).includes(k)) error(['cost', 'prices', k], `unknown price key "${k}" in cost.prices; expected one of ${PRICE_KEYS.join(', ')}`);
            else if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) error(['cost', 'prices', k], `cost.prices.${k} must be a number ≥ 0 (USD per unit)`);
            else out[k as PriceKey] = usd;
          }
          config.cost.prices = out;
        }
      }
    }
  }

  const report = value['report'];
  if (report !== undefined && report !== null) {
    if (!isObject(report)) error(['report'], `report must be a mapping (${REPORT_KEYS.join(', ')}), not ${typeName(report)}`);
    else {
      unknownKeys(report, ['report'], REPORT_KEYS);
      const min = report['minSeverity'];
      if (min !== undefined && min !== null) {
        if (typeof min !== 'string' || !(SEVERITIES as readonly string[]).includes(min)) error(['report', 'minSeverity'], `report.minSeverity must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(min)}`);
        else config.report.minSeverity = min as Severity;
      }
      for (const key of ['rules', 'skipRules', 'categories'] as const) {
        const v = report[key];
        if (v === undefined || v === null) continue;
        const list = typeof v === 'string' ? [v] : v;
        if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' && x.trim() !== '')) {
          error(['report', key], `report.${key} must be a list of ${key === 'categories' ? 'categories' : 'rule id globs'}, not ${typeName(v)}`);
          continue;
        }
        const names = (list as string[]).map((x) => x.trim());
        if (key !== 'categories') names.forEach((g, i) => {
          if (options.ruleIds && !options.ruleIds.some((id) => matchName(g, id))) error(['report', key, ...(Array.isArray(v) ? [i] : [])], `report.${key}: ${g} matches no rule (see nightlight rules)`);
        });
        config.report[key] = names;
      }
      const quiet = report['quiet'];
      if (quiet !== undefined && quiet !== null) {
        if (typeof quiet !== 'boolean') error(['report', 'quiet'], `report.quiet must be true or false`);
        else config.report.quiet = quiet;
      }
    }
  }

  const owners = value['owners'];
  if (owners !== undefined && owners !== null) {
    if (!isObject(owners)) error(['owners'], `owners must be a mapping of path patterns to owners (\`services/billing/**: "@org/billing"\`), not ${typeName(owners)}`);
    else {
      const rules: OwnerRule[] = [];
      for (const [pattern, who] of Object.entries(owners)) {
        const list = typeof who === 'string' ? [who] : Array.isArray(who) && who.every((w) => typeof w === 'string') ? (who as string[]) : null;
        const names = (list ?? []).map((w) => w.trim()).filter((w) => w !== '');
        if (pattern.trim() === '' || pattern.length > MAX_PATTERN_LENGTH) error(['owners', pattern], `owners keys must be path patterns of 1 to ${MAX_PATTERN_LENGTH} characters`);
        else if (names.length === 0) error(['owners', pattern], `owners.${pattern} must be an owner or a list of owners, not ${typeName(who)}`);
        else rules.push({ pattern: pattern.trim(), owners: names, section: '', location: locate(['owners', pattern]) });
      }
      config.owners = rules;
    }
  }

  const ignore = value['ignore'];
  if (ignore !== undefined && ignore !== null) {
    const list = typeof ignore === 'string' ? [ignore] : ignore;
    if (!Array.isArray(list)) error(['ignore'], `ignore must be a list of path globs, not ${typeName(ignore)}`);
    else
      list.forEach((g, i) => {
        if (typeof g !== 'string' || g.trim() === '') error(['ignore', i], `ignore entries must be non-empty path globs`);
        else config.ignore.push(g.trim());
      });
  }

  const suppress = value['suppress'];
  if (suppress !== undefined && suppress !== null) {
    if (!Array.isArray(suppress)) error(['suppress'], `suppress must be a list of { rule, resource, reason }, not ${typeName(suppress)}`);
    else
      suppress.forEach((entry, i) => {
        const path = ['suppress', i];
        if (!isObject(entry)) {
          error(path, `suppress entries must be mappings { rule, resource, reason }, not ${typeName(entry)}`);
          return;
        }
        unknownKeys(entry, path, SUPPRESS_KEYS);
        const ruleSpec = entry['rule'];
        if (typeof ruleSpec !== 'string' || ruleSpec.trim() === '') {
          error(path, `suppress entry has no rule`);
          return;
        }
        const { rule, key: specKey } = splitRuleKey(ruleSpec);
        if (!rule.includes('*') && !knownRule(rule)) {
          error([...path, 'rule'], `unknown rule "${rule}" (see nightlight rules)`);
          return;
        }
        const resource = entry['resource'];
        if (resource !== undefined && (typeof resource !== 'string' || resource === '')) {
          error([...path, 'resource'], `suppress[${i}].resource must be a resource glob`);
          return;
        }
        const key = entry['key'];
        if (key !== undefined && typeof key !== 'string') {
          error([...path, 'key'], `suppress[${i}].key must be a string`);
          return;
        }
        const reason = typeof entry['reason'] === 'string' && entry['reason'].trim() !== '' ? entry['reason'].trim() : null;
        const s: ConfigSuppression = { rule, resource: typeof resource === 'string' ? resource : '*', reason, location: locate(path) };
        const k = typeof key === 'string' ? key : specKey;
        if (k !== undefined) s.key = k;
        if (reason === null) error(path, `suppression of ${rule} has no reason; add "reason: <why this is acceptable>" (it suppresses nothing until then)`);
        config.suppress.push(s);
      });
  }
  diagnostics.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
  return { config, diagnostics };
}

/** The commented starter config that `nightlight init` writes. */
export function starterConfig(ruleIds: readonly string[]): string {
  const example = ruleIds[0] ?? 'surface/no-api-key-only-auth';
  return `# nightlight configuration — docs/config.md lists every key.
# Unknown keys are errors, so a typo never silently does nothing.

# Rule levels: off, or a severity (critical, high, medium, low, info) that replaces the rule's own.
rules: {}
#  ${example}: medium

# CloudFormation parameter values (like --param Key=Value; the command line wins).
parameters: {}
#  Stage: prod

# Serverless Framework stage (like --stage).
# stage: dev

# AWS Region used for ARNs and prices (like --region).
# region: us-east-1

# Folder of OSV advisory records for code/no-vulnerable-dependency (like --advisories;
# default .nightlight/advisories/ under the scanned folder; docs/advisories.md).
# advisories: .nightlight/advisories

# Cache of incremental runs in .nightlight/cache/ (like --no-cache when false).
# cache: true

# Exit 3 when input was dropped or refused: a file refused, a definition or handler not parsed,
# a budget hit (like --fail-on-incomplete).
# failOnIncomplete: false

# Denial-of-wallet assumptions (docs/cost-model.md).
cost: {}
#  accountConcurrency: 1000     # Lambda concurrent executions quota of the account
#  budgetUsdPerDay: 100         # what a day of attack may cost before it is critical
#  prices:
#    lambda.request: 0.0000002

# Paths (globs, relative to this file's folder) that are not scanned.
ignore: []
#  - examples/**
#  - "**/*.test.yaml"

# Owners by path (CODEOWNERS patterns, relative to the scanned folder; the last match wins and
# outranks CODEOWNERS; docs/owners.md). Edges between owners are reported as trust boundaries.
# owners:
#   services/billing/**: "@org/billing"

# Accepted findings, each with a reason (required). rule may name one key: rule-id[key].
suppress: []
#  - rule: ${example}
#    resource: LegacyApi*
#    reason: internal API reachable only through the VPN; replaced in Q3
`;
}
