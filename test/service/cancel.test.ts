import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendantsMatching } from '../helpers/processes.ts';
import { request, submitRender, waitForRender } from './helpers/http.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import type { Render } from '../../server/renders/schemas.ts';

/** FFmpeg processes and Chromium page (renderer) processes under this test process. */
const ffmpegs = () => descendantsMatching(process.pid, /(^|\/)ffmpeg /);
const chromiumPages = () => descendantsMatching(process.pid, /chromium.*--type=renderer/);

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(100);
  }
  return check();
}

describe('cancel', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ env: { RENDER_CONCURRENCY: '2' } });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('stops an active render within 5 s, leaving no FFmpeg and no Chromium page process', async () => {
    // The worker keeps one warm Chromium (by design) with its blank start page; launch it first so
    // that what remains after the cancel can be told apart from what the render started.
    expect((await request(`${svc.url}/readyz`)).status).toBe(200);
    const warmBrowserPages = chromiumPages();
    // 200 frames at 150 ms each: half a minute of render unless the cancel works.
    const created = await submitRender(svc.url, { template: 'slow-frames', props: { msPerFrame: 150, frames: 200 }, output: { preset: 'ultrafast' } });
    const active = await waitForRender(svc.url, created.id, (r) => r.status === 'active' && r.frames.encoded >= 2);
    expect(active.stage).toBe('rendering');
    expect(ffmpegs().length).toBeGreaterThan(0);
    expect(chromiumPages().filter((pid) => !warmBrowserPages.includes(pid)).length).toBeGreaterThan(0);

    const canceledAt = Date.now();
    const res = await request<Render>(`${svc.url}/v1/renders/${created.id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(202);
    const canceled = await waitForRender(svc.url, created.id, (r) => r.status === 'canceled', { timeoutMs: 5_000 });
    expect(Date.now() - canceledAt).toBeLessThan(5_000);
    expect(canceled).toMatchObject({ status: 'canceled', error: { code: 'CANCELED' }, output: null });
    expect(canceled.frames.encoded).toBeLessThan(200);

    expect(ffmpegs()).toEqual([]);
    // Page processes exit right after their page closes; give the kernel a moment to reap them.
    const renderPagesGone = () => chromiumPages().every((pid) => warmBrowserPages.includes(pid));
    expect(await waitUntil(renderPagesGone, 3_000)).toBe(true);

    // Nothing half-written is left as an output.
    const output = await request(`${svc.url}/v1/renders/${created.id}/output`);
    expect(output.status).toBe(409);
    // The worker is free again: the next render runs normally.
    const next = await submitRender(svc.url, { template: 'color-frames', output: { frames: [0, 4], preset: 'ultrafast' } });
    expect((await waitForRender(svc.url, next.id, (r) => r.status !== 'queued' && r.status !== 'active')).status).toBe('succeeded');
  });
});

describe('cancel of a queued render', () => {
  let api: TestService;
  beforeAll(async () => {
    api = await startTestService({ worker: false });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('takes it off the queue and marks it canceled at once', async () => {
    const created = await submitRender(api.url, { template: 'color-frames' });
    expect(created.status).toBe('queued');
    const res = await request<Render>(`${api.url}/v1/renders/${created.id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('canceled');
    const again = await request(`${api.url}/v1/renders/${created.id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
  });
});
