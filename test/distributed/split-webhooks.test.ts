import { afterEach, describe, expect, it } from 'vitest';
import { isFinal, submitRender, waitForRender } from '../service/helpers/http.ts';
import { startReceiver, type Receiver } from '../service/helpers/receiver.ts';
import { startTestService, type TestService } from '../service/helpers/service.ts';

const SECRET = `whsec_${Buffer.from('framewright-split-secret-0123456789').toString('base64')}`;
let svc: TestService | undefined;
let hooks: Receiver | undefined;
afterEach(async () => {
  await svc?.stop();
  await hooks?.close();
  svc = undefined;
  hooks = undefined;
});

describe('webhooks of a split render', () => {
  it('fire once for the whole render, not once per chunk, with the assembled output', async () => {
    hooks = await startReceiver([200]);
    svc = await startTestService({ env: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_SECRETS: SECRET, WORKER_CONCURRENCY: '2' } });
    const created = await submitRender(svc.url, { template: 'color-frames', cache: false, output: { chunks: 3, preset: 'ultrafast' }, webhook: { url: hooks.url, events: ['render.started', 'render.succeeded', 'render.failed'] } });
    const done = await waitForRender(svc.url, created.id, isFinal);
    expect(done.status).toBe('succeeded');
    // A second render's hooks arriving means the first one's have all been sent.
    const marker = await submitRender(svc.url, { template: 'color-frames', cache: false, output: { frames: [0, 1], preset: 'ultrafast' }, webhook: { url: hooks.url } });
    await waitForRender(svc.url, marker.id, isFinal);
    await expect.poll(() => hooks!.received.some((r) => JSON.parse(r.body).data.id === marker.id), { timeout: 30_000 }).toBe(true);
    const mine = hooks.received.map((r) => JSON.parse(r.body) as { type: string; data: { id: string; output?: { frames?: number; url?: string } } }).filter((e) => e.data.id === created.id);
    expect(mine.map((e) => e.type).sort()).toEqual(['render.started', 'render.succeeded']);
    expect(mine.find((e) => e.type === 'render.succeeded')!.data.output?.url).toBe(done.output!.url);
  });
});
