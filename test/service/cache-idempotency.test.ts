import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../server/http/problem.ts';
import type { Render } from '../../server/renders/schemas.ts';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
import { startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});

afterAll(async () => {
  await svc?.stop();
});

const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

describe('render cache', () => {
  it('an identical request completes at once with the same output, without rendering', async () => {
    const body = { template: 'color-frames', props: { boxFrom: 3 }, output: { frames: [0, 7], preset: 'ultrafast', crf: 30 } };
    const first = await submitRender(svc.url, body);
    const done = await waitForRender(svc.url, first.id, isFinal);
    expect(done.status).toBe('succeeded');

    // Same meaning, different spelling: keys reordered, a default written out.
    const again = await submitRender(svc.url, { output: { crf: 30, preset: 'ultrafast', frames: [0, 7] }, props: { boxDuration: 20, boxFrom: 3 }, template: 'color-frames' });
    expect(again.id).not.toBe(first.id);
    // Succeeded in the POST response itself: no worker could have run it.
    expect(again).toMatchObject({ status: 'succeeded', cached: true, attempts: 0, progress: 1 });
    expect(again.output).toMatchObject({ bytes: done.output!.bytes, frames: 8, width: 320, height: 180 });
    // Every frame of the output is there: a hit counts them as rendered and encoded, as its source does.
    expect(again.frames).toEqual(done.frames);
    expect(again.frames).toMatchObject({ rendered: 8, encoded: 8, total: 8 });
    expect((await download(again.output!.url)).equals(await download(done.output!.url))).toBe(true);
  });

  it('"cache": false, other props or other output options render anew', async () => {
    const body = { template: 'color-frames', props: { boxFrom: 4 }, output: { frames: [0, 5], preset: 'ultrafast' } };
    const first = await submitRender(svc.url, body);
    await waitForRender(svc.url, first.id, isFinal);
    const optOut = await submitRender(svc.url, { ...body, cache: false });
    const otherProps = await submitRender(svc.url, { ...body, props: { boxFrom: 5 } });
    const otherOutput = await submitRender(svc.url, { ...body, output: { frames: [0, 5], preset: 'ultrafast', crf: 40 } });
    for (const r of [optOut, otherProps, otherOutput]) {
      expect(r).toMatchObject({ status: 'queued', cached: false });
      const done = await waitForRender(svc.url, r.id, isFinal);
      expect(done).toMatchObject({ status: 'succeeded', attempts: 1, cached: false });
    }
  });
});

describe('Idempotency-Key', () => {
  it('replays the same render for the same key and body, 409 for another body', async () => {
    const key = `order-${Date.now()}`;
    const body = { template: 'color-frames', output: { frames: [0, 3], preset: 'ultrafast' }, cache: false, metadata: { order: 1 } };
    const first = await request<Render>(`${svc.url}/v1/renders`, { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(202);
    const replay = await request<Render>(`${svc.url}/v1/renders`, { body: { metadata: { order: 1 }, cache: false, output: { preset: 'ultrafast', frames: [0, 3] }, template: 'color-frames' }, headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);

    const conflict = await request<Problem>(`${svc.url}/v1/renders`, { body: { ...body, metadata: { order: 2 } }, headers: { 'idempotency-key': key } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('IDEMPOTENCY_CONFLICT');

    // Only one render exists for the key, and it runs once.
    const done = await waitForRender(svc.url, first.body.id, isFinal);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    const other = await request<Render>(`${svc.url}/v1/renders`, { body, headers: { 'idempotency-key': `${key}-other` } });
    expect(other.body.id).not.toBe(first.body.id);
    await waitForRender(svc.url, other.body.id, isFinal);
  });

  it('a request refused as invalid does not use up the key', async () => {
    const key = `bad-then-good-${Date.now()}`;
    const bad = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', props: { boxFrom: -1 } }, headers: { 'idempotency-key': key } });
    expect(bad.status).toBe(422);
    const good = await request<Render>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', output: { frames: [0, 1], preset: 'ultrafast' } }, headers: { 'idempotency-key': key } });
    expect(good.status).toBe(202);
    await waitForRender(svc.url, good.body.id, isFinal);
  });
});
