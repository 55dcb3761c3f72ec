/**
 * Soak: the service (`framewright serve`, embedded Redis) under a steady mix for N minutes —
 * a small render every 10 s, reads of renders and lists at 5 requests/s, one malformed
 * request a second — while the serve process's RSS, its open file descriptors, the RSS of its
 * whole process tree (Chromium, FFmpeg, Redis) and Redis's used memory are sampled. A leak shows
 * as a trend: the line fitted over the second half (after warm-up) is reported per minute.
 * Prints one JSON line.
 *
 *   node --import tsx bench/soak.ts [--minutes 10]
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { embeddedRedisPaths } from '../server/redis/embedded-redis.ts';
import { machine, round, rssMb, treeRssMb } from './lib.ts';
import { startServe } from './service-process.ts';

const minutesArg = process.argv.indexOf('--minutes');
const minutes = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 10;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-soak-'));

interface Sample {
  t: number;
  rssMb: number;
  treeRssMb: number;
  fds: number;
  redisMb: number;
}

/** Least-squares slope of y over t (minutes): growth per minute. */
function slopePerMinute(samples: Sample[], key: keyof Omit<Sample, 't'>): number {
  const n = samples.length;
  if (n < 2) return 0;
  const xs = samples.map((s) => s.t / 60_000);
  const ys = samples.map((s) => s[key]);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const service = await startServe({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '1000000' });
const redis = new Redis({ path: embeddedRedisPaths(dataDir).socket });
const pid = service.child.pid!;
const counts = { renders: 0, succeeded: 0, failed: 0, reads: 0, refused: 0, status5xx: 0 };
try {
  const started = Date.now();
  const end = started + minutes * 60_000;
  const samples: Sample[] = [];
  const ids: string[] = [];
  let nextRender = started;
  let nextSample = started;
  for (let tick = 0; Date.now() < end; tick++) {
    const now = Date.now();
    if (now >= nextRender) {
      nextRender += 10_000;
      const res = await fetch(`${service.url}/v1/renders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'title-card', props: { headline: `Soak ${tick}` }, output: { frames: [0, 4], preset: 'ultrafast', scale: 0.25 }, cache: false }),
      });
      if (res.status >= 500) counts.status5xx++;
      if (res.status === 202) {
        ids.push(((await res.json()) as { id: string }).id);
        counts.renders++;
      } else await res.arrayBuffer();
    }
    for (const url of [`${service.url}/v1/renders?limit=20`, ids.length ? `${service.url}/v1/renders/${ids.at(-1)}` : `${service.url}/healthz`]) {
      const res = await fetch(url);
      if (res.status >= 500) counts.status5xx++;
      counts.reads++;
      await res.arrayBuffer();
    }
    if (tick % 5 === 0) {
      const res = await fetch(`${service.url}/v1/renders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"template": ' });
      if (res.status >= 500) counts.status5xx++;
      if (res.status === 400) counts.refused++;
      await res.arrayBuffer();
    }
    if (now >= nextSample) {
      nextSample += 15_000;
      const info = await redis.info('memory');
      const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
      samples.push({ t: now - started, rssMb: rssMb(pid), treeRssMb: treeRssMb(pid), fds: readdirSync(`/proc/${pid}/fd`).length, redisMb: used / 1024 / 1024 });
    }
    await sleep(400);
  }
  for (const id of ids) {
    const render = (await (await fetch(`${service.url}/v1/renders/${id}`)).json()) as { status: string };
    if (render.status === 'succeeded') counts.succeeded++;
    else if (render.status === 'failed') counts.failed++;
  }
  const secondHalf = samples.filter((s) => s.t >= (minutes * 60_000) / 2);
  const trend = (key: keyof Omit<Sample, 't'>) => ({
    first: round(samples[0]![key], 1),
    last: round(samples.at(-1)![key], 1),
    max: round(Math.max(...samples.map((s) => s[key])), 1),
    slopePerMinuteSecondHalf: round(slopePerMinute(secondHalf, key), 3),
  });
  console.log(
    JSON.stringify({
      bench: 'soak',
      date: new Date().toISOString(),
      machine: machine(),
      minutes,
      loadAverage: os.loadavg().map((l) => round(l, 1)),
      requests: counts,
      samples: samples.length,
      serveRssMb: trend('rssMb'),
      treeRssMb: trend('treeRssMb'),
      openFds: trend('fds'),
      redisUsedMb: trend('redisMb'),
    }),
  );
} finally {
  redis.disconnect();
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
