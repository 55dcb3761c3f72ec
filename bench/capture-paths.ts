/**
 * What a frame costs Chromium by capture path, on a bench-promo-like 1080p page (gradient, 12
 * moving boxes, a scaled title, a frame counter). CPU is summed over this browser's own process
 * tree from /proc (not every Chromium on the machine). Prints one JSON line.
 *
 *   node --import tsx bench/capture-paths.ts [--frames 90]
 *
 * Paths: `jpeg` (today: Page.captureScreenshot, q80, optimizeForSpeed), `jpeg-slow` (without
 * optimizeForSpeed), `png` (lossless, as mov/gif/png-seq capture), `begin-frame` (the page's
 * frames driven by HeadlessExperimental.beginFrame, screenshot taken with the frame, one page
 * per browser as it needs), `screencast` (Page.startScreencast, JPEG q80, one frame per change).
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import puppeteer, { type Browser } from 'puppeteer-core';
import { chromiumPath } from '../src/render/binaries.ts';
import { CHROMIUM_FLAGS, sandboxFlags } from '../src/render/browser/chromium-flags.ts';
import { machine, round } from './lib.ts';

const framesArg = process.argv.indexOf('--frames');
const N = framesArg > 0 ? Number(process.argv[framesArg + 1]) : 90;
const TICKS = 100; // clock ticks per second of /proc/<pid>/stat

const PAGE = `<html><body style="margin:0"><div id=r style="width:1920px;height:1080px;position:relative;overflow:hidden;font-family:DejaVu Sans"></div>
<script>
const r = document.getElementById('r');
window.setFrame = (n) => {
  let h = '<div style="position:absolute;inset:0;background:linear-gradient(' + n + 'deg,#1e3a8a,#9333ea)"></div>';
  for (let i = 0; i < 12; i++) h += '<div style="position:absolute;left:' + ((n * 7 + i * 150) % 1920) + 'px;top:' + (80 + i * 80) + 'px;width:120px;height:40px;border-radius:8px;opacity:.7;background:hsl(' + ((n * 3 + i * 30) % 360) + ',80%,60%)"></div>';
  h += '<div style="position:absolute;top:400px;width:100%;text-align:center;font-size:110px;color:white;transform:scale(' + (1 - Math.exp(-n / 10)) + ')">Hello from the benchmark</div>';
  h += '<div style="position:absolute;top:600px;width:100%;text-align:center;font-size:56px;color:white">Frame ' + n + '</div>';
  r.innerHTML = h;
};
</script></body></html>`;

/** CPU seconds of `root` and all its descendants. */
function treeCpu(root: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      cpu.set(Number(d), (Number(f[11]) + Number(f[12])) / TICKS);
    } catch {
      // The process ended while we read.
    }
  }
  let total = 0;
  for (const [pid, seconds] of cpu) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += seconds;
        break;
      }
    }
  }
  return total;
}

async function launch(extra: string[] = []): Promise<Browser> {
  return puppeteer.launch({ executablePath: chromiumPath(), headless: 'shell', pipe: true, args: [...CHROMIUM_FLAGS, ...sandboxFlags(), ...extra], defaultViewport: null });
}

async function measure(name: string, run: (frame: number) => Promise<number>, browser: Browser): Promise<Record<string, number | string>> {
  for (let n = 0; n < 5; n++) await run(n);
  const pid = browser.process()!.pid!;
  const cpu0 = treeCpu(pid);
  const t0 = performance.now();
  let bytes = 0;
  for (let n = 5; n < N + 5; n++) bytes += await run(n);
  const wall = performance.now() - t0;
  const cpu = treeCpu(pid) - cpu0;
  return { path: name, chromiumCpuMsPerFrame: round((cpu * 1000) / N, 1), wallMsPerFrame: round(wall / N, 1), kbPerFrame: round(bytes / N / 1024, 0) };
}

async function screenshotPath(name: string, params: Record<string, unknown>): Promise<Record<string, number | string>> {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1920, height: 1080 });
    await page.setContent(PAGE);
    const cdp = await page.createCDPSession();
    return await measure(name, async (n) => {
      await page.evaluate((f) => (window as unknown as { setFrame: (f: number) => void }).setFrame(f), n);
      const { data } = await cdp.send('Page.captureScreenshot', params as never);
      return data.length * 0.75;
    }, browser);
  } finally {
    await browser.close();
  }
}

async function beginFramePath(): Promise<Record<string, number | string>> {
  const browser = await launch(['--deterministic-mode', '--enable-begin-frame-control', '--disable-new-content-rendering-timeout', '--run-all-compositor-stages-before-draw', '--disable-threaded-animation', '--disable-threaded-scrolling', '--disable-checker-imaging']);
  try {
    const session = await browser.target().createCDPSession();
    const { targetId } = await session.send('Target.createTarget', { url: 'about:blank', width: 1920, height: 1080, enableBeginFrameControl: true } as never);
    const target = await browser.waitForTarget((t) => (t as unknown as { _targetId: string })._targetId === targetId);
    const page = (await target.page())!;
    const cdp = await page.createCDPSession();
    await cdp.send('HeadlessExperimental.enable' as never);
    const content = cdp.send('Runtime.evaluate', { expression: `document.open(); document.write(${JSON.stringify(PAGE)}); document.close();` });
    await cdp.send('HeadlessExperimental.beginFrame' as never, {} as never);
    await content;
    let time = Date.now();
    return await measure('begin-frame', async (n) => {
      await cdp.send('Runtime.evaluate', { expression: `window.setFrame(${n})` });
      time += 1000 / 30;
      const r = (await cdp.send('HeadlessExperimental.beginFrame' as never, { frameTimeTicks: time, interval: 1000 / 30, screenshot: { format: 'jpeg', quality: 80, optimizeForSpeed: true } } as never)) as { screenshotData?: string };
      return (r.screenshotData?.length ?? 0) * 0.75;
    }, browser);
  } finally {
    await browser.close();
  }
}

async function screencastPath(): Promise<Record<string, number | string>> {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1920, height: 1080 });
    await page.setContent(PAGE);
    const cdp = await page.createCDPSession();
    let waiting: ((bytes: number) => void) | undefined;
    cdp.on('Page.screencastFrame', (e: { data: string; sessionId: number }) => {
      void cdp.send('Page.screencastFrameAck', { sessionId: e.sessionId });
      waiting?.(e.data.length * 0.75);
      waiting = undefined;
    });
    await cdp.send('Page.startScreencast', { format: 'jpeg', quality: 80, maxWidth: 1920, maxHeight: 1080 });
    return await measure('screencast', async (n) => {
      const next = new Promise<number>((resolve) => (waiting = resolve));
      await page.evaluate((f) => (window as unknown as { setFrame: (f: number) => void }).setFrame(f), n);
      return next;
    }, browser);
  } finally {
    await browser.close();
  }
}

const rows: Record<string, number | string>[] = [];
rows.push(await screenshotPath('jpeg', { format: 'jpeg', quality: 80, optimizeForSpeed: true, fromSurface: true }));
rows.push(await screenshotPath('jpeg-slow', { format: 'jpeg', quality: 80, fromSurface: true }));
rows.push(await screenshotPath('png', { format: 'png', optimizeForSpeed: true, fromSurface: true }));
rows.push(await beginFramePath().catch((error: unknown) => ({ path: 'begin-frame', error: String((error as Error).message ?? error).slice(0, 200) })));
rows.push(await screencastPath().catch((error: unknown) => ({ path: 'screencast', error: String((error as Error).message ?? error).slice(0, 200) })));
console.log(JSON.stringify({ bench: 'capture-paths', date: new Date().toISOString(), machine: machine(), load: os.loadavg().map((l) => round(l)), frames: N, size: '1920x1080', paths: rows }));
