import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { renderMedia } from '../../src/render/render-media.ts';
import { handleJobFailure } from '../queue/job-failure.ts';
import type { ProcessorDeps } from '../queue/processor-deps.ts';
import type { CancelBus } from '../queue/cancel-bus.ts';
import { ProgressSaver } from '../queue/progress-saver.ts';
import { outputFile } from '../renders/output-formats.ts';
import { TERMINAL_STATUSES } from '../renders/schemas.ts';
import { ChunkProgress } from './chunk-progress.ts';
import { ownsPoster, parseChunkJob, posterSegmentKey, segmentKey, type ChunkResult } from './chunk-jobs.ts';
import { splitDistribution } from './distribution-options.ts';
import { cleanupSegments } from './assemble-processor.ts';

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
export async function processChunkJob(job: Job, token: string | undefined, signal: AbortSignal, deps: ChunkDeps): Promise<ChunkOutcome> {
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
        await deps.store.update(record, { from: ['active'], set: { progress: total }, monotonicProgress: true });
        // The split render holds its key's slot until assembly: its chunks keep the lease alive.
        await deps.gate.renew(record.owner, record.id);
      },
      (error) => log.warn({ err: error }, 'saving chunk progress failed'),
    );
    const { render: { poster, ...options } } = splitDistribution(chunk.render.output);
    const capturesPoster = poster !== undefined && ownsPoster(chunk, poster.frame);
    let frames: number;
    let posterFile: string | undefined;
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
        ...(capturesPoster ? { poster } : {}),
        frames: chunk.frames,
        // Video only: the sound of the whole timeline is mixed once, at assembly.
        muted: true,
        concurrency: deps.config.worker.renderConcurrency,
        onProgress: (p) => saver.push(p),
      });
      frames = result.frames;
      counts = { capturedFrames: result.capturedFrames, reusedFrames: result.reusedFrames };
      clips = result.mediaClips.map((c) => ({ ...c }));
      posterFile = result.poster;
    } finally {
      await saver.flush();
    }
    const key = segmentKey(renderId, chunk.index, extension);
    await deps.storage.putFile(key, file, { contentType: 'application/octet-stream', signal });
    let posterKey: string | undefined;
    if (posterFile) {
      posterKey = posterSegmentKey(renderId);
      await deps.storage.putFile(posterKey, posterFile, { contentType: 'image/jpeg', signal });
    }
    // A sibling may have failed the render while this chunk was storing: its clean-up ran after
    // it marked the render final, so either it saw these files or this check sees the status.
    const now = await deps.store.get(renderId);
    if (!now || TERMINAL_STATUSES.includes(now.status)) {
      await cleanupSegments(deps, renderId);
      return { index: chunk.index, skipped: true };
    }
    log.info({ frames }, 'chunk stored');
    return { index: chunk.index, key, frames, ...counts, extension, clips, ...(posterKey ? { posterKey } : {}) };
  } catch (error) {
    const [first, last] = chunk.frames;
    return await handleJobFailure<ChunkOutcome>(error, {
      kind: 'chunk', job, token, signal, deps, log,
      record: (await deps.store.get(renderId)) ?? undefined,
      describe: (message) => `Chunk ${chunk.index + 1} of ${chunk.count} (frames ${first}–${last}) failed: ${message}`,
      canceled: async () => ({ index: chunk.index, skipped: true }),
      // The chunk will not succeed: its siblings stop too, and no assembly will run to delete
      // the segments they already stored.
      failedForGood: async () => {
        await deps.cancelBus.publish(renderId);
        await cleanupSegments(deps, renderId);
      },
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
