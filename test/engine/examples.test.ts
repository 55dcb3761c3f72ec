import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMedia } from '../../src/render/render-media.ts';
import { probe, videoStream } from '../helpers/media.ts';
import { renderFixture } from '../helpers/engine.ts';

const { tmp, project, host } = renderFixture('examples');

// Each example at its real size; `ultrafast` keeps the suite quick without changing the codec.
const cases = [
  { template: 'title-card', props: {}, frames: 120, scale: 1, size: [1920, 1080] },
  { template: 'product-ad', props: { name: 'Desk Lamp', price: 39, badge: 'Sale' }, frames: 90, scale: 1, size: [1920, 1080] },
  // Duration comes from calculateMetadata: 15 + 10 per bar + 45.
  { template: 'data-chart', props: { data: [{ label: 'A', value: 1 }, { label: 'B', value: 3 }, { label: 'C', value: 2 }] }, frames: 90, scale: 1, size: [1920, 1080] },
  // The 10 s benchmark reference, at half size to keep CI short.
  { template: 'bench-promo', props: {}, frames: 300, scale: 0.5, size: [960, 540] },
];

describe('example templates', () => {
  it.each(cases)('$template: H.264, $size, 30 fps, $frames frames', async ({ template, props, frames, scale, size }) => {
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
  });
});
