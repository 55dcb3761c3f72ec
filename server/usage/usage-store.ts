import type { Redis } from 'ioredis';
import { execAll } from '../redis/exec.ts';
import type { RedisKeys } from '../redis/keys.ts';

/** What is counted per key: per UTC day, and since the start. */
export const USAGE_FIELDS = ['renders', 'failedRenders', 'canceledRenders', 'cachedRenders', 'frames', 'renderedSeconds', 'renderWallSeconds', 'bytesStored'] as const;
export type UsageField = (typeof USAGE_FIELDS)[number];
export type Usage = Record<UsageField, number>;

/** Day keys are kept a little over a year. */
const DAY_TTL_SECONDS = 400 * 86_400;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function emptyUsage(): Usage {
  return Object.fromEntries(USAGE_FIELDS.map((f) => [f, 0])) as Usage;
}

function parseUsage(hash: Record<string, string>): Usage {
  const usage = emptyUsage();
  for (const field of USAGE_FIELDS) if (hash[field] !== undefined) usage[field] = Number(hash[field]);
  // Float sums carry binary noise (0.30000000000000004): report what a person would write.
  usage.renderedSeconds = Math.round(usage.renderedSeconds * 1000) / 1000;
  usage.renderWallSeconds = Math.round(usage.renderWallSeconds * 1000) / 1000;
  return usage;
}

/** Usage counters in Redis, shared by every API and worker process. */
export class UsageStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async add(owner: string, at: number, delta: Partial<Usage>): Promise<void> {
    const entries = Object.entries(delta).filter(([, v]) => v) as Array<[UsageField, number]>;
    if (!entries.length) return;
    const day = this.keys.usage(owner, utcDay(at));
    const total = this.keys.usageTotal(owner);
    const multi = this.redis.multi();
    for (const key of [day, total]) {
      for (const [field, value] of entries) {
        if (Number.isInteger(value)) multi.hincrby(key, field, value);
        else multi.hincrbyfloat(key, field, value);
      }
    }
    multi.expire(day, DAY_TTL_SECONDS);
    multi.sadd(this.keys.usageOwners, owner);
    await execAll(multi);
  }

  /** One entry per day from `from` to `to` (UTC dates, inclusive), days without usage as zeros. */
  async days(owner: string, from: string, to: string): Promise<Array<{ date: string } & Usage>> {
    const dates: string[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) dates.push(utcDay(t));
    const pipeline = this.redis.pipeline();
    for (const date of dates) pipeline.hgetall(this.keys.usage(owner, date));
    const hashes = (await execAll(pipeline)) as Array<Record<string, string>>;
    return dates.map((date, i) => ({ date, ...parseUsage(hashes[i]!) }));
  }

  async total(owner: string): Promise<Usage> {
    return parseUsage(await this.redis.hgetall(this.keys.usageTotal(owner)));
  }

  /** Totals of every key with usage (for Prometheus). */
  async totals(): Promise<Map<string, Usage>> {
    const owners = await this.redis.smembers(this.keys.usageOwners);
    const pipeline = this.redis.pipeline();
    for (const owner of owners) pipeline.hgetall(this.keys.usageTotal(owner));
    const hashes = (await execAll(pipeline)) as Array<Record<string, string>>;
    return new Map(owners.map((owner, i) => [owner, parseUsage(hashes[i]!)]));
  }
}
