import type { Logger } from '../observability/logger.ts';
import type { RenderNotifier } from '../renders/render-hooks.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import type { RenderStore } from '../renders/render-store.ts';
import type { WebhookEventType } from '../renders/schemas.ts';
import type { DeliveryEvent } from '../webhooks/webhook-job.ts';
import type { BatchStore } from './batch-store.ts';
import { batchView } from './batch-view.ts';

export interface BatchTrackerDeps {
  batches: BatchStore;
  renders: RenderStore;
  logger: Logger;
  baseUrl: () => string;
  retentionMs: number;
  /** WEBHOOK_URL: it receives batch.completed too. */
  defaultWebhookUrl: string | undefined;
  deliver: (subjectId: string, event: DeliveryEvent, url: string, body: string) => Promise<void>;
}

/**
 * Sits in front of the webhook dispatcher: every final state of every render passes here (worker,
 * API cancel, cache hit, reconciler alike), so this is where a batch learns its last row finished
 * and sends `batch.completed` exactly once.
 */
export class BatchTracker implements RenderNotifier {
  constructor(
    private readonly inner: RenderNotifier,
    private readonly deps: BatchTrackerDeps,
  ) {}

  async notify(event: WebhookEventType, record: RenderRecord): Promise<void> {
    try {
      await this.inner.notify(event, record);
    } finally {
      if (record.batchId && event !== 'render.started') await this.rowFinished(record.batchId, record.id);
    }
  }

  private async rowFinished(batchId: string, renderId: string): Promise<void> {
    const { deps } = this;
    if (!(await deps.batches.finishRow(batchId, renderId))) return;
    await deps.batches.expire(batchId, deps.retentionMs);
    const batch = await deps.batches.get(batchId);
    if (!batch) return;
    deps.logger.info({ batchId, rows: batch.accepted }, 'batch completed');
    const targets = new Set([batch.webhookUrl, deps.defaultWebhookUrl].filter((u): u is string => Boolean(u)));
    if (!targets.size) return;
    const view = await batchView({ batches: deps.batches, renders: deps.renders, baseUrl: deps.baseUrl() }, batch, { detail: true });
    const body = JSON.stringify({ type: 'batch.completed', timestamp: new Date().toISOString(), data: view });
    for (const url of targets) await deps.deliver(batchId, 'batch.completed', url, body);
  }
}
