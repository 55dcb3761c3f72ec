import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { CancelBus } from '../queue/cancel-bus.ts';
import { CancelRequested, ShutdownRequested } from '../queue/stop-reasons.ts';
import { processMediaJob } from './media-processor.ts';
import { MEDIA_JOIN_QUEUE, MEDIA_QUEUE, MEDIA_SEGMENT_QUEUE } from './media-queue.ts';
import { processMediaJoin, processMediaSegment, type SplitDeps } from './media-split-processors.ts';

/**
 * The worker side of media jobs: whole jobs, segments of split ones, and their joins. Every job
 * runs under an AbortController filed by media-job id, so a cancel (from any API process, over
 * the cancel bus) kills the FFmpeg of every part of that job on this machine at once.
 */
export class MediaWorkers {
  private readonly workers: Worker[];
  private readonly running = new Map<string, Set<AbortController>>();
  private stopListening: (() => void) | undefined;

  private constructor(
    private readonly deps: SplitDeps,
    connection: ConnectionOptions,
  ) {
    const { worker } = deps.config;
    const common = {
      connection,
      prefix: deps.config.redis.prefix,
      name: deps.workerName,
      lockDuration: worker.lockDurationMs,
      stalledInterval: worker.stalledIntervalMs,
      maxStalledCount: worker.maxStalledCount,
      autorun: false,
    };
    this.workers = [
      new Worker(MEDIA_QUEUE, (job: Job, token, signal) => this.run(job, signal, (s) => processMediaJob(job, token, s, deps)), { ...common, concurrency: worker.concurrency }),
      new Worker(MEDIA_SEGMENT_QUEUE, (job: Job, _token, signal) => this.run(job, signal, (s) => processMediaSegment(job, s, deps)), { ...common, concurrency: worker.concurrency }),
      // Joining is a stream copy: mostly I/O, so it never waits behind a segment.
      new Worker(MEDIA_JOIN_QUEUE, (job: Job, token, signal) => this.run(job, signal, (s) => processMediaJoin(job, token, s, deps)), { ...common, concurrency: 2 }),
    ];
    for (const w of this.workers) w.on('error', (error) => deps.logger.error({ err: error, queue: w.name }, 'media worker error'));
  }

  static async start(deps: SplitDeps, connection: ConnectionOptions, cancelBus: CancelBus): Promise<MediaWorkers> {
    const w = new MediaWorkers(deps, connection);
    w.stopListening = await cancelBus.listen((id) => w.cancel(id));
    for (const worker of w.workers) void worker.run().catch((error: unknown) => deps.logger.error({ err: error }, 'media worker stopped with an error'));
    await Promise.all(w.workers.map((x) => x.waitUntilReady()));
    return w;
  }

  cancel(jobId: string): boolean {
    const controllers = this.running.get(jobId);
    for (const c of controllers ?? []) c.abort(new CancelRequested());
    return Boolean(controllers?.size);
  }

  private async run<T>(job: Job, queueSignal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const jobId = String((job.data as { jobId?: unknown }).jobId ?? job.id);
    const controller = new AbortController();
    const onQueueAbort = () => controller.abort(queueSignal?.reason);
    queueSignal?.addEventListener('abort', onQueueAbort, { once: true });
    const set = this.running.get(jobId) ?? new Set();
    set.add(controller);
    this.running.set(jobId, set);
    try {
      return await work(controller.signal);
    } finally {
      set.delete(controller);
      if (!set.size) this.running.delete(jobId);
      queueSignal?.removeEventListener('abort', onQueueAbort);
    }
  }

  /** Graceful stop: finish within the shutdown timeout or hand jobs back to the queue. */
  async close(): Promise<void> {
    this.stopListening?.();
    const handBack = setTimeout(() => {
      for (const set of this.running.values()) for (const c of set) c.abort(new ShutdownRequested());
    }, this.deps.config.worker.shutdownTimeoutMs);
    try {
      await Promise.all(this.workers.map((w) => w.close()));
    } finally {
      clearTimeout(handBack);
    }
  }
}
