import { describe, expect, it } from 'vitest';
import { ProgressTracker, type RenderProgress } from './progress.ts';

describe('ProgressTracker', () => {
  it('reports one shape through every stage, 0..1 and monotonic', () => {
    const seen: RenderProgress[] = [];
    const t = new ProgressTracker(10, (p) => seen.push(p), 0);
    t.setStage('preparing');
    t.setStage('rendering');
    for (let i = 0; i < 10; i++) {
      t.frameRendered();
      t.frameEncoded();
    }
    t.setStage('finalizing');
    t.setStage('done');
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ stage: 'done', renderedFrames: 10, encodedFrames: 10, totalFrames: 10, progress: 1, etaSeconds: 0 });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress).toBeGreaterThanOrEqual(seen[i - 1]!.progress);
    for (const p of seen) expect(p.progress >= 0 && p.progress <= 1).toBe(true);
  });

  it('throttles frame updates but never stage changes', () => {
    const seen: RenderProgress[] = [];
    const t = new ProgressTracker(1000, (p) => seen.push(p), 60_000);
    t.setStage('rendering');
    for (let i = 0; i < 500; i++) t.frameEncoded();
    t.setStage('finalizing');
    expect(seen.map((p) => p.stage)).toEqual(['rendering', 'finalizing']);
  });
});
