import { describe, expect, it } from 'vitest';
import { FramewrightError } from '../errors/index.ts';
import { cliStillFormat, cliVideoFormat } from './output-format.ts';

function refusal(fn: () => unknown): FramewrightError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FramewrightError);
    return e as FramewrightError;
  }
  throw new Error('expected a refusal');
}

describe('render: the output name and --format', () => {
  it.each([
    ['out/a.mp4', undefined, 'mp4'],
    ['out/a.M4V', undefined, 'mp4'],
    ['out/a.webm', undefined, 'webm'],
    ['out/a.zip', undefined, 'png-seq'],
    ['out/a.wav', undefined, 'wav'],
    ['out/promo/', undefined, 'hls'],
    ['out/a.mp4', 'mp4-h265', 'mp4-h265'],
    ['out/promo', 'hls', 'hls'],
    ['out/a.mkv', 'mp4', 'mp4'],
    ['out.v2/video', undefined, undefined],
  ] as const)('%s with --format %s writes %s', (output, flag, format) => {
    expect(cliVideoFormat(output, flag)).toBe(format);
  });

  it('refuses an extension it cannot read, pointing at still for images', () => {
    const e = refusal(() => cliVideoFormat('out/a.png', undefined));
    expect(e.code).toBe('INVALID_OPTIONS');
    expect(e.message).toMatch(/^"format": cannot tell the format from the extension "\.png" of out\/a\.png: use \.mp4,.*--format; .*framewright still/);
    expect(refusal(() => cliVideoFormat('out/a.xyz', undefined)).message).not.toContain('still');
  });

  it('refuses a --format the name contradicts', () => {
    expect(refusal(() => cliVideoFormat('out/a.webm', 'mp4')).message).toBe(
      '"format": --format mp4 does not match the output out/a.webm, which has the extension ".webm" (webm): name it .mp4',
    );
    expect(refusal(() => cliVideoFormat('out/a.mp4/', 'mp4')).message).toMatch(/ends in "\/"/);
    expect(refusal(() => cliVideoFormat('out/a.mp4', 'hls')).message).toMatch(/name it as a folder/);
  });
});

describe('still: the output name and --image-format', () => {
  it.each([
    ['a.png', undefined, 'png'],
    ['a.JPG', undefined, 'jpeg'],
    ['a.jpeg', 'jpeg', 'jpeg'],
    ['a.webp', undefined, 'webp'],
    ['a', undefined, 'png'],
    ['a.img', 'webp', 'webp'],
  ] as const)('%s with --image-format %s writes %s', (output, flag, format) => {
    expect(cliStillFormat(output, flag)).toBe(format);
  });

  it('refuses a video extension, an unknown one, and a contradicting flag', () => {
    expect(refusal(() => cliStillFormat('a.gif', undefined)).message).toMatch(/^"imageFormat": cannot tell .*"\.gif".*framewright render/);
    expect(refusal(() => cliStillFormat('a.bmp', undefined)).message).toMatch(/use \.png, \.jpg, \.jpeg or \.webp, or give --image-format$/);
    expect(refusal(() => cliStillFormat('a.png', 'jpeg')).message).toMatch(/--image-format jpeg does not match .*"\.png" \(png\): name it \.jpg/);
    expect(refusal(() => cliStillFormat('a.mp4', 'png')).code).toBe('INVALID_OPTIONS');
  });
});
