import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import type { Storage } from '../storage/storage.ts';
import { execAll } from '../redis/exec.ts';
import { mediaPrefix } from './media-inputs.ts';
import { PeriodicSweep } from '../renders/periodic-sweep.ts';
import { ENQUEUE_STALE_MS } from '../queue/enqueue-resumer.ts';
import { TERMINAL_STATUSES } from '../renders/schemas.ts';
import { finishUnsuccessful, type FinishDeps } from './media-finish.ts';
import type { MediaQueue } from './media-queue.ts';
import type { MediaKeys, MediaStore } from './media-store.ts';

const BATCH = 100;

/**
 * Deletes media jobs past their retention (RENDER_RETENTION, as renders): the record, its index
 * entries, and everything stored under `media/<id>/` (input, watermark, segments, outputs).
 */
export class MediaRetention extends PeriodicSweep {
  constructor(
    private readonly deps: { redis: Redis; keys: MediaKeys; store: MediaStore; storage: Storage; logger: Logger; queue?: MediaQueue; finish?: FinishDeps },
    intervalMs = 30_000,
  ) {
    super(deps.logger, 'media retention sweep failed', intervalMs);
  }

  /** One pass; returns how many jobs were deleted. */
  async sweepOnce(now = Date.now()): Promise<number> {
    await this.reconcileFailedJobs().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'media job reconciliation failed'));
    await this.resumeStale(now).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'media job resume failed'));
    const { redis, keys, store, storage } = this.deps;
    const ids = await redis.zrangebyscore(keys.expiry, '-inf', now, 'LIMIT', 0, BATCH);
    for (const id of ids) {
      // Another API process may sweep the same id: ZREM decides who deletes it.
      if ((await redis.zrem(keys.expiry, id)) === 0) continue;
      const record = await store.get(id);
      await storage.deletePrefix(mediaPrefix(id));
      if (!record) continue;
      const multi = redis.multi();
      multi.del(keys.job(id), keys.segmentProgress(id));
      multi.zrem(keys.enqueuing, id);
      multi.zrem(keys.index(record.owner, 'all'), id);
      multi.zrem(keys.index(record.owner, record.status), id);
      await execAll(multi);
    }
    return ids.length;
  }

  /**
   * Adds the queue job of a job written but never queued (its API stopped in between, or lost
   * Redis and could not mark it failed). The job id is the media job id, so two API processes
   * doing this at once add one job. Returns the jobs queued.
   */
  async resumeStale(now = Date.now()): Promise<number> {
    const { queue, store, logger } = this.deps;
    if (!queue) return 0;
    let queued = 0;
    for (const id of await store.staleEnqueuing(now - ENQUEUE_STALE_MS, BATCH)) {
      const record = await store.get(id);
      if (record?.status === 'queued' && !(await queue.hasJob(id))) {
        await queue.add({ v: 1, jobId: id, owner: record.owner });
        queued++;
        logger.info({ mediaJobId: id }, 'media job queued again: its job was never added');
      }
      await store.jobQueued(id);
    }
    return queued;
  }

  /** Marks failed the jobs BullMQ gave up on without a worker saying so (a worker that kept dying). */
  private async reconcileFailedJobs(): Promise<void> {
    const { queue, finish, store, logger } = this.deps;
    if (!queue || !finish) return;
    for (const { jobId, reason } of await queue.recentlyFailed(BATCH)) {
      const record = await store.get(jobId);
      if (!record || TERMINAL_STATUSES.includes(record.status)) continue;
      const marked = await finishUnsuccessful(record, 'failed', { code: 'WORKER_LOST', message: `The media job failed outside its worker: ${reason}` }, finish, logger.child({ mediaJobId: jobId }));
      if (marked) logger.warn({ mediaJobId: jobId, reason }, 'media job marked failed: its job failed without a worker reporting it');
    }
  }
}
