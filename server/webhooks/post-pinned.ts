import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { FetchError, resolvePinnedTarget, type PinnedTarget, type Resolver } from '../../src/net/index.ts';
import { FramewrightError } from '../../src/errors/index.ts';

export type WebhookTarget = PinnedTarget;

/**
 * Checks a webhook URL under the one address policy of `src/net` and pins the address it
 * resolved to. Private, loopback and link-local targets are refused unless allowed by config.
 */
export async function resolveWebhookTarget(rawUrl: string, options: { allowPrivate: boolean; resolve?: Resolver }): Promise<WebhookTarget> {
  try {
    return await resolvePinnedTarget(rawUrl, { allowPrivateNetwork: options.allowPrivate }, options.resolve);
  } catch (error) {
    const reason = error instanceof FetchError ? error.message : String(error);
    const hint = error instanceof FetchError && error.reason === 'blocked' ? ' (set WEBHOOK_ALLOW_PRIVATE=true to allow)' : '';
    throw new FramewrightError('WEBHOOK_TARGET_REFUSED', `Webhook target ${rawUrl} is refused: ${reason}${hint}`, {
      cause: error,
      issues: [{ path: ['url'], message: reason }],
    });
  }
}

/** Read at most this much of a receiver's answer: it is recorded as a status code only. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs to the address that was checked, whatever DNS says now: the socket's lookup is pinned
 * to it, while the Host header and TLS name stay the URL's own.
 */
export function postPinned(target: WebhookTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number }> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target.address]);
    else callback(null, target.address.address, target.address.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        signal: AbortSignal.timeout(timeoutMs),
        // Redirects are not followed: a 3xx could point anywhere, private addresses included.
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.once('close', () => resolve({ status: res.statusCode ?? 0 }));
        // The status line arrived; a broken body afterwards does not change what the receiver said.
        res.once('error', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}
