import { describe, expect, it } from 'vitest';
import { FramewrightError } from '../errors/index.ts';
import { runFramePipeline, type FrameSource } from './frame-pipeline.ts';

/** A page that "paints" the frame number; `static` frames report no change. */
function fakePage(opts: { delayMs?: (frame: number) => number; unchanged?: (frame: number) => boolean; failAt?: number } = {}): FrameSource & { captures: number[] } {
  let current = -1;
  const captures: number[] = [];
  return {
    captures,
    async seek(frame) {
      await new Promise((r) => setTimeout(r, opts.delayMs?.(frame) ?? 0));
      if (frame === opts.failAt) throw new FramewrightError('TEMPLATE_ERROR', `boom at ${frame}`);
      current = frame;
      return { changed: !(opts.unchanged?.(frame) ?? false) };
    },
    async capture() {
      captures.push(current);
      return Buffer.from(String(current));
    },
  };
}

const frames = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe('runFramePipeline', () => {
  it('hands images to the consumer strictly in order, whatever order pages finish in', async () => {
    const pages = [fakePage({ delayMs: (f) => (f % 3) * 3 }), fakePage({ delayMs: (f) => ((f + 1) % 4) * 2 }), fakePage()];
    const seen: string[] = [];
    await runFramePipeline({ pages, frames: frames(40, 5), format: 'jpeg', quality: 80, reuseUnchanged: true, maxAhead: 6, consume: async (img) => void seen.push(img.toString()) });
    expect(seen).toEqual(frames(40, 5).map(String));
  });

  it('reports the earliest failing frame when several pages fail at once', async () => {
    // Page 1 fails at frame 1 at once; page 0 fails at frame 0 a little later (a missing image shown from frame 0).
    const failing = { delayMs: (f: number) => (f === 0 ? 30 : 0) };
    const pages = [{ ...fakePage({ ...failing, failAt: 0 }) }, fakePage({ failAt: 1 })];
    const run = runFramePipeline({ pages, frames: frames(10), format: 'jpeg', quality: 80, reuseUnchanged: true, maxAhead: 4, consume: async () => undefined });
    await expect(run).rejects.toThrow('boom at 0');
  });

  it('reuses a page’s previous image when nothing changed', async () => {
    const page = fakePage({ unchanged: (f) => f > 0 && f < 10 });
    const seen: string[] = [];
    const stats = await runFramePipeline({ pages: [page], frames: frames(12), format: 'jpeg', quality: 80, reuseUnchanged: true, maxAhead: 4, consume: async (img) => void seen.push(img.toString()) });
    expect(page.captures).toEqual([0, 10, 11]);
    expect(stats.reusedFrames).toBe(9);
    expect(seen).toEqual(['0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '10', '11']);
  });

  it('never runs further ahead of the consumer than maxAhead', async () => {
    let consumed = 0;
    let maxGap = 0;
    const page = fakePage();
    const wrapped: FrameSource = {
      seek: async (f) => {
        maxGap = Math.max(maxGap, f - consumed);
        return page.seek(f);
      },
      capture: (fmt, q) => page.capture(fmt, q),
    };
    await runFramePipeline({
      pages: [wrapped, { ...wrapped }],
      frames: frames(30),
      format: 'jpeg',
      quality: 80,
      reuseUnchanged: false,
      maxAhead: 3,
      consume: async () => {
        await new Promise((r) => setTimeout(r, 2));
        consumed++;
      },
    });
    expect(maxGap).toBeLessThanOrEqual(3);
  });

  it('stops every page at the first failure and rejects with it', async () => {
    const pages = [fakePage({ failAt: 7 }), fakePage({ failAt: 7 })];
    await expect(
      runFramePipeline({ pages, frames: frames(50), format: 'jpeg', quality: 80, reuseUnchanged: false, maxAhead: 4, consume: async () => undefined }),
    ).rejects.toMatchObject({ code: 'TEMPLATE_ERROR' });
    expect(Math.max(...pages.flatMap((p) => p.captures))).toBeLessThan(20);
  });

  it('rejects with CANCELED when the signal fires', async () => {
    const controller = new AbortController();
    const run = runFramePipeline({
      pages: [fakePage({ delayMs: () => 2 })],
      frames: frames(1000),
      format: 'jpeg',
      quality: 80,
      reuseUnchanged: false,
      maxAhead: 4,
      signal: controller.signal,
      consume: async (_img, index) => {
        if (index === 5) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELED' });
  });
});
