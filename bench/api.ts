/**
 * API latency: autocannon against POST /v1/renders (the render cache is on, so every request
 * is answered from the cache without rendering) and GET /v1/renders/:id, on loopback, at a
 * fixed 500 req/s, then POST unthrottled for the ceiling. Prints one JSON line.
 *
 *   node --import tsx bench/api.ts [--rate 500] [--duration 10] [--auth]
 *
 * The service runs as its own process (`framewright serve`, embedded Redis, LOG_LEVEL=warn).
 * With --auth an API key is created first and every request carries it. `controlHealthz` is
 * GET /healthz at the same rate: the latency floor of the machine at that moment (autocannon,
 * the server and everything else running share its cores).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
type Result = Awaited<ReturnType<typeof autocannon>>;
import { machine, round } from './lib.ts';
import { startServe, waitForStatus } from './service-process.ts';
import { createKeyForBench } from './bench-keys.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rate = arg('rate', 500);
const duration = arg('duration', 10);
const auth = process.argv.includes('--auth');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-api-'));

/** CPU time (user + system) the service process has used so far, in ms: load-independent cost. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const summary = (r: Result) => ({
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  maxMs: r.latency.max,
  reqPerSec: round(r.requests.average, 0),
  total: r.requests.total,
  errors: r.errors + r.timeouts,
  non2xx: r.non2xx,
});

const env: Record<string, string> = { DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '1000000' };
const headers: Record<string, string> = {};
if (auth) headers.authorization = `Bearer ${await createKeyForBench(dataDir)}`;
const service = await startServe(env);
try {
  const body = JSON.stringify({ template: 'title-card', props: { headline: 'Benchmark' }, output: { frames: [0, 9], preset: 'ultrafast' } });
  const post = { url: `${service.url}/v1/renders`, method: 'POST' as const, headers: { ...headers, 'content-type': 'application/json' }, body };
  const first = (await (await fetch(post.url, post)).json()) as { id: string };
  const done = await waitForStatus(service.url, first.id, headers);
  if (done.status !== 'succeeded') throw new Error(`warm-up render ${String(done.status)}`);

  // Warm the JIT and connections before measuring.
  await autocannon({ ...post, connections: 10, duration: 2, overallRate: rate });
  const pid = service.child.pid!;
  let cpuBefore = cpuMs(pid);
  const postAtRate = await autocannon({ ...post, connections: 20, duration, overallRate: rate });
  const postCpuMsPerRequest = round((cpuMs(pid) - cpuBefore) / postAtRate.requests.total, 3);
  cpuBefore = cpuMs(pid);
  const getAtRate = await autocannon({ url: `${service.url}/v1/renders/${first.id}`, headers, connections: 20, duration, overallRate: rate });
  const getCpuMsPerRequest = round((cpuMs(pid) - cpuBefore) / getAtRate.requests.total, 3);
  const postMax = await autocannon({ ...post, connections: 20, duration });
  // The floor this machine sets: the same load on a route that does nothing (no Redis, no auth).
  const control = await autocannon({ url: `${service.url}/healthz`, connections: 20, duration, overallRate: rate });

  const result = {
    bench: 'api',
    date: new Date().toISOString(),
    machine: machine(),
    auth,
    rate,
    durationSeconds: duration,
    postRenders: { ...summary(postAtRate), serverCpuMsPerRequest: postCpuMsPerRequest },
    getRender: { ...summary(getAtRate), serverCpuMsPerRequest: getCpuMsPerRequest },
    postRendersUnthrottled: summary(postMax),
    controlHealthz: summary(control),
    loadAverage: os.loadavg().map((l) => round(l)),
    goal: { p99Ms: 25, rate: 500, errors: 0 },
    meetsGoal: [postAtRate, getAtRate].every((r) => r.latency.p99 <= 25 && r.errors + r.timeouts + r.non2xx === 0),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
