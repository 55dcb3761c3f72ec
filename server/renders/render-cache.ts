import type { Redis } from 'ioredis';
import type { ResolvedRenderOptions } from '../../src/render/options/registry.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { canonicalJson, sha256 } from './canonical.ts';

/** Options that change how a render runs but not a byte of what it produces. */
const NOT_IN_OUTPUT = ['concurrency', 'delayRenderTimeoutMs', 'reuseUnchangedFrames'] as const;

/**
 * The render cache key: owner, template bundle, template, the props after defaults, and the
 * output options after defaults. The owner is part of it so that one tenant's renders never
 * answer another's (no cross-tenant oracle of what was rendered).
 */
export function renderCacheKey(input: {
  owner: string;
  bundleHash: string;
  template: string;
  props: Record<string, unknown>;
  options: ResolvedRenderOptions;
}): string {
  const options: Record<string, unknown> = { ...input.options };
  for (const key of NOT_IN_OUTPUT) delete options[key];
  return sha256(canonicalJson({ v: 1, owner: input.owner, bundle: input.bundleHash, template: input.template, props: input.props, options }));
}

/** Cache key → id of the succeeded render holding that output. */
export class RenderCache {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** The Redis key of an entry (the store follows it atomically on a hit). */
  entryKey(cacheKey: string): string {
    return this.keys.cache(cacheKey);
  }

  async remember(cacheKey: string, renderId: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.cache(cacheKey), renderId, 'PX', ttlMs);
  }

  /** Forgets the entry only if it still points at this render (retention deleting it). */
  async forget(cacheKey: string, renderId: string): Promise<void> {
    const key = this.keys.cache(cacheKey);
    if ((await this.redis.get(key)) === renderId) await this.redis.del(key);
  }
}
