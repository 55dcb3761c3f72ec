import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import { describeTarget, type RedisTarget } from './connection.ts';
import { EmbeddedRedis } from './embedded-redis.ts';

export interface OpenedRedis {
  target: RedisTarget;
  /** Set when the embedded Redis of the data dir is used. */
  embedded: EmbeddedRedis | undefined;
  description: string;
}

/** REDIS_URL when given; otherwise the embedded Redis of the data dir, started if needed. */
export async function openRedis(config: ServiceConfig, dataDir: string, logger: Logger, options: { adoptOrphans: boolean }): Promise<OpenedRedis> {
  if (config.redis.url) {
    const target = { url: config.redis.url };
    return { target, embedded: undefined, description: describeTarget(target) };
  }
  const embedded = await EmbeddedRedis.start({ dataDir, adoptOrphans: options.adoptOrphans });
  const target = { socket: embedded.socket };
  logger.info(
    { socket: embedded.socket, dir: embedded.paths.dir, pid: embedded.pid, owned: embedded.owned },
    embedded.owned ? 'embedded Redis running (append-only file on)' : 'using the embedded Redis another process of this data dir runs',
  );
  return { target, embedded, description: `embedded (${describeTarget(target)}, data in ${embedded.paths.dir})` };
}
