/**
 * Batch throughput: N rows of bench-short (1280×720, 30 fps, 150 frames) through POST
 * /v1/batches on a running `framewright serve` with default settings, against one render of the
 * same template on the same warm service. Prints one JSON line.
 *
 *   node --import tsx bench/batch.ts [--rows 50]
 *
 * videosPerMinute: rows / (batch accepted → batch completed). perVideoSeconds: mean worker wall
 * time of a row (startedAt → finishedAt) against singleSeconds, the same for the lone render.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { machine, round } from './lib.ts';
import { startServe, waitForStatus } from './service-process.ts';

const rowsArg = process.argv.indexOf('--rows');
const rowCount = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 50;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-batch-'));
const json = { 'content-type': 'application/json' };

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: json, body: JSON.stringify(body) });
  const answer = (await res.json()) as Record<string, unknown>;
  if (res.status !== 202) throw new Error(`POST ${url} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

const wall = (r: Record<string, unknown>) => (Date.parse(String(r.finishedAt)) - Date.parse(String(r.startedAt))) / 1000;

const service = await startServe({ DATA_DIR: dataDir });
try {
  // Warm: the bundle built, the browser up, a page of bench-short loaded once.
  const warm = await post(`${service.url}/v1/renders`, { template: 'bench-short', output: { frames: [0, 0] }, cache: false });
  await waitForStatus(service.url, String(warm.id));

  const single = await post(`${service.url}/v1/renders`, { template: 'bench-short', props: { title: 'Single', price: '$1.00' }, cache: false });
  const singleDone = await waitForStatus(service.url, String(single.id));
  if (singleDone.status !== 'succeeded') throw new Error(`single render ${String(singleDone.status)}`);

  const rows = Array.from({ length: rowCount }, (_, i) => ({ title: `Product ${i + 1}`, price: `$${(i + 1) * 3}.00` }));
  const started = performance.now();
  const batch = await post(`${service.url}/v1/batches`, { template: 'bench-short', rows, naming: '{{title}}.mp4', cache: false });
  let done: Record<string, unknown>;
  for (;;) {
    done = (await (await fetch(`${service.url}/v1/batches/${String(batch.id)}`)).json()) as Record<string, unknown>;
    if (done.status !== 'running') break;
    await sleep(500);
  }
  const seconds = (performance.now() - started) / 1000;
  const counts = done.counts as Record<string, number>;
  const renders = done.renders as Array<{ renderId: string }>;
  const walls: number[] = [];
  for (const row of renders) walls.push(wall((await (await fetch(`${service.url}/v1/renders/${row.renderId}`)).json()) as Record<string, unknown>));
  const perVideo = walls.reduce((a, b) => a + b, 0) / walls.length;

  process.stdout.write(
    `${JSON.stringify({
      bench: 'batch',
      template: 'bench-short',
      rows: rowCount,
      succeeded: counts.succeeded,
      batchSeconds: round(seconds, 1),
      videosPerMinute: round((counts.succeeded ?? 0) / (seconds / 60), 2),
      perVideoSeconds: round(perVideo, 2),
      singleSeconds: round(wall(singleDone), 2),
      perVideoVsSingle: round(perVideo / wall(singleDone), 2),
      load: os.loadavg().map((l) => round(l, 2)),
      machine: machine(),
      date: new Date().toISOString(),
    })}\n`,
  );
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
