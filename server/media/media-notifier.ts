import type { Queue } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { WebhookHistory } from '../webhooks/history.ts';
import { newDeliveryId } from '../webhooks/signing.ts';
import { webhookJobSchema, type WebhookJob } from '../webhooks/webhook-job.ts';
import type { MediaRecord } from './media-record.ts';
import { DEFAULT_MEDIA_EVENTS, type MediaWebhookEvent } from './media-schemas.ts';
import type { MediaStore } from './media-store.ts';
import { toMediaJob } from './media-view.ts';

/**
 * Media-job events as webhooks: queued on the render webhooks' queue, so they are signed,
 * retried with back-off and recorded exactly as render.* events are.
 */
export class MediaNotifier {
  constructor(private readonly deps: { queue: Queue; store: MediaStore; history: WebhookHistory; config: ServiceConfig; logger: Logger; baseUrl: () => string }) {}

  async notify(event: MediaWebhookEvent, record: MediaRecord): Promise<void> {
    const urls = new Set<string>();
    const own = record.request.webhook;
    if (own && (own.events ?? DEFAULT_MEDIA_EVENTS).includes(event)) urls.add(own.url);
    const fallback = this.deps.config.webhooks.defaultUrl;
    if (fallback && DEFAULT_MEDIA_EVENTS.includes(event)) urls.add(fallback);
    if (!urls.size) return;
    const { deps } = this;
    const stored = await deps.store.get(record.id);
    const state = stored?.status === record.status ? stored : record;
    const body = JSON.stringify({ type: event, timestamp: new Date().toISOString(), data: toMediaJob(state, deps.baseUrl()) });
    const { webhooks } = deps.config;
    for (const url of urls) {
      const job: WebhookJob = webhookJobSchema.parse({ v: 1, id: newDeliveryId(), renderId: record.id, event, url, body });
      await deps.history.created(record.id, { id: job.id, event, url, createdAt: new Date().toISOString() });
      await deps.queue.add('deliver', job, {
        jobId: job.id,
        attempts: webhooks.attempts,
        backoff: { type: 'exponential', delay: webhooks.backoffMs },
        removeOnComplete: { age: Math.ceil(deps.config.retentionMs / 1000) },
        removeOnFail: { age: Math.ceil(deps.config.retentionMs / 1000) },
      });
      deps.logger.info({ mediaJobId: record.id, webhookId: job.id, event, url }, 'webhook queued');
    }
  }

  /** Never lets a failed notification undo the state change it reports. */
  async notifySafely(event: MediaWebhookEvent, record: MediaRecord, logger: Logger): Promise<void> {
    try {
      await this.notify(event, record);
    } catch (error) {
      logger.error({ err: error, mediaJobId: record.id, event }, 'could not queue the webhook for this event');
    }
  }
}
