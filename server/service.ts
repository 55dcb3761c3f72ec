import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'bullmq';
import type { Express } from 'express';
import type { Project } from '../src/bundle/project.ts';
import { capturesWithHugePages, readHugePages } from '../src/render/huge-pages.ts';
import { API_DEPS, startApi } from './api-server.ts';
import type { ServiceConfig } from './config/load-config.ts';
import { openCore, pickCore, type Core } from './core.ts';
import type { Route } from './http/route.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import type { ChunkDeps } from './distributed/chunk-processor.ts';
import { ChunkWorkers } from './distributed/chunk-workers.ts';
import { RenderSplitter } from './distributed/render-splitter.ts';
import { claimWorkRoot } from './queue/work-dirs.ts';
import { MEDIA_WORKER_DEPS, startMediaWorkers } from './media/media-module.ts';
import type { ProcessorDeps } from './queue/processor-deps.ts';
import { RenderWorker } from './queue/render-worker.ts';
import type { OpenedRedis } from './redis/open-redis.ts';
import type { RetentionSweeper } from './renders/retention.ts';
import type { EnqueueResumer } from './queue/enqueue-resumer.ts';
import { startDeliveryWorker } from './webhooks/delivery-worker.ts';

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
  core: Core;
  worker: RenderWorker | undefined;
  sweeper: RetentionSweeper | undefined;
  /** Queues what a stopped API process left unqueued (absent for a worker-only process). */
  enqueueResumer: EnqueueResumer | undefined;
  logger: Logger;
  /** Graceful stop: no new requests or jobs, running renders finish or are handed back, then Redis. */
  close(): Promise<void>;
}

/**
 * Starts one process of the service: shared parts (Redis, stores, browser) → webhook delivery →
 * render worker → HTTP API. Stopping runs the same steps backwards.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, project } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const cleanups: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };

  try {
    const core = await openCore({ config, project, logger, cleanups });
    // Every process delivers webhooks: events happen in API processes (cache hits, cancels) and workers alike.
    const delivery: Worker = startDeliveryWorker({ config, history: core.history, metrics: core.metrics, logger, secrets: core.webhookSecrets.secrets }, core.bullConnection);
    cleanups.push(() => delivery.close());

    let worker: RenderWorker | undefined;
    if (options.worker ?? true) {
      const splitter = new RenderSplitter(core.bullConnection, core.config, core.project);
      cleanups.push(() => splitter.close());
      // This process's own work folder; a killed predecessor's leftovers go first.
      const work = await claimWorkRoot(path.join(core.dataDir, 'tmp', 'renders'));
      if (work.removed.length) logger.info({ folders: work.removed }, 'removed the work folders of killed workers');
      const hugePages = readHugePages();
      if (hugePages && !capturesWithHugePages(hugePages)) {
        logger.info({ transparentHugePages: hugePages }, 'transparent huge pages are not "always": with them capture would cost ~25 % less CPU (README: "Tuning the host")');
      }
      cleanups.push(() => work.release());
      // Each kind of worker gets the few shared parts it uses, built once here.
      const processorDeps: ProcessorDeps = {
        config: core.config,
        project: core.project,
        host: core.host,
        store: core.store,
        storage: core.storage,
        cache: core.cache,
        notifier: core.dispatcher,
        gate: core.gate,
        metrics: core.metrics,
        logger: core.logger,
        workerName: options.workerName ?? `${os.hostname()}:${process.pid}`,
        tmpDir: work.dir,
        splitter,
      };
      const chunkDeps: ChunkDeps = { ...processorDeps, redis: core.commands, cancelBus: core.cancelBus, chunkProgressKey: (id: string) => core.keys.chunkProgress(id) };
      // Chunk workers first: the splitter counts live chunk workers when it plans a split.
      const chunkWorkers = await ChunkWorkers.start(chunkDeps, core.bullConnection, core.cancelBus);
      cleanups.push(() => chunkWorkers.close());
      worker = await RenderWorker.start(processorDeps, core.bullConnection, core.cancelBus);
      cleanups.push(() => worker!.close());
      await startMediaWorkers(pickCore(core, MEDIA_WORKER_DEPS), cleanups, processorDeps.workerName);
    }

    const api = (options.api ?? true) ? await startApi(pickCore(core, API_DEPS), cleanups) : undefined;
    let closing: Promise<void> | undefined;
    return {
      url: api?.url,
      app: api?.app,
      routes: api?.routes ?? [],
      redis: core.redis,
      core,
      worker,
      sweeper: api?.sweeper,
      enqueueResumer: api?.enqueueResumer,
      logger,
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
