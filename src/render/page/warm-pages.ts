import type { Browser } from 'puppeteer-core';
import { closeSitePage, loadSitePage, reloadSitePage, type SitePage } from './site-page.ts';

/**
 * Keeps loaded tabs ready per site, so the next render or still skips navigation and bundle
 * parsing. A tab serves one render (templates keep module state); given back, it loads the site
 * again in place (a new document, ~90 ms of CPU) rather than being closed and replaced by a new
 * tab (~310 ms: a renderer process to start, fonts to load, the bundle to compile).
 */
const MAX_SITES = 2;

/**
 * Documents one tab loads before it is closed and replaced: a renderer process keeps caches
 * (fonts, compiled code, images) across documents, which is the saving, and this bounds them.
 */
export const DOCUMENTS_PER_TAB = 25;

interface Pool {
  browser: Browser;
  pages: Array<Promise<SitePage>>;
  /** Tabs taken from this pool and not given back yet: they return, so no load replaces them. */
  lent: number;
}

export class WarmPages {
  /**
   * @param enabled false for one-shot hosts (the CLI), where a spare tab would be wasted work.
   * @param perSite tabs kept per site: as many as renders open at once, so that every page of
   *   the next render starts from a loaded tab rather than waiting for a load.
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
    const spare = pool.pages.shift();
    pool.lent++;
    // Only what will not come back: tabs out are reloaded here when their renders end.
    this.fill(pool, siteUrl);
    const site = await spare?.catch(() => undefined);
    if (site && usable(site)) return site;
    if (site) void closeSitePage(site);
    // A failed preload is not an error of any render: load one for this render itself.
    try {
      return await loadSitePage(browser, siteUrl);
    } catch (error) {
      pool.lent = Math.max(0, pool.lent - 1);
      throw error;
    }
  }

  /**
   * A render is done with its tab. A healthy one loads the site again and waits as a spare; one
   * the caller does not want reused, that crashed, reported an error, still has requests in
   * flight or has served its documents is closed (and replaced if the site lacks spares). Never
   * waits for the reload.
   */
  async giveBack(site: SitePage, options: { reuse?: boolean } = {}): Promise<void> {
    const pool = this.pools.get(site.siteUrl);
    const ours = pool !== undefined && this.enabled && pool.browser === site.page.browser();
    if (ours) pool.lent = Math.max(0, pool.lent - 1);
    if (!ours || options.reuse === false || !reusable(site) || pool.pages.length >= this.perSite) {
      await closeSitePage(site);
      if (ours) this.fill(pool, site.siteUrl);
      return;
    }
    this.add(pool, reloadSitePage(site).catch(async (error: unknown) => {
      await closeSitePage(site);
      throw error;
    }));
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
    pool ??= { browser, pages: [], lent: 0 };
    this.pools.set(siteUrl, pool);
    return pool;
  }

  private fill(pool: Pool, siteUrl: string): void {
    while (pool.pages.length + pool.lent < this.perSite) this.add(pool, loadSitePage(pool.browser, siteUrl));
  }

  /** A tab loading for the pool; one that fails to load leaves it. */
  private add(pool: Pool, page: Promise<SitePage>): void {
    page.catch(() => {
      const at = pool.pages.indexOf(page);
      if (at >= 0) pool.pages.splice(at, 1);
    });
    pool.pages.push(page);
  }
}

function usable(site: SitePage): boolean {
  return !site.page.isClosed() && !site.health.crashed;
}

function reusable(site: SitePage): boolean {
  return usable(site) && site.page.browser().connected && !site.health.error && !site.network.busy && site.documents < DOCUMENTS_PER_TAB;
}

function discard(pool: Pool): void {
  for (const page of pool.pages.splice(0)) void page.then(closeSitePage, () => undefined);
}
