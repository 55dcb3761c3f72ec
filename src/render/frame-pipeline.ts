import { canceledError, FramewrightError } from '../errors/index.ts';
import type { Notice, SeekResult } from '../runtime/page/protocol.ts';
import type { CaptureFormat } from './page/render-page.ts';

/** What the pipeline needs of a page: move to a frame, then take its picture. */
export interface FrameSource {
  seek(frame: number): Promise<SeekResult>;
  capture(format: CaptureFormat, quality?: number): Promise<Buffer>;
}

export interface FramePipelineOptions {
  pages: readonly FrameSource[];
  /** Frame numbers in output order. */
  frames: readonly number[];
  format: CaptureFormat;
  quality: number;
  /** Reuse a page's previous image when nothing on it changed. */
  reuseUnchanged: boolean;
  /** How far capture may run ahead of the consumer, in frames (bounds memory). */
  maxAhead: number;
  signal?: AbortSignal;
  onRendered?: (frame: number) => void;
  /** Non-deterministic APIs a page reported (Math.random, Date.now). */
  onNotices?: (notices: readonly Notice[]) => void;
  /** Receives images strictly in order; its promise is the back-pressure. */
  consume: (image: Buffer, index: number) => Promise<void>;
}

export interface FramePipelineStats {
  seekMs: number;
  captureMs: number;
  /** Time pages spent waiting for the consumer (the encoder) to catch up. */
  waitMs: number;
  capturedFrames: number;
  reusedFrames: number;
}

/**
 * Captures frames on N pages in parallel and hands them to the consumer in order. Each page takes
 * the next frame number; images are reordered in a bounded buffer.
 */
export async function runFramePipeline(o: FramePipelineOptions): Promise<FramePipelineStats> {
  const stats: FramePipelineStats = { seekMs: 0, captureMs: 0, waitMs: 0, capturedFrames: 0, reusedFrames: 0 };
  const ready = new Map<number, Buffer>();
  let nextToTake = 0;
  let nextToConsume = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const wakeAll = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onAbort = () => {
    failure ??= canceledError(o.signal?.reason);
    wakeAll();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) onAbort();

  // One consumer drains images in order; pages wait on `wake` when too far ahead.
  let draining = Promise.resolve();
  const drain = () => {
    draining = draining.then(async () => {
      while (failure === undefined && ready.has(nextToConsume)) {
        const image = ready.get(nextToConsume)!;
        ready.delete(nextToConsume);
        await o.consume(image, nextToConsume);
        nextToConsume++;
        wakeAll();
      }
    }).catch((error: unknown) => {
      failure ??= error;
      wakeAll();
    });
  };

  const waitForRoom = async (index: number) => {
    const started = performance.now();
    while (failure === undefined && index - nextToConsume >= o.maxAhead) {
      await new Promise<void>((resolve) => {
        const previous = wake;
        wake = () => {
          previous?.();
          resolve();
        };
      });
    }
    stats.waitMs += performance.now() - started;
  };

  // A page failure names its frame; when pages fail at once (a missing image shown from frame 0
  // fails every page), the earliest frame is the one reported.
  let failureIndex: number | undefined;
  const failAt = (error: unknown, index: number) => {
    if (failure === undefined || (failureIndex !== undefined && index < failureIndex)) {
      failure = error;
      failureIndex = index;
    }
    wakeAll();
  };

  const worker = async (page: FrameSource, at: { index: number }) => {
    let previous: Buffer | undefined;
    while (failure === undefined) {
      const index = nextToTake++;
      at.index = index;
      if (index >= o.frames.length) return;
      await waitForRoom(index);
      if (failure !== undefined) return;
      const frame = o.frames[index]!;
      const t0 = performance.now();
      const { changed, notices } = await page.seek(frame);
      if (notices) o.onNotices?.(notices);
      const t1 = performance.now();
      stats.seekMs += t1 - t0;
      let image: Buffer;
      if (o.reuseUnchanged && !changed && previous) {
        image = previous;
        stats.reusedFrames++;
      } else {
        image = await page.capture(o.format, o.quality);
        stats.captureMs += performance.now() - t1;
        stats.capturedFrames++;
      }
      previous = image;
      o.onRendered?.(frame);
      ready.set(index, image);
      drain();
    }
  };

  try {
    await Promise.all(
      o.pages.map((page) => {
        const at = { index: -1 };
        return worker(page, at).catch((error: unknown) => failAt(error, at.index));
      }),
    );
    await draining;
    if (failure === undefined && nextToConsume !== o.frames.length) {
      failure = new FramewrightError('INTERNAL', `Frame pipeline ended after ${nextToConsume} of ${o.frames.length} frames`);
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (failure !== undefined) throw failure;
  return stats;
}
