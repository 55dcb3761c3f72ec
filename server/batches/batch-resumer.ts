import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { PeriodicSweep } from '../renders/periodic-sweep.ts';
import type { BatchService } from './batch-service.ts';
import type { BatchStore } from './batch-store.ts';

/**
 * How long a batch's creator may go without progress before it is taken for gone. It touches
 * the batch every few rows, each a few Redis round trips, so a minute of silence is a dead API.
 */
export const BATCH_STALE_MS = 60_000;
const BATCHES_PER_PASS = 20;

/**
 * Finishes what an API process started: a batch is written before its renders are queued, so an
 * API that stops in between leaves rows with no render. Run by API processes, one at a time in
 * a fleet (a Redis lock), every `intervalMs`.
 */
export class BatchResumer extends PeriodicSweep {
  constructor(
    private readonly deps: { redis: Redis; keys: RedisKeys; batches: BatchStore; service: BatchService; logger: Logger },
    intervalMs = 30_000,
  ) {
    super(deps.logger, 'batch resume failed', intervalMs);
  }

  /** One pass; `now` decides which batches count as stale. Returns the batches resumed. */
  async sweepOnce(now = Date.now()): Promise<number> {
    const { redis, keys, batches, service, logger } = this.deps;
    const locked = await redis.set(keys.batchResumeLock, String(process.pid), 'PX', this.intervalMs, 'NX');
    if (locked !== 'OK') return 0;
    let resumed = 0;
    for (const id of await batches.staleEnqueuing(now - BATCH_STALE_MS, BATCHES_PER_PASS)) {
      try {
        await service.resume(id);
        resumed++;
      } catch (error) {
        // Left in the set: the next pass tries again.
        logger.warn({ err: error, batchId: id }, 'a batch could not be resumed yet');
      }
    }
    return resumed;
  }
}
