import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
import { startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ env: { RENDER_RETENTION: '1h' } });
});

afterAll(async () => {
  await svc?.stop();
});

describe('retention', () => {
  it('deletes finished renders, their files and cache entries once retention has passed', async () => {
    const body = { template: 'color-frames', output: { frames: [0, 2], preset: 'ultrafast' } };
    const source = await submitRender(svc.url, body);
    await waitForRender(svc.url, source.id, isFinal);
    const hit = await submitRender(svc.url, body);
    expect(hit.cached).toBe(true);
    const file = path.join(svc.dataDir, 'storage', 'renders', source.id, 'output.mp4');
    expect(existsSync(file)).toBe(true);

    // Within retention nothing goes.
    expect((await svc.service.sweeper!.sweepOnce(Date.now())).deleted).toBe(0);
    // Past it (the sweeper is asked about a time two hours on), everything goes.
    await svc.service.core.commands.del(svc.service.core.keys.sweepLock);
    const result = await svc.service.sweeper!.sweepOnce(Date.now() + 2 * 3_600_000);
    expect(result.deleted).toBe(2);
    for (const id of [source.id, hit.id]) expect((await request(`${svc.url}/v1/renders/${id}`)).status).toBe(404);
    expect(existsSync(file)).toBe(false);
    expect((await request<{ data: unknown[] }>(`${svc.url}/v1/renders`)).body.data).toEqual([]);
    // The cache entry went with its render: the same request renders anew.
    const again = await submitRender(svc.url, body);
    expect(again.cached).toBe(false);
    await waitForRender(svc.url, again.id, isFinal);
  });
});
