/**
 * A loopback stand-in for AWS: serves recorded responses (fixtures/*.json) to the real SDK clients
 * pointed at http://127.0.0.1:<port>. It recognises each protocol the way AWS's front ends do: the
 * signing service in the Authorization header, then X-Amz-Target (JSON 1.0/1.1), the Action field
 * of the form body (query), or method and path (REST-JSON, REST-XML). Anything it has no recording
 * for is a 400 naming the request, so a test fails loudly instead of reading silence as "empty".
 * It also records every request, so tests can check that nothing but reads was sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  service: string;
  op: string;
  /** Request fields that must be equal; null: the field must be absent (a first page has no token). */
  match?: Record<string, string | null>;
  times?: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Fixture {
  stack: string;
  region: string;
  account: string;
  /** The account as deployed. */
  exchanges: Exchange[];
  /** The answers three console edits changed (served before `exchanges`). */
  edits: Exchange[];
  /** An AccessDenied answer. */
  denied: Exchange[];
  /** A REST API (v1) made by hand, with its stage throttle and usage plan. */
  restApi: Exchange[];
  /** An alias of SearchProductsFunction whose resource policy lets anyone invoke it. */
  alias: Exchange[];
  /** A Kinesis stream (no stack) with a mapping to UpdateInventoryFunction. */
  kinesis: Exchange[];
}

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function readFixture(): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES, 'vulnerable-shop-account.json'), 'utf8')) as Fixture;
}

export interface SeenRequest {
  service: string;
  op: string;
  method: string;
  url: string;
}

export interface FakeAws {
  endpoint: string;
  seen: SeenRequest[];
  unmatched: string[];
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the server; `first` exchanges take precedence (injected errors). */
export async function startFakeAws(exchanges: Exchange[], first: Exchange[] = []): Promise<FakeAws> {
  const all = [...first, ...exchanges].map((e) => ({ ...e, left: e.times ?? Infinity }));
  const seen: SeenRequest[] = [];
  const unmatched: string[] = [];
  let endpoint = '';
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/__code/')) {
      // The package download: a presigned S3 URL in AWS, a plain file here.
      try {
        const zip = readFileSync(join(FIXTURES, 'code', url.pathname.slice('/__code/'.length).replace(/[^A-Za-z0-9.]/g, '')));
        res.writeHead(200, { 'content-type': 'application/zip' }).end(zip);
      } catch {
        res.writeHead(404).end();
      }
      seen.push({ service: 's3', op: 'GetObject', method: req.method ?? '', url: req.url ?? '' });
      return;
    }
    const auth = String(req.headers['authorization'] ?? '');
    const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? 'unsigned';
    const target = String(req.headers['x-amz-target'] ?? '');
    let op: string;
    let fields: Record<string, string> = {};
    if (target) {
      op = target.slice(target.indexOf('.') + 1);
      const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') fields[k] = v;
    } else if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(text);
      op = form.get('Action') ?? '';
      fields = Object.fromEntries(form.entries());
    } else {
      // A trailing slash is not significant (S3 adds one after a bucket name).
      op = `${req.method} ${decodeURIComponent(url.pathname).replace(/(.)\/$/, '$1')}`;
      fields = Object.fromEntries(url.searchParams.entries());
    }
    seen.push({ service, op, method: req.method ?? '', url: req.url ?? '' });
    const hit = all.find((e) => e.left > 0 && e.service === service && e.op === op && Object.entries(e.match ?? {}).every(([k, v]) => (v === null ? fields[k] === undefined : fields[k] === v)));
    if (!hit) {
      unmatched.push(`${service} ${op} ${JSON.stringify(fields)}`);
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `no recording for ${service} ${op}` }));
      return;
    }
    hit.left--;
    res.writeHead(hit.status, { ...hit.headers, 'x-amzn-requestid': 'fake-aws' }).end(hit.body.split('{{ENDPOINT}}').join(endpoint));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    seen,
    unmatched,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
