import { writeFile } from 'node:fs/promises';
import type { Project } from '../bundle/project.ts';
import type { ResolvedTemplate } from '../bundle/template-catalog.ts';
import type { RuntimeEnvironment } from '../runtime/environment.ts';
import type { MediaElementReport } from '../runtime/media/media-types.ts';
import type { FrameSink } from './formats/output-writer.ts';
import type { WarningCollector } from './hints/hints.ts';
import { runFramePipeline, type FramePipelineStats } from './frame-pipeline.ts';
import { openPages } from './open-pages.ts';
import type { ResolvedRenderOptions } from './options/registry.ts';
import type { OutboundFetcher } from './page/page-network-guard.ts';
import type { CaptureFormat } from './page/render-page.ts';
import type { ProgressTracker } from './progress.ts';
import type { RenderHost } from './render-host.ts';

export interface CaptureFramesArgs {
  host: RenderHost;
  project: Project;
  resolved: ResolvedTemplate;
  options: ResolvedRenderOptions;
  frames: readonly number[];
  format: CaptureFormat;
  sink: FrameSink;
  environment: Partial<RuntimeEnvironment>;
  /** Fetches the pages' remote URLs through the SSRF guard. */
  outbound?: OutboundFetcher;
  /** Also capture this frame as a JPEG into `file` once the frames are in. */
  poster: { frame: number; quality: number; file: string } | undefined;
  /** Collects the notices pages report (Math.random(), Date.now(), ...). */
  warnings: WarningCollector;
  progress: ProgressTracker;
  signal: AbortSignal;
}

export interface CaptureFramesResult {
  stats: FramePipelineStats;
  openPagesMs: number;
  pipelineMs: number;
  /** What each page saw of `<Audio>`/`<Video>` elements. */
  media: MediaElementReport[][];
}

/**
 * Opens the pages, captures every frame into the sink (capture ⇄ encode as a pipeline), then the
 * poster, then collects the media timeline the pages recorded. The sink is finished or aborted,
 * and the pages closed, whatever happens.
 */
export async function captureFrames(a: CaptureFramesArgs): Promise<CaptureFramesResult> {
  const { options, signal } = a;
  const openStart = performance.now();
  const pages = await openPages({
    host: a.host, project: a.project, resolved: a.resolved, count: Math.min(options.concurrency, a.frames.length), options, environment: a.environment, signal,
    ...(a.outbound ? { outbound: a.outbound } : {}),
  });
  const openPagesMs = performance.now() - openStart;
  // Cancelling must stop FFmpeg and the pages at once, not after the frame in flight.
  const stopNow = () => {
    void a.sink.abort();
    void pages.close();
  };
  signal.addEventListener('abort', stopNow, { once: true });
  const pipelineStart = performance.now();
  let finished = false;
  try {
    a.sink.start();
    a.progress.setStage('rendering');
    const stats = await runFramePipeline({
      pages: pages.pages,
      frames: a.frames,
      format: a.format,
      quality: options.jpegQuality,
      reuseUnchanged: options.reuseUnchangedFrames,
      maxAhead: Math.max(4, options.concurrency * 4),
      signal,
      onRendered: () => a.progress.frameRendered(),
      onNotices: (n) => a.warnings.add(n),
      consume: async (image) => {
        await a.sink.writeFrame(image);
        a.progress.frameEncoded();
      },
    });
    await a.sink.finish();
    finished = true;
    const pipelineMs = performance.now() - pipelineStart;
    if (a.poster) {
      const page = pages.pages[0]!;
      await page.seek(a.poster.frame);
      await writeFile(a.poster.file, await page.capture('jpeg', a.poster.quality));
    }
    const media = await Promise.all(pages.pages.map((p) => p.takeMedia()));
    return { stats, openPagesMs, pipelineMs, media };
  } finally {
    signal.removeEventListener('abort', stopNow);
    if (!finished) await a.sink.abort();
    await pages.close();
  }
}

/**
 * Audio-only renders: every frame is rendered (to learn when each sound plays) but none is
 * captured. Pages take contiguous stretches and scan them inside the page, in batches so that
 * progress moves and a cancel is noticed.
 */
export async function scanFrames(a: Omit<CaptureFramesArgs, 'format' | 'sink' | 'poster'>): Promise<MediaElementReport[][]> {
  const count = Math.max(1, Math.min(a.options.concurrency, Math.ceil(a.frames.length / 60)));
  const pages = await openPages({
    host: a.host, project: a.project, resolved: a.resolved, count, options: a.options, environment: { ...a.environment, scanOnly: true }, signal: a.signal,
    ...(a.outbound ? { outbound: a.outbound } : {}),
  });
  const stopNow = () => void pages.close();
  a.signal.addEventListener('abort', stopNow, { once: true });
  try {
    a.progress.setStage('rendering');
    const per = Math.ceil(a.frames.length / pages.pages.length);
    return await Promise.all(
      pages.pages.map(async (page, i) => {
        const mine = a.frames.slice(i * per, (i + 1) * per);
        const reports: MediaElementReport[] = [];
        for (let at = 0; at < mine.length; at += 60) {
          const batch = mine.slice(at, at + 60);
          const scanned = await page.scanMedia(batch);
          reports.push(...scanned.media);
          a.warnings.add(scanned.notices);
          for (let k = 0; k < batch.length; k++) {
            a.progress.frameRendered();
            a.progress.frameEncoded();
          }
        }
        return reports;
      }),
    );
  } finally {
    a.signal.removeEventListener('abort', stopNow);
    await pages.close();
  }
}
