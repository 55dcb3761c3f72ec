import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeFrames, decodeImage, meanColor, probe, videoStream } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { isFinal, submitRender, waitForRender } from '../service/helpers/http.ts';
import { startTestService, type TestService } from '../service/helpers/service.ts';
import { decodeAudio, makeTone, mediaProject, onset, rms } from '../media/media-helpers.ts';

let api: TestService | undefined;
const tmp = tempDir('fw-dist-edges-');

afterEach(async () => {
  await api?.stop();
  api = undefined;
});
afterAll(() => tmp.cleanup());

async function download(url: string, name: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const file = path.join(tmp.dir, name);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

function expectColours(frames: Buffer[], first = 0): void {
  frames.forEach((frame, i) => expect(colorDistance(meanColor(frame, 320, 40, 150), colorOf(first + i)), `frame ${first + i}`).toBeLessThanOrEqual(14));
}

describe('split renders at the edges', () => {
  it('more chunks than frames: one frame per chunk, every frame once', async () => {
    api = await startTestService();
    const created = await submitRender(api.url, { template: 'color-frames', props: { boxFrom: 15, boxDuration: 10 }, output: { chunks: 10, frames: [20, 24] } });
    const done = await waitForRender(api.url, created.id, isFinal);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const file = await download(`${api.url}/v1/renders/${created.id}/output`, 'tiny.mp4');
    expect(Number(videoStream(await probe(file)).nb_read_frames)).toBe(5);
    expectColours(await decodeFrames(file, 320, 180), 20);
  });

  it('a chunk that fails for good fails the render and leaves no segment of its siblings behind', async () => {
    // One job at a time: chunks 0 and 1 store their segments before chunk 2 meets the throw.
    const m = mediaProject();
    try {
      api = await startTestService({ project: m.project, env: { WORKER_CONCURRENCY: '1' } });
      const created = await submitRender(api.url, { template: 'throws', props: { atFrame: 25 }, output: { chunks: 3, preset: 'ultrafast' } });
      const done = await waitForRender(api.url, created.id, isFinal);
      expect(done.status).toBe('failed');
      expect(done.error?.message).toMatch(/Chunk 3 of 3 \(frames 20–29\) failed/);
      const segments = path.join(api.dataDir, 'storage', 'renders', created.id, 'chunks');
      await expect.poll(() => existsSync(segments), { timeout: 20_000 }).toBe(false);
    } finally {
      await api?.stop();
      api = undefined;
      m.cleanup();
    }
  });

  it('a poster is stored for a split render, of the frame asked for', async () => {
    api = await startTestService();
    const created = await submitRender(api.url, { template: 'color-frames', props: { boxFrom: 15, boxDuration: 10 }, output: { chunks: 3, poster: { frame: 45 } } });
    const done = await waitForRender(api.url, created.id, isFinal);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    expect(done.output?.posterUrl).toBeTruthy();
    const poster = await download(`${api.url}/v1/renders/${created.id}/poster`, 'poster.jpg');
    const image = await decodeImage(poster, 320, 180);
    expect(colorDistance(meanColor(image, 320, 40, 150), colorOf(45))).toBeLessThanOrEqual(14);
  });

  it.each([
    { format: 'webm', codecs: ['opus', 'vp9'] },
    { format: 'mov', codecs: ['aac', 'prores'] },
    { format: 'mp4-h265', codecs: ['aac', 'hevc'] },
  ])('$format: split with sound, exact frames, sound on time and unbroken', async ({ format, codecs }) => {
    const m = mediaProject();
    try {
      await makeTone(path.join(m.publicDir, 'tone.wav'), { frequency: 440, seconds: 4 });
      api = await startTestService({ project: m.project });
      const props = { durationInFrames: 90, clips: [{ src: 'tone.wav', from: 45 }] };
      const created = await submitRender(api.url, { template: 'audio-clips', props, output: { format, chunks: 4, ...(format === 'mov' ? {} : { preset: 'ultrafast' }) } });
      const done = await waitForRender(api.url, created.id, isFinal, { timeoutMs: 120_000 });
      expect(done.error).toBeNull();
      expect(done.status).toBe('succeeded');
      const file = await download(`${api.url}/v1/renders/${created.id}/output`, `split.${format}`);
      const info = await probe(file);
      expect(info.streams.map((s) => s.codec_name).sort()).toEqual(codecs);
      expect(Number(videoStream(info).nb_read_frames)).toBe(90);
      expect(Number(info.format.duration)).toBeCloseTo(3, 1);
      const samples = await decodeAudio(file);
      expect(Math.abs(onset(samples, 0.01)! - 1.5)).toBeLessThanOrEqual(1 / 30);
      expect(rms(samples, 2.2, 2.35)).toBeGreaterThan(0.05);
      expect(rms(samples, 0, 1.45)).toBeLessThan(0.005);
    } finally {
      await api?.stop();
      api = undefined;
      m.cleanup();
    }
  }, 180_000);

  it('a split render of a frame range: the sound starts where the range starts', async () => {
    const m = mediaProject();
    try {
      await makeTone(path.join(m.publicDir, 'tone.wav'), { frequency: 440, seconds: 4 });
      api = await startTestService({ project: m.project });
      const props = { durationInFrames: 90, clips: [{ src: 'tone.wav', from: 45 }] };
      const created = await submitRender(api.url, { template: 'audio-clips', props, output: { frames: [30, 89], chunks: 3, preset: 'ultrafast' } });
      const done = await waitForRender(api.url, created.id, isFinal);
      expect(done.error).toBeNull();
      const file = await download(`${api.url}/v1/renders/${created.id}/output`, 'range.mp4');
      expect(Number(videoStream(await probe(file)).nb_read_frames)).toBe(60);
      const samples = await decodeAudio(file);
      expect(Math.abs(onset(samples, 0.01)! - 0.5)).toBeLessThanOrEqual(1 / 30);
      expect(rms(samples, 1.2, 1.4)).toBeGreaterThan(0.05);
    } finally {
      await api?.stop();
      api = undefined;
      m.cleanup();
    }
  });

  it('GIF asked to split renders as one job, with every frame', async () => {
    api = await startTestService();
    const created = await submitRender(api.url, { template: 'color-frames', props: { boxFrom: 15, boxDuration: 10 }, output: { format: 'gif', chunks: 3, frames: [0, 29] } });
    const done = await waitForRender(api.url, created.id, isFinal);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const file = await download(`${api.url}/v1/renders/${created.id}/output`, 'whole.gif');
    expect(Number(videoStream(await probe(file)).nb_read_frames)).toBe(30);
  });
});
