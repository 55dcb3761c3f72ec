import { Redis } from 'ioredis';

/** Where Redis is: a URL (REDIS_URL) or the embedded server's unix socket. */
export type RedisTarget = { url: string } | { socket: string };

/** The connection options we use: a subset that both ioredis and BullMQ accept as they are. */
export interface ConnectionSettings {
  path?: string;
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
  connectionName?: string;
  maxRetriesPerRequest?: number | null;
  enableOfflineQueue?: boolean;
}

/** Connection options for a target; BullMQ takes the same object and opens its own connections. */
export function redisOptions(target: RedisTarget, extra: ConnectionSettings = {}): ConnectionSettings {
  if ('socket' in target) return { path: target.socket, ...extra };
  const url = new URL(target.url);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    ...extra,
  };
}

/**
 * A connection for the API's own commands. Requests fail after a few retries instead of
 * hanging while Redis is away, so a caller gets a 503 rather than a stuck request.
 */
export function commandConnection(target: RedisTarget, name: string): Redis {
  return new Redis(redisOptions(target, { connectionName: name, maxRetriesPerRequest: 3, enableOfflineQueue: true }));
}

/** A connection for blocking work and pub/sub: retries for ever, as BullMQ requires. */
export function durableConnection(target: RedisTarget, name: string): Redis {
  return new Redis(redisOptions(target, { connectionName: name, maxRetriesPerRequest: null }));
}

export function describeTarget(target: RedisTarget): string {
  if ('socket' in target) return `unix:${target.socket}`;
  const url = new URL(target.url);
  if (url.password) url.password = '***';
  return url.toString();
}
