import type { Browser } from 'puppeteer-core';
import { canceledError, FramewrightError, throwIfAborted } from '../../errors/index.ts';
import type { VideoMetadata } from '../../runtime/define-template.ts';
import type { RuntimeEnvironment } from '../../runtime/environment.ts';
import type { MediaElementReport, MediaScanResult, MountArgs, Notice, PageError, PageResult, SeekResult } from '../../runtime/page/protocol.ts';
import { PageFailures } from './page-failures.ts';
import type { OutboundFetcher } from './page-network-guard.ts';
import type { SitePage } from './site-page.ts';
import type { StackMapper } from './stack-mapper.ts';
import type { WarmPages } from './warm-pages.ts';

export type CaptureFormat = 'jpeg' | 'png' | 'webp';

export interface OpenPageOptions {
  browser: Browser;
  warmPages: WarmPages;
  siteUrl: string;
  publicUrl: string;
  templateId: string;
  inputProps: Record<string, unknown>;
  /** `inputProps` came from calculateMetadata(): the page uses them without parsing. */
  propsFromMetadata?: boolean;
  metadata: VideoMetadata;
  scale: number;
  transparent: boolean;
  delayRenderTimeoutMs: number;
  stackMapper: StackMapper;
  /** More of the page's environment (media endpoints, scan mode). */
  environment?: Partial<RuntimeEnvironment>;
  /** Fetches the page's remote URLs through the SSRF guard; without one they are refused. */
  outbound?: OutboundFetcher;
  signal?: AbortSignal;
}

/** A seek may wait for delayRender handles; past their timeout plus this, the page is stuck. */
const FRAME_TIMEOUT_MARGIN_MS = 5_000;

const NO_OUTBOUND: OutboundFetcher = {
  fetchForPage: async (url) => {
    throw new FramewrightError('REQUEST_REFUSED', `${url}: this page has no remote asset fetcher, so it may only load files of its bundle and public/`);
  },
};

/**
 * One browser tab with a template mounted, moved frame by frame. A seek is one DevTools round
 * trip (evaluate + await readiness); a capture is another.
 */
export class RenderPage {
  /**
   * Any scale but 1 goes through the capture clip: Chromium ignores a device scale factor below
   * 1, and the headless shell's captureScreenshot returns CSS pixels even with one above 1 unless
   * the clip asks for the scale. The factor above 1 still renders the page crisp at that ratio.
   */
  private clip: { x: number; y: number; width: number; height: number; scale: number } | undefined;

  /** Frames already retried on a fresh page after a delayRender() timeout with `retries`, and how often. */
  private readonly retried = new Map<number, number>();
  /** Media seen by pages this one replaced (a retry must not lose their part of the mix). */
  private readonly carriedMedia: MediaElementReport[] = [];

  private readonly failures: PageFailures;
  private closed = false;
  /** WALL_CLOCK_ANIMATION was reported for an animated image the network guard served. */
  private animatedImageNoted = false;
  /** DevTools calls not answered yet: a tab closed with some (a cancel, a failure) is not reused. */
  private pending = 0;
  /**
   * The network guard's count of answered requests when the last capture was taken: one
   * answered since (a background image that arrived late) changes pixels the DOM does not show.
   */
  private servedAtCapture: number;

  private constructor(
    private site: SitePage,
    mapper: StackMapper,
    private readonly signal: AbortSignal | undefined,
    private readonly options: OpenPageOptions,
    /** Longer than any legitimate wait of a frame (delayRender has its own, shorter timeout). */
    private readonly frameTimeoutMs: number,
  ) {
    this.failures = new PageFailures(mapper, signal, () => this.site);
    this.servedAtCapture = site.network.served;
  }

  private get page() {
    return this.site.page;
  }

  private get cdp() {
    return this.site.cdp;
  }

  private get pageError(): PageError | undefined {
    return this.failures.pageError;
  }

  private guard<T>(promise: Promise<T>): Promise<T> {
    this.pending++;
    return this.failures.guard(promise).finally(() => this.pending--);
  }

  private toError(error: PageError, frame?: number): FramewrightError {
    return this.failures.toError(error, frame);
  }

  /**
   * What the page reports as its failure, unless the network guard refused one of its requests:
   * then the page's error (a font or image that did not load) is the consequence, and the
   * refusal, naming the URL and the rule, is the cause. The guard reports before it answers the
   * request, so the refusal is recorded by the time the page's reply arrives.
   */
  private causeOf(error: PageError): PageError {
    const refused = this.pageError;
    return refused?.code === 'REQUEST_REFUSED' ? refused : error;
  }

  static async open(options: OpenPageOptions): Promise<RenderPage> {
    throwIfAborted(options.signal);
    let site: SitePage;
    try {
      site = await options.warmPages.take(options.browser, options.siteUrl);
    } catch (error) {
      if (options.signal?.aborted) throw canceledError(options.signal.reason);
      throw new FramewrightError('BROWSER_CRASHED', `Could not open a browser tab: ${(error as Error).message}`, { cause: error });
    }
    site.network.attach(options.outbound ?? NO_OUTBOUND);
    const rp = new RenderPage(site, options.stackMapper, options.signal, options, options.delayRenderTimeoutMs + FRAME_TIMEOUT_MARGIN_MS);
    try {
      await rp.prepare(options);
      return rp;
    } catch (error) {
      await rp.close();
      throw error;
    }
  }

  private async prepare(o: OpenPageOptions): Promise<void> {
    await this.page.setViewport({ width: o.metadata.width, height: o.metadata.height, deviceScaleFactor: Math.max(1, o.scale) });
    if (o.scale !== 1) this.clip = { x: 0, y: 0, width: o.metadata.width, height: o.metadata.height, scale: o.scale };
    if (o.transparent) {
      await this.cdp.send('Emulation.setDefaultBackgroundColorOverride', { color: { r: 0, g: 0, b: 0, a: 0 } });
    }
    if (!this.site.hasDriver) {
      throw this.toError(this.pageError ?? { code: 'TEMPLATE_ERROR', message: 'The template bundle did not start (no page driver found)' });
    }
    const args: MountArgs = {
      templateId: o.templateId,
      props: o.inputProps,
      ...(o.propsFromMetadata ? { propsFromMetadata: true } : {}),
      metadata: o.metadata,
      environment: { publicUrl: o.publicUrl, delayRenderTimeoutMs: o.delayRenderTimeoutMs, mode: 'render', ...o.environment },
    };
    // Props travel as a JSON argument, never spliced into code.
    const mounted = await this.guard(this.page.evaluate((a) => window.__framewright!.mount(a), args));
    if (!mounted.ok) throw this.toError(this.causeOf(mounted.error));
  }

  /** Moves the template to `frame` and waits until it is ready to capture. */
  async seek(frame: number): Promise<SeekResult> {
    if (!Number.isInteger(frame)) throw new FramewrightError('INTERNAL', `seek(${frame}): frame must be an integer`);
    const response = await this.guard(
      this.withFrameTimeout(
        this.cdp.send('Runtime.evaluate', {
          expression: `window.__framewright.seek(${frame})`,
          awaitPromise: true,
          returnByValue: true,
        }),
        frame,
      ),
    );
    if (response.exceptionDetails) {
      throw this.toError({
        code: 'TEMPLATE_ERROR',
        message: response.exceptionDetails.exception?.description ?? response.exceptionDetails.text,
      });
    }
    const result = response.result.value as PageResult<SeekResult>;
    if (!result.ok) {
      if (await this.retryOnFreshPage(result.error, frame)) return this.seek(frame);
      throw this.toError(this.causeOf(result.error), frame);
    }
    // Requests this frame started (a CSS background, a plain <img>) are answered before capture.
    if (this.site.network.busy) {
      await this.guard(this.site.network.idle());
      await this.settlePaint();
    }
    this.failures.throwIfPageFailed(frame);
    if (this.site.network.servedAnimatedImage) {
      const notices: Notice[] = this.animatedImageNoted ? (result.notices ?? []) : [...(result.notices ?? []), 'WALL_CLOCK_ANIMATION'];
      this.animatedImageNoted = true;
      return { changed: true, ...(notices.length ? { notices } : {}) };
    }
    const changed = result.changed || this.site.network.served !== this.servedAtCapture;
    return { changed, ...(result.notices ? { notices: result.notices } : {}) };
  }

  /**
   * A template stuck in an endless loop never answers: fail the frame with FRAME_TIMEOUT and
   * mark the tab crashed, so it is closed rather than reused.
   */
  private async withFrameTimeout<T>(work: Promise<T>, frame: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.site.health.crashed = true;
        reject(
          new FramewrightError(
            'FRAME_TIMEOUT',
            `Frame ${frame} did not finish rendering within ${this.frameTimeoutMs} ms: the template may be stuck in an endless loop`,
          ),
        );
      }, this.frameTimeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The media elements seen at every frame seeked since the last call. */
  async takeMedia(): Promise<MediaElementReport[]> {
    const own = await this.call<MediaElementReport[]>('window.__framewright.takeMedia()');
    return [...this.carriedMedia.splice(0), ...own];
  }

  /**
   * A delayRender() handle opened with `retries` timed out: swap this tab for a fresh one with
   * the template mounted (module state and all), so the frame is rendered again from scratch.
   */
  private async retryOnFreshPage(error: PageError, frame: number): Promise<boolean> {
    const used = this.retried.get(frame) ?? 0;
    if (error.code !== 'DELAY_RENDER_TIMEOUT' || used >= (error.retries ?? 0)) return false;
    throwIfAborted(this.signal);
    this.retried.set(frame, used + 1);
    // A tab waiting on a load still answers; if it cannot hand over the sound it recorded, the
    // render fails here rather than losing that part of the mix.
    this.carriedMedia.push(...(await this.call<MediaElementReport[]>('window.__framewright.takeMedia()')));
    // The frame's delayRender() handle is still open in that document: start afresh elsewhere.
    await this.options.warmPages.giveBack(this.site, { reuse: false });
    try {
      this.site = await this.options.warmPages.take(this.options.browser, this.options.siteUrl);
      this.site.network.attach(this.options.outbound ?? NO_OUTBOUND);
    } catch (cause) {
      if (this.signal?.aborted) throw canceledError(this.signal.reason);
      throw new FramewrightError('BROWSER_CRASHED', `Could not open a browser tab to retry frame ${frame}: ${(cause as Error).message}`, { cause });
    }
    this.clip = undefined;
    this.servedAtCapture = this.site.network.served;
    await this.prepare(this.options);
    return true;
  }

  /** Seeks every frame without capturing and returns the media seen (audio-only renders). */
  async scanMedia(frames: readonly number[]): Promise<MediaScanResult> {
    if (!frames.every(Number.isInteger)) throw new FramewrightError('INTERNAL', 'scanMedia(): frames must be integers');
    const result = await this.call<PageResult<MediaScanResult>>(`window.__framewright.scanMedia(${JSON.stringify(frames)})`);
    if (!result.ok) throw this.toError(this.causeOf(result.error), result.frame);
    this.failures.throwIfPageFailed();
    return { media: result.media, ...(result.notices ? { notices: result.notices } : {}) };
  }

  private async call<T>(expression: string): Promise<T> {
    const response = await this.guard(this.cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }));
    if (response.exceptionDetails) {
      throw this.toError({
        code: 'TEMPLATE_ERROR',
        message: response.exceptionDetails.exception?.description ?? response.exceptionDetails.text,
      });
    }
    return response.result.value as T;
  }

  async capture(format: CaptureFormat, quality?: number): Promise<Buffer> {
    let served = this.site.network.served;
    let data = await this.screenshot(format, quality);
    // Painting can start requests (a CSS background is only requested when laid out). One
    // round trip to the renderer, and the guard has heard of every request this paint started.
    await this.guard(this.cdp.send('Runtime.evaluate', { expression: '0' }));
    // A refused one fails the render naming the URL; a fetched one is painted and the frame
    // taken again, once: later frames find the image in the page's memory cache.
    if (this.site.network.busy || this.site.network.served !== served) {
      await this.guard(this.site.network.idle());
      this.failures.throwIfPageFailed();
      await this.settlePaint();
      served = this.site.network.served;
      data = await this.screenshot(format, quality);
    }
    this.servedAtCapture = served;
    this.failures.throwIfPageFailed();
    return Buffer.from(data, 'base64');
  }

  private async screenshot(format: CaptureFormat, quality: number | undefined): Promise<string> {
    const { data } = await this.guard(
      this.cdp.send('Page.captureScreenshot', {
        format,
        ...(format === 'png' ? {} : { quality: quality ?? 80 }),
        optimizeForSpeed: true,
        ...(this.clip ? { clip: this.clip } : {}),
        captureBeyondViewport: false,
        fromSurface: true,
      }),
    );
    return data;
  }

  /** Two animation frames: what just arrived is decoded and painted. */
  private async settlePaint(): Promise<void> {
    await this.guard(this.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))));
  }

  /**
   * Gives the tab back, once: reloaded as a spare when its render ended cleanly; closed after a
   * cancel or with calls in flight, which closing fails at once (a screenshot in flight across
   * a reload would wait for the protocol timeout instead).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.options.warmPages.giveBack(this.site, { reuse: this.pending === 0 && !this.signal?.aborted });
  }
}
