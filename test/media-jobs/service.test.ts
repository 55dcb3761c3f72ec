import { existsSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../server/auth/api-keys.ts';
import type { Problem } from '../../server/http/problem.ts';
import type { MediaJobView } from '../../server/media/media-schemas.ts';
import { RedisKeys } from '../../server/redis/keys.ts';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { probe, videoStream } from '../helpers/media.ts';
import { renderChildren } from '../helpers/processes.ts';
import { tempDir } from '../helpers/project.ts';
import { request } from '../service/helpers/http.ts';
import { startReceiver, type Receiver } from '../service/helpers/receiver.ts';
import { randomPrefix, SHARED_REDIS_URL, startTestService, type TestService } from '../service/helpers/service.ts';
import { readSse } from '../service/helpers/sse.ts';
import { makeImage, makeTestVideo } from './inputs.ts';

const SECRET = `whsec_${Buffer.from('framewright-media-secret-0123456789').toString('base64')}`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

let tmp: { dir: string; cleanup: () => void };
let api: TestService;
let secondWorker: TestService;
let guarded: TestService;
let files_server: http.Server;
let filesUrl = '';
let redis: Redis;
let hooks: Receiver;
const key = { alice: '', bob: '', carol: '' };
let firstJob = '';
/** The test's inputs by name, and their asset refs once uploaded by alice. */
const files: Record<string, string> = {};
const ref: Record<string, string> = {};

async function upload(name: string, who: keyof typeof key = 'alice'): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(files[name]!)]), path.basename(files[name]!));
  const res = await fetch(`${api.url}/v1/assets`, { method: 'POST', body: form, headers: bearer(key[who]) });
  const body = (await res.json()) as { ref: string };
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload ${name}: ${res.status} ${JSON.stringify(body)}`);
  return body.ref;
}

async function submit(body: unknown, who: keyof typeof key = 'alice') {
  return request<MediaJobView & { code?: string; detail?: string }>(`${api.url}/v1/media-jobs`, { body, headers: bearer(key[who]) });
}

async function waitFor(id: string, done: (j: MediaJobView) => boolean): Promise<MediaJobView> {
  const deadline = Date.now() + 100_000;
  let last: MediaJobView | undefined;
  while (Date.now() < deadline) {
    last = (await request<MediaJobView>(`${api.url}/v1/media-jobs/${id}`, { headers: bearer(key.alice) })).body;
    if (done(last)) return last;
    await sleep(100);
  }
  throw new Error(`media job ${id} did not reach the state; last: ${JSON.stringify(last)}`);
}

beforeAll(async () => {
  tmp = tempDir('fw-media-svc-');
  const make = (name: string, v: Parameters<typeof makeTestVideo>[1]) => makeTestVideo((files[name] = path.join(tmp.dir, `${name}.mp4`)), v);
  await Promise.all([
    make('clip', { seconds: 6, width: 160, height: 90, fps: 25 }),
    make('long', { seconds: 12, width: 96, height: 54, fps: 25 }),
    make('too-long', { seconds: 21, width: 32, height: 18, fps: 5, audio: false }),
    makeImage((files.logo = path.join(tmp.dir, 'logo.png')), 32, 16, 'white'),
  ]);
  writeFileSync((files.notes = path.join(tmp.dir, 'notes.mp4')), 'not a video\n');
  const prefix = randomPrefix();
  redis = new Redis(SHARED_REDIS_URL);
  const keys = new ApiKeyStore(redis, new RedisKeys(prefix));
  key.alice = (await keys.create('alice')).key;
  key.bob = (await keys.create('bob')).key;
  // A key whose plan allows 5 s of video: tighter than MEDIA_MAX_DURATION.
  key.carol = (await keys.create('carol', { durationSecondsPerRender: 5 })).key;
  hooks = await startReceiver([200]);
  // Serves the test's files over HTTP, for URL inputs (loopback: allowed by MEDIA_ALLOW_PRIVATE_INPUTS here).
  files_server = http.createServer((req, res) => {
    const file = files[path.basename(req.url ?? '')];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'video/mp4' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => files_server.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files_server.address() as { port: number }).port}`;
  const env = {
    QUEUE_PREFIX: prefix, WEBHOOK_SECRETS: SECRET, WEBHOOK_ALLOW_PRIVATE: 'true', MEDIA_MAX_DURATION: '20s',
    MEDIA_SPLIT_THRESHOLD: '8s', MEDIA_SEGMENTS: '2', WORKER_CONCURRENCY: '1', MEDIA_ALLOW_PRIVATE_INPUTS: 'true',
  };
  api = await startTestService({ env });
  // A second worker on the same Redis: the two segments of a split job go one to each.
  secondWorker = await startTestService({ env: api.env, api: false, dataDir: api.dataDir });
  // The same keys behind the default network guard (no worker: it only has to answer the submit).
  guarded = await startTestService({ env: { ...api.env, MEDIA_ALLOW_PRIVATE_INPUTS: 'false', PORT: '0' }, worker: false, dataDir: api.dataDir });
  for (const name of ['clip', 'long', 'too-long', 'logo']) ref[name] = await upload(name);
});

afterAll(async () => {
  await guarded?.service.close();
  await secondWorker?.service.close();
  await new Promise((resolve) => files_server?.close(resolve));
  await api?.stop();
  await hooks?.close();
  redis?.disconnect();
  tmp?.cleanup();
});

describe('POST /v1/media-jobs', () => {
  it('runs a job to success with progress over SSE, outputs to download (Range) and a signed media.succeeded webhook', async () => {
    const res = await submit({
      input: ref.clip,
      outputs: [{ type: 'transcode', format: 'mp4', width: 96, preset: 'ultrafast' }, { type: 'thumbnails', at: [1, 2] }, { type: 'probe' }],
      watermark: { image: ref.logo, position: 'top-left', opacity: 0.5 },
      webhook: { url: hooks.url },
      metadata: { mine: 42 },
    });
    expect(res.status).toBe(202);
    firstJob = res.body.id;
    expect(res.headers.get('location')).toBe(`/v1/media-jobs/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'queued', input: { ref: ref.clip, width: 160, height: 90 }, metadata: { mine: 42 } });
    const sse = await readSse(`${api.url}/v1/media-jobs/${res.body.id}/events`, { headers: bearer(key.alice) });
    const final = JSON.parse(sse.events.at(-1)!.data) as MediaJobView;
    expect(sse.events.at(-1)!.event).toBe('final');
    expect(final.status).toBe('succeeded');
    expect(final.outputs.map((o) => [o.name, o.contentType])).toEqual([['video.mp4', 'video/mp4'], ['thumbnails.zip', 'application/zip'], ['probe.json', 'application/json']]);
    expect(final.outputs[0]).toMatchObject({ width: 96, height: 54 });

    const video = await fetch(final.outputs[0]!.url, { headers: { ...bearer(key.alice), range: 'bytes=0-99' } });
    expect(video.status).toBe(206);
    expect((await video.arrayBuffer()).byteLength).toBe(100);
    const whole = await fetch(final.outputs[0]!.url, { headers: bearer(key.alice) });
    const file = path.join(tmp.dir, 'downloaded.mp4');
    await writeFile(file, Buffer.from(await whole.arrayBuffer()));
    expect(videoStream(await probe(file))).toMatchObject({ codec_name: 'h264', width: 96, height: 54, nb_read_frames: '150' });
    const probeJson = await (await fetch(final.outputs[2]!.url, { headers: bearer(key.alice) })).json();
    expect(probeJson).toMatchObject({ durationSeconds: 6, video: { width: 160, height: 90 } });

    await waitUntil(() => hooks.received.some((h) => h.body.includes(res.body.id)));
    const hook = hooks.received.find((h) => h.body.includes(res.body.id))!;
    const payload = new Webhook(SECRET).verify(hook.body, hook.headers) as { type: string; data: MediaJobView };
    expect(payload.type).toBe('media.succeeded');
    expect(payload.data.outputs).toHaveLength(3);
    const deliveries = await request<{ data: Array<{ event: string; status: string }> }>(`${api.url}/v1/media-jobs/${res.body.id}/webhooks`, { headers: bearer(key.alice) });
    expect(deliveries.body.data.map((d) => d.event)).toEqual(['media.succeeded']);
  });

  it('counts finished jobs in Prometheus: framewright_media_jobs_total and the duration of successful ones', async () => {
    // The job of the test above ran on one of the two worker processes; each counts what it did.
    const sum = async (metric: string, pick: (v: { value: number; labels: Partial<Record<string, string | number>>; metricName?: string | undefined }) => boolean) => {
      let total = 0;
      for (const svc of [api, secondWorker]) {
        const values = (await svc.service.core.metrics.registry.getSingleMetric(metric)?.get())?.values ?? [];
        for (const v of values) if (pick(v)) total += v.value;
      }
      return total;
    };
    const counted = (metric: string) =>
      metric === 'framewright_media_jobs_total' ? sum(metric, (v) => v.labels.status === 'succeeded') : sum(metric, (v) => v.metricName === `${metric}_count`);
    expect(await counted('framewright_media_jobs_total')).toBeGreaterThanOrEqual(1);
    expect(await counted('framewright_media_job_duration_seconds')).toBeGreaterThanOrEqual(1);
    const text = await (await fetch(`${api.url}/metrics`, { headers: bearer(key.alice) })).text();
    expect(text).toContain('# TYPE framewright_media_jobs_total counter');
    expect(text).toContain('# TYPE framewright_media_job_duration_seconds histogram');
  });

  it('with an Idempotency-Key a repeat returns the same job, another body is a 409, and a refused first request frees the key', async () => {
    const body = { input: ref.clip, outputs: [{ type: 'probe' }] };
    const withKey = (who: keyof typeof key, idem: string) => ({ ...bearer(key[who]), 'idempotency-key': idem });
    const first = await request<MediaJobView>(`${api.url}/v1/media-jobs`, { body, headers: withKey('alice', 'media-1') });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await request<MediaJobView>(`${api.url}/v1/media-jobs`, { body, headers: withKey('alice', 'media-1') });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await request<Problem>(`${api.url}/v1/media-jobs`, { body: { ...body, outputs: [{ type: 'thumbnails', count: 1 }] }, headers: withKey('alice', 'media-1') });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_CONFLICT');
    // Keys are per API key: bob's "media-1" is his own (his request is refused for its own reason).
    expect((await request<Problem>(`${api.url}/v1/media-jobs`, { body, headers: withKey('bob', 'media-1') })).status).toBe(404);
    // A first request that is refused (a text file is not media) does not keep the key.
    const refused = await request<Problem>(`${api.url}/v1/media-jobs`, { body: { input: `${filesUrl}/notes`, outputs: [{ type: 'probe' }] }, headers: withKey('alice', 'media-2') });
    expect(refused.status).toBe(422);
    const retried = await request<MediaJobView>(`${api.url}/v1/media-jobs`, { body, headers: withKey('alice', 'media-2') });
    expect(retried.status).toBe(202);
    expect(retried.body.id).not.toBe(first.body.id);
    for (const id of [first.body.id, retried.body.id]) await waitFor(id, (j) => j.status === 'succeeded');
  });

  it('is 422 naming why for a text file, an input over the duration limit, a missing output stream; a loopback URL is refused', async () => {
    const text = await submit({ input: `${filesUrl}/notes`, outputs: [{ type: 'probe' }] });
    expect([text.status, text.body.code]).toEqual([422, 'MEDIA_INPUT_INVALID']);
    expect(text.body.detail).toMatch(/not a media file/);
    const long = await submit({ input: ref['too-long'], outputs: [{ type: 'probe' }] });
    expect([long.status, long.body.code]).toEqual([422, 'MEDIA_LIMIT_EXCEEDED']);
    expect(long.body.detail).toMatch(/21\.\d\d s long; the limit is 20 s/);
    const silent = await submit({ input: ref['too-long'], outputs: [{ type: 'audio', format: 'mp3' }] });
    expect(silent.status).toBe(422);
    const loop = await request<Problem>(`${guarded.url}/v1/media-jobs`, { body: { input: `${filesUrl}/clip`, outputs: [{ type: 'probe' }] }, headers: bearer(key.alice) });
    expect(loop.status).toBe(422);
    expect(loop.body.code).toBe('ASSET_FETCH_FAILED');
    expect(loop.body.detail).toMatch(/127\.0\.0\.1/);
    const planned = await submit({ input: `${filesUrl}/clip`, outputs: [{ type: 'probe' }] }, 'carol');
    expect([planned.status, planned.body.code]).toEqual([422, 'MEDIA_LIMIT_EXCEEDED']);
    expect(planned.body.detail).toMatch(/6\.\d\d s long; the limit is 5 s/);
    // Through the URL the guard allowed here, the same file is fine; another key's asset is not found.
    expect((await submit({ input: `${filesUrl}/clip`, outputs: [{ type: 'probe' }] })).status).toBe(202);
    expect((await submit({ input: ref.clip, outputs: [{ type: 'probe' }] }, 'bob')).status).toBe(404);
    const bad = await submit({ input: 'ftp://example.com/a.mp4', outputs: [{ type: 'transcode', format: 'avi' }] });
    expect([bad.status, bad.body.code]).toEqual([422, 'INVALID_BODY']);
  });

  it("another key's job is a 404 everywhere and lists are per key, newest first with a cursor", async () => {
    const a = await submit({ input: ref.clip, outputs: [{ type: 'probe' }] });
    const b = await submit({ input: ref.clip, outputs: [{ type: 'probe' }] });
    for (const suffix of ['', '/events', '/outputs/0', '/webhooks']) expect((await request(`${api.url}/v1/media-jobs/${a.body.id}${suffix}`, { headers: bearer(key.bob) })).status).toBe(404);
    expect((await request(`${api.url}/v1/media-jobs/${a.body.id}/cancel`, { method: 'POST', headers: bearer(key.bob) })).status).toBe(404);
    expect((await request<{ data: unknown[] }>(`${api.url}/v1/media-jobs`, { headers: bearer(key.bob) })).body.data).toEqual([]);
    const page = await request<{ data: MediaJobView[]; nextCursor: string }>(`${api.url}/v1/media-jobs?limit=1`, { headers: bearer(key.alice) });
    expect(page.body.data.map((j) => j.id)).toEqual([b.body.id]);
    const next = await request<{ data: MediaJobView[] }>(`${api.url}/v1/media-jobs?limit=1&cursor=${page.body.nextCursor}`, { headers: bearer(key.alice) });
    expect(next.body.data.map((j) => j.id)).toEqual([a.body.id]);
    await waitFor(b.body.id, (j) => j.status === 'succeeded');
  });

  it('cancel mid-transcode: canceled, no FFmpeg left, no output stored', async () => {
    const res = await submit({ input: ref.clip, outputs: [{ type: 'transcode', format: 'webm', preset: 'veryslow' }], webhook: { url: hooks.url } });
    await waitFor(res.body.id, (j) => j.status === 'active' && j.progress > 0);
    const cancel = await request<MediaJobView>(`${api.url}/v1/media-jobs/${res.body.id}/cancel`, { method: 'POST', headers: bearer(key.alice) });
    expect(cancel.status).toBe(202);
    const done = await waitFor(res.body.id, (j) => j.status !== 'active');
    expect(done.status).toBe('canceled');
    expect(done.outputs).toEqual([]);
    expect(renderChildren()).toEqual([]);
    expect(existsSync(path.join(api.dataDir, 'storage', 'media', res.body.id, 'outputs'))).toBe(false);
    const again = await request<Problem>(`${api.url}/v1/media-jobs/${res.body.id}/cancel`, { method: 'POST', headers: bearer(key.alice) });
    expect([again.status, again.body.code]).toEqual([409, 'MEDIA_JOB_FINISHED']);
    await waitUntil(() => hooks.received.some((h) => h.body.includes(res.body.id) && h.body.includes('media.canceled')));
  });

  it('a long input is split across two workers: the joined output has the input duration and frame count', async () => {
    const res = await submit({ input: ref.long, outputs: [{ type: 'transcode', format: 'mp4', preset: 'ultrafast' }, { type: 'thumbnails', count: 2 }] });
    const done = await waitFor(res.body.id, (j) => ['succeeded', 'failed', 'canceled'].includes(j.status));
    expect(done.status).toBe('succeeded');
    expect(await redis.hlen(`${api.config.redis.prefix}:media-segments:${res.body.id}`)).toBe(2);
    const file = path.join(tmp.dir, 'joined.mp4');
    await writeFile(file, Buffer.from(await (await fetch(done.outputs[0]!.url, { headers: bearer(key.alice) })).arrayBuffer()));
    const [joined, source] = await Promise.all([probe(file), probe(files.long!)]);
    expect(videoStream(joined).nb_read_frames).toBe(videoStream(source).nb_read_frames);
    expect(Math.abs(Number(videoStream(joined).duration) - Number(videoStream(source).duration))).toBeLessThan(0.02);
    expect(joined.streams.some((s) => s.codec_type === 'audio')).toBe(true);
    expect(done.outputs[1]).toMatchObject({ name: 'thumbnails.zip' });
  });
});

describe('split jobs: cancel', () => {
  it('a cancel while the segments run stops every worker\'s FFmpeg and keeps no output', async () => {
    const res = await submit({ input: ref.long, outputs: [{ type: 'transcode', format: 'webm', preset: 'veryslow' }] });
    await waitFor(res.body.id, (j) => /Split into 2 segments/.test(j.statusDetail ?? ''));
    await waitUntil(() => renderChildren().length > 0);
    expect((await request(`${api.url}/v1/media-jobs/${res.body.id}/cancel`, { method: 'POST', headers: bearer(key.alice) })).status).toBe(202);
    const done = await waitFor(res.body.id, (j) => j.status !== 'active');
    expect(done.status).toBe('canceled');
    await waitUntil(() => renderChildren().length === 0);
    expect(existsSync(path.join(api.dataDir, 'storage', 'media', res.body.id, 'outputs'))).toBe(false);
  });
});

describe('retention', () => {
  it('deletes a job past RENDER_RETENTION with everything stored for it', async () => {
    const { MediaRetention } = await import('../../server/media/media-retention.ts');
    const { MediaKeys, MediaStore } = await import('../../server/media/media-store.ts');
    const { core } = api.service;
    const keys = new MediaKeys(api.config.redis.prefix);
    const stored = path.join(api.dataDir, 'storage', 'media', firstJob);
    expect(existsSync(stored)).toBe(true);
    const sweeper = new MediaRetention({ redis: core.commands, keys, store: new MediaStore(core.commands, keys), storage: core.storage, logger: core.logger });
    expect(await sweeper.sweepOnce(Date.now() + api.config.retentionMs + 60_000)).toBeGreaterThan(0);
    expect((await request(`${api.url}/v1/media-jobs/${firstJob}`, { headers: bearer(key.alice) })).status).toBe(404);
    expect(existsSync(stored)).toBe(false);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await sleep(50);
  }
}
