import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { renderMedia } from '../../src/render/render-media.ts';
import { finishFailed } from '../queue/render-finish.ts';
import type { ProcessorDeps } from '../queue/render-processor.ts';
import { decideFailure, errorForQueue } from '../queue/retry-policy.ts';
import { CancelRequested, ShutdownRequested } from '../queue/stop-reasons.ts';
import type { CancelBus } from '../queue/cancel-bus.ts';
import { ProgressSaver } from '../queue/progress-saver.ts';
import { outputFile } from '../renders/output-formats.ts';
import { TERMINAL_STATUSES } from '../renders/schemas.ts';
import { ChunkProgress } from './chunk-progress.ts';
import { parseChunkJob, segmentKey, type ChunkJob, type ChunkResult } from './chunk-jobs.ts';
import { splitDistribution } from './distribution-options.ts';

export interface ChunkDeps extends ProcessorDeps {
  redis: Redis;
  cancelBus: CancelBus;
  chunkProgressKey: (renderId: string) => string;
}

/** A chunk that found its render cancelled or finished returns this instead of a segment. */
export type ChunkOutcome = ChunkResult | { index: number; skipped: true };

/**
 * Renders one chunk of a split render: its frame range, video only, with the render's own
 * encoder settings (so segments join by stream copy), and stores the segment in shared storage.
 */
export async function processChunkJob(job: Job, signal: AbortSignal, deps: ChunkDeps): Promise<ChunkOutcome> {
  const chunk = parseChunkJob(job.data);
  const { renderId } = chunk.render;
  const log = deps.logger.child({ renderId, chunk: chunk.index, jobAttempt: job.attemptsMade + 1 });
  const record = await deps.store.get(renderId);
  if (!record || TERMINAL_STATUSES.includes(record.status) || record.cancelRequested) {
    return { index: chunk.index, skipped: true };
  }
  const { fileName } = outputFile(chunk.render.output.format);
  const extension = path.extname(fileName);
  const workDir = path.join(deps.tmpDir, `${renderId}-chunk-${chunk.index}-${randomBytes(4).toString('hex')}`);
  const progress = new ChunkProgress(deps.redis, deps.chunkProgressKey(renderId), Math.ceil(deps.config.retentionMs / 1000));
  try {
    await mkdir(workDir, { recursive: true });
    log.info({ frames: chunk.frames, worker: deps.workerName }, 'chunk started');
    const file = path.join(workDir, `segment${extension}`);
    const saver = new ProgressSaver(
      async (p) => {
        await progress.report(chunk.index, p);
        const total = await progress.total(chunk.totalFrames, record.startedAt ?? record.createdAt);
        await deps.store.update(record, { from: ['active'], set: { progress: total } });
      },
      (error) => log.warn({ err: error }, 'saving chunk progress failed'),
    );
    const { render: options } = splitDistribution(chunk.render.output);
    let frames: number;
    let counts: { capturedFrames: number; reusedFrames: number };
    let clips: ChunkResult['clips'];
    try {
      const result = await renderMedia({
        project: deps.project,
        host: deps.host,
        template: chunk.render.template,
        props: chunk.render.props,
        output: file,
        signal,
        ...options,
        frames: chunk.frames,
        // Video only: the sound of the whole timeline is mixed once, at assembly.
        muted: true,
        concurrency: deps.config.worker.renderConcurrency,
        onProgress: (p) => saver.push(p),
      });
      frames = result.frames;
      counts = { capturedFrames: result.capturedFrames, reusedFrames: result.reusedFrames };
      clips = result.mediaClips.map((c) => ({ ...c }));
    } finally {
      await saver.flush();
    }
    const key = segmentKey(renderId, chunk.index, extension);
    await deps.storage.putFile(key, file, { contentType: 'application/octet-stream', signal });
    log.info({ frames }, 'chunk stored');
    return { index: chunk.index, key, frames, ...counts, extension, clips };
  } catch (error) {
    return await chunkFailed(error, { job, chunk, signal, deps, log });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

interface ChunkFailure {
  job: Job;
  chunk: ChunkJob;
  signal: AbortSignal;
  deps: ChunkDeps;
  log: ProcessorDeps['logger'];
}

async function chunkFailed(error: unknown, c: ChunkFailure): Promise<ChunkOutcome> {
  const { chunk, deps, log } = c;
  if (c.signal.aborted && c.signal.reason instanceof CancelRequested) return { index: chunk.index, skipped: true };
  // A stopping worker or a lost lock: the chunk goes back to the queue for another worker.
  if (c.signal.aborted && c.signal.reason instanceof ShutdownRequested) throw error;
  const decision = decideFailure(error, { made: c.job.attemptsMade, max: c.job.opts.attempts ?? 1 });
  if (decision.retry) {
    log.warn({ err: decision.error, code: decision.error.code }, 'chunk attempt failed; it will be retried');
    throw errorForQueue(decision);
  }
  // The chunk will not succeed: fail the whole render with its error and stop its siblings.
  const { code } = decision.error;
  const message = `Chunk ${chunk.index + 1} of ${chunk.count} (frames ${chunk.frames[0]}–${chunk.frames[1]}) failed: ${decision.error.message}`;
  log.error({ err: decision.error, code }, 'chunk failed; failing the render');
  const record = await deps.store.get(chunk.render.renderId);
  if (record && (await finishFailed(record, { code, message }, deps, log, ['active', 'queued']))) {
    await deps.cancelBus.publish(chunk.render.renderId);
  }
  throw errorForQueue({ retry: false, error: decision.error });
}
