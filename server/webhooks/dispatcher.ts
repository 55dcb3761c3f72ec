import type { Queue } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { RenderNotifier } from '../renders/render-hooks.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import type { RenderStore } from '../renders/render-store.ts';
import { DEFAULT_WEBHOOK_EVENTS, toRender } from '../renders/render-view.ts';
import type { WebhookEventType } from '../renders/schemas.ts';
import type { WebhookHistory } from './history.ts';
import { newDeliveryId } from './signing.ts';
import { webhookJobSchema, type DeliveryEvent, type WebhookJob } from './webhook-job.ts';

/**
 * Turns render events into webhook deliveries: one per target (the render's own webhook, the
 * server's WEBHOOK_URL) that wants the event, queued on their own BullMQ queue with back-off.
 */
export class WebhookDispatcher implements RenderNotifier {
  constructor(
    private readonly deps: { queue: Queue; store: RenderStore; history: WebhookHistory; config: ServiceConfig; logger: Logger; baseUrl: () => string },
  ) {}

  private targets(event: WebhookEventType, record: RenderRecord): string[] {
    const urls = new Set<string>();
    const own = record.request.webhook;
    if (own && (own.events ?? DEFAULT_WEBHOOK_EVENTS).includes(event)) urls.add(own.url);
    const fallback = this.deps.config.webhooks.defaultUrl;
    if (fallback && DEFAULT_WEBHOOK_EVENTS.includes(event)) urls.add(fallback);
    return [...urls];
  }

  async notify(event: WebhookEventType, record: RenderRecord): Promise<void> {
    const urls = this.targets(event, record);
    if (!urls.length) return;
    const { deps } = this;
    // The stored record is the whole truth (progress, timestamps); the caller's copy may be
    // partial. Unless the render has moved on already: then the event's own state is sent.
    const stored = await deps.store.get(record.id);
    const state = stored?.status === record.status ? stored : record;
    const body = JSON.stringify({ type: event, timestamp: new Date().toISOString(), data: toRender(state, deps.baseUrl()) });
    for (const url of urls) await this.deliver(record.id, event, url, body);
  }

  /** Queues one signed delivery of `body` to `url` (retried with back-off, history kept under `subjectId`). */
  async deliver(subjectId: string, event: DeliveryEvent, url: string, body: string): Promise<void> {
    const { deps } = this;
    const { webhooks } = deps.config;
    const job: WebhookJob = webhookJobSchema.parse({ v: 1, id: newDeliveryId(), renderId: subjectId, event, url, body });
    await deps.history.created(subjectId, { id: job.id, event, url, createdAt: new Date().toISOString() });
    await deps.queue.add('deliver', job, {
      jobId: job.id,
      attempts: webhooks.attempts,
      backoff: { type: 'exponential', delay: webhooks.backoffMs },
      removeOnComplete: { age: Math.ceil(deps.config.retentionMs / 1000) },
      removeOnFail: { age: Math.ceil(deps.config.retentionMs / 1000) },
    });
    deps.logger.info({ subjectId, webhookId: job.id, event, url }, 'webhook queued');
  }
}
