import type { Request, RequestHandler, Response } from 'express';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { CatalogCache } from '../renders/catalog-cache.ts';
import type { RenderEvents } from '../renders/render-events.ts';
import type { Principal } from '../auth/principal.ts';
import type { RenderService } from '../renders/render-service.ts';
import type { StillRenderer } from '../renders/still-renderer.ts';
import type { Storage } from '../storage/storage.ts';
import type { Route } from './route.ts';

/** A readiness probe: resolves when the dependency answers, rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<void>;

/** Resolves who is calling; throws UNAUTHORIZED or RATE_LIMITED (setting headers on `res`). */
export interface Gatekeeper {
  admit(req: Request, res: Response): Promise<Principal>;
  /** Whether keys are required (false: auth is off and everything belongs to `public`). */
  readonly authRequired: boolean;
}

/** Everything the HTTP layer needs; built by the service, replaced by fakes in no test. */
export interface AppContext {
  config: ServiceConfig;
  logger: Logger;
  metrics: Metrics;
  baseUrl: string;
  catalog: CatalogCache;
  renders: RenderService;
  events: RenderEvents;
  storage: Storage;
  stills: StillRenderer;
  gatekeeper: Gatekeeper;
  readiness: Record<string, ReadinessCheck>;
  /** Routes contributed by optional modules (webhook attempts, batches, ...). */
  extraRoutes: Route[];
  /** Open SSE responses, ended on shutdown so the HTTP server can close. */
  streams: Set<Response>;
  /** The Studio (studio/), mounted at /studio; absent, /studio is a placeholder page. */
  studio?: RequestHandler;
}

