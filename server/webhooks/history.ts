import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from '../redis/keys.ts';
import { deliveryEventSchema } from './webhook-job.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'gone', 'refused'] as const;

export const webhookAttemptSchema = z.object({
  at: z.iso.datetime(),
  responseStatus: z.number().int().nullable().describe('HTTP status of the receiver, null when none came'),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

export const webhookDeliverySchema = z
  .object({
    id: z.string().describe('The webhook-id header, the same on every attempt'),
    event: deliveryEventSchema,
    url: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    createdAt: z.iso.datetime(),
    attempts: z.array(webhookAttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

/** Every delivery of a render's events and every attempt of each, kept as long as the render. */
export class WebhookHistory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly retentionMs: number,
  ) {}

  private async write(renderId: string, delivery: WebhookDelivery): Promise<void> {
    const key = this.keys.webhookAttempts(renderId);
    await this.redis.multi().hset(key, delivery.id, JSON.stringify(delivery)).pexpire(key, this.retentionMs).exec();
  }

  async created(renderId: string, delivery: Omit<WebhookDelivery, 'status' | 'attempts'>): Promise<void> {
    await this.write(renderId, { ...delivery, status: 'pending', attempts: [] });
  }

  async attempted(renderId: string, deliveryId: string, attempt: WebhookAttempt, status: WebhookDelivery['status']): Promise<void> {
    const stored = await this.redis.hget(this.keys.webhookAttempts(renderId), deliveryId);
    if (!stored) return;
    const delivery = webhookDeliverySchema.parse(JSON.parse(stored));
    await this.write(renderId, { ...delivery, status, attempts: [...delivery.attempts, attempt] });
  }

  async list(renderId: string): Promise<WebhookDelivery[]> {
    const all = await this.redis.hvals(this.keys.webhookAttempts(renderId));
    return all.map((text) => webhookDeliverySchema.parse(JSON.parse(text))).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
