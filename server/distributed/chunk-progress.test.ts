import { describe, expect, it } from 'vitest';
import { aggregateProgress } from './chunk-progress.ts';
import { splitDistribution } from './distribution-options.ts';

describe('split renders', () => {
  it('report one progress for the whole video from the chunks’ summed counts', () => {
    const p = aggregateProgress({ rendered: 130, encoded: 120, totalFrames: 240, elapsedMs: 10_000 });
    expect(p).toEqual({ stage: 'rendering', renderedFrames: 130, encodedFrames: 120, totalFrames: 240, progress: 0.05 + 0.9 * 0.5, etaSeconds: 10 });
    expect(aggregateProgress({ rendered: 0, encoded: 0, totalFrames: 240, elapsedMs: 100 }).etaSeconds).toBeNull();
    expect(aggregateProgress({ rendered: 240, encoded: 240, totalFrames: 240, elapsedMs: 5_000 }).progress).toBeCloseTo(0.95);
  });

  it('keep the distribution options away from the engine', () => {
    const { distribution, render } = splitDistribution({ chunks: 4, crf: 20, preset: 'fast' as const });
    expect(distribution).toEqual({ chunks: 4 });
    expect(render).toEqual({ crf: 20, preset: 'fast' });
  });
});
