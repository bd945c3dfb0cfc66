/**
 * What the live readers share: the CloudFormation-shaped resources they produce, the read options,
 * and how an unreadable value is written (unknown, policy documents).
 */
import type { JsonObject, JsonValue } from '../../model/types.js';
import type { Sdk } from './sdk.js';
import { UNRESOLVED_KEY } from '../../model/resolve.js';
import type { AwsAccess, Caller } from './aws.js';

/** One resource as a template would declare it, with what CloudFormation knows it by. */
export interface LiveResource {
  type: string;
  /** Values CloudFormation may list as its physical id (name, ARN, URL, id). */
  physicalIds: string[];
  /** The resource it belongs to (a route's API, a URL's function): same stack, logical id prefixed. */
  parent?: LiveResource;
  /** Logical id when no stack lists it: appended to the parent's logical id, or used alone. */
  suffix: string;
  props: JsonObject;
  /** Real name, what Ref returns and the ARN (see DeployedStack). */
  deployed?: { name: string; ref?: string; arn?: string };
}

export interface StackInfo {
  name: string;
  id: string;
  resources: { logicalId: string; physicalId: string; type: string }[];
}

export interface LiveFunction {
  name: string;
  arn: string;
  codeSha256: string;
  packageType: string;
  resource: LiveResource;
}

export interface RegionRead {
  region: string;
  stacks: StackInfo[];
  resources: LiveResource[];
  functions: LiveFunction[];
}

/** Roles are global: read once per account, shared by every region. */
export type RoleCache = Map<string, Promise<LiveResource | null>>;

export function unknown(reason: string): JsonObject {
  return { [UNRESOLVED_KEY]: reason };
}

/** A policy document as IAM and the resource services return it (JSON text, URL-encoded for IAM). */
export function policyDocument(text: string | undefined, what: string): JsonValue {
  if (text === undefined) return unknown(`${what} could not be read`);
  for (const candidate of [text, safeDecode(text)]) {
    try {
      const v = JSON.parse(candidate) as JsonValue;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch {
      // try the next form
    }
  }
  return unknown(`${what} is not valid JSON`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function lastSegment(arn: string, sep = ':'): string {
  return arn.slice(arn.lastIndexOf(sep) + 1);
}

export function clean<T extends Record<string, unknown>>(o: T): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v as JsonValue;
  return out;
}

export interface RegionReadOptions {
  sdk: Sdk;
  region: string;
  accountId: string;
  access: AwsAccess;
  caller: Caller;
  roles: RoleCache;
  /** Buckets of the account with their region (ListBuckets is global; read once). */
  buckets: Promise<{ name: string; region: string | null }[]>;
}
