import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConcurrencyGate } from '../../server/limits/concurrency-gate.ts';
import { RedisKeys } from '../../server/redis/keys.ts';
import { deleteKeys, randomPrefix, SHARED_REDIS_URL } from './helpers/service.ts';

describe('per-key concurrent-render quota (Redis slots)', () => {
  const prefix = randomPrefix();
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(SHARED_REDIS_URL);
  });

  afterAll(async () => {
    redis?.disconnect();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('a slot renewed by a long render outlives the lease of its first claim', async () => {
    const leaseMs = 300;
    const keys = new RedisKeys(prefix);
    const gate = new RedisConcurrencyGate(redis, keys, async () => 1, leaseMs);
    expect(await gate.acquire('alice', 'rnd_long')).toEqual({ granted: true });
    // The long render keeps reporting progress (each save renews its slot), well past the
    // lease its first claim set: its slot must stay held the whole time.
    const claimedAt = Date.now();
    while (Date.now() - claimedAt < 3 * leaseMs) {
      await gate.renew('alice', 'rnd_long');
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await gate.renew('alice', 'rnd_long');
    expect(await redis.zscore(keys.activeSlots('alice'), 'rnd_long')).not.toBeNull();
    expect(await gate.acquire('alice', 'rnd_next')).toMatchObject({ granted: false, active: 1, limit: 1 });
    // A retry of the render that holds the slot extends it too.
    expect(await gate.acquire('alice', 'rnd_long')).toEqual({ granted: true });
    expect(await redis.pttl(keys.activeSlots('alice'))).toBeGreaterThan(leaseMs / 2);
  });
});
