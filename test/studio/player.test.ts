import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorOf } from './fixtures/project/templates/colors.tsx';
import { bundlePlayerApp, decodeRgb, launchBrowser, rgbAt } from './studio-helpers.ts';

interface Recorded {
  type: string;
  detail: { frame?: number; code?: string; message?: string };
}

describe('<Player> in a plain React page', () => {
  let browser: Browser;
  let page: Page;
  let app: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([bundlePlayerApp('player-app.tsx'), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 400, height: 300 } });
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="root"></div></body></html>');
    await page.addScriptTag({ content: app });
    await page.waitForFunction(() => window.player !== undefined);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const events = () => page.evaluate(() => window.events) as Promise<Recorded[]>;
  const clearEvents = () => page.evaluate(() => void (window.events.length = 0));
  /** Colour in the middle of the video (the label sits top-left). */
  const centre = async (page_ = page) => {
    const box = (await page_.locator('[data-framewright-player]').boundingBox())!;
    const shot = await page_.screenshot({ clip: { x: box.x + box.width / 2, y: box.y + box.height * 0.75, width: 1, height: 1 } });
    return rgbAt(await decodeRgb(shot), 1, 0, 0);
  };

  it('mounts at frame 0, seeks, and fires frameupdate with the frame shown', async () => {
    await page.waitForSelector('[data-framewright-player][data-framewright-frame="0"][data-framewright-ready="true"]', { state: 'attached' });
    expect(await centre()).toEqual(colorOf(0));
    await clearEvents();
    await page.evaluate(() => window.player!.seekTo(17));
    await page.waitForSelector('[data-framewright-frame="17"][data-framewright-ready="true"]', { state: 'attached' });
    expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(17);
    expect(await centre()).toEqual(colorOf(17));
    expect(await events()).toContainEqual({ type: 'frameupdate', detail: { frame: 17 } });
    // Seeks are clamped to the video.
    await page.evaluate(() => window.player!.seekTo(1000));
    expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(29);
  });

  it('plays, then pauses with the frame moved on', async () => {
    await page.evaluate(() => window.player!.seekTo(0));
    await clearEvents();
    await page.evaluate(() => window.player!.play());
    expect(await page.evaluate(() => window.player!.isPlaying())).toBe(true);
    await page.waitForFunction(() => window.player!.getCurrentFrame() >= 3);
    await page.evaluate(() => window.player!.pause());
    const stopped = await page.evaluate(() => window.player!.getCurrentFrame());
    expect(stopped).toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => window.player!.isPlaying())).toBe(false);
    const types = (await events()).map((e) => e.type);
    expect(types[0]).toBe('play');
    expect(types.at(-1)).toBe('pause');
    expect(types.filter((t) => t === 'frameupdate').length).toBeGreaterThanOrEqual(1);
    await page.waitForSelector(`[data-framewright-frame="${stopped}"][data-framewright-ready="true"]`, { state: 'attached' });
    expect(await centre()).toEqual(colorOf(stopped));
  });

  it('fires ended at the last frame when not looping, and keeps playing when looping', async () => {
    await page.evaluate(() => window.player!.seekTo(24));
    await clearEvents();
    await page.evaluate(() => window.player!.play());
    await page.waitForFunction(() => window.events.some((e) => e.type === 'ended'));
    const ended = (await events()).find((e) => e.type === 'ended')!;
    expect(ended.detail.frame).toBe(29);
    expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(29);
    expect(await page.evaluate(() => window.player!.isPlaying())).toBe(false);

    await page.evaluate(() => window.setLoop!(true));
    await page.evaluate(() => window.player!.seekTo(26));
    await clearEvents();
    await page.evaluate(() => window.player!.play());
    // Past the end it wraps to the start instead of ending.
    await page.waitForFunction(() => window.events.some((e) => e.type === 'frameupdate' && (e.detail as { frame: number }).frame < 26));
    expect((await events()).some((e) => e.type === 'ended')).toBe(false);
    await page.evaluate(() => window.player!.pause());
    await page.evaluate(() => window.setLoop!(false));
  });

  it('reports invalid props as an error and keeps showing the last valid props', async () => {
    await page.evaluate(() => window.player!.seekTo(7));
    await page.waitForSelector('[data-framewright-frame="7"][data-framewright-ready="true"]', { state: 'attached' });
    const before = await page.locator('[data-framewright-root]').screenshot();
    await clearEvents();
    await page.evaluate(() => window.setLabel!('far too long a label'));
    await page.waitForFunction(() => window.events.some((e) => e.type === 'error'));
    const error = (await events()).find((e) => e.type === 'error')!;
    expect(error.detail.code).toBe('INVALID_PROPS');
    expect(error.detail.message).toContain('label');
    expect((await page.locator('[data-framewright-root]').screenshot()).equals(before)).toBe(true);
    // A valid label shows at once.
    await page.evaluate(() => window.setLabel!('B'));
    await page.waitForFunction(() => document.querySelector('[data-framewright-root]')?.textContent === 'B');
  });

  it('mutes and unmutes through the ref', async () => {
    expect(await page.evaluate(() => window.player!.isMuted())).toBe(false);
    await page.evaluate(() => window.player!.mute());
    await page.waitForFunction(() => window.player!.isMuted());
    await page.evaluate(() => window.player!.unmute());
    await page.waitForFunction(() => !window.player!.isMuted());
  });

  it('autoPlay: a TransitionSeries template plays on its own, then seeks to frames of each scene and the transition', async () => {
    const other = await browser.newPage({ viewport: { width: 400, height: 300 } });
    try {
      await other.setContent('<!doctype html><html><body style="margin:0"><div id="root"></div></body></html>');
      await other.addScriptTag({ content: 'window.fixtureVariant = "transitions";' });
      await other.addScriptTag({ content: app });
      // Nobody called play(): autoPlay did, once ready, and the frame moves on.
      await other.waitForFunction(() => window.events.some((e) => e.type === 'play'));
      await other.waitForFunction(() => window.events.some((e) => e.type === 'frameupdate' && (e.detail as { frame: number }).frame >= 2));
      await other.evaluate(() => window.player!.pause());
      const at = async (frame: number) => {
        await other.evaluate((f) => window.player!.seekTo(f), frame);
        await other.waitForSelector(`[data-framewright-frame="${frame}"][data-framewright-ready="true"]`, { state: 'attached' });
        return centre(other);
      };
      expect(await at(5)).toEqual([255, 0, 0]);
      expect(await at(25)).toEqual([0, 0, 255]);
      // Mid-fade (frames 10–19): both scenes show through.
      const [r, g, b] = await at(15);
      expect([r > 60, g, b > 60]).toEqual([true, 0, true]);
    } finally {
      await other.close();
    }
  });
});
