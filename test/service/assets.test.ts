import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from '../../server/assets/asset-schemas.ts';
import { ApiKeyStore } from '../../server/auth/api-keys.ts';
import type { Problem } from '../../server/http/problem.ts';
import { RedisKeys } from '../../server/redis/keys.ts';
import { colorDistance, decodeFrames, meanColor } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
import { randomPrefix, SHARED_REDIS_URL, startTestService, type TestService } from './helpers/service.ts';

const run = promisify(execFile);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** POSTs one file as the multipart field `file`, as curl -F would. */
async function upload(base: string, key: string, bytes: Buffer, fileName: string, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)]), fileName);
  const res = await fetch(`${base}/v1/assets`, { method: 'POST', body: form, headers: bearer(key) });
  return { status: res.status, body: (await res.json()) as Asset & Problem };
}

describe('uploaded assets', () => {
  let svc: TestService;
  let redis: Redis;
  const scratch = tempDir('fw-assets-test-');
  const key = { alice: '', bob: '' };
  let png: Buffer;
  let wav: Buffer;

  beforeAll(async () => {
    const prefix = randomPrefix();
    redis = new Redis(SHARED_REDIS_URL);
    const store = new ApiKeyStore(redis, new RedisKeys(prefix));
    key.alice = (await store.create('alice')).key;
    key.bob = (await store.create('bob')).key;
    const pngFile = path.join(scratch.dir, 'blue.png');
    const wavFile = path.join(scratch.dir, 'tone.wav');
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=0x3366cc:s=32x18', '-frames:v', '1', pngFile]);
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.1', wavFile]);
    [png, wav] = await Promise.all([readFile(pngFile), readFile(wavFile)]);
    svc = await startTestService({ env: { QUEUE_PREFIX: prefix, MAX_ASSET_SIZE: '64kb' } });
  });

  afterAll(async () => {
    await svc?.stop();
    redis?.disconnect();
    scratch.cleanup();
  });

  it('uploads are content-addressed, owned by their key, served immutable, and listed', async () => {
    const first = await upload(svc.url, key.alice, png, 'logo.png');
    expect(first.status).toBe(201);
    const id = createHash('sha256').update(png).digest('hex');
    expect(first.body).toMatchObject({ id, ref: `asset:${id}`, kind: 'image', contentType: 'image/png', bytes: png.length, fileName: 'logo.png' });
    const again = await upload(svc.url, key.alice, png, 'other-name.bin');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(id);

    const content = await fetch(first.body.url, { headers: bearer(key.alice) });
    expect(content.status).toBe(200);
    expect(content.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);

    const list = await request<{ data: Asset[] }>(`${svc.url}/v1/assets`, { headers: bearer(key.alice) });
    expect(list.body.data.map((a) => a.id)).toEqual([id]);
    // Another key sees nothing of it.
    expect((await request(`${svc.url}/v1/assets/${id}`, { headers: bearer(key.bob) })).status).toBe(404);
    expect((await request(`${svc.url}/v1/assets/${id}/content`, { headers: bearer(key.bob) })).status).toBe(404);
    expect((await request<{ data: Asset[] }>(`${svc.url}/v1/assets`, { headers: bearer(key.bob) })).body.data).toEqual([]);
  });

  it('an uploaded image used in props appears in the frame, by ref or by URL; another key cannot use it', async () => {
    const asset = (await upload(svc.url, key.alice, png, 'logo.png')).body;
    const byRef = await submitRender(svc.url, { template: 'asset-image', props: { image: asset.ref }, output: { preset: 'ultrafast' } }, bearer(key.alice));
    const byUrl = await submitRender(svc.url, { template: 'asset-image', props: { image: asset.url }, output: { preset: 'ultrafast', crf: 20 } }, bearer(key.alice));
    for (const created of [byRef, byUrl]) {
      const done = await waitForRender(svc.url, created.id, isFinal, { headers: bearer(key.alice) });
      expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
      const file = path.join(scratch.dir, `${created.id}.mp4`);
      await writeFile(file, Buffer.from(await (await fetch(done.output!.url, { headers: bearer(key.alice) })).arrayBuffer()));
      const [frame] = await decodeFrames(file, 160, 90);
      expect(colorDistance(meanColor(frame!, 160, 80, 45), [0x33, 0x66, 0xcc])).toBeLessThan(12);
    }

    const stolen = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'asset-image', props: { image: asset.ref } }, headers: bearer(key.bob) });
    expect(stolen.status).toBe(422);
    expect(stolen.body.code).toBe('INVALID_PROPS');
    expect(stolen.body.errors?.[0]?.path).toEqual(['props', 'image']);
  });

  it('refuses files that are not media by their bytes, and files over MAX_ASSET_SIZE with 413', async () => {
    const text = await upload(svc.url, key.alice, Buffer.from('<html>not an image</html>'), 'logo.png');
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('ASSET_TYPE_NOT_ALLOWED');
    const big = await upload(svc.url, key.alice, Buffer.concat([png, Buffer.alloc(80 * 1024)]), 'big.png');
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const wrongField = await upload(svc.url, key.alice, png, 'logo.png', 'image');
    expect(wrongField.status).toBe(422);
    const json = await request<Problem>(`${svc.url}/v1/assets`, { body: { file: 'x' }, headers: bearer(key.alice) });
    expect(json.status).toBe(415);
    const presign = await request<Problem>(`${svc.url}/v1/assets/upload-url`, { body: { bytes: 10 }, headers: bearer(key.alice) });
    expect(presign.status).toBe(501);
    expect(presign.body.code).toBe('STORAGE_UNSUPPORTED');
  });

  it('a sound file in an image slot fails the render, naming the asset and its type', async () => {
    const sound = await upload(svc.url, key.alice, wav, 'photo.jpg');
    expect(sound.status).toBe(201);
    expect(sound.body.kind).toBe('audio');
    const created = await submitRender(svc.url, { template: 'asset-image', props: { image: sound.body.ref }, output: { preset: 'ultrafast' } }, bearer(key.alice));
    const done = await waitForRender(svc.url, created.id, isFinal, { headers: bearer(key.alice) });
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('ASSET_FETCH_FAILED');
    expect(done.error?.message).toContain('not an image');
    expect(done.attempts).toBe(1);
  });

  it('delete removes the asset for its key only', async () => {
    const bobs = await upload(svc.url, key.bob, png, 'mine.png');
    expect(bobs.status).toBe(201);
    expect((await request(`${svc.url}/v1/assets/${bobs.body.id}`, { method: 'DELETE', headers: bearer(key.alice) })).status).toBe(204);
    expect((await request(`${svc.url}/v1/assets/${bobs.body.id}`, { headers: bearer(key.alice) })).status).toBe(404);
    // Bob uploaded the same bytes: his asset and its file are still there.
    const still = await fetch(bobs.body.url, { headers: bearer(key.bob) });
    expect(still.status).toBe(200);
    expect(Buffer.from(await still.arrayBuffer()).equals(png)).toBe(true);
    expect((await request(`${svc.url}/v1/assets/${bobs.body.id}`, { method: 'DELETE', headers: bearer(key.alice) })).status).toBe(404);
  });
});
