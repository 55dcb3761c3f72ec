import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDER_QUEUE } from '../../server/queue/render-job.ts';
import { redisOptions } from '../../server/redis/connection.ts';
import type { Problem } from '../../server/http/problem.ts';
import type { Render } from '../../server/renders/schemas.ts';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeFrames, meanColor, probe, videoStream } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { isFinal, request, smallRender, submitRender, waitForRender } from './helpers/http.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { readSse } from './helpers/sse.ts';

let svc: TestService;
const scratch = tempDir('fw-api-test-');

beforeAll(async () => {
  svc = await startTestService();
});

afterAll(async () => {
  await svc?.stop();
  scratch.cleanup();
});

describe('render lifecycle over HTTP', () => {
  it('submit → poll → succeeded → download: the file is what was asked for', async () => {
    const created = await submitRender(svc.url, smallRender({ metadata: { customer: 'c-42' } }));
    expect(created.status).toBe('queued');
    expect(created.id).toMatch(/^rnd_/);
    const done = await waitForRender(svc.url, created.id, isFinal);
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, attempts: 1, cached: false, metadata: { customer: 'c-42' }, error: null });
    expect(done.output).toMatchObject({ contentType: 'video/mp4', width: 320, height: 180, fps: 30, frames: 10 });
    // The background changes every frame: nothing can be reused.
    expect(done.frames).toMatchObject({ total: 10, captured: 10, reused: 0 });

    const res = await fetch(done.output!.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    // Hardening: helmet's headers, and no CORS unless CORS_ORIGINS allows an origin.
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const file = path.join(scratch.dir, 'download.mp4');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const facts = await probe(file);
    const video = videoStream(facts);
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180, r_frame_rate: '30/1' });
    expect(Number(video.nb_read_frames)).toBe(10);
    expect((await readFile(file)).length).toBe(done.output!.bytes);
    // Frame n of the file is frame n of the template.
    const frames = await decodeFrames(file, 320, 180);
    for (const n of [0, 5, 9]) expect(colorDistance(meanColor(frames[n]!, 320, 40, 140), colorOf(n))).toBeLessThan(12);

    // The job carries the engine's progress object as it is.
    const queue = new Queue(RENDER_QUEUE, { connection: redisOptions({ url: svc.config.redis.url! }), prefix: svc.config.redis.prefix });
    try {
      await expect.poll(async () => (await queue.getJob(created.id))?.progress).toEqual({ stage: 'done', renderedFrames: 10, encodedFrames: 10, totalFrames: 10, progress: 1, etaSeconds: 0 });
    } finally {
      await queue.close();
    }
  });

  it('serves the poster of a render that asked for one, and 404 for one that did not', async () => {
    const withPoster = await submitRender(svc.url, smallRender({ output: { frames: [0, 9], preset: 'ultrafast', poster: { frame: 4 } }, cache: false }));
    const done = await waitForRender(svc.url, withPoster.id, isFinal);
    expect(done.status).toBe('succeeded');
    expect(done.output!.posterUrl).toBe(`${svc.url}/v1/renders/${withPoster.id}/poster`);
    const poster = await fetch(done.output!.posterUrl!);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    const file = path.join(scratch.dir, 'poster.jpg');
    await writeFile(file, Buffer.from(await poster.arrayBuffer()));
    const [image] = await decodeFrames(file, 320, 180);
    expect(colorDistance(meanColor(image!, 320, 40, 150), colorOf(4))).toBeLessThanOrEqual(14);

    const without = await submitRender(svc.url, smallRender({ cache: false }));
    const plain = await waitForRender(svc.url, without.id, isFinal);
    expect(plain.output!.posterUrl).toBeNull();
    expect((await request<Problem>(`${svc.url}/v1/renders/${without.id}/poster`)).status).toBe(404);
  });

  it('serves byte ranges of the output', async () => {
    const created = await submitRender(svc.url, smallRender({ output: { frames: [0, 4], preset: 'ultrafast' } }));
    const done = await waitForRender(svc.url, created.id, isFinal);
    const whole = Buffer.from(await (await fetch(done.output!.url)).arrayBuffer());
    const part = await fetch(done.output!.url, { headers: { range: 'bytes=100-299' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-299/${whole.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(100, 300))).toBe(true);
  });

  it('stores the render metadata (request, timings, ffprobe facts) beside the output', async () => {
    const created = await submitRender(svc.url, smallRender({ props: { boxFrom: 2, boxDuration: 3 } }));
    await waitForRender(svc.url, created.id, isFinal);
    const meta = JSON.parse(await readFile(path.join(svc.dataDir, 'storage', 'renders', created.id, 'render.json'), 'utf8'));
    expect(meta).toMatchObject({ id: created.id, template: 'color-frames', request: { props: { boxFrom: 2, boxDuration: 3 } }, output: { width: 320, height: 180, frames: 10 } });
    expect(meta.timings.totalMs).toBeGreaterThan(0);
    expect(meta.ffprobe.streams[0].codec_name).toBe('h264');
  });

  it('streams progress over SSE and ends with the final state', async () => {
    const created = await submitRender(svc.url, { template: 'slow-frames', props: { msPerFrame: 40, frames: 30 }, output: { preset: 'ultrafast' } });
    const { status, contentType, events } = await readSse(`${svc.url}/v1/renders/${created.id}/events`);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    const last = events.at(-1)!;
    expect(last.event).toBe('final');
    expect(JSON.parse(last.data)).toMatchObject({ id: created.id, status: 'succeeded', progress: 1 });
    expect(events.slice(0, -1).every((e) => e.event === 'progress')).toBe(true);
    const progress = events.slice(0, -1).map((e) => JSON.parse(e.data) as Render);
    expect(progress.some((r) => r.status === 'active' && r.frames.total === 30)).toBe(true);
  });

  it('lists renders newest first with cursor pagination and a status filter', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submitRender(svc.url, smallRender({ cache: false }))).id);
    for (const id of ids) await waitForRender(svc.url, id, isFinal);
    const first = await request<{ data: Render[]; nextCursor: string | null }>(`${svc.url}/v1/renders?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toBe(ids[1]);
    const second = await request<{ data: Render[]; nextCursor: string | null }>(`${svc.url}/v1/renders?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data[0]!.id).toBe(ids[0]);
    const succeeded = await request<{ data: Render[] }>(`${svc.url}/v1/renders?status=succeeded&limit=100`);
    expect(succeeded.body.data.length).toBeGreaterThanOrEqual(3);
    expect(succeeded.body.data.every((r) => r.status === 'succeeded')).toBe(true);
    const failed = await request<{ data: Render[] }>(`${svc.url}/v1/renders?status=failed`);
    expect(failed.body.data).toEqual([]);
    const bad = await request<Problem>(`${svc.url}/v1/renders?status=done&limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors!.map((e) => e.path.join('.')).sort()).toEqual(['query.limit', 'query.status']);
  });
});

describe('request errors are problem+json', () => {
  it('invalid props → 422 naming the path', async () => {
    const res = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', props: { boxFrom: -3 } } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'INVALID_PROPS', type: expect.stringContaining('invalid-props') });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['props', 'boxFrom'] })]);
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('invalid output options → 422 naming the path and the value', async () => {
    const res = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', output: { crf: 99, frames: [50, 80] } } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_BODY');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['output', 'crf'], message: expect.stringContaining('got 99') })]);
    const range = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', output: { frames: [70, 80] } } });
    expect(range.status).toBe(422);
    expect(range.body.code).toBe('INVALID_OPTIONS');
    // Two ways of saying how to split: which one was meant is not guessed.
    const both = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', output: { chunks: 4, framesPerChunk: 10 } } });
    expect(both.status).toBe(422);
    expect(both.body.code).toBe('INVALID_OPTIONS');
    expect(both.body.errors?.map((e) => e.path)).toEqual([['output', 'framesPerChunk']]);
  });

  it('a frame range or still frame past the end → 422 naming the field', async () => {
    const range = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', output: { frames: [70, 80] } } });
    expect(range.status).toBe(422);
    expect(range.body.code).toBe('INVALID_OPTIONS');
    expect(range.body.errors).toEqual([expect.objectContaining({ path: ['output', 'frames'], message: expect.stringContaining('got 70') })]);
    const still = await request<Problem>(`${svc.url}/v1/stills`, { body: { template: 'color-frames', frame: 600 } });
    expect(still.status).toBe(422);
    expect(still.body.code).toBe('INVALID_OPTIONS');
    expect(still.body.errors).toEqual([expect.objectContaining({ path: ['frame'], message: expect.stringContaining('got 600') })]);
  });

  it('unknown template → 404', async () => {
    const res = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'no-such-template' } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TEMPLATE_NOT_FOUND');
  });

  it('a 2 MB body → 413', async () => {
    const res = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', metadata: { blob: 'x'.repeat(2 * 1024 * 1024) } } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('malformed JSON → 400, unknown render → 404, not JSON → 415', async () => {
    const bad = await request<Problem>(`${svc.url}/v1/renders`, { body: '{"template":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
    const missing = await request<Problem>(`${svc.url}/v1/renders/rnd_doesnotexist`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const text = await request<Problem>(`${svc.url}/v1/renders`, { body: 'template=x', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('cancel of a finished render → 409; output of an unfinished one → 409', async () => {
    const created = await submitRender(svc.url, smallRender());
    const done = await waitForRender(svc.url, created.id, isFinal);
    const cancel = await request<Problem>(`${svc.url}/v1/renders/${done.id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('RENDER_FINISHED');
    const slow = await submitRender(svc.url, { template: 'slow-frames', props: { msPerFrame: 50, frames: 20 } });
    const output = await request<Problem>(`${svc.url}/v1/renders/${slow.id}/output`);
    expect(output.status).toBe(409);
    expect(output.body.code).toBe('OUTPUT_NOT_READY');
    await waitForRender(svc.url, slow.id, isFinal);
  });
});

describe('templates, stills and operations', () => {
  it('lists templates with their props JSON Schema and defaults', async () => {
    const list = await request<{ data: Array<{ id: string }> }>(`${svc.url}/v1/templates`);
    expect(list.body.data.map((t) => t.id)).toEqual(['asset-image', 'batch-card', 'color-frames', 'slow-frames']);
    const one = await request<Record<string, unknown>>(`${svc.url}/v1/templates/color-frames`);
    expect(one.body).toMatchObject({ id: 'color-frames', width: 320, height: 180, fps: 30, durationInFrames: 60, defaultProps: { boxFrom: 20, boxDuration: 20 } });
    expect(one.body.propsSchema).toMatchObject({ type: 'object', properties: { boxFrom: { type: 'integer' } } });
    expect((await request(`${svc.url}/v1/templates/nope`)).status).toBe(404);
  });

  it('renders a still synchronously', async () => {
    const res = await fetch(`${svc.url}/v1/stills`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ template: 'color-frames', frame: 7, format: 'png' }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const file = path.join(scratch.dir, 'still.png');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const [image] = await decodeFrames(file, 320, 180);
    expect(colorDistance(meanColor(image!, 320, 40, 140), colorOf(7))).toBeLessThan(4);
    // Where the time went, as browsers' developer tools read it: name;dur=ms;desc="…", comma-separated.
    const timing = Object.fromEntries(
      (res.headers.get('server-timing') ?? '').split(', ').map((entry) => {
        const [name, dur] = entry.split(';');
        return [name, Number(dur?.replace('dur=', ''))];
      }),
    );
    expect(Object.keys(timing)).toEqual(['wait', 'resolve', 'open', 'seek', 'capture', 'total']);
    expect(timing.capture).toBeGreaterThan(0);
    expect(timing.wait! + timing.resolve! + timing.open! + timing.seek! + timing.capture!).toBeLessThanOrEqual(timing.total!);
    const bad = await request<Problem>(`${svc.url}/v1/stills`, { body: { template: 'color-frames', frame: 600 } });
    expect(bad.status).toBe(422);
    const metrics = await request<string>(`${svc.url}/metrics`);
    expect(metrics.body).toMatch(/framewright_still_duration_seconds_count\{format="png"\} 1\b/);
  });

  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await request(`${svc.url}/healthz`)).body).toEqual({ status: 'ok' });
    const ready = await request<{ status: string; checks: Record<string, { ok: boolean }> }>(`${svc.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ redis: { ok: true }, browser: { ok: true }, storage: { ok: true } });
    const metrics = await request<string>(`${svc.url}/metrics`);
    expect(metrics.body).toContain('framewright_queue_jobs{state="waiting"}');
    expect(metrics.body).toMatch(/framewright_renders_total\{status="succeeded"\} \d+/);
    expect(metrics.body).toContain('framewright_render_duration_seconds_bucket');
    expect(metrics.body).toContain('framewright_render_frames_per_second_count');
  });
});
