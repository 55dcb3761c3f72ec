import type { Project } from '../../src/bundle/project.ts';
import type { RenderHost } from '../../src/render/render-host.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import type { RenderSplitter } from '../distributed/render-splitter.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { RenderCache } from '../renders/render-cache.ts';
import type { ConcurrencyGate, RenderNotifier } from '../renders/render-hooks.ts';
import type { RenderStore } from '../renders/render-store.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * What a render job needs from its process. Its own module so that the processor, the finishing
 * steps and the failure path all read it without importing one another.
 */
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
