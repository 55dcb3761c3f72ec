import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, ffmpegPath } from '../../src/render/binaries.ts';
import { tempDir } from '../helpers/project.ts';
import { bundlePlayerApp, decodeRgb, rgbAt } from './studio-helpers.ts';

describe('<Player> with <Video> and <Audio>', () => {
  const tmp = tempDir('fw-player-media-');
  let server: http.Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // One second of red then one of blue (so the preview's frame is checkable), and a tone.
    execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=160x90:r=30:d=1', '-f', 'lavfi', '-i', 'color=c=blue:s=160x90:r=30:d=1',
      '-filter_complex', '[0][1]concat=n=2:v=1', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-g', '1', path.join(tmp.dir, 'clip.mp4')]);
    execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', path.join(tmp.dir, 'tone.wav')]);
    execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=660:duration=3', path.join(tmp.dir, 'other.wav')]);
    writeFileSync(path.join(tmp.dir, 'app.js'), await bundlePlayerApp('media-app.tsx'));
    writeFileSync(path.join(tmp.dir, 'index.html'), '<!doctype html><body style="margin:0"><div id="root"></div><script src="app.js"></script></body>');
    writeFileSync(
      path.join(tmp.dir, 'two.html'),
      '<!doctype html><body style="margin:0"><div id="root"></div><script>window.fixtureSecondPlayer = true</script><script src="app.js"></script></body>',
    );
    const web = express().use(express.static(tmp.dir));
    server = await new Promise((resolve) => {
      const s = web.listen(0, '127.0.0.1', () => resolve(s));
    });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--autoplay-policy=no-user-gesture-required'] });
    page = await browser.newPage({ viewport: { width: 200, height: 120 } });
    await page.addInitScript(recordPlays);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => window.player !== undefined);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    tmp.cleanup();
  });

  /** An init script: records in `window.played` what the Player asks of HTML audio elements. */
  function recordPlays() {
    const w = window as unknown as { played: Array<{ src: string; at: number }> };
    w.played = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      w.played.push({ src: this.src, at: this.currentTime });
      return play.call(this);
    };
  }

  const colourAt = async (x: number, y: number) => rgbAt(await decodeRgb(await page.locator('[data-framewright-root]').screenshot()), 160, x, y);

  it('holds the frame until the <Video> preview is drawn at its time', async () => {
    await page.evaluate(() => window.player!.seekTo(45));
    await page.waitForSelector('[data-framewright-frame="45"][data-framewright-ready="true"]', { state: 'attached' });
    const [r, g, b] = await colourAt(80, 45);
    expect(b).toBeGreaterThan(200);
    expect(r).toBeLessThan(60);
    expect(g).toBeLessThan(60);
    await page.evaluate(() => window.player!.seekTo(10));
    await page.waitForSelector('[data-framewright-frame="10"][data-framewright-ready="true"]', { state: 'attached' });
    const [r2, , b2] = await colourAt(80, 45);
    expect(r2).toBeGreaterThan(200);
    expect(b2).toBeLessThan(60);
  });

  it('plays the <Audio> sound from its Sequence start, at the source time of the frame', async () => {
    await page.evaluate(() => window.player!.seekTo(20));
    await page.evaluate(() => window.player!.play());
    await page.waitForFunction(() => (window as unknown as { played: Array<{ src: string }> }).played.some((p) => p.src.endsWith('/tone.wav')));
    const first = await page.evaluate(() => (window as unknown as { played: Array<{ src: string; at: number }> }).played.find((p) => p.src.endsWith('/tone.wav'))!);
    // Started at frame ≥ 20, 5+ frames into a Sequence that starts at 15: ≥ 1/6 s into the file.
    expect(first.at).toBeGreaterThanOrEqual(5 / 30 - 0.01);
    expect(first.at).toBeLessThan(1);
    await page.evaluate(() => window.player!.pause());
  });

  it('at a Player rate no audio element plays (20×: over 16×), the sound stays off and the page stays up', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.evaluate(() => void ((window as unknown as { played: unknown[] }).played.length = 0));
    await page.evaluate(() => window.setPlaybackRate!(20));
    await page.waitForFunction(() => document.querySelector('[data-framewright-player]') !== null);
    await page.evaluate(() => window.player!.seekTo(15));
    await page.evaluate(() => window.player!.play());
    // 45 frames at 600 fps: it ends at once (or the page lost its Player).
    await page.waitForFunction(() => !window.player!.isPlaying() || document.querySelector('[data-framewright-player]') === null);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => [document.querySelector('[data-framewright-player]') !== null, window.player!.getCurrentFrame()])).toEqual([true, 59]);
    expect(await page.evaluate(() => (window as unknown as { played: Array<{ src: string }> }).played.filter((p) => p.src.endsWith('/tone.wav')))).toEqual([]);
    await page.evaluate(() => window.setPlaybackRate!(1));
  });

  it("with two Players on a page, playing one plays its own sound, not the other's", async () => {
    const two = await browser.newPage({ viewport: { width: 200, height: 240 } });
    try {
      await two.addInitScript(recordPlays);
      await two.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/two.html`);
      await two.waitForFunction(() => window.player !== undefined && document.querySelectorAll('[data-framewright-player]').length === 2);
      await two.evaluate(() => window.player!.seekTo(20));
      await two.evaluate(() => window.player!.play());
      await two.waitForFunction(() => (window as unknown as { played: Array<{ src: string }> }).played.some((p) => p.src.endsWith('/tone.wav')));
      await two.evaluate(() => window.player!.pause());
      const played = await two.evaluate(() => (window as unknown as { played: Array<{ src: string }> }).played.map((p) => p.src.split('/').pop()));
      expect(played.filter((src) => src === 'other.wav')).toEqual([]);
    } finally {
      await two.close();
    }
  });
});
