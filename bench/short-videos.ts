/**
 * Short videos through the API with default settings: 10 `bench-short` renders (720p30, 5 s),
 * each with its own title and price, submitted together to a running `framewright serve` whose
 * browser is warm. Prints one JSON line.
 *
 *   node --import tsx bench/short-videos.ts [--videos 10] [--sequential] [--worker-concurrency N] [--no-reuse]
 *
 * perVideoSeconds: wall time from the first POST to the last render's success, divided by the
 * number of videos (what a user feels as videos per hour). cpuIdlePercent: how much of the
 * machine's CPU sat idle over that window (/proc/stat), the figure that says whether a worker
 * wastes time between renders. --sequential submits each video after the previous finished;
 * --worker-concurrency overrides the default (to compare with the old 1); --no-reuse captures
 * every frame.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchHead, round } from './lib.ts';
import { startServe, waitForStatus } from './service-process.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const videos = Number(arg('--videos') ?? 10);
const sequential = process.argv.includes('--sequential');
const workerConcurrency = arg('--worker-concurrency');
const reuse = !process.argv.includes('--no-reuse');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-short-'));

function cpuTimes(): { idle: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return { idle: fields[3]! + fields[4]!, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
}

async function submit(url: string, body: unknown): Promise<string> {
  const res = await fetch(`${url}/v1/renders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 202) throw new Error(`POST /v1/renders: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

const service = await startServe({ DATA_DIR: dataDir, ...(workerConcurrency ? { WORKER_CONCURRENCY: workerConcurrency } : {}) });
try {
  // A running service has a warm browser and a built bundle: one tiny render gets it there.
  const warm = await submit(service.url, { template: 'bench-short', props: { title: 'Warm-up', price: '$0' }, output: { frames: [0, 0] }, cache: false });
  await waitForStatus(service.url, warm);

  const bodies = Array.from({ length: videos }, (_, i) => ({
    template: 'bench-short',
    props: { title: `Product ${i + 1}`, price: `$${(19 + i * 7).toFixed(2)}` },
    ...(reuse ? {} : { output: { reuseUnchangedFrames: false } }),
    cache: false,
  }));
  const cpuBefore = cpuTimes();
  const started = performance.now();
  const done: Record<string, unknown>[] = [];
  if (sequential) {
    for (const body of bodies) done.push(await waitForStatus(service.url, await submit(service.url, body)));
  } else {
    const ids = await Promise.all(bodies.map((b) => submit(service.url, b)));
    for (const id of ids) done.push(await waitForStatus(service.url, id));
  }
  const wall = (performance.now() - started) / 1000;
  const cpuAfter = cpuTimes();
  const failed = done.filter((r) => r.status !== 'succeeded');
  if (failed.length) throw new Error(`${failed.length} renders did not succeed: ${JSON.stringify(failed[0]?.error)}`);
  const renderSeconds = done.map((r) => round((Date.parse(String(r.finishedAt)) - Date.parse(String(r.startedAt))) / 1000));
  const frames = done.map((r) => r.frames as { captured: number | null; reused: number | null });
  console.log(
    JSON.stringify({
      ...benchHead('short-videos'),
      videos,
      mode: sequential ? 'sequential' : 'submitted together',
      settings: `service defaults (mp4 crf 18 medium)${workerConcurrency ? `, WORKER_CONCURRENCY=${workerConcurrency}` : ''}${reuse ? '' : ', reuse off'}`,
      wallSeconds: round(wall),
      perVideoSeconds: round(wall / videos),
      videosPerMinute: round((videos / wall) * 60, 1),
      renderSeconds,
      capturedFrames: frames.reduce((s, f) => s + (f.captured ?? 0), 0),
      reusedFrames: frames.reduce((s, f) => s + (f.reused ?? 0), 0),
      cpuIdlePercent: round(((cpuAfter.idle - cpuBefore.idle) / Math.max(1, cpuAfter.total - cpuBefore.total)) * 100, 1),
      goal: { perVideoSeconds: 3.0 },
    }),
  );
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
