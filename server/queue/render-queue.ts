import { Queue, type ConnectionOptions } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';
import { ASSEMBLE_QUEUE, CHUNK_QUEUE } from '../distributed/chunk-jobs.ts';
import { removeWaitingJob, retryAndKeepOptions, type QueuedCancelOutcome } from './queue-jobs.ts';
import { RENDER_QUEUE, renderJobSchema, type RenderJob } from './render-job.ts';

export type { QueuedCancelOutcome };

/** The API's side of the render queue: add jobs, take back waiting ones, count them. */
export class RenderQueue {
  readonly queue: Queue;
  /** The chunk and assembly queues of split renders, read for their failed jobs only. */
  private readonly splitQueues: Queue[];

  constructor(
    connection: ConnectionOptions,
    private readonly config: ServiceConfig,
  ) {
    this.queue = new Queue(RENDER_QUEUE, { connection, prefix: config.redis.prefix });
    this.splitQueues = [CHUNK_QUEUE, ASSEMBLE_QUEUE].map((name) => new Queue(name, { connection, prefix: config.redis.prefix }));
  }

  /** `priority`: BullMQ's (1 first); batches use it so one key's rows cannot starve another key. */
  async add(job: RenderJob, options: { priority?: number } = {}): Promise<void> {
    const data = renderJobSchema.parse(job);
    await this.queue.add('render', data, {
      ...(options.priority ? { priority: options.priority } : {}),
      // One job per render: a duplicate add (a retried request) is a no-op in BullMQ.
      jobId: job.renderId,
      ...retryAndKeepOptions(this.config),
    });
  }

  /** True while the render's job exists in any state (waiting, active, finished but kept). */
  async hasJob(renderId: string): Promise<boolean> {
    return (await this.queue.getJob(renderId)) !== undefined;
  }

  /** Removes a job that no worker holds yet; a locked (active) job cannot be removed. */
  removeWaiting(renderId: string): Promise<QueuedCancelOutcome> {
    return removeWaitingJob(this.queue, renderId);
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
  }

  /** The most recently failed jobs (the reconciler checks their renders are marked failed). */
  async recentlyFailed(limit: number): Promise<Array<{ renderId: string; reason: string; job: string }>> {
    // Whole renders, chunks and assemblies alike: a job that BullMQ failed by itself (stalled
    // too often) must not leave its render `active` forever.
    const lists = await Promise.all([this.queue, ...this.splitQueues].map((q) => q.getFailed(0, limit - 1)));
    return lists.flat().flatMap((j) => {
      if (!j?.id) return [];
      const renderId = (j.data as { render?: { renderId?: unknown } } | undefined)?.render?.renderId;
      return [{ renderId: typeof renderId === 'string' ? renderId : j.id, reason: j.failedReason ?? 'unknown', job: `${j.queueName}:${j.id}` }];
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.queue, ...this.splitQueues].map((q) => q.close()));
  }
}
