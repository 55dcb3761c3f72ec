import type { Redis } from 'ioredis';
import { z } from 'zod';
import { execAll } from '../redis/exec.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { ASSET_KINDS } from './asset-schemas.ts';

/** What is stored per owner and asset: one Redis hash of strings, read back through this schema. */
export const assetRecordSchema = z.object({
  id: z.string(),
  owner: z.string(),
  kind: z.enum(ASSET_KINDS),
  contentType: z.string(),
  bytes: z.coerce.number().int(),
  fileName: z.string().optional(),
  createdAt: z.coerce.number().int(),
});
export type AssetRecord = z.infer<typeof assetRecordSchema>;

/** Asset records in Redis: per owner (ownership is the record), and who holds each stored file. */
export class AssetStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Records the asset for its owner; false when the owner already had it (the first record stays). */
  async add(record: AssetRecord): Promise<boolean> {
    const key = this.keys.asset(record.owner, record.id);
    const fields = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const multi = this.redis.multi();
    multi.hsetnx(key, 'id', record.id);
    multi.sadd(this.keys.assetOwners(record.id), record.owner);
    const [created] = (await execAll(multi)) as [number];
    if (created !== 1) return false;
    const write = this.redis.multi();
    write.hset(key, fields);
    write.zadd(this.keys.assetIndex(record.owner), record.createdAt, record.id);
    await execAll(write);
    return true;
  }

  async get(owner: string, id: string): Promise<AssetRecord | undefined> {
    const hash = await this.redis.hgetall(this.keys.asset(owner, id));
    return hash.owner ? assetRecordSchema.parse(hash) : undefined;
  }

  /** Which of `ids` the owner holds. */
  async owned(owner: string, ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.exists(this.keys.asset(owner, id));
    const found = (await execAll(pipeline)) as number[];
    return new Set(ids.filter((_, i) => found[i] === 1));
  }

  /** Newest first; the cursor is an offset. */
  async list(owner: string, options: { limit: number; cursor?: string }): Promise<{ records: AssetRecord[]; nextCursor: string | null }> {
    const offset = Number(options.cursor ?? 0);
    const ids = await this.redis.zrevrange(this.keys.assetIndex(owner), offset, offset + options.limit);
    const page = ids.slice(0, options.limit);
    const pipeline = this.redis.pipeline();
    for (const id of page) pipeline.hgetall(this.keys.asset(owner, id));
    const hashes = (await execAll(pipeline)) as Array<Record<string, string>>;
    const records = hashes.filter((h) => h.owner).map((h) => assetRecordSchema.parse(h));
    return { records, nextCursor: ids.length > options.limit ? String(offset + options.limit) : null };
  }

  /** Removes the owner's record; resolves to true when no owner holds the file any more. */
  async remove(owner: string, id: string): Promise<boolean> {
    const multi = this.redis.multi();
    multi.del(this.keys.asset(owner, id));
    multi.zrem(this.keys.assetIndex(owner), id);
    multi.srem(this.keys.assetOwners(id), owner);
    multi.scard(this.keys.assetOwners(id));
    const results = await execAll(multi);
    return results[3] === 0;
  }

  /** The sniffed type of a stored file, from any owner's record (the bytes are the same). */
  async typeOf(id: string): Promise<string | undefined> {
    const owner = await this.redis.srandmember(this.keys.assetOwners(id));
    if (!owner) return undefined;
    return (await this.redis.hget(this.keys.asset(owner, id), 'contentType')) ?? undefined;
  }

  async rememberUpload(owner: string, uploadId: string, value: { fileName?: string; bytes: number }, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.assetUpload(owner, uploadId), JSON.stringify(value), 'EX', ttlSeconds);
  }

  /** Takes a pending presigned upload (once: a second completion finds nothing). */
  async takeUpload(owner: string, uploadId: string): Promise<{ fileName?: string; bytes: number } | undefined> {
    const text = await this.redis.getdel(this.keys.assetUpload(owner, uploadId));
    return text ? z.object({ fileName: z.string().optional(), bytes: z.number().int() }).parse(JSON.parse(text)) : undefined;
  }
}
