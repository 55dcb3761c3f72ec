import { EventEmitter } from 'node:events';
import { DelayedError, UnrecoverableError, type Job, type Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { createLogger } from '../observability/logger.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import { handleJobFailure, lostOwnership, type JobFailure } from './job-failure.ts';
import { RunningJobs } from './running-jobs.ts';
import { CancelRequested, LockLost, ShutdownRequested } from './stop-reasons.ts';

const logger = createLogger('silent');
const record = { id: 'rnd_1', owner: 'o', status: 'active' } as unknown as RenderRecord;

/** A failure context with stubbed store, gate and job that record what the failure path did. */
function context(kind: JobFailure<string>['kind'], reason: unknown, attempt = { made: 0, max: 3 }) {
  const calls: string[] = [];
  const controller = new AbortController();
  if (reason !== undefined) controller.abort(reason);
  const job = {
    attemptsMade: attempt.made,
    opts: { attempts: attempt.max },
    moveToDelayed: async () => void calls.push('moveToDelayed'),
  } as unknown as Job;
  const f: JobFailure<string> = {
    kind,
    job,
    token: 't',
    signal: controller.signal,
    log: logger,
    record,
    deps: {
      store: {
        update: async (_r: unknown, u: { status?: string; set?: { statusDetail?: string } }) => {
          calls.push(`update:${u.status ?? 'same'}:${u.set?.statusDetail ?? ''}`);
          return { applied: true };
        },
      },
      config: { retentionMs: 1000 },
      metrics: { rendersTotal: { inc: () => undefined } },
      notifier: { notify: async () => undefined },
      gate: { release: async () => void calls.push('release'), renew: async () => undefined, acquire: async () => ({ granted: true }) },
    } as unknown as JobFailure<string>['deps'],
    describe: (m) => `Chunk 1 of 2 failed: ${m}`,
    canceled: async () => 'canceled',
    failedForGood: async () => void calls.push('siblings stopped'),
  };
  return { f, calls };
}

describe('one failure path for renders, chunks and assemblies', () => {
  it.each(['render', 'chunk', 'assemble'] as const)('%s stopped by a shutdown goes back to the queue without spending an attempt', async (kind) => {
    const { f, calls } = context(kind, new ShutdownRequested());
    await expect(handleJobFailure(new Error('aborted'), f)).rejects.toBeInstanceOf(DelayedError);
    expect(calls.at(-1)).toBe('moveToDelayed');
    // Only a whole render goes back to `queued`; a chunk's render stays active.
    expect(calls.some((c) => c.startsWith('update:queued'))).toBe(kind === 'render');
  });

  it.each(['render', 'chunk', 'assemble'] as const)('%s canceled: the caller decides, nothing is failed', async (kind) => {
    const { f, calls } = context(kind, new CancelRequested());
    await expect(handleJobFailure(new Error('aborted'), f)).resolves.toBe('canceled');
    expect(calls).toEqual([]);
  });

  it('a lost lock touches nothing of the render (another worker owns it)', async () => {
    const { f, calls } = context('render', new LockLost());
    expect(lostOwnership(f.signal)).toBe(true);
    await expect(handleJobFailure(new Error('aborted'), f)).rejects.toThrow('aborted');
    expect(calls).toEqual([]);
  });

  it('a transient error is retried; a chunk leaves its render active with a detail', async () => {
    const { f, calls } = context('chunk', undefined);
    await expect(handleJobFailure(new FramewrightError('BROWSER_CRASHED', 'gone'), f)).rejects.toMatchObject({ code: 'BROWSER_CRASHED' });
    expect(calls).toEqual(['update:same:Chunk 1 of 2 failed: attempt 1 failed (BROWSER_CRASHED: gone); retrying after a back-off']);
  });

  it('a permanent error fails the render once, never retried: slot freed, siblings stopped', async () => {
    const { f, calls } = context('chunk', undefined);
    await expect(handleJobFailure(new FramewrightError('TEMPLATE_ERROR', 'boom'), f)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(calls).toEqual(['update:failed:', 'release', 'siblings stopped']);
  });
});

describe('RunningJobs', () => {
  it('a failed lock renewal stops exactly the job that lost it', async () => {
    const running = new RunningJobs(logger);
    const worker = new EventEmitter();
    running.watch(worker as unknown as Worker);
    const signals: Record<string, AbortSignal> = {};
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const a = running.run({ id: 'a' } as Job, 'rnd_a', undefined, async (s) => void (signals.a = s, await blocked));
    const b = running.run({ id: 'b' } as Job, 'rnd_b', undefined, async (s) => void (signals.b = s, await blocked));
    worker.emit('lockRenewalFailed', ['a']);
    expect(signals.a!.reason).toBeInstanceOf(LockLost);
    expect(signals.b!.aborted).toBe(false);
    expect(running.cancelRender('rnd_b')).toBe(true);
    expect(signals.b!.reason).toBeInstanceOf(CancelRequested);
    release();
    await Promise.all([a, b]);
    expect(running.size).toBe(0);
  });
});
