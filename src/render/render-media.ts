import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../bundle/project.ts';
import type { ResolvedTemplate } from '../bundle/template-catalog.ts';
import { canceledError, FramewrightError, throwIfAborted, toFramewrightError } from '../errors/index.ts';
import { prepareAudioMix } from './audio/prepare-mix.ts';
import { captureFrames, scanFrames, type CaptureFramesResult } from './capture-frames.ts';
import { commitOutputs, posterPathFor } from './formats/commit-outputs.ts';
import { createOutputWriter } from './formats/create-writer.ts';
import { FORMATS, type OutputFormat } from './formats/formats.ts';
import type { FramePipelineStats } from './frame-pipeline.ts';
import { MediaSession } from './media/media-session.ts';
import type { RemoteAssetOptions } from './media/remote-assets.ts';
import { mergeMediaReports, type MediaClip } from './media/timeline.ts';
import { resolveRenderOptions } from './options/resolve-options.ts';
import type { RenderOptionsInput, ResolvedRenderOptions } from './options/registry.ts';
import { WarningCollector, type RenderWarning } from './hints/hints.ts';
import { ProgressTracker, type ProgressListener } from './progress.ts';
import { RenderHost } from './render-host.ts';

export interface RenderMediaOptions extends RenderOptionsInput {
  project: Project;
  template: string;
  props?: Record<string, unknown>;
  /**
   * Where the output goes: a file, or for `hls` a folder (a zip of it goes beside it, at
   * `<output>.zip`). Written under a scratch name and moved into place when complete.
   */
  output: string;
  /** A warm host to reuse; without one a browser is launched and closed for this render. */
  host?: RenderHost;
  /** Overrides the project config's `remoteAssets` (timeout, size limit, private network). */
  remoteAssets?: Partial<RemoteAssetOptions>;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface RenderMediaResult {
  output: string;
  format: OutputFormat;
  contentType: string;
  /** Bytes of the output (HLS: of the zip). */
  bytes: number;
  frames: number;
  width: number;
  height: number;
  fps: number;
  durationSeconds: number;
  /** Whether the output has an audio track. */
  hasAudio: boolean;
  /** The JPEG thumbnail, when `poster` was asked for. */
  poster?: string;
  /** HLS: the zip of the folder. */
  zip?: string;
  /**
   * Every `<Audio>`/`<Video>` clip the template played (what the mix was made from), with
   * sources any worker of the project can resolve: `renderAudioTrack()` makes the sound of a
   * render assembled from chunks (render them `muted`) from the clips of all chunks.
   */
  mediaClips: MediaClip[];
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
  return Array.from({ length: end - first + 1 }, (_, i) => first + i).filter((_, i) => i % options.everyNthFrame === 0);
}

/**
 * Renders a template to a file (or an HLS folder): resolve → bundle → open media session →
 * capture ⇄ encode (or, for audio-only formats, scan) → mix audio → finalize → move into place.
 * Cancelling the signal stops every stage and leaves nothing at `output`.
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
  const output = path.resolve(options.output);
  const workDir = path.join(path.dirname(output), `.${path.basename(output)}.${randomBytes(4).toString('hex')}.work`);
  let session: MediaSession | undefined;

  try {
    const bundleStart = performance.now();
    const catalog = await options.project.catalog(internal.signal);
    const resolved = await catalog.resolve(options.template, options.props ?? {}, internal.signal);
    const frames = framesToRender(resolvedOptions, resolved.metadata.durationInFrames);
    checkPoster(resolvedOptions, resolved);
    const bundleMs = performance.now() - bundleStart;
    const progress = new ProgressTracker(frames.length, options.onProgress);
    progress.setStage('preparing');

    await mkdir(workDir, { recursive: true });
    session = await MediaSession.open(
      await host.assetServer(),
      { publicDir: options.project.config.publicDir, siteDir: resolved.bundle.siteDir },
      host.remoteAssetOptions({ ...options.project.config.remoteAssets, ...options.remoteAssets }),
      internal.signal,
    );
    const rendered = await renderOutput({ resolved, options: resolvedOptions, frames, host, project: options.project, workDir, output, session, progress, signal: internal.signal });
    throwIfAborted(internal.signal);

    progress.setStage('done');
    const finalizeMs = rendered.finalizeMs;
    const measured = rendered.zip ?? output;
    const { size } = await stat(measured);
    return {
      output,
      format: resolvedOptions.format,
      contentType: FORMATS[resolvedOptions.format].contentType,
      bytes: size,
      frames: frames.length,
      width: rendered.width,
      height: rendered.height,
      fps: rendered.fps,
      durationSeconds: frames.length / rendered.fps,
      hasAudio: rendered.hasAudio,
      ...(rendered.poster ? { poster: rendered.poster } : {}),
      ...(rendered.zip ? { zip: rendered.zip } : {}),
      mediaClips: rendered.clips,
      bundleHash: resolved.bundle.hash,
      warnings: rendered.warnings,
      timings: {
        totalMs: performance.now() - started,
        bundleMs,
        openPagesMs: rendered.capture?.openPagesMs ?? 0,
        pipelineMs: rendered.capture?.pipelineMs ?? 0,
        finalizeMs,
        ...(rendered.capture?.stats ?? { seekMs: 0, captureMs: 0, waitMs: 0, capturedFrames: 0, reusedFrames: 0 }),
      },
    };
  } catch (error) {
    if (signal?.aborted) throw canceledError(signal.reason);
    throw toFramewrightError(error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await session?.close();
    await rm(workDir, { recursive: true, force: true });
    if (ownHost) await host.close();
  }
}

interface RenderOutputArgs {
  resolved: ResolvedTemplate;
  options: ResolvedRenderOptions;
  frames: number[];
  host: RenderHost;
  project: Project;
  workDir: string;
  output: string;
  session: MediaSession;
  progress: ProgressTracker;
  signal: AbortSignal;
}

/** The steps after set-up: frames (or a scan) → audio mix → finalize → move into place. */
async function renderOutput(a: RenderOutputArgs) {
  const { resolved, options } = a;
  const { fps } = resolved.metadata;
  const width = Math.round(resolved.metadata.width * options.scale);
  const height = Math.round(resolved.metadata.height * options.scale);
  const outputFps = fps / options.everyNthFrame;
  const writer = createOutputWriter({ options, fps: outputFps, width, height, frames: a.frames, workDir: a.workDir, output: a.output });
  const environment = { mediaUrl: a.session.url };
  const posterFile = options.poster ? path.join(a.workDir, 'poster.jpg') : undefined;

  let capture: CaptureFramesResult | undefined;
  let reports;
  const warnings = new WarningCollector();
  if (writer.sink && writer.capture !== 'none') {
    capture = await captureFrames({
      host: a.host, project: a.project, resolved, options, frames: a.frames, format: writer.capture, sink: writer.sink, environment,
      poster: options.poster && posterFile ? { ...options.poster, file: posterFile } : undefined, warnings, progress: a.progress, signal: a.signal,
    });
    reports = capture.media;
  } else {
    reports = await scanFrames({ host: a.host, project: a.project, resolved, options, frames: a.frames, environment, warnings, progress: a.progress, signal: a.signal });
  }
  throwIfAborted(a.signal);

  const finalizeStart = performance.now();
  a.progress.setStage('finalizing');
  const clips = mergeMediaReports(reports);
  const portableClips = clips.map((c) => ({ ...c, src: a.session.portableSrc(c.src) }));
  const audio = writer.hasAudio
    ? await prepareAudioMix({
        clips, session: a.session, range: { fps, firstFrame: a.frames[0]!, frameCount: a.frames.length }, muted: options.muted,
        requireTrack: options.enforceAudioTrack || FORMATS[options.format].kind === 'audio',
      })
    : undefined;
  await writer.finalize(audio, a.signal);
  throwIfAborted(a.signal);
  const poster = posterFile ? posterPathFor(a.output) : undefined;
  await commitOutputs([...writer.outputs, ...(posterFile && poster ? [{ staged: posterFile, final: poster }] : [])]);
  const zip = writer.outputs.find((o) => o.final.endsWith('.zip') && o.final !== a.output)?.final;
  return {
    capture, width, height, fps: outputFps, hasAudio: audio !== undefined, clips: portableClips, poster, zip, warnings: warnings.list(), finalizeMs: performance.now() - finalizeStart,
  };
}

function checkPoster(options: ResolvedRenderOptions, resolved: ResolvedTemplate): void {
  const frame = options.poster?.frame;
  if (frame !== undefined && frame >= resolved.metadata.durationInFrames) {
    throw new FramewrightError('INVALID_OPTIONS', `"poster.frame": ${frame} is past the last frame (${resolved.metadata.durationInFrames - 1})`);
  }
}

function pickRenderOptions(o: RenderMediaOptions): RenderOptionsInput {
  const { project: _p, template: _t, props: _pr, output: _o, host: _h, signal: _s, onProgress: _op, remoteAssets: _r, ...rest } = o;
  return rest;
}
