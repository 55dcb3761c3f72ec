import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { AddressBlockedError, assertAddressAllowed, type AddressPolicy } from './address-policy.ts';

export type FetchFailureReason = 'invalid-url' | 'blocked' | 'timeout' | 'too-large' | 'status' | 'network' | 'aborted' | 'redirects';

/** Why an outbound request failed, as data: callers map `reason` to their own error codes. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly reason: FetchFailureReason;
  readonly url: string;
  readonly status: number | undefined;

  constructor(reason: FetchFailureReason, url: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.url = url;
    this.status = options.status;
  }
}

export interface GuardedRequestOptions {
  policy: AddressPolicy;
  /** Deadline for the whole exchange: connect, redirects, headers and body. */
  timeoutMs: number;
  /** Largest response body accepted, in bytes. */
  maxBytes: number;
  /** @defaultValue 5 */
  maxRedirects?: number;
  method?: string;
  headers?: Record<string, string>;
  /** Request body (never re-sent on a redirect other than 307/308). */
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

export interface GuardedResponse {
  /** Where the body finally came from, after redirects. */
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, already checked against the size limit while streaming. */
  body: AsyncIterable<Buffer>;
  /** Stops reading and releases the connection. */
  destroy(): void;
}

/**
 * A DNS lookup that refuses names resolving to addresses the policy forbids. Checking the
 * address actually connected to (not a separate pre-resolution) defeats DNS rebinding.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      try {
        for (const a of addresses) assertAddressAllowed(a.address, policy, hostname);
      } catch (blocked) {
        return callback(blocked as NodeJS.ErrnoException, '', 0);
      }
      if ((options as LookupOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError('invalid-url', raw, `${raw}: not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('invalid-url', raw, `${raw}: only http and https URLs can be fetched`);
  }
  if (url.username || url.password) throw new FetchError('invalid-url', raw, `${url.origin}: URLs with credentials are not fetched`);
  return url;
}

/**
 * Sends one HTTP(S) request under an address policy, a deadline and a size limit, following
 * redirects (each hop re-checked). Resolves once headers arrive; the body streams afterwards
 * under the same deadline. Never reuses pooled connections: a socket opened under a lenient
 * policy must not serve a request under a strict one.
 */
export async function guardedRequest(rawUrl: string, o: GuardedRequestOptions): Promise<GuardedResponse> {
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, deadline]) : deadline;
  const fail = (url: string, error: unknown): FetchError => {
    if (error instanceof FetchError) return error;
    if (o.signal?.aborted) return new FetchError('aborted', url, `${url}: canceled`, { cause: error });
    if (deadline.aborted) return new FetchError('timeout', url, `${url}: no complete answer within ${o.timeoutMs} ms`, { cause: error });
    if (error instanceof AddressBlockedError) return new FetchError('blocked', url, `${url}: ${error.message}`, { cause: error });
    return new FetchError('network', url, `${url}: ${(error as Error).message}`, { cause: error });
  };

  let url = parseTarget(rawUrl);
  let method = o.method ?? 'GET';
  let body = o.body;
  for (let hop = 0; ; hop++) {
    const current = url.href;
    let response: http.IncomingMessage;
    try {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      // Literal IPs never reach the lookup function, so they are checked here.
      if (isIP(host)) assertAddressAllowed(host, o.policy);
      response = await send(url, { method, headers: o.headers ?? {}, body, lookup: guardedLookup(o.policy), signal });
    } catch (error) {
      throw fail(current, error);
    }
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECTS.has(status) && location) {
      response.resume();
      if (hop >= (o.maxRedirects ?? 5)) throw new FetchError('redirects', rawUrl, `${rawUrl}: more than ${o.maxRedirects ?? 5} redirects`);
      url = parseTarget(new URL(location, url).href);
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      continue;
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > o.maxBytes) {
      response.destroy();
      throw new FetchError('too-large', current, `${current}: ${declared} bytes is over the limit of ${o.maxBytes}`);
    }
    return {
      url: current,
      status,
      headers: response.headers,
      body: limitedBody(response, current, o.maxBytes, fail),
      destroy: () => response.destroy(),
    };
  }
}

async function* limitedBody(
  response: http.IncomingMessage,
  url: string,
  maxBytes: number,
  fail: (url: string, error: unknown) => FetchError,
): AsyncGenerator<Buffer> {
  let received = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > maxBytes) throw new FetchError('too-large', url, `${url}: the body is over the limit of ${maxBytes} bytes`);
      yield chunk;
    }
  } catch (error) {
    throw fail(url, error);
  } finally {
    response.destroy();
  }
}

function send(
  url: URL,
  o: { method: string; headers: Record<string, string>; body: string | Uint8Array | undefined; lookup: LookupFunction; signal: AbortSignal },
): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: o.method, headers: o.headers, lookup: o.lookup, agent: false, signal: o.signal }, (res) => {
      // A deadline firing while the body streams must end the stream with an error.
      res.once('aborted', () => res.destroy(new Error('connection aborted')));
      resolve(res);
    });
    request.on('error', reject);
    request.end(o.body);
  });
}
