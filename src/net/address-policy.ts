import { BlockList, isIP } from 'node:net';

/**
 * Which network addresses an outbound request may reach. Remote assets and webhooks take URLs
 * from callers, so by default they must not reach this machine, its private network or cloud
 * metadata endpoints (SSRF). Operators who need private targets turn `allowPrivateNetwork` on.
 */
export interface AddressPolicy {
  /** Allow loopback, private, link-local and other non-public addresses. @defaultValue false */
  allowPrivateNetwork: boolean;
}

export const DEFAULT_ADDRESS_POLICY: AddressPolicy = { allowPrivateNetwork: false };

/** Non-public IPv4 ranges (RFC 6890 special-purpose registry and friends), with a reason each. */
const IPV4_RANGES: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

const IPV6_RANGES: ReadonlyArray<[string, number, string]> = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['64:ff9b:1::', 48, 'a local-use NAT64 address'],
  ['100::', 64, 'a discard-only address'],
  // Teredo, ORCHID and other IETF protocol assignments: Teredo hides an IPv4 address inside.
  ['2001::', 23, 'an IETF protocol address (Teredo and others)'],
  ['2001:db8::', 32, 'a documentation address'],
  ['3fff::', 20, 'a documentation address'],
  ['fc00::', 7, 'a unique-local (private) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];

const lists = [...IPV4_RANGES.map((r) => ({ range: r, type: 'ipv4' as const })), ...IPV6_RANGES.map((r) => ({ range: r, type: 'ipv6' as const }))].map(
  ({ range: [network, prefix, reason], type }) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, type);
    return { list, type, reason };
  },
);

/**
 * IPv6 forms that carry an IPv4 address inside (mapped ::ffff:a.b.c.d, translated
 * ::ffff:0:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16): the embedded
 * address decides, so `::ffff:127.0.0.1` and `2002:7f00:1::` are loopback too.
 */
function embeddedIPv4(address: string): string | undefined {
  const groups = expandIPv6(address);
  if (!groups) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zero(0, 5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!);
  if (zero(0, 4) && groups[4] === 0xffff && groups[5] === 0) return v4(groups[6]!, groups[7]!); // IPv4-translated (RFC 2765)
  if (zero(0, 6)) return groups[6] === 0 && groups[7]! <= 1 ? undefined : v4(groups[6]!, groups[7]!); // IPv4-compatible (deprecated)
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return undefined;
}

/** Eight 16-bit groups of an IPv6 address (with an optional dotted IPv4 tail), or undefined. */
export function expandIPv6(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    text = text.slice(0, -dotted[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<number>(Math.max(0, fill)).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/**
 * Why an IP address is not a public internet address, or undefined when it is public.
 * Throws on text that is not an IP address.
 */
export function nonPublicReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) throw new TypeError(`"${address}" is not an IP address`);
  if (family === 6) {
    const inner = embeddedIPv4(address);
    if (inner !== undefined) return nonPublicReason(inner);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const entry of lists) {
    if (entry.type === type && entry.list.check(address, type)) return entry.reason;
  }
  return undefined;
}

/** Throws AddressBlockedError when the policy forbids connecting to `address`. */
export function assertAddressAllowed(address: string, policy: AddressPolicy, host = address): void {
  if (policy.allowPrivateNetwork) return;
  const reason = nonPublicReason(address);
  if (reason) throw new AddressBlockedError(host, address, reason);
}

/** A request refused because its target resolves to a non-public address. */
export class AddressBlockedError extends Error {
  override readonly name = 'AddressBlockedError';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      `${host === address ? address : `${host} (${address})`} is ${reason}; private network targets are refused unless allowed by configuration`,
    );
  }
}
