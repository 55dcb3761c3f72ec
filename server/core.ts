import path from 'node:path';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Project } from '../src/bundle/project.ts';
import { RenderHost } from '../src/render/render-host.ts';
import { assetResolver } from './assets/asset-service.ts';
import { AssetStore } from './assets/asset-store.ts';
import { ApiKeyStore } from './auth/api-keys.ts';
import { BatchStore } from './batches/batch-store.ts';
import { BatchTracker } from './batches/batch-tracker.ts';
import type { RenderNotifier } from './renders/render-hooks.ts';
import { usageMetricsText } from './usage/usage-metrics.ts';
import { UsageRecorder } from './usage/usage-recorder.ts';
import { UsageStore } from './usage/usage-store.ts';
import type { ServiceConfig } from './config/load-config.ts';
import { RedisConcurrencyGate } from './limits/concurrency-gate.ts';
import type { Logger } from './observability/logger.ts';
import { Metrics } from './observability/metrics.ts';
import { CancelBus } from './queue/cancel-bus.ts';
import { RENDER_QUEUE } from './queue/render-job.ts';
import { commandConnection, durableConnection, redisOptions } from './redis/connection.ts';
import { RedisKeys } from './redis/keys.ts';
import { openRedis, type OpenedRedis } from './redis/open-redis.ts';
import { RenderCache } from './renders/render-cache.ts';
import { RenderStore } from './renders/render-store.ts';
import { createStorage } from './storage/create-storage.ts';
import type { Storage } from './storage/storage.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';
import { WebhookHistory } from './webhooks/history.ts';
import { webhookSecrets } from './webhooks/secrets.ts';
import { WEBHOOK_QUEUE } from './webhooks/webhook-job.ts';

/** What the API and the workers of one process share: connections, stores, the warm browser. */
export interface Core {
  config: ServiceConfig;
  project: Project;
  logger: Logger;
  dataDir: string;
  redis: OpenedRedis;
  keys: RedisKeys;
  commands: Redis;
  subscriber: Redis;
  bullConnection: ConnectionOptions;
  metrics: Metrics;
  store: RenderStore;
  storage: Storage;
  cache: RenderCache;
  cancelBus: CancelBus;
  host: RenderHost;
  apiKeys: ApiKeyStore;
  assetStore: AssetStore;
  history: WebhookHistory;
  /** Render events: webhooks, behind the batch tracker (batch.completed). */
  dispatcher: RenderNotifier;
  batchStore: BatchStore;
  usage: UsageStore;
  gate: RedisConcurrencyGate;
  webhookSecrets: { secrets: string[]; generated: boolean };
  /** Base of absolute URLs in renders and webhooks; the API sets it once it listens. */
  baseUrl: { current: string };
}

/**
 * The few shared parts one consumer names, copied out of the core: the API and each kind of
 * worker declare their list beside their code, and service.ts builds each once, so none of them
 * is handed (or can reach for) the whole core.
 */
export function pickCore<const K extends keyof Core>(core: Core, names: readonly K[]): Pick<Core, K> {
  const picked = {} as Pick<Core, K>;
  for (const name of names) picked[name] = core[name];
  return picked;
}

/** Opens the shared parts; `cleanups` receives their stop functions in opening order. */
export async function openCore(options: { config: ServiceConfig; project: Project; logger: Logger; cleanups: Array<() => Promise<unknown>> }): Promise<Core> {
  const { config, project, logger, cleanups } = options;
  const dataDir = path.resolve(config.dataDir ?? project.config.dataDir);
  const redis = await openRedis(config, dataDir, logger, { adoptOrphans: true });
  if (redis.embedded) cleanups.push(() => redis.embedded!.stop());
  const keys = new RedisKeys(config.redis.prefix);
  const commands = commandConnection(redis.target, 'framewright-commands');
  const subscriber = durableConnection(redis.target, 'framewright-subscriber');
  cleanups.push(() => Promise.all([commands.quit(), subscriber.quit()]));
  // Without a listener ioredis prints "Unhandled error event" on every reconnect attempt while
  // Redis restarts; it is an outage the connections ride out, reported once here.
  for (const connection of [commands, subscriber]) reportOutages(connection, logger);
  const bullConnection = redisOptions(redis.target, { maxRetriesPerRequest: null });

  const metrics = new Metrics();
  const countsQueue = new Queue(RENDER_QUEUE, { connection: bullConnection, prefix: config.redis.prefix });
  cleanups.push(() => countsQueue.close());
  metrics.watchQueue(() => countsQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'));

  const store = new RenderStore(commands, keys);
  const storage = createStorage(config.storage, dataDir);
  const assetStore = new AssetStore(commands, keys);
  // Renders read uploaded assets (`asset:<id>`) from storage, never through the network guard.
  // Warm tabs for one render's pages, reused render after render. Enough for two renders at once
  // too: keeping one per page of every render (4 by default) was no faster and held ~350 MB more.
  const host = new RenderHost({ resolveAsset: assetResolver(storage, assetStore), spareTabsPerSite: config.worker.renderConcurrency });
  cleanups.push(() => host.close());
  const apiKeys = new ApiKeyStore(commands, keys);
  const history = new WebhookHistory(commands, keys, config.retentionMs);
  const webhookQueue = new Queue(WEBHOOK_QUEUE, { connection: bullConnection, prefix: config.redis.prefix });
  cleanups.push(() => webhookQueue.close());
  const baseUrl = { current: config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}` };
  const webhooks = new WebhookDispatcher({ queue: webhookQueue, store, history, config, logger, baseUrl: () => baseUrl.current });
  const batchStore = new BatchStore(commands, keys);
  const usage = new UsageStore(commands, keys);
  metrics.addViewerSection((viewer) => usageMetricsText(usage, viewer));
  // Every final state of a render passes here: counted into usage, then batches, then webhooks.
  const batchTracker = new BatchTracker(webhooks, {
    batches: batchStore,
    renders: store,
    logger,
    baseUrl: () => baseUrl.current,
    retentionMs: config.retentionMs,
    defaultWebhookUrl: config.webhooks.defaultUrl,
    deliver: (subjectId, event, url, body) => webhooks.deliver(subjectId, event, url, body),
  });
  const dispatcher = new UsageRecorder(batchTracker, usage, logger, (id) => store.get(id));
  const limitOf = async (owner: string) => (await apiKeys.get(owner))?.concurrentRenders ?? config.limits.concurrentRenders;

  return {
    config,
    project,
    logger,
    dataDir,
    redis,
    keys,
    commands,
    subscriber,
    bullConnection,
    metrics,
    store,
    storage,
    cache: new RenderCache(commands, keys),
    cancelBus: new CancelBus(commands, subscriber, keys.cancelChannel),
    host,
    apiKeys,
    assetStore,
    history,
    dispatcher,
    batchStore,
    usage,
    gate: new RedisConcurrencyGate(commands, keys, limitOf),
    webhookSecrets: await webhookSecrets(config, commands, keys),
    baseUrl,
  };
}

/** Logs a Redis connection's outage once when it begins and once when it ends. */
function reportOutages(connection: Redis, logger: Logger): void {
  let down = false;
  connection.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err: error, connection: connection.options.connectionName }, 'Redis connection lost; reconnecting');
  });
  connection.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ connection: connection.options.connectionName }, 'Redis connection back');
  });
}
