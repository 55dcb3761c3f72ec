import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { inspectInput, type InputInfo } from '../../src/media-jobs/inspect-input.ts';
import { runMediaJob } from '../../src/media-jobs/pipeline.ts';
import type { MediaProgress } from '../../src/media-jobs/progress.ts';
import { keyframeTimes, planSegments } from '../../src/media-jobs/segments.ts';
import type { WatermarkInput } from '../../src/media-jobs/video-args.ts';
import type { Logger } from '../observability/logger.ts';
import { ProgressSaver } from '../queue/progress-saver.ts';
import { decideFailure, errorForQueue } from '../queue/retry-policy.ts';
import { CancelRequested, ShutdownRequested } from '../queue/stop-reasons.ts';
import type { ConcurrencyGate } from '../renders/render-hooks.ts';
import { TERMINAL_STATUSES } from '../renders/schemas.ts';
import { finishSucceeded, finishUnsuccessful, storeArtifacts, type FinishDeps } from './media-finish.ts';
import { storedFile } from './media-inputs.ts';
import { mediaJobPayloadSchema, parsePayload, type MediaQueue } from './media-queue.ts';
import type { MediaRecord } from './media-record.ts';

export interface MediaDeps extends FinishDeps {
  gate: ConcurrencyGate;
  queue: MediaQueue;
  logger: Logger;
  workerName: string;
  tmpDir: string;
}

export type MediaOutcome = 'succeeded' | 'canceled' | 'skipped' | 'split';

const QUOTA_RETRY_MS = 1_000;

/** The job's own input and watermark as local files in `workDir`, and the input's facts. */
export async function localInputs(record: MediaRecord, deps: MediaDeps, workDir: string, signal: AbortSignal): Promise<{ input: string; watermark: WatermarkInput | undefined; info: InputInfo }> {
  await mkdir(workDir, { recursive: true });
  const input = await storedFile(deps.storage, record.input.key, workDir, signal);
  const w = record.request.watermark;
  const watermark = w && record.watermarkKey ? { file: await storedFile(deps.storage, record.watermarkKey, workDir, signal), position: w.position, margin: w.margin, width: w.width, opacity: w.opacity } : undefined;
  return { input, watermark, info: await inspectInput(input, 'The input', signal) };
}

export function progressSaver(record: MediaRecord, deps: MediaDeps, job: Job | undefined, log: Logger): ProgressSaver<MediaProgress> {
  return new ProgressSaver<MediaProgress>(
    async (progress) => {
      await job?.updateProgress({ ...progress });
      await deps.store.update(record, { from: ['active'], set: { progress } });
      await deps.gate.renew(record.owner, record.id);
    },
    (error) => log.warn({ err: error }, 'saving progress failed'),
  );
}

/**
 * Runs one media job: check the record → claim a quota slot → mark active → fetch the staged
 * input → split (long input with transcodes) or run every output here → store → succeeded.
 */
export async function processMediaJob(job: Job, token: string | undefined, signal: AbortSignal, deps: MediaDeps): Promise<MediaOutcome> {
  let payload;
  try {
    payload = parsePayload(mediaJobPayloadSchema, job.data, 'Media job');
  } catch (error) {
    throw new UnrecoverableError((error as Error).message);
  }
  const log = deps.logger.child({ mediaJobId: payload.jobId, jobAttempt: job.attemptsMade + 1 });
  const record = await deps.store.get(payload.jobId);
  if (!record || TERMINAL_STATUSES.includes(record.status)) return 'skipped';
  if (record.cancelRequested) {
    await finishUnsuccessful(record, 'canceled', { code: 'CANCELED', message: 'The media job was canceled' }, deps, log);
    return 'canceled';
  }
  const slot = await deps.gate.acquire(record.owner, record.id);
  if (!slot.granted) {
    await deps.store.update(record, { from: ['queued', 'active'], status: 'queued', set: { statusDetail: `Waiting for a concurrency slot: ${slot.active} of ${slot.limit} jobs of this API key are active` } });
    await job.moveToDelayed(Date.now() + QUOTA_RETRY_MS, token);
    throw new DelayedError();
  }
  const workDir = path.join(deps.tmpDir, `${record.id}-${randomBytes(4).toString('hex')}`);
  try {
    const now = Date.now();
    const active = await deps.store.update(record, {
      from: ['queued', 'active'], status: 'active', set: { startedAt: record.startedAt ?? now, worker: deps.workerName },
      del: ['statusDetail', 'progress', 'serviceStage', 'error'], incr: { attempts: 1 },
    });
    if (!active.applied) return 'skipped';
    await deps.notifier.notifySafely('media.started', { ...record, status: 'active' }, log);
    const { input, watermark, info } = await localInputs(record, deps, workDir, signal);

    const transcodes = record.request.outputs.flatMap((o, i) => (o.type === 'transcode' ? [i] : []));
    if (transcodes.length && info.durationSeconds > deps.config.media.splitThresholdSeconds) {
      const count = deps.config.media.segments || Math.max(2, await deps.queue.liveSegmentWorkers());
      const { keyframes, end } = await keyframeTimes(input, signal);
      const plan = planSegments(keyframes, end, info.video!.fps, count);
      if (plan.length > 1) {
        await deps.queue.split(payload, transcodes, plan);
        await deps.store.update(record, { from: ['active'], set: { statusDetail: `Split into ${plan.length} segments transcoded in parallel by the workers` } });
        log.info({ segments: plan.length, seconds: info.durationSeconds }, 'media job split into segments');
        return 'split';
      }
    }

    const saver = progressSaver(record, deps, job, log);
    let result;
    try {
      result = await runMediaJob({ input, info, outputs: record.request.outputs, watermark, workDir: path.join(workDir, 'out'), signal, onProgress: (p) => saver.push(p) });
    } finally {
      await saver.flush();
    }
    await deps.store.update(record, { from: ['active'], set: { serviceStage: 'storing' } });
    const outputs = await storeArtifacts(record, result.artifacts, deps.storage, signal);
    // The record was read before it was marked active: carry the start the store now holds.
    await finishSucceeded({ ...record, startedAt: record.startedAt ?? now }, outputs, deps, log);
    log.info({ outputs: outputs.length }, 'media job succeeded');
    return 'succeeded';
  } catch (error) {
    return await handleMediaFailure(error, { job, token, record, signal, deps, log });
  } finally {
    await deps.gate.release(record.owner, record.id);
    await rm(workDir, { recursive: true, force: true });
  }
}

export interface MediaFailureContext {
  job: Job;
  token: string | undefined;
  record: MediaRecord;
  signal: AbortSignal;
  deps: MediaDeps;
  log: Logger;
}

/** The renders' failure path, for media jobs: canceled, handed back, retried, or failed for good. */
export async function handleMediaFailure(error: unknown, c: MediaFailureContext): Promise<MediaOutcome> {
  const { record, deps, log } = c;
  if (c.signal.aborted && c.signal.reason instanceof CancelRequested) {
    await finishUnsuccessful(record, 'canceled', { code: 'CANCELED', message: 'The media job was canceled' }, deps, log);
    return 'canceled';
  }
  if (c.signal.aborted && c.signal.reason instanceof ShutdownRequested) {
    await deps.store.update(record, { from: ['active'], status: 'queued', set: { statusDetail: 'Handed back to the queue by a stopping worker' }, del: ['serviceStage'] });
    await c.job.moveToDelayed(Date.now(), c.token);
    throw new DelayedError();
  }
  if (c.signal.aborted) throw error;
  const decision = decideFailure(error, { made: c.job.attemptsMade, max: c.job.opts.attempts ?? 1 });
  const { code, message } = decision.error;
  if (decision.retry) {
    log.warn({ err: decision.error, code }, 'media job attempt failed; it will be retried');
    await deps.store.update(record, { from: ['active'], status: 'queued', set: { statusDetail: `Attempt ${c.job.attemptsMade + 1} failed (${code}: ${message}); retrying after a back-off` }, del: ['serviceStage'] });
    throw errorForQueue(decision);
  }
  log.error({ err: decision.error, code }, 'media job failed');
  await finishUnsuccessful(record, 'failed', { code, message }, deps, log);
  throw errorForQueue(decision);
}
