import type { Bundle } from '../bundle/bundle-templates.ts';
import { AssetServer, type SiteUrls } from './asset-server.ts';
import { BrowserHost, type BrowserHostOptions } from './browser/browser-host.ts';
import { networkBackstopFlags } from './browser/chromium-flags.ts';
import type { AssetResolver } from './media/remote-assets.ts';
import { WarmPages } from './page/warm-pages.ts';

export interface RenderHostOptions extends BrowserHostOptions {
  /** Keep loaded tabs ready per site for the next render or still. @defaultValue true */
  warmPages?: boolean;
  /**
   * How many per site: the pages of the renders that run at once on this host, so that each of
   * them starts from a loaded tab; tabs given back are reloaded in place and kept up to this many.
   * @defaultValue 2 (the service passes `RENDER_CONCURRENCY`)
   */
  spareTabsPerSite?: number;
  /** Resolves `asset:<id>` sources for every render on this host (the service's asset store). */
  resolveAsset?: AssetResolver;
}

/**
 * What one process keeps warm between renders: the browser and the loopback server that feeds
 * it bundles and public files. Create one per worker and `close()` it on shutdown.
 */
export class RenderHost {
  readonly browsers: BrowserHost;
  /** Loaded tabs per site, ready for the next render or still. */
  readonly warmPages: WarmPages;
  private readonly assets = new AssetServer();
  private starting: Promise<void> | undefined;
  readonly resolveAsset: AssetResolver | undefined;

  constructor(options: RenderHostOptions = {}) {
    this.resolveAsset = options.resolveAsset;
    // The asset server starts before Chromium: its address is the network backstop's proxy.
    this.browsers = new BrowserHost({ ...options, launchFlags: async () => networkBackstopFlags((await this.assetServer()).host) });
    this.warmPages = new WarmPages(options.warmPages ?? true, options.spareTabsPerSite ?? 2);
  }

  async site(bundle: Bundle, publicDir: string): Promise<SiteUrls> {
    this.starting ??= this.assets.start();
    await this.starting;
    return this.assets.register(bundle.hash, bundle.siteDir, publicDir);
  }

  /** The loopback server, started: renders mount their media endpoints on it. */
  async assetServer(): Promise<AssetServer> {
    this.starting ??= this.assets.start();
    await this.starting;
    return this.assets;
  }

  /** Remote-asset options with this host's asset resolver filled in. */
  remoteAssetOptions<T extends object>(options: T): T & { resolveAsset?: AssetResolver } {
    return this.resolveAsset ? { resolveAsset: this.resolveAsset, ...options } : options;
  }

  async close(): Promise<void> {
    await this.warmPages.clear();
    await Promise.all([this.browsers.close(), this.assets.close()]);
    this.starting = undefined;
  }
}
