import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { probe, videoStream } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { testRedis } from '../service/helpers/cli-process.ts';
import { isFinal, submitRender, waitForRender } from '../service/helpers/http.ts';
import { startTestService, type TestService } from '../service/helpers/service.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a split render and a Redis restart', () => {
  it('finishes with every frame when Redis restarts (AOF) while its chunks render', async () => {
    const data = tempDir('fw-dist-redis-');
    cleanups.push(data.cleanup);
    const redis = await testRedis(path.join(data.dir, 'redis'));
    cleanups.push(() => redis.stop());
    await redis.start();
    const api: TestService = await startTestService({ env: { REDIS_URL: redis.url } });
    // ioredis prints this for a connection that has no error listener: the outage must be the service's to report.
    const consoleError = vi.spyOn(console, 'error');
    cleanups.push(() => consoleError.mockRestore());
    cleanups.push(() => api.stop());

    const created = await submitRender(api.url, { template: 'slow-frames', props: { msPerFrame: 60, frames: 60 }, output: { chunks: 2, preset: 'ultrafast' } });
    await waitForRender(api.url, created.id, (r) => r.frames.encoded >= 4);
    await redis.stop();
    await redis.start();

    const done = await waitForRender(api.url, created.id, isFinal, { timeoutMs: 120_000 });
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const res = await fetch(`${api.url}/v1/renders/${created.id}/output`);
    expect(res.status).toBe(200);
    const file = path.join(data.dir, 'out.mp4');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(Number(videoStream(await probe(file)).nb_read_frames)).toBe(60);
    expect(done.progress).toBe(1);
    expect(consoleError.mock.calls.filter((args) => String(args[0]).includes('Unhandled error event'))).toEqual([]);
  }, 180_000);
});
