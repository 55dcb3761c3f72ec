import type { Redis } from 'ioredis';
import { execAll } from '../redis/exec.ts';
import type { RedisKeys } from '../redis/keys.ts';
import type { ConcurrencyGate, SlotDecision } from '../renders/render-hooks.ts';

/**
 * Claims a slot when the render already holds one (a retry or a stalled job coming back) or
 * when fewer than `limit` unexpired slots are held. Slots are a sorted set scored by lease
 * expiry, so the slot of a worker that died lapses on its own. The set itself expires with its
 * latest lease: every claim and renewal pushes its TTL out to that lease, or a render running
 * longer than one lease would lose the set (and every slot in it) while still renewing.
 * KEYS[1] slots; ARGV: renderId, now, leaseUntil, limit. Returns {granted 0/1, active}.
 */
const ACQUIRE_LUA = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) - tonumber(ARGV[2]))
  return {1, redis.call('ZCARD', KEYS[1])}
end
local active = redis.call('ZCARD', KEYS[1])
if active >= tonumber(ARGV[4]) then return {0, active} end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) - tonumber(ARGV[2]))
return {1, active + 1}
`;

type RedisWithAcquire = Redis & { fwAcquireSlot(key: string, id: string, now: number, until: number, limit: number): Promise<[number, number]> };

/** Per-owner concurrent-render quota (the owner is the API key; `public` with auth off). */
export class RedisConcurrencyGate implements ConcurrencyGate {
  private readonly redis: RedisWithAcquire;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
    /** The owner's limit (a per-key setting or the server default). */
    private readonly limitOf: (owner: string) => Promise<number>,
    private readonly leaseMs = 120_000,
  ) {
    if (!('fwAcquireSlot' in redis)) redis.defineCommand('fwAcquireSlot', { numberOfKeys: 1, lua: ACQUIRE_LUA });
    this.redis = redis as RedisWithAcquire;
  }

  async acquire(owner: string, renderId: string): Promise<SlotDecision> {
    const limit = await this.limitOf(owner);
    const now = Date.now();
    const [granted, active] = await this.redis.fwAcquireSlot(this.keys.activeSlots(owner), renderId, now, now + this.leaseMs, limit);
    return granted === 1 ? { granted: true } : { granted: false, active, limit };
  }

  async renew(owner: string, renderId: string): Promise<void> {
    const key = this.keys.activeSlots(owner);
    // The renewed lease is the latest of the set, so the set lives exactly as long as it.
    await execAll(this.redis.multi().zadd(key, 'XX', Date.now() + this.leaseMs, renderId).pexpire(key, this.leaseMs));
  }

  async release(owner: string, renderId: string): Promise<void> {
    await this.redis.zrem(this.keys.activeSlots(owner), renderId);
  }
}
