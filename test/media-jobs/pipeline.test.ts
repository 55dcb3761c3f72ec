import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { runMediaJob, type MediaArtifact } from '../../src/media-jobs/pipeline.ts';
import { cropRgb, decodeFrames, decodeFramesExact, decodeImage, meanDifference, probe, videoStream } from '../helpers/media.ts';
import { renderChildren } from '../helpers/processes.ts';
import { tempDir } from '../helpers/project.ts';
import { makeImage, makeTestVideo } from './inputs.ts';

const run = promisify(execFile);
// The 20 s testsrc2 with a tone, at 320x180: what is checked (sizes, frames, pixels) does not depend on the size.
const W = 320;
const H = 180;
const FPS = 25;
const SECONDS = 20;

let tmp: { dir: string; cleanup: () => void };
let input: string;
let artifacts: MediaArtifact[];
let inputFrames: Buffer[];

const artifact = (type: string) => artifacts.find((a) => a.type === type)!;

beforeAll(async () => {
  tmp = tempDir('fw-media-');
  input = path.join(tmp.dir, 'input.mp4');
  await makeTestVideo(input, { seconds: SECONDS, width: W, height: H, fps: FPS });
  // Decoded with exact rounding and full chroma, as the thumbnails are made (see color.test.ts).
  inputFrames = await decodeFramesExact(input);
  const result = await runMediaJob({
    input,
    workDir: path.join(tmp.dir, 'work'),
    outputs: [
      { type: 'transcode', format: 'mp4', width: 160, preset: 'ultrafast' },
      { type: 'transcode', format: 'webm', height: 90, preset: 'ultrafast' },
      { type: 'hls', renditions: [{ height: 180 }, { height: 90 }], preset: 'ultrafast' },
      { type: 'thumbnails', at: [1, 5, 12], format: 'png' },
      { type: 'sprite', every: 5, columns: 3, width: 80 },
      { type: 'audio', format: 'mp3' },
      { type: 'probe' },
    ],
  });
  artifacts = result.artifacts;
});

afterAll(() => tmp?.cleanup());

describe('media job outputs from a 20 s testsrc2 with a tone', () => {
  it('MP4 and WebM transcodes have the asked size, codec, duration (± one frame) and audio', async () => {
    for (const [type, codec, audio, w, h] of [['video.mp4', 'h264', 'aac', 160, 90], ['video.webm', 'vp9', 'opus', 160, 90]] as const) {
      const a = artifacts.find((x) => x.name === type)!;
      const p = await probe(a.path);
      const v = videoStream(p);
      expect([v.codec_name, v.width, v.height]).toEqual([codec, w, h]);
      expect(Number(v.nb_read_frames)).toBe(SECONDS * FPS);
      expect(Math.abs(Number(p.format.duration) - SECONDS)).toBeLessThanOrEqual(1 / FPS + 0.03);
      expect(p.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe(audio);
      expect(a.width).toBe(w);
    }
  });

  it('thumbnails at 1 s, 5 s and 12 s are the input frames shown at those times', async () => {
    const t = artifact('thumbnails');
    const index = JSON.parse(await readFile(path.join(t.path, 'thumbnails.json'), 'utf8')) as { thumbnails: Array<{ time: number; file: string }> };
    expect(index.thumbnails.map((x) => x.time)).toEqual([1, 5, 12]);
    for (const { time, file } of index.thumbnails) {
      const image = await decodeImage(path.join(t.path, file), W, H);
      const frame = Math.round(time * FPS);
      const own = meanDifference(image, inputFrames[frame]!);
      // testsrc2 moves every frame: the neighbours are measurably different pictures.
      expect(own).toBeLessThan(1.5);
      expect(own).toBeLessThan(meanDifference(image, inputFrames[frame + 1]!) / 2);
      expect(own).toBeLessThan(meanDifference(image, inputFrames[frame - 1]!) / 2);
    }
  });

  it("the sprite's WebVTT cues point at tiles showing the frames of their start times", async () => {
    const s = artifact('sprite');
    const vtt = await readFile(path.join(s.path, 'sprite.vtt'), 'utf8');
    const cues = [...vtt.matchAll(/(\d\d):(\d\d):(\d\d)\.(\d{3}) --> [\d:.]+\nsprite\.jpg#xywh=(\d+),(\d+),(\d+),(\d+)/g)].map((m) => ({
      start: Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000,
      x: Number(m[5]), y: Number(m[6]), w: Number(m[7]), h: Number(m[8]),
    }));
    expect(cues.map((c) => c.start)).toEqual([0, 5, 10, 15]);
    const sheet = await decodeImage(path.join(s.path, 'sprite.jpg'), s.width!, s.height!);
    const tiles = cues.map((c) => cropRgb(sheet, s.width!, c.x, c.y, c.w, c.h));
    for (const [i, c] of cues.entries()) {
      const [expected] = await decodeFrames(await frameAt(c.start), c.w, c.h);
      const own = meanDifference(tiles[i]!, expected!);
      for (const [j, other] of tiles.entries()) if (j !== i) expect(own).toBeLessThan(meanDifference(other, expected!));
      expect(own).toBeLessThan(8);
    }
  });

  it('the HLS master lists every rendition and FFmpeg decodes each end to end', async () => {
    const h = artifact('hls');
    const master = await readFile(path.join(h.path, 'master.m3u8'), 'utf8');
    expect(master).toMatch(/RESOLUTION=320x180[^\n]*\n180p\/index\.m3u8/);
    expect(master).toMatch(/RESOLUTION=160x90[^\n]*\n90p\/index\.m3u8/);
    for (const r of ['180p', '90p']) {
      const { stderr } = await run('ffmpeg', ['-v', 'error', '-stats', '-i', path.join(h.path, r, 'index.m3u8'), '-map', '0:v', '-f', 'null', '-'], { encoding: 'utf8' });
      const frames = Number(/frame=\s*(\d+)/.exec(stderr.split('\r').filter(Boolean).at(-1) ?? '')?.[1]);
      expect(frames).toBe(SECONDS * FPS);
    }
  });

  it('extracts the audio and describes the input', async () => {
    const p = await probe(artifact('audio').path);
    expect(p.streams.map((s) => s.codec_name)).toEqual(['mp3']);
    const info = JSON.parse(await readFile(artifact('probe').path, 'utf8'));
    expect(info).toMatchObject({ durationSeconds: SECONDS, video: { codec: 'h264', width: W, height: H, fps: FPS, rotation: 0, variableFrameRate: false }, audio: { codec: 'aac' } });
  });
});

/** A one-frame PNG of the input at `time`, for tiles compared at their own size. */
async function frameAt(time: number): Promise<string> {
  const file = path.join(tmp.dir, `frame-${time}.png`);
  await run('ffmpeg', ['-v', 'error', '-y', '-ss', String(time), '-i', input, '-frames:v', '1', file]);
  return file;
}

describe('watermark', () => {
  it('blends the image at the asked corner with the asked opacity and leaves the rest of the frame unchanged', async () => {
    const logo = path.join(tmp.dir, 'logo.png');
    await makeImage(logo, 64, 32, 'red');
    // Lossless H.264 (crf 0), so any change outside the mark would show.
    const transcode = { type: 'transcode' as const, format: 'mp4' as const, crf: 0, preset: 'ultrafast' as const, audio: false };
    const [plain, marked] = await Promise.all([
      runMediaJob({ input, workDir: path.join(tmp.dir, 'plain'), outputs: [transcode] }),
      runMediaJob({ input, workDir: path.join(tmp.dir, 'marked'), outputs: [transcode], watermark: { file: logo, position: 'bottom-right', margin: 8, width: 0.25, opacity: 0.5 } }),
    ]);
    const [a] = await decodeFrames(await oneFrame(plain.artifacts[0]!.path, 5), W, H);
    const [b] = await decodeFrames(await oneFrame(marked.artifacts[0]!.path, 5), W, H);
    // 0.25 × 320 = 80 px wide, 40 high (the logo's 2:1), 8 px from the right and bottom edges.
    const box = { x: W - 8 - 80, y: H - 8 - 40, w: 80, h: 40 };
    const inside = (x: number, y: number) => x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
    let outsideDiff = 0;
    let outsideCount = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const near = x >= box.x - 2 && x < box.x + box.w + 2 && y >= box.y - 2 && y < box.y + box.h + 2;
        if (near) continue;
        const o = (y * W + x) * 3;
        outsideDiff += Math.abs(a![o]! - b![o]!) + Math.abs(a![o + 1]! - b![o + 1]!) + Math.abs(a![o + 2]! - b![o + 2]!);
        outsideCount += 3;
      }
    }
    expect(outsideDiff / outsideCount).toBeLessThan(0.5);
    let checked = 0;
    for (let y = box.y + 3; y < box.y + box.h - 3; y += 3) {
      for (let x = box.x + 3; x < box.x + box.w - 3; x += 3) {
        expect(inside(x, y)).toBe(true);
        const o = (y * W + x) * 3;
        const expected = [0.5 * 255 + 0.5 * a![o]!, 0.5 * a![o + 1]!, 0.5 * a![o + 2]!];
        const got = [b![o]!, b![o + 1]!, b![o + 2]!];
        for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - expected[c]!)).toBeLessThan(24);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

async function oneFrame(file: string, time: number): Promise<string> {
  const out = `${file}.${time}.png`;
  await run('ffmpeg', ['-v', 'error', '-y', '-ss', String(time), '-i', file, '-frames:v', '1', out]);
  return out;
}

describe('input checks and cancel', () => {
  it('a text file named .mp4 is MEDIA_INPUT_INVALID naming why; a long input is over the duration limit', async () => {
    const text = path.join(tmp.dir, 'notes.mp4');
    await writeFile(text, 'this is not a video\n');
    const bad = await runMediaJob({ input: text, workDir: path.join(tmp.dir, 'bad'), outputs: [{ type: 'probe' }] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(FramewrightError);
    expect((bad as FramewrightError).code).toBe('MEDIA_INPUT_INVALID');
    expect((bad as FramewrightError).message).toMatch(/not a media file/);
    const long = await runMediaJob({ input, workDir: path.join(tmp.dir, 'long'), outputs: [{ type: 'probe' }], limits: { maxDurationSeconds: 10 } }).catch((e: unknown) => e);
    expect((long as FramewrightError).code).toBe('MEDIA_LIMIT_EXCEEDED');
    expect((long as FramewrightError).message).toMatch(/20\.00 s long; the limit is 10 s/);
  });

  it('cancel mid-transcode stops FFmpeg and rejects with CANCELED', async () => {
    const controller = new AbortController();
    const error = await runMediaJob({
      input,
      workDir: path.join(tmp.dir, 'cancel'),
      outputs: [{ type: 'transcode', format: 'webm', preset: 'slow' }],
      signal: controller.signal,
      onProgress: (p) => {
        if (p.progress > 0) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((error as FramewrightError).code).toBe('CANCELED');
    expect(renderChildren()).toEqual([]);
  });

  it('honours rotation metadata: a 90° input gives an upright, portrait output without the tag', async () => {
    const turned = path.join(tmp.dir, 'turned.mp4');
    await makeTestVideo(turned, { seconds: 1, width: 64, height: 36, fps: FPS, rotate: 90, audio: false });
    const result = await runMediaJob({ input: turned, workDir: path.join(tmp.dir, 'turned'), outputs: [{ type: 'probe' }, { type: 'transcode', format: 'mp4', preset: 'ultrafast' }] });
    // FFmpeg 5.1 stores the tag as a display matrix of +90° (counter-clockwise): 270° clockwise, as its own autorotate reads it.
    expect(result.info.video).toMatchObject({ rotation: 270, width: 36, height: 64 });
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', result.artifacts[1]!.path]);
    const v = (JSON.parse(stdout) as { streams: Array<{ width: number; height: number; side_data_list?: unknown[]; tags?: Record<string, string> }> }).streams[0]!;
    expect([v.width, v.height]).toEqual([36, 64]);
    expect(v.side_data_list ?? []).toEqual([]);
  });
});

describe('long inputs split at keyframes', () => {
  it('two segments joined by stream copy have the duration and frame count of the input, with its audio', async () => {
    const { inspectInput } = await import('../../src/media-jobs/inspect-input.ts');
    const { splitTranscode } = await import('../../src/media-jobs/segments.ts');
    const long = path.join(tmp.dir, 'long.mp4');
    // Keyframes every 0.6 s, so the middle cut lands off the ideal 5 s: frame counts must still add up.
    await makeTestVideo(long, { seconds: 10, width: 96, height: 54, fps: FPS, gop: 15 });
    const info = await inspectInput(long, 'long');
    const output = path.join(tmp.dir, 'joined.mp4');
    const plan = await splitTranscode({ input: long, info, options: { type: 'transcode', format: 'mp4', preset: 'ultrafast' }, count: 2, parallel: 2, workDir: tmp.dir, output });
    expect(plan.map((p) => p.start)).toEqual([0, 4.8]);
    const [joined, source] = await Promise.all([probe(output), probe(long)]);
    expect(Number(videoStream(joined).nb_read_frames)).toBe(Number(videoStream(source).nb_read_frames));
    expect(Math.abs(Number(videoStream(joined).duration) - Number(videoStream(source).duration))).toBeLessThan(1 / FPS / 2);
    expect(joined.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
    // The picture after the cut is the input's own frame there, not a neighbour.
    const frames = await decodeFrames(output, 96, 54);
    const sourceFrames = await decodeFrames(long, 96, 54);
    for (const f of [119, 120, 121]) expect(meanDifference(frames[f]!, sourceFrames[f]!)).toBeLessThan(meanDifference(frames[f]!, sourceFrames[f + 1]!));
  });
});

describe('variable frame rate', () => {
  it('is detected, and outputs are constant frame rate showing what the input shows at each time', async () => {
    const vfr = path.join(tmp.dir, 'vfr.mp4');
    // 4 s at 25 fps with frames 20–39 dropped and timestamps kept: a 0.8 s gap, as a phone stalls.
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=96x54:rate=25:duration=4', '-vf', "select='not(between(n\\,20\\,39))'", '-fps_mode', 'vfr', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '10', vfr]);
    const result = await runMediaJob({ input: vfr, workDir: path.join(tmp.dir, 'vfr'), outputs: [{ type: 'probe' }, { type: 'transcode', format: 'mp4', fps: 25, crf: 10, preset: 'ultrafast' }] });
    expect(result.info.video!.variableFrameRate).toBe(true);
    const out = result.artifacts[1]!.path;
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', out]);
    const times = stdout.split('\n').map((l) => Number.parseFloat(l)).filter((t) => Number.isFinite(t));
    expect(times).toHaveLength(100);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeCloseTo(0.04, 3);
    // The input's 80 real frames, timestamps ignored: real frame k is shown from k × 0.04 s (k < 20), (k + 20) × 0.04 s after the gap.
    const { stdout: raw } = await run('ffmpeg', ['-v', 'error', '-i', vfr, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
    const size = 96 * 54 * 3;
    const real = Array.from({ length: raw.length / size }, (_, k) => raw.subarray(k * size, (k + 1) * size));
    expect(real).toHaveLength(80);
    const outFrames = await decodeFrames(out, 96, 54);
    // In the gap (1.2 s, output frame 30) the input still shows real frame 19; at 1.6 s (frame 40), real frame 20.
    expect(meanDifference(outFrames[30]!, real[19]!)).toBeLessThan(1.5);
    expect(meanDifference(outFrames[30]!, real[19]!)).toBeLessThan(meanDifference(outFrames[30]!, real[20]!) / 2);
    expect(meanDifference(outFrames[40]!, real[20]!)).toBeLessThan(1.5);
    expect(meanDifference(outFrames[10]!, real[10]!)).toBeLessThan(1.5);
  });
});
