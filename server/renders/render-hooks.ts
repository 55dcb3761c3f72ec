import type { Logger } from '../observability/logger.ts';
import type { RenderRecord } from './render-record.ts';
import type { WebhookEventType } from './schemas.ts';

/**
 * Extension points of a render's life that the core does not implement itself: webhook
 * delivery and per-owner concurrency quotas plug in here (see server/webhooks, server/limits).
 */
export interface RenderNotifier {
  /** Called after the render's record reached the state the event names. */
  notify(event: WebhookEventType, record: RenderRecord): Promise<void>;
}

export type SlotDecision = { granted: true } | { granted: false; active: number; limit: number };

export interface ConcurrencyGate {
  /** Claims one of the owner's concurrent-render slots for this render (idempotent per render). */
  acquire(owner: string, renderId: string): Promise<SlotDecision>;
  /** Keeps the claim alive while the render runs (a crashed worker's claim lapses). */
  renew(owner: string, renderId: string): Promise<void>;
  release(owner: string, renderId: string): Promise<void>;
}

export const noNotifier: RenderNotifier = { notify: async () => undefined };

export const unlimitedGate: ConcurrencyGate = {
  acquire: async () => ({ granted: true }),
  renew: async () => undefined,
  release: async () => undefined,
};

/**
 * Notifies without letting a failed notification undo the state change it reports (the render
 * did succeed even if its webhook could not be queued); the failure is logged as an error.
 */
export async function notifySafely(notifier: RenderNotifier, event: WebhookEventType, record: RenderRecord, logger: Logger): Promise<void> {
  try {
    await notifier.notify(event, record);
  } catch (error) {
    logger.error({ err: error, renderId: record.id, event }, 'could not queue the webhook for this event');
  }
}
