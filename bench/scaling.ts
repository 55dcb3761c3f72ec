/**
 * How throughput grows with cores, pages per render and renders at once: bench-promo (1080p30,
 * crf 18, medium) rendered R at a time with P pages each, the whole process tree pinned to the
 * first C cores with `taskset`. Aggregate fps = frames rendered by all R renders / wall time.
 * Prints one JSON line with a row per (cores, pages, renders).
 *
 *   node --import tsx bench/scaling.ts [--cores 1,2,4,8,16] [--pages 1,2,4,8] [--renders 1,2,4] [--frames 150]
 *
 * Core counts above the machine's are skipped (and listed as `skippedCores`): run it on the
 * machine you want the curve of.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from '../src/bundle/project.ts';
import { RenderHost } from '../src/render/render-host.ts';
import { renderMedia } from '../src/render/render-media.ts';
import { benchHead, round } from './lib.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const list = (name: string, fallback: string) => arg(name, fallback).split(',').map(Number);
const frames = Number(arg('frames', '150'));

if (process.argv.includes('--child')) {
  // One configuration, in a process pinned by the parent.
  const pages = Number(arg('pages', '2'));
  const renders = Number(arg('renders', '1'));
  const repo = fileURLToPath(new URL('../', import.meta.url));
  const work = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-scaling-'));
  const project = Project.fromConfig(repo, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir: work });
  const host = new RenderHost();
  const render = (i: number, count: number) =>
    renderMedia({ project, host, template: 'bench-promo', output: path.join(work, `out-${i}.mp4`), crf: 18, preset: 'medium', concurrency: pages, frames: [0, count - 1] });
  try {
    await render(-1, 10); // browser, bundle and asset server up
    const started = performance.now();
    await Promise.all(Array.from({ length: renders }, (_, i) => render(i, frames)));
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ fps: (renders * frames) / seconds }));
  } finally {
    await host.close();
    rmSync(work, { recursive: true, force: true });
  }
} else {
  const available = os.availableParallelism();
  const cores = list('cores', '1,2,4,8,16');
  const rows: Array<Record<string, number>> = [];
  for (const c of cores.filter((n) => n <= available)) {
    for (const pages of list('pages', '1,2,4,8')) {
      for (const renders of list('renders', '1,2,4')) {
        const child = spawnSync('taskset', ['-c', `0-${c - 1}`, process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--pages', String(pages), '--renders', String(renders), '--frames', String(frames)], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const line = child.stdout.trim().split('\n').at(-1) ?? '';
        if (child.status !== 0 || !line.startsWith('{')) throw new Error(`cores ${c}, pages ${pages}, renders ${renders}: the child exited with ${child.status}`);
        const { fps } = JSON.parse(line) as { fps: number };
        rows.push({ cores: c, pages, renders, fps: round(fps), fpsPerCore: round(fps / c) });
      }
    }
  }
  console.log(
    JSON.stringify({
      ...benchHead('scaling'),
      template: 'bench-promo 1080p30, crf 18, medium',
      framesPerRender: frames,
      skippedCores: cores.filter((n) => n > available),
      rows,
    }),
  );
}
