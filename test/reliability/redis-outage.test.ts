import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { isFinal, submitRender, waitForRender } from '../service/helpers/http.ts';
import { testRedis, type TestRedis } from '../service/helpers/cli-process.ts';
import { startTestService, type TestService } from '../service/helpers/service.ts';
import { tempDir } from '../helpers/project.ts';

/**
 * Redis goes away while 20 renders are queued: the API answers 503 with Retry-After (never
 * hangs), and once Redis is back every accepted render completes.
 */
const data = tempDir('fw-outage-');
let redis: TestRedis | undefined;
let svc: TestService | undefined;

afterAll(async () => {
  await svc?.stop().catch(() => undefined);
  await redis?.stop();
  data.cleanup();
});

it('stop Redis during a queue of 20 renders: 503 + Retry-After meanwhile, all 20 complete after', async () => {
  redis = await testRedis(path.join(data.dir, 'redis'));
  await redis.start();
  svc = await startTestService({ dataDir: path.join(data.dir, 'service'), env: { REDIS_URL: redis.url, WORKER_CONCURRENCY: '2' } });
  const url = svc.url;
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    ids.push((await submitRender(url, { template: 'slow-frames', props: { msPerFrame: 0, frames: 1 + (i % 2) }, output: { preset: 'ultrafast' }, cache: false })).id);
  }

  await redis.stop();
  for (const probe of [`/v1/renders/${ids[5]}`, '/v1/renders', '/v1/templates']) {
    // The deadline only keeps a broken build from hanging the suite; the answer is what is checked.
    const res = await fetch(`${url}${probe}`, { signal: AbortSignal.timeout(30_000) });
    // Even the catalog answers 503: admission (keys, rate limit) lives in Redis.
    expect(res.status, probe).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { code: string }).code).toBe('SERVICE_UNAVAILABLE');
  }
  const submit = await fetch(`${url}/v1/renders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ template: 'slow-frames', props: { msPerFrame: 0, frames: 2 } }),
    signal: AbortSignal.timeout(30_000),
  });
  expect(submit.status).toBe(503);

  await redis.start();
  const finals = await Promise.all(ids.map((id) => waitForRender(url, id, isFinal, { timeoutMs: 240_000 })));
  expect(finals.map((r) => r.status)).toEqual(Array(20).fill('succeeded'));
}, 300_000);
