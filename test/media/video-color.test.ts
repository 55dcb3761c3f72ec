import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStill } from '../../src/render/render-still.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { isNeutral, readPatches } from '../helpers/color-patches.ts';
import { decodeFramesExact } from '../helpers/media.ts';
import { makePatchVideo, patchFrame, type SourceEncoding } from '../helpers/patch-video.ts';
import { mediaProject, type MediaProject } from './media-helpers.ts';

// A <Video> source shows its own colours in the render, whatever matrix and range it was encoded
// with: the frames handed to the page (JPEG, read as full-range BT.601 by Chromium) must be
// converted from the source's tags. Read from a PNG still, so only the source's way in is measured.
let m: MediaProject;
let host: RenderHost;
const ENCODINGS: SourceEncoding[] = ['bt709', 'bt601', 'jpeg', 'bt709-full', 'bt709-10bit'];

beforeAll(async () => {
  m = mediaProject();
  host = new RenderHost();
  await Promise.all(ENCODINGS.map((e) => makePatchVideo(path.join(m.publicDir, `${e}.mp4`), e, { frames: 5, fps: 30 })));
});

afterAll(async () => {
  await host.close();
  m.cleanup();
});

describe('<Video> colours', () => {
  it.each(ENCODINGS)('a %s source shows the painted patches', async (encoding) => {
    const { width, height } = patchFrame();
    const output = path.join(m.dir, `${encoding}.png`);
    await renderStill({ project: m.project, host, template: 'video-clip', output, frame: 2, props: { src: `${encoding}.mp4`, width, height, durationInFrames: 5 } });
    const [rgb] = await decodeFramesExact(output);
    for (const p of readPatches(rgb!, width)) {
      // The source itself is 8-bit YUV (±1); the JPEG the page receives adds at most 1.
      expect(p.error, `${encoding}: ${p.name} painted ${p.expected.join(',')} shows ${p.got.join(',')}`).toBeLessThanOrEqual(isNeutral(p.name) ? 1 : 2);
    }
  });
});
