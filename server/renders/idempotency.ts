import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { FramewrightError } from '../../src/errors/index.ts';
import { sha256 } from './canonical.ts';

/** How long a key is remembered: a client's retries of one request fit well inside a day. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

// `renderId`: how claims were stored before media jobs shared this class (kept 24 h at most).
const claimSchema = z.union([z.object({ bodyHash: z.string(), id: z.string() }), z.object({ bodyHash: z.string(), renderId: z.string() }).transform(({ bodyHash, renderId }) => ({ bodyHash, id: renderId }))]);

export type IdempotencyClaim = { kind: 'new' } | { kind: 'replay'; id: string };

/** Where a claim lives in Redis, per owner and hashed key: renders and media jobs have their own. */
export type ClaimKey = (owner: string, keyHash: string) => string;

/**
 * `Idempotency-Key` handling: the first request with a key claims it for the id of what it
 * creates (SET NX), a repeat with the same body gets that id, a repeat with another body is a 409.
 */
export class IdempotencyKeys {
  constructor(
    private readonly redis: Redis,
    private readonly claimKey: ClaimKey,
  ) {}

  async claim(owner: string, key: string, bodyHash: string, id: string): Promise<IdempotencyClaim> {
    if (key.length === 0 || key.length > 255) {
      throw new FramewrightError('INVALID_REQUEST', 'Idempotency-Key must be 1–255 characters', { issues: [{ path: ['Idempotency-Key'], message: 'must be 1–255 characters' }] });
    }
    const redisKey = this.claimKey(owner, sha256(key));
    const value = JSON.stringify({ bodyHash, id });
    const set = await this.redis.set(redisKey, value, 'PX', IDEMPOTENCY_TTL_MS, 'NX');
    if (set === 'OK') return { kind: 'new' };
    const stored = await this.redis.get(redisKey);
    // Expired between the two calls: claim again.
    if (stored === null) return this.claim(owner, key, bodyHash, id);
    const existing = claimSchema.parse(JSON.parse(stored));
    if (existing.bodyHash !== bodyHash) {
      throw new FramewrightError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used with a different request body; use a new key for a new request');
    }
    return { kind: 'replay', id: existing.id };
  }

  /** Frees a claim whose record could not be created, so a retry of the request can succeed. */
  async release(owner: string, key: string): Promise<void> {
    await this.redis.del(this.claimKey(owner, sha256(key)));
  }
}

/**
 * The record an earlier request with the same key created. Its first request may still be
 * writing it (or, for a media job, still fetching and checking the input): after ~2 s the repeat
 * is told to retry rather than held open.
 */
export async function awaitReplayed<T>(load: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 20; i++) {
    const record = await load();
    if (record) return record;
    await sleep(100);
  }
  throw new FramewrightError('IDEMPOTENCY_CONFLICT', 'A request with this Idempotency-Key is still being processed; retry shortly');
}
