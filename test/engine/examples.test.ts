import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { colorDistance, decodeImage, meanColor, probe, videoStream } from '../helpers/media.ts';
import { renderFixture } from '../helpers/engine.ts';

const run = promisify(execFile);

/** Frame n of a video as RGB24 (only that frame is kept: 1080p videos do not fit in memory whole). */
async function frameAt(file: string, n: number, width: number, height: number): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${n})`, '-fps_mode', 'passthrough', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(stdout.length).toBe(width * height * 3);
  return stdout;
}

/** Mean absolute difference per channel, in 8-bit levels. */
function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Share of pixels that differ from the corner colour: a blank (one-colour) frame has none. */
function contentShare(frame: Buffer): number {
  let n = 0;
  for (let i = 0; i < frame.length; i += 3) if (Math.abs(frame[i]! - frame[0]!) + Math.abs(frame[i + 1]! - frame[1]!) + Math.abs(frame[i + 2]! - frame[2]!) > 30) n++;
  return n / (frame.length / 3);
}

const { tmp, project, host } = renderFixture('examples');

// Each example at its real size; `ultrafast` keeps the suite quick without changing the codec.
// `known`: frames compared with a PNG still of the same frame, and the background colour the
// template paints at (20, 20) there (undefined where it is a moving gradient).
const cases = [
  { template: 'title-card', props: {}, frames: 120, scale: 1, size: [1920, 1080], known: [30, 90], background: [0x11, 0x18, 0x27] },
  { template: 'product-ad', props: { name: 'Desk Lamp', price: 39, badge: 'Sale' }, frames: 90, scale: 1, size: [1920, 1080], known: [20, 80], background: [0xfa, 0xfa, 0xf9] },
  // Duration comes from calculateMetadata: 15 + 10 per bar + 45.
  { template: 'data-chart', props: { data: [{ label: 'A', value: 1 }, { label: 'B', value: 3 }, { label: 'C', value: 2 }] }, frames: 90, scale: 1, size: [1920, 1080], known: [25, 89], background: [0x0b, 0x10, 0x20] },
  // The 10 s benchmark reference, at half size to keep CI short.
  { template: 'bench-promo', props: {}, frames: 300, scale: 0.5, size: [960, 540], known: [0, 299], background: undefined },
];

describe('example templates', () => {
  it.each(cases)('$template: H.264, $size, 30 fps, $frames frames; frames $known show what the page painted', async ({ template, props, frames, scale, size, known, background }) => {
    const output = path.join(tmp.dir, `${template}.mp4`);
    const result = await renderMedia({ project, host, template, props, output, scale, preset: 'ultrafast' });
    expect(result.frames).toBe(frames);
    const p = await probe(output);
    const v = videoStream(p);
    expect(v.codec_name).toBe('h264');
    expect([v.width, v.height]).toEqual(size);
    expect(v.r_frame_rate).toBe('30/1');
    expect(Number(v.nb_read_frames)).toBe(frames);
    expect(Number(p.format.duration)).toBeCloseTo(frames / 30, 1);
    expect(p.format.format_name).toContain('mp4');

    const [w, h] = size as [number, number];
    for (const n of known) {
      const stillFile = path.join(tmp.dir, `${template}-${n}.png`);
      await renderStill({ project, host, template, props, frame: n, scale, output: stillFile });
      const painted = await decodeImage(stillFile, w, h);
      const shown = await frameAt(output, n, w, h);
      expect(contentShare(painted), `${template} frame ${n} has content`).toBeGreaterThan(0.005);
      // ultrafast H.264 of the same picture: close on average, whatever the content.
      expect(meanAbsDiff(shown, painted), `${template} frame ${n} against its still`).toBeLessThan(4);
      if (background) expect(colorDistance(meanColor(shown, w, 20, 20), background), `${template} background at frame ${n}`).toBeLessThanOrEqual(3);
    }
  });
});

describe('text people write', () => {
  it('draws emoji in colour (a personalised message is not a row of empty boxes)', async () => {
    // Blue accent and a dark background: the only yellow on the frame is the emoji's face.
    const output = path.join(tmp.dir, 'emoji.png');
    await renderStill({ project, host, template: 'title-card', props: { headline: 'Hi 😀 🎉', accent: '#3b82f6' }, frame: 60, output, format: 'png' });
    const frame = await decodeImage(output, 1920, 1080);
    let yellow = 0;
    for (let i = 0; i < frame.length; i += 3) if (frame[i]! > 200 && frame[i + 1]! > 150 && frame[i + 2]! < 110) yellow++;
    expect(yellow).toBeGreaterThan(500);
  });
});
