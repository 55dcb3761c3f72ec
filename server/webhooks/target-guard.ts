import { lookup as dnsLookup } from 'node:dns/promises';
import net from 'node:net';
import { FramewrightError } from '../../src/errors/index.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface WebhookTarget {
  url: URL;
  /** The checked address the connection must go to (never a second DNS answer). */
  address: ResolvedAddress;
}

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: may embed any IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv6');
}

/** `::ffff:10.0.0.1` (or `::ffff:a00:1`) is IPv4 in disguise: check it as IPv4. */
function unmapIpv4(address: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const a = parseInt(hex[1]!, 16);
  const b = parseInt(hex[2]!, 16);
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
}

/** True for loopback, private, link-local, CGNAT, multicast, documentation and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const v4 = net.isIPv4(address) ? address : unmapIpv4(address);
  if (v4) return blocked.check(v4, 'ipv4');
  if (net.isIPv6(address)) return blocked.check(address, 'ipv6');
  // Not an IP address at all: refuse rather than guess.
  return true;
}

export const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

function refused(url: string, reason: string): FramewrightError {
  return new FramewrightError('WEBHOOK_TARGET_REFUSED', `Webhook target ${url} is refused: ${reason}`, { issues: [{ path: ['url'], message: reason }] });
}

/**
 * Resolves a webhook URL and checks every address it resolves to. A name with any private
 * answer is refused (a mixed answer is how DNS rebinding starts); the caller connects to the
 * returned address, so a second, different answer can never be used.
 */
export async function resolveWebhookTarget(rawUrl: string, options: { allowPrivate: boolean; resolve?: Resolver }): Promise<WebhookTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw refused(rawUrl, 'it is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused(rawUrl, 'only http and https are allowed');
  if (url.username || url.password) throw refused(rawUrl, 'credentials in the URL are not allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  if (net.isIP(host)) {
    addresses = [{ address: host, family: net.isIPv6(host) ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (error) {
      throw new FramewrightError('WEBHOOK_TARGET_REFUSED', `Webhook target ${rawUrl} does not resolve: ${(error as Error).message}`, {
        cause: error,
        issues: [{ path: ['url'], message: 'the host name does not resolve' }],
      });
    }
  }
  if (!addresses.length) throw refused(rawUrl, 'the host name has no address');
  if (!options.allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw refused(rawUrl, `it resolves to ${bad.address}, a private, loopback or link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow)`);
  }
  return { url, address: addresses[0]! };
}
