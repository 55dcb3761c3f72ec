import type { Redis } from 'ioredis';
import { execAll } from '../redis/exec.ts';
import { createIndexed, jobQueued, staleEnqueuing, listByOwner, updateStatus, withUpdateScript, type HashStoreLayout, type RedisWithUpdate, type StatusUpdate, type UpdateResult } from '../redis/hash-store.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseRecord, storedOutputSchema, toHashFields, type RecordField, type RenderRecord } from './render-record.ts';
import type { RenderStatus } from './schemas.ts';
import { CACHE_HIT_LUA } from './update-script.ts';

export type RenderUpdate = StatusUpdate<RecordField>;
export type { UpdateResult };

export interface ListPage {
  records: RenderRecord[];
  nextCursor: string | null;
}

type RedisWithScripts = RedisWithUpdate & {
  fwCacheHit(cacheKey: string, renderKey: string, expiryKey: string, op: string): Promise<[string, string] | null>;
};

/** Renders in Redis: one hash each, per-owner indexes for listing, an expiry index for retention. */
export class RenderStore {
  private readonly redis: RedisWithScripts;
  private readonly layout: HashStoreLayout;

  constructor(
    redis: Redis,
    readonly keys: RedisKeys,
  ) {
    withUpdateScript(redis);
    this.layout = {
      record: (id) => keys.render(id),
      index: (owner, status) => keys.index(owner, status),
      indexPrefix: (owner) => keys.indexPrefix(owner),
      channel: (id) => keys.renderEvents(id),
      get expiry() {
        return keys.expiry;
      },
      get enqueuing() {
        return keys.rendersEnqueuing;
      },
    };
    if (!('fwCacheHit' in redis)) redis.defineCommand('fwCacheHit', { numberOfKeys: 3, lua: CACHE_HIT_LUA });
    this.redis = redis as RedisWithScripts;
  }

  /** Writes a new render and indexes it; `jobPending` lists it as being queued (see createIndexed). */
  async create(record: RenderRecord, options: { jobPending?: boolean } = {}): Promise<void> {
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

  /**
   * Creates `record` as a cache hit of the render the cache entry points at, if that render
   * succeeded for the same owner (one atomic round trip). Undefined on a miss.
   */
  async createFromCache(record: Omit<RenderRecord, 'output' | 'cachedFrom'>, cacheEntryKey: string, expireAt: number): Promise<RenderRecord | undefined> {
    const { cancelRequested: _c, ...fields } = record;
    const op = {
      renderPrefix: this.keys.render(''),
      owner: record.owner,
      idxAll: this.keys.index(record.owner, 'all'),
      idxSucceeded: this.keys.index(record.owner, 'succeeded'),
      expireAt,
      id: record.id,
      fields: toHashFields(fields),
    };
    const hit = await this.redis.fwCacheHit(cacheEntryKey, this.keys.render(record.id), this.keys.expiry, JSON.stringify(op));
    if (!hit) return undefined;
    const [sourceId, output] = hit;
    return { ...record, output: storedOutputSchema.parse(JSON.parse(output)), cachedFrom: sourceId };
  }

  async get(id: string): Promise<RenderRecord | undefined> {
    const hash = await this.redis.hgetall(this.keys.render(id));
    return Object.keys(hash).length ? parseRecord(hash) : undefined;
  }

  /** Several renders in one round trip (missing ones are left out). */
  async getMany(ids: readonly string[]): Promise<Map<string, RenderRecord>> {
    const out = new Map<string, RenderRecord>();
    if (!ids.length) return out;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.render(id));
    const hashes = (await execAll(pipeline)) as Array<Record<string, string>>;
    hashes.forEach((hash, i) => {
      if (Object.keys(hash).length) out.set(ids[i]!, parseRecord(hash));
    });
    return out;
  }

  update(record: Pick<RenderRecord, 'id' | 'owner'>, update: RenderUpdate): Promise<UpdateResult> {
    return updateStatus(this.redis, this.layout, record, update);
  }

  /** Newest first. The cursor is the last id of the previous page (ids sort by creation time). */
  list(owner: string, options: { status?: RenderStatus; limit: number; cursor?: string }): Promise<ListPage> {
    return listByOwner(this.redis, this.layout, parseRecord, owner, options);
  }

  /** How many of the owner's renders are queued or running. */
  async countOpen(owner: string): Promise<number> {
    const multi = this.redis.multi();
    multi.zcard(this.keys.index(owner, 'queued'));
    multi.zcard(this.keys.index(owner, 'active'));
    const [queued, active] = (await execAll(multi)) as [number, number];
    return queued + active;
  }

    /** Ids whose retention has run out. */
  async expired(now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.expiry, '-inf', now, 'LIMIT', 0, limit);
  }

  async delete(record: Pick<RenderRecord, 'id' | 'owner' | 'status'>): Promise<void> {
    const multi = this.redis.multi();
    multi.del(this.keys.render(record.id));
    multi.zrem(this.keys.index(record.owner, 'all'), record.id);
    multi.zrem(this.keys.index(record.owner, record.status), record.id);
    multi.zrem(this.keys.expiry, record.id);
    multi.zrem(this.keys.rendersEnqueuing, record.id);
    await execAll(multi);
  }
}
