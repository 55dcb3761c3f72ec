import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeFrames, meanColor, probe, videoStream } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { isFinal, request, submitRender, waitForRender } from '../service/helpers/http.ts';
import { startTestS3, type TestS3 } from '../service/helpers/s3.ts';
import { startTestService } from '../service/helpers/service.ts';

const BUCKET = 'split-renders';
const scratch = tempDir('fw-dist-s3-');
let s3rver: TestS3;

beforeAll(async () => {
  s3rver = await startTestS3(BUCKET, scratch.dir);
});
afterAll(async () => {
  await s3rver?.close();
  scratch.cleanup();
});

describe('a split render stored in S3', () => {
  it('joins segments fetched from the bucket and leaves only the final files there', async () => {
    const svc = await startTestService({ env: s3rver.env });
    try {
      const created = await submitRender(svc.url, { template: 'color-frames', props: { boxFrom: 15, boxDuration: 10 }, output: { chunks: 3, preset: 'ultrafast', poster: { frame: 31 } } });
      const done = await waitForRender(svc.url, created.id, isFinal);
      expect(done.error).toBeNull();
      expect(done.status).toBe('succeeded');
      const res = await request(`${svc.url}/v1/renders/${created.id}/output`);
      expect(res.status).toBe(302);
      const file = path.join(scratch.dir, 'split.mp4');
      await writeFile(file, Buffer.from(await (await fetch(res.headers.get('location')!)).arrayBuffer()));
      expect(Number(videoStream(await probe(file)).nb_read_frames)).toBe(60);
      (await decodeFrames(file, 320, 180)).forEach((frame, n) => expect(colorDistance(meanColor(frame, 320, 40, 150), colorOf(n)), `frame ${n}`).toBeLessThanOrEqual(14));

      const s3 = new S3Client({ endpoint: s3rver.endpoint, region: 'us-east-1', forcePathStyle: true });
      try {
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `renders/${created.id}/` }));
        const names = (listed.Contents ?? []).map((o) => o.Key!.slice(`renders/${created.id}/`.length)).sort();
        expect(names).toEqual(['output.mp4', 'poster.jpg', 'render.json']);
      } finally {
        s3.destroy();
      }
    } finally {
      await svc.stop();
    }
  });
});
