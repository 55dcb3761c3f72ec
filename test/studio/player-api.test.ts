import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePlayerApp, launchBrowser } from './studio-helpers.ts';

interface Recorded {
  type: string;
  detail: Record<string, unknown>;
}

/**
 * The Player's public surface as a user drives it: every prop, ref method and event, with
 * listeners added through the ref in the host's own effect.
 */
describe('<Player> props, ref methods and events', () => {
  let browser: Browser;
  let app: string;
  let devApp: string;

  beforeAll(async () => {
    [app, devApp, browser] = await Promise.all([bundlePlayerApp('player-api-app.tsx'), bundlePlayerApp('player-api-app.tsx', 'development'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh page with the host app, its Player given `initialHostProps` (JSON-able ones). */
  async function open(initialHostProps: Record<string, unknown> = {}, template = 'colors', strict = false): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="root"></div></body></html>');
    await page.addScriptTag({
      content: `window.initialHostProps = ${JSON.stringify(initialHostProps)}; window.fixtureTemplate = ${JSON.stringify(template)}; window.fixtureStrict = ${strict};`,
    });
    await page.addScriptTag({ content: strict ? devApp : app });
    await page.waitForFunction(() => window.player !== undefined);
    return page;
  }
  const events = (page: Page, type?: string) =>
    page.evaluate((t) => window.events.filter((e) => t === undefined || e.type === t), type) as unknown as Promise<Recorded[]>;
  const clearEvents = (page: Page) => page.evaluate(() => void (window.events.length = 0));
  const shown = (page: Page, frame: number) =>
    page.waitForSelector(`[data-framewright-player][data-framewright-frame="${frame}"][data-framewright-ready="true"]`, { state: 'attached' });

  it('seekTo clamps and rounds, fires seeked and frameupdate with the frame, and refuses a non-number', async () => {
    const page = await open();
    try {
      await shown(page, 0);
      await clearEvents(page);
      await page.evaluate(() => window.player!.seekTo(1000));
      expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(29);
      await page.evaluate(() => window.player!.seekTo(-5));
      expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(0);
      await page.evaluate(() => window.player!.seekTo(2.6));
      expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(3);
      expect((await events(page, 'seeked')).map((e) => e.detail)).toEqual([{ frame: 29 }, { frame: 0 }, { frame: 3 }]);
      expect((await events(page, 'frameupdate')).map((e) => e.detail)).toEqual([{ frame: 29 }, { frame: 0 }, { frame: 3 }]);
      expect((await events(page, 'timeupdate')).map((e) => e.detail)).toEqual([{ frame: 29 }, { frame: 0 }, { frame: 3 }]);
      const refused = await page.evaluate(() => {
        try {
          window.player!.seekTo(Number.NaN);
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      });
      expect(refused).toMatch(/seekTo.*NaN/);
      expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(3);
    } finally {
      await page.close();
    }
  });

  it('fires error and play at mount to listeners the host adds through the ref (invalid first props, a throwing template, autoPlay)', async () => {
    const page = await open({ inputProps: { label: 'far too long a label' }, autoPlay: true });
    try {
      await page.waitForFunction(() => window.events.some((e) => e.type === 'error'));
      expect((await events(page, 'error'))[0]!.detail.code).toBe('INVALID_PROPS');
      // Nothing valid to show, so nothing plays; valid props then show and autoPlay starts.
      await page.evaluate(() => window.setHostProps!({ inputProps: { label: 'B' } }));
      await page.waitForFunction(() => window.events.some((e) => e.type === 'play'));
      await page.waitForFunction(() => window.player!.getCurrentFrame() >= 2);
      await page.evaluate(() => window.player!.pause());
    } finally {
      await page.close();
    }
    // A template that throws on its very first frame.
    const throwing = await open({}, 'throws-at-zero');
    try {
      await throwing.waitForFunction(() => window.events.some((e) => e.type === 'error'));
      expect((await events(throwing, 'error'))[0]!.detail).toMatchObject({ code: 'TEMPLATE_ERROR', message: expect.stringContaining('boom at frame 0') });
    } finally {
      await throwing.close();
    }
    const autoPlay = await open({ autoPlay: true });
    try {
      await autoPlay.waitForFunction(() => window.events.some((e) => e.type === 'play'));
      expect((await events(autoPlay, 'play'))[0]!.detail).toEqual({ frame: 0 });
      await autoPlay.evaluate(() => window.player!.pause());
    } finally {
      await autoPlay.close();
    }
  });

  it('equal inputProps in a new object are not new props: error and ready fire once, not on every host render', async () => {
    const page = await open({ inputProps: { label: 'A' } });
    try {
      await shown(page, 0);
      await page.evaluate(() => window.setHostProps!({ inputProps: { label: 'far too long a label' } }));
      await page.waitForFunction(() => window.events.some((e) => e.type === 'error'));
      await clearEvents(page);
      // Each seek re-renders the host (it follows frameupdate) with a new, equal inputProps object.
      for (const frame of [4, 9, 13]) {
        await page.evaluate((f) => window.player!.seekTo(f), frame);
        await shown(page, frame);
      }
      expect(await events(page, 'error')).toEqual([]);
      expect((await events(page, 'ready')).map((e) => e.detail.frame)).toEqual([4, 9, 13]);
    } finally {
      await page.close();
    }
  });

  it('a template error clears, without a seek, once new props or a reloaded template (same id, new object) render fine', async () => {
    const page = await open({}, 'picky');
    try {
      await shown(page, 0);
      await page.evaluate(() => window.setHostProps!({ inputProps: { label: 'boom' } }));
      await page.waitForFunction(() => window.events.some((e) => e.type === 'error'));
      expect((await events(page, 'error'))[0]!.detail).toMatchObject({ code: 'TEMPLATE_ERROR', message: expect.stringContaining('"boom" is refused') });
      // Still paused on frame 0: only the props change.
      await page.evaluate(() => window.setHostProps!({ inputProps: { label: 'B' } }));
      await page.waitForFunction(() => document.querySelector('[data-framewright-root]')?.textContent === 'B');
    } finally {
      await page.close();
    }
    const reloaded = await open({}, 'throws-at-zero');
    try {
      await reloaded.waitForFunction(() => window.events.some((e) => e.type === 'error'));
      await reloaded.evaluate(() => window.setHostTemplate!('throws-at-zero-fixed'));
      await reloaded.waitForFunction(() => document.querySelector('[data-framewright-root]')?.textContent === 'fixed');
    } finally {
      await reloaded.close();
    }
  });

  it('a duration made shorter (new props through calculateMetadata) never renders a frame past the new end', async () => {
    const page = await open({}, 'sized');
    try {
      await shown(page, 0);
      await page.evaluate(() => window.player!.seekTo(25));
      await shown(page, 25);
      await clearEvents(page);
      await page.evaluate(() => window.setHostProps!({ inputProps: { frames: 10 } }));
      await shown(page, 9);
      expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(9);
      // A few more commits, so an error from the change would have been emitted by now.
      await page.evaluate(() => window.player!.seekTo(3));
      await shown(page, 3);
      expect(await events(page, 'error')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('initialFrame is the first frame shown, clamped to the video', async () => {
    for (const [initialFrame, expected] of [[12, 12], [99, 29]] as const) {
      const page = await open({ initialFrame });
      try {
        await shown(page, expected);
        expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(expected);
      } finally {
        await page.close();
      }
    }
  });

  it('volume and mute: setVolume/getVolume, mute/unmute/isMuted, with volumechange and mutechange', async () => {
    const page = await open({ initiallyMuted: true });
    try {
      expect(await page.evaluate(() => [window.player!.isMuted(), window.player!.getVolume()])).toEqual([true, 1]);
      await page.evaluate(() => window.player!.unmute());
      await page.evaluate(() => window.player!.setVolume(0.25));
      expect(await page.evaluate(() => [window.player!.isMuted(), window.player!.getVolume()])).toEqual([false, 0.25]);
      await page.evaluate(() => window.player!.mute());
      expect(await events(page, 'mutechange')).toEqual([
        { type: 'mutechange', detail: { isMuted: false } },
        { type: 'mutechange', detail: { isMuted: true } },
      ]);
      expect(await events(page, 'volumechange')).toEqual([{ type: 'volumechange', detail: { volume: 0.25 } }]);
      const refused = await page.evaluate(() => {
        try {
          window.player!.setVolume(2);
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      });
      expect(refused).toMatch(/volume.*2/);
      expect(await page.evaluate(() => window.player!.getVolume())).toBe(0.25);
    } finally {
      await page.close();
    }
  });

  it('fullscreen: requestFullscreen/exitFullscreen/isFullscreen with fullscreenchange; refused when allowFullscreen is false', async () => {
    const page = await open();
    try {
      await shown(page, 0);
      expect(await page.evaluate(() => window.player!.isFullscreen())).toBe(false);
      await page.evaluate(() => window.player!.requestFullscreen());
      await page.waitForFunction(() => window.player!.isFullscreen());
      await page.waitForFunction(() => window.events.some((e) => e.type === 'fullscreenchange'));
      await page.evaluate(() => window.player!.exitFullscreen());
      await page.waitForFunction(() => !window.player!.isFullscreen());
      await page.waitForFunction(() => window.events.filter((e) => e.type === 'fullscreenchange').length === 2);
      expect((await events(page, 'fullscreenchange')).map((e) => e.detail)).toEqual([{ isFullscreen: true }, { isFullscreen: false }]);

      await page.evaluate(() => window.setHostProps!({ allowFullscreen: false }));
      await page.waitForFunction(() => {
        try {
          window.player!.requestFullscreen();
          return false;
        } catch (error) {
          return /allowFullscreen/.test((error as Error).message);
        }
      });
      expect(await page.evaluate(() => window.player!.isFullscreen())).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('getScale is the fit scale; playbackRate changes fire ratechange', async () => {
    const page = await open();
    try {
      await shown(page, 0);
      // 320 px wide box, 160 px wide template.
      expect(await page.evaluate(() => window.player!.getScale())).toBe(2);
      await page.evaluate(() => window.setHostProps!({ playbackRate: 2 }));
      await page.waitForFunction(() => window.events.some((e) => e.type === 'ratechange'));
      expect((await events(page, 'ratechange')).map((e) => e.detail)).toEqual([{ playbackRate: 2 }]);
    } finally {
      await page.close();
    }
  });

  it('clickToPlay: a click on the video toggles playback (by default when controls show), never a click on the controls', async () => {
    const page = await open({ controls: true });
    try {
      await shown(page, 0);
      const video = page.locator('[data-framewright-player]');
      await video.click({ position: { x: 160, y: 40 } });
      await page.waitForFunction(() => window.player!.isPlaying());
      await video.click({ position: { x: 160, y: 40 } });
      await page.waitForFunction(() => !window.player!.isPlaying());
      await clearEvents(page);
      // The seek bar is part of the controls: it seeks, and does not toggle playback.
      await page.getByLabel('Seek').click();
      await page.waitForFunction(() => window.events.some((e) => e.type === 'seeked'));
      expect(await events(page, 'play')).toEqual([]);

      await page.evaluate(() => window.setHostProps!({ clickToPlay: false }));
      await page.waitForFunction(() => document.querySelector('[data-framewright-player]')!.getAttribute('data-click-to-play') === 'false');
      await video.click({ position: { x: 160, y: 40 } });
      // The click went through the page's event loop; a play would have been synchronous.
      expect(await page.evaluate(() => window.player!.isPlaying())).toBe(false);
      expect(await events(page, 'play')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('under StrictMode (effects run twice): autoPlay plays once, and no change events fire for values that did not change', async () => {
    const page = await open({ autoPlay: true, playbackRate: 1.5 }, 'colors', true);
    try {
      await page.waitForFunction(() => window.player!.getCurrentFrame() >= 3);
      await page.evaluate(() => window.player!.pause());
      expect((await events(page)).map((e) => e.type).filter((t) => ['play', 'ratechange', 'error'].includes(t))).toEqual(['play']);
    } finally {
      await page.close();
    }
  });

  it('controls: play/pause, seek bar, time, mute, volume and fullscreen that work; none of the last two when turned off', async () => {
    const page = await open({ controls: true });
    try {
      await shown(page, 0);
      const bar = page.locator('[data-framewright-controls]');
      expect(await bar.locator('button, input').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['Play', 'Seek', 'Mute', 'Volume', 'Fullscreen']);
      await bar.getByLabel('Volume').fill('0.5');
      expect(await page.evaluate(() => window.player!.getVolume())).toBe(0.5);
      expect((await events(page, 'volumechange')).map((e) => e.detail)).toEqual([{ volume: 0.5 }]);
      expect(await bar.textContent()).toContain('0:00 / 0:01');
      await bar.getByLabel('Mute').click();
      expect(await page.evaluate(() => window.player!.isMuted())).toBe(true);
      expect((await events(page, 'mutechange')).map((e) => e.detail)).toEqual([{ isMuted: true }]);
      await bar.getByLabel('Fullscreen').click();
      await page.waitForFunction(() => window.player!.isFullscreen());
      await bar.getByLabel('Exit fullscreen').click();
      await page.waitForFunction(() => !window.player!.isFullscreen());
      await bar.getByLabel('Play').click();
      await page.waitForFunction(() => window.player!.isPlaying());
      await bar.getByLabel('Pause').click();
      await page.waitForFunction(() => !window.player!.isPlaying());
      await page.evaluate(() => window.setHostProps!({ allowFullscreen: false, showVolumeControls: false }));
      await bar.getByLabel('Fullscreen').waitFor({ state: 'detached' });
      expect(await bar.getByLabel('Volume').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('inFrame/outFrame: play() starts at inFrame, ends at outFrame, and loops back to inFrame', async () => {
    const page = await open({ inFrame: 10, outFrame: 15 });
    try {
      await shown(page, 0);
      await page.evaluate(() => window.player!.seekTo(2));
      await clearEvents(page);
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction(() => window.events.some((e) => e.type === 'ended'));
      const frames = (await events(page, 'frameupdate')).map((e) => e.detail.frame as number);
      expect(frames[0]).toBe(10);
      expect(frames.every((f) => f >= 10 && f <= 15)).toBe(true);
      expect((await events(page, 'ended'))[0]!.detail).toEqual({ frame: 15 });
      expect(await page.evaluate(() => window.player!.getCurrentFrame())).toBe(15);

      await page.evaluate(() => window.setHostProps!({ loop: true }));
      await page.waitForFunction(() => window.player!.getContainerNode() !== null);
      await clearEvents(page);
      await page.evaluate(() => window.player!.play());
      // Past outFrame it wraps to inFrame instead of ending: a frame lower than the one before it.
      await page.waitForFunction(() => {
        const f = window.events.filter((e) => e.type === 'frameupdate').map((e) => (e.detail as { frame: number }).frame);
        return f.some((x, i) => i > 1 && x < f[i - 1]!);
      });
      await page.evaluate(() => window.player!.pause());
      const looped = (await events(page, 'frameupdate')).map((e) => e.detail.frame as number);
      expect(looped.filter((f) => f < 10 || f > 15)).toEqual([]);
      expect(await events(page, 'ended')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('playback never steps backwards when a frame timestamp predates play()', async () => {
    const page = await open();
    try {
      await shown(page, 0);
      // A browser hands rAF callbacks the frame's start time, which may be before play() ran.
      // Make that gap certain (50 ms) instead of leaving it to the machine's timing.
      await page.evaluate(() => {
        const raf = window.requestAnimationFrame.bind(window);
        window.requestAnimationFrame = (callback) => raf((time) => callback(time - 50));
      });
      await clearEvents(page);
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction(() => window.player!.getCurrentFrame() >= 3);
      await page.evaluate(() => window.player!.pause());
      const frames = (await events(page, 'frameupdate')).map((e) => e.detail.frame as number);
      expect(frames.filter((f) => f < 0)).toEqual([]);
      expect(frames).toEqual([...frames].sort((a, b) => a - b));
    } finally {
      await page.close();
    }
  });

  it('hidden (<Activity>) or unmounted while playing, the Player pauses: pause fires, isPlaying() is false, and play() plays again', async () => {
    const page = await open({ loop: true });
    try {
      await shown(page, 0);
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction(() => window.player!.getCurrentFrame() >= 2);
      await clearEvents(page);
      await page.evaluate(() => window.setHostHidden!(true));
      await page.waitForFunction(() => window.events.some((e) => e.type === 'pause'));
      expect(await page.evaluate(() => window.player!.isPlaying())).toBe(false);
      await page.evaluate(() => window.setHostHidden!(false));
      await page.waitForFunction(() => window.player!.getContainerNode()?.checkVisibility() === true);
      const at = await page.evaluate(() => window.player!.getCurrentFrame());
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction((f) => window.player!.getCurrentFrame() !== f, at);

      await clearEvents(page);
      await page.evaluate(() => window.setHostMounted!(false));
      await page.waitForFunction(() => document.querySelector('[data-framewright-player]') === null);
      expect(await page.evaluate(() => window.player!.isPlaying())).toBe(false);
      expect((await events(page, 'pause')).length).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('a listener that restarts playback (an A-B loop: pause, seekTo, play on frameupdate) leaves one clock running', async () => {
    const page = await open();
    try {
      await shown(page, 0);
      await page.evaluate(() => {
        const player = window.player!;
        player.addEventListener('frameupdate', (e) => {
          if (e.detail.frame < 6) return;
          player.pause();
          player.seekTo(2);
          player.play();
        });
        player.play();
      });
      await page.waitForFunction(() => window.events.filter((e) => e.type === 'play').length >= 4);
      // Animation-frame requests over the next 10 frames: one a frame for one clock.
      const requests = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const raf = window.requestAnimationFrame.bind(window);
            let count = 0;
            window.requestAnimationFrame = (callback) => (count++, raf(callback));
            let frames = 0;
            const step = () => {
              if (++frames < 10) return void raf(step);
              window.requestAnimationFrame = raf;
              resolve(count);
            };
            raf(step);
          }),
      );
      await page.evaluate(() => window.player!.pause());
      expect(requests).toBeLessThanOrEqual(12);
    } finally {
      await page.close();
    }
  });

  it('playbackRate: a render React throws away (a transition that suspends) never moves the clock', async () => {
    const page = await open();
    try {
      await shown(page, 0);
      // A clock the test moves: performance.now() and animation frames run only on step(ms).
      await page.evaluate(() => {
        let now = performance.now();
        performance.now = () => now;
        const pending = new Map<number, FrameRequestCallback>();
        let id = 0;
        window.requestAnimationFrame = (callback) => (pending.set(++id, callback), id);
        window.cancelAnimationFrame = (handle) => void pending.delete(handle);
        (window as unknown as { step: (ms: number) => void }).step = (ms) => {
          now += ms;
          const due = [...pending.values()];
          pending.clear();
          for (const callback of due) callback(now);
        };
      });
      const step = (ms: number) => page.evaluate((m) => (window as unknown as { step: (ms: number) => void }).step(m), ms);
      const frame = () => page.evaluate(() => window.player!.getCurrentFrame());
      await page.evaluate(() => window.player!.play());
      await step(100);
      expect(await frame()).toBe(3);
      // Rendered at 4× but not committed: still 1×, 3 frames in 100 ms.
      await page.evaluate(() => window.setHostPropsInSuspendedTransition!({ playbackRate: 4 }));
      await page.waitForFunction(() => window.suspenderRendered === true);
      await step(100);
      expect(await frame()).toBe(6);
      await page.evaluate(() => window.player!.pause());
    } finally {
      await page.close();
    }
  });

  it('pauseAndReturnToPlayStart goes back to where play() started; removeEventListener stops a listener', async () => {
    const page = await open();
    try {
      await shown(page, 0);
      await page.evaluate(() => {
        const w = window as unknown as { calls: number; listener: () => void };
        w.calls = 0;
        w.listener = () => void w.calls++;
        window.player!.addEventListener('seeked', w.listener);
        window.player!.seekTo(5);
        window.player!.removeEventListener('seeked', w.listener);
        window.player!.seekTo(6);
      });
      expect(await page.evaluate(() => (window as unknown as { calls: number }).calls)).toBe(1);
      await page.evaluate(() => window.player!.play());
      await page.waitForFunction(() => window.player!.getCurrentFrame() >= 9);
      // Playing, timeupdate follows the frame too (the first one at once).
      await page.waitForFunction(() => window.events.some((e) => e.type === 'timeupdate' && (e.detail as { frame: number }).frame > 6));
      await page.evaluate(() => window.player!.pauseAndReturnToPlayStart());
      expect(await page.evaluate(() => [window.player!.isPlaying(), window.player!.getCurrentFrame()])).toEqual([false, 6]);
    } finally {
      await page.close();
    }
  });
});
