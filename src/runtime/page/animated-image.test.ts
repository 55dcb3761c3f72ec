import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAnimatedImage } from './animated-image.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'fw-animated-image-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An image file as FFmpeg writes it: real encoders, not hand-made headers. */
function encode(name: string, args: string[]): Buffer {
  const file = path.join(dir, name);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=s=32x32:r=10', ...args, file]);
  return readFileSync(file);
}

const text = (s: string) => new TextEncoder().encode(s);

describe('isAnimatedImage', () => {
  it.each([
    ['still GIF', 'a.gif', ['-frames:v', '1'], false],
    ['two-frame GIF', 'b.gif', ['-frames:v', '2'], true],
    ['PNG', 'c.png', ['-frames:v', '1'], false],
    ['one-frame APNG', 'd.png', ['-frames:v', '1', '-f', 'apng'], false],
    ['APNG', 'e.png', ['-frames:v', '2', '-f', 'apng', '-plays', '0'], true],
    ['lossy WebP', 'f.webp', ['-frames:v', '1', '-c:v', 'libwebp'], false],
    ['animated WebP', 'g.webp', ['-frames:v', '2', '-c:v', 'libwebp_anim', '-loop', '0'], true],
    ['AVIF still', 'h.avif', ['-frames:v', '1', '-c:v', 'libaom-av1', '-still-picture', '1'], false],
    ['AVIF sequence', 'i.avif', ['-frames:v', '3', '-c:v', 'libaom-av1'], true],
    ['JPEG', 'j.jpg', ['-frames:v', '1'], false],
  ])('%s', (_name, file, args, animated) => {
    expect(isAnimatedImage(encode(file, args as string[]))).toBe(animated);
  });

  it('a GIF cut short after its first frame cannot show a second', () => {
    const gif = encode('k.gif', ['-frames:v', '2']);
    const still = encode('l.gif', ['-frames:v', '1']);
    // The first frame's blocks, without the trailer: everything the one-frame file has but its last byte.
    expect(isAnimatedImage(gif.subarray(0, still.length - 1))).toBe(false);
    expect(isAnimatedImage(gif)).toBe(true);
  });

  it('SVG: SMIL elements and CSS animations animate, plain drawings do not', () => {
    const svg = (body: string) => text(`<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${body}</svg>`);
    expect(isAnimatedImage(svg('<circle r="4"/>'))).toBe(false);
    expect(isAnimatedImage(svg('<circle r="4"><animate attributeName="r" values="1;4" dur="1s"/></circle>'))).toBe(true);
    expect(isAnimatedImage(svg('<rect width="4" height="4"><animateTransform attributeName="transform" type="rotate" dur="1s"/></rect>'))).toBe(true);
    expect(isAnimatedImage(svg('<style>@keyframes s { to { opacity: 0 } } rect { animation: s 1s infinite }</style><rect/>'))).toBe(true);
    expect(isAnimatedImage(svg('<style>rect { fill: red }</style><rect class="animated"/>'))).toBe(false);
  });

  it('bytes that are no image at all', () => {
    expect(isAnimatedImage(new Uint8Array())).toBe(false);
    expect(isAnimatedImage(text('GIF8'))).toBe(false);
    expect(isAnimatedImage(text('hello'))).toBe(false);
  });
});
