import { existsSync, readFileSync } from 'node:fs';
import { isAlive } from '../helpers/processes.ts';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/project.ts';
import { request } from './helpers/http.ts';
import { freePort, spawnCli, type CliProcess } from './helpers/cli-process.ts';
import { testEnv } from './helpers/service.ts';

const processes: CliProcess[] = [];
const cleanups: Array<() => void> = [];

afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
  for (const c of cleanups.splice(0)) c();
});

async function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const proc = spawnCli(args, env);
  processes.push(proc);
  const { code } = await proc.exited;
  return { code, output: proc.output };
}

describe('framewright keys (embedded Redis of the data dir)', () => {
  it('creates, lists and revokes keys with the server stopped or running', async () => {
    const data = tempDir('fw-keys-');
    cleanups.push(data.cleanup);
    const env = { ...testEnv(data.dir, { PORT: String(await freePort()) }), REDIS_URL: undefined };

    // Server not running: the command starts the embedded Redis for itself and stops it again.
    const created = await cli(['keys', 'create', '--name', 'ci', '--json'], env);
    expect(created.code).toBe(0);
    const { key, id } = JSON.parse(created.output.trim().split('\n').at(-1)!) as { key: string; id: string };
    expect(key).toMatch(/^fw_[A-Za-z0-9]{40}$/);
    const pidFile = path.join(data.dir, 'redis', 'redis.pid');
    expect(!existsSync(pidFile) || !isAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(true);

    const listed = await cli(['keys', 'list', '--json'], env);
    const records = JSON.parse(listed.output.trim().split('\n').at(-1)!) as Array<Record<string, unknown>>;
    expect(records).toEqual([expect.objectContaining({ id, name: 'ci' })]);
    expect(JSON.stringify(records)).not.toContain(key);
    expect(records[0]).not.toHaveProperty('hash');

    const server = spawnCli(['serve'], env);
    processes.push(server);
    const [, url] = await server.waitFor(/API\s+(http:\/\/\S+)\/v1/);
    expect(server.output).toMatch(/Auth\s+API keys required/);
    expect((await request(`${url}/v1/templates`)).status).toBe(401);
    expect((await request(`${url}/v1/templates`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);

    // Server running: the command uses its Redis, and the revocation applies at once.
    const revoked = await cli(['keys', 'revoke', id!], env);
    expect(revoked.code).toBe(0);
    expect((await request(`${url}/v1/templates`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    expect((await cli(['keys', 'list'], env)).output).toMatch(new RegExp(`${id}.*revoked`));
    expect((await cli(['keys', 'revoke', 'key_nope'], env)).code).toBe(2);
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
