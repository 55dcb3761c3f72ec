import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import type { OutputFormat } from '../../src/render/formats/formats.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeImage, meanColor, probe, type Probe } from '../helpers/media.ts';
import { makeTone, mediaProject, type MediaProject } from './media-helpers.ts';

const run = promisify(execFile);
let m: MediaProject;
let host: RenderHost;

beforeAll(async () => {
  m = mediaProject();
  host = new RenderHost();
  await makeTone(path.join(m.publicDir, 'tone.wav'), { frequency: 440, seconds: 2 });
});

afterAll(async () => {
  await host.close();
  m.cleanup();
});

const streams = (p: Probe, type: string) => p.streams.filter((s) => s.codec_type === type);
const withTone = { clips: [{ src: 'tone.wav' }], durationInFrames: 30 };

describe('video formats (ffprobe: codec, size, frame count, audio codec)', () => {
  it.each([
    // Full range by default: FFmpeg's H.264/HEVC decoders call that yuvj420p (test/media/color.test.ts).
    ['mp4', 'out.mp4', 'h264', 'yuvj420p', 'aac'],
    ['mp4-h265', 'out-h265.mp4', 'hevc', 'yuvj420p', 'aac'],
    ['webm', 'out.webm', 'vp9', 'yuv420p', 'opus'],
    ['mov', 'out.mov', 'prores', 'yuva444p', 'aac'],
  ] as const)('%s', async (format, name, codec, pixelFormat, audioCodec) => {
    const result = await renderMedia({ project: m.project, host, template: 'audio-clips', format, props: withTone, output: path.join(m.dir, name) });
    expect(result.contentType).toBe({ mp4: 'video/mp4', 'mp4-h265': 'video/mp4', webm: 'video/webm', mov: 'video/quicktime' }[format]);
    const info = await probe(result.output);
    const [video] = streams(info, 'video');
    expect(video).toMatchObject({ codec_name: codec, width: 160, height: 90 });
    expect(video!.pix_fmt).toMatch(new RegExp(`^${pixelFormat}`));
    expect(Number(video!.nb_read_frames)).toBe(30);
    // Tagged BT.709, so players convert the colours back as the page painted them.
    const { stdout: tags } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=color_space,color_primaries,color_transfer', '-of', 'csv=p=0', result.output]);
    expect(tags.trim()).toBe('bt709,bt709,bt709');
    expect(streams(info, 'audio').map((s) => s.codec_name)).toEqual([audioCodec]);
    expect(Number(info.format.duration)).toBeCloseTo(1, 1);
  });

  it('tags H.265 as hvc1 (what Apple players require)', async () => {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_tag_string', '-of', 'csv=p=0', path.join(m.dir, 'out-h265.mp4')]);
    expect(stdout).toContain('hvc1');
  });

  it('keeps alpha in ProRes 4444 from a transparent template', async () => {
    const result = await renderMedia({ project: m.project, host, template: 'half-transparent', format: 'mov', output: path.join(m.dir, 'alpha.mov') });
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,profile,pix_fmt', '-of', 'json', result.output]);
    expect(JSON.parse(stdout).streams[0]).toMatchObject({ codec_name: 'prores', profile: '4444' });
    expect(JSON.parse(stdout).streams[0].pix_fmt).toMatch(/^yuva444p/);
    const { stdout: rgba } = await run('ffmpeg', ['-v', 'error', '-i', result.output, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'], { encoding: 'buffer' });
    const alphaAt = (x: number, y: number) => rgba[(y * 160 + x) * 4 + 3];
    expect(alphaAt(20, 45)).toBe(0);
    expect(alphaAt(140, 45)).toBe(255);
  });

  it('honours crf, preset, pixel format and bitrates', async () => {
    // x264 writes its settings into the stream: read them back.
    const settings = (file: string) => /x264 - core[^\0]*/.exec(readFileSync(file, 'latin1'))?.[0] ?? '';
    const fast = await renderMedia({ project: m.project, host, template: 'color-frames', frames: [0, 29], crf: 40, preset: 'ultrafast', output: path.join(m.dir, 'fast.mp4') });
    expect(settings(fast.output)).toMatch(/ crf=40\.0/);
    expect(settings(fast.output)).toMatch(/ subme=0 /);
    const fine = await renderMedia({ project: m.project, host, template: 'color-frames', frames: [0, 29], crf: 10, pixelFormat: 'yuv444p', output: path.join(m.dir, 'fine.mp4') });
    expect(settings(fine.output)).toMatch(/ crf=10\.0/);
    expect(settings(fine.output)).toMatch(/ subme=7 /);
    expect(streams(await probe(fine.output), 'video')[0]!.pix_fmt).toBe('yuvj444p'); // full range (the default), as FFmpeg's H.264 decoder names it
    const rated = await renderMedia({ project: m.project, host, template: 'audio-clips', props: withTone, videoBitrate: '200k', audioBitrate: '64k', output: path.join(m.dir, 'rated.mp4') });
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=bit_rate', '-of', 'csv=p=0', rated.output]);
    expect(Number(stdout.trim())).toBeLessThan(80_000);
  });
});

describe('GIF', () => {
  it('keeps every nth frame and loops forever (NETSCAPE2.0 loop count 0)', async () => {
    const result = await renderMedia({ project: m.project, host, template: 'color-frames', frames: [0, 29], format: 'gif', everyNthFrame: 2, output: path.join(m.dir, 'loop.gif') });
    expect(result.frames).toBe(15);
    const video = streams(await probe(result.output), 'video')[0]!;
    expect(video).toMatchObject({ codec_name: 'gif', width: 320, height: 180 });
    expect(Number(video.nb_read_frames)).toBe(15);
    const bytes = readFileSync(result.output);
    const at = bytes.indexOf('NETSCAPE2.0');
    expect(at).toBeGreaterThan(0);
    expect(bytes.readUInt16LE(at + 13)).toBe(0);
  });

  // GIF delays are whole centiseconds, and browsers show a delay under 2 cs as 10 cs: a 60 fps
  // render (delays 2, 1, 2, 1, …) played for 2.9 s instead of 1 s. Over 50 fps the GIF is made
  // at 50 fps, every delay 2 cs, lasting what the render does.
  it('plays at the render\'s speed over 50 fps: no delay under 2 cs, total = the duration', async () => {
    const result = await renderMedia({ project: m.project, host, template: 'frame-grid', props: { fps: 60, durationInFrames: 60, width: 64, height: 40 }, format: 'gif', output: path.join(m.dir, 'fast.gif') });
    const bytes = readFileSync(result.output);
    const delays: number[] = [];
    // Graphic Control Extension: 21 F9 04, packed byte, delay (little-endian centiseconds).
    for (let at = bytes.indexOf(Buffer.from([0x21, 0xf9, 0x04])); at >= 0; at = bytes.indexOf(Buffer.from([0x21, 0xf9, 0x04]), at + 1)) delays.push(bytes.readUInt16LE(at + 4));
    expect(delays.length).toBeGreaterThan(1);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('plays once with gifLoop false', async () => {
    const result = await renderMedia({ project: m.project, host, template: 'color-frames', frames: [0, 5], format: 'gif', gifLoop: false, output: path.join(m.dir, 'once.gif') });
    expect(readFileSync(result.output).indexOf('NETSCAPE2.0')).toBe(-1);
  });

  it('plays once with gifLoop 0 (no extra plays), not forever', async () => {
    const result = await renderMedia({ project: m.project, host, template: 'color-frames', frames: [0, 2], format: 'gif', gifLoop: 0, output: path.join(m.dir, 'zero.gif') });
    expect(readFileSync(result.output).indexOf('NETSCAPE2.0')).toBe(-1);
  });
});

describe('PNG sequence', () => {
  it('zips one numbered PNG per frame, with alpha for transparent templates', async () => {
    const result = await renderMedia({ project: m.project, host, template: 'half-transparent', format: 'png-seq', frames: [2, 9], output: path.join(m.dir, 'frames.zip') });
    const { stdout } = await run('unzip', ['-Z1', result.output]);
    const names = stdout.trim().split('\n');
    expect(names).toEqual(Array.from({ length: 8 }, (_, i) => `frame-${String(i + 2).padStart(6, '0')}.png`));
    const { stdout: png } = await run('unzip', ['-p', result.output, 'frame-000002.png'], { encoding: 'buffer' });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: width, height, bit depth 8, colour type 6 (RGBA).
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([160, 90, 8, 6]);
  });
});

describe('audio-only formats', () => {
  it.each([
    ['mp3', 'out.mp3', 'mp3'],
    ['aac', 'out.aac', 'aac'],
    ['wav', 'out.wav', 'pcm_s16le'],
  ] as const)('%s has only an audio stream and no frame was captured', async (format, name, codec) => {
    const result = await renderMedia({ project: m.project, host, template: 'audio-clips', format, props: withTone, output: path.join(m.dir, name) });
    expect(result.timings.capturedFrames).toBe(0);
    const info = await probe(result.output);
    expect(streams(info, 'video')).toHaveLength(0);
    expect(streams(info, 'audio').map((s) => s.codec_name)).toEqual([codec]);
    expect(Number(streams(info, 'audio')[0]!.duration ?? info.format.duration)).toBeCloseTo(1, 1);
  });

  it('is silence of the full length for a template without sound', async () => {
    const result = await renderMedia({ project: m.project, host, template: 'color-frames', format: 'wav', output: path.join(m.dir, 'silence.wav') });
    expect(Number((await probe(result.output)).format.duration)).toBeCloseTo(2, 2);
  });
});

describe('poster', () => {
  it('writes a JPEG of the chosen frame beside the video', async () => {
    const result = await renderMedia({ project: m.project, host, template: 'color-frames', frames: [0, 19], poster: { frame: 12 }, output: path.join(m.dir, 'with-poster.mp4') });
    expect(result.poster).toBe(path.join(m.dir, 'with-poster.poster.jpg'));
    expect(streams(await probe(result.poster!), 'video')[0]).toMatchObject({ codec_name: 'mjpeg', width: 320, height: 180 });
    const rgb = await decodeImage(result.poster!, 320, 180);
    expect(colorDistance(meanColor(rgb, 320, 40, 150), colorOf(12))).toBeLessThan(12);
  });
});

describe('option errors', () => {
  it.each([
    [{ format: 'mkv' }, /"format"/],
    [{ crf: 60 }, /"crf": must be 0–51 for mp4, got 60/],
    [{ crf: 20, videoBitrate: '2M' }, /"videoBitrate": give either "crf" or "videoBitrate"/],
    [{ format: 'mp3', muted: true }, /"muted": an audio-only format \(mp3\) cannot be muted/],
    [{ format: 'wav', poster: { frame: 1 } }, /"poster": needs a video format/],
    [{ everyNthFrame: 2 }, /"everyNthFrame": applies to gif only/],
    [{ format: 'gif', crf: 20 }, /"crf": does not apply to gif/],
    [{ format: 'png-seq', enforceAudioTrack: true }, /"enforceAudioTrack": png-seq has no audio track/],
    [{ format: 'webm', pixelFormat: 'yuv422p' }, /"pixelFormat": must be one of yuv420p, yuv444p, yuva420p for webm/],
    [{ audioBitrate: 'loud' }, /"audioBitrate"/],
    [{ poster: { frame: 500 } }, /"poster.frame": 500 is past the last frame \(59\)/],
  ] as Array<[Record<string, unknown>, RegExp]>)('%j', async (options, message) => {
    const error = await renderMedia({ project: m.project, host, template: 'color-frames', output: path.join(m.dir, 'never.mp4'), ...(options as { format?: OutputFormat }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FramewrightError);
    expect((error as FramewrightError).code).toBe('INVALID_OPTIONS');
    expect((error as FramewrightError).message).toMatch(message);
  });
});
