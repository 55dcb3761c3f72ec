import type { Browser, CDPSession, Page } from 'puppeteer-core';
import type { PageError } from '../../runtime/page/protocol.ts';
import { PageNetworkGuard } from './page-network-guard.ts';

/** A tab with a bundle's site loaded and its page driver running, not yet showing a template. */
export interface SitePage {
  page: Page;
  cdp: CDPSession;
  /** The first uncaught page error (from module load or later) and whether the tab crashed. */
  health: { error: PageError | undefined; crashed: boolean };
  /** Whether `window.__framewright` exists (false when the bundle threw while loading). */
  hasDriver: boolean;
  /** Every request of the tab passes here (see PageNetworkGuard). */
  network: PageNetworkGuard;
}

/** Opens a tab and loads the site. Navigation and parsing the bundle are most of a still's cost. */
export async function loadSitePage(browser: Browser, siteUrl: string): Promise<SitePage> {
  const page = await browser.newPage();
  const health: SitePage['health'] = { error: undefined, crashed: false };
  page.on('pageerror', (error) => {
    const e = error as Error;
    health.error ??= { code: 'TEMPLATE_ERROR', message: `${e.name}: ${e.message}`, stack: e.stack ?? '' };
  });
  page.on('error', () => {
    health.crashed = true;
  });
  try {
    const cdp = await page.createCDPSession();
    // Before the first request: the bundle's own module-load requests pass the guard too.
    const network = new PageNetworkGuard(cdp, `${new URL(siteUrl).origin}/`, (error) => {
      health.error ??= error;
    });
    await network.enable();
    await page.goto(`${siteUrl}index.html`, { waitUntil: 'load' });
    const hasDriver = await page.evaluate(() => typeof window.__framewright === 'object');
    return { page, cdp, health, hasDriver, network };
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
}

export async function closeSitePage(site: SitePage): Promise<void> {
  await site.cdp.detach().catch(() => undefined);
  if (!site.page.isClosed()) await site.page.close().catch(() => undefined);
}
