import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { CancelBus } from './cancel-bus.ts';
import { RunningJobs } from './running-jobs.ts';

/** One queue a set of workers takes jobs from. */
export interface QueueSpec {
  queue: string;
  concurrency: number;
  /** Runs one job under the signal that a cancel, a shutdown or a lost lock aborts. */
  process: (job: Job, token: string | undefined, signal: AbortSignal) => Promise<unknown>;
}

export interface JobWorkersOptions {
  /** Names the workers in logs: `render`, `chunk`, `media`. */
  label: string;
  queues: QueueSpec[];
  /** The id a cancel on the bus names for this job: its render's id, its media job's id. */
  cancelIdOf: (job: Job) => string;
  config: { redis: Pick<ServiceConfig['redis'], 'prefix'>; worker: ServiceConfig['worker'] };
  logger: Logger;
  workerName: string;
  connection: ConnectionOptions;
  cancelBus: Pick<CancelBus, 'listen'>;
}

/**
 * The BullMQ workers of one kind of job, written once for renders, chunks and media jobs. Every
 * job runs under an AbortController filed by its cancel id, so whatever stops it reaches the
 * engine's signal with a reason the failure path reads:
 * - a cancel from any API process, over the cancel bus;
 * - a lost lock (otherwise two workers would run the same job);
 * - a shutdown that outlives `shutdownTimeoutMs`: the job is handed back to the queue.
 */
export class JobWorkers {
  private readonly workers: Worker[];
  private readonly running: RunningJobs;
  private stopListening: (() => void) | undefined;

  private constructor(private readonly options: JobWorkersOptions) {
    const { config, logger, label } = options;
    const { worker } = config;
    this.running = new RunningJobs(logger);
    this.workers = options.queues.map(
      (spec) =>
        new Worker(spec.queue, (job: Job, token: string | undefined, queueSignal: AbortSignal | undefined) => this.running.run(job, options.cancelIdOf(job), queueSignal, (signal) => spec.process(job, token, signal)), {
          connection: options.connection,
          prefix: config.redis.prefix,
          name: options.workerName,
          concurrency: spec.concurrency,
          lockDuration: worker.lockDurationMs,
          stalledInterval: worker.stalledIntervalMs,
          maxStalledCount: worker.maxStalledCount,
          autorun: false,
        }),
    );
    for (const w of this.workers) {
      w.on('error', (error) => logger.error({ err: error, queue: w.name }, `${label} worker error`));
      this.running.watch(w);
    }
  }

  static async start(options: JobWorkersOptions): Promise<JobWorkers> {
    const w = new JobWorkers(options);
    w.stopListening = await options.cancelBus.listen((id) => w.cancel(id));
    for (const worker of w.workers) {
      void worker.run().catch((error: unknown) => options.logger.error({ err: error, queue: worker.name }, `${options.label} worker stopped with an error`));
    }
    await Promise.all(w.workers.map((x) => x.waitUntilReady()));
    return w;
  }

  /** How many jobs run here now. */
  get size(): number {
    return this.running.size;
  }

  /** Stops every job filed under `id` here; false when none runs here. */
  cancel(id: string): boolean {
    return this.running.cancelRender(id);
  }

  /**
   * Graceful stop: take no new jobs, give running ones `shutdownTimeoutMs` to finish, then hand
   * the rest back to the queue (another worker resumes them without spending an attempt).
   */
  async close(): Promise<void> {
    this.stopListening?.();
    const handBack = setTimeout(() => {
      const ids = this.running.shutdown();
      if (ids.length) this.options.logger.info({ ids, label: this.options.label }, 'shutdown timeout: handing active jobs back');
    }, this.options.config.worker.shutdownTimeoutMs);
    try {
      await Promise.all(this.workers.map((w) => w.close()));
    } finally {
      clearTimeout(handBack);
    }
  }
}
