import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMediaJob } from '../../src/media-jobs/pipeline.ts';
import { probe, videoStream } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';

/** Media-job edge cases a user meets with real uploads: odd sizes, sparse frames, extreme sprite settings. */

const run = promisify(execFile);
let tmp: { dir: string; cleanup: () => void };

beforeAll(() => {
  tmp = tempDir('fw-media-edges-');
});

afterAll(() => tmp?.cleanup());

describe('an input with odd sides', () => {
  it('is never upscaled by rounding to even: 321x181 gives 320x180 transcodes, HLS and thumbnails', async () => {
    const input = path.join(tmp.dir, 'odd.mp4');
    // testsrc2 itself rounds to even sizes: scale after it to get a really odd frame (4:4:4 allows odd sides).
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=1', '-vf', 'scale=321:181', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv444p', input]);
    expect(videoStream(await probe(input))).toMatchObject({ width: 321, height: 181 });
    const { artifacts } = await runMediaJob({
      input,
      workDir: path.join(tmp.dir, 'odd-out'),
      outputs: [
        { type: 'transcode', format: 'mp4', preset: 'ultrafast' },
        { type: 'transcode', format: 'mp4', width: 400, preset: 'ultrafast' },
        { type: 'hls', preset: 'ultrafast' },
        { type: 'thumbnails', count: 1, format: 'png' },
      ],
    });
    const [plain, asked, hls, thumbs] = artifacts;
    for (const file of [plain!.path, asked!.path, path.join(hls!.path, '180p', 'segment-000.ts'), path.join(thumbs!.path, 'thumb-0001-0.5s.png')]) {
      expect(videoStream(await probe(file)), file).toMatchObject({ width: 320, height: 180 });
    }
    expect(artifacts.map((a) => [a.width, a.height])).toEqual([[320, 180], [320, 180], [320, 180], [320, 180]]);
  });
});
