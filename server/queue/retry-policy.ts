import { UnrecoverableError } from 'bullmq';
import { type FramewrightError, toFramewrightError } from '../../src/errors/index.ts';

export interface FailureDecision {
  /** Whether BullMQ should try the job again (after its back-off). */
  retry: boolean;
  error: FramewrightError;
}

/**
 * The worker's retry policy, read from the error's class, never its message: transient
 * failures (browser crash, encoder, storage) retry while attempts remain; input and template
 * errors never do, since the same props would fail the same way.
 */
export function decideFailure(thrown: unknown, attempt: { made: number; max: number }): FailureDecision {
  const error = toFramewrightError(thrown);
  return { retry: error.retriable && attempt.made + 1 < attempt.max, error };
}

/** The error to hand BullMQ: UnrecoverableError stops its retries. */
export function errorForQueue(decision: FailureDecision): Error {
  if (decision.retry) return decision.error;
  const stop = new UnrecoverableError(`${decision.error.code}: ${decision.error.message}`);
  stop.cause = decision.error;
  return stop;
}

