import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { runCleanups } from '../../src/errors/run-cleanups.ts';
import { renderMedia, type RenderMediaResult } from '../../src/render/render-media.ts';
import type { Logger } from '../observability/logger.ts';
import { outputName } from '../../src/render/formats/formats.ts';
import { outputFile } from '../renders/output-formats.ts';
import { factsOfRender, probeOutput } from '../../src/render/probe/output-facts.ts';
import { notifySafely } from '../renders/render-hooks.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import { TERMINAL_STATUSES } from '../renders/schemas.ts';
import { finishCanceled, finishFailed, finishSucceeded, storeOutput } from './render-finish.ts';
import { splitDistribution } from '../distributed/distribution-options.ts';
import { ProgressSaver } from './progress-saver.ts';
import { parseRenderJob, type RenderJob } from './render-job.ts';
import { handleJobFailure, lostOwnership } from './job-failure.ts';
import type { ProcessorDeps, ProcessOutcome } from './processor-deps.ts';


/** How long a render over its owner's quota waits before asking for a slot again. */
const QUOTA_RETRY_MS = 1_000;

/**
 * Runs one render job: read the job → check the record → claim a quota slot → mark active →
 * render to a temp file → probe → store → mark succeeded. Failures go through the retry policy.
 */
export async function processRenderJob(job: Job, token: string | undefined, signal: AbortSignal, deps: ProcessorDeps): Promise<ProcessOutcome> {
  const payload = await readPayload(job, deps);
  const log = deps.logger.child({ renderId: payload.renderId, jobAttempt: job.attemptsMade + 1 });
  const record = await deps.store.get(payload.renderId);
  if (!record) {
    log.warn('render record no longer exists (deleted by retention?); dropping the job');
    return 'skipped';
  }
  if (TERMINAL_STATUSES.includes(record.status)) return 'skipped';
  if (record.cancelRequested) return finishCanceled(record, deps, log);

  const slot = await deps.gate.acquire(record.owner, record.id);
  if (!slot.granted) {
    await deps.store.update(record, {
      from: ['queued', 'active'],
      status: 'queued',
      set: { statusDetail: `Waiting for a concurrency slot: ${slot.active} of ${slot.limit} renders of this API key are active` },
    });
    await job.moveToDelayed(Date.now() + QUOTA_RETRY_MS, token);
    throw new DelayedError();
  }

  const workDir = path.join(deps.tmpDir, `${record.id}-${randomBytes(4).toString('hex')}`);
  let outcome: ProcessOutcome | undefined;
  try {
    const active = await markActive(record, payload, deps);
    if (!active) return 'skipped';
    log.info({ template: payload.template, worker: deps.workerName }, 'render started');
    await notifySafely(deps.notifier, 'render.started', active, log);
    const plan = await deps.splitter?.plan(payload);
    if (plan && deps.splitter) {
      await deps.splitter.split(payload, plan, Date.now());
      await deps.store.update(record, { from: ['active'], set: { statusDetail: `Split into ${plan.ranges.length} chunks rendered in parallel by the workers` } });
      log.info({ chunks: plan.ranges.length, frames: plan.totalFrames }, 'render split into chunks');
      // The render keeps its key's concurrency slot while its chunks run: it is given back when
      // the render finishes (assembled, failed or canceled).
      return (outcome = 'split');
    }
    const started = performance.now();
    const result = await renderToFile(job, record, payload, workDir, signal, deps, log);
    await deps.store.update(record, { from: ['active'], set: { serviceStage: 'storing' } });
    const file = result.zip ?? result.output;
    const facts = outputFile(payload.output.format).archive ? factsOfRender(result) : await probeOutput(file, signal);
    const output = await storeOutput(record, payload, { file, bytes: result.bytes, frames: result.frames, capturedFrames: result.capturedFrames, reusedFrames: result.reusedFrames, bundleHash: result.bundleHash, timings: result.timings, ...(result.poster ? { poster: result.poster } : {}) }, facts, signal, deps);
    const seconds = (performance.now() - started) / 1000;
    await finishSucceeded(record, payload, output, deps, log);
    deps.metrics.renderSeconds.observe(seconds);
    deps.metrics.renderFps.observe(result.frames / Math.max(seconds, 0.001));
    log.info({ frames: result.frames, seconds: Math.round(seconds * 100) / 100, bytes: output.bytes }, 'render succeeded');
    return 'succeeded';
  } catch (error) {
    return await handleJobFailure(error, {
      kind: 'render', job, token, signal, deps, log, record,
      describe: (message) => message,
      canceled: () => finishCanceled(record, deps, log),
    });
  } finally {
    // Each runs even if the other throws. A worker that lost the job keeps its hands off the
    // slot: the render's new worker holds it under the same id.
    await runCleanups(
      [() => (outcome === 'split' || lostOwnership(signal) ? undefined : deps.gate.release(record.owner, record.id)), () => rm(workDir, { recursive: true, force: true })],
      (error) => log.warn({ err: error }, 'clean-up after the render failed'),
    );
  }
}

/** A payload this worker cannot read fails its render for good: retrying would read it the same way. */
async function readPayload(job: Job, deps: ProcessorDeps): Promise<RenderJob> {
  try {
    return parseRenderJob(job.data);
  } catch (error) {
    const renderId = typeof job.data?.renderId === 'string' ? job.data.renderId : job.id;
    deps.logger.error({ err: error, renderId }, 'unreadable render job');
    const record = renderId ? await deps.store.get(renderId) : undefined;
    if (record) {
      const now = Date.now();
      const message = (error as Error).message;
      await deps.store.update(record, { from: ['queued', 'active'], status: 'failed', set: { finishedAt: now, error: { code: 'INVALID_REQUEST', message } }, expireAt: now + deps.config.retentionMs });
    }
    throw new UnrecoverableError((error as Error).message);
  }
}

async function markActive(record: RenderRecord, payload: RenderJob, deps: ProcessorDeps): Promise<RenderRecord | undefined> {
  const now = Date.now();
  const result = await deps.store.update(record, {
    // `active` too: a render whose worker died mid-way comes back here through stalled recovery.
    from: ['queued', 'active'],
    status: 'active',
    set: { startedAt: record.startedAt ?? now, worker: deps.workerName, bundleHash: payload.bundleHash },
    del: ['statusDetail', 'progress', 'serviceStage', 'error'],
    incr: { attempts: 1 },
  });
  if (!result.applied) return undefined;
  return { ...record, status: 'active', startedAt: record.startedAt ?? now, attempts: record.attempts + 1, worker: deps.workerName };
}

async function renderToFile(job: Job, record: RenderRecord, payload: RenderJob, workDir: string, signal: AbortSignal, deps: ProcessorDeps, log: ProcessorLog): Promise<RenderMediaResult> {
  await mkdir(workDir, { recursive: true });
  const saver = new ProgressSaver(
    async (progress) => {
      // The engine's progress object as it is: on the job (for BullMQ tooling) and on the render (for the API and SSE).
      await job.updateProgress({ ...progress });
      await deps.store.update(record, { from: ['active'], set: { progress } });
      await deps.gate.renew(record.owner, record.id);
    },
    (error) => log.warn({ err: error }, 'saving progress failed'),
  );
  try {
    const result = await renderMedia({
      project: deps.project,
      template: payload.template,
      props: payload.props,
      output: path.join(workDir, outputName(payload.output.format ?? 'mp4', 'output')),
      host: deps.host,
      signal,
      ...splitDistribution(payload.output).render,
      concurrency: deps.config.worker.renderConcurrency,
      onProgress: (progress) => saver.push(progress),
    });
    if (result.bundleHash !== payload.bundleHash) {
      log.warn({ apiBundle: payload.bundleHash, workerBundle: result.bundleHash }, 'the worker rendered another template bundle than the API validated against');
    }
    return result;
  } finally {
    await saver.flush();
  }
}

type ProcessorLog = Logger;
