import http from 'node:http';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaJobView } from '../../server/media/media-schemas.ts';
import { probe, videoStream } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { request } from '../service/helpers/http.ts';
import { startTestS3, type TestS3 } from '../service/helpers/s3.ts';
import { startTestService, type TestService } from '../service/helpers/service.ts';
import { makeTestVideo } from './inputs.ts';

const BUCKET = 'media-test';
const scratch = tempDir('fw-media-s3-');
let s3: TestS3;
let files: http.Server;
let svc: TestService;
let inputUrl = '';

beforeAll(async () => {
  const input = path.join(scratch.dir, 'clip.mp4');
  await makeTestVideo(input, { seconds: 3, width: 96, height: 54, fps: 25 });
  s3 = await startTestS3(BUCKET, scratch.dir);
  files = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'video/mp4' }).end(readFileSync(input)));
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  inputUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}/clip.mp4`;
  svc = await startTestService({
    env: {
      ...s3.env, S3_PART_SIZE: '5mb',
      MEDIA_ALLOW_PRIVATE_INPUTS: 'true',
    },
  });
});

afterAll(async () => {
  await svc?.stop();
  await new Promise((resolve) => files?.close(resolve));
  await s3?.close();
  scratch.cleanup();
});

describe('media jobs with S3 storage', () => {
  it('stages the input in the bucket, and an output download is a 302 to a presigned URL', async () => {
    const res = await request<MediaJobView>(`${svc.url}/v1/media-jobs`, { body: { input: inputUrl, outputs: [{ type: 'transcode', format: 'mp4', preset: 'ultrafast' }, { type: 'sprite', every: 1, columns: 3, width: 32 }] } });
    expect(res.status).toBe(202);
    let job = res.body;
    for (const deadline = Date.now() + 60_000; !['succeeded', 'failed', 'canceled'].includes(job.status) && Date.now() < deadline; await sleep(100)) {
      job = (await request<MediaJobView>(`${svc.url}/v1/media-jobs/${job.id}`)).body;
    }
    expect(job.status).toBe('succeeded');
    const redirect = await fetch(job.outputs[0]!.url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const presigned = redirect.headers.get('location')!;
    expect(presigned).toContain('X-Amz-Signature=');
    const file = path.join(scratch.dir, 'out.mp4');
    await writeFile(file, Buffer.from(await (await fetch(presigned)).arrayBuffer()));
    expect(videoStream(await probe(file))).toMatchObject({ codec_name: 'h264', width: 96, height: 54, nb_read_frames: '75' });
    expect(job.outputs[1]).toMatchObject({ name: 'sprite.zip', contentType: 'application/zip' });
  });
});
