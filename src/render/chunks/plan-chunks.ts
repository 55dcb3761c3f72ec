import { FramewrightError } from '../../errors/index.ts';

export interface ChunkPlanOptions {
  /** Frames to render, inclusive. */
  firstFrame: number;
  lastFrame: number;
  fps: number;
  /** `'auto'` picks from the length and the live workers; a number asks for that many chunks. */
  chunks?: 'auto' | number;
  /** Alternative to `chunks`: frames in each chunk (the last may be shorter). */
  framesPerChunk?: number;
  /** Workers that can take a chunk now (for `'auto'`). */
  liveWorkers: number;
}

export interface ChunkRange {
  index: number;
  /** Inclusive frame range. */
  frames: [number, number];
}

/** Below this a chunk costs more in start-up (tab, encoder, job hand-off) than it saves. */
export const MIN_SECONDS_PER_CHUNK = 4;
/** Splitting finer than this per worker only adds overhead; a little more than 1 evens out stragglers. */
const CHUNKS_PER_WORKER = 2;
export const MAX_CHUNKS = 256;

/**
 * Splits a frame range into contiguous chunks. Returns one chunk when splitting would not help
 * (short video, one worker), so callers can treat every render the same way.
 */
export function planChunks(o: ChunkPlanOptions): ChunkRange[] {
  const total = o.lastFrame - o.firstFrame + 1;
  if (total <= 0) throw new FramewrightError('INVALID_OPTIONS', `Nothing to render: frames ${o.firstFrame}–${o.lastFrame}`);
  let count: number;
  if (o.framesPerChunk !== undefined) {
    if (!Number.isInteger(o.framesPerChunk) || o.framesPerChunk < 1) {
      throw new FramewrightError('INVALID_OPTIONS', `"framesPerChunk" must be a positive integer, got ${o.framesPerChunk}`);
    }
    count = Math.ceil(total / o.framesPerChunk);
  } else if (o.chunks === undefined || o.chunks === 'auto') {
    const byLength = Math.floor(total / (o.fps * MIN_SECONDS_PER_CHUNK));
    count = Math.min(byLength, Math.max(1, o.liveWorkers) * CHUNKS_PER_WORKER);
    if (o.liveWorkers <= 1) count = 1;
  } else {
    if (!Number.isInteger(o.chunks) || o.chunks < 1) {
      throw new FramewrightError('INVALID_OPTIONS', `"chunks" must be "auto" or a positive integer, got ${o.chunks}`);
    }
    count = o.chunks;
  }
  count = Math.max(1, Math.min(count, total, MAX_CHUNKS));
  const ranges: ChunkRange[] = [];
  // framesPerChunk keeps its fixed length unless that would exceed MAX_CHUNKS: then the cap
  // wins, spread evenly, rather than hundreds of extra jobs (and concat inputs) past it.
  if (o.framesPerChunk !== undefined && count === Math.ceil(total / o.framesPerChunk)) {
    for (let start = o.firstFrame, index = 0; start <= o.lastFrame; start += o.framesPerChunk, index++) {
      ranges.push({ index, frames: [start, Math.min(o.lastFrame, start + o.framesPerChunk - 1)] });
    }
    return ranges;
  }
  // Exactly `count` chunks, sizes differing by at most one: rounding one size up would give
  // fewer chunks than asked (10 frames in 6 → 5 of 2) or a short straggler at the end.
  const base = Math.floor(total / count);
  const longer = total % count;
  for (let index = 0, start = o.firstFrame; index < count; index++) {
    const size = base + (index < longer ? 1 : 0);
    ranges.push({ index, frames: [start, start + size - 1] });
    start += size;
  }
  return ranges;
}
