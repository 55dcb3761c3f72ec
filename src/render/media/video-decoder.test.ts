import { describe, expect, it } from 'vitest';
import { jpegLength } from './frame-readers.ts';
import { decodeArgs, frameAt, frameEncodingFor, jpegFilter } from './video-decoder.ts';

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
  const head = ['-hide_banner', '-loglevel', 'error'];
  const input = ['-i', '/c.mp4', '-map', '0:v:0', '-an', '-sn', '-fps_mode', 'passthrough'];
  it.each([
    ['raw from the start', 0, 'rgba', 'yuva420p', [...head, ...input, '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1']],
    ['raw, seeking half a frame early', 30, 'rgba', 'yuva420p', [...head, '-ss', '0.983333', ...input, '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1']],
    [
      'JPEG keeping 4:2:0',
      0, 'jpeg', 'yuv420p',
      [...head, ...input, '-vf', 'scale=out_color_matrix=bt601:out_range=full,format=yuvj420p', '-c:v', 'mjpeg', '-q:v', '2', '-f', 'image2pipe', 'pipe:1'],
    ],
    [
      'JPEG keeping full chroma',
      0, 'jpeg', 'yuv444p10le',
      [...head, ...input, '-vf', 'scale=out_color_matrix=bt601:out_range=full,format=yuvj444p', '-c:v', 'mjpeg', '-q:v', '2', '-f', 'image2pipe', 'pipe:1'],
    ],
  ] as const)('%s', (_name, frame, encoding, pixelFormat, expected) => {
    expect(decodeArgs('/c.mp4', 30, frame, encoding, pixelFormat)).toEqual(expected);
  });

  it.each([
    ['an untagged source: swscale, no matrix change', 'yuv420p', {}, 'scale=out_color_matrix=bt601:out_range=full,format=yuvj420p'],
    ['a BT.601 source', 'yuv420p', { space: 'smpte170m', range: 'tv' }, 'scale=out_color_matrix=bt601:out_range=full,format=yuvj420p'],
    [
      'a BT.709 source: re-matrixed exactly',
      'yuv420p', { space: 'bt709', range: 'tv' },
      'scale=in_range=tv:out_range=tv,format=yuv420p,colorspace=ispace=bt709:iprimaries=bt709:itrc=bt709:irange=tv:space=bt470bg:primaries=bt709:trc=bt709:range=pc:fast=1,scale=in_range=pc:out_range=pc,format=yuvj420p',
    ],
    [
      'a full-range BT.709 source (our own MP4s)',
      'yuvj420p', { space: 'bt709', range: 'pc' },
      'scale=in_range=pc:out_range=pc,format=yuv420p,colorspace=ispace=bt709:iprimaries=bt709:itrc=bt709:irange=pc:space=bt470bg:primaries=bt709:trc=bt709:range=pc:fast=1,scale=in_range=pc:out_range=pc,format=yuvj420p',
    ],
    [
      'a 10-bit BT.709 source: re-matrixed to 8 bits',
      'yuv420p10le', { space: 'bt709' },
      'scale=in_range=tv:out_range=tv,format=yuv420p10le,colorspace=ispace=bt709:iprimaries=bt709:itrc=bt709:irange=tv:space=bt470bg:primaries=bt709:trc=bt709:range=pc:fast=1:format=yuv420p,scale=in_range=pc:out_range=pc,format=yuvj420p',
    ],
    ['a BT.709 source in RGB: swscale', 'gbrp', { space: 'bt709' }, 'scale=out_color_matrix=bt601:out_range=full,format=yuvj444p'],
  ] as const)('JPEG frames from %s', (_name, pixelFormat, color, expected) => {
    expect(jpegFilter(pixelFormat, color)).toBe(expected);
  });

  it.each([
    ['yuv420p', 'jpeg'],
    ['yuv422p10le', 'jpeg'],
    ['yuva420p', 'rgba'],
    ['yuva444p12le', 'rgba'],
    ['rgba', 'rgba'],
    ['gbrap', 'rgba'],
  ])('%s travels as %s', (pixelFormat, encoding) => {
    expect(frameEncodingFor(pixelFormat)).toBe(encoding);
  });
});

describe('jpegLength', () => {
  // SOI, APP0 (length 6, containing FF D9 that must not end it), SOS (length 4), entropy data
  // with a stuffed FF00 and a restart marker, EOI; then the next image starts.
  const image = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x06, 0xff, 0xd9, 0x00, 0x00, 0xff, 0xda, 0x00, 0x04, 0x01, 0x02, 0x11, 0xff, 0x00, 0x22, 0xff, 0xd0, 0x33, 0xff, 0xd9]);
  it('finds the end of the first image, not an FFD9 inside a segment or stuffed data', () => {
    expect(jpegLength(Buffer.concat([image, Buffer.from([0xff, 0xd8, 0xff])]))).toBe(image.length);
  });

  it('finds the end of the last image of the stream (nothing after it)', () => {
    expect(jpegLength(image)).toBe(image.length);
  });

  it.each([4, 9, 18, 24])('waits for more data when cut at byte %i', (cut) => {
    expect(jpegLength(image.subarray(0, cut))).toBeUndefined();
  });

  it('refuses data that is not a JPEG', () => {
    expect(() => jpegLength(Buffer.from('not a jpeg'))).toThrow(/not a JPEG/);
  });
});
