import type { Redis } from 'ioredis';
import { execAll } from '../redis/exec.ts';
import type { RenderStatus } from '../renders/schemas.ts';
import { UPDATE_RENDER_LUA } from '../renders/update-script.ts';
import { parseMediaRecord, toMediaHashFields, type MediaRecord, type MediaRecordField } from './media-record.ts';

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
  /** Segment counts of a split job (a hash: segment index → seconds done). */
  segmentProgress(id: string): string {
    return `${this.prefix}:media-segments:${id}`;
  }
}

export interface MediaUpdate {
  from?: readonly RenderStatus[];
  status?: RenderStatus;
  set?: Partial<Record<MediaRecordField, unknown>>;
  del?: readonly MediaRecordField[];
  incr?: Partial<Record<'attempts', number>>;
  expireAt?: number;
}

type RedisWithScript = Redis & { fwUpdateRender(key: string, op: string): Promise<[number, string]> };

/**
 * Media jobs in Redis: a hash each, per-owner indexes, an expiry index. Transitions go through the
 * renders' update script (status guard, indexes, publish), so the same rules hold for both.
 */
export class MediaStore {
  private readonly redis: RedisWithScript;

  constructor(
    redis: Redis,
    readonly keys: MediaKeys,
  ) {
    if (!('fwUpdateRender' in redis)) redis.defineCommand('fwUpdateRender', { numberOfKeys: 1, lua: UPDATE_RENDER_LUA });
    this.redis = redis as RedisWithScript;
  }

  async create(record: MediaRecord): Promise<void> {
    const { cancelRequested: _c, ...fields } = record;
    const multi = this.redis.multi();
    multi.hset(this.keys.job(record.id), toMediaHashFields(fields));
    multi.zadd(this.keys.index(record.owner, 'all'), 0, record.id);
    multi.zadd(this.keys.index(record.owner, record.status), 0, record.id);
    await execAll(multi);
  }

  async get(id: string): Promise<MediaRecord | undefined> {
    const hash = await this.redis.hgetall(this.keys.job(id));
    return Object.keys(hash).length ? parseMediaRecord(hash) : undefined;
  }

  async update(record: Pick<MediaRecord, 'id' | 'owner'>, u: MediaUpdate): Promise<{ applied: boolean; previous: RenderStatus | undefined }> {
    const op = {
      from: u.from ?? [],
      ...(u.status ? { status: u.status } : {}),
      set: toMediaHashFields(u.set ?? {}),
      del: u.del ?? [],
      incr: u.incr ?? {},
      idxPrefix: this.keys.indexPrefix(record.owner),
      channel: this.keys.events(record.id),
      ...(u.expireAt !== undefined ? { expiry: { key: this.keys.expiry, at: u.expireAt } } : {}),
    };
    const [applied, previous] = await this.redis.fwUpdateRender(this.keys.job(record.id), JSON.stringify(op));
    return { applied: applied === 1, previous: previous ? (previous as RenderStatus) : undefined };
  }

  /** Newest first; the cursor is the last id of the previous page (ids sort by creation time). */
  async list(owner: string, o: { status?: RenderStatus | undefined; limit: number; cursor?: string | undefined }): Promise<{ records: MediaRecord[]; nextCursor: string | null }> {
    const ids = await this.redis.zrevrangebylex(this.keys.index(owner, o.status ?? 'all'), o.cursor ? `(${o.cursor}` : '+', '-', 'LIMIT', 0, o.limit + 1);
    const page = ids.slice(0, o.limit);
    const pipeline = this.redis.pipeline();
    for (const id of page) pipeline.hgetall(this.keys.job(id));
    const hashes = (await execAll(pipeline)) as Array<Record<string, string>>;
    return { records: hashes.filter((h) => Object.keys(h).length).map(parseMediaRecord), nextCursor: ids.length > o.limit ? (page.at(-1) ?? null) : null };
  }
}
