import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Project } from '../../src/bundle/project.ts';
import { renderMedia, type RenderMediaResult } from '../../src/render/render-media.ts';
import type { RenderHost } from '../../src/render/render-host.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { outputName } from '../../src/render/formats/formats.ts';
import { outputFile } from '../renders/output-formats.ts';
import { factsOfRender, probeOutput } from '../../src/render/probe/output-facts.ts';
import type { RenderCache } from '../renders/render-cache.ts';
import { notifySafely, type ConcurrencyGate, type RenderNotifier } from '../renders/render-hooks.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import type { RenderStore } from '../renders/render-store.ts';
import { TERMINAL_STATUSES } from '../renders/schemas.ts';
import { finishCanceled, finishFailed, finishSucceeded, storeOutput } from './render-finish.ts';
import type { Storage } from '../storage/storage.ts';
import { splitDistribution } from '../distributed/distribution-options.ts';
import type { RenderSplitter } from '../distributed/render-splitter.ts';
import { ProgressSaver } from './progress-saver.ts';
import { parseRenderJob, type RenderJob } from './render-job.ts';
import { decideFailure, errorForQueue } from './retry-policy.ts';
import { CancelRequested, ShutdownRequested } from './stop-reasons.ts';

export interface ProcessorDeps {
  config: ServiceConfig;
  project: Project;
  host: RenderHost;
  store: RenderStore;
  storage: Storage;
  cache: RenderCache;
  notifier: RenderNotifier;
  gate: ConcurrencyGate;
  metrics: Metrics;
  logger: Logger;
  workerName: string;
  tmpDir: string;
  /** Splits long renders into chunks for many workers; absent: every render is one job. */
  splitter?: RenderSplitter;
}

export type ProcessOutcome = 'succeeded' | 'canceled' | 'skipped' | 'split';

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
      return 'split';
    }
    const started = performance.now();
    const result = await renderToFile(job, record, payload, workDir, signal, deps, log);
    await deps.store.update(record, { from: ['active'], set: { serviceStage: 'storing' } });
    const file = result.zip ?? result.output;
    const facts = outputFile(payload.output.format).archive ? factsOfRender(result) : await probeOutput(file, signal);
    const output = await storeOutput(record, payload, { file, bytes: result.bytes, frames: result.frames, bundleHash: result.bundleHash, timings: result.timings, ...(result.poster ? { poster: result.poster } : {}) }, facts, signal, deps);
    const seconds = (performance.now() - started) / 1000;
    await finishSucceeded(record, payload, output, deps, log);
    deps.metrics.renderSeconds.observe(seconds);
    deps.metrics.renderFps.observe(result.frames / Math.max(seconds, 0.001));
    log.info({ frames: result.frames, seconds: Math.round(seconds * 100) / 100, bytes: output.bytes }, 'render succeeded');
    return 'succeeded';
  } catch (error) {
    return await handleFailure(error, { job, token, record, signal, deps, log });
  } finally {
    await deps.gate.release(record.owner, record.id);
    await rm(workDir, { recursive: true, force: true });
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

interface FailureContext {
  job: Job;
  token: string | undefined;
  record: RenderRecord;
  signal: AbortSignal;
  deps: ProcessorDeps;
  log: ProcessorLog;
}

async function handleFailure(error: unknown, c: FailureContext): Promise<ProcessOutcome> {
  const { record, deps, log } = c;
  if (c.signal.aborted && c.signal.reason instanceof CancelRequested) return finishCanceled(record, deps, log);
  if (c.signal.aborted && c.signal.reason instanceof ShutdownRequested) {
    log.info('worker stopping: handing the render back to the queue');
    await deps.store.update(record, {
      from: ['active'],
      status: 'queued',
      set: { statusDetail: 'Handed back to the queue by a stopping worker' },
      del: ['serviceStage'],
    });
    // Back to waiting without spending an attempt: the render did nothing wrong.
    await c.job.moveToDelayed(Date.now(), c.token);
    throw new DelayedError();
  }
  if (c.signal.aborted) {
    // BullMQ fired the signal: this worker lost the job's lock, so another worker owns it now.
    log.warn({ reason: String(c.signal.reason) }, 'lost the job lock; leaving the render to its new worker');
    throw error;
  }
  const decision = decideFailure(error, { made: c.job.attemptsMade, max: c.job.opts.attempts ?? 1 });
  const { code, message } = decision.error;
  if (decision.retry) {
    log.warn({ err: decision.error, code }, 'render attempt failed; it will be retried');
    await deps.store.update(record, {
      from: ['active'],
      status: 'queued',
      set: { statusDetail: `Attempt ${c.job.attemptsMade + 1} failed (${code}: ${message}); retrying after a back-off` },
      del: ['serviceStage'],
    });
    throw errorForQueue(decision);
  }
  log.error({ err: decision.error, code }, 'render failed');
  await finishFailed(record, { code, message }, deps, log);
  throw errorForQueue(decision);
}

