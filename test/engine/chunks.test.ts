import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { concatSegments } from '../../src/render/chunks/concat-segments.ts';
import { planChunks } from '../../src/render/chunks/plan-chunks.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeFrames, meanColor, probe, videoStream } from '../helpers/media.ts';
import { renderFixture } from '../helpers/engine.ts';

const { tmp, project, host } = renderFixture();
const execFileAsync = promisify(execFile);

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

describe('timestamps across many seams', () => {
  it.each(['mp4', 'webm'] as const)('%s: frame n plays at n / fps however many chunks are joined (no drift against the one audio mix)', async (format) => {
    const segments: string[] = [];
    const durations: number[] = [];
    for (const r of planChunks({ firstFrame: 0, lastFrame: 44, fps: 30, chunks: 9, liveWorkers: 2 })) {
      const file = path.join(tmp.dir, `drift-${r.index}.${format}`);
      await renderMedia({ project, host, template: 'color-frames', output: file, frames: r.frames, format, preset: 'ultrafast', props: { boxFrom: 15, boxDuration: 10 } });
      segments.push(file);
      durations.push((r.frames[1] - r.frames[0] + 1) / 30);
    }
    const joined = path.join(tmp.dir, `drift.${format}`);
    await concatSegments({ segments, durations, output: joined, muxer: format });
    const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', joined]);
    const times = stdout.split('\n').map((l) => l.replace(/,.*$/, '').trim()).filter(Boolean).map(Number);
    expect(times).toHaveLength(45);
    // WebM keeps milliseconds: a segment's own timestamps and its offset are each rounded, so up
    // to a millisecond off, but never more however many seams come before.
    const tolerance = format === 'webm' ? 0.00101 : 0.0001;
    times.forEach((t, n) => expect(Math.abs(t - n / 30), `frame ${n} at ${t}`).toBeLessThanOrEqual(tolerance));
  }, 120_000);
});
