import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../bundle/project.ts';
import type { ResolvedTemplate } from '../bundle/template-catalog.ts';
import { canceledError, FramewrightError, throwIfAborted, toFramewrightError } from '../errors/index.ts';
import { prepareAudioMix } from './audio/prepare-mix.ts';
import { captureFrames, scanFrames, type CaptureFramesResult } from './capture-frames.ts';
import { commitOutputs, posterPathFor } from './formats/commit-outputs.ts';
import { createOutputWriter } from './formats/create-writer.ts';
import { FORMATS, formatFromFileName, type OutputFormat } from './formats/formats.ts';
import type { FramePipelineStats } from './frame-pipeline.ts';
import { MediaSession } from './media/media-session.ts';
import { assertEncodable } from './options/encodable.ts';
import { runCleanups } from '../errors/run-cleanups.ts';
import type { RemoteAssetOptions } from './media/remote-assets.ts';
import { mergeMediaReports, type MediaClip } from './media/timeline.ts';
import { resolveRenderOptions } from './options/resolve-options.ts';
import type { RenderOptionsInput, ResolvedRenderOptions } from './options/registry.ts';
import { renderWarning, WarningCollector, type RenderWarning } from './hints/hints.ts';
import { encodedSize } from './encode/color.ts';
import { prepareOutput, removeWorkDir, toOutputError } from './output-path.ts';
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
  /** Frames captured from the page (the rest reused an earlier image); 0 for audio-only outputs. */
  capturedFrames: number;
  /** Frames whose image was reused because nothing on the page could paint differently. */
  reusedFrames: number;
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
      { issues: [{ path: ['frames'], message: `must start at most at frame ${durationInFrames - 1}, got ${first}` }] },
    );
  }
  const end = Math.min(last, durationInFrames - 1);
  return Array.from({ length: end - first + 1 }, (_, i) => first + i).filter((_, i) => i % options.everyNthFrame === 0);
}

/** A warning when `frames` reaches past the last frame and was cut there (`a-` never warns). */
export function frameRangeWarning(options: ResolvedRenderOptions, durationInFrames: number): RenderWarning | undefined {
  const [first, last] = options.frames ?? [0, durationInFrames - 1];
  if (last < durationInFrames || last === Number.MAX_SAFE_INTEGER) return undefined;
  return renderWarning(
    'FRAME_RANGE_CLAMPED',
    `"frames": ${first}-${last} reaches past the last frame (${durationInFrames - 1}); rendered ${first}-${durationInFrames - 1}`,
  );
}

/**
 * Transparent templates keep their alpha in every format that can carry it: WebM switches to VP9
 * with alpha (yuva420p) unless a pixel format was asked for. Formats that cannot carry alpha
 * flatten it, with a warning.
 */
function applyTransparency(options: ResolvedRenderOptions, asked: RenderOptionsInput, transparent: boolean, warnings: WarningCollector): ResolvedRenderOptions {
  if (!transparent) return options;
  const out = options.format === 'webm' && asked.pixelFormat === undefined ? { ...options, pixelFormat: 'yuva420p' as const } : options;
  const keepsAlpha = out.format === 'png-seq' || out.format === 'gif' || (out.pixelFormat?.startsWith('yuva') ?? false);
  if (!keepsAlpha && FORMATS[out.format].kind !== 'audio') {
    warnings.push(renderWarning('ALPHA_DROPPED', `The template is transparent but ${out.format}${out.pixelFormat ? ` (${out.pixelFormat})` : ''} has no alpha: transparent areas come out black (use webm, mov or png-seq)`));
  }
  return out;
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
  let madeWorkDir = false;

  try {
    // The output path is the user's input: refuse an unwritable one before any work.
    await prepareOutput(output, workDir, FORMATS[resolvedOptions.format].kind === 'hls' ? 'folder' : 'file');
    madeWorkDir = true;
    const bundleStart = performance.now();
    const catalog = await options.project.catalog(internal.signal);
    const resolved = await catalog.resolve(options.template, options.props ?? {}, internal.signal);
    const frames = framesToRender(resolvedOptions, resolved.metadata.durationInFrames);
    assertEncodable(resolvedOptions, resolved.metadata);
    const bundleMs = performance.now() - bundleStart;
    const progress = new ProgressTracker(frames.length, options.onProgress);
    progress.setStage('preparing');

    session = await MediaSession.open(
      await host.assetServer(),
      { publicDir: options.project.config.publicDir, siteDir: resolved.bundle.siteDir },
      host.remoteAssetOptions({ ...options.project.config.remoteAssets, ...options.remoteAssets }),
      internal.signal,
    );
    const warnings = new WarningCollector();
    const clamped = frameRangeWarning(resolvedOptions, resolved.metadata.durationInFrames);
    if (clamped) warnings.push(clamped);
    const effective = applyTransparency(resolvedOptions, pickRenderOptions(options), resolved.template.transparent ?? false, warnings);
    const rendered = await renderOutput({ resolved, options: effective, frames, host, project: options.project, workDir, output, session, progress, warnings, signal: internal.signal });
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
      capturedFrames: rendered.capture?.stats.capturedFrames ?? 0,
      reusedFrames: rendered.capture?.stats.reusedFrames ?? 0,
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
    // Each clean-up runs even when another throws: a failed decoder stop must not leak the work folder or a Chromium.
    await runCleanups([() => session?.close(), () => (madeWorkDir ? removeWorkDir(workDir) : undefined), () => (ownHost ? host.close() : undefined)]);
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
  warnings: WarningCollector;
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
  const { warnings } = a;
  if (writer.sink && writer.capture !== 'none') {
    capture = await captureFrames({
      host: a.host, project: a.project, resolved, options, frames: a.frames, format: writer.capture, sink: writer.sink, environment, outbound: a.session,
      poster: options.poster && posterFile ? { ...options.poster, file: posterFile } : undefined, warnings, progress: a.progress, signal: a.signal,
    });
    reports = capture.media;
  } else {
    reports = await scanFrames({ host: a.host, project: a.project, resolved, options, frames: a.frames, environment, outbound: a.session, warnings, progress: a.progress, signal: a.signal });
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
  await commitOutputs([...writer.outputs, ...(posterFile && poster ? [{ staged: posterFile, final: poster }] : [])]).catch((error: unknown) => {
    throw toOutputError(a.output, error);
  });
  const zip = writer.outputs.find((o) => o.final.endsWith('.zip') && o.final !== a.output)?.final;
  // What the file holds: 4:2:0 video drops an odd last row/column (HLS renditions have their own sizes).
  const encoded = FORMATS[options.format].kind === 'video' && options.pixelFormat ? encodedSize(width, height, options.pixelFormat) : { width, height };
  return {
    capture, width: encoded.width, height: encoded.height, fps: outputFps, hasAudio: audio !== undefined, clips: portableClips, poster, zip, warnings: warnings.list(), finalizeMs: performance.now() - finalizeStart,
  };
}

function pickRenderOptions(o: RenderMediaOptions): RenderOptionsInput {
  const { project: _p, template: _t, props: _pr, output, host: _h, signal: _s, onProgress: _op, remoteAssets: _r, ...rest } = o;
  // Without a format, the output's extension says it, as on the CLI: `out.wav` is a WAV, not an
  // MP4 named .wav. A name that says nothing (no or an unknown extension) keeps the default, mp4.
  const named = rest.format === undefined ? formatFromFileName(output) : undefined;
  return named ? { ...rest, format: named } : rest;
}
