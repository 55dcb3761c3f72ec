import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Project } from '../bundle/project.ts';
import { canceledError, FramewrightError, formatZodIssues, throwIfAborted, toFramewrightError, zodToIssues } from '../errors/index.ts';
import { renderWarning, WarningCollector, type RenderWarning } from './hints/hints.ts';
import { runCleanups } from '../errors/run-cleanups.ts';
import { MediaSession } from './media/media-session.ts';
import type { RemoteAssetOptions } from './media/remote-assets.ts';
import { openPages } from './open-pages.ts';
import { prepareOutput, removeWorkDir, toOutputError } from './output-path.ts';
import { RenderHost } from './render-host.ts';
import { describeValue } from './options/resolve-options.ts';

export const STILL_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type StillFormat = (typeof STILL_FORMATS)[number];

/** JPEG and WebP quality when none is asked for. */
const DEFAULT_STILL_QUALITY = 90;

export const stillOptionsSchema = z.strictObject({
  frame: z.number().int().min(0).default(0),
  format: z.enum(STILL_FORMATS).default('png'),
  quality: z.number().int().min(1).max(100).default(DEFAULT_STILL_QUALITY),
  scale: z.number().gt(0).max(16).default(1),
  delayRenderTimeoutMs: z.number().int().min(1).max(600_000).default(30_000),
});

export type StillOptionsInput = z.input<typeof stillOptionsSchema>;

export interface RenderStillOptions extends StillOptionsInput {
  project: Project;
  template: string;
  props?: Record<string, unknown>;
  /** Also write the image here (atomically). */
  output?: string;
  host?: RenderHost;
  /** Overrides the project config's `remoteAssets` (timeout, size limit, private network). */
  remoteAssets?: Partial<RemoteAssetOptions>;
  signal?: AbortSignal;
}

/** Where a still's time went, in milliseconds, phase by phase (the service sends them as `Server-Timing`). */
export interface StillTimings {
  /** Bundle check, props validation and calculateMetadata. */
  resolveMs: number;
  /** A tab with the template mounted: a warm one when the host keeps them, else a fresh load. */
  openPageMs: number;
  /** The template rendered at the frame and ready (fonts, delayRender, images). */
  seekMs: number;
  /** Chromium's readback and image encoding, and the bytes back in Node. */
  captureMs: number;
  /** From the call to the result: the tab closed and, with `output`, the file written. */
  totalMs: number;
}

export interface RenderStillResult {
  image: Buffer;
  format: StillFormat;
  contentType: string;
  width: number;
  height: number;
  frame: number;
  warnings: RenderWarning[];
  timings: StillTimings;
}

/** Renders one frame of a template as PNG, JPEG or WebP. */
export async function renderStill(options: RenderStillOptions): Promise<RenderStillResult> {
  const { project, template, props, output, host: givenHost, signal, remoteAssets, ...rest } = options;
  const parsed = stillOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    // Name the value received, as render options do (`"scale": Too small: …, got 0`).
    const issues = zodToIssues(parsed.error).map((issue) => {
      const key = issue.path[0];
      return key === undefined ? issue : { ...issue, message: `${issue.message}, got ${describeValue((rest as Record<string, unknown>)[String(key)])}` };
    });
    throw new FramewrightError('INVALID_OPTIONS', `Invalid still options: ${formatZodIssues(issues)}`, { issues });
  }
  const o = parsed.data;
  // PNG is lossless: a quality asked of it would be silently ignored, so it is refused, as
  // render options that do not apply to the format are. The default itself is not refused:
  // the API's request schema and the Studio's form fill in every field.
  if (rest.quality !== undefined && rest.quality !== DEFAULT_STILL_QUALITY && o.format === 'png') {
    const message = `applies to jpeg and webp only, got ${rest.quality} for png`;
    throw new FramewrightError('INVALID_OPTIONS', `Invalid still options: "quality": ${message}`, { issues: [{ path: ['quality'], message }] });
  }
  const started = performance.now();
  let mark = started;
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  const host = givenHost ?? new RenderHost({ warmPages: false });
  const internal = new AbortController();
  const onAbort = () => internal.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let session: MediaSession | undefined;
  const workDir = output ? path.join(path.dirname(output), `.${path.basename(output)}.${randomBytes(4).toString('hex')}.work`) : undefined;
  let madeWorkDir = false;
  try {
    // The output path is the user's input: refuse an unwritable one before any work.
    if (output && workDir) {
      await prepareOutput(output, workDir, 'file');
      madeWorkDir = true;
    }
    const catalog = await project.catalog(signal);
    const resolved = await catalog.resolve(template, props ?? {}, signal);
    const resolveMs = lap();
    if (o.frame >= resolved.metadata.durationInFrames) {
      throw new FramewrightError('INVALID_OPTIONS', `"frame": ${o.frame} is past the last frame (${resolved.metadata.durationInFrames - 1})`, {
        issues: [{ path: ['frame'], message: `must be at most ${resolved.metadata.durationInFrames - 1}, got ${o.frame}` }],
      });
    }
    // Remote images and <Video> frames come through a media session, as in renderMedia.
    session = await MediaSession.open(
      await host.assetServer(),
      { publicDir: project.config.publicDir, siteDir: resolved.bundle.siteDir },
      host.remoteAssetOptions({ ...project.config.remoteAssets, ...remoteAssets }),
      internal.signal,
    );
    const pages = await openPages({ host, project, resolved, count: 1, options: o, environment: { mediaUrl: session.url }, outbound: session, signal: internal.signal });
    const openPageMs = lap();
    let image: Buffer;
    let seekMs: number;
    let captureMs: number;
    const warnings = new WarningCollector();
    // A seek waits for the frame to be ready (an open delayRender(), an image): cancelling must
    // close the tab now, which fails the wait as CANCELED, not when the timeout ends.
    const stopNow = () => void pages.close();
    internal.signal.addEventListener('abort', stopNow, { once: true });
    // JPEG has no alpha channel: a transparent template's see-through areas come out black,
    // which the caller should hear about as a video render would tell them (README, alpha).
    if (resolved.template.transparent && o.format === 'jpeg') {
      warnings.push(renderWarning('ALPHA_DROPPED', 'The template is transparent but a jpeg still has no alpha: transparent areas come out black (use png or webp)'));
    }
    try {
      throwIfAborted(internal.signal);
      warnings.add((await pages.pages[0]!.seek(o.frame)).notices);
      seekMs = lap();
      image = await pages.pages[0]!.capture(o.format, o.quality);
      captureMs = lap();
    } finally {
      internal.signal.removeEventListener('abort', stopNow);
      await pages.close();
    }
    throwIfAborted(signal);
    if (output && workDir) {
      const temp = path.join(workDir, `still.${o.format}`);
      await writeFile(temp, image);
      await rename(temp, output).catch((error: unknown) => {
        throw toOutputError(output, error);
      });
    }
    return {
      image,
      format: o.format,
      contentType: `image/${o.format}`,
      width: Math.round(resolved.metadata.width * o.scale),
      height: Math.round(resolved.metadata.height * o.scale),
      frame: o.frame,
      warnings: warnings.list(),
      timings: { resolveMs, openPageMs, seekMs, captureMs, totalMs: performance.now() - started },
    };
  } catch (error) {
    if (signal?.aborted) throw canceledError(signal.reason);
    throw toFramewrightError(error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await runCleanups([() => session?.close(), () => (madeWorkDir && workDir ? removeWorkDir(workDir) : undefined), () => (givenHost ? undefined : host.close())]);
  }
}
