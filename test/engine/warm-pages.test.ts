/**
 * Spare tabs: a render opens its pages at once, and each should start from a loaded tab (the
 * bundle parsed, the page driver running). A tab a render is done with loads the site again in
 * place — a new document, cheaper than a new tab — unless it is unfit to serve another render.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderHost } from '../../src/render/render-host.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { DOCUMENTS_PER_TAB, WarmPages } from '../../src/render/page/warm-pages.ts';
import type { SitePage } from '../../src/render/page/site-page.ts';
import type { OutboundFetcher } from '../../src/render/page/page-network-guard.ts';
import { renderFixture } from '../helpers/engine.ts';
import { decodeFramesRgba } from '../helpers/frame-grid.ts';

const { project, host, tmp } = renderFixture();

async function siteOf(template: string): Promise<string> {
  const resolved = await (await project.catalog()).resolve(template, {});
  return (await host.site(resolved.bundle, project.config.publicDir)).siteUrl;
}

async function withWarmPages(perSite: number, run: (warm: WarmPages, take: () => Promise<SitePage>, siteUrl: string) => Promise<void>) {
  const siteUrl = await siteOf('color-frames');
  const lease = await host.browsers.acquire();
  const warm = new WarmPages(true, perSite);
  try {
    await run(warm, () => warm.take(lease.browser, siteUrl), siteUrl);
  } finally {
    await warm.clear();
    await lease.release();
  }
}

/** Something the page's current document holds, as a template's module state would. */
const leftover = (site: SitePage) => site.page.evaluate(() => (window as unknown as { leftover?: number }).leftover);

describe('WarmPages', () => {
  it('gives the next render the tabs the last one used, each with a new document of the site', async () => {
    await withWarmPages(2, async (warm, take, siteUrl) => {
      const first = await Promise.all([take(), take()]);
      // Both tabs are out and will come back: nothing is loaded to replace them.
      expect(await warm.spares(siteUrl)).toEqual([]);
      for (const site of first) {
        await site.page.evaluate(() => {
          (window as unknown as { leftover: number }).leftover = 1;
          // What a tab keeps across its documents unless cleaned: the next render may be another key's.
          sessionStorage.setItem('secret', 'of the last render');
          window.name = 'the last render';
        });
      }
      await Promise.all(first.map((site) => warm.giveBack(site)));

      const spares = await warm.spares(siteUrl);
      expect(new Set(spares)).toEqual(new Set(first));
      const second = await Promise.all([take(), take()]);
      expect(new Set(second)).toEqual(new Set(first));
      for (const site of second) {
        expect(site.page.isClosed()).toBe(false);
        expect(site.hasDriver).toBe(true);
        expect(site.documents).toBe(2);
        expect(await leftover(site)).toBeUndefined();
        expect(await site.page.evaluate(() => [sessionStorage.getItem('secret'), window.name])).toEqual([null, '']);
      }
      await Promise.all(second.map((site) => warm.giveBack(site)));
    });
  });

  it('closes a tab that reported an error, crashed or served its documents, and loads a replacement', async () => {
    for (const spoil of [
      (site: SitePage) => (site.health.error = { code: 'TEMPLATE_ERROR', message: 'boom' }),
      (site: SitePage) => (site.health.crashed = true),
      (site: SitePage) => (site.documents = DOCUMENTS_PER_TAB),
    ]) {
      await withWarmPages(1, async (warm, take, siteUrl) => {
        const site = await take();
        spoil(site);
        await warm.giveBack(site);
        expect(site.page.isClosed()).toBe(true);
        const [replacement] = await warm.spares(siteUrl);
        expect(replacement).toBeDefined();
        expect(replacement).not.toBe(site);
        expect(replacement!.hasDriver).toBe(true);
        expect(replacement!.documents).toBe(1);
      });
    }
  });

  it('does not hand out a spare whose tab was closed under it', async () => {
    await withWarmPages(1, async (warm, take, siteUrl) => {
      await warm.giveBack(await take());
      const [spare] = await warm.spares(siteUrl);
      await spare!.page.close();
      const site = await take();
      expect(site).not.toBe(spare);
      expect(site.page.isClosed()).toBe(false);
      expect(site.hasDriver).toBe(true);
      await warm.giveBack(site);
    });
  });

  it("a reused tab's requests never reach the previous render's fetcher", async () => {
    await withWarmPages(1, async (warm, take, siteUrl) => {
      const asked: string[] = [];
      const fetcherOf = (name: string): OutboundFetcher => ({
        fetchForPage: async (url) => {
          asked.push(`${name} ${url}`);
          throw new Error('not in this test');
        },
      });
      const site = await take();
      site.network.attach(fetcherOf('previous'));
      await warm.giveBack(site);
      const [reused] = await warm.spares(siteUrl);
      expect(reused).toBe(site);
      // The new document asks for a remote URL before any render attached a fetcher: it waits.
      const paused = new Promise<void>((resolve) => {
        reused!.cdp.on('Fetch.requestPaused', (event) => {
          if (event.request.url.startsWith('http://example.test/')) resolve();
        });
      });
      const request = reused!.page.evaluate(() => fetch('http://example.test/data.json').then(
        () => 'fetched',
        () => 'failed',
      ));
      // The guard saw the request first (its listener came first); only then the next render attaches.
      await paused;
      expect(asked).toEqual([]);
      reused!.network.attach(fetcherOf('next'));
      expect(await request).toBe('failed');
      expect(asked).toEqual(['next http://example.test/data.json']);
    });
  });

  it('a render on a reused tab starts from a new document, on an opaque page after a transparent render', async () => {
    const own = new RenderHost({ spareTabsPerSite: 1 });
    try {
      // One tab serves every still here, one after another: a transparent one first.
      await renderStill({ project, host: own, template: 'frame-grid-alpha', frame: 0 });
      for (const n of [1, 2]) {
        const file = path.join(tmp.dir, `mount-counter-${n}.png`);
        await renderStill({ project, host: own, template: 'mount-counter', output: file });
        const [rgba] = await decodeFramesRgba(file, 64, 64);
        const at = (x: number, y: number) => [...rgba!.subarray((y * 64 + x) * 4, (y * 64 + x) * 4 + 4)];
        // Green: the template's module state began afresh (red would be a second mount).
        expect(at(8, 8)).toEqual([0, 200, 0, 255]);
        // The page's own opaque white: the transparent render's background did not stay.
        expect(at(48, 48)).toEqual([255, 255, 255, 255]);
      }
      const resolved = await (await project.catalog()).resolve('mount-counter', {});
      const [tab] = await own.warmPages.spares((await own.site(resolved.bundle, project.config.publicDir)).siteUrl);
      expect(tab!.documents).toBe(4);
    } finally {
      await own.close();
    }
  });

  it("a canceled render's tabs are closed, not reloaded: no screenshot in flight waits across a navigation", async () => {
    const own = new RenderHost({ spareTabsPerSite: 2 });
    try {
      await renderStill({ project, host: own, template: 'color-frames' });
      const resolved = await (await project.catalog()).resolve('color-frames', {});
      const siteUrl = (await own.site(resolved.bundle, project.config.publicDir)).siteUrl;
      const spares = await own.warmPages.spares(siteUrl);
      expect(spares).toHaveLength(2);
      const controller = new AbortController();
      const render = renderMedia({
        project,
        host: own,
        template: 'color-frames',
        output: path.join(tmp.dir, 'canceled.mp4'),
        concurrency: 2,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.renderedFrames >= 5) controller.abort();
        },
      });
      await expect(render).rejects.toMatchObject({ code: 'CANCELED' });
      // The render had both spares; a cancel leaves calls in flight, so neither is reused.
      for (const site of spares) expect(site.page.isClosed()).toBe(true);
    } finally {
      await own.close();
    }
  });
});
