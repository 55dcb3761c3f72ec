import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { FramewrightError } from '../../src/errors/index.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { WebhookHistory, WebhookDelivery } from './history.ts';
import type { Resolver } from '../../src/net/index.ts';
import { postPinned, resolveWebhookTarget } from './post-pinned.ts';
import { webhookHeaders } from './signing.ts';
import { WEBHOOK_QUEUE, webhookJobSchema } from './webhook-job.ts';

/** Deliveries in flight at once per process: receivers are slow, the work is waiting. */
const DELIVERY_CONCURRENCY = 8;

export interface DeliveryDeps {
  config: ServiceConfig;
  history: WebhookHistory;
  metrics: Metrics;
  logger: Logger;
  /** The signing secrets: the first signs (the others only matter to receivers during rotation). */
  secrets: string[];
  resolve?: Resolver;
}

/**
 * Delivers one webhook attempt: check the target (again: DNS may have changed), sign with the
 * current timestamp, POST to the checked address with a timeout, record the attempt. Any 2xx
 * is delivered, 410 stops for good, anything else is retried with exponential back-off.
 */
export async function deliverWebhook(job: Job, deps: DeliveryDeps): Promise<void> {
  const data = webhookJobSchema.parse(job.data);
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const started = Date.now();
  const record = (status: WebhookDelivery['status'], responseStatus: number | null, error: string | null) =>
    deps.history.attempted(data.renderId, data.id, { at: new Date(started).toISOString(), responseStatus, error, durationMs: Date.now() - started }, status);
  const log = deps.logger.child({ renderId: data.renderId, webhookId: data.id, attempt: job.attemptsMade + 1 });

  let target;
  try {
    target = await resolveWebhookTarget(data.url, { allowPrivate: deps.config.webhooks.allowPrivate, ...(deps.resolve ? { resolve: deps.resolve } : {}) });
  } catch (error) {
    await record('refused', null, (error as Error).message);
    deps.metrics.webhookDeliveries.inc({ outcome: 'refused' });
    throw new UnrecoverableError((error as Error).message);
  }
  let status: number;
  try {
    ({ status } = await postPinned(target, webhookHeaders(deps.secrets[0]!, data.id, data.body), data.body, deps.config.webhooks.timeoutMs));
  } catch (error) {
    const message = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError' ? `no answer within ${deps.config.webhooks.timeoutMs} ms` : (error as Error).message;
    await record(last ? 'failed' : 'pending', null, message);
    deps.metrics.webhookDeliveries.inc({ outcome: 'error' });
    log.warn({ url: data.url, error: message }, 'webhook attempt failed');
    throw new FramewrightError('WEBHOOK_DELIVERY_FAILED', `Webhook to ${data.url} failed: ${message}`, { cause: error });
  }
  if (status >= 200 && status < 300) {
    await record('delivered', status, null);
    deps.metrics.webhookDeliveries.inc({ outcome: 'delivered' });
    log.info({ url: data.url, status }, 'webhook delivered');
    return;
  }
  if (status === 410) {
    await record('gone', status, 'the receiver answered 410 Gone: no more attempts');
    deps.metrics.webhookDeliveries.inc({ outcome: 'gone' });
    throw new UnrecoverableError(`Webhook receiver ${data.url} answered 410 Gone`);
  }
  await record(last ? 'failed' : 'pending', status, `the receiver answered ${status}`);
  deps.metrics.webhookDeliveries.inc({ outcome: 'rejected' });
  log.warn({ url: data.url, status }, 'webhook attempt rejected by the receiver');
  throw new FramewrightError('WEBHOOK_DELIVERY_FAILED', `Webhook receiver ${data.url} answered ${status}`);
}

export function startDeliveryWorker(deps: DeliveryDeps, connection: ConnectionOptions): Worker {
  const worker = new Worker(WEBHOOK_QUEUE, (job: Job) => deliverWebhook(job, deps), {
    connection,
    prefix: deps.config.redis.prefix,
    concurrency: DELIVERY_CONCURRENCY,
  });
  worker.on('error', (error) => deps.logger.error({ err: error }, 'webhook worker error'));
  return worker;
}
