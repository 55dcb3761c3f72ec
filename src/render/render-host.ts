import type { Bundle } from '../bundle/bundle-templates.ts';
import { AssetServer, type SiteUrls } from './asset-server.ts';
import { BrowserHost, type BrowserHostOptions } from './browser/browser-host.ts';

/**
 * What one process keeps warm between renders: the browser and the loopback server that feeds
 * it bundles and public files. Create one per worker and `close()` it on shutdown.
 */
export class RenderHost {
  readonly browsers: BrowserHost;
  private readonly assets = new AssetServer();
  private starting: Promise<void> | undefined;

  constructor(options: BrowserHostOptions = {}) {
    this.browsers = new BrowserHost(options);
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

  async close(): Promise<void> {
    await Promise.all([this.browsers.close(), this.assets.close()]);
    this.starting = undefined;
  }
}
