import type { Browser, CDPSession, Frame, Page } from 'puppeteer-core';
import type { PageError } from '../../runtime/page/protocol.ts';
import { PageNetworkGuard } from './page-network-guard.ts';
import { watchSideExits } from './page-side-exits.ts';

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
  /** The site the tab shows (the bundle's base URL). */
  siteUrl: string;
  /** Documents of the site loaded in this tab so far (see reloadSitePage). */
  documents: number;
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
    const report = (error: PageError) => {
      health.error ??= error;
    };
    const network = new PageNetworkGuard(cdp, `${new URL(siteUrl).origin}/`, report);
    await Promise.all([network.enable(), watchSideExits(cdp, report)]);
    await page.goto(`${siteUrl}index.html`, { waitUntil: 'load' });
    return { page, cdp, health, hasDriver: await hasPageDriver(page), network, siteUrl, documents: 1 };
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Loads the site again in a tab whose render is over: a new document, so module state, timers
 * and the DOM start afresh, as in a new tab, but in the same renderer process, which keeps the
 * bundle's compiled code and the fonts. That costs ~90 ms of CPU against ~310 ms for a new tab.
 * Rejects (and the caller closes the tab) when the old document cannot be cleaned.
 */
export async function reloadSitePage(site: SitePage): Promise<SitePage> {
  // The next render attaches its own fetcher; until then the new document's requests wait.
  site.network.detach();
  // Errors and requests of the old document until the new one commits are not the next render's.
  const onCommit = (frame: Frame) => {
    if (frame !== site.page.mainFrame()) return;
    site.health.error = undefined;
    site.network.documentCommitted();
  };
  site.page.on('framenavigated', onCommit);
  try {
    // What outlives a document in its tab: session storage and window.name (the next render may
    // be another key's), and a transparent render's background; every render sets the viewport.
    await site.page.evaluate(() => {
      sessionStorage.clear();
      window.name = '';
    });
    await site.cdp.send('Emulation.setDefaultBackgroundColorOverride', {});
    await site.page.goto(`${site.siteUrl}index.html`, { waitUntil: 'load' });
  } finally {
    site.page.off('framenavigated', onCommit);
  }
  site.hasDriver = await hasPageDriver(site.page);
  site.documents++;
  return site;
}

function hasPageDriver(page: Page): Promise<boolean> {
  return page.evaluate(() => typeof window.__framewright === 'object');
}

export async function closeSitePage(site: SitePage): Promise<void> {
  await site.cdp.detach().catch(() => undefined);
  if (!site.page.isClosed()) await site.page.close().catch(() => undefined);
}
