import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { runMediaJob } from '../../src/media-jobs/pipeline.ts';
import type { MediaOutput } from '../../src/media-jobs/spec.ts';
import { probe, videoStream } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { makeTestVideo } from './inputs.ts';

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

describe('outputs whose size depends on the input length', () => {
  /**
   * Runs one output on a 2 s input and returns how it was refused. Work that starts is stopped
   * at once (abort at the 'processing' stage), so an unchecked request fails fast as CANCELED.
   */
  async function refusal(output: MediaOutput): Promise<FramewrightError> {
    const input = path.join(tmp.dir, 'two-seconds.mp4');
    await makeTestVideo(input, { seconds: 2, width: 64, height: 36, fps: 25, audio: false });
    const stop = new AbortController();
    const error = await runMediaJob({
      input,
      workDir: path.join(tmp.dir, `refused-${output.type}`),
      outputs: [output],
      signal: stop.signal,
      onProgress: (p) => {
        if (p.stage === 'processing') stop.abort(new Error('the check let the job start'));
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FramewrightError);
    return error as FramewrightError;
  }

  it('a sprite sheet over the JPEG size is MEDIA_LIMIT_EXCEEDED naming `every` before any FFmpeg runs', async () => {
    // A tile every 0.25 ms up to the last frame (1.96 s): 7841 tiles of 16x10 in one column.
    const error = await refusal({ type: 'sprite', every: 0.00025, columns: 1, width: 16 });
    expect(error.code).toBe('MEDIA_LIMIT_EXCEEDED');
    expect(error.issues[0]?.path).toEqual(['outputs', 0, 'every']);
    expect(error.message).toMatch(/sprite sheet would be 16x78410 .*65500 pixels a side/);
  });

  it('a sprite sheet over MEDIA_MAX_PIXELS is refused the same way (a memory bomb otherwise)', async () => {
    // 50 tiles of 1920x1080 in one column: 1920x54000, 104 million pixels.
    const error = await refusal({ type: 'sprite', every: 0.04, columns: 1, width: 1920 });
    expect(error.code).toBe('MEDIA_LIMIT_EXCEEDED');
    expect(error.issues[0]?.path).toEqual(['outputs', 0, 'every']);
  });

  it('thumbnails `every` that would make more than 1000 images are refused like `count` over 1000', async () => {
    const error = await refusal({ type: 'thumbnails', every: 0.001, format: 'jpeg' });
    expect(error.code).toBe('MEDIA_LIMIT_EXCEEDED');
    expect(error.issues[0]?.path).toEqual(['outputs', 0, 'every']);
    expect(error.message).toMatch(/1961 images; the limit is 1000/);
  });
});
