import type { RenderMediaResult } from '../../src/render/render-media.ts';
import type { Logger } from '../observability/logger.ts';
import { outputFile } from '../renders/output-formats.ts';
import type { OutputFacts } from '../../src/render/probe/output-facts.ts';
import { notifySafely } from '../renders/render-hooks.ts';
import type { RenderRecord, StoredOutput } from '../renders/render-record.ts';
import { FramewrightError } from '../../src/errors/index.ts';
import { renderKey } from '../storage/storage.ts';
import { withRetries, type RetryOptions } from '../storage/with-retries.ts';
import type { ProcessorDeps, ProcessOutcome } from './processor-deps.ts';
import type { RenderJob } from './render-job.ts';
import { hideInternalUrls } from '../../src/render/asset-server.ts';

/**
 * The last steps of a render, shared by whole renders and split ones (their assembly): store the
 * output, then move the render to its final status, count it and tell the caller.
 */

type ProcessorLog = Logger;

/** A finished output file on this worker's disk, ready to be stored. */
export interface RenderedFile {
  file: string;
  bytes: number;
  frames: number;
  /** How many frames were captured and how many reused an earlier image (see renderMedia). */
  capturedFrames?: number;
  reusedFrames?: number;
  bundleHash: string;
  timings: Readonly<Record<string, number>> | RenderMediaResult['timings'];
  /** The JPEG thumbnail written beside the output, when `poster` was asked for. */
  poster?: string;
}

export async function storeOutput(
  record: RenderRecord,
  payload: RenderJob,
  result: RenderedFile,
  facts: OutputFacts,
  signal: AbortSignal,
  deps: Pick<ProcessorDeps, 'storage' | 'workerName'> & { logger?: Logger; uploadRetry?: Omit<RetryOptions, 'signal' | 'onRetry'> },
): Promise<StoredOutput> {
  const { fileName, contentType } = outputFile(payload.output.format);
  const key = renderKey(record.id, fileName);
  // The upload is retried, not the render: the file is already encoded.
  const retry = { signal, ...(deps.uploadRetry ?? {}), onRetry: (error: unknown, attempt: number) => deps.logger?.warn({ err: error, attempt, renderId: record.id }, 'storing the output failed; trying again') };
  await withRetries(() => deps.storage.putFile(key, result.file, { contentType, signal }), retry);
  const posterKey = result.poster ? renderKey(record.id, 'poster.jpg') : undefined;
  const poster = result.poster;
  if (posterKey && poster) await withRetries(() => deps.storage.putFile(posterKey, poster, { contentType: 'image/jpeg', signal }), retry);
  await withRetries(() => deps.storage.putJson(
    renderKey(record.id, 'render.json'),
    {
      id: record.id,
      template: payload.template,
      request: record.request,
      bundleHash: result.bundleHash,
      worker: deps.workerName,
      timings: result.timings,
      output: { fileName, contentType, bytes: result.bytes, frames: result.frames, width: facts.width, height: facts.height, fps: facts.fps, durationSeconds: facts.durationSeconds },
      ffprobe: facts.probe,
    },
    { signal },
  ), retry);
  return {
    key,
    fileName,
    contentType,
    bytes: result.bytes,
    durationSeconds: facts.durationSeconds,
    width: facts.width,
    height: facts.height,
    fps: facts.fps,
    frames: facts.frames || result.frames,
    ...(result.capturedFrames !== undefined ? { capturedFrames: result.capturedFrames } : {}),
    ...(result.reusedFrames !== undefined ? { reusedFrames: result.reusedFrames } : {}),
    ...(posterKey ? { posterKey } : {}),
  };
}

/** Finishing deps; with `gate`, a finished render gives its key's concurrency slot back (a split render holds it until then). */
type FinishDeps = Pick<ProcessorDeps, 'store' | 'config' | 'metrics' | 'notifier'> & { gate?: ProcessorDeps['gate'] };

async function releaseSlot(record: RenderRecord, deps: FinishDeps, log: ProcessorLog): Promise<void> {
  // The slot lease lapses on its own if this fails: a warning, not a failure of the render.
  await deps.gate?.release(record.owner, record.id).catch((error: unknown) => log.warn({ err: error }, 'releasing the concurrency slot failed'));
}

export async function finishSucceeded(record: RenderRecord, payload: RenderJob, output: StoredOutput, deps: FinishDeps & Pick<ProcessorDeps, 'cache'>, log: ProcessorLog): Promise<void> {
  const now = Date.now();
  const done = await deps.store.update(record, {
    from: ['active'],
    status: 'succeeded',
    set: { output, finishedAt: now, ...(payload.cacheKey ? { cacheKey: payload.cacheKey } : {}) },
    del: ['serviceStage', 'statusDetail'],
    expireAt: now + deps.config.retentionMs,
  });
  if (!done.applied) throw new FramewrightError('INTERNAL', `The render left the active state (${done.previous}) before it could be marked succeeded`);
  await releaseSlot(record, deps, log);
  if (payload.cacheKey) await deps.cache.remember(payload.cacheKey, record.id, deps.config.retentionMs);
  deps.metrics.rendersTotal.inc({ status: 'succeeded' });
  await notifySafely(deps.notifier, 'render.succeeded', { ...record, status: 'succeeded', output, finishedAt: now }, log);
}

export async function finishCanceled(record: RenderRecord, deps: FinishDeps, log: ProcessorLog): Promise<ProcessOutcome> {
  const now = Date.now();
  const done = await deps.store.update(record, {
    from: ['queued', 'active'],
    status: 'canceled',
    set: { finishedAt: now, error: { code: 'CANCELED', message: 'The render was canceled' } },
    del: ['serviceStage', 'statusDetail'],
    expireAt: now + deps.config.retentionMs,
  });
  if (done.applied) {
    await releaseSlot(record, deps, log);
    log.info('render canceled');
    deps.metrics.rendersTotal.inc({ status: 'canceled' });
    await notifySafely(deps.notifier, 'render.canceled', { ...record, status: 'canceled', finishedAt: now }, log);
  }
  return 'canceled';
}

/**
 * Moves a render to `failed` with this error, counts it and sends `render.failed`. Returns
 * whether this call made the move (another process may have finished the render first).
 */
export async function finishFailed(
  record: RenderRecord,
  error: { code: string; message: string },
  deps: FinishDeps,
  log: ProcessorLog,
  from: RenderRecord['status'][] = ['active'],
): Promise<boolean> {
  const now = Date.now();
  error = { code: error.code, message: hideInternalUrls(error.message) };
  const failed = await deps.store.update(record, {
    from,
    status: 'failed',
    set: { finishedAt: now, error },
    del: ['serviceStage', 'statusDetail'],
    expireAt: now + deps.config.retentionMs,
  });
  if (!failed.applied) return false;
  await releaseSlot(record, deps, log);
  deps.metrics.rendersTotal.inc({ status: 'failed' });
  await notifySafely(deps.notifier, 'render.failed', { ...record, status: 'failed', finishedAt: now, error }, log);
  return true;
}
