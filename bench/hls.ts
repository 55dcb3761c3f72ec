/**
 * HLS with three renditions (1080p/720p/480p) of bench-promo against its single MP4 render, each
 * with its format's defaults (and HLS once more at `--preset medium`, the MP4's preset). The
 * frames are captured once for all renditions; the goal is ≤ 1.6× the single render. Prints one
 * JSON line.
 *
 *   node --import tsx bench/hls.ts [--frames 300]
 *
 * Each render runs in a fresh process, which reports its wall time and the CPU time of its whole
 * tree (itself, Chromium, FFmpeg: /proc/self/stat after every child was reaped): on a shared
 * machine the wall ratio moves with the neighbours' load, the CPU ratio much less.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Project } from '../src/bundle/project.ts';
import { RenderHost } from '../src/render/render-host.ts';
import { renderMedia } from '../src/render/render-media.ts';
import { machine, round } from './lib.ts';
import { loadAverage } from './media-lib.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const frameCount = Number(arg('--frames') ?? 300);

/** CPU seconds of this process and of every child it has reaped (utime, stime, cutime, cstime). */
function treeCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const ticks = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return ticks.reduce((a, b) => a + b, 0) / 100;
}

async function child(mode: string, work: string): Promise<void> {
  const project = Project.fromConfig(repo, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir: work });
  const host = new RenderHost({ warmPages: false });
  const options = mode === 'single' ? {} : { format: 'hls' as const, ...(mode === 'hls-medium' ? { preset: 'medium' as const } : {}) };
  const started = performance.now();
  const result = await renderMedia({ project, host, template: 'bench-promo', frames: [0, frameCount - 1], output: path.join(work, mode), ...options });
  await host.close();
  const renditions = mode === 'single' ? [] : readdirSync(result.output).filter((f) => statSync(path.join(result.output, f)).isDirectory());
  console.log(JSON.stringify({ wall: (performance.now() - started) / 1000, cpu: treeCpuSeconds(), capturedFrames: result.timings.capturedFrames, renditions, packagingMs: result.timings.finalizeMs }));
}

const childMode = arg('--child');
if (childMode) {
  await child(childMode, arg('--work')!);
} else {
  const work = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-hls-'));
  try {
    const project = Project.fromConfig(repo, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir: work });
    await project.bundle();
    const run = promisify(execFile);
    const measure = async (mode: string) => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, '--work', work, '--frames', String(frameCount)], { cwd: repo });
      return JSON.parse(stdout.trim().split('\n').pop()!) as { wall: number; cpu: number; capturedFrames: number; renditions: string[]; packagingMs: number };
    };
    const loadBefore = loadAverage();
    const single = await measure('single');
    const hls = await measure('hls');
    const hlsMedium = await measure('hls-medium');
    console.log(
      JSON.stringify({
        bench: 'hls',
        machine: machine(),
        loadAverage: `${loadBefore} → ${loadAverage()}`,
        frames: frameCount,
        renditions: hls.renditions,
        singleMp4: { seconds: round(single.wall), fps: round(frameCount / single.wall), cpuSeconds: round(single.cpu) },
        hls: { seconds: round(hls.wall), fps: round(frameCount / hls.wall), cpuSeconds: round(hls.cpu), capturedFrames: hls.capturedFrames, packagingMs: round(hls.packagingMs, 0) },
        hlsPresetMedium: { seconds: round(hlsMedium.wall), cpuSeconds: round(hlsMedium.cpu) },
        ratio: round(hls.wall / single.wall),
        cpuRatio: round(hls.cpu / single.cpu),
        ratioPresetMedium: round(hlsMedium.wall / single.wall),
        cpuRatioPresetMedium: round(hlsMedium.cpu / single.cpu),
      }),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
