import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from '../../server/assets/asset-schemas.ts';
import type { Problem } from '../../server/http/problem.ts';
import { tempDir } from '../helpers/project.ts';
import { request } from './helpers/http.ts';
import { startTestS3, type TestS3 } from './helpers/s3.ts';
import { startTestService, type TestService } from './helpers/service.ts';

const BUCKET = 'assets-test';
const scratch = tempDir('fw-assets-s3-');
let s3: TestS3;
let svc: TestService;

beforeAll(async () => {
  s3 = await startTestS3(BUCKET, scratch.dir);
  svc = await startTestService({
    worker: false,
    env: { ...s3.env, S3_PRESIGN_EXPIRES: '10m', MAX_ASSET_SIZE: '1mb' },
  });
});

afterAll(async () => {
  await svc?.stop();
  await s3?.close();
  scratch.cleanup();
});

type UploadUrl = { uploadId: string; url: string; method: string; completeUrl: string };

describe('uploaded assets on S3: presigned upload straight to the bucket', () => {
  it('PUT to the presigned URL, complete: the file is hashed and sniffed like a direct upload and served by redirect', async () => {
    const png = path.join(scratch.dir, 'red.png');
    await promisify(execFile)('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=16x16', '-frames:v', '1', png]);
    const bytes = await readFile(png);
    const upload = await request<UploadUrl>(`${svc.url}/v1/assets/upload-url`, { body: { bytes: bytes.length, fileName: 'red.png' } });
    expect(upload.status).toBe(201);
    expect(upload.body.method).toBe('PUT');
    const put = await fetch(upload.body.url, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-length': String(bytes.length) } });
    expect(put.status).toBe(200);
    const done = await request<Asset>(upload.body.completeUrl, { method: 'POST' });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ id: createHash('sha256').update(bytes).digest('hex'), kind: 'image', contentType: 'image/png', bytes: bytes.length, fileName: 'red.png' });
    // Completing twice finds nothing: the staged object is gone.
    expect((await request(upload.body.completeUrl, { method: 'POST' })).status).toBe(404);

    const content = await request(done.body.url);
    expect(content.status).toBe(302);
    expect(content.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const fetched = await fetch(content.headers.get('location')!);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuses a completed upload that is not media, and a size over MAX_ASSET_SIZE up front', async () => {
    const text = Buffer.from('just some text, named like an image');
    const upload = await request<UploadUrl>(`${svc.url}/v1/assets/upload-url`, { body: { bytes: text.length, fileName: 'x.png' } });
    await fetch(upload.body.url, { method: 'PUT', body: new Uint8Array(text), headers: { 'content-length': String(text.length) } });
    const refused = await request<Problem>(upload.body.completeUrl, { method: 'POST' });
    expect(refused.status).toBe(415);
    expect(refused.body.code).toBe('ASSET_TYPE_NOT_ALLOWED');
    const big = await request<Problem>(`${svc.url}/v1/assets/upload-url`, { body: { bytes: 2 * 1024 * 1024 } });
    expect(big.status).toBe(413);
  });
});
