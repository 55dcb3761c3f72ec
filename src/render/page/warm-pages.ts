import type { Browser } from 'puppeteer-core';
import { closeSitePage, loadSitePage, type SitePage } from './site-page.ts';

/**
 * Keeps loaded tabs ready per site, so the next render or still skips navigation and bundle
 * parsing. A tab is used once (templates keep module state), then replaced in the background.
 */
const MAX_SITES = 2;

interface Pool {
  browser: Browser;
  pages: Array<Promise<SitePage>>;
}

export class WarmPages {
  /**
   * @param enabled false for one-shot hosts (the CLI), where a spare tab would be wasted work.
   * @param perSite tabs kept per site: as many as a render opens at once, so that every page of
   *   the next render starts from a loaded tab rather than the last one waiting for a load.
   */
  constructor(
    private readonly enabled = true,
    private readonly perSite = 1,
  ) {}

  /** Spare tabs per site, most recently used site last. */
  private readonly pools = new Map<string, Pool>();

  async take(browser: Browser, siteUrl: string): Promise<SitePage> {
    if (!this.enabled || !browser.connected) return loadSitePage(browser, siteUrl);
    const pool = this.poolFor(browser, siteUrl);
    // Fill first: with no spare yet, this render's page is the first of the loads started here.
    this.fill(pool, siteUrl);
    const spare = pool.pages.shift();
    this.fill(pool, siteUrl);
    const site = await spare?.catch(() => undefined);
    if (site && !site.page.isClosed() && !site.health.crashed) return site;
    if (site) void closeSitePage(site);
    // A failed preload is not an error of any render: load one for this render itself.
    return loadSitePage(browser, siteUrl);
  }

  /** The site's spare tabs once their loads have finished (those that loaded). */
  async spares(siteUrl: string): Promise<SitePage[]> {
    const settled = await Promise.allSettled([...(this.pools.get(siteUrl)?.pages ?? [])]);
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /** Drops every spare tab (browser recycled or host closing). */
  async clear(): Promise<void> {
    const pending = [...this.pools.values()].flatMap((pool) => pool.pages);
    this.pools.clear();
    await Promise.all(pending.map((page) => page.then(closeSitePage, () => undefined)));
  }

  /** The site's pool on this browser, marked most recently used; other browsers' and old sites' tabs go. */
  private poolFor(browser: Browser, siteUrl: string): Pool {
    let pool = this.pools.get(siteUrl);
    this.pools.delete(siteUrl);
    if (pool && pool.browser !== browser) {
      discard(pool);
      pool = undefined;
    }
    // Sites of older bundles (templates edited while serving) are not wanted any more.
    while (this.pools.size >= MAX_SITES) {
      const [oldest, stale] = this.pools.entries().next().value as [string, Pool];
      this.pools.delete(oldest);
      discard(stale);
    }
    pool ??= { browser, pages: [] };
    this.pools.set(siteUrl, pool);
    return pool;
  }

  private fill(pool: Pool, siteUrl: string): void {
    while (pool.pages.length < this.perSite) {
      const page = loadSitePage(pool.browser, siteUrl);
      page.catch(() => {
        const at = pool.pages.indexOf(page);
        if (at >= 0) pool.pages.splice(at, 1);
      });
      pool.pages.push(page);
    }
  }
}

function discard(pool: Pool): void {
  for (const page of pool.pages.splice(0)) void page.then(closeSitePage, () => undefined);
}
