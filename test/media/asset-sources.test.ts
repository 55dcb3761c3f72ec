import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { colorDistance, decodeFrames, meanColor } from '../helpers/media.ts';
import { fixtureProjectDir } from '../helpers/project.ts';
import { clipColor, decodeAudio, makeColorClip, mediaProject, rms, type MediaProject } from './media-helpers.ts';

/**
 * `asset:<id>` sources (the service's uploaded assets) in <Video>, its sound and loadFont: read
 * through the host's resolver, never over the network, and checked against the slot.
 */
let m: MediaProject;
let host: RenderHost;
const resolved: string[] = [];

beforeAll(async () => {
  m = mediaProject();
  const clip = path.join(m.dir, 'clip.mp4');
  const png = path.join(m.dir, 'still.png');
  await Promise.all([
    makeColorClip(clip, { frames: 10, fps: 30, width: 160, height: 90, toneHz: 440 }),
    promisify(execFile)('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=16x16', '-frames:v', '1', png]),
  ]);
  const assets: Record<string, { file: string; contentType: string }> = {
    clip: { file: clip, contentType: 'video/mp4' },
    image: { file: png, contentType: 'image/png' },
    font: { file: path.join(fixtureProjectDir, 'public/fonts/DejaVuSansMono-Bold.ttf'), contentType: 'font/ttf' },
  };
  host = new RenderHost({
    resolveAsset: async (id) => {
      resolved.push(id);
      const asset = assets[id];
      if (!asset) throw new Error(`no asset ${id}`);
      return asset;
    },
  });
});

afterAll(async () => {
  await host?.close();
  m?.cleanup();
});

describe('asset:<id> sources', () => {
  it('<Video> shows the asset frame by frame and its sound is mixed', async () => {
    const output = path.join(m.dir, 'asset-video.mp4');
    await renderMedia({ project: m.project, host, template: 'video-clip', output, crf: 10, props: { src: 'asset:clip', durationInFrames: 6 } });
    const frames = await decodeFrames(output, 160, 90);
    expect(frames).toHaveLength(6);
    for (const k of [0, 3, 5]) expect(colorDistance(meanColor(frames[k]!, 160, 80, 45), clipColor(k))).toBeLessThan(12);
    expect(rms(await decodeAudio(output), 0, 4_800)).toBeGreaterThan(0.05);
    expect(resolved).toContain('clip');
  });

  it('loadFont loads an asset font, and refuses an image asset as a font', async () => {
    const still = await renderStill({ project: m.project, host, template: 'font-url', props: { url: 'asset:font' } });
    expect(still.image.length).toBeGreaterThan(0);
    expect(resolved).toContain('font');
    const error = await renderStill({ project: m.project, host, template: 'font-url', props: { url: 'asset:image' } }).catch((e: unknown) => e);
    expect((error as FramewrightError).code).toBe('FONT_LOAD_FAILED');
    expect((error as FramewrightError).message).toContain('asset:image is image/png, not a font');
  });

  it('an image asset in a <Video> slot fails the render naming the asset and its type', async () => {
    const error = await renderMedia({ project: m.project, host, template: 'video-clip', output: path.join(m.dir, 'bad.mp4'), props: { src: 'asset:image', durationInFrames: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FramewrightError);
    expect((error as FramewrightError).code).toBe('ASSET_FETCH_FAILED');
    expect((error as FramewrightError).message).toContain('asset:image is image/png, not a video');
  });
});
