/**
 * Warm stills: a 1080p PNG (bench-promo, frame 150) rendered again and again on a warm host, as
 * `POST /v1/stills` does. Prints one JSON line with the median and the spread, and the median of
 * each phase (`renderStill`'s timings: resolve, open page, seek, capture).
 *
 *   node --import tsx bench/still.ts [--stills 15] [--format png]
 *
 * Goal (issue 12): a warm 1080p PNG still ≤ 200 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from '../src/bundle/project.ts';
import { RenderHost } from '../src/render/render-host.ts';
import { renderStill, type StillFormat, type StillTimings } from '../src/render/render-still.ts';
import { benchHead, round } from './lib.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const count = Number(arg('--stills') ?? 15);
const format = (arg('--format') ?? 'png') as StillFormat;
const work = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-still-'));
const project = Project.fromConfig(repo, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir: work });
const host = new RenderHost();
try {
  // Two to warm up: the bundle, the browser, the asset server, the first spare tab.
  for (let i = 0; i < 2; i++) await renderStill({ project, host, template: 'bench-promo', frame: 150, format });
  const times: number[] = [];
  const phases: StillTimings[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    phases.push((await renderStill({ project, host, template: 'bench-promo', frame: 150, format })).timings);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = (key: keyof StillTimings) => round(phases.map((p) => p[key]).sort((a, b) => a - b)[Math.floor(count / 2)]!, 1);
  console.log(
    JSON.stringify({
      ...benchHead('still'),
      format,
      size: '1920x1080',
      stills: count,
      medianMs: round(times[Math.floor(count / 2)]!, 0),
      minMs: round(times[0]!, 0),
      maxMs: round(times.at(-1)!, 0),
      phaseMedianMs: { resolve: median('resolveMs'), openPage: median('openPageMs'), seek: median('seekMs'), capture: median('captureMs') },
      goal: { medianMs: 200 },
    }),
  );
} finally {
  await host.close();
  rmSync(work, { recursive: true, force: true });
}
