import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RenderHost } from '../../src/render/render-host.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderChildren } from '../helpers/processes.ts';
import { fixtureProject, tempDir } from '../helpers/project.ts';
import { failure } from '../helpers/failure.ts';

/**
 * Templates that misbehave, and an encoder that fails: each render fails with a clear code
 * within its timeout, nothing is left at the output path, and the same host renders the next
 * job. A small V8 heap keeps the memory blow-up cheap on a shared machine.
 */
const tmp = tempDir('fw-faults-');
const project = fixtureProject(path.join(tmp.dir, 'data'));
const host = new RenderHost({ jsHeapLimitMb: 96 });
let chromiumPid: number | undefined;

afterAll(async () => {
  await host.close();
  tmp.cleanup();
});


const render = (name: string, props: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  renderMedia({ project, host, template: 'fault', props, output: path.join(tmp.dir, `${name}.mp4`), preset: 'ultrafast', delayRenderTimeoutMs: 1_000, concurrency: 1, ...extra });

async function stillWorks(name: string): Promise<void> {
  const result = await render(`${name}-after`, { fault: 'loop', atFrame: 99 });
  expect(result.frames).toBe(4);
}

describe('template faults', () => {
  it('an endless loop fails with FRAME_TIMEOUT naming the frame, and the host goes on', async () => {
    const e = await failure(render('loop', { fault: 'loop', atFrame: 2 }));
    expect(e.code).toBe('FRAME_TIMEOUT');
    expect(e.message).toMatch(/Frame 2 did not finish rendering within 6000 ms/);
    expect(existsSync(path.join(tmp.dir, 'loop.mp4'))).toBe(false);
    await stillWorks('loop');
    chromiumPid = host.browsers.pid;
  });

  it('an unhandled rejection fails with TEMPLATE_ERROR carrying its message', async () => {
    const e = await failure(render('rejection', { fault: 'rejection', atFrame: 1 }));
    expect(e.code).toBe('TEMPLATE_ERROR');
    expect(e.message).toContain('unhandled rejection at frame 1');
    await stillWorks('rejection');
  });

  it('a memory blow-up fails only its own render (its tab crashes or stops answering), and the host goes on', async () => {
    const e = await failure(render('memory', { fault: 'memory', atFrame: 1 }));
    // Which comes first depends on the machine: V8 giving up at the heap limit, or the frame deadline while it collects garbage.
    expect(['BROWSER_CRASHED', 'FRAME_TIMEOUT']).toContain(e.code);
    await stillWorks('memory');
  });
});

describe('encoder faults', () => {
  it('FFmpeg failing: ENCODER_FAILED with its last lines, nothing at the output path', async () => {
    const fake = path.join(tmp.dir, 'broken-ffmpeg');
    writeFileSync(fake, '#!/bin/sh\necho "first line" >&2\necho "the encoder exploded: simulated" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    const saved = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = fake;
    try {
      const e = await failure(render('encoder', { fault: 'loop', atFrame: 99 }));
      expect(e.code).toBe('ENCODER_FAILED');
      expect(e.message).toContain('the encoder exploded: simulated');
    } finally {
      if (saved === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = saved;
    }
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('encoder') || f.startsWith('.encoder'))).toEqual([]);
    await stillWorks('encoder');
  });
});

describe('after the faults', () => {
  it('closing the host leaves no Chromium, no FFmpeg and no browser profile of this process', async () => {
    expect(chromiumPid).toBeGreaterThan(0);
    await host.close();
    expect(renderChildren()).toEqual([]);
    expect(readdirSync(os.tmpdir()).filter((f) => f.startsWith(`framewright-chromium-${process.pid}-`))).toEqual([]);
  });
});
