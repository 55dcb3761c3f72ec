import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { FramewrightError, throwIfAborted } from '../../errors/index.ts';
import { chromiumPath } from '../binaries.ts';
import { CHROMIUM_FLAGS, sandboxFlags } from './chromium-flags.ts';
import { PROFILE_PREFIX, removeOrphanProfiles } from './orphan-profiles.ts';

export interface BrowserHostOptions {
  /** Relaunch the browser after this many renders to bound memory growth. @defaultValue 50 */
  recycleAfterRenders?: number;
  /** Upper bound for one DevTools call before the browser counts as hung. @defaultValue 60000 */
  protocolTimeoutMs?: number;
  /**
   * V8 heap limit of each page, in MiB: a template that allocates without end crashes its own
   * tab (BROWSER_CRASHED) instead of taking the machine's memory. @defaultValue 2048
   */
  jsHeapLimitMb?: number;
  /** More flags, decided at launch (the network backstop needs the asset server's port). */
  launchFlags?: () => Promise<string[]>;
}

/**
 * One Chromium per process, shared by every render in it. Launched on first use, relaunched
 * after a crash, and recycled after a number of renders once it is idle.
 */
export class BrowserHost {
  private browser: Browser | undefined;
  private launching: Promise<Browser> | undefined;
  private rendersOnBrowser = 0;
  private active = 0;
  private readonly recycleAfter: number;
  private readonly protocolTimeoutMs: number;
  private readonly launchFlags: () => Promise<string[]>;
  private readonly jsHeapLimitMb: number;
  /** The running browser's profile folder: ours to name, so a killed process's is found later. */
  private profileDir: string | undefined;

  constructor(options: BrowserHostOptions = {}) {
    this.recycleAfter = options.recycleAfterRenders ?? 50;
    this.protocolTimeoutMs = options.protocolTimeoutMs ?? 60_000;
    this.launchFlags = options.launchFlags ?? (async () => []);
    this.jsHeapLimitMb = options.jsHeapLimitMb ?? 2048;
  }

  /** A browser for one render; call the returned release() when the render ends. */
  async acquire(signal?: AbortSignal): Promise<{ browser: Browser; release: () => Promise<void> }> {
    throwIfAborted(signal);
    if (this.browser && (!this.browser.connected || (this.active === 0 && this.rendersOnBrowser >= this.recycleAfter))) {
      await this.closeBrowser();
    }
    const browser = await this.launch();
    throwIfAborted(signal);
    this.active++;
    this.rendersOnBrowser++;
    let released = false;
    return {
      browser,
      release: async () => {
        if (released) return;
        released = true;
        this.active--;
      },
    };
  }

  /** PID of the running browser, if any (tests use it to prove nothing leaks). */
  get pid(): number | undefined {
    return this.browser?.process()?.pid;
  }

  async close(): Promise<void> {
    await this.closeBrowser();
  }

  private launch(): Promise<Browser> {
    if (this.browser?.connected) return Promise.resolve(this.browser);
    this.launching ??= this.start()
      .then(({ flags, profileDir }) => {
        this.profileDir = profileDir;
        return puppeteer.launch({
        executablePath: chromiumPath(),
        headless: 'shell',
        // A pipe instead of a WebSocket: Chromium exits when its parent dies, leaving no orphan.
        pipe: true,
        args: [...CHROMIUM_FLAGS, ...sandboxFlags(), ...flags],
        userDataDir: profileDir,
        protocolTimeout: this.protocolTimeoutMs,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        defaultViewport: null,
        // Puppeteer's own request tracking (page.on('request'), goto's response) is unused; the
        // network guard listens on its own session, which keeps no response bodies.
        networkEnabled: false,
        });
      })
      .then((browser) => {
        this.browser = browser;
        this.rendersOnBrowser = 0;
        return browser;
      })
      .catch(async (error: unknown) => {
        await this.removeProfile();
        throw new FramewrightError('BROWSER_CRASHED', `Chromium could not start (${chromiumPath()}): ${(error as Error).message}`, {
          cause: error,
        });
      })
      .finally(() => {
        this.launching = undefined;
      });
    return this.launching;
  }

  /** Flags and a fresh profile folder; profiles a killed process left behind go first. */
  private async start(): Promise<{ flags: string[]; profileDir: string }> {
    await removeOrphanProfiles();
    const flags = [...(await this.launchFlags()), `--js-flags=--max-old-space-size=${this.jsHeapLimitMb}`];
    const profileDir = await mkdtemp(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
    return { flags, profileDir };
  }

  private async removeProfile(): Promise<void> {
    const dir = this.profileDir;
    this.profileDir = undefined;
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }

  private async closeBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (!browser) return this.removeProfile();
    const proc = browser.process();
    await browser.close().catch(() => proc?.kill('SIGKILL'));
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          proc.kill('SIGKILL');
          resolve();
        }, 2_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await this.removeProfile();
  }
}
