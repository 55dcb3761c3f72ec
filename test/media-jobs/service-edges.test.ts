import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiKeyStore } from '../../server/auth/api-keys.ts';
import type { Problem } from '../../server/http/problem.ts';
import { MediaQueue } from '../../server/media/media-queue.ts';
import { MediaRetention } from '../../server/media/media-retention.ts';
import { MediaKeys, MediaStore } from '../../server/media/media-store.ts';
import { ENQUEUE_STALE_MS } from '../../server/queue/enqueue-resumer.ts';
import { RedisKeys } from '../../server/redis/keys.ts';
import { tempDir } from '../helpers/project.ts';
import { request } from '../service/helpers/http.ts';
import { randomPrefix, SHARED_REDIS_URL, startTestService, type TestService } from '../service/helpers/service.ts';
import { makeImage, makeTestVideo } from './inputs.ts';

/** What a user of POST /v1/media-jobs sees for requests the main service test does not cover. */

let tmp: { dir: string; cleanup: () => void };
let api: TestService;
let redis: Redis;
const key = { alice: '', bob: '' };
const ref: Record<string, string> = {};

async function upload(file: string, who: keyof typeof key): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), path.basename(file));
  const res = await fetch(`${api.url}/v1/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key[who]}` } });
  const body = (await res.json()) as { ref: string };
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload ${file}: ${res.status} ${JSON.stringify(body)}`);
  return body.ref;
}

const submit = (body: unknown) => request<Problem & { id?: string }>(`${api.url}/v1/media-jobs`, { body, headers: { authorization: `Bearer ${key.alice}` } });

beforeAll(async () => {
  tmp = tempDir('fw-media-svc-edges-');
  const clip = path.join(tmp.dir, 'clip.mp4');
  const logo = path.join(tmp.dir, 'logo.png');
  await Promise.all([makeTestVideo(clip, { seconds: 1, width: 64, height: 36, fps: 25 }), makeImage(logo, 16, 8, 'white')]);
  const prefix = randomPrefix();
  redis = new Redis(SHARED_REDIS_URL);
  const keys = new ApiKeyStore(redis, new RedisKeys(prefix));
  key.alice = (await keys.create('alice')).key;
  key.bob = (await keys.create('bob')).key;
  // No worker: these requests are all answered (or refused) by the submit itself.
  api = await startTestService({ env: { QUEUE_PREFIX: prefix }, worker: false });
  ref.clip = await upload(clip, 'alice');
  ref.bobsLogo = await upload(logo, 'bob');
});

afterAll(async () => {
  await api?.stop();
  redis?.disconnect();
  tmp?.cleanup();
});

describe('POST /v1/media-jobs refusals name the field', () => {
  it('a watermark asset that is missing or another key\'s is a 404 naming watermark.image, not input', async () => {
    const missing = await submit({ input: ref.clip, outputs: [{ type: 'probe' }], watermark: { image: `asset:${'0'.repeat(64)}` } });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    expect(missing.body.errors?.map((e) => e.path)).toEqual([['watermark', 'image']]);
    const others = await submit({ input: ref.clip, outputs: [{ type: 'probe' }], watermark: { image: ref.bobsLogo } });
    expect(others.status).toBe(404);
    expect(others.body.errors?.map((e) => e.path)).toEqual([['watermark', 'image']]);
    // The input's own refusal still names input.
    const input = await submit({ input: ref.bobsLogo, outputs: [{ type: 'probe' }] });
    expect(input.status).toBe(404);
    expect(input.body.errors?.map((e) => e.path)).toEqual([['input']]);
  });

  it('a sprite sheet too big for the input is a 422 MEDIA_LIMIT_EXCEEDED naming outputs.N.every, and nothing is queued', async () => {
    const res = await submit({ input: ref.clip, outputs: [{ type: 'probe' }, { type: 'sprite', every: 0.0001, columns: 1, width: 16 }] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('MEDIA_LIMIT_EXCEEDED');
    expect(res.body.errors?.map((e) => e.path)).toEqual([['outputs', 1, 'every']]);
    const list = await request<{ data: unknown[] }>(`${api.url}/v1/media-jobs`, { headers: { authorization: `Bearer ${key.alice}` } });
    expect(list.body.data).toEqual([]);
  });
});

describe('a media job written whose queue job could not be added', () => {
  it('keeps its Idempotency-Key (the retry gets it back) and is queued by the resumer once Redis is back', async () => {
    const blip = () => new Error('Connection is closed.');
    vi.spyOn(MediaQueue.prototype, 'add').mockRejectedValueOnce(blip());
    vi.spyOn(MediaStore.prototype, 'update').mockRejectedValueOnce(blip());
    const body = { input: ref.clip, outputs: [{ type: 'probe' }] };
    const headers = { authorization: `Bearer ${key.alice}`, 'idempotency-key': 'media-blip' };
    let refused;
    try {
      refused = await request<Problem>(`${api.url}/v1/media-jobs`, { body, headers });
    } finally {
      vi.restoreAllMocks();
    }
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
    const retry = await request<{ id: string; status: string }>(`${api.url}/v1/media-jobs`, { body, headers });
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.status).toBe('queued');

    const { core } = api.service;
    const keys = new MediaKeys(api.config.redis.prefix);
    const queue = new MediaQueue(core.bullConnection, api.config);
    try {
      expect(await queue.hasJob(retry.body.id)).toBe(false);
      const resumer = new MediaRetention({ redis: core.commands, keys, store: new MediaStore(core.commands, keys), storage: core.storage, logger: core.logger, queue });
      // Not before its API could still be at work; after, once.
      expect(await resumer.resumeStale(Date.now())).toBe(0);
      expect(await resumer.resumeStale(Date.now() + ENQUEUE_STALE_MS + 1_000)).toBe(1);
      expect(await queue.hasJob(retry.body.id)).toBe(true);
      expect(await resumer.resumeStale(Date.now() + ENQUEUE_STALE_MS + 1_000)).toBe(0);
    } finally {
      await queue.close();
    }
  });
});
