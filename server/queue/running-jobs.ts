import type { Job, Worker } from 'bullmq';
import type { Logger } from '../observability/logger.ts';
import { CancelRequested, LockLost, ShutdownRequested } from './stop-reasons.ts';

/**
 * The AbortControllers of every job a process runs, filed by job id and by the id a cancel names
 * (a render id, a media-job id), for every kind of worker (see job-workers.ts). Whatever stops a
 * job (a cancel, a shutdown, a lost lock, BullMQ's own cancel) aborts its controller with a reason whose class
 * the failure path reads.
 */
export class RunningJobs {
  private readonly jobs = new Map<string, { renderId: string; controller: AbortController }>();

  constructor(private readonly logger: Logger) {}

  get size(): number {
    return this.jobs.size;
  }

  /** Listens for lock renewals that failed: the renders that lost them stop at once. */
  watch(worker: Worker): void {
    worker.on('lockRenewalFailed', (jobIds: string[]) => {
      for (const id of jobIds) {
        const running = this.jobs.get(id);
        if (!running) continue;
        this.logger.warn({ jobId: id, renderId: running.renderId }, 'lost the job lock: stopping its render');
        running.controller.abort(new LockLost());
      }
    });
  }

  async run<T>(job: Job, renderId: string, queueSignal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const id = job.id ?? renderId;
    const onQueueAbort = () => controller.abort(queueSignal?.reason ?? new LockLost());
    queueSignal?.addEventListener('abort', onQueueAbort, { once: true });
    this.jobs.set(id, { renderId, controller });
    try {
      return await work(controller.signal);
    } finally {
      this.jobs.delete(id);
      queueSignal?.removeEventListener('abort', onQueueAbort);
    }
  }

  /** Stops every job of a render here; false when none runs here. */
  cancelRender(renderId: string): boolean {
    let found = false;
    for (const running of this.jobs.values()) {
      if (running.renderId !== renderId) continue;
      running.controller.abort(new CancelRequested());
      found = true;
    }
    return found;
  }

  /** Hands every running job back (the shutdown deadline passed). */
  shutdown(): string[] {
    for (const running of this.jobs.values()) running.controller.abort(new ShutdownRequested());
    return [...new Set([...this.jobs.values()].map((r) => r.renderId))];
  }
}
