/**
 * The engine benchmark: bench-promo (1080p30, 300 frames) to H.264 crf 18 / medium at
 * concurrency 2, plus the limits it is judged against. Prints one JSON line.
 *
 *   node --import tsx bench/render.ts [--frames 300]
 *
 * encodeOnlyFps: FFmpeg encoding the very JPEG frames the renderer captured, read from memory,
 * with the same arguments: the ceiling for the whole pipeline on this machine.
 *
 * captureCpuMsPerFrame / encodeCpuMsPerFrame: the CPU each half costs alone (C: Chromium's
 * processes plus Node while capturing; E: FFmpeg while encoding). When both share the cores
 * with no idle moment the pipeline reaches E / (E + C) of encode-only (`cpuBoundRatio`), so
 * 0.75 needs C ≤ E / 3 (`captureBudgetFor075MsPerFrame`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleTemplates } from '../src/bundle/bundle-templates.ts';
import { Project } from '../src/bundle/project.ts';
import { FrameEncoder } from '../src/render/encode/encoder.ts';
import { h264EncodeArgs } from '../src/render/encode/ffmpeg-args.ts';
import { runFramePipeline } from '../src/render/frame-pipeline.ts';
import { openPages } from '../src/render/open-pages.ts';
import { resolveRenderOptions } from '../src/render/options/resolve-options.ts';
import { RenderHost } from '../src/render/render-host.ts';
import { renderMedia } from '../src/render/render-media.ts';
import { renderStill } from '../src/render/render-still.ts';
import { cpuByProcessType, exitedChildrenCpuMs, machine, machineCpuTicks, round, startRssSampler } from './lib.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const framesArg = process.argv.indexOf('--frames');
const frameCount = framesArg > 0 ? Number(process.argv[framesArg + 1]) : 300;
const work = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-'));
const project = Project.fromConfig(repo, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir: work });

try {
  // Bundle: cold (fresh cache dir) and warm (unchanged inputs).
  const cold = await bundleTemplates({ templateRoot: project.config.templateRoot, bundlesDir: project.bundlesDir });
  const warm = await bundleTemplates({ templateRoot: project.config.templateRoot, bundlesDir: project.bundlesDir });
  if (cold.cached || !warm.cached) throw new Error('bundle cache did not behave');

  const host = new RenderHost();
  const options = { crf: 18, preset: 'medium' as const, concurrency: 2, frames: [0, frameCount - 1] as [number, number] };

  // Full pipeline.
  const sampler = startRssSampler();
  const ticks0 = machineCpuTicks();
  const result = await renderMedia({ project, host, template: 'bench-promo', output: path.join(work, 'promo.mp4'), ...options });
  const ticks1 = machineCpuTicks();
  const rss = sampler.stop();

  // Capture alone, keeping the JPEGs for the encode-only run.
  const catalog = await project.catalog();
  const resolved = await catalog.resolve('bench-promo', {});
  const resolvedOptions = resolveRenderOptions(options);
  const pages = await openPages({ host, project, resolved, count: 2, options: resolvedOptions });
  const images: Buffer[] = [];
  const chromiumPid = host.browsers.pid!;
  const chromium0 = cpuByProcessType(chromiumPid);
  const node0 = process.cpuUsage();
  const captureStart = performance.now();
  await runFramePipeline({
    pages: pages.pages,
    frames: Array.from({ length: frameCount }, (_, i) => i),
    format: 'jpeg',
    quality: resolvedOptions.jpegQuality,
    reuseUnchanged: true,
    maxAhead: frameCount,
    consume: async (image) => void images.push(image),
  });
  const captureOnlyFps = frameCount / ((performance.now() - captureStart) / 1000);
  const nodeCapture = process.cpuUsage(node0);
  const chromium1 = cpuByProcessType(chromiumPid);
  const captureSplit: Record<string, number> = { node: round((nodeCapture.user + nodeCapture.system) / 1000 / frameCount, 1) };
  for (const [type, ms] of Object.entries(chromium1)) {
    const per = (ms - (chromium0[type] ?? 0)) / frameCount;
    if (per >= 0.05) captureSplit[type] = round(per, 1);
  }
  const captureCpuMsPerFrame = Object.values(captureSplit).reduce((a, b) => a + b, 0);
  await pages.close();

  // Encode alone, same arguments, frames from memory.
  const encoder = new FrameEncoder(
    h264EncodeArgs({ fps: 30, width: 1920, height: 1080, imageFormat: 'jpeg', crf: 18, preset: 'medium', pixelFormat: 'yuv420p', output: path.join(work, 'encode-only.mp4') }),
  );
  const encodeCpu0 = exitedChildrenCpuMs();
  const encodeStart = performance.now();
  encoder.start();
  for (const image of images) await encoder.writeFrame(image);
  await encoder.finish();
  const encodeOnlyFps = frameCount / ((performance.now() - encodeStart) / 1000);
  const encodeCpuMsPerFrame = (exitedChildrenCpuMs() - encodeCpu0) / frameCount;

  // Warm stills: the browser is up; each still opens a page, mounts, seeks, captures PNG.
  const stillTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await renderStill({ project, host, template: 'bench-promo', frame: 150, format: 'png' });
    stillTimes.push(performance.now() - t);
  }
  stillTimes.sort((a, b) => a - b);

  // Cancel latency: abort mid-render and time until renderMedia has rejected and cleaned up.
  const controller = new AbortController();
  let abortedAt = 0;
  const cancelled = renderMedia({
    project,
    host,
    template: 'bench-promo',
    output: path.join(work, 'cancelled.mp4'),
    signal: controller.signal,
    onProgress: (p) => {
      if (p.encodedFrames >= 30 && !abortedAt) {
        abortedAt = performance.now();
        controller.abort();
      }
    },
  });
  await cancelled.catch(() => undefined);
  const cancelMs = performance.now() - abortedAt;
  await host.close();

  const fps = result.frames / (result.timings.totalMs / 1000);
  const t = result.timings;
  console.log(
    JSON.stringify({
      bench: 'render',
      machine: machine(),
      frames: result.frames,
      fps: round(fps),
      totalSeconds: round(t.totalMs / 1000),
      pipelineFps: round(result.frames / (t.pipelineMs / 1000)),
      captureMsPerFrame: round(t.captureMs / Math.max(1, t.capturedFrames)),
      seekMsPerFrame: round(t.seekMs / result.frames),
      waitOnEncoderMs: round(t.waitMs, 0),
      reusedFrames: t.reusedFrames,
      captureOnlyFps: round(captureOnlyFps),
      encodeFps: round(encodeOnlyFps),
      encodeOnlyFps: round(encodeOnlyFps),
      fpsOverEncodeOnly: round(fps / encodeOnlyFps),
      // CPU per frame of each half alone: Chromium by process type plus Node for capture, FFmpeg for encode.
      captureCpuMsPerFrame: round(captureCpuMsPerFrame, 1),
      captureCpuSplit: captureSplit,
      encodeCpuMsPerFrame: round(encodeCpuMsPerFrame, 1),
      // The ratio if capture and encode shared the cores with no idle moment: E / (E + C).
      cpuBoundRatio: round(encodeCpuMsPerFrame / (encodeCpuMsPerFrame + captureCpuMsPerFrame)),
      // How busy the whole machine was during the full render (run it on a quiet machine).
      machineBusyPercent: round((100 * (ticks1.busy - ticks0.busy)) / (ticks1.total - ticks0.total), 1),
      // What capture may cost for 0.75 at best: E / 3.
      captureBudgetFor075MsPerFrame: round(encodeCpuMsPerFrame / 3, 1),
      bundleColdMs: round(cold.durationMs, 0),
      bundleWarmMs: round(warm.durationMs, 1),
      stillMs: round(stillTimes[2]!, 0),
      cancelMs: round(cancelMs, 0),
      peakRssMb: rss.peakTreeRssMb,
      peakNodeRssMb: rss.peakNodeRssMb,
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
