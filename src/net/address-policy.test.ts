import { describe, expect, it } from 'vitest';
import { AddressBlockedError, assertAddressAllowed, expandIPv6, nonPublicReason } from './address-policy.ts';

describe('nonPublicReason', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.1.2', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade/],
    ['0.0.0.0', /this network/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /reserved/],
    ['198.18.0.1', /benchmarking/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fd00::1', /unique-local/],
    ['fe80::1', /link-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:7f00:1', /loopback/],
    ['::ffff:10.0.0.1', /private/],
    ['64:ff9b::a9fe:a9fe', /link-local/],
    ['2002:c0a8:0101::1', /private/],
    ['::7f00:1', /loopback/],
    ['2002:7f00:1::', /loopback/],
    ['::ffff:0:7f00:1', /loopback/],
    ['::ffff:0:10.0.0.1', /private/],
    ['64:ff9b:1::', /NAT64/],
    ['64:ff9b:1:abcd::1', /NAT64/],
    ['fec0::', /site-local/],
    ['100::', /discard/],
    ['192.88.99.1', /6to4/],
    ['2001::1', /Teredo/],
    ['3fff::1', /documentation/],
  ])('%s is not public', (address, reason) => {
    expect(nonPublicReason(address)).toMatch(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:0808:0808::1'])(
    '%s is public',
    (address) => {
      expect(nonPublicReason(address)).toBeUndefined();
    },
  );

  it('rejects text that is not an address', () => {
    expect(() => nonPublicReason('example.com')).toThrow(/not an IP address/);
  });
});

describe('assertAddressAllowed', () => {
  it('refuses private targets by default and names host, address and rule', () => {
    let error: unknown;
    try {
      assertAddressAllowed('127.0.0.1', { allowPrivateNetwork: false }, 'localhost');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AddressBlockedError);
    expect((error as Error).message).toMatch(/localhost \(127\.0\.0\.1\) is a loopback address/);
  });

  it('lets private targets through when the policy allows them', () => {
    expect(() => assertAddressAllowed('10.0.0.1', { allowPrivateNetwork: true })).not.toThrow();
  });
});

describe('expandIPv6', () => {
  it.each([
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::1%eth0', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
  ])('%s', (text, groups) => {
    expect(expandIPv6(text)).toEqual(groups);
  });

  it.each(['1::2::3', '1:2:3', '::ffff:300.1.1.1'])('%s is invalid', (text) => {
    expect(expandIPv6(text)).toBeUndefined();
  });
});
