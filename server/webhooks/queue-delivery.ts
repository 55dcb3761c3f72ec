import type { Queue } from 'bullmq';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { WebhookHistory } from './history.ts';
import { newDeliveryId } from './signing.ts';
import { webhookJobSchema, type DeliveryEvent, type WebhookJob } from './webhook-job.ts';

export interface DeliveryDeps {
  queue: Queue;
  history: WebhookHistory;
  config: ServiceConfig;
  logger: Logger;
}

/**
 * Who gets `event`: the subject's own webhook if it asked for the event (or, naming none, for
 * one of `defaults`), and the server's WEBHOOK_URL for the default events; each URL once.
 */
export function webhookTargets<E extends string>(
  event: E,
  own: { url: string; events?: readonly E[] | undefined } | undefined,
  defaults: readonly E[],
  config: ServiceConfig,
): string[] {
  const urls = new Set<string>();
  if (own && (own.events ?? defaults).includes(event)) urls.add(own.url);
  const fallback = config.webhooks.defaultUrl;
  if (fallback && defaults.includes(event)) urls.add(fallback);
  return [...urls];
}

/**
 * Queues one signed delivery of `body` to `url` on the webhooks' queue (retried with back-off,
 * kept as long as records, history under `subjectId`). `logFields` names the subject in the log.
 */
export async function queueDelivery(
  deps: DeliveryDeps,
  subjectId: string,
  event: DeliveryEvent,
  url: string,
  body: string,
  logFields: Record<string, string> = { subjectId },
): Promise<void> {
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
  deps.logger.info({ ...logFields, webhookId: job.id, event, url }, 'webhook queued');
}

/**
 * Queues `event` about `record` to every target that wants it. The body is the stored record
 * (the whole truth: progress, timestamps; the caller's copy may be partial), unless the record
 * has moved on already: then the event's own state is sent.
 */
export async function queueEventDeliveries<E extends DeliveryEvent, R extends { id: string; status: string }>(
  deps: DeliveryDeps & { store: { get(id: string): Promise<R | undefined> } },
  event: E,
  record: R,
  targets: readonly string[],
  view: (state: R) => unknown,
  logFields?: Record<string, string>,
): Promise<void> {
  if (!targets.length) return;
  const stored = await deps.store.get(record.id);
  const state = stored?.status === record.status ? stored : record;
  const body = JSON.stringify({ type: event, timestamp: new Date().toISOString(), data: view(state) });
  for (const url of targets) await queueDelivery(deps, record.id, event, url, body, logFields);
}
