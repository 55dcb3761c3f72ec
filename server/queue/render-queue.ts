import { Queue, type ConnectionOptions } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';
import { RENDER_QUEUE, renderJobSchema, type RenderJob } from './render-job.ts';

export type QueuedCancelOutcome = 'removed' | 'running' | 'missing';

/** The API's side of the render queue: add jobs, take back waiting ones, count them. */
export class RenderQueue {
  readonly queue: Queue;

  constructor(
    connection: ConnectionOptions,
    private readonly config: ServiceConfig,
  ) {
    this.queue = new Queue(RENDER_QUEUE, { connection, prefix: config.redis.prefix });
  }

  /** `priority`: BullMQ's (1 first); batches use it so one key's rows cannot starve another key. */
  async add(job: RenderJob, options: { priority?: number } = {}): Promise<void> {
    const data = renderJobSchema.parse(job);
    const keepSeconds = Math.ceil(this.config.retentionMs / 1000);
    await this.queue.add('render', data, {
      ...(options.priority ? { priority: options.priority } : {}),
      // One job per render: a duplicate add (a retried request) is a no-op in BullMQ.
      jobId: job.renderId,
      attempts: this.config.worker.attempts,
      backoff: { type: 'exponential', delay: this.config.worker.backoffMs },
      removeOnComplete: { age: keepSeconds },
      removeOnFail: { age: keepSeconds },
    });
  }

  /** Removes a job that no worker holds yet; a locked (active) job cannot be removed. */
  async removeWaiting(renderId: string): Promise<QueuedCancelOutcome> {
    const job = await this.queue.getJob(renderId);
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

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
  }

  /** The most recently failed jobs (the reconciler checks their renders are marked failed). */
  async recentlyFailed(limit: number): Promise<Array<{ renderId: string; reason: string }>> {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs.filter((j) => j?.id).map((j) => ({ renderId: j.id!, reason: j.failedReason ?? 'unknown' }));
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
