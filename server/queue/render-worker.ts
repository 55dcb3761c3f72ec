import type { ConnectionOptions } from 'bullmq';
import type { CancelBus } from './cancel-bus.ts';
import { JobWorkers } from './job-workers.ts';
import type { ProcessorDeps } from './processor-deps.ts';
import { processRenderJob } from './render-processor.ts';
import { RENDER_QUEUE } from './render-job.ts';

/**
 * The BullMQ worker for whole renders. A cancel (from any API process, over the cancel bus) or a
 * shutdown reaches the engine's signal, which stops the Chromium pages and FFmpeg of that render.
 */
export class RenderWorker {
  private constructor(private readonly workers: JobWorkers) {}

  static async start(deps: ProcessorDeps, connection: ConnectionOptions, cancelBus: Pick<CancelBus, 'listen'>): Promise<RenderWorker> {
    const workers = await JobWorkers.start({
      label: 'render',
      queues: [{ queue: RENDER_QUEUE, concurrency: deps.config.worker.concurrency, process: (job, token, signal) => processRenderJob(job, token, signal, deps) }],
      // The render queue's job id is the render's id.
      cancelIdOf: (job) => job.id ?? '',
      config: deps.config,
      logger: deps.logger,
      workerName: deps.workerName,
      connection,
      cancelBus,
    });
    return new RenderWorker(workers);
  }

  get activeRenders(): number {
    return this.workers.size;
  }

  /** Stops a render this worker is running; false when it is not running here. */
  cancel(renderId: string): boolean {
    return this.workers.cancel(renderId);
  }

  /** Graceful stop: finish within the shutdown timeout or hand renders back to the queue. */
  close(): Promise<void> {
    return this.workers.close();
  }
}
