import type { JobsOptions, Queue } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';

export type QueuedCancelOutcome = 'removed' | 'running' | 'missing';

/** Retries as configured; finished jobs are kept as long as their records (RENDER_RETENTION). */
export function retryAndKeepOptions(config: ServiceConfig): Pick<JobsOptions, 'attempts' | 'backoff' | 'removeOnComplete' | 'removeOnFail'> {
  const keepSeconds = Math.ceil(config.retentionMs / 1000);
  return {
    attempts: config.worker.attempts,
    backoff: { type: 'exponential', delay: config.worker.backoffMs },
    removeOnComplete: { age: keepSeconds },
    removeOnFail: { age: keepSeconds },
  };
}

/** Removes a job that no worker holds yet; a locked (active) job cannot be removed. */
export async function removeWaitingJob(queue: Queue, jobId: string): Promise<QueuedCancelOutcome> {
  const job = await queue.getJob(jobId);
  if (!job) return 'missing';
  try {
    await job.remove();
    return 'removed';
  } catch (error) {
    // BullMQ refuses to remove a locked job: a worker has it, so the cancel goes to the worker.
    if (await job.isActive()) return 'running';
    throw error;
  }
}
