import { DelayedError, type Job } from 'bullmq';
import type { Logger } from '../observability/logger.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import { finishFailed } from './render-finish.ts';
import type { ProcessorDeps } from './processor-deps.ts';
import { decideFailure, errorForQueue } from './retry-policy.ts';
import { CancelRequested, ShutdownRequested } from './stop-reasons.ts';

/** A job of a render: the whole render, one chunk of a split render, or its assembly. */
export interface JobFailure<T> {
  /** `render` moves its record back to `queued` when it waits again; a chunk or an assembly leaves the render `active`. */
  kind: 'render' | 'chunk' | 'assemble';
  job: Job;
  token: string | undefined;
  signal: AbortSignal;
  deps: Pick<ProcessorDeps, 'store' | 'config' | 'metrics' | 'notifier' | 'gate'>;
  log: Logger;
  /** The render the job belongs to (undefined: it is gone, nothing to mark). */
  record: RenderRecord | undefined;
  /** The render's error message for this job's failure, e.g. `Chunk 2 of 4 (frames 30–59) failed: …`. */
  describe: (message: string) => string;
  /** What a cancelled job returns: a whole render is marked canceled, a chunk returns no segment. */
  canceled: () => Promise<T>;
  /** Runs once the render failed for good because of this job (stop its sibling chunks). */
  failedForGood?: () => Promise<void>;
}

/** Whether the job's signal fired because this worker no longer owns it (lost lock, BullMQ's cancel). */
export function lostOwnership(signal: AbortSignal): boolean {
  return signal.aborted && !(signal.reason instanceof CancelRequested) && !(signal.reason instanceof ShutdownRequested);
}

/**
 * The one failure path of renders, chunks and assemblies, so that they follow the same rules:
 * - cancelled: the caller's `canceled()`;
 * - stopped by a shutdown: back to the queue without spending an attempt;
 * - lock lost: nothing of the render is touched, another worker owns the job now;
 * - otherwise the retry policy (the error's class, never its text): retried while attempts
 *   remain, else the render fails with this job's error, once, and its slot is given back.
 * Throws what BullMQ needs (DelayedError, the error, or UnrecoverableError) unless cancelled.
 */
export async function handleJobFailure<T>(error: unknown, f: JobFailure<T>): Promise<T> {
  const { deps, log, record } = f;
  if (f.signal.aborted && f.signal.reason instanceof CancelRequested) return f.canceled();
  if (f.signal.aborted && f.signal.reason instanceof ShutdownRequested) {
    log.info(`worker stopping: handing the ${f.kind === 'assemble' ? 'assembly' : f.kind} back to the queue`);
    if (f.kind === 'render' && record) {
      await deps.store.update(record, { from: ['active'], status: 'queued', set: { statusDetail: 'Handed back to the queue by a stopping worker' }, del: ['serviceStage'] });
    }
    await f.job.moveToDelayed(Date.now(), f.token);
    throw new DelayedError();
  }
  if (lostOwnership(f.signal)) {
    log.warn({ job: f.kind, reason: String(f.signal.reason) }, "lost the job's lock; leaving the render to its new worker");
    throw error instanceof Error ? error : new Error(String(error));
  }
  const decision = decideFailure(error, { made: f.job.attemptsMade, max: f.job.opts.attempts ?? 1 });
  const { code, message } = decision.error;
  if (decision.retry) {
    log.warn({ err: decision.error, code, job: f.kind }, 'attempt failed; it will be retried');
    if (record) {
      await deps.store.update(record, {
        from: ['active'],
        ...(f.kind === 'render' ? { status: 'queued' as const, del: ['serviceStage' as const] } : {}),
        set: { statusDetail: `${f.describe(`attempt ${f.job.attemptsMade + 1} failed (${code}: ${message})`)}; retrying after a back-off` },
      });
    }
    throw errorForQueue(decision);
  }
  log.error({ err: decision.error, code, job: f.kind }, 'failed for good; failing the render');
  if (record && (await finishFailed(record, { code, message: f.describe(message) }, deps, log, ['active', 'queued']))) {
    await f.failedForGood?.();
  }
  throw errorForQueue(decision);
}
