import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENQUEUE_STALE_MS, type EnqueueResumer, type ResumeResult } from '../../server/queue/enqueue-resumer.ts';
import type { Batch } from '../../server/batches/batch-schemas.ts';
import { RenderQueue } from '../../server/queue/render-queue.ts';
import { RenderService } from '../../server/renders/render-service.ts';
import { RenderStore } from '../../server/renders/render-store.ts';
import { colorDistance, decodeFrames, meanColor } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { isFinal, request, waitForRender } from './helpers/http.ts';
import { randomPrefix, startTestService, type TestService } from './helpers/service.ts';

/**
 * A render is written before its job is queued, a batch before its rows' renders. An API that
 * loses Redis for a moment, or dies, in between leaves a render without its job or rows without
 * a render; they must still run, every row with its own props, instead of waiting for ever.
 */

const blip = () => new Error('Connection is closed.');

async function getBatch(base: string, id: string): Promise<Batch> {
  const res = await request<Batch>(`${base}/v1/batches/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function waitForBatch(base: string, id: string): Promise<Batch> {
  const deadline = Date.now() + 120_000;
  let last: Batch | undefined;
  while (Date.now() < deadline) {
    last = await getBatch(base, id);
    if (last.status !== 'running') return last;
    await sleep(150);
  }
  throw new Error(`batch ${id} is still running: ${JSON.stringify(last)}`);
}

/** One pass of the resumer as if it ran `ahead` ms from now (the lock of an earlier pass lifted). */
async function resumeAt(svc: TestService, ahead: number): Promise<ResumeResult> {
  await svc.service.core.commands.del(svc.service.core.keys.enqueueResumeLock);
  return (svc.service.enqueueResumer as EnqueueResumer).sweepOnce(Date.now() + ahead);
}

describe('work whose API stopped before queueing it', () => {
  const prefix = randomPrefix();
  const scratch = tempDir('fw-batch-resume-');
  let api: TestService;
  let worker: TestService | undefined;

  beforeAll(async () => {
    // No worker in the API's process: nothing moves a render while the test arranges the failure.
    api = await startTestService({ worker: false, env: { QUEUE_PREFIX: prefix } });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    // Closed, not stopped: stop() would delete the keys of the prefix it shares with the API.
    await worker?.service.close();
    await api?.stop();
    scratch.cleanup();
  });

  it('rows left without a render, or with a render but no job, are queued by the resumer and render their own props', async () => {
    // One render record that is never written, and one whose job is never added (and whose
    // "failed to queue" mark cannot be written either): what Redis going away leaves.
    vi.spyOn(RenderStore.prototype, 'create').mockRejectedValueOnce(blip());
    vi.spyOn(RenderQueue.prototype, 'add').mockRejectedValueOnce(blip());
    vi.spyOn(RenderStore.prototype, 'update').mockRejectedValueOnce(blip());
    const colours = [
      [220, 40, 40],
      [40, 220, 40],
      [40, 40, 220],
      [230, 230, 30],
    ];
    const rows = colours.map(([r, g, b], i) => ({ sku: `resume-${i + 1}`, 'bg.r': r, 'bg.g': g, 'bg.b': b, show: i % 2 === 0 }));
    const created = await request<Batch>(`${api.url}/v1/batches`, { body: { template: 'batch-card', rows, output: { preset: 'ultrafast' }, cache: false } });
    // The batch exists, so it is accepted: a retry would only create a second one.
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    vi.restoreAllMocks();
    const batch = created.body;
    expect(batch.counts).toMatchObject({ rows: 4, accepted: 4, queued: 4, succeeded: 0 });

    const renders = await Promise.all(batch.rows!.map((r) => request<{ status: string }>(`${api.url}/v1/renders/${r.renderId}`)));
    expect(renders.map((r) => r.status).sort()).toEqual([200, 200, 200, 404]);
    const queue = new RenderQueue(api.service.core.bullConnection, api.config);
    try {
      const jobs = await Promise.all(batch.rows!.map((r) => queue.hasJob(r.renderId!)));
      expect(jobs.filter(Boolean)).toHaveLength(2);
    } finally {
      await queue.close();
    }
    // Still running, the unwritten row shown as queued (not as a finished render deleted since).
    const before = await getBatch(api.url, batch.id);
    expect(before.status).toBe('running');
    expect(before.rows!.map((r) => r.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
    expect(before.progress).toBe(0);
    expect(await api.service.core.batchStore.isEnqueuing(batch.id)).toBe(true);

    // A batch whose creator may still be at work is left alone; one silent for long is resumed.
    expect(await resumeAt(api, 0)).toEqual({ renders: 0, batches: 0 });
    // The render written without its job is found on its own, and the batch's missing row with it.
    expect(await resumeAt(api, ENQUEUE_STALE_MS + 1_000)).toEqual({ renders: 1, batches: 1 });
    expect(await api.service.core.batchStore.isEnqueuing(batch.id)).toBe(false);

    worker = await startTestService({ api: false, dataDir: api.dataDir, env: { QUEUE_PREFIX: prefix } });
    const done = await waitForBatch(api.url, batch.id);
    expect(done).toMatchObject({ status: 'completed', progress: 1, counts: { succeeded: 4, failed: 0, queued: 0 } });
    for (const row of done.rows!) {
      const file = path.join(scratch.dir, `${row.renderId}.mp4`);
      await writeFile(file, Buffer.from(await (await fetch(row.outputUrl!)).arrayBuffer()));
      const [frame] = await decodeFrames(file, 160, 90);
      expect(colorDistance(meanColor(frame!, 160, 110, 45), colours[row.row - 1]!), `row ${row.row} background`).toBeLessThan(14);
      expect(colorDistance(meanColor(frame!, 160, 20, 45), row.row % 2 === 1 ? [255, 255, 255] : [0, 0, 0]), `row ${row.row} show`).toBeLessThan(14);
    }
  });

  it('a render written whose job could not be queued keeps its Idempotency-Key, and runs once Redis is back', async () => {
    vi.spyOn(RenderQueue.prototype, 'add').mockRejectedValueOnce(blip());
    vi.spyOn(RenderStore.prototype, 'update').mockRejectedValueOnce(blip());
    const body = { template: 'batch-card', props: { sku: 'single', bg: { r: 200, g: 100, b: 0 }, show: true }, output: { preset: 'ultrafast' }, cache: false };
    const headers = { 'idempotency-key': 'one-render' };
    const refused = await request<{ code: string }>(`${api.url}/v1/renders`, { body, headers });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
    vi.restoreAllMocks();
    // The retry gets the render that exists rather than a second one.
    const retry = await request<{ id: string; status: string }>(`${api.url}/v1/renders`, { body, headers });
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.status).toBe('queued');
    expect(await resumeAt(api, ENQUEUE_STALE_MS + 1_000)).toEqual({ renders: 1, batches: 0 });
    const render = await waitForRender(api.url, retry.body.id, isFinal);
    expect(render.status).toBe('succeeded');
    const file = path.join(scratch.dir, `${render.id}.mp4`);
    await writeFile(file, Buffer.from(await (await fetch(`${api.url}/v1/renders/${render.id}/output`)).arrayBuffer()));
    const [frame] = await decodeFrames(file, 160, 90);
    expect(colorDistance(meanColor(frame!, 160, 110, 45), [200, 100, 0])).toBeLessThan(14);
  });

  it('a batch canceled before its last rows were queued ends canceled, those rows with it', async () => {
    await worker?.service.close();
    worker = undefined;
    vi.spyOn(RenderStore.prototype, 'create').mockRejectedValueOnce(blip());
    const created = await request<Batch>(`${api.url}/v1/batches`, { body: { template: 'batch-card', rows: [{ sku: 'c1' }, { sku: 'c2' }], output: { preset: 'ultrafast' }, cache: false } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    vi.restoreAllMocks();
    expect((await request(`${api.url}/v1/batches/${created.body.id}/cancel`, { method: 'POST' })).status).toBe(202);
    expect(await resumeAt(api, ENQUEUE_STALE_MS + 1_000)).toEqual({ renders: 0, batches: 1 });
    const done = await waitForBatch(api.url, created.body.id);
    expect(done).toMatchObject({ status: 'canceled', counts: { canceled: 2, queued: 0 } });
    expect(done.rows!.map((r) => r.error?.code)).toEqual(['CANCELED', 'CANCELED']);
  });

  it('a cancel that arrives while the batch is still being queued reaches the rows queued after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const enqueue = RenderService.prototype.enqueue;
    let calls = 0;
    vi.spyOn(RenderService.prototype, 'enqueue').mockImplementation(async function (this: RenderService, ...args) {
      // The second row waits until the cancel has been answered.
      if (calls++ === 1) await gate;
      return enqueue.apply(this, args);
    });
    const posting = request<Batch>(`${api.url}/v1/batches`, { body: { template: 'batch-card', rows: [{ sku: 'late1' }, { sku: 'late2' }], output: { preset: 'ultrafast' }, cache: false } });
    let id: string | undefined;
    while (!id) {
      const running = (await request<{ data: Batch[] }>(`${api.url}/v1/batches`)).body.data.find((b) => b.status === 'running');
      id = running?.id;
    }
    expect((await request(`${api.url}/v1/batches/${id}/cancel`, { method: 'POST' })).status).toBe(202);
    release();
    expect((await posting).status).toBe(202);
    vi.restoreAllMocks();
    const done = await waitForBatch(api.url, id);
    expect(done).toMatchObject({ status: 'canceled', counts: { canceled: 2, queued: 0 } });
  });

  it('a batch queued whole is not left to the resumer', async () => {
    const created = await request<Batch>(`${api.url}/v1/batches`, { body: { template: 'batch-card', rows: [{ sku: 'w1' }], output: { preset: 'ultrafast' }, cache: false } });
    expect(created.status).toBe(202);
    expect(await api.service.core.batchStore.isEnqueuing(created.body.id)).toBe(false);
    expect(await resumeAt(api, ENQUEUE_STALE_MS + 1_000)).toEqual({ renders: 0, batches: 0 });
    await request(`${api.url}/v1/batches/${created.body.id}/cancel`, { method: 'POST' });
  });
});
