import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeFrames, meanColor } from '../helpers/media.ts';
import { renderFixture } from '../helpers/engine.ts';

const run = promisify(execFile);
const W = 320;
const H = 180;
const TOLERANCE = 14; // x264 at crf 18 on flat colours

const { tmp, project, host } = renderFixture();

/** Renders to a PNG sequence (lossless) and decodes every frame to RGB. */
async function renderPngs(
  template: string,
  name: string,
  options: { reuseUnchangedFrames?: boolean; concurrency?: number; props?: Record<string, unknown>; remoteAssets?: { allowPrivateNetwork: boolean } },
  size = { width: W, height: H },
) {
  const output = path.join(tmp.dir, `${name}.zip`);
  const result = await renderMedia({ project, host, template, output, format: 'png-seq', ...options });
  const dir = path.join(tmp.dir, name);
  mkdirSync(dir);
  await run('unzip', ['-q', output, '-d', dir]);
  return { result, frames: await decodeFrames(path.join(dir, 'frame-%06d.png'), size.width, size.height) };
}

function maxDifference(a: Buffer, b: Buffer): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('frame reuse never changes the output', () => {
  it.each(['portal-frames', 'html-variable-frames', 'shadow-canvas-frames'])('%s: content outside the React root moves every frame', async (template) => {
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

it('springs of a title card: their tails are reused once no step can move a pixel, every frame within one level', async () => {
  const size = { width: 640, height: 360 };
  const every = await renderPngs('spring-tails', 'tails-every', { reuseUnchangedFrames: false, concurrency: 2 }, size);
  const reused = await renderPngs('spring-tails', 'tails-reused', { concurrency: 2 }, size);
  expect(reused.frames).toHaveLength(90);
  reused.frames.forEach((frame, n) => {
    expect(maxDifference(frame, every.frames[n]!), `frame ${n}`).toBeLessThanOrEqual(1);
  });
  // Every value still differs as a float at frame 89: float equality alone reused nothing here.
  expect(reused.result.reusedFrames).toBeGreaterThanOrEqual(15);
});

const STILL_SIZE = { width: 640, height: 360 };

/**
 * Renders `template` with 1 page and with 2, and checks the given frames of both against stills of
 * those frames, within one level: what a frame shows must not depend on what its tab painted before.
 */
async function expectFramesEqualStills(template: string, name: string, props: Record<string, unknown>, frames: readonly number[]) {
  const onePage = await renderPngs(template, `${name}-one`, { concurrency: 1, props }, STILL_SIZE);
  const twoPages = await renderPngs(template, `${name}-two`, { concurrency: 2, props }, STILL_SIZE);
  for (const n of frames) {
    const output = path.join(tmp.dir, `${name}-still-${n}.png`);
    await renderStill({ project, host, template, props, frame: n, format: 'png', output });
    const [still] = await decodeFrames(output, STILL_SIZE.width, STILL_SIZE.height);
    expect(maxDifference(onePage.frames[n]!, still!), `one page, frame ${n}`).toBeLessThanOrEqual(1);
    expect(maxDifference(twoPages.frames[n]!, still!), `two pages, frame ${n}`).toBeLessThanOrEqual(1);
  }
  return { onePage, twoPages };
}

const upTo = (count: number) => Array.from({ length: count }, (_, n) => n);

it.each(['style', 'variable'])('a transform creeping by less than Chromium re-rasters for (%s): every frame equals a still of it, whatever the pages', async (via) => {
  // Chromium keeps the raster of content whose transform moved under its tolerance, so without a
  // fresh raster per capture these frames showed the text at an earlier frame's scale, and which
  // one depended on what the tab had painted before. An inline transform is repainted where its
  // element is; one fed by a CSS variable makes the whole frame repaint.
  const { onePage } = await expectFramesEqualStills('creeping-scale', `creep-${via}`, { via }, upTo(12));
  expect(onePage.result.capturedFrames).toBe(12);
});

it.each(['hint-inline', 'hint-class', 'translate3d'])('text sliding in a layer of its own (%s): every frame equals a still of it, whatever the pages', async (layer) => {
  // Chromium keeps the raster of such a layer for as long as the layer lives, its text at the
  // sub-pixel offset of an earlier frame: frames were up to 97 levels off their stills (62 at the
  // end of the translate3d slide), and a 1-page render off a 2-page one. Where the layer changes
  // nothing but the raster, the content goes back into the page's layer.
  const { onePage, twoPages } = await expectFramesEqualStills('sliding-in-own-layer', `layer-${layer}`, { layer }, [1, 3, 5, 10, 20, 30, 39]);
  expect(onePage.frames).toHaveLength(40);
  // Back in the page's layer it is the picture a plain translateX gives: the same matrix.
  const plain = await renderPngs('sliding-in-own-layer', `layer-${layer}-plain`, { concurrency: 1, props: { layer: 'none' } }, STILL_SIZE);
  for (let n = 0; n < 40; n++) {
    expect(maxDifference(onePage.frames[n]!, twoPages.frames[n]!), `one page vs two, frame ${n}`).toBeLessThanOrEqual(1);
    expect(maxDifference(onePage.frames[n]!, plain.frames[n]!), `as translateX, frame ${n}`).toBeLessThanOrEqual(1);
  }
  // A hint on an element with no transform is kept: it still makes that element the containing
  // block of its fixed child, drawn at (100, 20) and not at the frame's corner.
  const last = onePage.frames[39]!;
  expect(colorDistance(meanColor(last, STILL_SIZE.width, 120, 40, 4), [250, 204, 21])).toBeLessThanOrEqual(2);
  expect(colorDistance(meanColor(last, STILL_SIZE.width, 20, 20, 4), [15, 23, 42])).toBeLessThanOrEqual(2);
});

it('a card turning in depth keeps its layer: every frame equals a still of it, whatever the pages', async () => {
  // Such a layer was sometimes drawn first with its raster of the frame before: at frame 5 five
  // pixels of the card's edge were 206 levels off the still, in one render and not in another.
  const { onePage } = await expectFramesEqualStills('turning-card', 'turn', {}, upTo(12));
  expect(onePage.result.capturedFrames).toBe(12);
});

it('a popover shown, a button focused, text selected: states with no attribute are not frozen', async () => {
  const every = await renderPngs('element-states', 'states-every', { reuseUnchangedFrames: false, concurrency: 1 });
  const reused = await renderPngs('element-states', 'states-reused', { concurrency: 1 });
  reused.frames.forEach((frame, n) => {
    expect(maxDifference(frame, every.frames[n]!), `frame ${n}`).toBeLessThanOrEqual(1);
    expect(colorDistance(meanColor(frame, W, 50, 30), n >= 10 ? [250, 204, 21] : [32, 32, 32]), `popover, frame ${n}`).toBeLessThanOrEqual(2);
    expect(colorDistance(meanColor(frame, W, 160, 40), n >= 20 ? [56, 189, 248] : [64, 64, 64]), `button, frame ${n}`).toBeLessThanOrEqual(2);
  });
  // The selection paints the text's box pink.
  expect(colorDistance(meanColor(reused.frames[29]!, W, 240, 125, 2), [244, 114, 182])).toBeLessThanOrEqual(2);
  expect(colorDistance(meanColor(reused.frames[24]!, W, 240, 125, 2), [244, 114, 182])).toBeGreaterThan(20);
  expect(reused.result.reusedFrames).toBeGreaterThanOrEqual(20);
});

describe('content that animates on the browser clock is never frozen', () => {
  const images = path.join(import.meta.dirname, '../fixtures/project/public/images');
  let server: http.Server;
  let remote: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const name = /^\/([a-z]+\.gif)$/.exec(req.url ?? '')?.[1];
      if (!name) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/gif' }).end(readFileSync(path.join(images, name)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    remote = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const distinct = (frames: Buffer[]) => new Set(frames.map((f) => f.toString('base64'))).size;
  const cases: Array<[string, string, () => Record<string, unknown>]> = [
    ['a CSS @keyframes animation', 'css-keyframes', () => ({})],
    ['a CSS transition', 'css-transition', () => ({})],
    ['an SVG <animate>', 'svg-smil', () => ({})],
    ['a GIF from public/ in <Img>', 'animated-image', () => ({ via: 'Img' })],
    ['a GIF from public/ as a CSS background', 'animated-image', () => ({ via: 'css' })],
    ['a remote GIF in <Img> (the asset proxy)', 'animated-image', () => ({ via: 'Img', src: `${remote}/blink.gif` })],
    ['a remote GIF in a plain <img> (the network guard)', 'animated-image', () => ({ via: 'img', src: `${remote}/blink.gif` })],
    ['a remote GIF as a CSS background (the network guard)', 'animated-image', () => ({ via: 'css', src: `${remote}/blink.gif` })],
  ];

  it.each(cases)('%s: every frame is captured, and the render warns', async (_name, template, props) => {
    const name = `${template}-${Object.values(props()).join('-').replace(/\W+/g, '_')}`;
    const { result, frames } = await renderPngs(template, name, { concurrency: 1, props: props(), remoteAssets: { allowPrivateNetwork: true } });
    expect(result.capturedFrames).toBe(30);
    expect(result.reusedFrames).toBe(0);
    expect(result.warnings.map((w) => w.code)).toContain('WALL_CLOCK_ANIMATION');
    // Reuse used to repeat the first capture: the motion froze.
    expect(distinct(frames)).toBeGreaterThan(1);
  });

  it('a GIF with one frame is a still image: its frames are reused, without a warning', async () => {
    const stills = [
      { via: 'Img', file: 'images/still.gif' },
      { via: 'css', file: 'images/still.gif' },
      { via: 'Img', src: `${remote}/still.gif` },
      { via: 'img', src: `${remote}/still.gif` },
      { via: 'css', src: `${remote}/still.gif` },
    ];
    for (const [i, props] of stills.entries()) {
      const { result, frames } = await renderPngs('animated-image', `still-${i}`, { concurrency: 1, props, remoteAssets: { allowPrivateNetwork: true } });
      expect(result.warnings.map((w) => w.code)).not.toContain('WALL_CLOCK_ANIMATION');
      expect(result.reusedFrames, JSON.stringify(props)).toBeGreaterThanOrEqual(27);
      expect(distinct(frames)).toBe(1);
    }
  });

  it('a paused Web Animation the template moves by its currentTime is captured at every new time', async () => {
    const { result, frames } = await renderPngs('driven-animation', 'driven', { concurrency: 2 });
    expect(result.capturedFrames).toBe(30);
    expect(result.warnings.map((w) => w.code)).not.toContain('WALL_CLOCK_ANIMATION');
    frames.forEach((frame, n) => {
      // The 40 px box starts at x = 8n: its middle is yellow, 4 px left of it the background.
      expect(colorDistance(meanColor(frame, W, 8 * n + 20, 90, 2), [250, 204, 21]), `frame ${n}`).toBeLessThanOrEqual(2);
      if (n > 0) expect(colorDistance(meanColor(frame, W, 8 * n - 4, 90, 2), [32, 32, 32]), `frame ${n}`).toBeLessThanOrEqual(2);
    });
  });

  it('a scroll-driven animation follows the scroll, not the clock: no warning, and still frames reused', async () => {
    const every = await renderPngs('scroll-driven', 'scroll-driven-every', { reuseUnchangedFrames: false, concurrency: 1 });
    const reused = await renderPngs('scroll-driven', 'scroll-driven-reused', { concurrency: 1 });
    expect(reused.result.warnings.map((w) => w.code)).not.toContain('WALL_CLOCK_ANIMATION');
    reused.frames.forEach((frame, n) => {
      expect(maxDifference(frame, every.frames[n]!), `frame ${n}`).toBeLessThanOrEqual(1);
    });
    // The bar is half as wide as the frame at frame 10 (scrolled 300 of 600 px): its end at x = 160.
    expect(colorDistance(meanColor(reused.frames[10]!, W, 150, 90, 2), [250, 204, 21])).toBeLessThanOrEqual(2);
    expect(colorDistance(meanColor(reused.frames[10]!, W, 170, 90, 2), [32, 32, 32])).toBeLessThanOrEqual(2);
    // From frame 21 on the scroll holds still.
    expect(reused.result.reusedFrames).toBeGreaterThanOrEqual(8);
  });

  it('state an effect sets for the frame is in that frame, not reused from the one before', async () => {
    const every = await renderPngs('effect-state', 'effect-every', { reuseUnchangedFrames: false, concurrency: 1 });
    const reused = await renderPngs('effect-state', 'effect-reused', { concurrency: 1 });
    reused.frames.forEach((frame, n) => {
      const expected = n >= 15 ? [250, 204, 21] : [56, 189, 248];
      expect(colorDistance(meanColor(frame, W, 160, 90), expected), `frame ${n}`).toBeLessThanOrEqual(1);
      expect(maxDifference(frame, every.frames[n]!), `frame ${n}`).toBeLessThanOrEqual(1);
    });
    expect(reused.result.capturedFrames).toBeLessThanOrEqual(3);
  });
});
