import { describe, expect, it } from 'vitest';
import { MAX_CHUNKS, planChunks } from './plan-chunks.ts';

function covered(ranges: ReturnType<typeof planChunks>): number[] {
  return ranges.flatMap((r) => Array.from({ length: r.frames[1] - r.frames[0] + 1 }, (_, i) => r.frames[0] + i));
}

describe('planChunks', () => {
  it.each([
    { total: 1800, workers: 4, chunks: 'auto' as const, expected: 8 },
    { total: 1800, workers: 1, chunks: 'auto' as const, expected: 1 },
    { total: 200, workers: 8, chunks: 'auto' as const, expected: 1 }, // under 8 s: not worth it
    { total: 300, workers: 8, chunks: 'auto' as const, expected: 2 },
    { total: 300, workers: 2, chunks: 3, expected: 3 },
    { total: 5, workers: 2, chunks: 10, expected: 5 },
  ])('$total frames, $workers workers, chunks=$chunks → $expected chunks', ({ total, workers, chunks, expected }) => {
    const ranges = planChunks({ firstFrame: 0, lastFrame: total - 1, fps: 30, chunks, liveWorkers: workers });
    expect(ranges).toHaveLength(expected);
    expect(covered(ranges)).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('covers a frame range exactly once, in order, with framesPerChunk', () => {
    const ranges = planChunks({ firstFrame: 10, lastFrame: 109, fps: 30, framesPerChunk: 30, liveWorkers: 3 });
    expect(ranges.map((r) => r.frames)).toEqual([[10, 39], [40, 69], [70, 99], [100, 109]]);
    expect(ranges.map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it.each([
    { total: 9, chunks: 6 },
    { total: 10, chunks: 6 },
    { total: 100, chunks: 7 },
    { total: 61, chunks: 4 },
  ])('gives exactly the $chunks chunks asked for over $total frames, sizes differing by at most one', ({ total, chunks }) => {
    const ranges = planChunks({ firstFrame: 0, lastFrame: total - 1, fps: 30, chunks, liveWorkers: 2 });
    expect(ranges).toHaveLength(chunks);
    expect(covered(ranges)).toEqual(Array.from({ length: total }, (_, i) => i));
    const sizes = ranges.map((r) => r.frames[1] - r.frames[0] + 1);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('caps the number of chunks', () => {
    expect(planChunks({ firstFrame: 0, lastFrame: 100_000, fps: 30, chunks: 10_000, liveWorkers: 1 })).toHaveLength(MAX_CHUNKS);
  });

  it('caps the number of chunks with framesPerChunk too, still covering every frame once', () => {
    const ranges = planChunks({ firstFrame: 0, lastFrame: 999, fps: 30, framesPerChunk: 1, liveWorkers: 1 });
    expect(ranges.length).toBeLessThanOrEqual(MAX_CHUNKS);
    expect(covered(ranges)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it.each([{ chunks: 0 }, { chunks: 1.5 }, { framesPerChunk: 0 }])('rejects %o', (bad) => {
    expect(() => planChunks({ firstFrame: 0, lastFrame: 99, fps: 30, liveWorkers: 1, ...bad })).toThrow(/must be/);
  });
});
