import { describe, expect, it } from 'vitest';
import { defaultPageConcurrency, defaultWorkerConcurrency } from './machine-defaults.ts';

const GB = 1024 ** 3;

describe('defaults chosen from the machine', () => {
  it.each([
    // cores, memory, pages per render, renders per worker
    [1, 4 * GB, 2, 2],
    [2, 24 * GB, 2, 2],
    [4, 8 * GB, 2, 2],
    [8, 32 * GB, 4, 4],
    [16, 64 * GB, 8, 8],
    [64, 256 * GB, 8, 32],
    // Memory caps renders: 16 cores but 3 GB hold 3 renders.
    [16, 3 * GB, 8, 3],
    [2, 1 * GB, 2, 1],
  ])('%i cores, %i bytes → %i pages, %i renders', (cores, memoryBytes, pages, renders) => {
    expect(defaultPageConcurrency({ cores, memoryBytes })).toBe(pages);
    expect(defaultWorkerConcurrency({ cores, memoryBytes })).toBe(renders);
  });
});
