import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../server/http/problem.ts';
import type { Render } from '../../server/renders/schemas.ts';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
import { spawnCli } from './helpers/cli-process.ts';
import { randomPrefix, startTestService, testEnv, type TestService } from './helpers/service.ts';
import { tempDir } from '../helpers/project.ts';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const proc = spawnCli(args, env);
  const { code } = await proc.exited;
  return { code, output: proc.output };
}

const lastJson = <T,>(output: string) => JSON.parse(output.trim().split('\n').at(-1)!) as T;

describe('per-key plans, usage and deleting renders', () => {
  let svc: TestService;
  const data = tempDir('fw-plans-');
  const prefix = randomPrefix();
  let tight = { key: '', id: '' };
  let roomy = { key: '', id: '' };
  const metricsToken = `scrape-${'x'.repeat(8)}-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    // Keys as an operator makes them: with the CLI, against the server's Redis.
    const env = testEnv(data.dir, { QUEUE_PREFIX: prefix });
    const created = await cli(['keys', 'create', '--name', 'tight', '--concurrency', '1', '--max-frames', '100', '--rate', '600/min', '--json'], env);
    expect(created.code, created.output).toBe(0);
    tight = lastJson(created.output);
    expect(tight).toMatchObject({ concurrentRenders: 1, framesPerRender: 100, rateLimitPerMinute: 600 });
    roomy = lastJson((await cli(['keys', 'create', '--name', 'roomy', '--json'], env)).output);
    const updated = await cli(['keys', 'update', roomy.id, '--max-pixels', '100x100', '--max-queued', '3', '--json'], env);
    expect(updated.code, updated.output).toBe(0);
    expect(lastJson(updated.output)).toMatchObject({ pixelsPerFrame: 10_000, queuedRenders: 3 });
    expect((await cli(['keys', 'update', roomy.id, '--max-pixels', 'huge'], env)).code).toBe(2);
    svc = await startTestService({ dataDir: data.dir, env: { QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: '2', METRICS_TOKEN: metricsToken } });
  });

  afterAll(async () => {
    await svc?.stop();
    data.cleanup();
  });

  it('a key with --concurrency 1 --max-frames 100: a 101-frame render is refused, and two renders run one at a time', async () => {
    const over = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'slow-frames', props: { frames: 101, msPerFrame: 0 } }, headers: bearer(tight.key) });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('LIMIT_EXCEEDED');
    expect(over.body.detail).toMatch(/101 frames.*at most 100/);
    expect(over.body.errors?.[0]?.path).toEqual(['output', 'frames']);
    // The same request with fewer frames rendered is fine.
    const trimmed = await request<Render>(`${svc.url}/v1/renders`, { body: { template: 'slow-frames', props: { frames: 101, msPerFrame: 0 }, output: { frames: [0, 9], preset: 'ultrafast' } }, headers: bearer(tight.key) });
    expect(trimmed.status).toBe(202);

    const body = { template: 'slow-frames', props: { frames: 4, msPerFrame: 150 }, output: { preset: 'ultrafast' }, cache: false };
    const [a, b] = await Promise.all([submitRender(svc.url, body, bearer(tight.key)), submitRender(svc.url, body, bearer(tight.key))]);
    const done = await Promise.all([a, b, trimmed.body].map((r) => waitForRender(svc.url, r.id, isFinal, { headers: bearer(tight.key) })));
    expect(done.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const spans = done.map((r) => [Date.parse(r.startedAt!), Date.parse(r.finishedAt!)] as const).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0], 'a render started before the previous one finished').toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it('pixel and queue caps of a key updated with keys update; other keys keep the defaults', async () => {
    const big = await request<Problem>(`${svc.url}/v1/renders`, { body: { template: 'color-frames', output: { frames: [0, 0] } }, headers: bearer(roomy.key) });
    expect(big.status).toBe(422);
    expect(big.body.detail).toMatch(/320×180.*at most 10000 pixels/);
    const small = { template: 'slow-frames', props: { frames: 40, msPerFrame: 200 }, output: { scale: 0.5, preset: 'ultrafast' }, cache: false };
    const queued: Render[] = [];
    for (let i = 0; i < 3; i++) queued.push(await submitRender(svc.url, small, bearer(roomy.key)));
    const fourth = await request<Problem>(`${svc.url}/v1/renders`, { body: small, headers: bearer(roomy.key) });
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('QUOTA_EXCEEDED');
    const batch = await request<Problem>(`${svc.url}/v1/batches`, { body: { template: 'slow-frames', rows: [{ frames: '2' }], output: { scale: 0.5 } }, headers: bearer(roomy.key) });
    expect(batch.status).toBe(429);
    for (const r of queued) await request(`${svc.url}/v1/renders/${r.id}/cancel`, { method: 'POST', headers: bearer(roomy.key) });
    await Promise.all(queued.map((r) => waitForRender(svc.url, r.id, isFinal, { headers: bearer(roomy.key) })));
  });

  it('GET /v1/usage counts renders, frames, seconds and bytes per day, like /metrics; DELETE removes a finished render', async () => {
    const usage = await request<{ key: string; days: Array<{ date: string; renders: number; frames: number; renderedSeconds: number; renderWallSeconds: number; bytesStored: number }>; total: { renders: number; frames: number; bytesStored: number; canceledRenders: number } }>(
      `${svc.url}/v1/usage`,
      { headers: bearer(tight.key) },
    );
    expect(usage.status).toBe(200);
    expect(usage.body.key).toBe(tight.id);
    expect(usage.body.days).toHaveLength(30);
    const today = usage.body.days.at(-1)!;
    expect(today.date).toBe(new Date().toISOString().slice(0, 10));
    expect(today).toMatchObject({ renders: 3, frames: 18 });
    expect(today.renderedSeconds).toBeCloseTo(18 / 30, 2);
    expect(today.bytesStored).toBeGreaterThan(0);
    expect(today.renderWallSeconds).toBeGreaterThan(0);
    expect(usage.body.total).toMatchObject({ renders: 3, frames: 18, bytesStored: today.bytesStored });
    const roomyUsage = await request<{ total: { renders: number; canceledRenders: number } }>(`${svc.url}/v1/usage`, { headers: bearer(roomy.key) });
    expect(roomyUsage.body.total).toMatchObject({ renders: 0, canceledRenders: 3 });

    // /metrics needs a key once keys exist, and a key sees only its own usage series.
    const metrics = await (await fetch(`${svc.url}/metrics`, { headers: bearer(tight.key) })).text();
    expect(metrics).toContain(`framewright_usage_renders{key="${tight.id}"} 3`);
    expect(metrics).toContain(`framewright_usage_rendered_frames{key="${tight.id}"} 18`);
    expect(metrics).toContain('framewright_queue_jobs');
    expect(metrics).not.toContain(roomy.id);
    const roomyMetrics = await (await fetch(`${svc.url}/metrics`, { headers: bearer(roomy.key) })).text();
    expect(roomyMetrics).toContain(`framewright_usage_renders{key="${roomy.id}"} 0`);
    expect(roomyMetrics).not.toContain(tight.id);
    // The operator's scraper (METRICS_TOKEN) sees every key; a wrong token is just a wrong key.
    const scraped = await fetch(`${svc.url}/metrics`, { headers: bearer(metricsToken) });
    expect(scraped.status).toBe(200);
    const all = await scraped.text();
    expect(all).toContain(`framewright_usage_renders{key="${tight.id}"} 3`);
    expect(all).toContain(`framewright_usage_renders{key="${roomy.id}"} 0`);
    expect((await fetch(`${svc.url}/metrics`, { headers: bearer(`${metricsToken}x`) })).status).toBe(401);
    // The token opens /metrics only, not the API.
    expect((await fetch(`${svc.url}/v1/renders`, { headers: bearer(metricsToken) })).status).toBe(401);

    const list = await request<{ data: Render[] }>(`${svc.url}/v1/renders?status=succeeded`, { headers: bearer(tight.key) });
    const victim = list.body.data[0]!;
    expect((await request(`${svc.url}/v1/renders/${victim.id}`, { method: 'DELETE', headers: bearer(roomy.key) })).status).toBe(404);
    expect((await request(`${svc.url}/v1/renders/${victim.id}`, { method: 'DELETE', headers: bearer(tight.key) })).status).toBe(204);
    expect((await request(`${svc.url}/v1/renders/${victim.id}`, { headers: bearer(tight.key) })).status).toBe(404);
    expect((await fetch(victim.output!.url, { headers: bearer(tight.key) })).status).toBe(404);
    const running = await submitRender(svc.url, { template: 'slow-frames', props: { frames: 40, msPerFrame: 200 }, output: { preset: 'ultrafast' }, cache: false }, bearer(tight.key));
    const refused = await request<Problem>(`${svc.url}/v1/renders/${running.id}`, { method: 'DELETE', headers: bearer(tight.key) });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('RENDER_NOT_FINISHED');
    await request(`${svc.url}/v1/renders/${running.id}/cancel`, { method: 'POST', headers: bearer(tight.key) });
    await waitForRender(svc.url, running.id, isFinal, { headers: bearer(tight.key) });
  });
});
