import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDER_QUEUE } from '../../server/queue/render-job.ts';
import { redisOptions } from '../../server/redis/connection.ts';
import { descendantsMatching } from '../helpers/processes.ts';
import { isFinal, submitRender, waitForRender } from './helpers/http.ts';
import { startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;
let queue: Queue;

beforeAll(async () => {
  svc = await startTestService({ env: { RENDER_ATTEMPTS: '3', RENDER_BACKOFF: '200ms' } });
  queue = new Queue(RENDER_QUEUE, { connection: redisOptions({ url: svc.config.redis.url! }), prefix: svc.config.redis.prefix });
});

afterAll(async () => {
  await queue?.close();
  await svc?.stop();
});

/** Where BullMQ has the job, and how many attempts it counted. */
async function jobOutcome(id: string): Promise<{ state: string; attemptsMade: number } | undefined> {
  const job = await queue.getJob(id);
  return job ? { state: await job.getState(), attemptsMade: job.attemptsMade } : undefined;
}

describe('retry policy in the worker', () => {
  it('a template error fails at once, without retries', async () => {
    const created = await submitRender(svc.url, { template: 'slow-frames', props: { msPerFrame: 2_000, frames: 5 }, output: { delayRenderTimeoutMs: 200 } });
    const done = await waitForRender(svc.url, created.id, isFinal);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'DELAY_RENDER_TIMEOUT' } });
    // The record is final a moment before BullMQ moves the job to failed: await that too.
    await expect.poll(() => jobOutcome(created.id), { timeout: 10_000 }).toEqual({ state: 'failed', attemptsMade: 1 });
  });

  it('a browser crash is transient: the render is retried and succeeds', async () => {
    const created = await submitRender(svc.url, { template: 'slow-frames', props: { msPerFrame: 60, frames: 60 }, output: { preset: 'ultrafast' } });
    await waitForRender(svc.url, created.id, (r) => r.status === 'active' && r.frames.encoded >= 2);
    // The browser's main process (the one without --type=): kill it mid-render.
    const browsers = descendantsMatching(process.pid, /chromium-headless-shell(?!.*--type=)/);
    expect(browsers.length).toBeGreaterThan(0);
    for (const pid of browsers) process.kill(pid, 'SIGKILL');
    const done = await waitForRender(svc.url, created.id, isFinal, { timeoutMs: 120_000 });
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('a job payload the worker cannot read fails its render for good', async () => {
    const created = await submitRender(svc.url, { template: 'slow-frames', props: { msPerFrame: 0, frames: 2 } });
    await waitForRender(svc.url, created.id, isFinal);
    // Replace it with a job a newer API might have written.
    const record = (await svc.service.core.store.get(created.id))!;
    await svc.service.core.store.update(record, { status: 'queued', del: ['finishedAt', 'output'] });
    await queue.add('render', { v: 2, renderId: created.id }, { jobId: `${created.id}-v2`, attempts: 3 });
    const done = await waitForRender(svc.url, created.id, (r) => r.status === 'failed');
    expect(done.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('payload is invalid') });
    await expect.poll(() => jobOutcome(`${created.id}-v2`), { timeout: 10_000 }).toEqual({ state: 'failed', attemptsMade: 1 });
  });
});
