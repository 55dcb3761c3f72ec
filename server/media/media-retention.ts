import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import type { Storage } from '../storage/storage.ts';
import { execAll } from '../redis/exec.ts';
import { mediaPrefix } from './media-inputs.ts';
import type { MediaKeys, MediaStore } from './media-store.ts';

const BATCH = 100;

/**
 * Deletes media jobs past their retention (RENDER_RETENTION, as renders): the record, its index
 * entries, and everything stored under `media/<id>/` (input, watermark, segments, outputs).
 */
export class MediaRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly deps: { redis: Redis; keys: MediaKeys; store: MediaStore; storage: Storage; logger: Logger },
    private readonly intervalMs = 30_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweepOnce()
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'media retention sweep failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many jobs were deleted. */
  async sweepOnce(now = Date.now()): Promise<number> {
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
      multi.zrem(keys.index(record.owner, 'all'), id);
      multi.zrem(keys.index(record.owner, record.status), id);
      await execAll(multi);
    }
    return ids.length;
  }
}
