import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendantsMatching } from '../helpers/processes.ts';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
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

  /**
   * Tabs of the service's browser that show a template (its root has content); undefined when a
   * tab could not be asked (mid-navigation), so that nobody mistakes "could not look" for none.
   */
  async function tabsShowingATemplate(): Promise<number | undefined> {
    const lease = await svc.service.core.host.browsers.acquire();
    try {
      const counts = await Promise.all(
        (await lease.browser.pages()).map((page) => page.evaluate(() => document.getElementById('root')?.childElementCount ?? 0).catch(() => undefined)),
      );
      return counts.includes(undefined) ? undefined : counts.filter((n) => n! > 0).length;
    } finally {
      await lease.release();
    }
  }

  it('stops an active render mid-way: its FFmpeg is gone and its Chromium pages are back to idle', async () => {
    // The worker keeps one warm Chromium by design, the engine spare tabs per template site (a
    // render's tabs load the site again when it ends, and serve the next) and Chromium a spare
    // renderer process. So the idle state is measured after a render that completed, and after
    // the cancel the browser must be back to (at most) that state.
    const warmUp = await submitRender(svc.url, { template: 'slow-frames', props: { msPerFrame: 0, frames: 3 }, output: { preset: 'ultrafast' } });
    expect((await waitForRender(svc.url, warmUp.id, isFinal)).status).toBe('succeeded');
    // The spare tab and renderer start in the background: take the largest set seen for a second.
    let idle: number[] = [];
    for (let i = 0; i < 10; i++, await sleep(100)) if (chromiumPages().length > idle.length) idle = chromiumPages();

    // 200 frames at 150 ms each: half a minute of render unless the cancel works.
    const created = await submitRender(svc.url, { template: 'slow-frames', props: { msPerFrame: 150, frames: 200 }, output: { preset: 'ultrafast' } });
    const active = await waitForRender(svc.url, created.id, (r) => r.status === 'active' && r.frames.encoded >= 2);
    expect(active.stage).toBe('rendering');
    expect(ffmpegs().length).toBeGreaterThan(0);
    // Two capture pages (RENDER_CONCURRENCY=2) show the template.
    expect(await tabsShowingATemplate()).toBe(2);

    const res = await request<Render>(`${svc.url}/v1/renders/${created.id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(202);
    // Not a stopwatch (a loaded machine is slow): the proof that the render stopped rather than
    // ran out is that it ends canceled with most of its 200 frames never encoded.
    const canceled = await waitForRender(svc.url, created.id, (r) => r.status === 'canceled');
    expect(canceled).toMatchObject({ status: 'canceled', error: { code: 'CANCELED' }, output: null });
    expect(canceled.frames.encoded).toBeLessThan(150);

    expect(ffmpegs()).toEqual([]);
    // Page processes exit right after their pages close; give the kernel a moment to reap them.
    expect(await waitUntil(() => chromiumPages().length <= idle.length, 3_000)).toBe(true);
    // The tabs kept are blank documents of the site again: nothing of the canceled render runs.
    let showing = await tabsShowingATemplate();
    for (let i = 0; i < 30 && showing !== 0; i++, await sleep(100)) showing = await tabsShowingATemplate();
    expect(showing).toBe(0);

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
