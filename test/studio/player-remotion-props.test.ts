import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePlayerApp, launchBrowser } from './studio-helpers.ts';

interface Recorded {
  type: string;
  detail: Record<string, unknown>;
}

/**
 * Player props a Remotion Player user reaches for, with Remotion's meaning: a negative
 * playbackRate plays backwards, and space plays/pauses a Player with controls.
 */
describe('<Player> reverse playback and the space key', () => {
  let browser: Browser;
  let app: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([bundlePlayerApp('player-api-app.tsx'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(initialHostProps: Record<string, unknown> = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="root"></div></body></html>');
    await page.addScriptTag({ content: `window.initialHostProps = ${JSON.stringify(initialHostProps)}; window.fixtureTemplate = "colors"; window.fixtureStrict = false;` });
    await page.addScriptTag({ content: app });
    await page.waitForFunction(() => window.player !== undefined);
    await page.waitForSelector('[data-framewright-player][data-framewright-ready="true"]', { state: 'attached' });
    return page;
  }
  const events = (page: Page, type: string) =>
    page.evaluate((t) => window.events.filter((e) => e.type === t), type) as unknown as Promise<Recorded[]>;
  const clearEvents = (page: Page) => page.evaluate(() => void (window.events.length = 0));

  it('a negative playbackRate plays backwards and ends at the first frame', async () => {
    const page = await open({ playbackRate: -2 });
    try {
      await page.evaluate(() => window.player!.seekTo(20));
      await clearEvents(page);
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction(() => window.events.some((e) => e.type === 'ended'));
      const frames = (await events(page, 'frameupdate')).map((e) => e.detail.frame as number);
      expect(frames.length).toBeGreaterThan(1);
      // Every step goes down, never up.
      expect(frames.every((f, i) => i === 0 || f < frames[i - 1]!)).toBe(true);
      expect(frames.every((f) => f < 20)).toBe(true);
      expect((await events(page, 'ended'))[0]!.detail).toEqual({ frame: 0 });
      expect(await page.evaluate(() => [window.player!.getCurrentFrame(), window.player!.isPlaying()])).toEqual([0, false]);

      // At the first frame, play() backwards starts over from the last, as play() at the end does forwards.
      await clearEvents(page);
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction(() => window.events.some((e) => e.type === 'frameupdate'));
      expect((await events(page, 'frameupdate'))[0]!.detail.frame).toBe(29);
      await page.evaluate(() => window.player!.pause());
    } finally {
      await page.close();
    }
  });

  it('backwards with loop wraps from inFrame to outFrame; 0 and NaN are refused', async () => {
    const page = await open({ playbackRate: -4, loop: true, inFrame: 5, outFrame: 12 });
    try {
      await page.evaluate(() => window.player!.seekTo(8));
      await clearEvents(page);
      await page.evaluate(() => window.player!.play());
      // A frame higher than the one before it: wrapped past inFrame back to outFrame.
      await page.waitForFunction(() => {
        const f = window.events.filter((e) => e.type === 'frameupdate').map((e) => (e.detail as { frame: number }).frame);
        return f.some((x, i) => i > 0 && x > f[i - 1]!);
      });
      await page.evaluate(() => window.player!.pause());
      const frames = (await events(page, 'frameupdate')).map((e) => e.detail.frame as number);
      expect(frames.filter((f) => f < 5 || f > 12)).toEqual([]);
      expect(await events(page, 'ended')).toEqual([]);
    } finally {
      await page.close();
    }
    for (const rate of [0, 'NaN']) {
      const refused = await browser.newPage();
      try {
        const errors: string[] = [];
        refused.on('pageerror', (e) => errors.push(e.message));
        await refused.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
        await refused.addScriptTag({ content: `window.initialHostProps = { playbackRate: ${rate} }; window.fixtureTemplate = "colors";` });
        await refused.addScriptTag({ content: app });
        await expect.poll(() => errors.join('\n')).toMatch(/playbackRate/);
      } finally {
        await refused.close();
      }
    }
  });

  it('changing playbackRate from forwards to backwards while playing turns around at the frame on screen', async () => {
    const page = await open();
    try {
      await page.evaluate(() => window.player!.seekTo(10));
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction(() => window.player!.getCurrentFrame() >= 13);
      await page.evaluate(() => window.setHostProps!({ playbackRate: -1 }));
      await page.waitForFunction(() => window.events.some((e) => e.type === 'ratechange'));
      const turned = await page.evaluate(() => window.player!.getCurrentFrame());
      await clearEvents(page);
      await page.waitForFunction(() => window.events.filter((e) => e.type === 'frameupdate').length >= 3);
      await page.evaluate(() => window.player!.pause());
      const frames = (await events(page, 'frameupdate')).map((e) => e.detail.frame as number);
      expect(frames.every((f, i) => f < (i === 0 ? turned : frames[i - 1]!))).toBe(true);
      expect(frames[0]).toBeGreaterThanOrEqual(turned - 2);
    } finally {
      await page.close();
    }
  });

  it('moveToBeginningWhenEnded: after ended (at the last frame) the Player shows the first frame of the play range again', async () => {
    const page = await open({ moveToBeginningWhenEnded: true, inFrame: 3, outFrame: 9, playbackRate: 4 });
    try {
      await page.evaluate(() => window.player!.seekTo(3));
      await clearEvents(page);
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction(() => window.events.some((e) => e.type === 'ended'));
      expect((await events(page, 'ended'))[0]!.detail).toEqual({ frame: 9 });
      await page.waitForFunction(() => window.player!.getCurrentFrame() === 3);
      expect((await events(page, 'frameupdate')).at(-1)!.detail).toEqual({ frame: 3 });
      expect(await page.evaluate(() => window.player!.isPlaying())).toBe(false);
      // Without it (the default), the last frame stays on screen.
      await page.evaluate(() => window.setHostProps!({ moveToBeginningWhenEnded: false }));
      await clearEvents(page);
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction(() => window.events.some((e) => e.type === 'ended'));
      expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(9);
    } finally {
      await page.close();
    }
  });

  it('doubleClickToFullscreen: a double click goes fullscreen without playing and pausing on its two clicks; one click still plays', async () => {
    const page = await open({ controls: true, doubleClickToFullscreen: true });
    try {
      await clearEvents(page);
      await page.dblclick('[data-framewright-player]', { position: { x: 100, y: 40 } });
      await page.waitForFunction(() => window.player!.isFullscreen());
      expect((await page.evaluate(() => window.events.map((e) => e.type))).filter((t) => t === 'play' || t === 'pause')).toEqual([]);
      expect(await page.evaluate(() => window.player!.isPlaying())).toBe(false);
      await page.evaluate(() => window.player!.exitFullscreen());
      await page.waitForFunction(() => !window.player!.isFullscreen());
      await page.click('[data-framewright-player]', { position: { x: 100, y: 40 } });
      await page.waitForFunction(() => window.player!.isPlaying());
      await page.evaluate(() => window.player!.pause());
    } finally {
      await page.close();
    }
  });

  it('space plays and pauses a Player with controls once it has focus; not with spaceKeyToPlayOrPause={false} or without controls', async () => {
    const page = await open({ controls: true });
    try {
      // A click on the video plays (clickToPlay) and gives the Player focus: space then pauses.
      await page.click('[data-framewright-player]', { position: { x: 100, y: 40 } });
      await page.waitForFunction(() => window.player!.isPlaying());
      await page.keyboard.press('Space');
      await page.waitForFunction(() => !window.player!.isPlaying());
      await page.keyboard.press('Space');
      await page.waitForFunction(() => window.player!.isPlaying());
      await page.keyboard.press('Space');
      await page.waitForFunction(() => !window.player!.isPlaying());

      // Space on the built-in Play button presses that button only: one toggle, not two.
      await page.getByLabel('Play').focus();
      await page.keyboard.press('Space');
      await page.waitForFunction(() => window.player!.isPlaying());
      await page.evaluate(() => window.player!.pause());
      await clearEvents(page);

      for (const props of [{ spaceKeyToPlayOrPause: false }, { controls: false, spaceKeyToPlayOrPause: true }]) {
        await page.evaluate((p) => window.setHostProps!(p), props);
        // Off the Play button (whose own space would press it), onto the Player if it takes focus.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.focus('[data-framewright-player]');
        await page.keyboard.press('Space');
        // Let a frame pass: a toggle would have fired `play` synchronously in the key handler.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
        expect(await events(page, 'play')).toEqual([]);
      }
    } finally {
      await page.close();
    }
  });
});
