import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { probe } from '../helpers/media.ts';
import { decodeAudio, makeTone, mediaProject, onset, rms, toneLevel, type MediaProject } from './media-helpers.ts';

const run = promisify(execFile);
let m: MediaProject;
let host: RenderHost;
const FRAME = 1 / 30;

beforeAll(async () => {
  m = mediaProject();
  host = new RenderHost();
  await Promise.all([
    makeTone(path.join(m.publicDir, 'a440.wav'), { frequency: 440, seconds: 4 }),
    makeTone(path.join(m.publicDir, 'a1000.wav'), { frequency: 1000, seconds: 4, sampleRate: 48_000 }),
    makeTone(path.join(m.publicDir, 'short.wav'), { frequency: 440, seconds: 0.5 }),
  ]);
});

afterAll(async () => {
  await host.close();
  m.cleanup();
});

type Clip = Record<string, unknown>;
const render = (name: string, clips: Clip[], extra: Record<string, unknown> = {}) =>
  renderMedia({ project: m.project, host, template: 'audio-clips', props: { clips, ...extra }, output: path.join(m.dir, name) });

describe('<Audio> timing and level', () => {
  it('starts a tone placed by a Sequence at 2.0 s (±1 frame) in an MP4', async () => {
    const result = await render('timing.mp4', [{ src: 'a440.wav', from: 60 }]);
    expect(result.hasAudio).toBe(true);
    const info = await probe(result.output);
    expect(info.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    const samples = await decodeAudio(result.output);
    expect(samples.length / 48_000).toBeCloseTo(4, 1);
    expect(rms(samples, 0, 2 - FRAME)).toBeLessThan(0.001);
    expect(rms(samples, 2 + FRAME, 3.9)).toBeGreaterThan(0.05);
    const start = onset(samples, 0.01);
    expect(start).toBeDefined();
    expect(Math.abs(start! - 2)).toBeLessThanOrEqual(FRAME);
  });

  it('halves the level at volume 0.5, without capturing a frame (WAV)', async () => {
    const result = await renderMedia({
      project: m.project, host, template: 'audio-clips', format: 'wav', output: path.join(m.dir, 'volume.wav'),
      props: { clips: [{ src: 'a440.wav', from: 0, durationInFrames: 45 }, { src: 'a440.wav', from: 60, durationInFrames: 45, volume: 0.5 }] },
    });
    expect(result.timings.capturedFrames).toBe(0);
    const samples = await decodeAudio(result.output);
    const full = rms(samples, 0.1, 1.4);
    const half = rms(samples, 2.1, 3.4);
    expect(full).toBeGreaterThan(0.05);
    expect(half / full).toBeGreaterThan(0.47);
    expect(half / full).toBeLessThan(0.53);
  });

  it('plays a mono source at the level of the same sound in stereo, as a browser does (not 3 dB down)', async () => {
    const stereo = path.join(m.publicDir, 'a440-stereo.wav');
    await run('ffmpeg', ['-v', 'error', '-y', '-i', path.join(m.publicDir, 'a440.wav'), '-af', 'pan=stereo|c0=c0|c1=c0', stereo]);
    const level = async (src: string) => {
      const result = await renderMedia({ project: m.project, host, template: 'audio-clips', format: 'wav', output: path.join(m.dir, `level-${src}`), props: { clips: [{ src, from: 0, durationInFrames: 45 }] } });
      return rms(await decodeAudio(result.output), 0.1, 1.4);
    };
    const [mono, both] = [await level('a440.wav'), await level('a440-stereo.wav')];
    expect(both).toBeGreaterThan(0.05);
    expect(mono / both).toBeGreaterThan(0.97);
    expect(mono / both).toBeLessThan(1.03);
  });

  it('mixes two overlapping sources, both audible where they overlap', async () => {
    const result = await renderMedia({
      project: m.project, host, template: 'audio-clips', format: 'mp3', output: path.join(m.dir, 'overlap.mp3'),
      props: { clips: [{ src: 'a440.wav', from: 0, durationInFrames: 90 }, { src: 'a1000.wav', from: 30, durationInFrames: 90 }] },
    });
    const samples = await decodeAudio(result.output);
    // Alone, then together, then the second alone.
    expect(toneLevel(samples, 440, 0.2, 0.9)).toBeGreaterThan(0.08);
    expect(toneLevel(samples, 1000, 0.2, 0.9)).toBeLessThan(0.01);
    expect(toneLevel(samples, 440, 1.2, 2.8)).toBeGreaterThan(0.08);
    expect(toneLevel(samples, 1000, 1.2, 2.8)).toBeGreaterThan(0.08);
    expect(toneLevel(samples, 440, 3.2, 3.9)).toBeLessThan(0.01);
    expect(toneLevel(samples, 1000, 3.2, 3.9)).toBeGreaterThan(0.08);
  });

  it('honours trimEnd, loop, playbackRate and a fade-in volume function', async () => {
    const result = await renderMedia({
      project: m.project, host, template: 'audio-clips', format: 'wav', output: path.join(m.dir, 'shape.wav'), props: {
        durationInFrames: 240,
        clips: [
          // 0–1 s: 4 s tone cut at 0.5 s.
          { src: 'a440.wav', from: 0, durationInFrames: 30, trimEnd: 15 },
          // 1–3 s: a 0.5 s tone looped.
          { src: 'short.wav', from: 30, durationInFrames: 60, loop: true },
          // 4 s–: a 4 s tone at double speed lasts 2 s.
          { src: 'a1000.wav', from: 120, playbackRate: 2 },
        ],
      },
    });
    const samples = await decodeAudio(result.output);
    expect(rms(samples, 0.05, 0.45)).toBeGreaterThan(0.05);
    expect(rms(samples, 0.55, 0.95)).toBeLessThan(0.001);
    expect(rms(samples, 1.05, 2.95)).toBeGreaterThan(0.05);
    expect(rms(samples, 3.05, 3.95)).toBeLessThan(0.001);
    expect(rms(samples, 4.05, 5.95)).toBeGreaterThan(0.05);
    expect(rms(samples, 6.05, 7.95)).toBeLessThan(0.001);

    const faded = await renderMedia({
      project: m.project, host, template: 'audio-clips', format: 'wav', output: path.join(m.dir, 'fade.wav'),
      props: { durationInFrames: 60, clips: [{ src: 'a440.wav', from: 0, fadeInFrames: 30 }] },
    });
    const f = await decodeAudio(faded.output);
    const early = rms(f, 0.1, 0.2);
    const mid = rms(f, 0.45, 0.55);
    const late = rms(f, 1.2, 1.9);
    expect(early).toBeLessThan(mid);
    expect(mid).toBeLessThan(late);
    expect(mid / late).toBeGreaterThan(0.4);
    expect(mid / late).toBeLessThan(0.6);
  });
});

describe('<Audio> sources without a duration index', () => {
  // An ADTS .aac (the usual raw AAC file) has no index: ffprobe guesses its length from the
  // bitrate, here 4.68 s for 5.03 s of sound. The mix cut the sound at that guess.
  it('plays an ADTS .aac to its real end, and loops it there', async () => {
    const m4a = path.join(m.dir, 'tone.m4a');
    const adts = path.join(m.publicDir, 'tone.aac');
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=5:sample_rate=48000', '-c:a', 'aac', m4a]);
    await run('ffmpeg', ['-v', 'error', '-y', '-i', m4a, '-c:a', 'aac', '-b:a', '128k', '-f', 'adts', adts]);
    const result = await renderMedia({
      project: m.project, host, template: 'audio-clips', format: 'wav', output: path.join(m.dir, 'adts.wav'),
      props: { durationInFrames: 180, clips: [{ src: 'tone.aac', from: 0 }] },
    });
    const samples = await decodeAudio(result.output);
    expect(rms(samples, 4.75, 4.95)).toBeGreaterThan(0.05);
    expect(rms(samples, 5.1, 5.9)).toBeLessThan(0.001);

    const looped = await renderMedia({
      project: m.project, host, template: 'audio-clips', format: 'wav', output: path.join(m.dir, 'adts-loop.wav'),
      props: { durationInFrames: 240, clips: [{ src: 'tone.aac', from: 0, loop: true }] },
    });
    const l = await decodeAudio(looped.output);
    expect(rms(l, 4.75, 4.95)).toBeGreaterThan(0.05);
    expect(rms(l, 5.1, 7.9)).toBeGreaterThan(0.05);
  });
});

describe('audio tracks', () => {
  it('gives a template without sound no audio track, unless enforceAudioTrack', async () => {
    const silent = await renderMedia({ project: m.project, host, template: 'color-frames', frames: [0, 14], output: path.join(m.dir, 'silent.mp4') });
    expect(silent.hasAudio).toBe(false);
    expect((await probe(silent.output)).streams.map((s) => s.codec_type)).toEqual(['video']);

    const enforced = await renderMedia({ project: m.project, host, template: 'color-frames', frames: [0, 14], enforceAudioTrack: true, output: path.join(m.dir, 'enforced.mp4') });
    const streams = (await probe(enforced.output)).streams;
    expect(streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    expect(rms(await decodeAudio(enforced.output), 0, 0.5)).toBe(0);
  });

  it('leaves the sound out with muted (option) and muted elements', async () => {
    const muted = await render('muted.mp4', [{ src: 'a440.wav' }], { durationInFrames: 15 });
    expect(muted.hasAudio).toBe(true);
    const option = await renderMedia({ project: m.project, host, template: 'audio-clips', muted: true, props: { durationInFrames: 15, clips: [{ src: 'a440.wav' }] }, output: path.join(m.dir, 'muted-option.mp4') });
    expect(option.hasAudio).toBe(false);
    const element = await render('muted-element.mp4', [{ src: 'a440.wav', muted: true }], { durationInFrames: 15 });
    expect(element.hasAudio).toBe(false);
  });

  it('fails with ASSET_FETCH_FAILED naming a missing file, at its first frame', async () => {
    const error = await render('missing.mp4', [{ src: 'nope.wav', from: 5 }], { durationInFrames: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FramewrightError);
    expect((error as FramewrightError).code).toBe('ASSET_FETCH_FAILED');
    expect((error as FramewrightError).message).toMatch(/nope\.wav/);
  });
});
