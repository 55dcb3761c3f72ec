import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../server/http/problem.ts';
import type { Render } from '../../server/renders/schemas.ts';
import type { WebhookDelivery } from '../../server/webhooks/history.ts';
import { signWebhook } from '../../server/webhooks/signing.ts';
import { WEBHOOK_QUEUE } from '../../server/webhooks/webhook-job.ts';
import { freePort } from './helpers/cli-process.ts';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';

const SECRET = `whsec_${Buffer.from('framewright-test-secret-0123456789').toString('base64')}`;
const receivers: Receiver[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(script: number[], port?: number): Promise<Receiver> {
  const r = await startReceiver(script, port);
  receivers.push(r);
  return r;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

describe('webhooks (receivers on loopback, allowed by WEBHOOK_ALLOW_PRIVATE)', () => {
  let svc: TestService;
  const deliveries = async (id: string) => (await request<{ data: WebhookDelivery[] }>(`${svc.url}/v1/renders/${id}/webhooks`)).body.data;

  beforeAll(async () => {
    svc = await startTestService({ env: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_SECRETS: SECRET, WEBHOOK_BACKOFF: '300ms', WEBHOOK_ATTEMPTS: '8' } });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const small = (url: string, events?: string[]) => ({ template: 'color-frames', output: { frames: [0, 2], preset: 'ultrafast' }, cache: false, webhook: { url, ...(events ? { events } : {}) } });

  it('signs every event so that standardwebhooks verifies it; a tampered body or an old timestamp fails', async () => {
    const hooks = await receiver([200]);
    const created = await submitRender(svc.url, small(hooks.url, ['render.started', 'render.succeeded']));
    const done = await waitForRender(svc.url, created.id, isFinal);
    await until(async () => hooks.received.length, (n) => n >= 2);
    expect(hooks.received.map((r) => JSON.parse(r.body).type).sort()).toEqual(['render.started', 'render.succeeded']);

    const verifier = new Webhook(SECRET);
    for (const hook of hooks.received) {
      expect(hook.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      const payload = verifier.verify(hook.body, hook.headers) as { type: string; timestamp: string; data: Render };
      expect(payload.data.id).toBe(created.id);
    }
    const succeeded = hooks.received.find((r) => JSON.parse(r.body).type === 'render.succeeded')!;
    expect(JSON.parse(succeeded.body).data).toMatchObject({ id: done.id, status: 'succeeded', output: { url: done.output!.url, bytes: done.output!.bytes } });

    expect(() => verifier.verify(succeeded.body.replace('succeeded', 'failed'), succeeded.headers)).toThrow();
    const old = Math.floor(Date.now() / 1000) - 3_600;
    const oldHeaders = { ...succeeded.headers, 'webhook-timestamp': String(old), 'webhook-signature': signWebhook(SECRET, succeeded.headers['webhook-id']!, old, succeeded.body) };
    expect(() => verifier.verify(succeeded.body, oldHeaders)).toThrow(/timestamp/i);

    const history = await deliveries(created.id);
    expect(history.map((d) => d.status)).toEqual(['delivered', 'delivered']);
    expect(history.every((d) => d.attempts.length === 1 && d.attempts[0]!.responseStatus === 200)).toBe(true);
  });

  it('receiver down (connection refused), then up: delivered later with the same webhook-id', async () => {
    const port = await freePort();
    const created = await submitRender(svc.url, small(`http://127.0.0.1:${port}/hooks`));
    await waitForRender(svc.url, created.id, isFinal);
    const failing = await until(() => deliveries(created.id), (d) => (d[0]?.attempts.length ?? 0) >= 2);
    expect(failing[0]!.status).toBe('pending');
    expect(failing[0]!.attempts.every((a) => a.responseStatus === null && /ECONNREFUSED/.test(a.error ?? ''))).toBe(true);

    const hooks = await receiver([200], port);
    const delivered = await until(() => deliveries(created.id), (d) => d[0]?.status === 'delivered');
    expect(delivered[0]!.status).toBe('delivered');
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]!.headers['webhook-id']).toBe(delivered[0]!.id);
    expect(delivered[0]!.attempts.at(-1)!.responseStatus).toBe(200);
  });

  it('retries a 500 and stops at the 200, with the same webhook-id', async () => {
    const hooks = await receiver([500, 200]);
    const created = await submitRender(svc.url, small(hooks.url));
    await waitForRender(svc.url, created.id, isFinal);
    const history = await until(() => deliveries(created.id), (d) => d[0]?.status === 'delivered');
    expect(history[0]!.attempts.map((a) => a.responseStatus)).toEqual([500, 200]);
    expect(hooks.received.map((r) => r.status)).toEqual([500, 200]);
    expect(new Set(hooks.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([history[0]!.id]));
    // Each attempt is signed anew, with its own timestamp.
    for (const hook of hooks.received) expect(() => new Webhook(SECRET).verify(hook.body, hook.headers)).not.toThrow();
  });

  it('stops retrying on 410 Gone', async () => {
    const hooks = await receiver([410, 200]);
    const created = await submitRender(svc.url, small(hooks.url));
    await waitForRender(svc.url, created.id, isFinal);
    const history = await until(() => deliveries(created.id), (d) => d[0]?.status === 'gone');
    expect(history[0]!.status).toBe('gone');
    // No fixed wait: the delivery job itself is failed for good in BullMQ after one attempt,
    // so no retry can ever come (a retrying job would be delayed, not failed).
    const queue = new Queue(WEBHOOK_QUEUE, { connection: svc.service.core.bullConnection, prefix: svc.config.redis.prefix });
    try {
      const job = await until(() => queue.getJob(history[0]!.id), (j) => j !== undefined && j.finishedOn !== undefined);
      expect(await job!.getState()).toBe('failed');
      expect(job!.attemptsMade).toBe(1);
    } finally {
      await queue.close();
    }
    expect(hooks.received).toHaveLength(1);
    expect((await deliveries(created.id))[0]!.attempts).toHaveLength(1);
  });

  it('reports canceled renders', async () => {
    const hooks = await receiver([200]);
    const created = await submitRender(svc.url, { template: 'slow-frames', props: { msPerFrame: 100, frames: 300 }, webhook: { url: hooks.url } });
    await waitForRender(svc.url, created.id, (r) => r.status === 'active');
    await request(`${svc.url}/v1/renders/${created.id}/cancel`, { method: 'POST' });
    await until(async () => hooks.received.length, (n) => n >= 1);
    expect(JSON.parse(hooks.received[0]!.body)).toMatchObject({ type: 'render.canceled', data: { id: created.id, status: 'canceled' } });
  });
});

describe('webhook targets (default: private addresses refused)', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ worker: false });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it.each(['http://127.0.0.1:9/hooks', 'http://[::1]:9/hooks', 'http://localhost:9/hooks', 'http://169.254.169.254/latest/meta-data'])('refuses %s', async (url) => {
    const res = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', webhook: { url } } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('WEBHOOK_TARGET_REFUSED');
    expect(res.body.errors![0]!.path).toEqual(['webhook', 'url']);
  });
});

describe('server-wide settings: WEBHOOK_URL and CORS_ORIGINS', () => {
  let svc: TestService | undefined;
  afterAll(async () => {
    await svc?.stop();
  });

  it('delivers every render’s events to WEBHOOK_URL, signed, and answers CORS only for the configured origin', async () => {
    const hooks = await receiver([200, 200, 200]);
    svc = await startTestService({
      env: { WEBHOOK_URL: hooks.url, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_SECRETS: SECRET, CORS_ORIGINS: 'https://app.example.com' },
    });
    // No webhook in the request: the server default receives the final event.
    const created = await submitRender(svc.url, { template: 'color-frames', output: { frames: [0, 2], preset: 'ultrafast' }, cache: false });
    await waitForRender(svc.url, created.id, isFinal);
    await until(async () => hooks.received.length, (n) => n >= 1);
    const payload = new Webhook(SECRET).verify(hooks.received[0]!.body, hooks.received[0]!.headers) as { type: string; data: Render };
    expect(payload).toMatchObject({ type: 'render.succeeded', data: { id: created.id } });

    const preflight = (origin: string) =>
      fetch(`${svc!.url}/v1/renders`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await preflight('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
