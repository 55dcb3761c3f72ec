import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderMedia } from '../../src/render/render-media.ts';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeFrames, meanColor } from '../helpers/media.ts';
import { renderFixture } from '../helpers/engine.ts';

const run = promisify(execFile);
const W = 320;
const H = 180;
const TOLERANCE = 14; // x264 at crf 18 on flat colours

const { tmp, project, host } = renderFixture();

/** Renders to a PNG sequence (lossless) and decodes every frame to RGB. */
async function renderPngs(template: string, name: string, options: { reuseUnchangedFrames?: boolean; concurrency?: number }) {
  const output = path.join(tmp.dir, `${name}.zip`);
  const result = await renderMedia({ project, host, template, output, format: 'png-seq', ...options });
  const dir = path.join(tmp.dir, name);
  mkdirSync(dir);
  await run('unzip', ['-q', output, '-d', dir]);
  return { result, frames: await decodeFrames(path.join(dir, 'frame-%06d.png'), W, H) };
}

function maxDifference(a: Buffer, b: Buffer): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('frame reuse never changes the output', () => {
  it.each(['portal-frames', 'html-variable-frames'])('%s: content outside the React root moves every frame', async (template) => {
    const output = path.join(tmp.dir, `${template}.mp4`);
    const result = await renderMedia({ project, host, template, output, concurrency: 1 });
    expect(result.timings.reusedFrames).toBe(0);
    expect(result.timings.capturedFrames).toBe(30);
    const frames = await decodeFrames(output, W, H);
    expect(frames).toHaveLength(30);
    frames.forEach((frame, n) => {
      expect(colorDistance(meanColor(frame, W, 160, 90), colorOf(n)), `frame ${n}`).toBeLessThanOrEqual(TOLERANCE);
    });
  });

  it('a settling spring, a clamped fade and SVG geometry: most of the still half is reused, every frame within one level', async () => {
    const every = await renderPngs('settling', 'settling-every', { reuseUnchangedFrames: false });
    const reused = await renderPngs('settling', 'settling-reused', { concurrency: 2 });
    expect(every.result.timings.capturedFrames).toBe(60);
    expect(reused.frames).toHaveLength(60);
    reused.frames.forEach((frame, n) => {
      expect(maxDifference(frame, every.frames[n]!), `frame ${n}`).toBeLessThanOrEqual(1);
    });
    // From frame 32 every value rounds to the same float as the frame before (the fade ended at
    // frame 20; the spring never reaches 1): each page captures once more at most, then reuses.
    expect(reused.result.reusedFrames).toBeGreaterThanOrEqual(24);
    expect(reused.result.capturedFrames + reused.result.reusedFrames).toBe(60);
  });
});
