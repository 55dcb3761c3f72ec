import { describe, expect, it } from 'vitest';
import { ownsPoster } from './chunk-jobs.ts';

describe('ownsPoster', () => {
  const chunks = [
    { index: 0, count: 3, frames: [10, 19] as [number, number] },
    { index: 1, count: 3, frames: [20, 29] as [number, number] },
    { index: 2, count: 3, frames: [30, 35] as [number, number] },
  ];
  it.each([
    { frame: 10, owner: 0 },
    { frame: 19, owner: 0 },
    { frame: 20, owner: 1 },
    { frame: 35, owner: 2 },
    { frame: 3, owner: 0 }, // before the rendered range
    { frame: 50, owner: 2 }, // after it
  ])('poster frame $frame is captured by chunk $owner alone', ({ frame, owner }) => {
    expect(chunks.filter((c) => ownsPoster(c, frame)).map((c) => c.index)).toEqual([owner]);
  });
});
