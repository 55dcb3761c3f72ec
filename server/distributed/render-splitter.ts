import { FlowProducer, Queue, type ConnectionOptions } from 'bullmq';
import type { Project } from '../../src/bundle/project.ts';
import { planChunks, type ChunkRange } from '../../src/render/chunks/plan-chunks.ts';
import { framesToRender } from '../../src/render/render-media.ts';
import { resolveRenderOptions } from '../../src/render/options/resolve-options.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import type { RenderJob } from '../queue/render-job.ts';
import { ASSEMBLE_QUEUE, CHUNK_QUEUE, assembleJobId, chunkJobId, type AssembleJob, type ChunkJob } from './chunk-jobs.ts';
import { splitDistribution } from './distribution-options.ts';
import { FORMATS } from '../../src/render/formats/formats.ts';

export interface SplitPlan {
  ranges: ChunkRange[];
  totalFrames: number;
  firstFrame: number;
  fps: number;
}

/**
 * Decides whether a render is split, and if so turns it into a BullMQ flow: a parent `assemble`
 * job whose children are the `chunk` jobs. Job ids derive from the render id, so a retried
 * split adds nothing twice.
 */
export class RenderSplitter {
  private readonly flow: FlowProducer;
  private readonly chunkQueue: Queue;

  constructor(
    connection: ConnectionOptions,
    private readonly config: ServiceConfig,
    private readonly project: Project,
  ) {
    this.flow = new FlowProducer({ connection, prefix: config.redis.prefix });
    this.chunkQueue = new Queue(CHUNK_QUEUE, { connection, prefix: config.redis.prefix });
  }

  /** The chunks to render, or undefined to render as one job. */
  async plan(payload: RenderJob): Promise<SplitPlan | undefined> {
    const { distribution, render } = splitDistribution(payload.output);
    if (!FORMATS[render.format ?? 'mp4'].chunkable) return undefined;
    if (distribution.chunks === 1) return undefined;
    const catalog = await this.project.catalog();
    const resolved = await catalog.resolve(payload.template, payload.props);
    const frames = framesToRender(resolveRenderOptions(render), resolved.metadata.durationInFrames);
    const liveWorkers = await this.chunkQueue.getWorkersCount();
    const ranges = planChunks({
      firstFrame: frames[0]!,
      lastFrame: frames.at(-1)!,
      fps: resolved.metadata.fps,
      liveWorkers,
      ...(distribution.chunks !== undefined ? { chunks: distribution.chunks } : {}),
      ...(distribution.framesPerChunk !== undefined ? { framesPerChunk: distribution.framesPerChunk } : {}),
    });
    return ranges.length > 1 ? { ranges, totalFrames: frames.length, firstFrame: frames[0]!, fps: resolved.metadata.fps } : undefined;
  }

  async split(payload: RenderJob, plan: SplitPlan, splitAt: number): Promise<void> {
    const keepSeconds = Math.ceil(this.config.retentionMs / 1000);
    const common = {
      attempts: this.config.worker.attempts,
      backoff: { type: 'exponential', delay: this.config.worker.backoffMs },
      removeOnComplete: { age: keepSeconds },
      removeOnFail: { age: keepSeconds },
    };
    const parent: AssembleJob = { v: 1, render: payload, count: plan.ranges.length, totalFrames: plan.totalFrames, firstFrame: plan.firstFrame, fps: plan.fps, splitAt };
    await this.flow.add({
      name: 'assemble',
      queueName: ASSEMBLE_QUEUE,
      data: parent,
      opts: { ...common, jobId: assembleJobId(payload.renderId) },
      children: plan.ranges.map((r) => {
        const data: ChunkJob = { v: 1, render: payload, index: r.index, count: plan.ranges.length, frames: r.frames, totalFrames: plan.totalFrames };
        // A chunk that keeps failing fails the parent: the render fails with the chunk's error.
        return { name: 'chunk', queueName: CHUNK_QUEUE, data, opts: { ...common, jobId: chunkJobId(payload.renderId, r.index), failParentOnFailure: true } };
      }),
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.flow.close(), this.chunkQueue.close()]);
  }
}
