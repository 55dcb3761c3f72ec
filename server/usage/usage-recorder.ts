import type { Logger } from '../observability/logger.ts';
import type { RenderNotifier } from '../renders/render-hooks.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import type { WebhookEventType } from '../renders/schemas.ts';
import type { UsageStore } from './usage-store.ts';

/**
 * Counts every final state of every render into its key's usage: it sits in the one notifier
 * chain that the worker, the API (cancel, cache hits) and the reconciler all report through.
 */
export class UsageRecorder implements RenderNotifier {
  constructor(
    private readonly inner: RenderNotifier,
    private readonly usage: UsageStore,
    private readonly logger: Logger,
    /** The stored record: the caller's copy may lack fields set since it was read (startedAt). */
    private readonly stored: (id: string) => Promise<RenderRecord | undefined>,
  ) {}

  async notify(event: WebhookEventType, record: RenderRecord): Promise<void> {
    try {
      await this.count(event, record);
    } catch (error) {
      // Usage is bookkeeping: a failure to count must not stop the render's webhooks.
      this.logger.error({ err: error, renderId: record.id }, 'could not record usage');
    }
    await this.inner.notify(event, record);
  }

  private async count(event: WebhookEventType, record: RenderRecord): Promise<void> {
    const at = record.finishedAt ?? Date.now();
    if (event === 'render.failed') return this.usage.add(record.owner, at, { failedRenders: 1 });
    if (event === 'render.canceled') return this.usage.add(record.owner, at, { canceledRenders: 1 });
    if (event !== 'render.succeeded') return;
    if (record.cachedFrom) return this.usage.add(record.owner, at, { renders: 1, cachedRenders: 1 });
    const output = record.output;
    const startedAt = record.startedAt ?? (await this.stored(record.id))?.startedAt;
    await this.usage.add(record.owner, at, {
      renders: 1,
      frames: output?.frames ?? 0,
      renderedSeconds: output?.durationSeconds ?? 0,
      renderWallSeconds: startedAt && record.finishedAt ? Math.max(0, record.finishedAt - startedAt) / 1000 : 0,
      bytesStored: output?.bytes ?? 0,
    });
  }
}
