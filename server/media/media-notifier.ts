import type { Queue } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { WebhookHistory } from '../webhooks/history.ts';
import { queueEventDeliveries, webhookTargets } from '../webhooks/queue-delivery.ts';
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
    const targets = webhookTargets(event, record.request.webhook, DEFAULT_MEDIA_EVENTS, this.deps.config);
    await queueEventDeliveries(this.deps, event, record, targets, (state) => toMediaJob(state, this.deps.baseUrl()), { mediaJobId: record.id });
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
