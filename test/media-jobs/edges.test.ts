import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { runMediaJob } from '../../src/media-jobs/pipeline.ts';
import type { MediaOutput } from '../../src/media-jobs/spec.ts';
import { readFile } from 'node:fs/promises';
import { cropRgb, decodeImage, meanDifference, pixel, probe, videoStream } from '../helpers/media.ts';
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

describe('a sprite of a variable-frame-rate input with a gap', () => {
  it('fills every tile with the frame shown at its cue time, so cues after the gap still point at their own time', async () => {
    // 8 s at 25 fps with no frames from 2 s to 6 s (a screen recording that sent nothing while
    // the screen was still): a player shows the 1.96 s frame from 2 s until 6 s.
    const input = path.join(tmp.dir, 'gap.mp4');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=8', '-vf', "select='not(between(t,2,5.99))'", '-fps_mode', 'passthrough', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', input]);
    const { artifacts } = await runMediaJob({ input, workDir: path.join(tmp.dir, 'gap-out'), outputs: [{ type: 'sprite', every: 1, columns: 4, width: 80 }] });
    const s = artifacts[0]!;
    const vtt = await readFile(path.join(s.path, 'sprite.vtt'), 'utf8');
    const cues = [...vtt.matchAll(/(\d\d):(\d\d):(\d\d)\.(\d{3}) --> [\d:.]+\nsprite\.jpg#xywh=(\d+),(\d+),(\d+),(\d+)/g)].map((m) => ({
      start: Number(m[3]) + Number(m[4]) / 1000, x: Number(m[5]), y: Number(m[6]), w: Number(m[7]), h: Number(m[8]),
    }));
    expect(cues.map((c) => c.start)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The input's frames as stored (no frame-rate conversion), at tile size.
    const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', input, '-fps_mode', 'passthrough', '-vf', `scale=${cues[0]!.w}:${cues[0]!.h}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
    const size = cues[0]!.w * cues[0]!.h * 3;
    const frames = Array.from({ length: stdout.length / size }, (_, i) => stdout.subarray(i * size, (i + 1) * size));
    expect(frames).toHaveLength(100);
    // Frame shown at t: 25 a second before the gap (index t·25), the last one (49) during it, then 50 + (t − 6)·25.
    const shownAt = (t: number) => (t < 2 ? t * 25 : t < 6 ? 49 : 50 + (t - 6) * 25);
    const sheet = await decodeImage(path.join(s.path, 'sprite.jpg'), s.width!, s.height!);
    for (const c of cues) {
      const tile = cropRgb(sheet, s.width!, c.x, c.y, c.w, c.h);
      // Of all the input's frames, the tile is closest to the one shown at its time (JPEG and
      // the small size leave a few levels of noise; neighbouring frames are further off).
      const distances = frames.map((f) => meanDifference(tile, f));
      expect(distances.indexOf(Math.min(...distances)), `tile of the cue at ${c.start} s`).toBe(shownAt(c.start));
    }
  });
});

describe('thumbnails', () => {
  /** 10 fps, luma 16 + 7·n in frame n: a thumbnail's grey says which frame it is. */
  async function numberedFrames(file: string, extra: string[] = []): Promise<void> {
    await run('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=size=64x64:rate=10:duration=3',
      '-vf', "geq=lum='16+7*N':cb=128:cr=128", ...extra, '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv444p', '-g', '10', file,
    ]);
  }
  // The grey decodes to RGB from limited-range luma: back to luma, then to the frame number.
  const frameOf = async (file: string) => Math.round((pixel(await decodeImage(file, 64, 64), 64, 32, 32)[0] * 219) / 255 / 7);

  it('show the frame a player shows at their time: the last one at or before it, not the next', async () => {
    const input = path.join(tmp.dir, 'numbered.mp4');
    await numberedFrames(input);
    const at = [0, 0.1, 0.55, 1.05, 1.99, 2.5];
    const { artifacts } = await runMediaJob({ input, workDir: path.join(tmp.dir, 'numbered-out'), outputs: [{ type: 'thumbnails', at, format: 'png' }] });
    const index = JSON.parse(await readFile(path.join(artifacts[0]!.path, 'thumbnails.json'), 'utf8')) as { thumbnails: Array<{ time: number; file: string }> };
    const shown = await Promise.all(index.thumbnails.map((t) => frameOf(path.join(artifacts[0]!.path, t.file))));
    // Frame n is on screen from n/10 s to (n+1)/10 s.
    expect(shown).toEqual([0, 1, 5, 10, 19, 25]);
  });

  it('across a gap of a variable-frame-rate input, an image is still written, and after it the frame on screen', async () => {
    const input = path.join(tmp.dir, 'gap.mp4');
    // Frames 0–9 at 0.0–0.9 s, then none until frame 20 at 2.0 s: a screen that held still.
    await numberedFrames(input, ['-vf', "geq=lum='16+7*N':cb=128:cr=128,select='lt(n\\,10)+gte(n\\,20)'", '-fps_mode', 'vfr']);
    const { artifacts } = await runMediaJob({ input, workDir: path.join(tmp.dir, 'gap-out'), outputs: [{ type: 'thumbnails', at: [1.5, 2.05], format: 'png' }] });
    const index = JSON.parse(await readFile(path.join(artifacts[0]!.path, 'thumbnails.json'), 'utf8')) as { thumbnails: Array<{ time: number; file: string }> };
    const shown = await Promise.all(index.thumbnails.map((t) => frameOf(path.join(artifacts[0]!.path, t.file))));
    expect(shown[1]).toBe(20);
    // In the gap, an image is always written: the last frame before it, or at worst the one that ends it.
    expect([9, 20]).toContain(shown[0]);
  });
});

describe('audio outputs', () => {
  // An ADTS .aac has no index: ffprobe guesses its length from the bitrate (4.62 s for this 5 s
  // input), and the job reported the guess as the output's duration.
  it('report the real duration of each format, AAC (ADTS) included', async () => {
    const input = path.join(tmp.dir, 'tone-5s.mp4');
    await makeTestVideo(input, { seconds: 5, width: 64, height: 36, fps: 25 });
    const { artifacts } = await runMediaJob({
      input, workDir: path.join(tmp.dir, 'audio-out'),
      outputs: [{ type: 'audio', format: 'aac' }, { type: 'audio', format: 'mp3' }, { type: 'audio', format: 'wav' }],
    });
    for (const a of artifacts) expect(Math.abs(a.durationSeconds! - 5), a.name).toBeLessThan(1 / 25 + 1e-6);
  });
});

describe('a variable-frame-rate input', () => {
  // 5 s at 30 fps with no frames from 2 s to 3 s: 120 frames, an average of 24 fps. Made
  // constant with the encoder's `-r … -fps_mode cfr`, the output grew two frames (122, 5.08 s)
  // past the input.
  it('transcodes and HLS keep the input duration: round(duration × average rate) frames', async () => {
    const input = path.join(tmp.dir, 'vfr.mp4');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30:duration=5', '-vf', "select='not(between(t,2,2.99))'", '-fps_mode', 'passthrough', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', input]);
    const { artifacts } = await runMediaJob({
      input, workDir: path.join(tmp.dir, 'vfr-out'),
      outputs: [{ type: 'transcode', format: 'mp4', preset: 'ultrafast' }, { type: 'transcode', format: 'webm', preset: 'ultrafast' }, { type: 'hls', preset: 'ultrafast' }],
    });
    const frames = async (file: string) => {
      const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]);
      // An HLS playlist lists the stream once per program too: the first line is the count.
      return Number(stdout.trim().split('\n')[0]);
    };
    for (const a of artifacts.filter((x) => x.type === 'transcode')) {
      expect(await frames(a.path), a.name).toBe(120);
      expect(Math.abs(a.durationSeconds! - 5), a.name).toBeLessThan(1 / 24);
    }
    const hls = artifacts.find((x) => x.type === 'hls')!;
    expect(await frames(path.join(hls.path, `${hls.height}p`, 'index.m3u8'))).toBe(120);
  });
});

describe('HLS of a 29.97 fps input', () => {
  // Keyframes every 60 frames are 2.002 s apart, so 6 s segments are 6.006 s long; FFmpeg wrote
  // EXT-X-TARGETDURATION:6 (its lrint), under every full segment. Players that hold the target
  // as a ceiling (and Apple's validator) reject that.
  it('writes an EXT-X-TARGETDURATION no shorter than any segment', async () => {
    const input = path.join(tmp.dir, 'ntsc.mp4');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=96x54:rate=30000/1001:duration=14', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', input]);
    const { artifacts } = await runMediaJob({ input, workDir: path.join(tmp.dir, 'ntsc-out'), outputs: [{ type: 'hls', preset: 'ultrafast' }] });
    const playlist = await readFile(path.join(artifacts[0]!.path, '54p', 'index.m3u8'), 'utf8');
    const target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(playlist)![1]);
    const durations = [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].map((x) => Number(x[1]));
    expect(Math.max(...durations)).toBeGreaterThan(6);
    expect(target).toBeGreaterThanOrEqual(Math.max(...durations));
  });
});
