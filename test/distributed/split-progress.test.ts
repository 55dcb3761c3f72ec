import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkProgress } from '../../server/distributed/chunk-progress.ts';
import { RedisKeys } from '../../server/redis/keys.ts';
import type { RenderRecord } from '../../server/renders/render-record.ts';
import { RenderStore } from '../../server/renders/render-store.ts';
import type { RenderProgress } from '../../src/render/progress.ts';
import { randomPrefix, SHARED_REDIS_URL } from '../service/helpers/service.ts';

const prefix = randomPrefix();
const redis = new Redis(SHARED_REDIS_URL);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const at = (encoded: number, total = 100): RenderProgress => ({ stage: 'rendering', renderedFrames: encoded, encodedFrames: encoded, totalFrames: total, progress: encoded / total, etaSeconds: null });

describe('progress of a split render', () => {
  it('never goes back when a chunk is retried and starts counting again from zero', async () => {
    const progress = new ChunkProgress(redis, `${prefix}:chunk-progress:r1`, 60);
    await progress.report(0, at(30));
    await progress.report(1, at(40));
    const before = await progress.total(100, Date.now() - 1_000);
    // Chunk 0's worker died; its retry reports from the start of its range again.
    await progress.report(0, at(2));
    const after = await progress.total(100, Date.now() - 1_000);
    expect(after.encodedFrames).toBeGreaterThanOrEqual(before.encodedFrames);
    expect(after.progress).toBeGreaterThanOrEqual(before.progress);
    await progress.report(0, at(50));
    expect((await progress.total(100, Date.now())).encodedFrames).toBe(90);
  });

  it('is not lowered by a chunk that saves an older, smaller total after a sibling saved a newer one', async () => {
    const store = new RenderStore(redis, new RedisKeys(prefix));
    const record: RenderRecord = {
      id: 'rnd_progress', owner: 'public', template: 'color-frames', status: 'active', createdAt: 1_000, startedAt: 2_000,
      request: { template: 'color-frames', props: {}, metadata: {} }, attempts: 1,
    } as RenderRecord;
    await store.create(record);
    // Two chunks read the summed counts at nearly the same time; the later write carries the smaller sum.
    await store.update(record, { from: ['active'], set: { progress: at(60) }, monotonicProgress: true });
    await store.update(record, { from: ['active'], set: { progress: at(50) }, monotonicProgress: true });
    expect((await store.get(record.id))?.progress?.encodedFrames).toBe(60);
    // Without the guard (a whole render retried from the queue) progress may start over.
    await store.update(record, { from: ['active'], set: { progress: at(10) } });
    expect((await store.get(record.id))?.progress?.encodedFrames).toBe(10);
  });
});
