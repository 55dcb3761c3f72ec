import { describe, expect, it } from 'vitest';
import { h264EncodeArgs, imagePipeInputArgs, videoFilterArgs } from './ffmpeg-args.ts';

describe('FFmpeg argument builders', () => {
  it('feeds frames through image2pipe at the template fps', () => {
    expect(imagePipeInputArgs(30, 'jpeg')).toEqual(['-f', 'image2pipe', '-probesize', '32', '-analyzeduration', '0', '-c:v', 'mjpeg', '-framerate', '30', '-i', 'pipe:0']);
    expect(imagePipeInputArgs(24, 'png')).toContain('png');
  });

  it.each([
    { w: 1920, h: 1080, fmt: 'yuv420p', crop: undefined },
    { w: 1921, h: 1080, fmt: 'yuv420p', crop: 'crop=1920:1080:0:0' },
    { w: 321, h: 181, fmt: 'yuv420p', crop: 'crop=320:180:0:0' },
    { w: 321, h: 181, fmt: 'yuv444p', crop: undefined },
  ])('crops odd sizes only when the pixel format needs it ($w x $h $fmt)', ({ w, h, fmt, crop }) => {
    const [flag, chain] = videoFilterArgs(w, h, fmt);
    expect(flag).toBe('-vf');
    expect(chain!.startsWith('crop=')).toBe(crop !== undefined);
    if (crop) expect(chain).toContain(crop);
    expect(chain).toContain(`format=${fmt}`);
  });

  it('encodes H.264 with the requested quality, faststart and BT.709 tags', () => {
    const args = h264EncodeArgs({ fps: 30, width: 1920, height: 1080, imageFormat: 'jpeg', crf: 18, preset: 'medium', pixelFormat: 'yuv420p', output: '/tmp/x.mp4' });
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('-c:v')).toBe('mjpeg');
    expect(args.lastIndexOf('-c:v')).toBeGreaterThan(args.indexOf('-i'));
    expect(args[args.lastIndexOf('-c:v') + 1]).toBe('libx264');
    expect(after('-crf')).toBe('18');
    expect(after('-preset')).toBe('medium');
    expect(after('-pix_fmt')).toBe('yuv420p');
    expect(after('-movflags')).toBe('+faststart');
    expect(after('-colorspace')).toBe('bt709');
    expect(args.at(-1)).toBe('/tmp/x.mp4');
  });
});
