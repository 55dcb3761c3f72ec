import type { Redis } from 'ioredis';
import { z } from 'zod';
import { execAll } from '../redis/exec.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { outputOptionsSchema } from '../renders/schemas.ts';
import { invalidRowSchema } from './batch-schemas.ts';

const jsonText = <S extends z.ZodType>(schema: S) => z.string().transform((t) => JSON.parse(t) as unknown).pipe(schema);

/** A batch as stored: one hash, its rows in another, its unfinished renders in a set. */
export const batchRecordSchema = z.object({
  id: z.string(),
  owner: z.string(),
  template: z.string(),
  createdAt: z.coerce.number().int(),
  completedAt: z.coerce.number().int().optional(),
  cancelRequested: z.literal('1').optional(),
  total: z.coerce.number().int(),
  accepted: z.coerce.number().int(),
  naming: z.string().optional(),
  webhookUrl: z.string().optional(),
  metadata: jsonText(z.record(z.string(), z.unknown())).optional(),
  /** The request's output options and cache choice: what a resumed row is queued with. */
  output: jsonText(outputOptionsSchema).optional(),
  cache: z.enum(['true', 'false']).optional(),
  invalid: jsonText(z.array(invalidRowSchema)),
  ignoredColumns: jsonText(z.array(z.string())).optional(),
});
export type BatchRecord = z.infer<typeof batchRecordSchema>;

export const batchRowEntrySchema = z.object({
  renderId: z.string(),
  name: z.string(),
  line: z.number().int().optional(),
  /** The row's props as validated: kept so that a row whose render was never queued can be. */
  props: z.record(z.string(), z.unknown()).optional(),
});
export type BatchRowEntry = z.infer<typeof batchRowEntrySchema> & { row: number };

/**
 * Atomically takes a finished render out of its batch's open set; returns 1 exactly once, for the
 * call that emptied it and stamped `completedAt` (duplicate notifications do nothing).
 * KEYS: open set, batch hash; ARGV: renderId, now.
 */
const FINISH_ROW_LUA = `
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('SCARD', KEYS[1]) > 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
return redis.call('HSETNX', KEYS[2], 'completedAt', ARGV[2])
`;

type RedisWithFinish = Redis & { fwFinishBatchRow(open: string, batch: string, renderId: string, now: number): Promise<number> };

export class BatchStore {
  private readonly redis: RedisWithFinish;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    if (!('fwFinishBatchRow' in redis)) redis.defineCommand('fwFinishBatchRow', { numberOfKeys: 2, lua: FINISH_ROW_LUA });
    this.redis = redis as RedisWithFinish;
  }

  /**
   * Writes the batch, its rows and its open set before any of its renders exists, and marks it
   * as being queued (see `batchesEnqueuing`) until `doneEnqueuing`.
   */
  async create(
    record: Omit<BatchRecord, 'metadata' | 'invalid' | 'ignoredColumns' | 'output'> & { metadata?: Record<string, unknown>; output?: unknown; invalid: unknown[]; ignoredColumns?: string[] },
    rows: BatchRowEntry[],
  ): Promise<void> {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(record)) if (v !== undefined) fields[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
    const multi = this.redis.multi();
    multi.hset(this.keys.batch(record.id), fields);
    if (rows.length) {
      multi.hset(this.keys.batchRows(record.id), Object.fromEntries(rows.map(({ row, ...entry }) => [String(row), JSON.stringify(entry)])));
      multi.sadd(this.keys.batchOpen(record.id), ...rows.map((r) => r.renderId));
      multi.zadd(this.keys.batchesEnqueuing, record.createdAt, record.id);
    } else {
      multi.hset(this.keys.batch(record.id), 'completedAt', String(record.createdAt));
    }
    multi.zadd(this.keys.batchIndex(record.owner), 0, record.id);
    await execAll(multi);
  }

  async get(id: string): Promise<BatchRecord | undefined> {
    const hash = await this.redis.hgetall(this.keys.batch(id));
    return hash.id ? batchRecordSchema.parse(hash) : undefined;
  }

  async rows(id: string): Promise<BatchRowEntry[]> {
    const hash = await this.redis.hgetall(this.keys.batchRows(id));
    return Object.entries(hash)
      .map(([row, text]) => ({ row: Number(row), ...batchRowEntrySchema.parse(JSON.parse(text)) }))
      .sort((a, b) => a.row - b.row);
  }

  async openRenders(id: string): Promise<string[]> {
    return this.redis.smembers(this.keys.batchOpen(id));
  }

  /** True when this finished render was the batch's last open one (and the batch is now complete). */
  async finishRow(batchId: string, renderId: string): Promise<boolean> {
    return (await this.redis.fwFinishBatchRow(this.keys.batchOpen(batchId), this.keys.batch(batchId), renderId, Date.now())) === 1;
  }

  /** The creator is still queueing this batch's renders (it is not to be resumed yet). */
  async touchEnqueuing(id: string, now = Date.now()): Promise<void> {
    await this.redis.zadd(this.keys.batchesEnqueuing, 'XX', now, id);
  }

  /** Every render of the batch exists (queued, or already final). */
  async doneEnqueuing(id: string): Promise<void> {
    await this.redis.zrem(this.keys.batchesEnqueuing, id);
  }

  /** True while some of the batch's renders may not exist yet. */
  async isEnqueuing(id: string): Promise<boolean> {
    return (await this.redis.zscore(this.keys.batchesEnqueuing, id)) !== null;
  }

  /** Batches being queued that made no progress since `before`: their creator is gone. */
  async staleEnqueuing(before: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.batchesEnqueuing, '-inf', before, 'LIMIT', 0, limit);
  }

  async markCancelRequested(id: string): Promise<void> {
    await this.redis.hset(this.keys.batch(id), 'cancelRequested', '1');
  }

  /** Completed batches are kept as long as renders are. */
  async expire(id: string, ms: number): Promise<void> {
    const multi = this.redis.multi();
    for (const key of [this.keys.batch(id), this.keys.batchRows(id), this.keys.batchOpen(id)]) multi.pexpire(key, ms);
    await execAll(multi);
  }

  /** Newest first; the cursor is the last id of the previous page (ids sort by creation time). */
  async list(owner: string, options: { limit: number; cursor?: string | undefined }): Promise<{ records: BatchRecord[]; nextCursor: string | null }> {
    const start = options.cursor ? `(${options.cursor}` : '+';
    const ids = await this.redis.zrevrangebylex(this.keys.batchIndex(owner), start, '-', 'LIMIT', 0, options.limit + 1);
    const page = ids.slice(0, options.limit);
    const pipeline = this.redis.pipeline();
    for (const id of page) pipeline.hgetall(this.keys.batch(id));
    const hashes = (await execAll(pipeline)) as Array<Record<string, string>>;
    const gone = page.filter((_, i) => !hashes[i]!.id);
    if (gone.length) await this.redis.zrem(this.keys.batchIndex(owner), ...gone);
    return { records: hashes.filter((h) => h.id).map((h) => batchRecordSchema.parse(h)), nextCursor: ids.length > options.limit ? (page.at(-1) ?? null) : null };
  }
}
