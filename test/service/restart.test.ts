import { existsSync, readFileSync } from 'node:fs';
import { isAlive } from '../helpers/processes.ts';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/project.ts';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
import { freePort, spawnCli, testRedis, type CliProcess, type TestRedis } from './helpers/cli-process.ts';
import { testEnv } from './helpers/service.ts';
import type { Render } from '../../server/renders/schemas.ts';

const processes: CliProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(env: Record<string, string | undefined>): Promise<{ proc: CliProcess; url: string }> {
  const proc = spawnCli(['serve'], env);
  processes.push(proc);
  const [, url] = await proc.waitFor(/API\s+(http:\/\/\S+)\/v1/);
  return { proc, url: url! };
}

describe('durability', () => {
  it('survives an API crash and a Redis restart (AOF): every accepted render still completes', async () => {
    const data = tempDir('fw-restart-');
    cleanups.push(data.cleanup);
    const redis: TestRedis = await testRedis(path.join(data.dir, 'redis'));
    cleanups.push(() => redis.stop());
    await redis.start();
    // One render at a time, so exactly one is running when the process dies (the default is 2 or more).
    const env = testEnv(data.dir, { REDIS_URL: redis.url, PORT: String(await freePort()), LOG_LEVEL: 'info', WORKER_CONCURRENCY: '1' });

    const first = await serve(env);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await submitRender(first.url, { template: 'slow-frames', props: { msPerFrame: 50, frames: 30 + i }, output: { preset: 'ultrafast' } })).id);
    await waitForRender(first.url, ids[0]!, (r) => r.status === 'active' && r.frames.encoded >= 2);

    // A crash of the API (and its in-process worker), then a clean restart of Redis.
    first.proc.child.kill('SIGKILL');
    await first.proc.exited;
    await redis.stop();
    await redis.start();

    const second = await serve(env);
    const finals = await Promise.all(ids.map((id) => waitForRender(second.url, id, isFinal, { timeoutMs: 120_000 })));
    expect(finals.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    // The render that was running when the API died ran twice; the others once.
    expect(finals[0]!.attempts).toBe(2);
    expect(finals.slice(1).map((r) => r.attempts)).toEqual([1, 1, 1]);
    expect(await second.proc.stop('SIGTERM')).toBe(0);
  });

  it('embeds its own Redis (append-only file under DATA_DIR) and stops it cleanly', async () => {
    const data = tempDir('fw-embedded-');
    cleanups.push(data.cleanup);
    const env = { ...testEnv(data.dir, { PORT: String(await freePort()) }), REDIS_URL: undefined };

    const first = await serve(env);
    expect(first.proc.output).toMatch(/Redis\s+embedded/);
    const redisDir = path.join(data.dir, 'redis');
    const redisPid = Number(readFileSync(path.join(redisDir, 'redis.pid'), 'utf8'));
    expect(isAlive(redisPid)).toBe(true);
    const created = await submitRender(first.url, { template: 'color-frames', output: { frames: [0, 4], preset: 'ultrafast' } });
    expect((await waitForRender(first.url, created.id, isFinal)).status).toBe('succeeded');
    expect(existsSync(path.join(redisDir, 'appendonlydir'))).toBe(true);

    expect(await first.proc.stop('SIGTERM')).toBe(0);
    for (let i = 0; i < 50 && isAlive(redisPid); i++) await sleep(100);
    expect(isAlive(redisPid)).toBe(false);

    // A new start reads the append-only file: the render is still there.
    const second = await serve(env);
    const again = await request<Render>(`${second.url}/v1/renders/${created.id}`);
    expect(again.body.status).toBe('succeeded');
    expect(await second.proc.stop('SIGTERM')).toBe(0);
  });

  it('refuses to start on a bad setting, naming the variable', async () => {
    const data = tempDir('fw-badenv-');
    cleanups.push(data.cleanup);
    const proc = spawnCli(['serve'], testEnv(data.dir, { PORT: 'abc', RENDER_RETENTION: 'a week' }));
    processes.push(proc);
    const { code } = await proc.exited;
    expect(code).toBe(2);
    expect(proc.output).toContain('PORT must be an integer from 0 to 65535, got "abc"');
    expect(proc.output).toContain('RENDER_RETENTION must be a duration');
  });
});
