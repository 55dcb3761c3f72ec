import path from 'node:path';
import { Queue } from 'bullmq';
import { planOverrides } from '../auth/api-keys.ts';
import { IdempotencyKeys } from '../renders/idempotency.ts';
import type { Core } from '../core.ts';
import { resolveWebhookTarget } from '../webhooks/post-pinned.ts';
import { WEBHOOK_QUEUE } from '../webhooks/webhook-job.ts';
import { MediaEvents } from './media-events.ts';
import { storedAssets, type MediaAssetSource } from './media-inputs.ts';
import { MediaNotifier } from './media-notifier.ts';
import { MediaQueue } from './media-queue.ts';
import { MediaRetention } from './media-retention.ts';
import { MediaService } from './media-service.ts';
import { MediaKeys, MediaStore } from './media-store.ts';
import { MediaWorkers } from './media-workers.ts';

type Cleanups = Array<() => Promise<unknown>>;

const SHARED_DEPS = ['config', 'commands', 'bullConnection', 'history', 'logger', 'baseUrl', 'metrics'] as const;
/** What the API side of media jobs uses of the process's core. */
export const MEDIA_API_DEPS = [...SHARED_DEPS, 'storage', 'assetStore', 'cancelBus', 'dataDir', 'apiKeys', 'subscriber'] as const;
export type MediaApiDeps = Pick<Core, (typeof MEDIA_API_DEPS)[number]>;
/** What the media workers use of the process's core. */
export const MEDIA_WORKER_DEPS = [...SHARED_DEPS, 'storage', 'gate', 'dataDir', 'cancelBus'] as const;
export type MediaWorkerDeps = Pick<Core, (typeof MEDIA_WORKER_DEPS)[number]>;

/** The parts of media jobs both the API and the workers use, opened on the process's core. */
function openShared(core: Pick<Core, (typeof SHARED_DEPS)[number]>, cleanups: Cleanups) {
  const keys = new MediaKeys(core.config.redis.prefix);
  const store = new MediaStore(core.commands, keys);
  const queue = new MediaQueue(core.bullConnection, core.config);
  cleanups.push(() => queue.close());
  const webhookQueue = new Queue(WEBHOOK_QUEUE, { connection: core.bullConnection, prefix: core.config.redis.prefix });
  cleanups.push(() => webhookQueue.close());
  const notifier = new MediaNotifier({ queue: webhookQueue, store, history: core.history, config: core.config, logger: core.logger, baseUrl: () => core.baseUrl.current, metrics: core.metrics });
  return { keys, store, queue, notifier };
}

/** The API side: the service behind the routes and the live events for SSE. */
export function openMediaApi(core: MediaApiDeps, cleanups: Cleanups, assets: MediaAssetSource = storedAssets(core.storage, core.assetStore)): { service: MediaService; events: MediaEvents; retention: MediaRetention } {
  const shared = openShared(core, cleanups);
  const service = new MediaService({
    config: core.config,
    store: shared.store,
    queue: shared.queue,
    storage: core.storage,
    cancelBus: core.cancelBus,
    notifier: shared.notifier,
    assets,
    logger: core.logger,
    tmpDir: path.join(core.dataDir, 'tmp', 'media-inputs'),
    idempotency: new IdempotencyKeys(core.commands, (owner, keyHash) => shared.keys.idempotency(owner, keyHash)),
    checkWebhookTarget: async (url) => void (await resolveWebhookTarget(url, { allowPrivate: core.config.webhooks.allowPrivate })),
    keyLimits: async (owner) => {
      const own = planOverrides(await core.apiKeys.get(owner));
      return { durationSeconds: own.durationSecondsPerRender, pixels: own.pixelsPerFrame };
    },
  });
  const retention = new MediaRetention({
    redis: core.commands, keys: shared.keys, store: shared.store, storage: core.storage, logger: core.logger, queue: shared.queue,
    finish: { config: core.config, store: shared.store, storage: core.storage, notifier: shared.notifier },
  });
  retention.start();
  cleanups.push(() => retention.stop());
  return { service, events: new MediaEvents(core.subscriber, shared.keys, core.logger), retention };
}

/** The worker side: whole jobs, segments and joins, sharing the renders' quota gate and cancel bus. */
export async function startMediaWorkers(core: MediaWorkerDeps, cleanups: Cleanups, workerName: string): Promise<MediaWorkers> {
  const shared = openShared(core, cleanups);
  const workers = await MediaWorkers.start(
    {
      config: core.config,
      store: shared.store,
      storage: core.storage,
      notifier: shared.notifier,
      gate: core.gate,
      queue: shared.queue,
      logger: core.logger,
      workerName,
      tmpDir: path.join(core.dataDir, 'tmp', 'media'),
      redis: core.commands,
      segmentProgressKey: (id) => shared.keys.segmentProgress(id),
    },
    core.bullConnection,
    core.cancelBus,
  );
  cleanups.push(() => workers.close());
  return workers;
}
