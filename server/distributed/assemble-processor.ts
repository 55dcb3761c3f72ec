import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Job } from 'bullmq';
import { FramewrightError } from '../../src/errors/index.ts';
import { concatSegments } from '../../src/render/chunks/concat-segments.ts';
import { FORMATS } from '../../src/render/formats/formats.ts';
import { handleJobFailure } from '../queue/job-failure.ts';
import { finishCanceled, finishSucceeded, storeOutput } from '../queue/render-finish.ts';
import { outputFile } from '../renders/output-formats.ts';
import { probeOutput } from '../../src/render/probe/output-facts.ts';
import { TERMINAL_STATUSES } from '../renders/schemas.ts';
import type { Storage } from '../storage/storage.ts';
import { ChunkProgress } from './chunk-progress.ts';
import { renderAudioTrack } from '../../src/render/audio/render-audio-track.ts';
import type { MediaClip } from '../../src/render/media/timeline.ts';
import { parseAssembleJob, parseChunkResult, segmentPrefix, type AssembleJob, type ChunkResult } from './chunk-jobs.ts';
import { splitDistribution } from './distribution-options.ts';
import type { ChunkDeps } from './chunk-processor.ts';

/** Brings a stored segment to this worker's disk: a local path is used as it is. */
async function fetchSegment(storage: Storage, key: string, dir: string, signal: AbortSignal): Promise<string> {
  const located = await storage.locate(key, { downloadName: path.basename(key) });
  if (located.kind === 'path') return located.path;
  const target = path.join(dir, path.basename(key));
  const response = await fetch(located.url, { signal });
  if (!response.ok || !response.body) {
    throw new FramewrightError('STORAGE_FAILED', `Downloading segment ${key} failed: HTTP ${response.status}`);
  }
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(target));
  return target;
}

/**
 * The parent of a split render, run once every chunk succeeded: join the segments by stream
 * copy (no re-encode), probe, store, complete the render, and delete the segments.
 */
export async function processAssembleJob(job: Job, token: string | undefined, signal: AbortSignal, deps: ChunkDeps): Promise<'succeeded' | 'canceled' | 'skipped'> {
  const payload = parseAssembleJob(job.data);
  const { renderId } = payload.render;
  const log = deps.logger.child({ renderId, step: 'assemble' });
  const record = await deps.store.get(renderId);
  const cleanup = () => cleanupSegments(deps, renderId);
  if (!record || TERMINAL_STATUSES.includes(record.status)) {
    await cleanup();
    return 'skipped';
  }
  if (record.cancelRequested) {
    await cleanup();
    return finishCanceled(record, deps, log).then(() => 'canceled' as const);
  }
  const workDir = path.join(deps.tmpDir, `${renderId}-assemble-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(workDir, { recursive: true });
    const started = performance.now();
    const results = Object.values(await job.getChildrenValues())
      .filter((v): v is ChunkResult => typeof v === 'object' && v !== null && 'key' in v)
      .map(parseChunkResult)
      .sort((a, b) => a.index - b.index);
    if (results.length !== payload.count) {
      // A chunk returned without a segment: the render was cancelled while it ran.
      await cleanup();
      return finishCanceled(record, deps, log).then(() => 'canceled' as const);
    }
    await deps.store.update(record, { from: ['active'], set: { progress: { ...(await new ChunkProgress(deps.redis, deps.chunkProgressKey(renderId), 60).total(payload.totalFrames, payload.splitAt)), stage: 'finalizing', progress: 0.97 } } });
    const segments = await Promise.all(results.map((r) => fetchSegment(deps.storage, r.key, workDir, signal)));
    const posterKey = results.find((r) => r.posterKey)?.posterKey;
    const poster = posterKey ? await fetchSegment(deps.storage, posterKey, workDir, signal) : undefined;
    const { fileName } = outputFile(payload.render.output.format);
    const file = path.join(workDir, fileName);
    const audioFile = await mixSound(payload, results, workDir, signal, deps);
    // Each segment lasts exactly its frames / fps: the picture stays on the one sound track.
    const durations = results.map((r) => r.frames / payload.fps);
    await concatSegments({ segments, durations, output: file, muxer: FORMATS[payload.render.output.format ?? 'mp4'].muxer, signal, ...(audioFile ? { audioFile } : {}) });
    const assembleMs = performance.now() - started;
    const frames = results.reduce((sum, r) => sum + r.frames, 0);
    const capturedFrames = results.reduce((sum, r) => sum + r.capturedFrames, 0);
    const reusedFrames = results.reduce((sum, r) => sum + r.reusedFrames, 0);
    await deps.store.update(record, { from: ['active'], set: { serviceStage: 'storing' } });
    const facts = await probeOutput(file, signal);
    const { size } = await stat(file);
    const output = await storeOutput(record, payload.render, { file, bytes: size, frames, capturedFrames, reusedFrames, bundleHash: payload.render.bundleHash, timings: { assembleMs, chunks: results.length }, ...(poster ? { poster } : {}) }, facts, signal, deps);
    await finishSucceeded(record, payload.render, output, deps, log);
    const seconds = (Date.now() - payload.splitAt) / 1000;
    deps.metrics.renderSeconds.observe(seconds);
    deps.metrics.renderFps.observe(frames / Math.max(seconds, 0.001));
    log.info({ frames, chunks: results.length, assembleMs: Math.round(assembleMs), seconds: Math.round(seconds * 100) / 100 }, 'render succeeded');
    await cleanup();
    return 'succeeded';
  } catch (error) {
    return await handleJobFailure(error, {
      kind: 'assemble', job, token, signal, deps, log, record,
      describe: (message) => `Assembling the chunks failed: ${message}`,
      canceled: async () => {
        await cleanup();
        await finishCanceled(record, deps, log);
        return 'canceled' as const;
      },
      failedForGood: cleanup,
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The sound of the whole timeline, mixed once from every chunk's clips (undefined: silent). */
async function mixSound(payload: AssembleJob, results: readonly ChunkResult[], workDir: string, signal: AbortSignal, deps: ChunkDeps): Promise<string | undefined> {
  const { render: options } = splitDistribution(payload.render.output);
  if (options.muted) return undefined;
  const format = options.format ?? 'mp4';
  const track = path.join(workDir, `track${FORMATS[format].audioTrackExtension ?? '.m4a'}`);
  const { written } = await renderAudioTrack({
    project: deps.project,
    clips: results.flatMap((r) => r.clips as unknown as MediaClip[]),
    fps: payload.fps,
    firstFrame: payload.firstFrame,
    frameCount: payload.totalFrames,
    format,
    ...(options.audioBitrate ? { audioBitrate: options.audioBitrate } : {}),
    ...(options.enforceAudioTrack ? { enforceAudioTrack: true } : {}),
    output: track,
    remoteAssets: deps.host.remoteAssetOptions({}),
    signal,
  });
  return written ? track : undefined;
}

/** Deletes a split render's segments and chunk progress; a failure here loses nothing. */
export async function cleanupSegments(deps: ChunkDeps, renderId: string): Promise<void> {
  try {
    await deps.storage.deletePrefix(segmentPrefix(renderId));
    await new ChunkProgress(deps.redis, deps.chunkProgressKey(renderId), 60).clear();
  } catch (error) {
    deps.logger.warn({ err: error, renderId }, 'deleting chunk segments failed; retention will remove them');
  }
}
