import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_QUEUE } from '../../server/distributed/chunk-jobs.ts';
import { redisOptions } from '../../server/redis/connection.ts';
import { isFinal, submitRender, waitForRender } from '../service/helpers/http.ts';
import { startTestService, type TestService } from '../service/helpers/service.ts';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});

describe('a chunk that BullMQ failed by itself', () => {
  it('fails its render at the next sweep and deletes the segments already stored', async () => {
    // No worker: the render stays queued, and the chunk job below fails outside any renderer.
    svc = await startTestService({ worker: false });
    const created = await submitRender(svc.url, { template: 'color-frames', output: { chunks: 2 } });
    const segments = path.join(svc.dataDir, 'storage', 'renders', created.id, 'chunks');
    mkdirSync(segments, { recursive: true });
    writeFileSync(path.join(segments, '0000.mp4'), 'a stored segment');

    const connection = redisOptions({ url: svc.config.redis.url! }, { maxRetriesPerRequest: null });
    const queue = new Queue(CHUNK_QUEUE, { connection, prefix: svc.config.redis.prefix });
    const worker = new Worker(CHUNK_QUEUE, async () => { throw new UnrecoverableError('job stalled more than allowable limit'); }, { connection, prefix: svc.config.redis.prefix });
    try {
      const failed = new Promise((resolve) => worker.once('failed', resolve));
      await queue.add('chunk', { render: { renderId: created.id } }, { jobId: `${created.id}-chunk-1` });
      await failed;
    } finally {
      await worker.close();
      await queue.close();
    }

    await svc.service.core.commands.del(svc.service.core.keys.sweepLock);
    expect((await svc.service.sweeper!.sweepOnce()).reconciled).toBe(1);
    const done = await waitForRender(svc.url, created.id, isFinal);
    expect(done.error?.code).toBe('WORKER_LOST');
    expect(existsSync(segments)).toBe(false);
  });
});
