import { setTimeout as sleep } from 'node:timers/promises';
import type { Render } from '../../../server/renders/schemas.ts';

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function request<T = unknown>(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse<T>> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
    redirect: 'manual',
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: body as T };
}

export async function submitRender(base: string, body: unknown, headers: Record<string, string> = {}): Promise<Render> {
  const res = await request<Render>(`${base}/v1/renders`, { body, headers });
  if (res.status !== 202) throw new Error(`POST /v1/renders answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Polls a render until `done(render)` holds. The deadline only bounds a broken test; nothing
 * is asserted about how long it took.
 */
export async function waitForRender(base: string, id: string, done: (r: Render) => boolean, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<Render> {
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  let last: Render | undefined;
  while (Date.now() < deadline) {
    const res = await request<Render>(`${base}/v1/renders/${id}`, { headers: options.headers ?? {} });
    if (res.status === 200) {
      last = res.body;
      if (done(last)) return last;
    }
    await sleep(100);
  }
  throw new Error(`render ${id} did not reach the expected state; last seen: ${JSON.stringify(last)}`);
}

export const isFinal = (r: Render) => ['succeeded', 'failed', 'canceled'].includes(r.status);

/** A small, fast render of the colour-per-frame fixture. */
export function smallRender(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { template: 'color-frames', output: { frames: [0, 9], preset: 'ultrafast' }, ...extra };
}
