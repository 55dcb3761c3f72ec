import type { Queue } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
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
  constructor(private readonly deps: { queue: Queue; store: MediaStore; history: WebhookHistory; config: ServiceConfig; logger: Logger; baseUrl: () => string; metrics: Metrics }) {}

  async notify(event: MediaWebhookEvent, record: MediaRecord): Promise<void> {
    const targets = webhookTargets(event, record.request.webhook, DEFAULT_MEDIA_EVENTS, this.deps.config);
    await queueEventDeliveries(this.deps, event, record, targets, (state) => toMediaJob(state, this.deps.baseUrl()), { mediaJobId: record.id });
  }

  /**
   * Never lets a failed notification undo the state change it reports. Every state change of a
   * job passes here exactly once (worker, cancel, queueing failure), so it is also counted here.
   */
  async notifySafely(event: MediaWebhookEvent, record: MediaRecord, logger: Logger): Promise<void> {
    this.count(event, record);
    try {
      await this.notify(event, record);
    } catch (error) {
      logger.error({ err: error, mediaJobId: record.id, event }, 'could not queue the webhook for this event');
    }
  }

  private count(event: MediaWebhookEvent, record: MediaRecord): void {
    const status = FINAL_STATUS[event];
    if (!status) return;
    this.deps.metrics.mediaJobsTotal.inc({ status });
    if (status === 'succeeded' && record.startedAt && record.finishedAt) this.deps.metrics.mediaJobSeconds.observe((record.finishedAt - record.startedAt) / 1000);
  }
}

const FINAL_STATUS: Partial<Record<MediaWebhookEvent, 'succeeded' | 'failed' | 'canceled'>> = {
  'media.succeeded': 'succeeded',
  'media.failed': 'failed',
  'media.canceled': 'canceled',
};
