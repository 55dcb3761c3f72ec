import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { CancelBus } from './cancel-bus.ts';
import type { ProcessOutcome, ProcessorDeps } from './processor-deps.ts';
import { processRenderJob } from './render-processor.ts';
import { RENDER_QUEUE } from './render-job.ts';
import { RunningJobs } from './running-jobs.ts';

/**
 * A BullMQ worker for renders. Owns the AbortController of every render it runs, so a cancel
 * (from any API process, over the cancel bus) or a shutdown reaches the engine's signal, which
 * stops the Chromium pages and FFmpeg of that render.
 */
export class RenderWorker {
  private readonly worker: Worker;
  private readonly running: RunningJobs;
  private stopListening: (() => void) | undefined;

  private constructor(
    private readonly deps: ProcessorDeps,
    connection: ConnectionOptions,
  ) {
    const { worker } = deps.config;
    this.running = new RunningJobs(deps.logger);
    this.worker = new Worker(RENDER_QUEUE, (job: Job, token: string | undefined, signal: AbortSignal | undefined) => this.run(job, token, signal), {
      connection,
      prefix: deps.config.redis.prefix,
      name: deps.workerName,
      concurrency: worker.concurrency,
      lockDuration: worker.lockDurationMs,
      stalledInterval: worker.stalledIntervalMs,
      maxStalledCount: worker.maxStalledCount,
      autorun: false,
    });
    this.worker.on('error', (error) => deps.logger.error({ err: error }, 'render worker error'));
    // A lost lock stops the render that lost it: otherwise two workers render the same job.
    this.running.watch(this.worker);
  }

  static async start(deps: ProcessorDeps, connection: ConnectionOptions, cancelBus: CancelBus): Promise<RenderWorker> {
    const w = new RenderWorker(deps, connection);
    w.stopListening = await cancelBus.listen((renderId) => w.cancel(renderId));
    void w.worker.run().catch((error: unknown) => deps.logger.error({ err: error }, 'render worker stopped with an error'));
    await w.worker.waitUntilReady();
    return w;
  }

  get activeRenders(): number {
    return this.running.size;
  }

  /** Stops a render this worker is running; false when it is not running here. */
  cancel(renderId: string): boolean {
    return this.running.cancelRender(renderId);
  }

  private run(job: Job, token: string | undefined, queueSignal: AbortSignal | undefined): Promise<ProcessOutcome> {
    return this.running.run(job, job.id ?? '', queueSignal, (signal) => processRenderJob(job, token, signal, this.deps));
  }

  /**
   * Graceful stop: take no new jobs, give running renders `shutdownTimeoutMs` to finish, then
   * hand the rest back to the queue (another worker resumes them without spending an attempt).
   */
  async close(): Promise<void> {
    this.stopListening?.();
    const handBack = setTimeout(() => {
      const renders = this.running.shutdown();
      if (renders.length) this.deps.logger.info({ renders }, 'shutdown timeout: handing active renders back');
    }, this.deps.config.worker.shutdownTimeoutMs);
    try {
      await this.worker.close();
    } finally {
      clearTimeout(handBack);
    }
  }
}
