import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/bundle/project.ts';
import type { TemplateCatalog } from '../../src/bundle/template-catalog.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { spring } from '../../src/runtime/math/spring.ts';
import { colorOf } from '../fixtures/port/templates/timing-checks.tsx';
import { colorDistance, decodeFrames, decodeImage, meanColor, pixel } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { clipColor, decodeAudio, makeColorClip, makeTone, toneLevel } from '../media/media-helpers.ts';

// Renders of the porting fixtures (test/fixtures/port): the guide's ported Remotion project,
// checks for Loop, Freeze, premountFor and the transitions, all registered as <Composition>s.
const run = promisify(execFile);
const portDir = fileURLToPath(new URL('../fixtures/port/', import.meta.url));
const tmp = tempDir('fw-port-');
// public/ is a temp copy of the fixture's, plus a generated clip.
const publicDir = path.join(tmp.dir, 'public');
const project = Project.fromConfig(portDir, { templateRoot: 'index.ts', publicDir, dataDir: path.join(tmp.dir, 'data') });
beforeAll(async () => {
  await cp(path.join(portDir, 'public'), publicDir, { recursive: true });
  await Promise.all([
    makeColorClip(path.join(publicDir, 'clip.mp4'), { frames: 30, fps: 30, width: 64, height: 36 }),
    makeTone(path.join(publicDir, 'tone-440.wav'), { frequency: 440, seconds: 2 }),
    makeTone(path.join(publicDir, 'tone-660.wav'), { frequency: 660, seconds: 2 }),
  ]);
});
const host = new RenderHost();
afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

let stills = 0;
/** One frame as RGB24 (PNG, so lossless). */
async function still(template: string, frame: number, props: Record<string, unknown> = {}, size: [number, number] = [160, 90]): Promise<Buffer> {
  const output = path.join(tmp.dir, `still-${stills++}.png`);
  await renderStill({ project, host, template, frame, props, output });
  return decodeImage(output, size[0], size[1]);
}

/** Every frame of a png-seq render, as RGB24: exact pixels, no codec in between. */
async function pngFrames(template: string, props: Record<string, unknown> = {}): Promise<Buffer[]> {
  const dir = path.join(tmp.dir, `${template}-${stills++}`);
  const zip = `${dir}.zip`;
  await renderMedia({ project, host, template, output: zip, format: 'png-seq', concurrency: 1, props });
  await run('unzip', ['-q', zip, '-d', dir]);
  return decodeFrames(path.join(dir, 'frame-%06d.png'), 160, 90);
}

const RED = [255, 0, 0];
const BLUE = [0, 0, 255];
const GREEN = [0, 255, 0];
const WHITE = [255, 255, 255];

describe('catalog of a <Composition> root', () => {
  let catalog: TemplateCatalog;
  beforeAll(async () => {
    catalog = await project.catalog();
  });

  it('lists every composition with its folder path, the Still as one frame, and the defineTemplate twin', () => {
    expect(catalog.ids()).toEqual([
      'LoopStill', 'ProductTeaser', 'calc-props', 'flaky-load', 'iframe-check', 'loop-freeze', 'muted-media', 'offthread-check', 'premount-check', 'product-teaser-twin', 'transition-check',
    ]);
    expect(catalog.info('offthread-check').folder).toBe('Checks/Media');
    // calc-props leaves its duration to calculateMetadata(): 5 frames per scene, 2 scenes by default.
    expect(catalog.info('calc-props').durationInFrames).toBe(10);
    expect(catalog.info('ProductTeaser')).toMatchObject({ folder: 'Marketing', width: 320, height: 180, fps: 30 });
    expect(catalog.info('transition-check').folder).toBe('Checks/Transitions');
    expect(catalog.info('loop-freeze').folder).toBe('Checks');
    expect(catalog.info('LoopStill')).toMatchObject({ folder: 'Checks', fps: 1, durationInFrames: 1 });
    expect(catalog.info('product-teaser-twin').folder).toBeUndefined();
    expect(catalog.info('ProductTeaser').propsSchema).toMatchObject({ required: expect.arrayContaining(['title', 'accent', 'slides']) });
  });

  it('validates the ported template’s props with its zod schema, naming the field', async () => {
    await expect(catalog.resolve('ProductTeaser', { slides: ['red'] })).rejects.toMatchObject({
      code: 'INVALID_PROPS',
      message: expect.stringMatching(/slides\.0.*#rrggbb/),
    });
  });

  it('takes duration and props from calculateMetadata()', async () => {
    const resolved = await catalog.resolve('ProductTeaser', { title: '  Spaced  ', slides: ['#000000', '#ffffff'] });
    expect(resolved.metadata.durationInFrames).toBe(70);
    expect(resolved.propsFromMetadata).toBe(true);
    expect(resolved.inputProps.title).toBe('Spaced');
    expect(resolved.callerProps).toEqual({ title: '  Spaced  ', slides: ['#000000', '#ffffff'] });
  });
});

describe('the ported guide template', () => {
  it('renders its slides with the props given, transitions included', async () => {
    const props = { title: 'Hi', slides: ['#ff0000', '#0000ff', '#00ff00'] };
    // Slides of 40 frames overlapping by 10: slide 2 alone at 35–69, slide 3 from 70.
    const at = async (frame: number) => meanColor(await still('ProductTeaser', frame, props, [320, 180]), 320, 20, 20, 2);
    expect(colorDistance(await at(5), RED)).toBeLessThanOrEqual(2);
    expect(colorDistance(await at(50), BLUE)).toBeLessThanOrEqual(2);
    expect(colorDistance(await at(89), GREEN)).toBeLessThanOrEqual(2);
  });

  it('draws the same pixels as a <Composition> as its defineTemplate twin', async () => {
    for (const frame of [3, 35, 64]) {
      const composition = await still('ProductTeaser', frame, {}, [320, 180]);
      const twin = await still('product-teaser-twin', frame, {}, [320, 180]);
      expect(composition.equals(twin), `frame ${frame}`).toBe(true);
    }
  });

  it('hands the component the props calculateMetadata() returned, and getInputProps() the caller’s', async () => {
    const many = await still('calc-props', 0, { scenes: 5 });
    expect(colorDistance(pixel(many, 160, 40, 45), GREEN)).toBe(0);
    expect(colorDistance(pixel(many, 160, 120, 45), BLUE)).toBe(0);
    const defaults = await still('calc-props', 0);
    expect(colorDistance(pixel(defaults, 160, 40, 45), RED)).toBe(0);
    expect(colorDistance(pixel(defaults, 160, 120, 45), [0, 0, 0])).toBe(0);
  });
});

describe('Loop and Freeze (frame reuse on)', () => {
  let frames: Buffer[];
  beforeAll(async () => {
    frames = await pngFrames('loop-freeze');
  });

  it('repeats the loop exactly, twice, then unmounts it', () => {
    expect(frames).toHaveLength(12);
    for (let f = 0; f < 8; f++) {
      expect(colorDistance(pixel(frames[f]!, 160, 80, 20), colorOf(f % 4)), `loop at frame ${f}`).toBeLessThanOrEqual(1);
      expect(frames[f]!.subarray(0, 160 * 45 * 3).equals(frames[f % 4]!.subarray(0, 160 * 45 * 3)), `frame ${f} repeats frame ${f % 4}`).toBe(true);
    }
    for (let f = 8; f < 12; f++) expect(pixel(frames[f]!, 160, 80, 20)).toEqual(WHITE);
  });

  it('holds the frozen frame, and only where active', () => {
    for (let f = 0; f < 12; f++) {
      expect(colorDistance(pixel(frames[f]!, 160, 40, 70), colorOf(3)), `frozen at frame ${f}`).toBeLessThanOrEqual(1);
      expect(colorDistance(pixel(frames[f]!, 160, 120, 70), colorOf(f >= 5 ? 3 : f)), `active from 5, at frame ${f}`).toBeLessThanOrEqual(1);
    }
  });
});

describe('Sequence premountFor', () => {
  it('has the <Img> loaded before its first visible frame, invisible until then', async () => {
    const frames = await pngFrames('premount-check', { from: 10, premountFor: 5 });
    for (const f of [5, 9]) expect(pixel(frames[f]!, 160, 40, 45), `premounted, hidden at ${f}`).toEqual(WHITE);
    expect(colorDistance(pixel(frames[10]!, 160, 40, 45), [0x10, 0x40, 0xe0])).toBeLessThanOrEqual(4);
    expect(pixel(frames[10]!, 160, 120, 40)).toEqual(GREEN);
  });

  it('without premountFor the image loads only at its first visible frame (the check can fail)', async () => {
    const frames = await pngFrames('premount-check', { from: 10, premountFor: 0 });
    expect(pixel(frames[10]!, 160, 120, 40)).toEqual(RED);
  });
});

describe('<IFrame> and <OffthreadVideo>', () => {
  it('<IFrame> holds the frame until its page has loaded', async () => {
    const image = await still('iframe-check', 0);
    expect(colorDistance(pixel(image, 160, 40, 45), [255, 128, 0])).toBeLessThanOrEqual(1);
    expect(pixel(image, 160, 120, 45)).toEqual(WHITE);
  });

  it('<OffthreadVideo trimBefore> shows source frame n + trimBefore at frame n', async () => {
    for (const [frame, trimBefore] of [[0, 7], [5, 7]] as const) {
      const image = await still('offthread-check', frame, { trimBefore });
      expect(colorDistance(meanColor(image, 160, 80, 45), clipColor(frame + trimBefore)), `frame ${frame}, trimBefore ${trimBefore}`).toBeLessThanOrEqual(8);
    }
  });
});

describe('sound of frozen and premounted media', () => {
  it('is muted while a <Freeze> is active and while a Sequence is only post-mounted', async () => {
    const output = path.join(tmp.dir, 'muted.wav');
    await renderMedia({ project, host, template: 'muted-media', format: 'wav', output });
    const samples = await decodeAudio(output);
    for (const hz of [440, 660]) {
      expect(toneLevel(samples, hz, 0.05, 0.45), `${hz} Hz before 0.5 s`).toBeGreaterThan(0.08);
      expect(toneLevel(samples, hz, 0.55, 0.95), `${hz} Hz after 0.5 s`).toBeLessThan(0.005);
    }
  });
});

describe('delayRender retries', () => {
  it('renders the frame again on a fresh page after a timeout, up to `retries` times', async () => {
    const run = `run-${Date.now()}-${Math.random()}`;
    const image = await still('flaky-load', 0, { run, succeedOn: 3, retries: 2 });
    expect(pixel(image, 160, 80, 45)).toEqual(GREEN);
  });

  it('fails naming the label and the attempts once the retries are spent', async () => {
    const run = `run-${Date.now()}-${Math.random()}`;
    await expect(still('flaky-load', 0, { run, succeedOn: 3, retries: 1 })).rejects.toMatchObject({
      code: 'DELAY_RENDER_TIMEOUT',
      message: expect.stringMatching(/delayRender\("flaky load \(attempt 2\)"\) was not continued within 400 ms \(tried 2 times\)/),
    });
  });
});

describe('TransitionSeries', () => {
  // Red for 20 frames, blue for 20, a 10-frame transition from frame 10: its midpoint is frame 15.
  it('fade: both scenes at 50 % at the midpoint', async () => {
    const image = await still('transition-check', 15, { presentation: 'fade' });
    expect(colorDistance(pixel(image, 160, 80, 45), [127.5, 0, 127.5])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixel(await still('transition-check', 9, { presentation: 'fade' }), 160, 80, 45), RED)).toBe(0);
    expect(colorDistance(pixel(await still('transition-check', 20, { presentation: 'fade' }), 160, 80, 45), BLUE)).toBe(0);
  });

  it('slide: at the midpoint the boundary is at half the frame, in each of the four directions', async () => {
    const cases = [
      { direction: 'from-left', a: [78, 45], b: [82, 45], first: BLUE },
      { direction: 'from-right', a: [78, 45], b: [82, 45], first: RED },
      { direction: 'from-top', a: [80, 43], b: [80, 47], first: BLUE },
      { direction: 'from-bottom', a: [80, 43], b: [80, 47], first: RED },
    ] as const;
    for (const c of cases) {
      const image = await still('transition-check', 15, { presentation: 'slide', direction: c.direction });
      const second = c.first === BLUE ? RED : BLUE;
      expect(pixel(image, 160, c.a[0], c.a[1]), `${c.direction} before the boundary`).toEqual(c.first);
      expect(pixel(image, 160, c.b[0], c.b[1]), `${c.direction} after the boundary`).toEqual(second);
      if (c.direction === 'from-left') {
        // useTransitionProgress(): the entering scene's corner square is grey at 50 %.
        expect(colorDistance(pixel(image, 160, 78, 88), [127.5, 127.5, 127.5])).toBeLessThanOrEqual(1);
      }
    }
  });

  it('wipe, flip and clockWipe reveal the entering scene as they should', async () => {
    const wipe = await still('transition-check', 15, { presentation: 'wipe', direction: 'from-top' });
    expect(pixel(wipe, 160, 80, 40)).toEqual(BLUE);
    expect(pixel(wipe, 160, 80, 50)).toEqual(RED);
    // Flip: before halfway only the exiting scene's face shows, after it only the entering one's.
    expect(pixel(await still('transition-check', 12, { presentation: 'flip' }), 160, 80, 45)).toEqual(RED);
    expect(pixel(await still('transition-check', 18, { presentation: 'flip' }), 160, 80, 45)).toEqual(BLUE);
    // Clock wipe a quarter in (frame 12.5 is between; frame 13 = 30 %): top right revealed, the rest not.
    const clock = await still('transition-check', 13, { presentation: 'clock-wipe' });
    expect(pixel(clock, 160, 120, 20)).toEqual(BLUE);
    expect(pixel(clock, 160, 40, 20)).toEqual(RED);
    expect(pixel(clock, 160, 40, 70)).toEqual(RED);
  });

  it('springTiming drives the progress with spring()', async () => {
    const image = await still('transition-check', 12, { presentation: 'fade', timing: 'spring' });
    const expected = spring({ frame: 2, fps: 30, config: { damping: 200 }, durationInFrames: 10 });
    expect(Math.abs(pixel(image, 160, 80, 45)[2] - expected * 255)).toBeLessThanOrEqual(1.5);
  });
});
