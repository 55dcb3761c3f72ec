import type { ConnectionOptions, Job } from 'bullmq';
import type { CancelBus } from '../queue/cancel-bus.ts';
import { JobWorkers } from '../queue/job-workers.ts';
import { processAssembleJob } from './assemble-processor.ts';
import { ASSEMBLE_QUEUE, CHUNK_QUEUE } from './chunk-jobs.ts';
import { processChunkJob, type ChunkDeps } from './chunk-processor.ts';

/** Chunks and assemblies are filed by their render's id: a cancel of the render stops all of them here. */
function renderIdOf(job: Job): string {
  return String((job.data as { render?: { renderId?: unknown } }).render?.renderId ?? job.id);
}

/** The worker side of split renders: one BullMQ worker for chunks, one for assembly. */
export class ChunkWorkers {
  private constructor(private readonly workers: JobWorkers) {}

  static async start(deps: ChunkDeps, connection: ConnectionOptions, cancelBus: Pick<CancelBus, 'listen'>): Promise<ChunkWorkers> {
    const workers = await JobWorkers.start({
      label: 'chunk',
      queues: [
        { queue: CHUNK_QUEUE, concurrency: deps.config.worker.concurrency, process: (job, token, signal) => processChunkJob(job, token, signal, deps) },
        // Assembly is a stream copy: mostly I/O, so it never waits behind a chunk.
        { queue: ASSEMBLE_QUEUE, concurrency: 2, process: (job, token, signal) => processAssembleJob(job, token, signal, deps) },
      ],
      cancelIdOf: renderIdOf,
      config: deps.config,
      logger: deps.logger,
      workerName: deps.workerName,
      connection,
      cancelBus,
    });
    return new ChunkWorkers(workers);
  }

  cancel(renderId: string): boolean {
    return this.workers.cancel(renderId);
  }

  /** Graceful stop, as for whole renders: finish within the timeout or hand chunks back. */
  close(): Promise<void> {
    return this.workers.close();
  }
}
