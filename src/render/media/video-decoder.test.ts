import { describe, expect, it } from 'vitest';
import { decodeArgs, frameAt } from './video-decoder.ts';

describe('frameAt', () => {
  const clip = { fps: 30, frameCount: 40, loop: false, from: 0, to: undefined };
  it.each([
    ['the start', 0, clip, 0],
    ['exact frame times', 26 / 30, clip, 26],
    ['between frames: the one showing', 26.9 / 30, clip, 26],
    ['past the end: the last frame', 5, clip, 39],
    ['before the start: the first', -1, clip, 0],
    ['stops at trimEnd', 30 / 30, { ...clip, to: 20 / 30 }, 19],
    ['loops within trimStart–trimEnd', 25 / 30, { ...clip, loop: true, from: 4 / 30, to: 20 / 30 }, 9],
    ['loops the whole clip', 45 / 30, { ...clip, loop: true }, 5],
    ['a 25 fps source in a 30 fps timeline', 1, { ...clip, fps: 25 }, 25],
  ])('%s', (_name, t, o, expected) => {
    expect(frameAt(t, o)).toBe(expected);
  });
});

describe('decodeArgs', () => {
  it.each([
    [0, []],
    [30, ['-ss', '0.983333']],
  ])('starting at frame %i seeks half a frame early', (frame, seek) => {
    expect(decodeArgs('/c.mp4', 30, frame)).toEqual([
      '-hide_banner', '-loglevel', 'error', ...seek, '-i', '/c.mp4', '-map', '0:v:0', '-an', '-sn', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1',
    ]);
  });
});
