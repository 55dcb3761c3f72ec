import type { Redis } from 'ioredis';
import type { ServiceConfig } from '../config/load-config.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { newWebhookSecret } from './signing.ts';

/**
 * The webhook signing secrets: WEBHOOK_SECRETS when set; otherwise one generated on first start
 * and kept in Redis, so every process of a deployment signs with the same one (print it with
 * `framewright webhooks secret`).
 */
export async function webhookSecrets(config: ServiceConfig, redis: Redis, keys: RedisKeys): Promise<{ secrets: string[]; generated: boolean }> {
  if (config.webhooks.secrets.length) return { secrets: config.webhooks.secrets, generated: false };
  await redis.set(keys.webhookSecret, newWebhookSecret(), 'NX');
  const secret = await redis.get(keys.webhookSecret);
  if (!secret) throw new Error('the generated webhook secret vanished from Redis');
  return { secrets: [secret], generated: true };
}
