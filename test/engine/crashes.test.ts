import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { descendantsMatching } from '../helpers/processes.ts';
import { renderFixture } from '../helpers/engine.ts';

const { tmp, project, host } = renderFixture();

/** Starts a slow render and runs `kill` once a few frames are encoded; returns the failure. */
async function renderAndKill(output: string, kill: () => void): Promise<FramewrightError> {
  let killed = false;
  try {
    await renderMedia({
      project,
      host,
      template: 'color-frames',
      output,
      scale: 4,
      preset: 'veryslow',
      onProgress: (p) => {
        if (p.encodedFrames >= 3 && !killed) {
          killed = true;
          kill();
        }
      },
    });
  } catch (error) {
    expect(killed).toBe(true);
    return error as FramewrightError;
  }
  throw new Error('the render should have failed');
}

describe('crashes fail that render with a stable code, and the next render works', () => {
  it('Chromium killed mid-render → BROWSER_CRASHED; the host relaunches it', async () => {
    const output = path.join(tmp.dir, 'browser-crash.mp4');
    const error = await renderAndKill(output, () => process.kill(host.browsers.pid!, 'SIGKILL'));
    expect(error).toBeInstanceOf(FramewrightError);
    expect(error.code).toBe('BROWSER_CRASHED');
    expect(error.retriable).toBe(true);
    expect(existsSync(output)).toBe(false);
    expect(descendantsMatching(process.pid, /ffmpeg/)).toEqual([]);

    const next = await renderMedia({ project, host, template: 'color-frames', output: path.join(tmp.dir, 'after-browser.mp4'), frames: [0, 9] });
    expect(next.frames).toBe(10);
  });

  it('FFmpeg killed mid-render → ENCODER_FAILED; the next render works', async () => {
    const output = path.join(tmp.dir, 'encoder-crash.mp4');
    const error = await renderAndKill(output, () => {
      for (const pid of descendantsMatching(process.pid, /ffmpeg/)) process.kill(pid, 'SIGKILL');
    });
    expect(error.code).toBe('ENCODER_FAILED');
    expect(error.retriable).toBe(true);
    expect(existsSync(output)).toBe(false);

    const next = await renderMedia({ project, host, template: 'color-frames', output: path.join(tmp.dir, 'after-encoder.mp4'), frames: [0, 9] });
    expect(next.frames).toBe(10);
    // Only the warm browser remains: no FFmpeg outlives a render.
    expect(descendantsMatching(process.pid, /ffmpeg/)).toEqual([]);
  });
});
