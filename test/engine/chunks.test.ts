import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatSegments } from '../../src/render/chunks/concat-segments.ts';
import { planChunks } from '../../src/render/chunks/plan-chunks.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeFrames, meanColor, probe, videoStream } from '../helpers/media.ts';
import { renderFixture } from '../helpers/engine.ts';

const { tmp, project, host } = renderFixture();

/** PSNR of two RGB24 frames in dB (Infinity when identical). */
function psnr(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  const mse = sum / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

describe('chunks rendered separately and joined by stream copy', () => {
  it('have the exact frame count and every frame right on both sides of each boundary', async () => {
    const ranges = planChunks({ firstFrame: 0, lastFrame: 59, fps: 30, chunks: 3, liveWorkers: 2 });
    const segments: string[] = [];
    for (const r of ranges) {
      const file = path.join(tmp.dir, `seg-${r.index}.mp4`);
      await renderMedia({ project, host, template: 'color-frames', output: file, frames: r.frames, props: { boxFrom: 15, boxDuration: 10 } });
      segments.push(file);
    }
    const joined = path.join(tmp.dir, 'joined.mp4');
    await concatSegments({ segments, output: joined });

    const v = videoStream(await probe(joined));
    expect(Number(v.nb_read_frames)).toBe(60);
    const frames = await decodeFrames(joined, 320, 180);
    frames.forEach((frame, n) => {
      expect(colorDistance(meanColor(frame, 320, 40, 150), colorOf(n)), `frame ${n}`).toBeLessThanOrEqual(14);
    });

    // The same render unchunked: every frame within 40 dB.
    const whole = path.join(tmp.dir, 'whole.mp4');
    await renderMedia({ project, host, template: 'color-frames', output: whole, props: { boxFrom: 15, boxDuration: 10 } });
    const reference = await decodeFrames(whole, 320, 180);
    reference.forEach((frame, n) => expect(psnr(frame, frames[n]!), `PSNR of frame ${n}`).toBeGreaterThanOrEqual(40));
  });
});
