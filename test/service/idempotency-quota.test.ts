import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../server/http/problem.ts';
import type { Render } from '../../server/renders/schemas.ts';
import { request } from './helpers/http.ts';
import { startTestService, type TestService } from './helpers/service.ts';

// An API without a worker: accepted renders stay queued, so the key stays at its queue cap.
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ worker: false, env: { MAX_QUEUED_RENDERS_PER_KEY: '1' } });
});

afterAll(async () => {
  await svc?.stop();
});

describe('Idempotency-Key at the queue cap', () => {
  it('a retried request gets its render back even when the key has no queue room left', async () => {
    const body = { template: 'color-frames', props: { boxFrom: 3, boxDuration: 4 } };
    const first = await request<Render>(`${svc.url}/v1/renders`, { body, headers: { 'idempotency-key': 'order-77' } });
    expect(first.status).toBe(202);
    // The client never saw that answer and retries: the render it made is the answer, not a 429.
    const retry = await request<Render>(`${svc.url}/v1/renders`, { body, headers: { 'idempotency-key': 'order-77' } });
    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // A new request is still held to the cap, and does not use up its key.
    const other = await request<Problem>(`${svc.url}/v1/renders`, { body, headers: { 'idempotency-key': 'order-78' } });
    expect(other.status).toBe(429);
    expect(other.body.code).toBe('QUOTA_EXCEEDED');
    const canceled = await request<Render>(`${svc.url}/v1/renders/${first.body.id}/cancel`, { method: 'POST' });
    expect(canceled.body.status).toBe('canceled');
    const later = await request<Render>(`${svc.url}/v1/renders`, { body, headers: { 'idempotency-key': 'order-78' } });
    expect(later.status).toBe(202);
    expect(later.body.id).not.toBe(first.body.id);
  });
});
