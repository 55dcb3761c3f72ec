import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { Project } from '../../../src/bundle/project.ts';
import { loadConfig, type ServiceConfig } from '../../../server/config/load-config.ts';
import { createLogger } from '../../../server/observability/logger.ts';
import { startService, type RunningService } from '../../../server/service.ts';
import { tempDir } from '../../helpers/project.ts';

export const serviceProjectDir = fileURLToPath(new URL('../fixtures/project/', import.meta.url));
/** The Redis every machine of this project has; tests isolate themselves with a random prefix. */
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function serviceProject(dataDir: string): Project {
  return Project.fromConfig(serviceProjectDir, { templateRoot: 'index.ts', publicDir: '../../../fixtures/project/public', dataDir });
}

export function randomPrefix(): string {
  return `fwt-${randomBytes(6).toString('hex')}`;
}

/** Environment of a test service: loopback, a free port, private prefix and data dir, quick recovery timings. */
export function testEnv(dataDir: string, overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    REDIS_URL: SHARED_REDIS_URL,
    QUEUE_PREFIX: randomPrefix(),
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RENDER_CONCURRENCY: '1',
    RENDER_BACKOFF: '200ms',
    WORKER_LOCK_DURATION: '4s',
    WORKER_STALLED_INTERVAL: '2s',
    SHUTDOWN_TIMEOUT: '5s',
    TEMPLATE_RELOAD_INTERVAL: '60s',
    ...overrides,
  };
}

export interface TestService {
  service: RunningService;
  url: string;
  config: ServiceConfig;
  /** The environment the service was configured from (give it to spawned workers). */
  env: Record<string, string | undefined>;
  dataDir: string;
  /** Stops the service, deletes its Redis keys and its data dir. */
  stop(): Promise<void>;
}

/** A service in this process (API and, unless told otherwise, a worker). */
export async function startTestService(options: { env?: Record<string, string | undefined>; api?: boolean; worker?: boolean; dataDir?: string; project?: Project } = {}): Promise<TestService> {
  const own = options.dataDir ? undefined : tempDir('fw-service-');
  const dataDir = options.dataDir ?? own!.dir;
  const env = testEnv(dataDir, options.env);
  const config = loadConfig(env);
  let service: RunningService;
  try {
    service = await startService({
      config,
      project: options.project ?? serviceProject(dataDir),
      api: options.api ?? true,
      worker: options.worker ?? true,
      logger: createLogger(config.logLevel),
    });
  } catch (error) {
    // A start that fails on purpose (a test of the refusal) leaves nothing behind either.
    if (config.redis.url) await deleteKeys(config.redis.url, config.redis.prefix);
    own?.cleanup();
    throw error;
  }
  return {
    service,
    url: service.url ?? '',
    config,
    env,
    dataDir,
    async stop() {
      await service.close();
      if (config.redis.url) await deleteKeys(config.redis.url, config.redis.prefix);
      own?.cleanup();
    },
  };
}

/** Removes every key under a test's prefix. */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
