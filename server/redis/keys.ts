/**
 * Every Redis key and channel the service owns, under one prefix (QUEUE_PREFIX), so that tests
 * and several deployments can share one Redis. BullMQ's own keys are `<prefix>:<queue>:...`
 * with queue names that never collide with the segments below.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  render(id: string): string {
    return `${this.prefix}:render:${id}`;
  }

  /** Lexically sorted index of an owner's renders (ids sort by creation time). */
  index(owner: string, status: string | 'all'): string {
    return `${this.prefix}:idx:${owner}:${status}`;
  }

  /** Prefix of an owner's index keys, for the transition script. */
  indexPrefix(owner: string): string {
    return `${this.prefix}:idx:${owner}:`;
  }

  /** Finished renders by the time they may be deleted. */
  get expiry(): string {
    return `${this.prefix}:expiry`;
  }

  cache(key: string): string {
    return `${this.prefix}:cache:${key}`;
  }

  idempotency(owner: string, keyHash: string): string {
    return `${this.prefix}:idem:${owner}:${keyHash}`;
  }

  renderEvents(id: string): string {
    return `${this.prefix}:events:${id}`;
  }

  get cancelChannel(): string {
    return `${this.prefix}:cancel`;
  }

  get sweepLock(): string {
    return `${this.prefix}:sweep-lock`;
  }

  apiKey(hash: string): string {
    return `${this.prefix}:apikey:${hash}`;
  }

  get apiKeyIndex(): string {
    return `${this.prefix}:apikeys`;
  }

  /** Renders holding a concurrency slot of an owner (sorted by lease expiry). */
  activeSlots(owner: string): string {
    return `${this.prefix}:slots:${owner}`;
  }

  /** Frame counts of each chunk of a split render (a hash: chunk index → counts). */
  chunkProgress(renderId: string): string {
    return `${this.prefix}:chunks:${renderId}`;
  }

  get webhookSecret(): string {
    return `${this.prefix}:webhook-secret`;
  }

  get rateLimit(): string {
    return `${this.prefix}:rl`;
  }

  webhookAttempts(renderId: string): string {
    return `${this.prefix}:webhook-attempts:${renderId}`;
  }
}
