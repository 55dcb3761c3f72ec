import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { FramewrightError } from '../../src/errors/index.ts';
import { execAll } from '../redis/exec.ts';
import type { RedisKeys } from '../redis/keys.ts';

const KEY_PREFIX = 'fw_';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** What is stored about a key: never the key itself, only its SHA-256. */
export const apiKeyRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.coerce.number().int(),
  revokedAt: z.coerce.number().int().optional(),
  /** Requests per minute; the server default (RATE_LIMIT_PER_MINUTE) when absent. */
  rateLimitPerMinute: z.coerce.number().int().positive().optional(),
  /** Renders active at once; the server default (CONCURRENT_RENDERS_PER_KEY) when absent. */
  concurrentRenders: z.coerce.number().int().positive().optional(),
});
export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

export interface KeyLimits {
  rateLimitPerMinute?: number;
  concurrentRenders?: number;
}

function randomText(length: number): string {
  // Rejection sampling keeps every character equally likely (no modulo bias).
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * API keys in Redis, shared by every server and the `framewright keys` command. A key is
 * `fw_` + 40 random characters (~238 bits); it is shown once at creation and stored only as
 * its SHA-256, under which it is looked up.
 */
export class ApiKeyStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async create(name: string, limits: KeyLimits = {}): Promise<{ key: string; record: ApiKeyRecord }> {
    if (!/^[\w .@-]{1,64}$/.test(name)) throw new FramewrightError('INVALID_REQUEST', `Key name must be 1–64 letters, digits, spaces or . _ @ -, got ${JSON.stringify(name)}`);
    const key = `${KEY_PREFIX}${randomText(40)}`;
    const record: ApiKeyRecord = { id: `key_${randomText(12)}`, name, hash: hashKey(key), createdAt: Date.now(), ...limits };
    const multi = this.redis.multi();
    multi.hset(this.keys.apiKey(record.hash), Object.fromEntries(Object.entries(record).map(([k, v]) => [k, String(v)])));
    multi.hset(this.keys.apiKeyIndex, record.id, record.hash);
    await execAll(multi);
    return { key, record };
  }

  /** The key's record when it exists and is not revoked. */
  async verify(key: string): Promise<ApiKeyRecord | undefined> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) return undefined;
    const hash = hashKey(key);
    const stored = await this.redis.hgetall(this.keys.apiKey(hash));
    if (!stored.hash) return undefined;
    // The lookup is by hash already; compare in constant time all the same, so no code path
    // ever compares key material with an early exit.
    if (!timingSafeEqual(Buffer.from(stored.hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
    const record = apiKeyRecordSchema.parse(stored);
    return record.revokedAt === undefined ? record : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const index = await this.redis.hgetall(this.keys.apiKeyIndex);
    const pipeline = this.redis.pipeline();
    for (const hash of Object.values(index)) pipeline.hgetall(this.keys.apiKey(hash));
    const rows = (await execAll(pipeline)) as Array<Record<string, string>>;
    return rows.filter((r) => r.hash).map((r) => apiKeyRecordSchema.parse(r)).sort((a, b) => a.createdAt - b.createdAt);
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const hash = await this.redis.hget(this.keys.apiKeyIndex, id);
    if (!hash) return undefined;
    const stored = await this.redis.hgetall(this.keys.apiKey(hash));
    return stored.hash ? apiKeyRecordSchema.parse(stored) : undefined;
  }

  async revoke(id: string): Promise<ApiKeyRecord> {
    const record = await this.get(id);
    if (!record) throw new FramewrightError('NOT_FOUND', `No API key "${id}" (see \`framewright keys list\`)`);
    if (record.revokedAt === undefined) {
      record.revokedAt = Date.now();
      await this.redis.hset(this.keys.apiKey(record.hash), 'revokedAt', String(record.revokedAt));
    }
    return record;
  }

  /** How many keys were ever created (revoked ones included: revoking the last key never turns auth off). */
  async count(): Promise<number> {
    return this.redis.hlen(this.keys.apiKeyIndex);
  }
}
