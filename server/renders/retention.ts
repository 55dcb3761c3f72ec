import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import type { RenderQueue } from '../queue/render-queue.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { segmentPrefix } from '../distributed/chunk-jobs.ts';
import { renderPrefix, type Storage } from '../storage/storage.ts';
import { PeriodicSweep } from './periodic-sweep.ts';
import type { RenderCache } from './render-cache.ts';
import { notifySafely, type ConcurrencyGate, type RenderNotifier } from './render-hooks.ts';
import type { RenderStore } from './render-store.ts';
import { TERMINAL_STATUSES } from './schemas.ts';

const BATCH = 100;

export interface SweepResult {
  deleted: number;
  reconciled: number;
}

/**
 * Housekeeping, run by API processes under a Redis lock (one sweeper at a time in a fleet):
 * deletes renders (record, files, cache entry) past their retention, and marks failed any render
 * whose job BullMQ failed without the processor saying so (a worker that kept crashing).
 */
export class RetentionSweeper extends PeriodicSweep {
  constructor(
    private readonly deps: {
      redis: Redis;
      keys: RedisKeys;
      store: RenderStore;
      storage: Storage;
      cache: RenderCache;
      queue: RenderQueue;
      notifier: RenderNotifier;
      logger: Logger;
      retentionMs: number;
      /** Gives a reconciled render's concurrency slot back. */
      gate?: ConcurrencyGate;
      /** Stops the other chunks of a reconciled split render. */
      cancelBus?: { publish(renderId: string): Promise<unknown> };
    },
    intervalMs = 30_000,
  ) {
    super(deps.logger, 'retention sweep failed', intervalMs);
  }

  async sweepOnce(now = Date.now()): Promise<SweepResult> {
    const { redis, keys } = this.deps;
    const locked = await redis.set(keys.sweepLock, String(process.pid), 'PX', this.intervalMs, 'NX');
    if (locked !== 'OK') return { deleted: 0, reconciled: 0 };
    return { deleted: await this.deleteExpired(now), reconciled: await this.reconcileFailedJobs() };
  }

  private async deleteExpired(now: number): Promise<number> {
    const { store, storage, cache, logger } = this.deps;
    const ids = await store.expired(now, BATCH);
    for (const id of ids) {
      const record = await store.get(id);
      if (record) {
        // A cache hit has no files of its own: its output belongs to the source render.
        if (!record.cachedFrom) await storage.deletePrefix(renderPrefix(id));
        if (record.cacheKey) await cache.forget(record.cacheKey, id);
      }
      await store.delete(record ?? { id, owner: '', status: 'succeeded' });
      logger.debug({ renderId: id }, 'render deleted by retention');
    }
    return ids.length;
  }

  private async reconcileFailedJobs(): Promise<number> {
    const { store, queue, notifier, logger, retentionMs } = this.deps;
    let reconciled = 0;
    for (const { renderId, reason, job } of await queue.recentlyFailed(BATCH)) {
      const record = await store.get(renderId);
      if (!record || TERMINAL_STATUSES.includes(record.status)) continue;
      const now = Date.now();
      const error = { code: 'WORKER_LOST', message: `The render's job failed outside the renderer: ${reason}` };
      const result = await store.update(record, {
        from: ['queued', 'active'],
        status: 'failed',
        set: { finishedAt: now, error },
        del: ['statusDetail', 'serviceStage'],
        expireAt: now + retentionMs,
      });
      if (result.applied) {
        reconciled++;
        const warn = (error: unknown) => logger.warn({ err: error, renderId }, 'clean-up of a reconciled render failed; leases and locks expire on their own');
        await this.deps.gate?.release(record.owner, renderId).catch(warn);
        await this.deps.cancelBus?.publish(renderId).catch(warn);
        // A split render failed this way never reaches its assembly, the only other place its
        // stored segments are deleted; left alone they would wait for retention.
        await this.deps.storage.deletePrefix(segmentPrefix(renderId)).catch(warn);
        await notifySafely(notifier, 'render.failed', { ...record, status: 'failed', finishedAt: now, error }, logger);
        logger.warn({ renderId, reason, job }, 'render marked failed: its job failed without a worker reporting it');
      }
    }
    return reconciled;
  }
}
