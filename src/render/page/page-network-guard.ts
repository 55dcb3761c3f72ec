import { readFile } from 'node:fs/promises';
import type { CDPSession, Protocol } from 'puppeteer-core';
import { toFramewrightError } from '../../errors/index.ts';
import { FetchError } from '../../net/index.ts';
import { isAnimatedImage } from '../../runtime/page/animated-image.ts';
import type { PageError } from '../../runtime/page/protocol.ts';

/** Fetches a URL for the page through the SSRF guard (the render's remote assets). */
export interface OutboundFetcher {
  fetchForPage(url: string): Promise<{ file: string; contentType: string | undefined }>;
}

/**
 * The render page's only way out. Every request the tab makes (documents, CSS, images, fonts,
 * fetch/XHR, media, scripts, workers' fetches) pauses here: requests for the loopback asset
 * server go on untouched; other http(s) GETs are fetched in Node through the render's guarded
 * fetcher and fulfilled from the file; everything else fails, and the first refusal is reported
 * as the page's error, naming the URL. Chromium's own proxy setting (see chromium-flags) is the
 * backstop for anything that escapes this tab's interception.
 *
 * Requests made before a render attaches its fetcher (module-load fetches of a warm tab) wait,
 * paused, until one does: the render's own policy decides for them too.
 *
 * A pause reaches us through the browser's interception, and on a loaded machine it can come
 * frames after the paint that asked for it. So the guard also hears the renderer announce each
 * remote request (Network.requestWillBeSent on this session): the announcement travels in order
 * with the renderer's replies, so after one round trip every request a paint started is known,
 * and `busy` holds until each has paused here and been answered.
 */
export class PageNetworkGuard {
  private fetcher: OutboundFetcher | undefined;
  private readonly waiting: Array<Protocol.Fetch.RequestPausedEvent> = [];
  /**
   * Counts the renders the tab has served. A request of a finished render can pause, or its
   * fetch end, after the tab went back to the pool: neither may count for the next render.
   */
  private epoch = 0;
  private inFlight = 0;
  /** Remote requests the renderer announced that have not paused here yet (network ids). */
  private readonly announced = new Set<string>();
  /** Requests that paused before their announcement arrived (the two come from two processes). */
  private readonly pausedFirst = new Set<string>();
  /** Remote requests answered so far (fetched or refused): a change means a capture may be stale. */
  served = 0;
  /**
   * This document was served an image that animates by itself (a GIF with frames, an APNG…):
   * the page cannot read a remote file back to look, so the guard looks as it passes.
   */
  servedAnimatedImage = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly cdp: CDPSession,
    /** The asset server's origin with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
    private readonly localOrigin: string,
    private readonly report: (error: PageError) => void,
  ) {}

  async enable(): Promise<void> {
    this.cdp.on('Fetch.requestPaused', (event) => this.paused(event));
    this.cdp.on('Network.requestWillBeSent', (event) => this.announce(event));
    // A request that never pauses here: a cache hit, or one Chromium refused itself.
    const gone = ({ requestId }: { requestId: string }) => this.arrived(requestId);
    this.cdp.on('Network.requestServedFromCache', gone);
    this.cdp.on('Network.loadingFinished', gone);
    this.cdp.on('Network.loadingFailed', gone);
    await Promise.all([
      // Announcements only: no response bodies kept for this session.
      this.cdp.send('Network.enable', { maxTotalBufferSize: 0, maxResourceBufferSize: 0 }),
      this.cdp.send('Fetch.enable', { patterns: patternsExcept(this.localOrigin).map((urlPattern) => ({ urlPattern, requestStage: 'Request' as const })) }),
    ]);
  }

  /** The render's fetcher for remote URLs; requests that waited for one go on now. */
  attach(fetcher: OutboundFetcher): void {
    this.fetcher = fetcher;
    for (const event of this.waiting.splice(0)) this.paused(event);
  }

  /**
   * The render that attached the fetcher is over and its tab is reused: the next document's
   * requests wait for the next render's fetcher, and none left paused survives the navigation.
   */
  detach(): void {
    this.fetcher = undefined;
    this.forgetRender();
  }

  /**
   * The tab's next document has committed. Whatever waits now was asked for by the old one (it
   * paused between detach() and the commit), since a document asks for nothing before it
   * commits: left waiting, the next render's attach() would fetch it and count it as its own.
   */
  documentCommitted(): void {
    this.forgetRender();
  }

  private forgetRender(): void {
    this.epoch++;
    this.servedAnimatedImage = false;
    for (const event of this.waiting.splice(0)) {
      this.cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'Aborted' }).catch(() => undefined);
    }
    // Fetches still running belong to the old render: they end on their own, uncounted.
    this.inFlight = 0;
    this.announced.clear();
    this.pausedFirst.clear();
    this.wakeIfIdle();
  }

  /** Whether remote requests are on their way here, or being fetched or refused right now. */
  get busy(): boolean {
    return this.inFlight > 0 || this.announced.size > 0;
  }

  /**
   * Resolves once no request is on its way, being fetched or refused (no CDP round trip when
   * idle). An announced request that has not paused after ANNOUNCED_WAIT_MS is given up on, so
   * an event Chromium never sends cannot stall a render.
   */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.announced.clear();
        this.wakeIfIdle();
      }, ANNOUNCED_WAIT_MS).unref();
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private announce(event: Protocol.Network.RequestWillBeSentEvent): void {
    // A redirect is announced again under the same id; the guard answers with the final body.
    if (event.redirectResponse || !isRemote(event.request.url, this.localOrigin)) return;
    if (!this.pausedFirst.delete(event.requestId)) this.announced.add(event.requestId);
  }

  /** The renderer's request `networkId` reached the guard, or ended without it. */
  private arrived(networkId: string): void {
    if (this.announced.delete(networkId)) this.wakeIfIdle();
  }

  private wakeIfIdle(): void {
    if (!this.busy) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private paused(event: Protocol.Fetch.RequestPausedEvent): void {
    const { url } = event.request;
    // The hot path: bundle, public/ files and media endpoints. One CDP message, no awaiting.
    if (url.startsWith(this.localOrigin)) {
      this.send('Fetch.continueRequest', { requestId: event.requestId });
      return;
    }
    if (event.networkId && !this.announced.delete(event.networkId) && isRemote(url, this.localOrigin)) this.pausedFirst.add(event.networkId);
    const refusal = this.refusal(event);
    if (refusal) {
      this.track(this.refuse(event, refusal));
      return;
    }
    if (!this.fetcher) {
      this.waiting.push(event);
      return;
    }
    this.track(this.fulfil(event, this.fetcher));
  }

  /** Why a request may not leave at all, whatever its address. */
  private refusal(event: Protocol.Fetch.RequestPausedEvent): string | undefined {
    const { url, method } = event.request;
    const wrongScheme = schemeRefusal(url);
    if (wrongScheme) return wrongScheme;
    // A navigation away from the bundle (top level or an iframe) would show another site's page in the frame.
    if (event.resourceType === 'Document') return 'the page may not navigate or load frames away from the template bundle';
    if (method !== 'GET' && method !== 'HEAD') return `only GET requests leave the page (got ${method})`;
    return undefined;
  }

  private async fulfil(event: Protocol.Fetch.RequestPausedEvent, fetcher: OutboundFetcher): Promise<void> {
    let fetched: { file: string; contentType: string | undefined };
    let body: Buffer;
    const epoch = this.epoch;
    try {
      fetched = await fetcher.fetchForPage(event.request.url);
      body = await readFile(fetched.file);
      if (epoch === this.epoch && !this.servedAnimatedImage && isAnimatedImage(body)) this.servedAnimatedImage = true;
    } catch (error) {
      if (epoch !== this.epoch) return;
      const e = toFramewrightError(error);
      const blocked = e.cause instanceof FetchError && (e.cause.reason === 'blocked' || e.cause.reason === 'invalid-url');
      const url = event.request.url;
      const message = `The page requested ${redact(url)}: ${e.message.split(url).join(redact(url))}`;
      this.report({ code: blocked ? 'REQUEST_REFUSED' : e.code === 'CANCELED' ? 'CANCELED' : 'ASSET_FETCH_FAILED', message });
      await this.cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'Failed' }).catch(() => undefined);
      return;
    }
    await this.cdp
      .send('Fetch.fulfillRequest', {
        requestId: event.requestId,
        responseCode: 200,
        responseHeaders: [
          { name: 'content-type', value: fetched.contentType ?? 'application/octet-stream' },
          // The page is on the loopback origin; the guard already decided the page may read this.
          { name: 'access-control-allow-origin', value: '*' },
          { name: 'cache-control', value: 'no-store' },
        ],
        body: event.request.method === 'HEAD' ? '' : body.toString('base64'),
      })
      .catch(() => undefined);
  }

  private async refuse(event: Protocol.Fetch.RequestPausedEvent, reason: string): Promise<void> {
    this.report(refusedRequest(event.request.url, reason));
    await this.cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
  }

  private track(work: Promise<void>): void {
    const epoch = this.epoch;
    this.inFlight++;
    void work.finally(() => {
      if (epoch !== this.epoch) return;
      this.served++;
      this.inFlight--;
      this.wakeIfIdle();
    });
  }

  /** Fire and forget: a closed tab's pending requests die with it. */
  private send(method: 'Fetch.continueRequest', params: Protocol.Fetch.ContinueRequestRequest): void {
    this.cdp.send(method, params).catch(() => undefined);
  }
}

/** How long an announced request may take to pause here before the guard stops waiting for it. */
const ANNOUNCED_WAIT_MS = 10_000;

/** What the guard pauses and answers itself: http(s) outside the asset server. */
function isRemote(url: string, localOrigin: string): boolean {
  return /^https?:/i.test(url) && !url.startsWith(localOrigin);
}

/** Every printable ASCII character but the two that are wildcards in CDP URL patterns. */
const URL_CHARS = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).filter((c) => c !== '*' && c !== '?');

/**
 * CDP URL patterns (`*` and `?` wildcards, no negation) matching every URL that does not start
 * with `prefix`: for each position, the prefix up to it followed by any other character. Requests
 * for the asset server then never pause (no round trip per bundle file or video frame), and
 * everything else does. A URL the set cannot express (a literal `*` where the prefix differs)
 * is not paused and goes to Chromium's proxy backstop, which refuses it.
 */
export function patternsExcept(prefix: string): string[] {
  const patterns: string[] = [];
  for (let i = 0; i < prefix.length; i++) {
    for (const c of URL_CHARS) if (c !== prefix[i]) patterns.push(`${prefix.slice(0, i)}${c}*`);
  }
  return patterns;
}

/** A URL's scheme in lower case (`https`), or undefined when it has none. */
export function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
}

/** Why a URL of a scheme other than http(s) may not leave the page; undefined for those two. */
export function schemeRefusal(url: string): string | undefined {
  const scheme = schemeOf(url);
  return scheme === 'http' || scheme === 'https' ? undefined : `only http and https URLs can be fetched for the page (got ${scheme ?? 'no'} scheme)`;
}

/** The page error of a refused request: the URL without its query, and the rule it broke. */
export function refusedRequest(url: string, reason: string): PageError {
  return { code: 'REQUEST_REFUSED', message: `The page requested ${redact(url)}: refused, ${reason}` };
}

/** URLs in messages lose their query string and fragment: they may carry tokens. */
function redact(url: string): string {
  if (url.startsWith('data:')) return `${url.slice(0, 32)}…`;
  return url.replace(/[?#].*$/s, (rest) => (rest.length > 1 ? `${rest[0]}…` : rest));
}
