import type { Redis } from 'ioredis';
import { z } from 'zod';
import { FramewrightError } from '../../src/errors/index.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { sha256 } from './canonical.ts';

/** How long a key is remembered: a client's retries of one request fit well inside a day. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

const claimSchema = z.object({ bodyHash: z.string(), renderId: z.string() });

export type IdempotencyClaim = { kind: 'new' } | { kind: 'replay'; renderId: string };

/**
 * `Idempotency-Key` handling: the first request with a key claims it for its render id
 * (SET NX), a repeat with the same body gets that render, a repeat with another body is a 409.
 */
export class IdempotencyKeys {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async claim(owner: string, key: string, bodyHash: string, renderId: string): Promise<IdempotencyClaim> {
    if (key.length === 0 || key.length > 255) {
      throw new FramewrightError('INVALID_REQUEST', 'Idempotency-Key must be 1–255 characters', { issues: [{ path: ['Idempotency-Key'], message: 'must be 1–255 characters' }] });
    }
    const redisKey = this.keys.idempotency(owner, sha256(key));
    const value = JSON.stringify({ bodyHash, renderId });
    const set = await this.redis.set(redisKey, value, 'PX', IDEMPOTENCY_TTL_MS, 'NX');
    if (set === 'OK') return { kind: 'new' };
    const stored = await this.redis.get(redisKey);
    // Expired between the two calls: claim again.
    if (stored === null) return this.claim(owner, key, bodyHash, renderId);
    const existing = claimSchema.parse(JSON.parse(stored));
    if (existing.bodyHash !== bodyHash) {
      throw new FramewrightError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used with a different request body; use a new key for a new request');
    }
    return { kind: 'replay', renderId: existing.renderId };
  }

  /** Frees a claim whose render could not be created, so a retry of the request can succeed. */
  async release(owner: string, key: string): Promise<void> {
    await this.redis.del(this.keys.idempotency(owner, sha256(key)));
  }
}
