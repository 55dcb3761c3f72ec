import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeFrames, decodeImage, meanColor, probe, videoStream } from '../helpers/media.ts';
import { renderFixture } from '../helpers/engine.ts';

// color-frames paints the background of frame n in colorOf(n) and, inside a Sequence that
// starts at boxFrom, a box in colorOf(local + 100) where local counts from the sequence start.
const W = 320;
const H = 180;
const BG = { x: 40, y: 150 };
const BOX = { x: 250, y: 70 };
const TOLERANCE = 14; // x264 at crf 18 on flat colours stays well inside this

const { tmp, project, host } = renderFixture();

function expectFrame(frame: Buffer, n: number, boxFrom: number, boxDuration: number) {
  expect(colorDistance(meanColor(frame, W, BG.x, BG.y), colorOf(n)), `background of frame ${n}`).toBeLessThanOrEqual(TOLERANCE);
  const inBox = n >= boxFrom && n < boxFrom + boxDuration;
  const expected = inBox ? colorOf(n - boxFrom + 100) : colorOf(n);
  expect(colorDistance(meanColor(frame, W, BOX.x, BOX.y), expected), `box area of frame ${n}`).toBeLessThanOrEqual(TOLERANCE);
}

describe('frame accuracy', () => {
  let frames: Buffer[];
  const output = path.join(tmp.dir, 'all.mp4');

  beforeAll(async () => {
    await renderMedia({ project, host, template: 'color-frames', output, concurrency: 3, props: { boxFrom: 20, boxDuration: 20 } });
    frames = await decodeFrames(output, W, H);
  });

  it('writes exactly the template duration, at its fps', async () => {
    const p = await probe(output);
    const v = videoStream(p);
    expect(v.codec_name).toBe('h264');
    // Full range (the mp4 default) is what FFmpeg's H.264 decoder calls yuvj420p.
    expect(v.pix_fmt).toBe('yuvj420p');
    expect([v.width, v.height]).toEqual([W, H]);
    expect(v.r_frame_rate).toBe('30/1');
    expect(Number(v.nb_read_frames)).toBe(60);
    expect(Number(p.format.duration)).toBeCloseTo(2, 1);
    expect(frames).toHaveLength(60);
  });

  it('paints frame n with the colour of n, across the Sequence boundaries', () => {
    frames.forEach((frame, n) => expectFrame(frame, n, 20, 20));
  });

  it('renders only the requested range with --frames, starting at its first frame', async () => {
    const out = path.join(tmp.dir, 'range.mp4');
    const result = await renderMedia({ project, host, template: 'color-frames', output: out, frames: [15, 44], props: { boxFrom: 20, boxDuration: 20 } });
    expect(result.frames).toBe(30);
    const decoded = await decodeFrames(out, W, H);
    expect(decoded).toHaveLength(30);
    decoded.forEach((frame, i) => expectFrame(frame, 15 + i, 20, 20));
  });

  it('still images show the same frames exactly (PNG is lossless)', async () => {
    for (const n of [0, 19, 20, 39, 40, 59]) {
      const file = path.join(tmp.dir, `still-${n}.png`);
      await renderStill({ project, host, template: 'color-frames', frame: n, output: file, props: { boxFrom: 20, boxDuration: 20 } });
      const image = await decodeImage(file, W, H);
      expect(colorDistance(meanColor(image, W, BG.x, BG.y, 0), colorOf(n))).toBeLessThanOrEqual(1);
      const inBox = n >= 20 && n < 40;
      expect(colorDistance(meanColor(image, W, BOX.x, BOX.y, 0), inBox ? colorOf(n - 20 + 100) : colorOf(n))).toBeLessThanOrEqual(1);
    }
  });

  it('a still reports where its time went, phase by phase', async () => {
    const { timings } = await renderStill({ project, host, template: 'color-frames', frame: 7 });
    const phases = [timings.resolveMs, timings.openPageMs, timings.seekMs, timings.captureMs];
    for (const ms of phases) expect(ms).toBeGreaterThan(0);
    // The phases follow one another, so together they fit in the whole.
    expect(phases.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(timings.totalMs);
  });

  it('rejects a range that starts past the end', async () => {
    const out = path.join(tmp.dir, 'bad-range.mp4');
    await expect(renderMedia({ project, host, template: 'color-frames', output: out, frames: [70, 80] })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
    expect(existsSync(out)).toBe(false);
  });
});

describe('frames that cannot differ are not captured again', () => {
  it('reuses the previous image while the template holds still, and the video is still right', async () => {
    const output = path.join(tmp.dir, 'hold.mp4');
    const result = await renderMedia({ project, host, template: 'hold-then-move', output, concurrency: 1, props: { holdUntil: 20 } });
    // Frames 1–20 show the same picture as frame 0; 21–29 change every frame.
    expect(result.timings.reusedFrames).toBe(20);
    expect(result.timings.capturedFrames).toBe(10);
    const frames = await decodeFrames(output, W, H);
    expect(frames).toHaveLength(30);
    frames.forEach((frame, n) => {
      expect(colorDistance(meanColor(frame, W, BG.x, BG.y), colorOf(Math.max(n, 20))), `frame ${n}`).toBeLessThanOrEqual(TOLERANCE);
    });
  });

  it('captures every frame when reuse is turned off', async () => {
    const result = await renderMedia({ project, host, template: 'hold-then-move', output: path.join(tmp.dir, 'hold2.mp4'), concurrency: 1, reuseUnchangedFrames: false });
    expect(result.timings.reusedFrames).toBe(0);
    expect(result.timings.capturedFrames).toBe(30);
  });
});
