/**
 * Spare tabs: a render opens its pages at once, and each should start from a loaded tab (the
 * bundle parsed, the page driver running) instead of the second one waiting for a load.
 */
import { describe, expect, it } from 'vitest';
import { WarmPages } from '../../src/render/page/warm-pages.ts';
import { closeSitePage } from '../../src/render/page/site-page.ts';
import { renderFixture } from '../helpers/engine.ts';

const { project, host } = renderFixture();

async function siteOf(template: string): Promise<string> {
  const resolved = await (await project.catalog()).resolve(template, {});
  return (await host.site(resolved.bundle, project.config.publicDir)).siteUrl;
}

describe('WarmPages', () => {
  it('hands every page of a two-page render a tab loaded before it asked, then loads replacements', async () => {
    const siteUrl = await siteOf('color-frames');
    const lease = await host.browsers.acquire();
    const warm = new WarmPages(true, 2);
    try {
      const first = await warm.take(lease.browser, siteUrl);
      expect(first.hasDriver).toBe(true);
      const before = await warm.spares(siteUrl);
      expect(before).toHaveLength(2);

      const taken = await Promise.all([warm.take(lease.browser, siteUrl), warm.take(lease.browser, siteUrl)]);
      expect(new Set(taken)).toEqual(new Set(before));
      const after = await warm.spares(siteUrl);
      expect(after).toHaveLength(2);
      expect(after.filter((s) => before.includes(s))).toEqual([]);
      await Promise.all([first, ...taken].map(closeSitePage));
    } finally {
      await warm.clear();
      lease.release();
    }
  });

  it('does not hand out a spare whose tab was closed under it', async () => {
    const siteUrl = await siteOf('color-frames');
    const lease = await host.browsers.acquire();
    const warm = new WarmPages(true, 1);
    try {
      await closeSitePage(await warm.take(lease.browser, siteUrl));
      const [spare] = await warm.spares(siteUrl);
      await spare!.page.close();
      const site = await warm.take(lease.browser, siteUrl);
      expect(site).not.toBe(spare);
      expect(site.page.isClosed()).toBe(false);
      expect(site.hasDriver).toBe(true);
      await closeSitePage(site);
    } finally {
      await warm.clear();
      lease.release();
    }
  });
});
