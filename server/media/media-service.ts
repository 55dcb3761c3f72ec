import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FramewrightError } from '../../src/errors/index.ts';
import { checkInput, inspectInput } from '../../src/media-jobs/inspect-input.ts';
import type { MediaLimits } from '../../src/media-jobs/spec.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { CancelBus } from '../queue/cancel-bus.ts';
import { canonicalJson, sha256 } from '../renders/canonical.ts';
import { awaitReplayed, type IdempotencyKeys } from '../renders/idempotency.ts';
import { newRenderId } from '../renders/render-id.ts';
import type { Principal } from '../auth/principal.ts';
import { TERMINAL_STATUSES, type RenderStatus } from '../renders/schemas.ts';
import type { Storage } from '../storage/storage.ts';
import { fetchInput, mediaKey, type MediaAssetSource } from './media-inputs.ts';
import type { MediaNotifier } from './media-notifier.ts';
import type { MediaQueue } from './media-queue.ts';
import type { MediaRecord } from './media-record.ts';
import type { MediaJobRequest } from './media-schemas.ts';
import type { MediaStore } from './media-store.ts';

export interface MediaServiceDeps {
  config: ServiceConfig;
  store: MediaStore;
  queue: MediaQueue;
  storage: Storage;
  cancelBus: CancelBus;
  notifier: MediaNotifier;
  assets: MediaAssetSource;
  logger: Logger;
  /** Folder for inputs being checked before they are stored. */
  tmpDir: string;
  checkWebhookTarget: (url: string) => Promise<void>;
  /** Idempotency-Key claims of media jobs. */
  idempotency: IdempotencyKeys;
  /** The key's own plan limits, where it has them: they tighten the server's media limits. */
  keyLimits?: (owner: string) => Promise<{ durationSeconds?: number | undefined; pixels?: number | undefined }>;
}

/** `med_` + the render id scheme: sortable by creation time, so lists page newest first. */
export function newMediaJobId(): string {
  return `med_${newRenderId().slice(4)}`;
}

export function mediaLimits(config: ServiceConfig): MediaLimits {
  return { maxBytes: config.media.maxInputBytes, maxDurationSeconds: config.media.maxDurationSeconds, maxPixels: config.media.maxPixels };
}

function withPath(error: unknown, field: string): unknown {
  if (!(error instanceof FramewrightError)) return error;
  const issues = error.issues.length ? error.issues.map((i) => ({ path: [field, ...i.path.slice(i.path[0] === 'input' ? 1 : 0)], message: i.message })) : [{ path: [field], message: error.message }];
  return new FramewrightError(error.code, error.message, { cause: error, issues });
}

/**
 * The media-job operations behind the routes. Submitting checks everything before anything is
 * queued: the webhook target, the input (fetched through the guard, probed, held to the limits
 * and to what the outputs need) and the watermark image; a problem is a 422 naming why.
 */
/** A job that failed to queue but stays written, for the resumer: its Idempotency-Key is kept. */
class StillQueueable extends Error {
  constructor(readonly problem: FramewrightError) {
    super(problem.message);
  }
}

export class MediaService {
  constructor(private readonly deps: MediaServiceDeps) {}

  /**
   * Checks and queues a job. With an Idempotency-Key, a repeat of the same request returns the
   * job the first one created (`replayed`), the same key with another body is a 409, and a first
   * request that fails frees its key for the retry.
   */
  async submit(
    principal: Principal,
    request: MediaJobRequest,
    o: { signal?: AbortSignal | undefined; idempotencyKey?: string | undefined } = {},
  ): Promise<{ record: MediaRecord; replayed: boolean }> {
    const { deps } = this;
    const id = newMediaJobId();
    const { idempotencyKey } = o;
    if (idempotencyKey !== undefined) {
      const claim = await deps.idempotency.claim(principal.owner, idempotencyKey, sha256(canonicalJson(request)), id);
      if (claim.kind === 'replay') {
        const record = await awaitReplayed(async () => {
          const found = await deps.store.get(claim.id);
          return found && found.owner === principal.owner ? found : undefined;
        });
        return { record, replayed: true };
      }
    }
    try {
      return { record: await this.create(principal, request, id, o.signal), replayed: false };
    } catch (error) {
      // A job written that the resumer may still queue keeps its key: the retry gets it back.
      if (idempotencyKey !== undefined && !(error instanceof StillQueueable)) await deps.idempotency.release(principal.owner, idempotencyKey);
      throw error instanceof StillQueueable ? error.problem : error;
    }
  }

  private async create(principal: Principal, request: MediaJobRequest, id: string, signal: AbortSignal | undefined): Promise<MediaRecord> {
    const { deps } = this;
    if (request.webhook) await deps.checkWebhookTarget(request.webhook.url).catch((error: unknown) => Promise.reject(withPath(error, 'webhook')));
    const dir = path.join(deps.tmpDir, `${id}-${randomBytes(4).toString('hex')}`);
    const fetchCommon = { owner: principal.owner, dir, assets: deps.assets, allowPrivate: deps.config.media.allowPrivateInputs, timeoutMs: deps.config.media.fetchTimeoutMs, signal };
    try {
      const file = await fetchInput({ ...fetchCommon, ref: request.input, name: 'input', maxBytes: deps.config.media.maxInputBytes, field: ['input'] });
      const info = await inspectInput(file, 'The input', signal);
      checkInput(info, request.outputs, await this.limitsOf(principal.owner));
      let watermarkKey: string | undefined;
      if (request.watermark) {
        const image = await fetchInput({ ...fetchCommon, ref: request.watermark.image, name: 'watermark', maxBytes: 32 * 1024 * 1024, field: ['watermark', 'image'] });
        const facts = await inspectInput(image, 'The watermark image', signal).catch((error: unknown) => Promise.reject(withPath(error, 'watermark')));
        if (!facts.video) throw new FramewrightError('MEDIA_INPUT_INVALID', 'The watermark image is not an image', { issues: [{ path: ['watermark', 'image'], message: 'is not an image' }] });
        watermarkKey = mediaKey(id, 'watermark');
        await deps.storage.putFile(watermarkKey, image, { contentType: 'application/octet-stream', ...(signal ? { signal } : {}) });
      }
      const inputKey = mediaKey(id, 'input');
      await deps.storage.putFile(inputKey, file, { contentType: 'application/octet-stream', ...(signal ? { signal } : {}) });
      const record: MediaRecord = {
        id,
        owner: principal.owner,
        status: 'queued',
        createdAt: Date.now(),
        request,
        input: { key: inputKey, ref: request.input, bytes: info.bytes, durationSeconds: info.durationSeconds, width: info.video?.width ?? null, height: info.video?.height ?? null },
        ...(watermarkKey ? { watermarkKey } : {}),
        attempts: 0,
      };
      await deps.store.create(record, { jobPending: true });
      try {
        await deps.queue.add({ v: 1, jobId: id, owner: principal.owner });
      } catch (error) {
        const problem = new FramewrightError('SERVICE_UNAVAILABLE', `The media job could not be queued: ${(error as Error).message}`, { cause: error });
        // Marked failed, it is over; when even that cannot be written, the resumer queues it later.
        const ended = await this.finishQueued(record, 'failed', { code: 'SERVICE_UNAVAILABLE', message: 'The media job could not be queued' }).then(
          () => true,
          () => false,
        );
        if (!ended) throw new StillQueueable(problem);
        await deps.store.jobQueued(id).catch(() => undefined);
        throw problem;
      }
      // Queued whatever happens next: a lost confirmation only costs the resumer a look.
      await deps.store.jobQueued(id).catch((error: unknown) => deps.logger.warn({ err: error, mediaJobId: id }, 'could not confirm a queued media job; the resumer will check it'));
      deps.logger.info({ mediaJobId: id, owner: principal.owner, outputs: request.outputs.length, seconds: info.durationSeconds }, 'media job queued');
      return record;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The server's media limits, tightened by the key's plan (seconds of video, pixels per frame) where it sets them. */
  private async limitsOf(owner: string): Promise<MediaLimits> {
    const base = mediaLimits(this.deps.config);
    const own = (await this.deps.keyLimits?.(owner)) ?? {};
    return {
      ...base,
      maxDurationSeconds: Math.min(base.maxDurationSeconds, own.durationSeconds ?? Infinity),
      maxPixels: Math.min(base.maxPixels, own.pixels ?? Infinity),
    };
  }

  async get(principal: Principal, id: string): Promise<MediaRecord> {
    const record = await this.deps.store.get(id);
    // Another owner's job answers exactly like a missing one.
    if (!record || record.owner !== principal.owner) throw new FramewrightError('NOT_FOUND', `No media job "${id}"`);
    return record;
  }

  list(principal: Principal, query: { status?: RenderStatus | undefined; limit: number; cursor?: string | undefined }) {
    return this.deps.store.list(principal.owner, query);
  }

  /** A waiting job is canceled at once; a running one is flagged and its worker told (FFmpeg is killed). */
  async cancel(principal: Principal, id: string): Promise<MediaRecord> {
    const { deps } = this;
    const record = await this.get(principal, id);
    if (TERMINAL_STATUSES.includes(record.status)) throw new FramewrightError('MEDIA_JOB_FINISHED', `Media job "${id}" has already finished (${record.status})`);
    if (record.status === 'queued' && (await deps.queue.removeWaiting(id)) !== 'running') {
      const canceled = await this.finishQueued(record, 'canceled', { code: 'CANCELED', message: 'The media job was canceled' });
      if (canceled) return canceled;
    }
    const flagged = await deps.store.update(record, { from: ['queued', 'active'], set: { cancelRequested: '1' } });
    if (!flagged.applied) throw new FramewrightError('MEDIA_JOB_FINISHED', `Media job "${id}" has already finished (${flagged.previous})`);
    await deps.cancelBus.publish(id);
    deps.logger.info({ mediaJobId: id }, 'media job cancel requested');
    return (await deps.store.get(id)) ?? record;
  }

  private async finishQueued(record: MediaRecord, status: 'failed' | 'canceled', error: { code: string; message: string }): Promise<MediaRecord | undefined> {
    const now = Date.now();
    const result = await this.deps.store.update(record, { from: ['queued'], status, set: { finishedAt: now, error }, del: ['statusDetail'], expireAt: now + this.deps.config.retentionMs });
    if (!result.applied) return undefined;
    const finished: MediaRecord = { ...record, status, finishedAt: now, error };
    await this.deps.notifier.notifySafely(status === 'canceled' ? 'media.canceled' : 'media.failed', finished, this.deps.logger);
    return finished;
  }
}
