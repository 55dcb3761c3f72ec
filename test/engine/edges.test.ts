import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../../src/render/binaries.ts';
import { CHROMIUM_FLAGS, sandboxFlags } from '../../src/render/browser/chromium-flags.ts';
import type { FramewrightError } from '../../src/errors/index.ts';
import type { OutputFormat } from '../../src/render/formats/formats.ts';
import { renderMedia, type RenderMediaOptions } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { renderFixture } from '../helpers/engine.ts';
import { cellPoint, decodeFramesRgba, gapPoint, readFrameNumber, readFrameNumbers } from '../helpers/frame-grid.ts';
import { decodeFrames, decodeImage, probe, videoStream } from '../helpers/media.ts';
import { playInChromium } from '../helpers/play-in-chromium.ts';
import { fixtureProjectDir, repoRoot } from '../helpers/project.ts';

const run = promisify(execFile);

// frame-grid paints its frame number as black/white cells (test/helpers/frame-grid.ts reads them
// back from any decoded output); width, height, fps and duration are props.
const { tmp, project, host } = renderFixture();
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as FramewrightError);

async function framesOf(file: string): Promise<{ numbers: Array<number | undefined>; width: number; height: number }> {
  const v = videoStream(await probe(file));
  const frames = await decodeFrames(file, v.width!, v.height!);
  return { numbers: readFrameNumbers(frames, v.width!, v.height!), width: v.width!, height: v.height! };
}

describe('frame numbers read back from every format', () => {
  it.each<[OutputFormat, string]>([
    ['mp4', 'grid.mp4'],
    ['webm', 'grid.webm'],
    ['mov', 'grid.mov'],
    ['gif', 'grid.gif'],
  ])('%s holds frames 0–9 in order', async (format, name) => {
    const output = path.join(tmp.dir, name);
    await renderMedia({ project, host, template: 'frame-grid', output, format, props: { durationInFrames: 10 } });
    expect((await framesOf(output)).numbers).toEqual(range(0, 9));
  });

  it('hls (read through its playlist), mp4-h265 at 29.97 fps and png-seq hold their frames too', async () => {
    const hls = path.join(tmp.dir, 'grid-hls');
    await renderMedia({ project, host, template: 'frame-grid', output: hls, format: 'hls', hlsRenditions: [96], props: { durationInFrames: 10 } });
    expect((await framesOf(path.join(hls, '96p', 'index.m3u8'))).numbers).toEqual(range(0, 9));

    const h265 = path.join(tmp.dir, 'grid-h265.mp4');
    await renderMedia({ project, host, template: 'frame-grid', output: h265, format: 'mp4-h265', frames: [3, 9], props: { durationInFrames: 10, fps: 30000 / 1001 } });
    expect(videoStream(await probe(h265)).r_frame_rate).toBe('30000/1001');
    expect((await framesOf(h265)).numbers).toEqual(range(3, 9));

    const zip = path.join(tmp.dir, 'grid.zip');
    await renderMedia({ project, host, template: 'frame-grid', output: zip, format: 'png-seq', frames: [7, 9], props: { durationInFrames: 10 } });
    for (const n of [7, 8, 9]) {
      const { stdout } = await run('unzip', ['-p', zip, `frame-00000${n}.png`], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 });
      const file = path.join(tmp.dir, `grid-${n}.png`);
      writeFileSync(file, stdout);
      expect(readFrameNumber(await decodeImage(file, 160, 96), 160, 96)).toBe(n);
    }
  });

  it('--frames past the end renders to the last frame and says so; an open end does not warn', async () => {
    const output = path.join(tmp.dir, 'clamped.mp4');
    const result = await renderMedia({ project, host, template: 'frame-grid', output, frames: [6, 20], props: { durationInFrames: 10 } });
    expect((await framesOf(output)).numbers).toEqual(range(6, 9));
    expect(result.warnings.map((w) => [w.code, w.message])).toEqual([['FRAME_RANGE_CLAMPED', expect.stringContaining('rendered 6-9')]]);
    const open = await renderMedia({ project, host, template: 'frame-grid', output, frames: [8, Number.MAX_SAFE_INTEGER], props: { durationInFrames: 10 } });
    expect(open.warnings).toEqual([]);
    expect((await framesOf(output)).numbers).toEqual([8, 9]);
  });
});

describe('--scale and odd sizes', () => {
  it('scale 2 writes twice the pixels, to video and to stills', async () => {
    const output = path.join(tmp.dir, 'scaled.mp4');
    const result = await renderMedia({ project, host, template: 'frame-grid', output, scale: 2, props: { durationInFrames: 3 } });
    const read = await framesOf(output);
    expect([result.width, result.height, read.width, read.height]).toEqual([320, 192, 320, 192]);
    expect(read.numbers).toEqual([0, 1, 2]);
    const still = await renderStill({ project, host, template: 'frame-grid', frame: 2, scale: 2, output: path.join(tmp.dir, 'scaled.png') });
    expect([still.width, still.height]).toEqual([320, 192]);
    expect(readFrameNumber(await decodeImage(path.join(tmp.dir, 'scaled.png'), 320, 192), 320, 192)).toBe(2);
  });

  it('an odd size reports the size the H.264 file has', async () => {
    const output = path.join(tmp.dir, 'odd.mp4');
    const result = await renderMedia({ project, host, template: 'frame-grid', output, props: { width: 161, height: 97, durationInFrames: 2 } });
    const read = await framesOf(output);
    expect([result.width, result.height]).toEqual([read.width, read.height]);
    expect([read.width, read.height]).toEqual([160, 96]);
  });
});

describe('alpha', () => {
  it('a transparent template renders to WebM as VP9 with alpha: gaps transparent, cells opaque', async () => {
    const output = path.join(tmp.dir, 'alpha.webm');
    const result = await renderMedia({ project, host, template: 'frame-grid-alpha', output, format: 'webm', props: { durationInFrames: 4 } });
    expect(result.warnings).toEqual([]);
    const frames = await decodeFramesRgba(output, 160, 96);
    expect(readFrameNumbers(frames, 160, 96, 4)).toEqual([0, 1, 2, 3]);
    const alphaAt = (frame: Buffer, p: { x: number; y: number }) => frame[(p.y * 160 + p.x) * 4 + 3]!;
    for (const frame of frames) {
      expect(alphaAt(frame, gapPoint(160, 96, 5))).toBeLessThanOrEqual(8);
      expect(alphaAt(frame, cellPoint(160, 96, 5))).toBeGreaterThanOrEqual(247);
    }
    // And Chromium's own <video> plays it transparent.
    const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: 'shell', pipe: true, args: [...CHROMIUM_FLAGS, ...sandboxFlags()] });
    try {
      const shown = await playInChromium(browser, output, 'video', 0.05);
      const at = (p: { x: number; y: number }) => shown.alpha[p.y * shown.width + p.x]!;
      expect(at(gapPoint(160, 96, 5))).toBeLessThanOrEqual(8);
      expect(at(cellPoint(160, 96, 5))).toBeGreaterThanOrEqual(247);
    } finally {
      await browser.close();
    }
  });

  it('--pixel-format yuva420p is accepted for WebM; a format without alpha warns', async () => {
    const webm = await renderMedia({ project, host, template: 'frame-grid', output: path.join(tmp.dir, 'opaque-alpha.webm'), format: 'webm', pixelFormat: 'yuva420p', props: { durationInFrames: 2 } });
    expect(webm.warnings).toEqual([]);
    const mp4 = await renderMedia({ project, host, template: 'frame-grid-alpha', output: path.join(tmp.dir, 'flat.mp4'), props: { durationInFrames: 2 } });
    expect(mp4.warnings.map((w) => w.code)).toEqual(['ALPHA_DROPPED']);
  });

  it('a transparent template as a JPEG still warns ALPHA_DROPPED, as video does; PNG and WebP keep alpha and do not', async () => {
    const jpeg = await renderStill({ project, host, template: 'frame-grid-alpha', format: 'jpeg' });
    expect(jpeg.warnings.map((w) => w.code)).toEqual(['ALPHA_DROPPED']);
    expect(jpeg.warnings[0]!.message).toMatch(/jpeg/);
    for (const format of ['png', 'webp'] as const) {
      expect((await renderStill({ project, host, template: 'frame-grid-alpha', format })).warnings).toEqual([]);
    }
    // An opaque template has nothing to drop.
    expect((await renderStill({ project, host, template: 'frame-grid', format: 'jpeg' })).warnings).toEqual([]);
  });
});

describe('warnings and error messages', () => {
  it.each([
    ['new-date', ['DATE_NOW']],
    ['date-call', ['DATE_NOW']],
    ['performance-now', ['PERFORMANCE_NOW']],
    ['date-value', []],
  ])('reading the clock with %s warns %j, in renderMedia and renderStill', async (api, codes) => {
    const media = await renderMedia({ project, host, template: 'clock-reader', output: path.join(tmp.dir, `clock-${api}.mp4`), props: { api } });
    expect(media.warnings.map((w) => w.code)).toEqual(codes);
    const still = await renderStill({ project, host, template: 'clock-reader', props: { api } });
    expect(still.warnings.map((w) => w.code)).toEqual(codes);
  });

  it('an audio-only render names the frame a template threw at', async () => {
    const error = await failure(renderMedia({ project, host, template: 'throws', output: path.join(tmp.dir, 'throws.wav'), props: { atFrame: 7 } }));
    expect(error).toMatchObject({ code: 'TEMPLATE_ERROR', message: expect.stringContaining('frame 7') });
  });

  it('a missing public file shown from frame 0 is reported at frame 0, by its public/ path', async () => {
    const error = await failure(renderMedia({ project, host, template: 'static-image', output: path.join(tmp.dir, 'missing.mp4'), concurrency: 3 }));
    expect(error).toMatchObject({ code: 'ASSET_FETCH_FAILED', message: expect.stringContaining('public/missing.png') });
    expect(error!.message).toContain('(frame 0)');
    expect(error!.message).not.toContain('127.0.0.1');
  });

  it('a public file that is no media, played as <Audio>, is named by its public/ path, not the asset server URL or a local path', async () => {
    const error = await failure(
      renderMedia({ project, host, template: 'audio-clips', output: path.join(tmp.dir, 'font-as-audio.mp4'), props: { durationInFrames: 3, clips: [{ src: 'fonts/DejaVuSansMono-Bold.ttf' }] } }),
    );
    expect(error).toMatchObject({ code: 'ASSET_FETCH_FAILED', message: expect.stringContaining('public/fonts/DejaVuSansMono-Bold.ttf is not a media file') });
    expect(error!.message).not.toContain('127.0.0.1');
    expect(error!.message).not.toContain(fixtureProjectDir);
  });
});

describe('output paths are checked before any frame is rendered', () => {
  const outputs: Array<[string, () => string]> = [
    ['under /proc', () => '/proc/framewright-test/out.mp4'],
    ['a directory', () => {
      const dir = path.join(tmp.dir, 'a-dir.mp4');
      mkdirSync(dir, { recursive: true });
      return dir;
    }],
    ['under a regular file', () => {
      const file = path.join(tmp.dir, 'plain-file');
      writeFileSync(file, 'x');
      return path.join(file, 'out.mp4');
    }],
  ];

  it.each(outputs)('%s: INVALID_OUTPUT, no frame rendered', async (_name, make) => {
    const output = make();
    let rendered = 0;
    const options: RenderMediaOptions = { project, host, template: 'frame-grid', output, onProgress: (p) => void (rendered = p.renderedFrames) };
    const error = await failure(renderMedia(options));
    expect(error).toMatchObject({ code: 'INVALID_OUTPUT', message: expect.stringContaining(output) });
    expect(rendered).toBe(0);
    await expect(renderStill({ project, host, template: 'frame-grid', output })).rejects.toMatchObject({ code: 'INVALID_OUTPUT' });
  });

  it('a write error while encoding (a full disk) fails the render instead of reporting success', async () => {
    // FFmpeg behind a 4 kB file-size limit with SIGXFSZ ignored: writes fail with EFBIG, and
    // FFmpeg 5.1 would exit 0 after "Error writing trailer" unless told otherwise.
    const wrapper = path.join(tmp.dir, 'ffmpeg-small-disk.sh');
    writeFileSync(wrapper, `#!/bin/sh\ntrap '' XFSZ\nulimit -f 4\nexec ffmpeg "$@"\n`);
    chmodSync(wrapper, 0o755);
    const output = path.join(tmp.dir, 'disk-full.mp4');
    const previous = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = wrapper;
    try {
      const error = await failure(renderMedia({ project, host, template: 'frame-grid', output, crf: 0, props: { width: 320, height: 192, durationInFrames: 30 } }));
      expect(error).toMatchObject({ code: 'ENCODER_FAILED' });
      expect(existsSync(output)).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = previous;
    }
  });

  it('the CLI exits 2 with the code; still takes --timeout and prints warnings', async () => {
    const cli = async (...args: string[]) =>
      run(process.execPath, [path.join(repoRoot, 'bin/framewright.js'), '--project', fixtureProjectDir, ...args], { env: { ...process.env, DATA_DIR: path.join(tmp.dir, 'cli-data') } }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    const dir = path.join(tmp.dir, 'cli-dir.mp4');
    mkdirSync(dir, { recursive: true });
    const bad = await cli('render', 'frame-grid', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error [INVALID_OUTPUT]');
    const still = await cli('still', 'clock-reader', path.join(tmp.dir, 'clock.png'), '--props', '{"api":"new-date"}', '--timeout', '5000');
    expect(still.code).toBe(0);
    expect(still.stderr).toContain('warning [DATE_NOW]');
  });
});
