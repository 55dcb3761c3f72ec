import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { signWebhook, webhookHeaders } from './signing.ts';
import { isPrivateAddress, resolveWebhookTarget, type Resolver } from './target-guard.ts';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:a00:1', true],
    ['::ffff:8.8.8.8', false],
    ['2606:4700:4700::1111', false],
    ['not-an-ip', true],
  ])('%s → %s', (address, expected) => expect(isPrivateAddress(address)).toBe(expected));
});

describe('resolveWebhookTarget', () => {
  const dns = (answers: Record<string, string[]>): Resolver => async (host) =>
    (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const resolve = dns({
    'hooks.example.com': ['93.184.216.34'],
    'internal.example.com': ['10.0.0.5'],
    'rebind.example.com': ['93.184.216.34', '192.168.0.10'],
    'v6.example.com': ['2606:4700:4700::1111'],
    'metadata.example.com': ['169.254.169.254'],
  });

  it('accepts a public name and pins the checked address', async () => {
    const target = await resolveWebhookTarget('https://hooks.example.com/in', { allowPrivate: false, resolve });
    expect(target.address).toEqual({ address: '93.184.216.34', family: 4 });
    expect(target.url.hostname).toBe('hooks.example.com');
    expect((await resolveWebhookTarget('https://v6.example.com/in', { allowPrivate: false, resolve })).address.family).toBe(6);
  });

  it.each([
    ['http://internal.example.com/x', /10\.0\.0\.5/],
    ['http://rebind.example.com/x', /192\.168\.0\.10/],
    ['http://metadata.example.com/x', /169\.254\.169\.254/],
    ['http://127.0.0.1:8080/x', /127\.0\.0\.1/],
    ['http://[::ffff:10.0.0.1]/x', /private/],
    ['ftp://hooks.example.com/x', /only http and https/],
    ['http://user:pw@hooks.example.com/x', /credentials/],
    ['http://nowhere.example.com/x', /no address/],
    ['not a url', /not a URL/],
  ])('refuses %s', async (url, reason) => {
    const attempt = resolveWebhookTarget(url, { allowPrivate: false, resolve });
    await expect(attempt).rejects.toBeInstanceOf(FramewrightError);
    await expect(attempt).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_REFUSED', message: expect.stringMatching(reason) });
  });

  it('allows private targets only when told to', async () => {
    expect((await resolveWebhookTarget('http://internal.example.com/x', { allowPrivate: true, resolve })).address.address).toBe('10.0.0.5');
  });
});

describe('signing', () => {
  const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

  it('signs "id.timestamp.body" with HMAC-SHA256 keyed by the secret after whsec_, as the spec says', () => {
    const timestamp = new Date('2026-01-01T00:00:00Z').getTime() / 1000;
    const key = Buffer.from('0123456789abcdef0123456789abcdef');
    const expected = `v1,${createHmac('sha256', key).update(`msg_1.${timestamp}.{"a":1}`).digest('base64')}`;
    expect(signWebhook(secret, 'msg_1', timestamp, '{"a":1}')).toBe(expected);
  });

  it('produces headers that verify', () => {
    const body = JSON.stringify({ type: 'render.succeeded' });
    expect(new Webhook(secret).verify(body, webhookHeaders(secret, 'msg_2', body))).toEqual({ type: 'render.succeeded' });
  });
});
