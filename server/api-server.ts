import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Express } from 'express';
import { FramewrightError } from '../src/errors/index.ts';
import { AssetService } from './assets/asset-service.ts';
import { planOverrides } from './auth/api-keys.ts';
import { KeyGatekeeper } from './auth/gatekeeper.ts';
import { resolvePlan } from './limits/plan.ts';
import type { Core } from './core.ts';
import type { AppContext } from './http/app-context.ts';
import { createStudio } from '../studio/server/studio-router.ts';
import { createApp } from './http/app.ts';
import { assetRoutes } from './http/routes/assets.ts';
import { batchRoutes, batchTmpDir } from './http/routes/batches.ts';
import { usageRoutes } from './http/routes/usage.ts';
import { BatchService } from './batches/batch-service.ts';
import type { Route } from './http/route.ts';
import { AuthFailureLimiter, RequestRateLimiter } from './limits/rate-limit.ts';
import { RenderQueue } from './queue/render-queue.ts';
import { CatalogCache } from './renders/catalog-cache.ts';
import { IdempotencyKeys } from './renders/idempotency.ts';
import { RenderEvents } from './renders/render-events.ts';
import { RenderService } from './renders/render-service.ts';
import { RetentionSweeper } from './renders/retention.ts';
import { EnqueueResumer } from './queue/enqueue-resumer.ts';
import { StillRenderer } from './renders/still-renderer.ts';
import { mediaJobRoutes } from './http/routes/media-jobs.ts';
import { MEDIA_API_DEPS, openMediaApi } from './media/media-module.ts';
import { mediaWebhookBodySchema } from './media/media-schemas.ts';
import { webhookRoutes } from './webhooks/routes.ts';
import { resolveWebhookTarget } from './webhooks/post-pinned.ts';
import { webhookEventBodySchema } from './webhooks/webhook-job.ts';

export interface ApiServer {
  url: string;
  app: Express;
  routes: Route[];
  sweeper: RetentionSweeper;
  enqueueResumer: EnqueueResumer;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function listen(server: http.Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** What the API uses of the process's core (the media routes' part included); service.ts hands it only these. */
export const API_DEPS = [
  ...MEDIA_API_DEPS,
  'project', 'keys', 'redis', 'metrics', 'store', 'cache', 'host', 'dispatcher', 'batchStore', 'usage', 'gate',
] as const;
export type ApiDeps = Pick<Core, (typeof API_DEPS)[number]>;

/**
 * Refuses to expose an API without keys: with no key ever created, auth is off, which is only
 * acceptable on loopback.
 */
async function checkExposure(core: Pick<ApiDeps, 'config' | 'logger'>, gatekeeper: KeyGatekeeper): Promise<void> {
  const { host } = core.config.http;
  if (await gatekeeper.refresh()) return;
  if (!isLoopbackHost(host)) {
    throw new FramewrightError(
      'INVALID_CONFIG',
      `Refusing to listen on ${host} without API keys: anyone could use the service. Create a key first (framewright keys create --name <name>) or set HOST=127.0.0.1.`,
      { issues: [{ path: ['HOST'], message: 'binding beyond loopback needs at least one API key' }] },
    );
  }
  core.logger.warn({ host }, 'auth is off: no API key exists, so the API listens on loopback only (create one with `framewright keys create`)');
}

/** The HTTP API of this process: routes, sweeper and server; `cleanups` receives their stops. */
export async function startApi(core: ApiDeps, cleanups: Array<() => Promise<unknown>>): Promise<ApiServer> {
  const { config, logger, commands, keys } = core;
  const gatekeeper = new KeyGatekeeper(
    core.apiKeys,
    new RequestRateLimiter(commands, keys.rateLimit, config.limits.requestsPerMinute),
    new AuthFailureLimiter(commands, `${keys.rateLimit}:auth-failures`, config.limits.authFailuresPerMinute),
  );
  await checkExposure(core, gatekeeper);
  const queue = new RenderQueue(core.bullConnection, config);
  cleanups.push(() => queue.close());
  const sweeper = new RetentionSweeper({
    redis: commands, keys, store: core.store, storage: core.storage, cache: core.cache, queue, notifier: core.dispatcher,
    logger, retentionMs: config.retentionMs, gate: core.gate, cancelBus: core.cancelBus,
  });
  sweeper.start();
  cleanups.push(() => sweeper.stop());
  const catalog = new CatalogCache(core.project, config.templateReloadIntervalMs);
  const assets = new AssetService({
    store: core.assetStore,
    storage: core.storage,
    config,
    logger,
    tmpDir: path.join(core.dataDir, 'tmp', 'uploads'),
    baseUrl: () => core.baseUrl.current,
    onStored: (owner, bytes) => core.usage.add(owner, Date.now(), { bytesStored: bytes }),
  });
  const renders = new RenderService({
    config,
    catalog,
    store: core.store,
    queue,
    cache: core.cache,
    idempotency: new IdempotencyKeys(commands, (owner, keyHash) => keys.idempotency(owner, keyHash)),
    cancelBus: core.cancelBus,
    notifier: core.dispatcher,
    metrics: core.metrics,
    logger,
    checkWebhookTarget: async (url) => void (await resolveWebhookTarget(url, { allowPrivate: config.webhooks.allowPrivate })),
    resolveAssetRefs: (owner, props) => assets.resolveProps(owner, props),
    planOf: async (owner) => resolvePlan(config, planOverrides(await core.apiKeys.get(owner))),
  });
  // The service fixes `concurrency` itself, so the Studio's render form leaves it out.
  const studio = config.studio && createStudio({
    project: core.project,
    mode: 'service',
    omitOptions: ['concurrency'],
    onBuildError: (error) => logger.warn({ err: error }, 'the Studio could not build'),
  });
  const ctx: AppContext = {
    config,
    logger,
    metrics: core.metrics,
    get baseUrl() {
      return core.baseUrl.current;
    },
    catalog,
    renders,
    events: new RenderEvents(core.subscriber, keys, logger),
    storage: core.storage,
    stills: new StillRenderer(core.project, core.host, config.stills.concurrency),
    gatekeeper,
    readiness: {
      redis: async () => void (await commands.ping()),
      browser: async () => {
        const lease = await core.host.browsers.acquire();
        await lease.release();
      },
      storage: () => core.storage.check(),
    },
    extraRoutes: webhookRoutes({ renders }, core.history),
    streams: new Set(),
    ...(studio ? { studio: studio.router } : {}),
  };
  ctx.extraRoutes.push(...mediaJobRoutes(ctx, { ...openMediaApi(core, cleanups), history: core.history }));
  const batches = new BatchService({
    config,
    catalog,
    renders,
    renderStore: core.store,
    batches: core.batchStore,
    idempotency: new IdempotencyKeys(commands, (owner, keyHash) => keys.batchIdempotency(owner, keyHash)),
    logger,
    baseUrl: () => core.baseUrl.current,
    checkWebhookTarget: async (url) => void (await resolveWebhookTarget(url, { allowPrivate: config.webhooks.allowPrivate })),
  });
  const enqueueResumer = new EnqueueResumer({ redis: commands, keys, renders, batches, batchStore: core.batchStore, logger });
  enqueueResumer.start();
  cleanups.push(() => enqueueResumer.stop());
  ctx.extraRoutes.push(
    ...assetRoutes(ctx, assets),
    ...batchRoutes(ctx, { batches, batchStore: core.batchStore, renderStore: core.store, tmpDir: batchTmpDir(core.dataDir), history: core.history }),
    ...usageRoutes(ctx, { usage: core.usage, store: core.store, cache: core.cache }),
  );
  const { app, routes } = createApp(ctx, [
    { name: 'render.succeeded', summary: 'A render finished with an output (also render.failed, render.canceled, render.started)', body: webhookEventBodySchema },
    { name: 'media.succeeded', summary: 'A media job finished with its outputs (also media.failed, media.canceled, media.started)', body: mediaWebhookBodySchema },
  ]);
  const server = http.createServer(app);
  // SSE and keep-alive sockets would hold close() open for ever: end them as part of stopping.
  cleanups.push(async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const stream of ctx.streams) stream.end();
    server.closeIdleConnections();
    await closed;
  });
  // Pushed after the server's clean-up, so it runs before it: its SSE streams end first.
  if (studio) cleanups.push(() => studio.close());
  const address = await listen(server, config.http.host, config.http.port);
  const shown = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  core.baseUrl.current = config.http.publicUrl ?? `http://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}`;
  logger.info({ url: core.baseUrl.current, redis: core.redis.description, storage: core.storage.kind, auth: gatekeeper.authRequired }, 'API listening');
  return { url: core.baseUrl.current, app, routes, sweeper, enqueueResumer };
}
