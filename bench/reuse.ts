/**
 * Frame reuse on every example template: how many frames were captured and how many reused, and
 * the proof that reuse changed nothing: each template is rendered twice to PNG (lossless), once
 * reusing and once capturing every frame, and every decoded frame is compared. Prints one JSON line.
 *
 *   node --import tsx bench/reuse.ts [--scale 1] [--only bench-short] [--skip bench-promo]
 *
 * maxDifference is the largest difference of any channel of any pixel of any frame, in levels
 * (0–255), between the render that reuses and one that captures every frame; everyVsEvery is the
 * same between two renders that capture every frame (Chromium's own run-to-run variation).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from '../src/bundle/project.ts';
import { RenderHost } from '../src/render/render-host.ts';
import { renderMedia } from '../src/render/render-media.ts';
import { benchHead, round } from './lib.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
// Scale 1: captures scaled below 1 (a clip with scale) vary between runs by up to 43 levels on
// their own, which would hide what reuse does.
const scale = Number(arg('--scale') ?? 1);
const only = arg('--only');
const skip = arg('--skip')?.split(',') ?? [];
const work = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-reuse-'));
const project = Project.fromConfig(repo, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir: work });

const templates: { template: string; props: Record<string, unknown> }[] = [
  { template: 'bench-short', props: { title: 'Desk Lamp', price: '$39.00' } },
  { template: 'title-card', props: {} },
  { template: 'product-ad', props: { name: 'Desk Lamp', price: 39, badge: 'Sale' } },
  { template: 'data-chart', props: { data: [{ label: 'A', value: 1 }, { label: 'B', value: 3 }, { label: 'C', value: 2 }] } },
  { template: 'bench-promo', props: {} },
].filter((t) => (!only || t.template === only) && !skip.includes(t.template));

function decodePngs(zip: string, width: number, height: number): Buffer[] {
  const dir = `${zip}.d`;
  mkdirSync(dir);
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path.join(dir, 'frame-%06d.png'), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 4 * 1024 ** 3 });
  const size = width * height * 3;
  return Array.from({ length: raw.length / size }, (_, i) => raw.subarray(i * size, (i + 1) * size));
}

/** The largest channel difference over all frames, and the frames where it is above one level. */
function compare(a: readonly Buffer[], b: readonly Buffer[]): { max: number; differing: number[] } {
  if (a.length !== b.length) return { max: 255, differing: [] };
  let max = 0;
  const differing: number[] = [];
  a.forEach((frame, n) => {
    const other = b[n]!;
    let frameMax = 0;
    for (let i = 0; i < frame.length; i++) frameMax = Math.max(frameMax, Math.abs(frame[i]! - other[i]!));
    if (frameMax > 1) differing.push(n);
    max = Math.max(max, frameMax);
  });
  return { max, differing };
}

const host = new RenderHost();
try {
  const rows = [];
  for (const { template, props } of templates) {
    const reused = await renderMedia({ project, host, template, props, scale, format: 'png-seq', output: path.join(work, `${template}-reused.zip`) });
    const every = await renderMedia({ project, host, template, props, scale, format: 'png-seq', reuseUnchangedFrames: false, output: path.join(work, `${template}-every.zip`) });
    const again = await renderMedia({ project, host, template, props, scale, format: 'png-seq', reuseUnchangedFrames: false, output: path.join(work, `${template}-again.zip`) });
    const everyFrames = decodePngs(every.output, every.width, every.height);
    const difference = compare(decodePngs(reused.output, reused.width, reused.height), everyFrames);
    // Two renders that capture every frame: how far Chromium itself varies between runs.
    const noise = compare(decodePngs(again.output, again.width, again.height), everyFrames);
    rows.push({
      template,
      frames: reused.frames,
      captured: reused.capturedFrames,
      reused: reused.reusedFrames,
      capturedShare: round(reused.capturedFrames / reused.frames, 3),
      maxDifference: difference.max,
      ...(difference.differing.length ? { differingFrames: difference.differing } : {}),
      everyVsEvery: noise.max,
      ...(noise.differing.length ? { everyVsEveryFrames: noise.differing } : {}),
    });
  }
  console.log(JSON.stringify({ ...benchHead('reuse'), scale, templates: rows }));
} finally {
  await host.close();
  rmSync(work, { recursive: true, force: true });
}
