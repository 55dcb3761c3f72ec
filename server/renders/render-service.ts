import { FramewrightError, toFramewrightError, type ErrorIssue } from '../../src/errors/index.ts';
import { assertEncodable } from '../../src/render/options/encodable.ts';
import { framesToRender } from '../../src/render/render-media.ts';
import { resolveRenderOptions } from '../../src/render/options/resolve-options.ts';
import type { ResolvedRenderOptions } from '../../src/render/options/registry.ts';
import type { ResolvedTemplate } from '../../src/bundle/template-catalog.ts';
import { checkRenderSize, defaultPlan, type PlanLimits } from '../limits/plan.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { CancelBus } from '../queue/cancel-bus.ts';
import type { RenderQueue } from '../queue/render-queue.ts';
import type { RenderJob } from '../queue/render-job.ts';
import { splitDistribution } from '../distributed/distribution-options.ts';
import { canonicalJson, sha256 } from './canonical.ts';
import type { CatalogCache } from './catalog-cache.ts';
import { awaitReplayed, type IdempotencyKeys } from './idempotency.ts';
import { renderCacheKey, type RenderCache } from './render-cache.ts';
import { notifySafely, type RenderNotifier } from './render-hooks.ts';
import { newRenderId } from './render-id.ts';
import type { RenderRecord } from './render-record.ts';
import type { ListPage, RenderStore } from './render-store.ts';
import { TERMINAL_STATUSES, type RenderRequest, type RenderStatus } from './schemas.ts';
import type { Principal } from '../auth/principal.ts';

export interface RenderServiceDeps {
  config: ServiceConfig;
  catalog: CatalogCache;
  store: RenderStore;
  queue: RenderQueue;
  cache: RenderCache;
  idempotency: IdempotencyKeys;
  cancelBus: CancelBus;
  notifier: RenderNotifier;
  metrics: Metrics;
  logger: Logger;
  /** Refuses webhook targets the server may not call (issue: SSRF). */
  checkWebhookTarget: (url: string) => Promise<void>;
  /** The key's plan (per-key limits over the server's defaults); the defaults when absent. */
  planOf?: (owner: string) => Promise<PlanLimits>;
  /** Checks the uploaded assets the props use belong to the owner; writes them as `asset:<id>`. */
  resolveAssetRefs?: (owner: string, props: Record<string, unknown>) => Promise<Record<string, unknown>>;
}

/** A request that passed every check, ready to queue. */
export interface PreparedRender {
  resolved: ResolvedTemplate;
  options: ResolvedRenderOptions;
  /** Frames the render will have. */
  frames: number;
}

/** Where a render goes: its id, its batch and row, its queue priority (batches), its Idempotency-Key. */
export interface Placement {
  id?: string;
  idempotencyKey?: string | undefined;
  batch?: { id: string; row: number };
  /** BullMQ priority (1 is first; renders without one go before every prioritized one). */
  priority?: number;
  /**
   * Checks that run only for a new render, once its Idempotency-Key (if any) is claimed: a
   * replay answers with the earlier render even when the key has no queue room left.
   */
  admit?: () => Promise<void>;
}

export interface SubmitResult {
  record: RenderRecord;
  /** True when an Idempotency-Key matched an earlier request. */
  replayed: boolean;
}

/** The queue job of a render record: the props as resolved, the options as the caller gave them. */
function renderJob(record: RenderRecord, resolved: ResolvedTemplate, cacheKey: string): RenderJob {
  return {
    v: 1,
    renderId: record.id,
    owner: record.owner,
    template: record.template,
    props: resolved.inputProps,
    output: record.request.output ?? {},
    bundleHash: resolved.bundle.hash,
    cacheKey,
  };
}

/** Re-roots field issues under the request member they came from (`props.title`, `output.crf`). */
function underField<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw rerooted(field, error);
  }
}

/** The error with its issues placed under `field` of the request (a webhook check names `url`; the request said `webhook.url`). */
export function rerooted(field: string, error: unknown): unknown {
  if (!(error instanceof FramewrightError) || !error.issues.length) return error;
  const issues: ErrorIssue[] = error.issues.map((i) => ({ path: [field, ...i.path], message: i.message }));
  return new FramewrightError(error.code, error.message, { cause: error, issues });
}

/** The render operations behind the HTTP routes: submit, read, list, cancel. */
export class RenderService {
  constructor(private readonly deps: RenderServiceDeps) {}

  /**
   * Everything a render request must pass before it is queued: its assets, props, options,
   * webhook target, and the size limits of the key's plan. Throws the problem; queues nothing.
   */
  async prepare(principal: Principal, request: RenderRequest, known: { plan?: PlanLimits } = {}): Promise<PreparedRender> {
    const { deps } = this;
    const catalog = await deps.catalog.get();
    const props = deps.resolveAssetRefs ? await deps.resolveAssetRefs(principal.owner, request.props ?? {}) : (request.props ?? {});
    const resolved = await catalog.resolve(request.template, props).catch((error: unknown) => {
      throw rerooted('props', error);
    });
    const { render: engineOutput, distribution } = splitDistribution(request.output ?? {});
    if (distribution.chunks !== undefined && distribution.framesPerChunk !== undefined) {
      throw new FramewrightError('INVALID_OPTIONS', 'Give either output.chunks or output.framesPerChunk, not both', {
        issues: [{ path: ['output', 'framesPerChunk'], message: 'give either "chunks" or "framesPerChunk", not both' }],
      });
    }
    const options = underField('output', () => resolveRenderOptions({ ...engineOutput, concurrency: deps.config.worker.renderConcurrency }));
    const frames = underField('output', () => framesToRender(options, resolved.metadata.durationInFrames));
    underField('output', () => assertEncodable(options, resolved.metadata));
    const plan = known.plan ?? (await this.planOf(principal.owner));
    checkRenderSize(plan, { frames: frames.length, ...resolved.metadata, scale: options.scale });
    if (request.webhook) {
      await deps.checkWebhookTarget(request.webhook.url).catch((error: unknown) => {
        throw rerooted('webhook', error);
      });
    }
    return { resolved, options, frames: frames.length };
  }

  /** The key's plan: its own limits where it has them, the server's defaults otherwise. */
  planOf(owner: string): Promise<PlanLimits> {
    return this.deps.planOf ? this.deps.planOf(owner) : Promise.resolve(defaultPlan(this.deps.config));
  }

  /** Refuses more queued renders than the key's plan allows (429 QUOTA_EXCEEDED). */
  async checkQueueRoom(owner: string, adding: number): Promise<void> {
    const plan = await this.planOf(owner);
    const open = await this.deps.store.countOpen(owner);
    if (open + adding > plan.queuedRenders) {
      throw new FramewrightError(
        'QUOTA_EXCEEDED',
        `This key has ${open} renders queued or running and may have at most ${plan.queuedRenders}${adding > 1 ? `; ${adding} more do not fit` : ''}: wait for some to finish`,
      );
    }
  }

  async submit(principal: Principal, request: RenderRequest, idempotencyKey: string | undefined): Promise<SubmitResult> {
    const prepared = await this.prepare(principal, request);
    return this.enqueue(principal, request, prepared, { idempotencyKey, admit: () => this.checkQueueRoom(principal.owner, 1) });
  }

  /** Queues (or serves from the cache) a prepared render; a batch places its rows with `placement`. */
  async enqueue(principal: Principal, request: RenderRequest, prepared: PreparedRender, placement: Placement = {}): Promise<SubmitResult> {
    const { deps } = this;
    const { resolved, options } = prepared;
    const { idempotencyKey } = placement;
    const id = placement.id ?? newRenderId();
    if (idempotencyKey !== undefined) {
      const claim = await deps.idempotency.claim(principal.owner, idempotencyKey, sha256(canonicalJson(request)), id);
      if (claim.kind === 'replay') return { record: await this.awaitReplay(principal, claim.id), replayed: true };
    }
    // Once the render is written and may still be queued by the resumer, the key stays claimed:
    // a retry gets that render back rather than a second one.
    let keepClaim = false;
    try {
      await placement.admit?.();
      const cacheKey = renderCacheKey({ owner: principal.owner, bundleHash: resolved.bundle.hash, template: request.template, props: resolved.inputProps, options });
      const base = {
        id,
        owner: principal.owner,
        template: request.template,
        createdAt: Date.now(),
        request,
        bundleHash: resolved.bundle.hash,
        attempts: 0,
        cacheKey,
        ...(placement.batch ? { batchId: placement.batch.id, batchRow: placement.batch.row } : {}),
      };
      if (request.cache !== false) {
        const hit = await this.fromCache(base, cacheKey);
        if (hit) return { record: hit, replayed: false };
      }
      const record: RenderRecord = { ...base, status: 'queued' };
      await deps.store.create(record, { jobPending: true });
      try {
        // The job carries the options as the caller gave them (validated above): the worker
        // resolves them again, and resolved defaults of other formats would not validate twice.
        await deps.queue.add(renderJob(record, resolved, cacheKey), placement.priority ? { priority: placement.priority } : {});
      } catch (error) {
        // Marked failed, it is over; when even that cannot be written, the resumer queues it later.
        const ended = await this.finish(record, 'failed', { code: 'SERVICE_UNAVAILABLE', message: 'The render could not be queued' }).then(
          () => true,
          () => false,
        );
        if (ended) await deps.store.jobQueued(id).catch(() => undefined);
        else keepClaim = true;
        throw new FramewrightError('SERVICE_UNAVAILABLE', `The render could not be queued: ${(error as Error).message}`, { cause: error });
      }
      // The render is queued whatever happens next: a confirmation lost to Redis going away just
      // now only costs the resumer a look at a render whose job it then finds.
      await deps.store.jobQueued(id).catch((error: unknown) => deps.logger.warn({ err: error, renderId: id }, 'could not confirm a queued render; the resumer will check it'));
      deps.logger.info({ renderId: id, template: request.template, owner: principal.owner }, 'render queued');
      return { record, replayed: false };
    } catch (error) {
      if (idempotencyKey !== undefined && !keepClaim) await deps.idempotency.release(principal.owner, idempotencyKey);
      throw error;
    }
  }

  /**
   * Queues the job of a `queued` render that has none (its API stopped between writing the
   * record and queueing it). The request is checked again, as the template may have changed
   * since: one that no longer passes fails the render with that problem. A render that has its
   * job already is left alone (the job id is the render id).
   */
  async requeue(record: RenderRecord, placement: Pick<Placement, 'priority'> = {}): Promise<'queued' | 'failed' | 'unchanged'> {
    const { deps } = this;
    if (record.status !== 'queued' || (await deps.queue.hasJob(record.id))) return 'unchanged';
    let prepared: PreparedRender;
    try {
      prepared = await this.prepare({ owner: record.owner, keyId: null }, record.request);
    } catch (error) {
      const e = toFramewrightError(error);
      await this.finish(record, 'failed', { code: e.code, message: e.message });
      return 'failed';
    }
    const { resolved, options } = prepared;
    const cacheKey = renderCacheKey({ owner: record.owner, bundleHash: resolved.bundle.hash, template: record.template, props: resolved.inputProps, options });
    await deps.queue.add(renderJob(record, resolved, cacheKey), placement.priority ? { priority: placement.priority } : {});
    deps.logger.info({ renderId: record.id, template: record.template, owner: record.owner }, 'render queued again: its job was never added');
    return 'queued';
  }

  /**
   * Gives their jobs to renders written before `before` whose job was never confirmed queued
   * (an API that stopped in between). Returns the renders queued again.
   */
  async resumeStale(before: number, limit: number): Promise<number> {
    const { store, logger } = this.deps;
    let queued = 0;
    for (const id of await store.staleEnqueuing(before, limit)) {
      const record = await store.get(id);
      try {
        if (record && (await this.requeue(record)) === 'queued') queued++;
      } catch (error) {
        logger.warn({ err: error, renderId: id }, 'a render could not be queued again yet');
        continue;
      }
      await store.jobQueued(id);
    }
    return queued;
  }

  /**
   * Records a render that never ran, final at once (`failed` or `canceled`): a batch row whose
   * request no longer passes when it is resumed, or that was canceled before it was queued.
   */
  async endUnqueued(principal: Principal, request: RenderRequest, placement: Required<Pick<Placement, 'id' | 'batch'>>, status: Extract<RenderStatus, 'failed' | 'canceled'>, error: { code: string; message: string }): Promise<void> {
    const record: RenderRecord = {
      id: placement.id,
      owner: principal.owner,
      template: request.template,
      createdAt: Date.now(),
      request,
      attempts: 0,
      batchId: placement.batch.id,
      batchRow: placement.batch.row,
      status: 'queued',
    };
    await this.deps.store.create(record);
    await this.finish(record, status, error);
  }

  /** A hit completes at once, pointing at the stored output of the earlier render. */
  private async fromCache(base: Omit<RenderRecord, 'status'>, cacheKey: string): Promise<RenderRecord | undefined> {
    const { deps } = this;
    const now = Date.now();
    // The source is kept at least as long as every render that points at its file.
    const record = await deps.store.createFromCache({ ...base, status: 'succeeded', startedAt: now, finishedAt: now }, deps.cache.entryKey(cacheKey), now + deps.config.retentionMs);
    if (!record) return undefined;
    deps.metrics.rendersTotal.inc({ status: 'succeeded' });
    deps.logger.info({ renderId: record.id, cachedFrom: record.cachedFrom }, 'render served from cache');
    await notifySafely(deps.notifier, 'render.succeeded', record, deps.logger);
    return record;
  }

  /** The render an earlier request with the same key created (it may still be being written). */
  private awaitReplay(principal: Principal, renderId: string): Promise<RenderRecord> {
    return awaitReplayed(async () => {
      const record = await this.deps.store.get(renderId);
      return record && record.owner === principal.owner ? record : undefined;
    });
  }

  async get(principal: Principal, id: string): Promise<RenderRecord> {
    const record = await this.deps.store.get(id);
    // Another owner's render answers exactly like a missing one: ids reveal nothing.
    if (!record || record.owner !== principal.owner) throw new FramewrightError('NOT_FOUND', `No render "${id}"`);
    return record;
  }

  async list(principal: Principal, query: { status?: RenderStatus; limit: number; cursor?: string }): Promise<ListPage> {
    return this.deps.store.list(principal.owner, query);
  }

  /**
   * Cancels a render. A waiting one is taken off the queue and is `canceled` at once; a running
   * one is flagged and its worker told, and turns `canceled` once its pages and FFmpeg stopped.
   */
  async cancel(principal: Principal, id: string): Promise<RenderRecord> {
    const { deps } = this;
    const record = await this.get(principal, id);
    if (TERMINAL_STATUSES.includes(record.status)) {
      throw new FramewrightError('RENDER_FINISHED', `Render "${id}" has already finished (${record.status})`);
    }
    if (record.status === 'queued' && (await deps.queue.removeWaiting(id)) !== 'running') {
      const canceled = await this.finish(record, 'canceled', { code: 'CANCELED', message: 'The render was canceled' });
      if (canceled) return canceled;
    }
    const flagged = await deps.store.update(record, { from: ['queued', 'active'], set: { cancelRequested: '1' } });
    if (!flagged.applied) throw new FramewrightError('RENDER_FINISHED', `Render "${id}" has already finished (${flagged.previous})`);
    await deps.cancelBus.publish(id);
    deps.logger.info({ renderId: id }, 'cancel requested');
    return (await deps.store.get(id)) ?? record;
  }

  /** Moves a render the API itself ends (cancel while queued, enqueue failure) to a final status. */
  private async finish(record: RenderRecord, status: Extract<RenderStatus, 'failed' | 'canceled'>, error: { code: string; message: string }): Promise<RenderRecord | undefined> {
    const now = Date.now();
    const result = await this.deps.store.update(record, {
      from: ['queued'],
      status,
      set: { finishedAt: now, error },
      del: ['statusDetail'],
      expireAt: now + this.deps.config.retentionMs,
    });
    if (!result.applied) return undefined;
    const finished: RenderRecord = { ...record, status, finishedAt: now, error };
    this.deps.metrics.rendersTotal.inc({ status });
    await notifySafely(this.deps.notifier, status === 'canceled' ? 'render.canceled' : 'render.failed', finished, this.deps.logger);
    return finished;
  }
}
