import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../server/auth/api-keys.ts';
import type { Problem } from '../../server/http/problem.ts';
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
