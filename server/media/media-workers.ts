import type { ConnectionOptions, Job } from 'bullmq';
import type { CancelBus } from '../queue/cancel-bus.ts';
import { JobWorkers } from '../queue/job-workers.ts';
import { processMediaJob } from './media-processor.ts';
import { MEDIA_JOIN_QUEUE, MEDIA_QUEUE, MEDIA_SEGMENT_QUEUE } from './media-queue.ts';
import { processMediaJoin, processMediaSegment, type SplitDeps } from './media-split-processors.ts';

/** Every part of a media job is filed by the job's id: a cancel kills the FFmpeg of all its parts here at once. */
function mediaJobIdOf(job: Job): string {
  return String((job.data as { jobId?: unknown }).jobId ?? job.id);
}

/** The worker side of media jobs: whole jobs, segments of split ones, and their joins. */
export class MediaWorkers {
  private constructor(private readonly workers: JobWorkers) {}

  static async start(deps: SplitDeps, connection: ConnectionOptions, cancelBus: Pick<CancelBus, 'listen'>): Promise<MediaWorkers> {
    const { concurrency } = deps.config.worker;
    const workers = await JobWorkers.start({
      label: 'media',
      queues: [
        { queue: MEDIA_QUEUE, concurrency, process: (job, token, signal) => processMediaJob(job, token, signal, deps) },
        { queue: MEDIA_SEGMENT_QUEUE, concurrency, process: (job, _token, signal) => processMediaSegment(job, signal, deps) },
        // Joining is a stream copy: mostly I/O, so it never waits behind a segment.
        { queue: MEDIA_JOIN_QUEUE, concurrency: 2, process: (job, token, signal) => processMediaJoin(job, token, signal, deps) },
      ],
      cancelIdOf: mediaJobIdOf,
      config: deps.config,
      logger: deps.logger,
      workerName: deps.workerName,
      connection,
      cancelBus,
    });
    return new MediaWorkers(workers);
  }

  cancel(jobId: string): boolean {
    return this.workers.cancel(jobId);
  }

  /** Graceful stop: finish within the shutdown timeout or hand jobs back to the queue. */
  close(): Promise<void> {
    return this.workers.close();
  }
}
