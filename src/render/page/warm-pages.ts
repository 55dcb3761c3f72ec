import type { Browser } from 'puppeteer-core';
import { closeSitePage, loadSitePage, type SitePage } from './site-page.ts';

/**
 * Keeps one tab per site loaded and waiting, so the next render or still skips navigation and
 * bundle parsing. A tab is used once (templates keep module state), then replaced in the
 * background.
 */
const MAX_SITES = 2;

export class WarmPages {
  /** @param enabled false for one-shot hosts (the CLI), where a spare tab would be wasted work. */
  constructor(private readonly enabled = true) {}

  private readonly spare = new Map<string, { browser: Browser; page: Promise<SitePage> }>();

  async take(browser: Browser, siteUrl: string): Promise<SitePage> {
    const ready = this.spare.get(siteUrl);
    this.spare.delete(siteUrl);
    let site: SitePage | undefined;
    if (ready && ready.browser === browser) {
      site = await ready.page.catch(() => undefined);
      if (site && (site.page.isClosed() || site.health.crashed)) site = undefined;
    } else if (ready) {
      void ready.page.then(closeSitePage, () => undefined);
    }
    if (this.enabled) this.refill(browser, siteUrl);
    return site ?? loadSitePage(browser, siteUrl);
  }

  /** Drops every spare tab (browser recycled or host closing). */
  async clear(): Promise<void> {
    const pending = [...this.spare.values()];
    this.spare.clear();
    await Promise.all(pending.map((p) => p.page.then(closeSitePage, () => undefined)));
  }

  private refill(browser: Browser, siteUrl: string): void {
    if (!browser.connected || this.spare.has(siteUrl)) return;
    // Sites of older bundles (templates edited while serving) are not wanted any more.
    while (this.spare.size >= MAX_SITES) {
      const [oldest, entry] = this.spare.entries().next().value as [string, { page: Promise<SitePage> }];
      this.spare.delete(oldest);
      void entry.page.then(closeSitePage, () => undefined);
    }
    const page = loadSitePage(browser, siteUrl);
    // A failed preload is not an error of any render: the next take() loads a page itself.
    page.catch(() => this.spare.get(siteUrl)?.page === page && this.spare.delete(siteUrl));
    this.spare.set(siteUrl, { browser, page });
  }
}
