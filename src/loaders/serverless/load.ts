/**
 * Serverless Framework service files (serverless.yml / .yaml / .json) into the CloudFormation that
 * `serverless package` (v3 and v4) would produce, as a LoadedTemplate with `format: 'serverless'`
 * whose locations point back at serverless.yml. Nothing of the project is executed: a
 * serverless.ts/.js is only read through an already-compiled `.serverless/` template beside it.
 * A service of Google Cloud or Azure (`provider: google` / `azure`) is read by clouds.ts instead.
 */
import { existsSync } from 'node:fs';
import { dirname, join as joinPath, resolve } from 'node:path';
import type { Diagnostic, JsonObject, JsonValue, LoadedTemplate } from '../../model/types.js';
import { parseJson, parseYaml, type ParseLimits } from '../cloudformation/parse.js';
import { readText, toPosix, type Candidate, type ScanRoot } from '../files.js';
import { loadOtherCloud } from './clouds.js';
import { compile } from './compile.js';
import { asObject, asString, Compilation, isObject } from './context.js';
import { SourceMap, VariableResolver, hasUnresolvedMarker } from './variables.js';

export interface ServerlessLoadOptions {
  stage?: string;
  region?: string;
  params: Record<string, string>;
  allowEnv: boolean;
  /** The scanned directory (absolute or relative to the working directory). */
  root: string;
  files: ScanRoot;
  parse: ParseLimits;
  /**
   * 'apply' (default): emulate the plugins nightlight knows (serverless-iam-roles-per-function).
   * 'ignore': compile as if `plugins:` were absent.
   */
  plugins?: 'apply' | 'ignore';
  /** Environment for `${env:}` when allowEnv is set; defaults to process.env. */
  env?: Record<string, string | undefined>;
}

/** Plugins that only package, bundle, emulate locally or tidy up: they do not change what is deployed. */
export const HARMLESS_PLUGINS = new Set([
  'serverless-offline',
  'serverless-webpack',
  'serverless-esbuild',
  'serverless-python-requirements',
  'serverless-prune-plugin',
  'serverless-plugin-typescript',
  'serverless-bundle',
  'serverless-jetpack',
  'serverless-plugin-include-dependencies',
  'serverless-plugin-optimize',
  'serverless-dynamodb-local',
  'serverless-dynamodb',
  'serverless-s3-local',
  'serverless-offline-sns',
  'serverless-offline-sqs',
  'serverless-dotenv-plugin',
  'serverless-wsgi',
  'serverless-rust',
  'serverless-ruby-layer',
  'serverless-stack-output',
  'serverless-plugin-scripts',
  'serverless-scriptable-plugin',
  'serverless-iam-roles-per-function', // emulated
  'serverless-plugin-monorepo',
  'serverless-go-build',
  'serverless-dotnet',
  'serverless-finch',
  'serverless-manifest-plugin',
]);

/** Serverless Framework providers of other clouds, by `provider.name`. */
/** Serverless Framework providers of the other clouds nightlight reads (clouds.ts), by `provider.name`. */
const OTHER_CLOUDS: Readonly<Record<string, 'google' | 'azure'>> = { google: 'google', azure: 'azure' };

const COMPILED_TEMPLATE = joinPath('.serverless', 'cloudformation-template-update-stack.json');

export function loadServerless(candidate: Candidate, options: ServerlessLoadOptions, diagnostics: Diagnostic[]): LoadedTemplate | null {
  try {
    return load(candidate, options, diagnostics);
  } catch (err) {
    diagnostics.push({
      level: 'error',
      code: 'internal-error',
      message: `${candidate.file}: the Serverless Framework loader failed (${(err as Error).message}); the file is skipped`,
      location: { file: candidate.file, line: 1, column: 1 },
    });
    return null;
  }
}

function load(candidate: Candidate, options: ServerlessLoadOptions, diagnostics: Diagnostic[]): LoadedTemplate | null {
  if (/\.(c|m)?(ts|js)$/i.test(candidate.file)) return loadCompiled(candidate, options, diagnostics);
  const text = readText(candidate.abs, candidate.file, options.files, diagnostics);
  if (text === null) return null;
  const isJson = /\.json$/i.test(candidate.file);
  const parsed = isJson ? parseJson(text.text, candidate.file, options.parse) : parseYaml(text.text, candidate.file, options.parse);
  diagnostics.push(...parsed.diagnostics);
  const raw = parsed.value;
  if (!isObject(raw)) {
    if (parsed.diagnostics.every((d) => d.level !== 'error')) {
      diagnostics.push({ level: 'warning', code: 'not-a-serverless-config', message: `${candidate.file}: not a Serverless Framework service (not a mapping); skipped`, location: { file: candidate.file, line: 1, column: 1 } });
    }
    return null;
  }
  const file = candidate.file;
  const at = (path: (string | number)[]) => parsed.locations.locate(path);

  // Provider: only AWS is compiled.
  const providerRaw = raw['provider'];
  const providerName = typeof providerRaw === 'string' ? providerRaw : asString(asObject(providerRaw)?.['name']);
  if (providerRaw === undefined && raw['service'] === undefined) {
    if (parsed.diagnostics.some((d) => d.level === 'error')) return null;
    diagnostics.push({ level: 'warning', code: 'not-a-serverless-config', message: `${file}: has neither service nor provider; not a Serverless Framework service; skipped`, location: at([]) });
    return null;
  }
  const otherCloud = providerName === undefined ? undefined : OTHER_CLOUDS[providerName.toLowerCase()];
  if (providerName !== 'aws' && providerName !== undefined && otherCloud === undefined) {
    // Another provider's service (Tencent, Alibaba, Knative, …): not read, and said so.
    const loc = at(['provider', 'name']);
    diagnostics.push({
      level: 'warning',
      code: 'definition-not-read',
      message: `${file}:${loc.line}: looks like a Serverless Framework service for provider '${providerName}', which nightlight does not read yet: the functions and entry points it defines are not analysed`,
      location: { ...loc, file },
    });
    return null;
  }
  if (providerName !== 'aws' && otherCloud === undefined) {
    const loc = at(['provider', 'name']);
    diagnostics.push({
      level: 'info',
      code: 'provider-not-supported',
      message: `${file}:${loc.line}: provider '${providerName ?? '(none)'}' is not supported (only aws is analysed); skipped`,
      location: loc,
    });
    return null;
  }

  // Plugins (of an AWS service; another cloud's service is read as its provider plugin deploys it)
  const plugins = otherCloud ? [] : pluginNames(raw['plugins']);
  // serverless-apigateway-service-proxy: API routes straight to SQS, SNS, S3, Kinesis, DynamoDB or
  // EventBridge, declared under custom.apiGatewayServiceProxies and compiled by the plugin only.
  const proxies = (raw['custom'] as JsonObject | undefined)?.['apiGatewayServiceProxies'];
  if (plugins.includes('serverless-apigateway-service-proxy') && proxies !== undefined && options.plugins !== 'ignore') {
    const loc = at(['custom', 'apiGatewayServiceProxies']);
    diagnostics.push({
      level: 'warning',
      code: 'sls-service-proxy-not-read',
      message: `${file}:${loc.line}: the routes of serverless-apigateway-service-proxy (custom.apiGatewayServiceProxies) are not read: their auth, and the queues, topics, buckets and streams they write to (and the functions those run), are not on the attack surface`,
      location: loc,
    });
  }
  const unknown = plugins.filter((p) => !HARMLESS_PLUGINS.has(p) && !(p === 'serverless-apigateway-service-proxy' && proxies !== undefined));
  if (unknown.length > 0 && options.plugins !== 'ignore') {
    const loc = at(['plugins']);
    diagnostics.push({
      level: 'warning',
      code: 'sls-plugin-unknown',
      message: `${file}:${loc.line}: plugin${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} may add or change resources, permissions or endpoints that nightlight does not see`,
      location: loc,
    });
  }

  // Variables
  const sourceMap = new SourceMap(parsed.locations);
  const absFile = resolve(candidate.abs);
  const resolver = new VariableResolver(
    raw,
    sourceMap,
    {
      ...(options.stage !== undefined ? { stage: options.stage } : {}),
      ...(options.region !== undefined ? { region: options.region } : {}),
      params: options.params,
      allowEnv: options.allowEnv,
      ...(options.env !== undefined ? { env: options.env } : {}),
      root: resolve(options.root),
      configDir: dirname(absFile),
      files: options.files,
      parse: options.parse,
    },
    diagnostics,
  );
  const cfg = resolver.resolveAll();
  const serviceValue = cfg['service'];
  let service = typeof serviceValue === 'string' ? serviceValue : asString(asObject(serviceValue)?.['name']) ?? '';
  if (service === '' || hasUnresolvedMarker(service)) {
    diagnostics.push({ level: 'warning', code: 'sls-service-name', message: `${file}: the service name is ${service === '' ? 'missing' : 'unresolved'}; 'service' is used in generated names`, location: at(['service']) });
    if (service === '') service = 'service';
  }
  if (typeof cfg['provider'] === 'string') cfg['provider'] = { name: 'aws' };
  if (otherCloud) return loadOtherCloud(otherCloud, { file, cfg, service, stage: resolver.stage, sourceMap, files: options.files, diagnostics });

  const c = new Compilation(cfg, file, service, resolver.stage, resolver.region, sourceMap, diagnostics, frameworkMajor(cfg['frameworkVersion']));
  compile(c, { applyPlugins: options.plugins !== 'ignore', declaredPlugins: plugins });

  const body: JsonObject = { AWSTemplateFormatVersion: '2010-09-09', Description: 'The AWS CloudFormation template for this Serverless application' };
  for (const [k, v] of Object.entries(c.sections)) body[k] = v;
  body['Resources'] = c.resources;
  if (Object.keys(c.outputs).length > 0) body['Outputs'] = c.outputs;
  const region = resolver.region;
  const includes = resolver.includedFiles();
  return { file, format: 'serverless', body, locate: (path) => c.locate(path), ...(hasUnresolvedMarker(region) ? {} : { region }), ...(includes.length ? { includes } : {}) };
}

function pluginNames(v: JsonValue | undefined): string[] {
  const list = Array.isArray(v) ? v : isObject(v) && Array.isArray(v['modules']) ? v['modules'] : [];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
}

function frameworkMajor(v: JsonValue | undefined): number {
  if (typeof v === 'number') return Math.floor(v);
  if (typeof v !== 'string') return 4;
  const m = /(\d+)/.exec(v);
  return m ? Number(m[1]) : 4;
}

/** serverless.ts / serverless.js: only an already-compiled template beside it is read. */
function loadCompiled(candidate: Candidate, options: ServerlessLoadOptions, diagnostics: Diagnostic[]): LoadedTemplate | null {
  const compiledAbs = joinPath(dirname(candidate.abs), COMPILED_TEMPLATE);
  const compiledRel = toPosix(joinPath(dirname(candidate.file), COMPILED_TEMPLATE));
  if (!existsSync(compiledAbs)) {
    diagnostics.push({
      level: 'warning',
      code: 'sls-code-config',
      message: `${candidate.file}: a service defined in code is not executed; run \`serverless package\` to produce ${compiledRel} for nightlight to read`,
      location: { file: candidate.file, line: 1, column: 1 },
    });
    return null;
  }
  const text = readText(compiledAbs, compiledRel, options.files, diagnostics);
  if (text === null) return null;
  const parsed = parseJson(text.text, compiledRel, options.parse);
  diagnostics.push(...parsed.diagnostics);
  if (!isObject(parsed.value)) return null;
  diagnostics.push({
    level: 'info',
    code: 'sls-compiled-template',
    message: `${candidate.file}: read the compiled template ${compiledRel} (it may be older than the service definition)`,
    location: { file: candidate.file, line: 1, column: 1 },
  });
  const locations = parsed.locations;
  return { file: candidate.file, format: 'serverless', body: parsed.value, locate: (path) => locations.locate(path) };
}
