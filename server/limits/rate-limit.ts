import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { FramewrightError } from '../../src/errors/index.ts';

/**
 * Requests per minute per API key (a fixed one-minute window in Redis, shared by every API
 * process). Each key may carry its own limit; one limiter exists per distinct limit.
 */
export class RequestRateLimiter {
  private readonly limiters = new Map<number, RateLimiterRedis>();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly defaultPerMinute: number,
  ) {}

  private limiter(points: number): RateLimiterRedis {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${this.keyPrefix}:${points}`, points, duration: 60 });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }

  /** Counts one request of `owner`; sets the RateLimit-* headers, throws RATE_LIMITED (with Retry-After) when over. */
  async consume(owner: string, perMinute: number | undefined, res: Response): Promise<void> {
    const limit = perMinute ?? this.defaultPerMinute;
    let result: RateLimiterRes;
    let limited = false;
    try {
      result = await this.limiter(limit).consume(owner);
    } catch (rejection) {
      // The library rejects with its result object when over the limit, with an Error when Redis failed.
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      result = rejection;
      limited = true;
    }
    const resetSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    res.setHeader('ratelimit-limit', String(limit));
    res.setHeader('ratelimit-remaining', String(result.remainingPoints));
    res.setHeader('ratelimit-reset', String(resetSeconds));
    if (limited) {
      res.setHeader('retry-after', String(resetSeconds));
      throw new FramewrightError('RATE_LIMITED', `Rate limit of ${limit} requests per minute reached; retry in ${resetSeconds} s`);
    }
  }
}
