import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../server/auth/api-keys.ts';
import type { Problem } from '../../server/http/problem.ts';
import { RedisKeys } from '../../server/redis/keys.ts';
import type { Render } from '../../server/renders/schemas.ts';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
import { readSse } from './helpers/sse.ts';
import { randomPrefix, SHARED_REDIS_URL, startTestService, type TestService } from './helpers/service.ts';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys and tenant isolation', () => {
  let svc: TestService;
  let redis: Redis;
  let store: ApiKeyStore;
  const key: Record<'alice' | 'bob' | 'limited' | 'single' | 'revoked', string> = { alice: '', bob: '', limited: '', single: '', revoked: '' };
  let revokedId = '';

  beforeAll(async () => {
    const prefix = randomPrefix();
    redis = new Redis(SHARED_REDIS_URL);
    store = new ApiKeyStore(redis, new RedisKeys(prefix));
    key.alice = (await store.create('alice')).key;
    key.bob = (await store.create('bob')).key;
    key.limited = (await store.create('limited', { rateLimitPerMinute: 3 })).key;
    key.single = (await store.create('single', { concurrentRenders: 1 })).key;
    const revoked = await store.create('revoked');
    key.revoked = revoked.key;
    revokedId = revoked.record.id;
    svc = await startTestService({ env: { QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: '2', RENDER_CONCURRENCY: '1' } });
  });

  afterAll(async () => {
    await svc?.stop();
    redis?.disconnect();
  });

  it('401 without a key, with an unknown key, and with a revoked key', async () => {
    const none = await request<Problem>(`${svc.url}/v1/renders`);
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHORIZED');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await request(`${svc.url}/v1/renders`, { headers: bearer('fw_NotARealKeyAtAll0000000000000000000000') })).status).toBe(401);
    expect((await request(`${svc.url}/v1/renders`, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } })).status).toBe(401);

    expect((await request(`${svc.url}/v1/renders`, { headers: bearer(key.revoked) })).status).toBe(200);
    await store.revoke(revokedId);
    const revoked = await request<Problem>(`${svc.url}/v1/renders`, { headers: bearer(key.revoked) });
    expect(revoked.status).toBe(401);
    expect(revoked.body.detail).toMatch(/unknown or revoked/);
  });

  it('keeps health, readiness and docs open; metrics need a key once keys exist', async () => {
    for (const path of ['/healthz', '/readyz', '/openapi.json', '/docs']) expect((await request(`${svc.url}${path}`)).status).toBe(200);
    expect((await request(`${svc.url}/metrics`)).status).toBe(401);
    expect((await request(`${svc.url}/metrics`, { headers: bearer(key.alice) })).status).toBe(200);
  });

  it("another key's render is a 404 everywhere, and lists are filtered", async () => {
    const mine = await submitRender(svc.url, { template: 'color-frames', output: { frames: [0, 2], preset: 'ultrafast' } }, bearer(key.alice));
    await waitForRender(svc.url, mine.id, isFinal, { headers: bearer(key.alice) });
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/output'],
      ['GET', '/webhooks'],
      ['POST', '/cancel'],
    ] as const) {
      const res = await request<Problem>(`${svc.url}/v1/renders/${mine.id}${path}`, { method, headers: bearer(key.bob) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    expect((await readSse(`${svc.url}/v1/renders/${mine.id}/events`, { headers: bearer(key.bob) })).status).toBe(404);

    const bobs = await submitRender(svc.url, { template: 'color-frames', output: { frames: [0, 1], preset: 'ultrafast' } }, bearer(key.bob));
    const aliceList = await request<{ data: Render[] }>(`${svc.url}/v1/renders?limit=100`, { headers: bearer(key.alice) });
    const bobList = await request<{ data: Render[] }>(`${svc.url}/v1/renders?limit=100`, { headers: bearer(key.bob) });
    expect(aliceList.body.data.map((r) => r.id)).toContain(mine.id);
    expect(aliceList.body.data.map((r) => r.id)).not.toContain(bobs.id);
    expect(bobList.body.data.map((r) => r.id)).toEqual([bobs.id]);

    // The cache is per key too: Bob's identical request renders anew instead of reusing Alice's file.
    const same = await submitRender(svc.url, { template: 'color-frames', output: { frames: [0, 2], preset: 'ultrafast' } }, bearer(key.bob));
    expect(same.cached).toBe(false);
    await waitForRender(svc.url, same.id, isFinal, { headers: bearer(key.bob) });
    await waitForRender(svc.url, bobs.id, isFinal, { headers: bearer(key.bob) });
  });

  it('429 after the per-key limit, with a Retry-After that matches the window', async () => {
    const first = Date.now();
    const answers: Array<{ status: number; headers: Headers }> = [];
    for (let i = 0; i < 4; i++) answers.push(await request(`${svc.url}/v1/templates`, { headers: bearer(key.limited) }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(answers[0]!.headers.get('ratelimit-limit')).toBe('3');
    const retryAfter = Number(answers[3]!.headers.get('retry-after'));
    // The one-minute window opened at the first request: what is left of it, rounded up.
    const elapsed = (Date.now() - first) / 1000;
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(retryAfter).toBeGreaterThanOrEqual(Math.floor(60 - elapsed));
    expect(answers[3]!.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    const problem = (await request<Problem>(`${svc.url}/v1/templates`, { headers: bearer(key.limited) })).body;
    expect(problem.code).toBe('RATE_LIMITED');
    // Other keys are not affected.
    expect((await request(`${svc.url}/v1/templates`, { headers: bearer(key.alice) })).status).toBe(200);
  });

  it('holds a key to its concurrent-render quota: the extra render waits, queued, and says why', async () => {
    const body = { template: 'slow-frames', props: { msPerFrame: 60, frames: 25 }, output: { preset: 'ultrafast' }, cache: false };
    const a = await submitRender(svc.url, body, bearer(key.single));
    const b = await submitRender(svc.url, { ...body, props: { msPerFrame: 60, frames: 26 } }, bearer(key.single));
    let maxActive = 0;
    let waitingDetail = '';
    const read = async (id: string) => {
      const res = await request<Render>(`${svc.url}/v1/renders/${id}`, { headers: bearer(key.single) });
      expect(res.status).toBe(200);
      return res.body;
    };
    for (;;) {
      const [ra, rb] = [await read(a.id), await read(b.id)];
      maxActive = Math.max(maxActive, [ra, rb].filter((r) => r.status === 'active').length);
      for (const r of [ra, rb]) if (r.status === 'queued' && r.statusDetail) waitingDetail = r.statusDetail;
      if (isFinal(ra) && isFinal(rb)) {
        expect([ra.status, rb.status]).toEqual(['succeeded', 'succeeded']);
        break;
      }
      await sleep(50);
    }
    expect(maxActive).toBe(1);
    expect(waitingDetail).toMatch(/concurrency slot: 1 of 1 renders/);
  });
});

describe('binding', () => {
  it('refuses to listen beyond loopback while no API key exists', async () => {
    await expect(startTestService({ env: { HOST: '0.0.0.0' }, worker: false })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringMatching(/without API keys/) });
  });

  it('listens on all interfaces once a key exists', async () => {
    const prefix = randomPrefix();
    const redis = new Redis(SHARED_REDIS_URL);
    await new ApiKeyStore(redis, new RedisKeys(prefix)).create('ops');
    redis.disconnect();
    const svc = await startTestService({ env: { HOST: '0.0.0.0', QUEUE_PREFIX: prefix }, worker: false });
    try {
      expect((await request(`${svc.url}/v1/templates`)).status).toBe(401);
    } finally {
      await svc.stop();
    }
  });
});
