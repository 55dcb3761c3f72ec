import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../bundle/project.ts';
import type { ResolvedTemplate } from '../bundle/template-catalog.ts';
import { canceledError, FramewrightError, throwIfAborted, toFramewrightError } from '../errors/index.ts';
import { h264EncodeArgs } from './encode/ffmpeg-args.ts';
import { FrameEncoder } from './encode/encoder.ts';
import { runFramePipeline, type FramePipelineStats } from './frame-pipeline.ts';
import { resolveRenderOptions } from './options/resolve-options.ts';
import type { RenderOptionsInput, ResolvedRenderOptions } from './options/registry.ts';
import { openPages } from './open-pages.ts';
import { WarningCollector, type RenderWarning } from './hints/hints.ts';
import { ProgressTracker, type ProgressListener } from './progress.ts';
import { RenderHost } from './render-host.ts';

export interface RenderMediaOptions extends RenderOptionsInput {
  project: Project;
  template: string;
  props?: Record<string, unknown>;
  /** Where the video goes. Written to a temporary name and renamed when complete. */
  output: string;
  /** A warm host to reuse; without one a browser is launched and closed for this render. */
  host?: RenderHost;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface RenderMediaResult {
  output: string;
  bytes: number;
  frames: number;
  width: number;
  height: number;
  fps: number;
  durationSeconds: number;
  bundleHash: string;
  /** Things that did not fail the render but probably make it wrong, each with a hint. */
  warnings: RenderWarning[];
  timings: {
    totalMs: number;
    bundleMs: number;
    openPagesMs: number;
    pipelineMs: number;
    finalizeMs: number;
  } & FramePipelineStats;
}

/** Frame numbers to render, from the options and the template's duration. */
export function framesToRender(options: ResolvedRenderOptions, durationInFrames: number): number[] {
  const [first, last] = options.frames ?? [0, durationInFrames - 1];
  if (first >= durationInFrames) {
    throw new FramewrightError(
      'INVALID_OPTIONS',
      `"frames": starts at ${first}, but the video has only ${durationInFrames} frames (0–${durationInFrames - 1})`,
    );
  }
  const end = Math.min(last, durationInFrames - 1);
  return Array.from({ length: end - first + 1 }, (_, i) => first + i);
}

/**
 * Renders a template to a video file: resolve → bundle → open pages → capture ⇄ encode →
 * finalize. Cancelling the signal stops every stage and leaves nothing at `output`.
 */
export async function renderMedia(options: RenderMediaOptions): Promise<RenderMediaResult> {
  const started = performance.now();
  const resolvedOptions = resolveRenderOptions(pickRenderOptions(options));
  const { signal } = options;
  throwIfAborted(signal);
  const ownHost = !options.host;
  const host = options.host ?? new RenderHost({ warmPages: false });
  const internal = new AbortController();
  const onAbort = () => internal.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const tempOutput = path.join(path.dirname(options.output), `.${path.basename(options.output)}.${randomBytes(4).toString('hex')}.part`);

  try {
    const bundleStart = performance.now();
    const catalog = await options.project.catalog(internal.signal);
    const resolved = await catalog.resolve(options.template, options.props ?? {}, internal.signal);
    const frames = framesToRender(resolvedOptions, resolved.metadata.durationInFrames);
    const bundleMs = performance.now() - bundleStart;
    const progress = new ProgressTracker(frames.length, options.onProgress);
    progress.setStage('preparing');

    await mkdir(path.dirname(options.output), { recursive: true });
    const result = await captureAndEncode({ resolved, options: resolvedOptions, frames, host, tempOutput, progress, project: options.project, signal: internal.signal });
    throwIfAborted(internal.signal);

    const finalizeStart = performance.now();
    progress.setStage('finalizing');
    await rename(tempOutput, options.output);
    const { size } = await stat(options.output);
    progress.setStage('done');
    return {
      output: options.output,
      bytes: size,
      frames: frames.length,
      width: result.width,
      height: result.height,
      fps: resolved.metadata.fps,
      durationSeconds: frames.length / resolved.metadata.fps,
      bundleHash: resolved.bundle.hash,
      warnings: result.warnings,
      timings: {
        totalMs: performance.now() - started,
        bundleMs,
        openPagesMs: result.openPagesMs,
        pipelineMs: result.pipelineMs,
        finalizeMs: performance.now() - finalizeStart,
        ...result.stats,
      },
    };
  } catch (error) {
    await rm(tempOutput, { force: true });
    if (signal?.aborted) throw canceledError(signal.reason);
    throw toFramewrightError(error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (ownHost) await host.close();
  }
}

interface CaptureAndEncodeArgs {
  resolved: ResolvedTemplate;
  options: ResolvedRenderOptions;
  frames: number[];
  host: RenderHost;
  project: Project;
  tempOutput: string;
  progress: ProgressTracker;
  signal: AbortSignal;
}

async function captureAndEncode(a: CaptureAndEncodeArgs) {
  const { resolved, options, signal } = a;
  const width = Math.round(resolved.metadata.width * options.scale);
  const height = Math.round(resolved.metadata.height * options.scale);
  const openStart = performance.now();
  const pages = await openPages({ host: a.host, project: a.project, resolved, count: Math.min(options.concurrency, a.frames.length), options, signal });
  const openPagesMs = performance.now() - openStart;
  const encoder = new FrameEncoder(
    h264EncodeArgs({ fps: resolved.metadata.fps, width, height, imageFormat: 'jpeg', crf: options.crf, preset: options.preset, pixelFormat: options.pixelFormat, output: a.tempOutput }),
  );
  // Cancelling must stop FFmpeg and the pages at once, not after the frame in flight.
  const stopNow = () => {
    void encoder.abort();
    void pages.close();
  };
  signal.addEventListener('abort', stopNow, { once: true });
  const pipelineStart = performance.now();
  const warnings = new WarningCollector();
  let finished = false;
  try {
    encoder.start();
    a.progress.setStage('rendering');
    const stats = await runFramePipeline({
      pages: pages.pages,
      frames: a.frames,
      format: 'jpeg',
      quality: options.jpegQuality,
      reuseUnchanged: options.reuseUnchangedFrames,
      maxAhead: Math.max(4, options.concurrency * 4),
      signal,
      onRendered: () => a.progress.frameRendered(),
      onNotices: (n) => warnings.add(n),
      consume: async (image) => {
        await encoder.writeFrame(image);
        a.progress.frameEncoded();
      },
    });
    await encoder.finish();
    finished = true;
    return { stats, width, height, openPagesMs, pipelineMs: performance.now() - pipelineStart, warnings: warnings.list() };
  } finally {
    signal.removeEventListener('abort', stopNow);
    if (!finished) await encoder.abort();
    await pages.close();
  }
}

function pickRenderOptions(o: RenderMediaOptions): RenderOptionsInput {
  const { project: _p, template: _t, props: _pr, output: _o, host: _h, signal: _s, onProgress: _op, ...rest } = o;
  return rest;
}
