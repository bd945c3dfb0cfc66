/**
 * CloudFormation and SAM templates (YAML or JSON) into LoadedTemplates.
 */
import { loadArmTemplate, looksLikeArmTemplate } from '../arm/load.js';
import type { Diagnostic, InputFormat, JsonObject, LoadedTemplate } from '../../model/types.js';
import { readText, type Candidate, type ScanRoot, type TextFile } from '../files.js';
import { LocationTable, parseJson, parseYaml, type LocationData, type ParsedDocument, type ParseLimits } from './parse.js';
import type { ScanCache } from '../cache.js';
import type { ParsedData } from '../pool.js';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

export interface LoadOptions {
  files: ScanRoot;
  parse: ParseLimits;
  /** The on-disk cache of incremental runs: parsed documents keyed by path, text and limits. */
  cache?: ScanCache | null;
}

interface CachedParse {
  value: ParsedDocument['value'];
  locations: LocationData;
  diagnostics: Diagnostic[];
}

function isCachedValue(v: unknown, file: string): v is CachedParse {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<CachedParse>;
  return typeof c.locations === 'object' && c.locations !== null && c.locations.file === file && Array.isArray(c.locations.table) && Array.isArray(c.locations.floats) && Array.isArray(c.diagnostics) && 'value' in c;
}

/** The parts the cache of incremental runs keys a parsed template by. */
function cacheParts(text: string, file: string, isJson: boolean, limits: ParseLimits): string[] {
  return [isJson ? 'json' : 'yaml', file, JSON.stringify(limits), text];
}

/**
 * Parses a template's text, through the cache when there is one. `parsed`: the same text already
 * parsed by the worker pool (src/loaders/pool.ts), used in place of parsing here.
 */
function parseTemplate(text: string, file: string, isJson: boolean, options: LoadOptions, parsed: ParsedData | null = null): ParsedDocument {
  const parse = (): ParsedDocument =>
    parsed !== null
      ? { value: parsed.value, locations: LocationTable.fromData(parsed.locations), diagnostics: parsed.diagnostics }
      : isJson
        ? parseJson(text, file, options.parse)
        : parseYaml(text, file, options.parse);
  if (!options.cache) return parse();
  const parts = cacheParts(text, file, isJson, options.parse);
  const cached = options.cache.get('template', parts, (v): v is CachedParse => isCachedValue(v, file));
  if (cached !== undefined) return { value: cached.value, locations: LocationTable.fromData(cached.locations), diagnostics: cached.diagnostics };
  const fresh = parse();
  options.cache.set('template', parts, { value: fresh.value, locations: fresh.locations.toData(), diagnostics: fresh.diagnostics } satisfies CachedParse);
  return fresh;
}

/** Quick text test for files whose name does not say "template": is this worth parsing? */
export function looksLikeCloudFormation(text: string): boolean {
  return /AWSTemplateFormatVersion|AWS::Serverless-2016-10-31/.test(text) || (/["']?Resources["']?\s*:/.test(text) && /["']?Type["']?\s*:\s*["']?(AWS|Custom|Alexa)::/.test(text));
}

export function isTemplateBody(value: unknown): value is JsonObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as JsonObject;
  if (typeof v['AWSTemplateFormatVersion'] === 'string' || v['AWSTemplateFormatVersion'] instanceof Date) return true;
  const res = v['Resources'];
  if (!res || typeof res !== 'object' || Array.isArray(res)) return false;
  return Object.values(res).some((r) => r && typeof r === 'object' && !Array.isArray(r) && typeof (r as JsonObject)['Type'] === 'string');
}

/** A SAM template without a `Resources` section: the SAM transform, or SAM resources under a misspelt section name. */
export function isSamWithoutResources(value: unknown): value is JsonObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as JsonObject;
  if (v['Resources'] !== undefined) return false;
  if (hasSamTransform(v)) return true;
  const isMap = (x: unknown): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x);
  return Object.values(v).some((section) => isMap(section) && Object.values(section).some((r) => isMap(r) && typeof r['Type'] === 'string' && (r['Type'] as string).startsWith('AWS::Serverless::')));
}

export function hasServerlessResources(body: JsonObject): boolean {
  const res = body['Resources'];
  if (!res || typeof res !== 'object' || Array.isArray(res)) return false;
  return Object.values(res).some((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && typeof (r as JsonObject)['Type'] === 'string' && ((r as JsonObject)['Type'] as string).startsWith('AWS::Serverless::'));
}

export function hasSamTransform(body: JsonObject): boolean {
  const t = body['Transform'];
  const list = Array.isArray(t) ? t : [t];
  return list.some((x) => x === SAM_TRANSFORM || (x && typeof x === 'object' && !Array.isArray(x) && (x as JsonObject)['Name'] === SAM_TRANSFORM));
}

/** A candidate's text as read (with the read's diagnostics), whether it is parsed and how, and its parse when done ahead. */
export interface PreparedCandidate {
  text: TextFile | null;
  local: Diagnostic[];
  /** JSON or YAML syntax; null when the file is not parsed (unreadable, or not CloudFormation-looking). */
  isJson: boolean | null;
  parsed: ParsedData | null;
}

/** Reads a candidate and decides whether and how it is parsed (the first half of loadCloudFormation). */
export function prepareCloudFormation(c: Candidate, options: LoadOptions): PreparedCandidate {
  const local: Diagnostic[] = [];
  const text = readText(c.abs, c.file, options.files, local);
  if (text === null || (!c.named && !looksLikeCloudFormation(text.text))) return { text, local, isJson: null, parsed: null };
  // A .yaml file is YAML even when it opens with a flow collection; other names go by the first character.
  const isJson = /\.json$/i.test(c.file) || (!/\.ya?ml$/i.test(c.file) && /^\s*[{[]/.test(text.text));
  return { text, local, isJson, parsed: null };
}

/** Whether the cache of incremental runs holds this prepared candidate's parse (then no thread needs to parse it). */
export function isCachedParse(c: Candidate, prepared: PreparedCandidate, options: LoadOptions): boolean {
  return !!options.cache && prepared.text !== null && prepared.isJson !== null && options.cache.has('template', cacheParts(prepared.text.text, c.file, prepared.isJson, options.parse));
}

/**
 * Loads one candidate. Returns null (with diagnostics when the file was meant to be a template)
 * when the file is not a CloudFormation template. `prepared`: the candidate already read (and
 * perhaps parsed) by the worker pool's first pass.
 */
export function loadCloudFormation(c: Candidate, options: LoadOptions, diagnostics: Diagnostic[], prepared: PreparedCandidate = prepareCloudFormation(c, options)): LoadedTemplate | null {
  const { text, local, isJson } = prepared;
  if (text === null) {
    // Unnamed files that could not be read are only reported when they looked like templates by name.
    if (c.named || local.some((d) => d.code === 'file-too-large' || d.code === 'binary-file' || d.code === 'invalid-utf8')) {
      if (c.named || /\.(ya?ml|template)$/i.test(c.file) || local.some((d) => d.code === 'file-too-large')) diagnostics.push(...local);
    }
    return null;
  }
  // Azure Resource Manager templates: read into the same model (loaders/arm/load.ts)
  if (/\.json$/i.test(c.file) && looksLikeArmTemplate(text.text)) return loadArmTemplate(c.file, text.text, options.files, options.parse, diagnostics);
  if (isJson === null) return null;
  const parsed = parseTemplate(text.text, c.file, isJson, options, prepared.parsed);
  const body = parsed.value;
  if (!isTemplateBody(body) && c.named && isSamWithoutResources(body)) {
    // SAM's to report ("'Resources' section is required"), not a file to skip.
    diagnostics.push(...parsed.diagnostics);
    const locations = parsed.locations;
    return { file: c.file, format: 'sam', body, locate: (path) => locations.locate(path), writtenAsFloat: (path) => locations.isFloatLiteral(path) };
  }
  if (!isTemplateBody(body)) {
    if (c.named || parsed.diagnostics.some((d) => d.level === 'error')) {
      diagnostics.push(...parsed.diagnostics);
      if (parsed.diagnostics.every((d) => d.level !== 'error')) {
        diagnostics.push({ level: 'warning', code: 'not-a-template', message: `${c.file}: not a CloudFormation template (no Resources with a Type); skipped`, location: { file: c.file, line: 1, column: 1 } });
      }
    }
    return null;
  }
  diagnostics.push(...parsed.diagnostics);
  const samResources = hasServerlessResources(body);
  const format: InputFormat = hasSamTransform(body) || samResources ? 'sam' : 'cloudformation';
  if (samResources && !hasSamTransform(body)) {
    const loc = parsed.locations.locate(['Resources']);
    diagnostics.push({ level: 'warning', code: 'sam-missing-transform', message: `${c.file}:${loc.line}: AWS::Serverless::* resources without \`Transform: ${SAM_TRANSFORM}\`: CloudFormation rejects this template; nightlight reads it as SAM`, location: loc });
  }
  const locations = parsed.locations;
  return { file: c.file, format, body, locate: (path) => locations.locate(path), writtenAsFloat: (path) => locations.isFloatLiteral(path) };
}
