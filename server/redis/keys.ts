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

  /** An owner's record of an uploaded asset (a hash). */
  asset(owner: string, id: string): string {
    return `${this.prefix}:asset:${owner}:${id}`;
  }

  /** An owner's assets, scored by upload time. */
  assetIndex(owner: string): string {
    return `${this.prefix}:assets:${owner}`;
  }

  /** The owners holding a stored asset (its file goes when the last one deletes it). */
  assetOwners(id: string): string {
    return `${this.prefix}:asset-owners:${id}`;
  }

  /** A presigned upload waiting to be completed. */
  assetUpload(owner: string, uploadId: string): string {
    return `${this.prefix}:asset-upload:${owner}:${uploadId}`;
  }

  batch(id: string): string {
    return `${this.prefix}:batch:${id}`;
  }

  /** A batch's rows: row number → render id and output name (a hash of JSON). */
  batchRows(id: string): string {
    return `${this.prefix}:batch-rows:${id}`;
  }

  /** Renders of a batch not yet final; the batch completes when it empties. */
  batchOpen(id: string): string {
    return `${this.prefix}:batch-open:${id}`;
  }

  /**
   * Batches whose renders are still being queued, scored by the last time their creator made
   * progress: an entry that stops moving belonged to an API that died mid-batch, and is resumed.
   */
  get batchesEnqueuing(): string {
    return `${this.prefix}:batches-enqueuing`;
  }

  /** Renders written but whose job may not be queued yet, scored by when they were written. */
  get rendersEnqueuing(): string {
    return `${this.prefix}:renders-enqueuing`;
  }

  /** Held by the one API process resuming stopped enqueues (renders and batches). */
  get enqueueResumeLock(): string {
    return `${this.prefix}:enqueue-resume-lock`;
  }

  /** An Idempotency-Key claim of POST /v1/batches (apart from the renders' claims). */
  batchIdempotency(owner: string, keyHash: string): string {
    return `${this.prefix}:idem-batch:${owner}:${keyHash}`;
  }

  /** An owner's batches (lexically sorted ids, like renders). */
  batchIndex(owner: string): string {
    return `${this.prefix}:batches:${owner}`;
  }

  /** Usage of an owner on one day (UTC `YYYY-MM-DD`): renders, seconds, frames, bytes. */
  usage(owner: string, day: string): string {
    return `${this.prefix}:usage:${owner}:${day}`;
  }

  /** Usage of an owner since the start (what Prometheus shows). */
  usageTotal(owner: string): string {
    return `${this.prefix}:usage-total:${owner}`;
  }

  /** Owners that have any usage recorded. */
  get usageOwners(): string {
    return `${this.prefix}:usage-owners`;
  }
}
