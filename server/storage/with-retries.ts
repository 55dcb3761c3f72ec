import { setTimeout as sleep } from 'node:timers/promises';
import { canceledError } from '../../src/errors/index.ts';

export interface RetryOptions {
  /** Tries in all, the first included. @defaultValue 4 */
  attempts?: number;
  /** Wait before the second try; doubled each time. @defaultValue 500 */
  firstDelayMs?: number;
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs a storage operation again after a failure (an S3 blip, a restarting MinIO), with a
 * doubling back-off: a render that is already encoded must not be rendered again because its
 * upload failed once. A cancel stops the waiting at once.
 */
export async function withRetries<T>(work: () => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const attempts = o.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (o.signal?.aborted) throw canceledError(o.signal.reason);
      if (attempt >= attempts) throw error;
      o.onRetry?.(error, attempt);
      try {
        await sleep((o.firstDelayMs ?? 500) * 2 ** (attempt - 1), undefined, o.signal ? { signal: o.signal } : undefined);
      } catch {
        throw canceledError(o.signal?.reason);
      }
    }
  }
}
