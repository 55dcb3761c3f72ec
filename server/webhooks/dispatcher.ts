import type { Queue } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { RenderNotifier } from '../renders/render-hooks.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import type { RenderStore } from '../renders/render-store.ts';
import { DEFAULT_WEBHOOK_EVENTS, toRender } from '../renders/render-view.ts';
import type { WebhookEventType } from '../renders/schemas.ts';
import type { WebhookHistory } from './history.ts';
import { queueDelivery, queueEventDeliveries, webhookTargets } from './queue-delivery.ts';
import type { DeliveryEvent } from './webhook-job.ts';

/**
 * Turns render events into webhook deliveries: one per target (the render's own webhook, the
 * server's WEBHOOK_URL) that wants the event, queued on their own BullMQ queue with back-off.
 */
export class WebhookDispatcher implements RenderNotifier {
  constructor(
    private readonly deps: { queue: Queue; store: RenderStore; history: WebhookHistory; config: ServiceConfig; logger: Logger; baseUrl: () => string },
  ) {}

  async notify(event: WebhookEventType, record: RenderRecord): Promise<void> {
    const targets = webhookTargets(event, record.request.webhook, DEFAULT_WEBHOOK_EVENTS, this.deps.config);
    await queueEventDeliveries(this.deps, event, record, targets, (state) => toRender(state, this.deps.baseUrl()));
  }

  /** Queues one signed delivery of `body` to `url` (retried with back-off, history kept under `subjectId`). */
  async deliver(subjectId: string, event: DeliveryEvent, url: string, body: string): Promise<void> {
    await queueDelivery(this.deps, subjectId, event, url, body);
  }
}
