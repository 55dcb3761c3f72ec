import { z } from 'zod';
import { renderSchema, webhookEventSchema } from '../renders/schemas.ts';
import { mediaWebhookEventSchema } from '../media/media-schemas.ts';

export const WEBHOOK_QUEUE = 'webhook-jobs';

/** Every event a delivery may carry: a render's, a media job's, and `batch.completed` (its subject is the batch). */
export const deliveryEventSchema = z.union([webhookEventSchema, mediaWebhookEventSchema, z.literal('batch.completed')]);
export type DeliveryEvent = z.infer<typeof deliveryEventSchema>;

/** A delivery as queued: the body is fixed when the event happens, so every attempt sends the same bytes. */
export const webhookJobSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().min(1),
  /** The render, the media job, or (for batch.completed) the batch the event is about; its history is kept under it. */
  renderId: z.string().min(1),
  event: deliveryEventSchema,
  url: z.string().min(1),
  body: z.string(),
});
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/** What a receiver gets: the event, when it happened, and the render as GET /v1/renders/:id shows it. */
export const webhookEventBodySchema = z
  .object({ type: webhookEventSchema, timestamp: z.iso.datetime(), data: renderSchema })
  .meta({ id: 'WebhookEvent' });
