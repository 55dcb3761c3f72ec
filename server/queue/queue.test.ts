import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import type { RenderProgress } from '../../src/render/progress.ts';
import { ProgressSaver } from './progress-saver.ts';
import { parseRenderJob } from './render-job.ts';
import { decideFailure, errorForQueue } from './retry-policy.ts';

describe('retry policy', () => {
  it.each([
    ['BROWSER_CRASHED', 0, 3, true],
    ['ENCODER_FAILED', 1, 3, true],
    ['STORAGE_FAILED', 2, 3, false],
    ['INVALID_PROPS', 0, 3, false],
    ['TEMPLATE_ERROR', 0, 3, false],
    ['DELAY_RENDER_TIMEOUT', 0, 3, false],
  ] as const)('%s after %i of %i attempts: retry = %s', (code, made, max, retry) => {
    const decision = decideFailure(new FramewrightError(code, 'x'), { made, max });
    expect(decision.retry).toBe(retry);
    expect(errorForQueue(decision) instanceof UnrecoverableError).toBe(!retry);
  });

  it('reads the class, not the message: a plain Error is internal and retriable', () => {
    expect(decideFailure(new Error('input invalid template error'), { made: 0, max: 2 })).toMatchObject({ retry: true, error: { code: 'INTERNAL' } });
  });
});

describe('render job payload', () => {
  const job = { v: 1, renderId: 'rnd_1', owner: 'o', template: 't', props: {}, output: { crf: 20 }, bundleHash: 'h', cacheKey: null };

  it('accepts what the API enqueues', () => expect(parseRenderJob(job)).toEqual(job));

  it.each([
    [{ ...job, v: 2 }],
    [{ ...job, output: { crf: 'high' } }],
    [{ ...job, output: { concurrency: 8 } }],
    [{ ...job, extra: true }],
  ])('refuses a payload it does not understand: %j', (bad) => {
    expect(() => parseRenderJob(bad)).toThrow(FramewrightError);
  });
});

describe('ProgressSaver', () => {
  const progress = (stage: RenderProgress['stage'], encodedFrames: number): RenderProgress => ({ stage, renderedFrames: encodedFrames, encodedFrames, totalFrames: 100, progress: encodedFrames / 100, etaSeconds: null });

  it('keeps one save in flight, never loses a stage change, and flushes the newest snapshot', async () => {
    const saved: RenderProgress[] = [];
    let release: () => void = () => undefined;
    const saver = new ProgressSaver(
      (p) => {
        saved.push(p);
        return new Promise<void>((resolve) => (release = resolve));
      },
      (error) => {
        throw error;
      },
      60_000,
    );
    saver.push(progress('bundling', 0));
    saver.push(progress('rendering', 1));
    saver.push(progress('rendering', 2));
    expect(saved.map((p) => p.stage)).toEqual(['bundling']);
    release();
    const flushed = saver.flush();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await flushed;
    expect(saved.at(-1)).toMatchObject({ stage: 'rendering', encodedFrames: 2 });
  });
});
