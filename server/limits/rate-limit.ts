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

/**
 * Wrong or missing keys per client address: after `perMinute` failures in a minute the address
 * gets 429 before its key is even looked at, so keys cannot be guessed at line speed.
 */
export class AuthFailureLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: Redis,
    keyPrefix: string,
    private readonly perMinute: number,
  ) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: perMinute, duration: 60 });
  }

  /** Throws RATE_LIMITED (with Retry-After) when `client` already failed too often. */
  async check(client: string, res: Response): Promise<void> {
    const state = await this.limiter.get(client);
    if (state && state.consumedPoints >= this.perMinute) this.refuse(state, res);
  }

  /** Counts one failed attempt of `client`. */
  async failed(client: string): Promise<void> {
    await this.limiter.penalty(client, 1);
  }

  private refuse(state: RateLimiterRes, res: Response): never {
    const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    res.setHeader('retry-after', String(seconds));
    throw new FramewrightError('RATE_LIMITED', `Too many requests with a wrong or missing API key from this address; retry in ${seconds} s`);
  }
}
