import type { Redis } from 'ioredis';
import type { BatchService } from '../batches/batch-service.ts';
import type { BatchStore } from '../batches/batch-store.ts';
import type { Logger } from '../observability/logger.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { PeriodicSweep } from '../renders/periodic-sweep.ts';
import type { RenderService } from '../renders/render-service.ts';

/**
 * How long queueing may go without progress before its API process is taken for gone. A render
 * is written and queued in two round trips; a batch's creator touches it every few rows. A
 * minute of silence is a dead API, not a slow one.
 */
export const ENQUEUE_STALE_MS = 60_000;
const PER_PASS = 100;
const BATCHES_PER_PASS = 20;

export interface ResumeResult {
  /** Renders given the job they never got. */
  renders: number;
  /** Batches whose missing rows were queued. */
  batches: number;
}

/**
 * Finishes what an API process started. A render is written before its job is queued, a batch
 * before its rows' renders: an API that stops in between (killed, Redis gone for a moment) would
 * leave work that never runs and a batch that never completes. Run by API processes, one at a
 * time in a fleet (a Redis lock), every `intervalMs`.
 */
export class EnqueueResumer extends PeriodicSweep {
  constructor(
    private readonly deps: { redis: Redis; keys: RedisKeys; renders: RenderService; batches: BatchService; batchStore: BatchStore; logger: Logger },
    intervalMs = 30_000,
  ) {
    super(deps.logger, 'enqueue resume failed', intervalMs);
  }

  /** One pass; `now` decides what counts as stale. */
  async sweepOnce(now = Date.now()): Promise<ResumeResult> {
    const { redis, keys, renders, batches, batchStore, logger } = this.deps;
    const locked = await redis.set(keys.enqueueResumeLock, String(process.pid), 'PX', this.intervalMs, 'NX');
    if (locked !== 'OK') return { renders: 0, batches: 0 };
    const result: ResumeResult = { renders: await renders.resumeStale(now - ENQUEUE_STALE_MS, PER_PASS), batches: 0 };
    for (const id of await batchStore.staleEnqueuing(now - ENQUEUE_STALE_MS, BATCHES_PER_PASS)) {
      try {
        await batches.resume(id);
        result.batches++;
      } catch (error) {
        // Left marked: the next pass tries again.
        logger.warn({ err: error, batchId: id }, 'a batch could not be resumed yet');
      }
    }
    return result;
  }
}
