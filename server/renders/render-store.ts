import type { Redis } from 'ioredis';
import { execAll } from '../redis/exec.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseRecord, storedOutputSchema, toHashFields, type RecordField, type RenderRecord } from './render-record.ts';
import type { RenderStatus } from './schemas.ts';
import { CACHE_HIT_LUA, UPDATE_RENDER_LUA } from './update-script.ts';

export interface RenderUpdate {
  /** Apply only when the current status is one of these (any status when omitted). */
  from?: readonly RenderStatus[];
  status?: RenderStatus;
  set?: Partial<Record<RecordField, unknown>>;
  del?: readonly RecordField[];
  incr?: Partial<Record<'attempts', number>>;
  /** Put the render on the retention index, deletable at this time (ms). */
  expireAt?: number;
}

export interface UpdateResult {
  applied: boolean;
  /** Status before the update (or the status that refused it). */
  previous: RenderStatus | undefined;
}

export interface ListPage {
  records: RenderRecord[];
  nextCursor: string | null;
}

type RedisWithScripts = Redis & {
  fwUpdateRender(key: string, op: string): Promise<[number, string]>;
  fwCacheHit(cacheKey: string, renderKey: string, expiryKey: string, op: string): Promise<[string, string] | null>;
};

/** Renders in Redis: one hash each, per-owner indexes for listing, an expiry index for retention. */
export class RenderStore {
  private readonly redis: RedisWithScripts;

  constructor(
    redis: Redis,
    readonly keys: RedisKeys,
  ) {
    if (!('fwUpdateRender' in redis)) redis.defineCommand('fwUpdateRender', { numberOfKeys: 1, lua: UPDATE_RENDER_LUA });
    if (!('fwCacheHit' in redis)) redis.defineCommand('fwCacheHit', { numberOfKeys: 3, lua: CACHE_HIT_LUA });
    this.redis = redis as RedisWithScripts;
  }

  /** Writes a new render and indexes it. */
  async create(record: RenderRecord): Promise<void> {
    const { cancelRequested: _c, ...fields } = record;
    const multi = this.redis.multi();
    multi.hset(this.keys.render(record.id), toHashFields(fields));
    multi.zadd(this.keys.index(record.owner, 'all'), 0, record.id);
    multi.zadd(this.keys.index(record.owner, record.status), 0, record.id);
    await execAll(multi);
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

  async update(record: Pick<RenderRecord, 'id' | 'owner'>, update: RenderUpdate): Promise<UpdateResult> {
    const op = {
      from: update.from ?? [],
      ...(update.status ? { status: update.status } : {}),
      set: toHashFields(update.set ?? {}),
      del: update.del ?? [],
      incr: update.incr ?? {},
      idxPrefix: this.keys.indexPrefix(record.owner),
      channel: this.keys.renderEvents(record.id),
      ...(update.expireAt !== undefined ? { expiry: { key: this.keys.expiry, at: update.expireAt } } : {}),
    };
    const [applied, previous] = await this.redis.fwUpdateRender(this.keys.render(record.id), JSON.stringify(op));
    return { applied: applied === 1, previous: previous ? (previous as RenderStatus) : undefined };
  }

  /** Newest first. The cursor is the last id of the previous page (ids sort by creation time). */
  async list(owner: string, options: { status?: RenderStatus; limit: number; cursor?: string }): Promise<ListPage> {
    const index = this.keys.index(owner, options.status ?? 'all');
    const start = options.cursor ? `(${options.cursor}` : '+';
    const ids = await this.redis.zrevrangebylex(index, start, '-', 'LIMIT', 0, options.limit + 1);
    const page = ids.slice(0, options.limit);
    const pipeline = this.redis.pipeline();
    for (const id of page) pipeline.hgetall(this.keys.render(id));
    const hashes = (await execAll(pipeline)) as Array<Record<string, string>>;
    // A render deleted by retention between the two reads is simply not listed.
    const records = hashes.filter((hash) => Object.keys(hash).length).map(parseRecord);
    return { records, nextCursor: ids.length > options.limit ? (page.at(-1) ?? null) : null };
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
    await execAll(multi);
  }
}
