import type { Redis } from 'ioredis';
import type { RenderStatus } from '../renders/schemas.ts';
import { UPDATE_RENDER_LUA } from '../renders/update-script.ts';
import { execAll } from './exec.ts';
import { toHashStrings } from './hash-record.ts';

/**
 * What renders and media jobs store alike: a hash per record, per-owner indexes by status (and
 * `all`) for listing, an expiry index for retention, a channel per record for live updates.
 * Transitions of both go through one update script (status guard, indexes, publish).
 */
export interface HashStoreLayout {
  record(id: string): string;
  index(owner: string, status: string): string;
  indexPrefix(owner: string): string;
  channel(id: string): string;
  expiry: string;
  /** Records written whose queue job is not confirmed added yet, scored by when they were written. */
  enqueuing: string;
}

export interface StatusUpdate<F extends string> {
  /** Apply only when the current status is one of these (any status when omitted). */
  from?: readonly RenderStatus[];
  status?: RenderStatus;
  set?: Partial<Record<F, unknown>>;
  del?: readonly F[];
  incr?: Partial<Record<'attempts', number>>;
  /** Put the record on the retention index, deletable at this time (ms). */
  expireAt?: number;
  /**
   * Leave the stored `progress` as it is when it is further along than the one in `set`: the
   * chunks of a split render save the summed progress concurrently, and an older sum written
   * last must not move the bar back.
   */
  monotonicProgress?: boolean;
}

export interface UpdateResult {
  applied: boolean;
  /** Status before the update (or the status that refused it). */
  previous: RenderStatus | undefined;
}

export type RedisWithUpdate = Redis & { fwUpdateRender(key: string, op: string): Promise<[number, string]> };

/** The connection with the update script defined on it (once per connection). */
export function withUpdateScript(redis: Redis): RedisWithUpdate {
  if (!('fwUpdateRender' in redis)) redis.defineCommand('fwUpdateRender', { numberOfKeys: 1, lua: UPDATE_RENDER_LUA });
  return redis as RedisWithUpdate;
}

/**
 * Writes a new record and indexes it under its owner (all, and its status). `jobPending`: its
 * queue job is added next, and until `jobQueued` the record is listed as being queued, so that
 * one whose API stopped in between is found (`staleEnqueuing`) and given its job.
 */
export async function createIndexed(
  redis: Redis,
  layout: HashStoreLayout,
  record: { id: string; owner: string; status: RenderStatus; createdAt: number },
  fields: Record<string, unknown>,
  options: { jobPending?: boolean } = {},
): Promise<void> {
  const multi = redis.multi();
  multi.hset(layout.record(record.id), toHashStrings(fields));
  multi.zadd(layout.index(record.owner, 'all'), 0, record.id);
  multi.zadd(layout.index(record.owner, record.status), 0, record.id);
  if (options.jobPending) multi.zadd(layout.enqueuing, record.createdAt, record.id);
  await execAll(multi);
}

/** The record's queue job is added (or the record ended without one). */
export async function jobQueued(redis: Redis, layout: HashStoreLayout, id: string): Promise<void> {
  await redis.zrem(layout.enqueuing, id);
}

/** Records written before `before` whose queue job was never confirmed added. */
export function staleEnqueuing(redis: Redis, layout: HashStoreLayout, before: number, limit: number): Promise<string[]> {
  return redis.zrangebyscore(layout.enqueuing, '-inf', before, 'LIMIT', 0, limit);
}

/** One guarded transition: indexes follow the status, the new record is published on its channel. */
export async function updateStatus<F extends string>(redis: RedisWithUpdate, layout: HashStoreLayout, record: { id: string; owner: string }, update: StatusUpdate<F>): Promise<UpdateResult> {
  const op = {
    from: update.from ?? [],
    ...(update.status ? { status: update.status } : {}),
    set: toHashStrings(update.set ?? {}),
    del: update.del ?? [],
    incr: update.incr ?? {},
    idxPrefix: layout.indexPrefix(record.owner),
    channel: layout.channel(record.id),
    ...(update.expireAt !== undefined ? { expiry: { key: layout.expiry, at: update.expireAt } } : {}),
    ...(update.monotonicProgress ? { monotonicProgress: true } : {}),
  };
  const [applied, previous] = await redis.fwUpdateRender(layout.record(record.id), JSON.stringify(op));
  return { applied: applied === 1, previous: previous ? (previous as RenderStatus) : undefined };
}

/** Newest first. The cursor is the last id of the previous page (ids sort by creation time). */
export async function listByOwner<R>(
  redis: Redis,
  layout: HashStoreLayout,
  parse: (hash: Record<string, string>) => R,
  owner: string,
  options: { status?: RenderStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<{ records: R[]; nextCursor: string | null }> {
  const index = layout.index(owner, options.status ?? 'all');
  const start = options.cursor ? `(${options.cursor}` : '+';
  const ids = await redis.zrevrangebylex(index, start, '-', 'LIMIT', 0, options.limit + 1);
  const page = ids.slice(0, options.limit);
  const pipeline = redis.pipeline();
  for (const id of page) pipeline.hgetall(layout.record(id));
  const hashes = (await execAll(pipeline)) as Array<Record<string, string>>;
  // A record deleted by retention between the two reads is simply not listed.
  const records = hashes.filter((hash) => Object.keys(hash).length).map(parse);
  return { records, nextCursor: ids.length > options.limit ? (page.at(-1) ?? null) : null };
}
