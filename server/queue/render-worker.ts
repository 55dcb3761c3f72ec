import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { CancelBus } from './cancel-bus.ts';
import { processRenderJob, type ProcessOutcome, type ProcessorDeps } from './render-processor.ts';
import { RENDER_QUEUE } from './render-job.ts';
import { CancelRequested, ShutdownRequested } from './stop-reasons.ts';

/**
 * A BullMQ worker for renders. Owns the AbortController of every render it runs, so a cancel
 * (from any API process, over the cancel bus) or a shutdown reaches the engine's signal, which
 * stops the Chromium pages and FFmpeg of that render.
 */
export class RenderWorker {
  private readonly worker: Worker;
  private readonly running = new Map<string, AbortController>();
  private stopListening: (() => void) | undefined;

  private constructor(
    private readonly deps: ProcessorDeps,
    connection: ConnectionOptions,
  ) {
    const { worker } = deps.config;
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
    const controller = this.running.get(renderId);
    if (!controller) return false;
    controller.abort(new CancelRequested());
    return true;
  }

  private async run(job: Job, token: string | undefined, queueSignal: AbortSignal | undefined): Promise<ProcessOutcome> {
    const controller = new AbortController();
    const id = job.id ?? '';
    const onQueueAbort = () => controller.abort(queueSignal?.reason);
    queueSignal?.addEventListener('abort', onQueueAbort, { once: true });
    this.running.set(id, controller);
    try {
      return await processRenderJob(job, token, controller.signal, this.deps);
    } finally {
      this.running.delete(id);
      queueSignal?.removeEventListener('abort', onQueueAbort);
    }
  }

  /**
   * Graceful stop: take no new jobs, give running renders `shutdownTimeoutMs` to finish, then
   * hand the rest back to the queue (another worker resumes them without spending an attempt).
   */
  async close(): Promise<void> {
    this.stopListening?.();
    const handBack = setTimeout(() => {
      if (this.running.size) this.deps.logger.info({ renders: [...this.running.keys()] }, 'shutdown timeout: handing active renders back');
      for (const controller of this.running.values()) controller.abort(new ShutdownRequested());
    }, this.deps.config.worker.shutdownTimeoutMs);
    try {
      await this.worker.close();
    } finally {
      clearTimeout(handBack);
    }
  }
}
