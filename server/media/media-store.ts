import type { Redis } from 'ioredis';
import { createIndexed, jobQueued, staleEnqueuing, listByOwner, updateStatus, withUpdateScript, type HashStoreLayout, type RedisWithUpdate, type StatusUpdate, type UpdateResult } from '../redis/hash-store.ts';
import type { RenderStatus } from '../renders/schemas.ts';
import { parseMediaRecord, type MediaRecord, type MediaRecordField } from './media-record.ts';

/** Redis keys of media jobs, beside the render keys under the same prefix. */
export class MediaKeys {
  constructor(readonly prefix: string) {}
  job(id: string): string {
    return `${this.prefix}:media:${id}`;
  }
  index(owner: string, status: string): string {
    return `${this.prefix}:midx:${owner}:${status}`;
  }
  indexPrefix(owner: string): string {
    return `${this.prefix}:midx:${owner}:`;
  }
  events(id: string): string {
    return `${this.prefix}:media-events:${id}`;
  }
  get expiry(): string {
    return `${this.prefix}:media-expiry`;
  }
  /** An Idempotency-Key claim of POST /v1/media-jobs (apart from the renders' claims). */
  idempotency(owner: string, keyHash: string): string {
    return `${this.prefix}:media-idem:${owner}:${keyHash}`;
  }
  /** Jobs written whose queue job may not be added yet, scored by when they were written. */
  get enqueuing(): string {
    return `${this.prefix}:media-enqueuing`;
  }
  /** Segment counts of a split job (a hash: segment index → seconds done). */
  segmentProgress(id: string): string {
    return `${this.prefix}:media-segments:${id}`;
  }
}

export type MediaUpdate = StatusUpdate<MediaRecordField>;

/** Media jobs in Redis: a hash each, per-owner indexes, an expiry index (see HashStoreLayout). */
export class MediaStore {
  private readonly redis: RedisWithUpdate;
  private readonly layout: HashStoreLayout;

  constructor(
    redis: Redis,
    readonly keys: MediaKeys,
  ) {
    this.redis = withUpdateScript(redis);
    this.layout = {
      record: (id) => keys.job(id),
      index: (owner, status) => keys.index(owner, status),
      indexPrefix: (owner) => keys.indexPrefix(owner),
      channel: (id) => keys.events(id),
      get expiry() {
        return keys.expiry;
      },
      get enqueuing() {
        return keys.enqueuing;
      },
    };
  }

  /** Writes a new job and indexes it; `jobPending` lists it as being queued (see createIndexed). */
  async create(record: MediaRecord, options: { jobPending?: boolean } = {}): Promise<void> {
    const { cancelRequested: _c, ...fields } = record;
    await createIndexed(this.redis, this.layout, record, fields, options);
  }

  /** Its queue job is added (or it ended without one). */
  jobQueued(id: string): Promise<void> {
    return jobQueued(this.redis, this.layout, id);
  }

  /** Written before `before`, its queue job never confirmed added: its API stopped in between. */
  staleEnqueuing(before: number, limit: number): Promise<string[]> {
    return staleEnqueuing(this.redis, this.layout, before, limit);
  }

  async get(id: string): Promise<MediaRecord | undefined> {
    const hash = await this.redis.hgetall(this.keys.job(id));
    return Object.keys(hash).length ? parseMediaRecord(hash) : undefined;
  }

  update(record: Pick<MediaRecord, 'id' | 'owner'>, u: MediaUpdate): Promise<UpdateResult> {
    return updateStatus(this.redis, this.layout, record, u);
  }

  /** Newest first; the cursor is the last id of the previous page (ids sort by creation time). */
  list(owner: string, o: { status?: RenderStatus | undefined; limit: number; cursor?: string | undefined }): Promise<{ records: MediaRecord[]; nextCursor: string | null }> {
    return listByOwner(this.redis, this.layout, parseMediaRecord, owner, o);
  }
}
