import { FlowProducer, Queue, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import { FramewrightError } from '../../src/errors/index.ts';
import type { SegmentPlan } from '../../src/media-jobs/segments.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import { removeWaitingJob, retryAndKeepOptions, type QueuedCancelOutcome } from '../queue/queue-jobs.ts';

export const MEDIA_QUEUE = 'media-jobs';
export const MEDIA_SEGMENT_QUEUE = 'media-segments';
export const MEDIA_JOIN_QUEUE = 'media-join';

/** A media job: everything else is in its record. */
export const mediaJobPayloadSchema = z.strictObject({ v: z.literal(1), jobId: z.string().min(1), owner: z.string().min(1) });
export type MediaJobPayload = z.infer<typeof mediaJobPayloadSchema>;

/** One segment of one transcode output of a split job. */
export const mediaSegmentPayloadSchema = mediaJobPayloadSchema.extend({
  output: z.number().int().min(0),
  segment: z.object({ index: z.number().int().min(0), start: z.number().min(0), frames: z.number().int().min(1) }),
  count: z.number().int().min(1),
});
export type MediaSegmentPayload = z.infer<typeof mediaSegmentPayloadSchema>;

/** The parent of the segments: joins them and makes the other outputs, once every segment is done. */
export const mediaJoinPayloadSchema = mediaJobPayloadSchema.extend({ segments: z.number().int().min(1), outputs: z.array(z.number().int().min(0)) });
export type MediaJoinPayload = z.infer<typeof mediaJoinPayloadSchema>;

export const segmentResultSchema = z.object({ output: z.number().int(), index: z.number().int(), key: z.string() });

export function parsePayload<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new FramewrightError('INVALID_REQUEST', `${what} payload is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function segmentKeyOf(jobId: string, output: number, index: number, extension: string): string {
  return `media/${jobId}/segments/${output}-${String(index).padStart(4, '0')}${extension}`;
}

/** The queues of media jobs: add, take back a waiting one, split into a flow. */
export class MediaQueue {
  readonly queue: Queue;
  private readonly segmentQueue: Queue;
  private readonly joinQueue: Queue;
  private readonly flow: FlowProducer;

  constructor(
    connection: ConnectionOptions,
    private readonly config: ServiceConfig,
  ) {
    this.queue = new Queue(MEDIA_QUEUE, { connection, prefix: config.redis.prefix });
    this.segmentQueue = new Queue(MEDIA_SEGMENT_QUEUE, { connection, prefix: config.redis.prefix });
    this.joinQueue = new Queue(MEDIA_JOIN_QUEUE, { connection, prefix: config.redis.prefix });
    this.flow = new FlowProducer({ connection, prefix: config.redis.prefix });
  }

  private get common() {
    return retryAndKeepOptions(this.config);
  }

  async add(payload: MediaJobPayload): Promise<void> {
    await this.queue.add('media', mediaJobPayloadSchema.parse(payload), { ...this.common, jobId: payload.jobId });
  }

  /** True while the job's whole-job entry exists in any state. */
  async hasJob(jobId: string): Promise<boolean> {
    return (await this.queue.getJob(jobId)) !== undefined;
  }

  removeWaiting(jobId: string): Promise<QueuedCancelOutcome> {
    return removeWaitingJob(this.queue, jobId);
  }

  /**
   * Media jobs whose latest failed BullMQ job (whole, segment or join) is recent: the retention
   * pass marks their records failed when no worker did (a worker that kept dying mid-job).
   */
  async recentlyFailed(limit: number): Promise<Array<{ jobId: string; reason: string }>> {
    const lists = await Promise.all([this.queue, this.segmentQueue, this.joinQueue].map((q) => q.getFailed(0, limit - 1)));
    return lists.flat().flatMap((j) => {
      const jobId = (j?.data as { jobId?: unknown } | undefined)?.jobId;
      return typeof jobId === 'string' ? [{ jobId, reason: j.failedReason ?? 'unknown' }] : [];
    });
  }

  /** Live segment workers: the number of segments a split aims for. */
  liveSegmentWorkers(): Promise<number> {
    return this.segmentQueue.getWorkersCount();
  }

  /** The split as a BullMQ flow: job ids derive from the media job's, so a retried split adds nothing twice. */
  async split(payload: MediaJobPayload, outputs: readonly number[], plan: readonly SegmentPlan[]): Promise<void> {
    const join: MediaJoinPayload = { ...payload, segments: plan.length, outputs: [...outputs] };
    await this.flow.add({
      name: 'join',
      queueName: MEDIA_JOIN_QUEUE,
      data: join,
      opts: { ...this.common, jobId: `${payload.jobId}-join` },
      children: outputs.flatMap((output) =>
        plan.map((segment) => {
          const data: MediaSegmentPayload = { ...payload, output, segment, count: plan.length };
          return { name: 'segment', queueName: MEDIA_SEGMENT_QUEUE, data, opts: { ...this.common, jobId: `${payload.jobId}-seg-${output}-${segment.index}`, failParentOnFailure: true } };
        }),
      ),
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.queue.close(), this.segmentQueue.close(), this.joinQueue.close(), this.flow.close()]);
  }
}
