import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { CancelBus } from '../queue/cancel-bus.ts';
import { RunningJobs } from '../queue/running-jobs.ts';
import { processAssembleJob } from './assemble-processor.ts';
import { ASSEMBLE_QUEUE, CHUNK_QUEUE } from './chunk-jobs.ts';
import { processChunkJob, type ChunkDeps } from './chunk-processor.ts';

/**
 * The worker side of split renders: one BullMQ worker for chunks, one for assembly. Every job
 * runs under an AbortController filed by render id, so a cancel of the render (from any API
 * process, over the cancel bus) stops all of its chunks on this machine.
 */
export class ChunkWorkers {
  private readonly workers: Worker[];
  private readonly running: RunningJobs;
  private stopListening: (() => void) | undefined;

  private constructor(
    private readonly deps: ChunkDeps,
    connection: ConnectionOptions,
  ) {
    const { worker } = deps.config;
    this.running = new RunningJobs(deps.logger);
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
      new Worker(CHUNK_QUEUE, (job: Job, token, signal) => this.run(job, signal, (s) => processChunkJob(job, token, s, deps)), {
        ...common,
        concurrency: worker.concurrency,
      }),
      // Assembly is a stream copy: mostly I/O, so it never waits behind a chunk.
      new Worker(ASSEMBLE_QUEUE, (job: Job, token, signal) => this.run(job, signal, (s) => processAssembleJob(job, token, s, deps)), {
        ...common,
        concurrency: 2,
      }),
    ];
    for (const w of this.workers) {
      w.on('error', (error) => deps.logger.error({ err: error, queue: w.name }, 'chunk worker error'));
      this.running.watch(w);
    }
  }

  static async start(deps: ChunkDeps, connection: ConnectionOptions, cancelBus: CancelBus): Promise<ChunkWorkers> {
    const w = new ChunkWorkers(deps, connection);
    w.stopListening = await cancelBus.listen((renderId) => w.cancel(renderId));
    for (const worker of w.workers) {
      void worker.run().catch((error: unknown) => deps.logger.error({ err: error }, 'chunk worker stopped with an error'));
    }
    await Promise.all(w.workers.map((x) => x.waitUntilReady()));
    return w;
  }

  cancel(renderId: string): boolean {
    return this.running.cancelRender(renderId);
  }

  private run<T>(job: Job, queueSignal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const renderId = String((job.data as { render?: { renderId?: unknown } }).render?.renderId ?? job.id);
    return this.running.run(job, renderId, queueSignal, work);
  }

  /** Graceful stop, as for whole renders: finish within the timeout or hand chunks back. */
  async close(): Promise<void> {
    this.stopListening?.();
    const handBack = setTimeout(() => this.running.shutdown(), this.deps.config.worker.shutdownTimeoutMs);
    try {
      await Promise.all(this.workers.map((w) => w.close()));
    } finally {
      clearTimeout(handBack);
    }
  }
}
