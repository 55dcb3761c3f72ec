import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { assertAddressAllowed, type AddressPolicy } from './address-policy.ts';
import { FetchError } from './guarded-request.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** A URL whose host was resolved and checked once; connect to `address`, never to a second DNS answer. */
export interface PinnedTarget {
  url: URL;
  address: ResolvedAddress;
}

export const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * Resolves a URL's host and checks every answer under the address policy. A name with any
 * non-public answer is refused (a mixed answer is how DNS rebinding starts). For senders that
 * connect themselves (webhooks); `guardedRequest` checks at connect time instead.
 * Throws FetchError with reason `invalid-url`, `blocked` or `network`.
 */
export async function resolvePinnedTarget(rawUrl: string, policy: AddressPolicy, resolve: Resolver = systemResolver): Promise<PinnedTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new FetchError('invalid-url', rawUrl, `${rawUrl} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError('invalid-url', rawUrl, `${url.origin}: only http and https are allowed`);
  if (url.username || url.password) throw new FetchError('invalid-url', rawUrl, `${url.host}: credentials in the URL are not allowed`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new FetchError('network', rawUrl, `${host} does not resolve: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!addresses.length) throw new FetchError('network', rawUrl, `${host} has no address`);
  try {
    for (const a of addresses) assertAddressAllowed(a.address, policy, host);
  } catch (error) {
    throw new FetchError('blocked', rawUrl, (error as Error).message, { cause: error });
  }
  return { url, address: addresses[0]! };
}
