import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import type { RenderStage } from '../../src/render/progress.ts';
import { renderMedia, type RenderMediaOptions } from '../../src/render/render-media.ts';
import { descendantsMatching, renderChildren } from '../helpers/processes.ts';
import { makeColorClip, makeTone, mediaProject, type MediaProject } from './media-helpers.ts';

let m: MediaProject;

beforeAll(async () => {
  m = mediaProject();
  await Promise.all([
    makeTone(path.join(m.publicDir, 'tone.wav'), { frequency: 440, seconds: 20 }),
    makeColorClip(path.join(m.publicDir, 'clip.mp4'), { frames: 60, fps: 30, width: 64, height: 36 }),
  ]);
});

afterAll(() => m.cleanup());

/** Starts a render, aborts it once `when` says so, and checks that nothing is left behind. */
async function cancelDuring(name: string, options: Omit<RenderMediaOptions, 'project' | 'output' | 'signal'>, when: (stage: RenderStage, encoded: number) => boolean) {
  const dir = path.join(m.dir, name);
  mkdirSync(dir);
  const controller = new AbortController();
  let aborted = false;
  const error = await renderMedia({
    ...options,
    project: m.project,
    output: path.join(dir, 'out'),
    signal: controller.signal,
    poster: options.format === 'wav' ? undefined : { frame: 0 },
    onProgress: (p) => {
      if (!aborted && when(p.stage, p.encodedFrames)) {
        aborted = true;
        controller.abort();
      }
    },
  }).catch((e: unknown) => e);
  expect(aborted).toBe(true);
  expect(error).toBeInstanceOf(FramewrightError);
  expect((error as FramewrightError).code).toBe('CANCELED');
  // No output, no zip, no poster, no scratch folder; no FFmpeg decoder, encoder or muxer left.
  expect(readdirSync(dir)).toEqual([]);
  expect(descendantsMatching(process.pid, /ffmpeg/)).toEqual([]);
  expect(renderChildren()).toEqual([]);
}

const audio = { clips: [{ src: 'tone.wav' }], durationInFrames: 120 };

describe('cancelling media renders leaves nothing behind', () => {
  it('HLS while frames are captured (ladder encoder running, <Video> decoder running)', async () => {
    await cancelDuring('hls-capture', { template: 'video-clip', format: 'hls', hlsRenditions: [90, 60], props: { src: 'clip.mp4', durationInFrames: 300, loop: true } }, (stage, encoded) => stage === 'rendering' && encoded >= 10);
  });

  it('HLS while packaging', async () => {
    await cancelDuring('hls-package', { template: 'audio-clips', format: 'hls', hlsRenditions: [90, 60], props: audio }, (stage) => stage === 'finalizing');
  });

  it('an MP4 while its audio is muxed', async () => {
    await cancelDuring('mux', { template: 'audio-clips', props: audio }, (stage) => stage === 'finalizing');
  });

  it('an audio-only render while the template is scanned', async () => {
    await cancelDuring('scan', { template: 'audio-clips', format: 'wav', props: { ...audio, durationInFrames: 3000 } }, (stage, encoded) => stage === 'rendering' && encoded >= 60);
  });
});
