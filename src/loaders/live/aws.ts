/**
 * The AWS side of the live reader: read-only SDK v3 clients built from the standard credential
 * chain, and one way to call them that pages, backs off when throttled, and turns a denied or
 * failed call into a diagnostic instead of an exception. This folder is the only code of
 * nightlight that uses the network, and only when the user asks for a live scan.
 */
import type { Diagnostic } from '../../model/types.js';

/** How to reach the account. */
export interface AwsAccess {
  /** Named profile of the shared config/credentials files; default: the standard chain. */
  profile?: string;
  /** One endpoint for every service (tests: a loopback server). Default: AWS's own endpoints. */
  endpoint?: string;
  /** Static credentials (tests); default: the standard chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call, throttling included (default 8: about a minute of back-off at worst). */
  maxAttempts?: number;
}

/** The client configuration shared by every service client. */
export function clientConfig(access: AwsAccess, region: string): Record<string, unknown> {
  const endpoint = access.endpoint ?? process.env['AWS_ENDPOINT_URL'];
  return {
    region,
    // Throttling and 5xx answers are retried with exponential back-off and jitter; "adaptive" also
    // slows the client down when the service keeps throttling.
    retryMode: 'adaptive',
    maxAttempts: access.maxAttempts ?? 8,
    ...(access.profile ? { profile: access.profile } : {}),
    ...(access.endpoint ? { endpoint: access.endpoint } : {}),
    ...(access.credentials ? { credentials: access.credentials } : {}),
    // A custom endpoint (a local server) cannot take bucket names as host names, and SQS must not
    // send to the host of a queue URL instead of it.
    ...(endpoint ? { forcePathStyle: true, useQueueUrlAsEndpoint: false } : {}),
  };
}

/** Errors that mean "you may not" rather than "it is not there". */
const DENIED = /AccessDenied|UnauthorizedOperation|AuthorizationError|AuthorizationErrorException|NotAuthorized|Forbidden|InvalidClientTokenId|UnrecognizedClient|ExpiredToken|SignatureDoesNotMatch/i;
/** Errors that mean the thing asked about does not exist (no policy, no URL, no notification). */
const ABSENT = /NotFound|NoSuch|DoesNotExist|NonExistent/i;

interface AwsError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function errorName(err: unknown): string {
  const e = err as AwsError;
  return e?.name && e.name !== 'Error' ? e.name : (e?.Code ?? 'Error');
}

export function isDenied(err: unknown): boolean {
  const e = err as AwsError;
  return DENIED.test(errorName(err)) || e?.$metadata?.httpStatusCode === 403;
}

export function isAbsent(err: unknown): boolean {
  const e = err as AwsError;
  return ABSENT.test(errorName(err)) || (e?.$metadata?.httpStatusCode === 404 && !isDenied(err));
}

/** A call that could not be made: what was asked, why, and what is therefore unknown. */
export interface FailedCall {
  action: string;
  target: string;
  denied: boolean;
  reason: string;
}

/**
 * Makes calls, counts them for the progress line, and records each failure once as a diagnostic.
 * A call that fails returns `undefined` (or `null` when the thing does not exist): the caller
 * marks what it could not read as unresolved.
 */
export class Caller {
  readonly failures: FailedCall[] = [];
  calls = 0;

  constructor(
    private readonly diagnostics: Diagnostic[],
    private readonly progress: (calls: number, what: string) => void = () => {},
  ) {}

  /**
   * `action` is the IAM action (`lambda:GetPolicy`), `target` what it was about. Returns the
   * response, `null` when the service says the thing does not exist, `undefined` when the call
   * was denied or failed.
   */
  async call<T>(action: string, target: string, send: () => Promise<T>): Promise<T | null | undefined> {
    this.calls++;
    this.progress(this.calls, action);
    try {
      return await send();
    } catch (err) {
      if (isAbsent(err) && !isDenied(err)) return null;
      const denied = isDenied(err);
      const reason = `${errorName(err)}${(err as AwsError)?.message ? `: ${(err as AwsError).message}` : ''}`;
      this.failures.push({ action, target, denied, reason });
      this.diagnostics.push({
        level: 'warning',
        code: denied ? 'live-access-denied' : 'live-call-failed',
        message: `${action} on ${target} ${denied ? 'was denied' : 'failed'} (${reason}); what it reads is reported as unknown, the rest of the account is scanned`,
      });
      return undefined;
    }
  }

  /**
   * Every page of a paged list call. `next` reads the continuation token of a page; the call is
   * repeated with it until there is none. Returns the pages read (partial when a page failed) and
   * whether the list is complete.
   */
  async pages<T>(action: string, target: string, send: (token: string | undefined) => Promise<T>, next: (page: T) => string | undefined, maxPages = 10_000): Promise<{ pages: T[]; complete: boolean }> {
    const pages: T[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    for (let i = 0; i < maxPages; i++) {
      const page = await this.call(action, target, () => send(token));
      if (page === undefined) return { pages, complete: false };
      if (page === null) return { pages, complete: true };
      pages.push(page);
      token = next(page);
      // A token seen before would loop forever: stop (the service misbehaves).
      if (!token || seen.has(token)) return { pages, complete: true };
      seen.add(token);
    }
    return { pages, complete: false };
  }
}
