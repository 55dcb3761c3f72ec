import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { Express } from 'express';
import type { Project } from '../src/bundle/project.ts';
import { RenderHost } from '../src/render/render-host.ts';
import type { ServiceConfig } from './config/load-config.ts';
import { PUBLIC_PRINCIPAL, type AppContext, type Gatekeeper } from './http/app-context.ts';
import { createApp } from './http/app.ts';
import type { Route } from './http/route.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { Metrics } from './observability/metrics.ts';
import { CancelBus } from './queue/cancel-bus.ts';
import { RENDER_QUEUE } from './queue/render-job.ts';
import { RenderQueue } from './queue/render-queue.ts';
import { RenderWorker } from './queue/render-worker.ts';
import { ChunkWorkers } from './distributed/chunk-workers.ts';
import { RenderSplitter } from './distributed/render-splitter.ts';
import { commandConnection, durableConnection, redisOptions } from './redis/connection.ts';
import { RedisKeys } from './redis/keys.ts';
import { openRedis, type OpenedRedis } from './redis/open-redis.ts';
import { CatalogCache } from './renders/catalog-cache.ts';
import { IdempotencyKeys } from './renders/idempotency.ts';
import { RenderCache } from './renders/render-cache.ts';
import { RenderEvents } from './renders/render-events.ts';
import { noNotifier, unlimitedGate } from './renders/render-hooks.ts';
import { RenderService } from './renders/render-service.ts';
import { RenderStore } from './renders/render-store.ts';
import { RetentionSweeper } from './renders/retention.ts';
import { StillRenderer } from './renders/still-renderer.ts';
import { createStorage } from './storage/create-storage.ts';

export interface ServiceOptions {
  config: ServiceConfig;
  project: Project;
  /** Serve the HTTP API. @defaultValue true */
  api?: boolean;
  /** Run a render worker in this process. @defaultValue true */
  worker?: boolean;
  logger?: Logger;
  /** Name of this process's worker in job records and logs. @defaultValue host:pid */
  workerName?: string;
}

export interface RunningService {
  /** Base URL of the API (absent for a worker-only process). */
  url: string | undefined;
  app: Express | undefined;
  routes: Route[];
  redis: OpenedRedis;
  worker: RenderWorker | undefined;
  sweeper: RetentionSweeper | undefined;
  logger: Logger;
  /** Graceful stop: no new requests or jobs, running renders finish or are handed back, then Redis. */
  close(): Promise<void>;
}

const openGate: Gatekeeper = { authRequired: false, admit: async () => PUBLIC_PRINCIPAL };

function listen(server: http.Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Starts the API and/or a worker: Redis → shared parts → worker → HTTP. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, project } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const runApi = options.api ?? true;
  const runWorker = options.worker ?? true;
  const dataDir = path.resolve(config.dataDir ?? project.config.dataDir);
  const workerName = options.workerName ?? `${os.hostname()}:${process.pid}`;
  const cleanups: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };

  try {
    const redis = await openRedis(config, dataDir, logger, { adoptOrphans: true });
    if (redis.embedded) cleanups.push(() => redis.embedded!.stop());
    const keys = new RedisKeys(config.redis.prefix);
    const commands = commandConnection(redis.target, 'framewright-commands');
    const subscriber = durableConnection(redis.target, 'framewright-subscriber');
    cleanups.push(() => Promise.all([commands.quit(), subscriber.quit()]));
    const bullConnection = redisOptions(redis.target, { maxRetriesPerRequest: null });

    const metrics = new Metrics();
    const store = new RenderStore(commands, keys);
    const storage = createStorage(config.storage, dataDir);
    const cache = new RenderCache(commands, keys);
    const cancelBus = new CancelBus(commands, subscriber, keys.cancelChannel);
    const host = new RenderHost();
    cleanups.push(() => host.close());
    const notifier = noNotifier;
    const gate = unlimitedGate;
    const countsQueue = new Queue(RENDER_QUEUE, { connection: bullConnection, prefix: config.redis.prefix });
    cleanups.push(() => countsQueue.close());
    metrics.watchQueue(() => countsQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'));

    let worker: RenderWorker | undefined;
    if (runWorker) {
      const splitter = new RenderSplitter(bullConnection, config, project);
      cleanups.push(() => splitter.close());
      const processorDeps = { config, project, host, store, storage, cache, notifier, gate, metrics, logger, workerName, tmpDir: path.join(dataDir, 'tmp', 'renders'), splitter };
      // Chunk workers first: the splitter counts live chunk workers when it plans.
      const chunkWorkers = await ChunkWorkers.start(
        { ...processorDeps, redis: commands, cancelBus, chunkProgressKey: (id) => keys.chunkProgress(id) },
        bullConnection,
        cancelBus,
      );
      cleanups.push(() => chunkWorkers.close());
      worker = await RenderWorker.start(processorDeps, bullConnection, cancelBus);
      cleanups.push(() => worker!.close());
    }

    let url: string | undefined;
    let app: Express | undefined;
    let routes: Route[] = [];
    let sweeper: RetentionSweeper | undefined;
    if (runApi) {
      const queue = new RenderQueue(bullConnection, config);
      cleanups.push(() => queue.close());
      sweeper = new RetentionSweeper({ redis: commands, keys, store, storage, cache, queue, notifier, logger, retentionMs: config.retentionMs });
      sweeper.start();
      cleanups.push(() => sweeper!.stop());
      const catalog = new CatalogCache(project, config.templateReloadIntervalMs);
      const ctx: AppContext = {
        config,
        logger,
        metrics,
        baseUrl: config.http.publicUrl ?? '',
        catalog,
        renders: new RenderService({
          config,
          catalog,
          store,
          queue,
          cache,
          idempotency: new IdempotencyKeys(commands, keys),
          cancelBus,
          notifier,
          metrics,
          logger,
          checkWebhookTarget: async () => undefined,
        }),
        events: new RenderEvents(subscriber, keys, logger),
        storage,
        stills: new StillRenderer(project, host, config.stills.concurrency),
        gatekeeper: openGate,
        readiness: {
          redis: async () => void (await commands.ping()),
          browser: async () => {
            const lease = await host.browsers.acquire();
            await lease.release();
          },
          storage: () => storage.check(),
        },
        extraRoutes: [],
        streams: new Set(),
      };
      ({ app, routes } = createApp(ctx));
      const server = http.createServer(app);
      // SSE and keep-alive sockets would hold close() open for ever: end them as part of stopping.
      cleanups.push(async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const stream of ctx.streams) stream.end();
        server.closeIdleConnections();
        await closed;
      });
      const address = await listen(server, config.http.host, config.http.port);
      const shownHost = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
      url = config.http.publicUrl ?? `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
      ctx.baseUrl = url;
      logger.info({ url, redis: redis.description, storage: storage.kind, worker: runWorker }, 'API listening');
    }

    let closing: Promise<void> | undefined;
    return { url, app, routes, redis, worker, sweeper, logger, close: () => (closing ??= closeAll()) };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
