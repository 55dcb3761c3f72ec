import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { EmbeddedRedis } from '../../server/redis/embedded-redis.ts';
import { tempDir } from '../helpers/project.ts';

const tmp = tempDir('fw-redis-files-');
afterAll(() => tmp.cleanup());

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

it('the embedded Redis keeps its files 0600 in a 0700 folder (the append-only file holds webhook secrets)', async () => {
  const redis = await EmbeddedRedis.start({ dataDir: tmp.dir, adoptOrphans: false });
  const client = new Redis({ path: redis.socket });
  try {
    await client.set('fw:webhook-secret', 'whsec_test');
    // The append-only file appears once Redis has written the command: await it, no fixed sleep.
    const deadline = Date.now() + 20_000;
    while (!filesUnder(redis.paths.dir).some((f) => /appendonly/.test(f) && statSync(f).size > 0) && Date.now() < deadline) await sleep(50);
    await client.bgrewriteaof();
    // The rewrite's temp files come and go while it runs: list the folder once it has finished.
    const rewriteDeadline = Date.now() + 20_000;
    while (/aof_rewrite_(in_progress|scheduled):1/.test(await client.info('persistence')) && Date.now() < rewriteDeadline) await sleep(50);
    expect(await client.info('persistence')).toMatch(/aof_rewrite_in_progress:0/);
    const files = filesUnder(redis.paths.dir).filter((f) => !f.endsWith('.sock'));
    expect(files.some((f) => /appendonly/.test(f))).toBe(true);
    for (const file of files) expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
    expect((statSync(redis.paths.dir).mode & 0o777).toString(8)).toBe('700');
  } finally {
    client.disconnect();
    await redis.stop();
  }
});
