import type { Redis } from 'ioredis';
import type { ServiceConfig } from '../config/load-config.ts';
import { commandConnection } from '../redis/connection.ts';
import { EmbeddedRedis } from '../redis/embedded-redis.ts';
import { RedisKeys } from '../redis/keys.ts';
import { ApiKeyStore } from './api-keys.ts';

/**
 * Runs `work` against the store a server of this configuration uses: REDIS_URL, or the embedded
 * Redis of the data dir — the running server's, or one started just for this command (and
 * stopped after, its append-only file holding the change for the next server start).
 */
export async function withKeyStore<T>(config: ServiceConfig, dataDir: string, work: (store: ApiKeyStore, redis: Redis, keys: RedisKeys) => Promise<T>): Promise<T> {
  const embedded = config.redis.url ? undefined : await EmbeddedRedis.start({ dataDir, adoptOrphans: false });
  const redis = commandConnection(config.redis.url ? { url: config.redis.url } : { socket: embedded!.socket }, 'framewright-keys');
  try {
    const keys = new RedisKeys(config.redis.prefix);
    return await work(new ApiKeyStore(redis, keys), redis, keys);
  } finally {
    await redis.quit();
    await embedded?.stop();
  }
}
