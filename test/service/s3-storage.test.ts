import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/config/load-config.ts';
import { S3Storage } from '../../server/storage/s3-storage.ts';
import { probe, videoStream } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
import { startTestS3, type TestS3 } from './helpers/s3.ts';
import { startTestService } from './helpers/service.ts';

const BUCKET = 'renders-test';
const scratch = tempDir('fw-s3-');
let s3rver: TestS3;

beforeAll(async () => {
  s3rver = await startTestS3(BUCKET, scratch.dir);
});

afterAll(async () => {
  await s3rver?.close();
  scratch.cleanup();
});

function s3Env(): Record<string, string> {
  return { ...s3rver.env, S3_PART_SIZE: '5mb', S3_PRESIGN_EXPIRES: '10m' };
}

function storage(): S3Storage {
  const config = loadConfig({ ...s3Env(), DATA_DIR: scratch.dir });
  if (config.storage.kind !== 's3') throw new Error('expected s3 storage');
  return new S3Storage(config.storage);
}

describe('S3 storage (s3rver on loopback)', () => {
  it('uploads a file and serves it through a presigned URL', async () => {
    const file = path.join(scratch.dir, 'small.bin');
    await writeFile(file, randomBytes(200_000));
    const s3 = storage();
    await s3.putFile('renders/r1/output.mp4', file, { contentType: 'video/mp4' });
    expect(await s3.exists('renders/r1/output.mp4')).toBe(true);
    expect(await s3.exists('renders/r1/missing.mp4')).toBe(false);
    const located = await s3.locate('renders/r1/output.mp4', { downloadName: 'r1.mp4' });
    expect(located.kind).toBe('url');
    const url = (located as { url: string }).url;
    expect(url).toContain('X-Amz-Signature=');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(file))).toBe(true);
    await s3.putJson('renders/r1/render.json', { id: 'r1', ok: true });
    expect(await s3.getJson('renders/r1/render.json')).toEqual({ id: 'r1', ok: true });
    await s3.deletePrefix('renders/r1/');
    expect(await s3.exists('renders/r1/output.mp4')).toBe(false);
    s3.destroy();
  });

  it('uses a multipart upload for a file over the part size (> 5 MB)', async () => {
    const file = path.join(scratch.dir, 'big.bin');
    await writeFile(file, randomBytes(11 * 1024 * 1024));
    const s3 = storage();
    const send = vi.spyOn(S3Client.prototype, 'send');
    await s3.putFile('renders/r2/output.mp4', file, { contentType: 'video/mp4' });
    const sent = send.mock.calls.map(([command]) => command.constructor.name);
    send.mockRestore();
    // 11 MB in 5 MB parts: three parts, then the completion; never one big PUT.
    expect(sent).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand']);
    const client = new S3Client({ region: 'us-east-1', endpoint: s3rver.endpoint, forcePathStyle: true });
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'renders/r2/output.mp4' }));
    client.destroy();
    expect(head.ContentLength).toBe(11 * 1024 * 1024);
    const located = await s3.locate('renders/r2/output.mp4', { downloadName: 'r2.mp4' });
    const res = await fetch((located as { url: string }).url);
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(file))).toBe(true);
    s3.destroy();
  });

  it('serves a render output as a 302 to a presigned URL', async () => {
    const svc = await startTestService({ env: s3Env() });
    try {
      const created = await submitRender(svc.url, { template: 'color-frames', output: { frames: [0, 9], preset: 'ultrafast' } });
      const done = await waitForRender(svc.url, created.id, isFinal);
      expect(done.status).toBe('succeeded');
      const res = await request(`${svc.url}/v1/renders/${created.id}/output`);
      expect(res.status).toBe(302);
      const location = res.headers.get('location')!;
      expect(location.startsWith(`${s3rver.endpoint}/${BUCKET}/renders/${created.id}/output.mp4?`)).toBe(true);
      const file = path.join(scratch.dir, 'from-s3.mp4');
      await writeFile(file, Buffer.from(await (await fetch(location)).arrayBuffer()));
      expect(videoStream(await probe(file))).toMatchObject({ width: 320, height: 180, nb_read_frames: '10' });
      expect((await request(`${svc.url}/readyz`)).status).toBe(200);
    } finally {
      await svc.stop();
    }
  });
});
