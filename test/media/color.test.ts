import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../src/render/binaries.ts';
import { CHROMIUM_FLAGS, sandboxFlags } from '../../src/render/browser/chromium-flags.ts';
import { concatSegments } from '../../src/render/chunks/concat-segments.ts';
import type { OutputFormat } from '../../src/render/formats/formats.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { isNeutral, readPatches, type PatchError } from '../helpers/color-patches.ts';
import { renderFixture } from '../helpers/engine.ts';
import { decodeFramesExact, probe, videoStream } from '../helpers/media.ts';
import { playInChromium } from '../helpers/play-in-chromium.ts';

const run = promisify(execFile);

// color-patches paints flat patches (white, black, greys, the examples' brand colours,
// primaries, secondaries, a skin tone). Every output is read back two ways: FFmpeg honouring the
// stream's tags, and Chromium's own <video>/<img> through a canvas, as a viewer would see it.
const { tmp, project, host } = renderFixture();
let browser: Browser;

beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: 'shell', pipe: true, args: [...CHROMIUM_FLAGS, ...sandboxFlags()] });
});
afterAll(async () => {
  await browser?.close();
});

interface Row {
  output: string;
  reader: 'ffmpeg' | 'chromium';
  patches: PatchError[];
}
const table: Row[] = [];

function record(output: string, reader: Row['reader'], patches: PatchError[]): PatchError[] {
  table.push({ output, reader, patches });
  return patches;
}

function expectWithin(patches: PatchError[], neutral: number, other: number, label: string) {
  for (const p of patches) {
    const limit = isNeutral(p.name) ? neutral : other;
    expect(p.error, `${label}: ${p.name} painted ${p.expected.join(',')} reads ${p.got.join(',')}`).toBeLessThanOrEqual(limit);
  }
}

async function colourTags(file: string): Promise<Record<string, string>> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=color_range,color_space,color_primaries,color_transfer', '-of', 'json', file]);
  return (JSON.parse(stdout) as { streams: Array<Record<string, string>> }).streams[0]!;
}

const BT709 = { color_space: 'bt709', color_primaries: 'bt709', color_transfer: 'bt709' };

async function firstFrame(file: string): Promise<{ rgb: Buffer; width: number }> {
  const [rgb] = await decodeFramesExact(file);
  return { rgb: rgb!, width: videoStream(await probe(file)).width! };
}

describe('colour fidelity', () => {
  // [format, file, tolerance for neutrals, for every other patch] when FFmpeg decodes honouring the tags.
  const cases: Array<[OutputFormat, string, number, number, string | undefined]> = [
    ['mp4', 'patches.mp4', 1, 2, 'pc'],
    ['mp4-h265', 'patches-h265.mp4', 1, 2, 'pc'],
    ['webm', 'patches.webm', 1, 2, 'pc'],
    ['mov', 'patches.mov', 1, 1, 'tv'],
    ['gif', 'patches.gif', 1, 1, undefined],
  ];

  it.each(cases)('%s: FFmpeg reads back the painted colours, and the tags say how', async (format, name, neutral, other, range) => {
    const output = path.join(tmp.dir, name);
    await renderMedia({ project, host, template: 'color-patches', output, format });
    const frame = await firstFrame(output);
    expectWithin(record(format, 'ffmpeg', readPatches(frame.rgb, frame.width)), neutral, other, format);
    if (range) expect(await colourTags(output)).toMatchObject({ ...BT709, color_range: range });
  });

  it.each([
    ['mp4', 'patches.mp4', 'video'],
    ['webm', 'patches.webm', 'video'],
    ['gif', 'patches.gif', 'img'],
  ] as const)('%s plays in Chromium with the painted colours', async (format, name, element) => {
    const shown = await playInChromium(browser, path.join(tmp.dir, name), element, 0.01);
    expectWithin(record(format, 'chromium', readPatches(shown.rgb, shown.width)), 1, 2, `${format} in Chromium`);
  });

  it('limited range is one option away, exact on neutrals and tagged tv', async () => {
    const output = path.join(tmp.dir, 'patches-limited.mp4');
    await renderMedia({ project, host, template: 'color-patches', output, colorRange: 'limited' });
    expect(await colourTags(output)).toMatchObject({ ...BT709, color_range: 'tv' });
    const frame = await firstFrame(output);
    expectWithin(record('mp4 --color-range limited', 'ffmpeg', readPatches(frame.rgb, frame.width)), 1, 2, 'limited mp4');
    const shown = await playInChromium(browser, output, 'video', 0.01);
    // Chromium's limited-range path is exact on neutrals but shifts saturated colours (see README).
    const patches = record('mp4 --color-range limited', 'chromium', readPatches(shown.rgb, shown.width));
    expectWithin(patches.filter((p) => isNeutral(p.name)), 1, 1, 'limited mp4 in Chromium');
  });

  // The patches are 448×256: the 128p rung is resized, the 256p one is not. [range, tag, largest
  // error of a coloured patch in the resized rung]: x264 veryfast at 224×128 puts full-range green
  // 3 levels off (the conversion and resize alone: 1); neutrals are within 1 everywhere.
  it.each([
    ['limited', 'tv', 2],
    ['full', 'pc', 3],
  ] as const)('HLS renditions in %s range, resized or not, keep the colours their tags say', async (colorRange, range, resized) => {
    const output = path.join(tmp.dir, `hls-${colorRange}`);
    await renderMedia({ project, host, template: 'color-patches', output, format: 'hls', hlsRenditions: [256, 128], colorRange });
    for (const [rung, scale] of [['256p', 1], ['128p', 0.5]] as const) {
      const segment = path.join(output, rung, 'segment-000.ts');
      expect(await colourTags(segment)).toMatchObject({ ...BT709, color_range: range });
      const frame = await firstFrame(segment);
      const name = `hls ${colorRange} ${rung}`;
      expectWithin(record(name, 'ffmpeg', readPatches(frame.rgb, frame.width, scale)), 1, scale === 1 ? 2 : resized, name);
    }
  });

  // Every pixel format offered, odd sizes (cropped to even for 4:2:0/4:2:2) and scale factors:
  // [label, options, tolerance for neutrals, for the rest, range tag, scale the patches are read at].
  const variants: Array<[string, Parameters<typeof renderMedia>[0] extends infer O ? Partial<O> : never, number, number, string, number]> = [
    ['mp4 yuv444p', { pixelFormat: 'yuv444p' }, 1, 2, 'pc', 1],
    ['mp4 yuv422p limited', { pixelFormat: 'yuv422p', colorRange: 'limited' }, 1, 2, 'tv', 1],
    ['mp4-h265 yuv444p', { format: 'mp4-h265', pixelFormat: 'yuv444p' }, 1, 2, 'pc', 1],
    ['webm yuv444p', { format: 'webm', pixelFormat: 'yuv444p' }, 1, 2, 'pc', 1],
    ['mov ProRes 422 HQ yuv422p10le', { format: 'mov', proresProfile: 'hq' }, 1, 1, 'tv', 1],
    ['mp4 449×257', { props: { extraWidth: 1, extraHeight: 1 } }, 1, 2, 'pc', 1],
    ['webm 449×257', { format: 'webm', props: { extraWidth: 1, extraHeight: 1 } }, 1, 2, 'pc', 1],
    ['mov 449×257', { format: 'mov', props: { extraWidth: 1, extraHeight: 1 } }, 1, 1, 'tv', 1],
    ['mp4 --scale 0.5', { scale: 0.5 }, 1, 2, 'pc', 0.5],
    ['mp4 --scale 1.5', { scale: 1.5 }, 1, 2, 'pc', 1.5],
    ['mov 4444 with alpha', { format: 'mov', template: 'color-patches-alpha' }, 1, 1, 'tv', 1],
    ['webm with alpha', { format: 'webm', template: 'color-patches-alpha' }, 1, 2, 'pc', 1],
  ];
  it.each(variants)('%s: FFmpeg reads back the painted colours, and the tags say how', async (label, options, neutral, other, range, scale) => {
    const ext = { mp4: 'mp4', 'mp4-h265': 'mp4', webm: 'webm', mov: 'mov' }[(options.format ?? 'mp4') as 'mp4'];
    const output = path.join(tmp.dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.${ext}`);
    await renderMedia({ project, host, template: 'color-patches', output, ...options });
    expect(await colourTags(output)).toMatchObject({ ...BT709, color_range: range });
    const frame = await firstFrame(output);
    expectWithin(record(label, 'ffmpeg', readPatches(frame.rgb, frame.width, scale)), neutral, other, label);
  });

  it.each([
    ['mp4 yuv444p', 'video'],
    ['webm yuv444p', 'video'],
    ['webm with alpha', 'video'],
  ] as const)('%s plays in Chromium with the painted colours', async (label, element) => {
    const ext = label.startsWith('mp4') ? 'mp4' : 'webm';
    const shown = await playInChromium(browser, path.join(tmp.dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.${ext}`), element, 0.01);
    const patches = record(label, 'chromium', readPatches(shown.rgb, shown.width));
    expectWithin(patches, 1, 2, `${label} in Chromium`);
    if (label.includes('alpha')) {
      // The page's transparent background (the empty cells after the last patch) stays
      // transparent, the patches opaque.
      expect(shown.alpha[250 * shown.width + 440]).toBe(0);
      expect(shown.alpha[32 * shown.width + 32]).toBe(255);
    }
  });

  it('chunks of a split render, joined, keep the colours and the tags', async () => {
    const segments = [path.join(tmp.dir, 'chunk-0.mp4'), path.join(tmp.dir, 'chunk-1.mp4')];
    await renderMedia({ project, host, template: 'color-patches', output: segments[0]!, frames: [0, 1] });
    await renderMedia({ project, host, template: 'color-patches', output: segments[1]!, frames: [2, 2] });
    const joined = path.join(tmp.dir, 'joined.mp4');
    await concatSegments({ segments, output: joined });
    expect(await colourTags(joined)).toMatchObject({ ...BT709, color_range: 'pc' });
    const frames = await decodeFramesExact(joined);
    expect(frames).toHaveLength(3);
    expectWithin(readPatches(frames[2]!, videoStream(await probe(joined)).width!), 1, 2, 'second chunk');
  });

  it('stills, PNG sequences and posters', async () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const file = path.join(tmp.dir, `still.${format}`);
      await renderStill({ project, host, template: 'color-patches', output: file, format, quality: 90 });
      const frame = await firstFrame(file);
      // The README's figures: PNG exact, JPEG (q 90) within 1, WebP (q 90) within 2.
      const other = { png: 0, jpeg: 1, webp: 2 }[format];
      expectWithin(record(`still ${format}`, 'ffmpeg', readPatches(frame.rgb, frame.width)), Math.min(other, 1), other, `still ${format}`);
      const shown = await playInChromium(browser, file, 'img');
      expectWithin(record(`still ${format}`, 'chromium', readPatches(shown.rgb, shown.width)), Math.min(other, 1), other, `still ${format} in Chromium`);
    }
    const zip = path.join(tmp.dir, 'frames.zip');
    await renderMedia({ project, host, template: 'color-patches', output: zip, format: 'png-seq', frames: [0, 0] });
    const { stdout: png } = await run('unzip', ['-p', zip, 'frame-000000.png'], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 });
    const pngFile = path.join(tmp.dir, 'from-zip.png');
    await writeFile(pngFile, png);
    const fromZip = await firstFrame(pngFile);
    expectWithin(record('png-seq', 'ffmpeg', readPatches(fromZip.rgb, fromZip.width)), 0, 0, 'png-seq');

    const video = path.join(tmp.dir, 'with-poster.mp4');
    const result = await renderMedia({ project, host, template: 'color-patches', output: video, poster: { frame: 1 } });
    const poster = await firstFrame(result.poster!);
    expectWithin(record('poster (jpeg)', 'ffmpeg', readPatches(poster.rgb, poster.width)), 1, 1, 'poster');
  });

  afterAll(() => {
    if (process.env.COLOR_TABLE) printTable();
  });
});

/** The per-patch, per-output error table (COLOR_TABLE=1), as pasted into the README. */
function printTable() {
  const names = table[0]?.patches.map((p) => p.name) ?? [];
  const head = `| patch | ${table.map((r) => `${r.output} (${r.reader})`).join(' | ')} |`;
  const rule = `| --- | ${table.map(() => '---').join(' | ')} |`;
  const rows = names.map((n, i) => `| ${n} | ${table.map((r) => String(r.patches[i]!.error)).join(' | ')} |`);
  const max = `| **max** | ${table.map((r) => `**${Math.max(...r.patches.map((p) => p.error))}**`).join(' | ')} |`;
  console.log([head, rule, ...rows, max].join('\n'));
}
