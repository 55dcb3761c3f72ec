import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { FramewrightError } from '../../src/errors/index.ts';
import { execAll } from '../redis/exec.ts';
import type { PlanOverrides } from '../limits/plan.ts';
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
  /** Renders queued or running at once; MAX_QUEUED_RENDERS_PER_KEY when absent. */
  queuedRenders: z.coerce.number().int().positive().optional(),
  /** Frames per render; MAX_FRAMES_PER_RENDER when absent. */
  framesPerRender: z.coerce.number().int().positive().optional(),
  /** Output width × height per render; MAX_PIXELS_PER_FRAME when absent. */
  pixelsPerFrame: z.coerce.number().int().positive().optional(),
  /** Seconds of video per render; MAX_DURATION_PER_RENDER when absent. */
  durationSecondsPerRender: z.coerce.number().positive().optional(),
});
export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

/** The plan fields of a key: each absent one falls back to the server default. */
export const KEY_LIMIT_FIELDS = ['rateLimitPerMinute', 'concurrentRenders', 'queuedRenders', 'framesPerRender', 'pixelsPerFrame', 'durationSecondsPerRender'] as const;
export type KeyLimits = Partial<Record<(typeof KEY_LIMIT_FIELDS)[number], number>>;

/** A key's own limits as plan overrides (absent fields: the server defaults). */
export function planOverrides(record: ApiKeyRecord | undefined): PlanOverrides {
  if (!record) return {};
  const { rateLimitPerMinute, concurrentRenders, queuedRenders, framesPerRender, pixelsPerFrame, durationSecondsPerRender } = record;
  return { requestsPerMinute: rateLimitPerMinute, concurrentRenders, queuedRenders, framesPerRender, pixelsPerFrame, durationSecondsPerRender };
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

  /** Changes a key's limits: a number sets it, null goes back to the server default. */
  async update(id: string, limits: Partial<Record<keyof KeyLimits, number | null>>): Promise<ApiKeyRecord> {
    const record = await this.get(id);
    if (!record) throw new FramewrightError('NOT_FOUND', `No API key "${id}" (see \`framewright keys list\`)`);
    const set = Object.entries(limits).filter(([, v]) => typeof v === 'number') as Array<[string, number]>;
    const unset = Object.entries(limits).filter(([, v]) => v === null).map(([k]) => k);
    const multi = this.redis.multi();
    if (set.length) multi.hset(this.keys.apiKey(record.hash), Object.fromEntries(set.map(([k, v]) => [k, String(v)])));
    if (unset.length) multi.hdel(this.keys.apiKey(record.hash), ...unset);
    await execAll(multi);
    return (await this.get(id))!;
  }

    /** How many keys were ever created (revoked ones included: revoking the last key never turns auth off). */
  async count(): Promise<number> {
    return this.redis.hlen(this.keys.apiKeyIndex);
  }
}
