/**
 * Worker memory over consecutive renders: 50 renders, one after the other, through a running
 * `framewright serve`; the RSS of the service process (and of its whole tree, Chromium and
 * FFmpeg included) after the 5th render (warm) and after the last. Prints one JSON line.
 *
 *   node --import tsx bench/worker-memory.ts [--renders 50]
 *
 * Goal: growth of the service process RSS < 10 %.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine, round, rssMb, treeRssMb } from './lib.ts';
import { startServe, waitForStatus } from './service-process.ts';

const countArg = process.argv.indexOf('--renders');
const renders = countArg > 0 ? Number(process.argv[countArg + 1]) : 50;
const WARM_AFTER = 5;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-mem-'));

const service = await startServe({ DATA_DIR: dataDir });
const pid = service.child.pid!;
try {
  const samples: Array<{ n: number; rssMb: number; treeRssMb: number }> = [];
  for (let n = 1; n <= renders; n++) {
    const body = { template: 'title-card', props: { headline: `Render ${n}` }, output: { frames: [0, 29], preset: 'veryfast' }, cache: false };
    const created = (await (await fetch(`${service.url}/v1/renders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { id: string };
    const done = await waitForStatus(service.url, created.id);
    if (done.status !== 'succeeded') throw new Error(`render ${n} ${String(done.status)}`);
    if (n === WARM_AFTER || n === renders || n % 10 === 0) samples.push({ n, rssMb: round(rssMb(pid), 1), treeRssMb: round(treeRssMb(pid), 1) });
  }
  const warm = samples.find((s) => s.n === WARM_AFTER)!;
  const last = samples.at(-1)!;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'worker-memory',
      date: new Date().toISOString(),
      machine: machine(),
      renders,
      template: 'title-card, 30 frames, 1080p',
      rssWarmMb: warm.rssMb,
      rssLastMb: last.rssMb,
      rssGrowthPercent: round(((last.rssMb - warm.rssMb) / warm.rssMb) * 100, 1),
      treeRssWarmMb: warm.treeRssMb,
      treeRssLastMb: last.treeRssMb,
      samples,
      goal: { rssGrowthPercent: 10 },
    })}\n`,
  );
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
