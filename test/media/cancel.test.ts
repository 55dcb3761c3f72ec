import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

/**
 * When: a progress condition, or the name of an FFmpeg step — then the abort comes once that
 * FFmpeg is running. An FFMPEG_PATH wrapper marks the step's start (its pid, as FFmpeg execs in
 * its place) and reads the first input at its native rate (`-re`), so the step runs long enough
 * for the abort to land while it works, never before it started.
 */
type When = ((stage: RenderStage, encoded: number) => boolean) | { ffmpegWith: string };

async function whileFfmpegRuns<T>(dir: string, match: string, start: (running: Promise<void>) => Promise<T>): Promise<T> {
  const wrapper = path.join(dir, '..', `ffmpeg-${path.basename(dir)}.sh`);
  const marker = path.join(dir, '..', `ffmpeg-${path.basename(dir)}.started`);
  writeFileSync(wrapper, `#!/bin/sh\ncase "$*" in *"${match}"*) echo $$ > "${marker}"; exec ffmpeg -re "$@";; esac\nexec ffmpeg "$@"\n`);
  chmodSync(wrapper, 0o755);
  const previous = process.env.FFMPEG_PATH;
  process.env.FFMPEG_PATH = wrapper;
  let stop = false;
  const running = (async () => {
    while (!existsSync(marker)) {
      if (stop) throw new Error(`no FFmpeg with "${match}" started`);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  running.catch(() => undefined);
  try {
    return await start(running);
  } finally {
    stop = true;
    if (previous === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = previous;
  }
}

/** Starts a render, aborts it once `when` says so, and checks that nothing is left behind. */
async function cancelDuring(name: string, options: Omit<RenderMediaOptions, 'project' | 'output' | 'signal'>, when: When) {
  const dir = path.join(m.dir, name);
  mkdirSync(dir);
  const controller = new AbortController();
  let aborted = false;
  if (typeof when !== 'function') {
    const error = await whileFfmpegRuns(dir, when.ffmpegWith, (running) => {
      void running.then(() => {
        aborted = true;
        controller.abort();
      });
      return renderMedia({ ...options, project: m.project, output: path.join(dir, 'out'), signal: controller.signal }).catch((e: unknown) => e);
    });
    return expectNothingLeft(dir, aborted, error);
  }
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
  expectNothingLeft(dir, aborted, error);
}

function expectNothingLeft(dir: string, aborted: boolean, error: unknown) {
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

  it('HLS while packaging (the packaging FFmpeg running)', async () => {
    await cancelDuring('hls-package', { template: 'audio-clips', format: 'hls', hlsRenditions: [90, 60], props: audio }, { ffmpegWith: '-hls_time' });
  });

  it('an MP4 while its audio is muxed (the muxing FFmpeg running)', async () => {
    await cancelDuring('mux', { template: 'audio-clips', props: audio }, { ffmpegWith: '-c:v copy' });
  });

  it('an audio-only render while the template is scanned', async () => {
    await cancelDuring('scan', { template: 'audio-clips', format: 'wav', props: { ...audio, durationInFrames: 3000 } }, (stage, encoded) => stage === 'rendering' && encoded >= 60);
  });
});
