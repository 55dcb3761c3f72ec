/**
 * What a frame costs by capture path, on a bench-promo-like 1080p page (gradient, 12 moving
 * boxes, a scaled title, a frame counter). CPU is read from /proc for this browser's own process
 * tree, split by Chromium process type (renderer: style, layout, paint, raster; gpu-process: the
 * display compositor and its readbacks; browser: screenshot encoding and DevTools) with their
 * minor page faults (fresh pages the kernel zeroes), plus what this Node process spent receiving
 * the frames. Prints one JSON line.
 *
 *   node --import tsx bench/capture-paths.ts [--frames 90] [--only jpeg,canvas-jpeg]
 *
 * Paths:
 * - `no-readback`: the frame is drawn (two animation frames) but nothing is read back: the floor.
 * - `jpeg` (the engine's): Page.captureScreenshot, JPEG q80, optimizeForSpeed.
 * - `jpeg-slow`: the same without optimizeForSpeed. `png`: lossless (mov, gif, png-seq).
 * - `half-frame`: a 1920×540 clip, to see how the cost follows the area read back.
 * - `begin-frame`: frames driven by HeadlessExperimental.beginFrame, screenshot taken with the
 *   frame, one page per browser as it needs.
 * - `screencast`: Page.startScreencast, JPEG q80, one frame per change.
 * - `canvas-jpeg`: the page draws itself into a `<canvas layoutsubtree>` with drawElementImage()
 *   (Chromium's experimental CanvasDrawElement), encodes a JPEG with toBlob() and returns it
 *   over DevTools: no compositor readback at all.
 * - `canvas-raw`: the same drawing, read with getImageData() and POSTed raw (8 MB) to this
 *   process, as a raw-pixel path would hand FFmpeg rawvideo (DevTools' Network domain off, or it
 *   copies every body into an event).
 * The two canvas paths also report how far their pixels are from the compositor's (same frame,
 * PNG screenshot): the largest difference and the share of bytes that differ at all.
 */
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';
import { chromiumPath } from '../src/render/binaries.ts';
import { CHROMIUM_FLAGS, sandboxFlags } from '../src/render/browser/chromium-flags.ts';
import { benchHead, processTreeCounters, round, type CpuSplit } from './lib.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const N = Number(arg('--frames') ?? 90);
const only = arg('--only')?.split(',');
const W = 1920;
const H = 1080;

/** The frame's markup; the same for every path, so the pixels can be compared. */
const FRAME_MARKUP = `(n) => {
  let h = '<div style="position:absolute;inset:0;background:linear-gradient(' + n + 'deg,#1e3a8a,#9333ea)"></div>';
  for (let i = 0; i < 12; i++) h += '<div style="position:absolute;left:' + ((n * 7 + i * 150) % 1920) + 'px;top:' + (80 + i * 80) + 'px;width:120px;height:40px;border-radius:8px;opacity:.7;background:hsl(' + ((n * 3 + i * 30) % 360) + ',80%,60%)"></div>';
  h += '<div style="position:absolute;top:400px;width:100%;text-align:center;font-size:110px;color:white;transform:scale(' + (1 - Math.exp(-n / 10)) + ')">Hello from the benchmark</div>';
  h += '<div style="position:absolute;top:600px;width:100%;text-align:center;font-size:56px;color:white">Frame ' + n + '</div>';
  return h;
}`;
const ROOT = `<div id=r style="width:${W}px;height:${H}px;position:relative;overflow:hidden;font-family:DejaVu Sans"></div>`;
const PLAIN_PAGE = `<html><body style="margin:0">${ROOT}<script>
const markup = ${FRAME_MARKUP};
window.setFrame = (n) => { document.getElementById('r').innerHTML = markup(n); };
</script></body></html>`;
/** The same root inside a canvas that draws it: setFrame resolves once the frame is in the canvas. */
const CANVAS_PAGE = `<html><body style="margin:0"><canvas id=c layoutsubtree width=${W} height=${H} style="display:block">${ROOT}</canvas><script>
const markup = ${FRAME_MARKUP};
const c = document.getElementById('c');
const ctx = c.getContext('2d');
let drawn;
c.onpaint = () => { if (!drawn) return; ctx.reset(); ctx.drawElementImage(document.getElementById('r'), 0, 0); const d = drawn; drawn = undefined; d(); };
window.setFrame = (n) => { document.getElementById('r').innerHTML = markup(n); return new Promise((d) => { drawn = d; c.requestPaint(); }); };
const toBase64 = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 32768) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768)); return btoa(s); };
window.jpeg = async () => toBase64(new Uint8Array(await (await new Promise((d) => c.toBlob(d, 'image/jpeg', 0.8))).arrayBuffer()));
window.postRaw = async () => { const data = ctx.getImageData(0, 0, ${W}, ${H}).data; await fetch('/frame', { method: 'POST', body: data }); return data.length; };
window.rawBase64 = () => toBase64(ctx.getImageData(0, 0, ${W}, ${H}).data);
</script></body></html>`;

async function launch(extra: string[] = []): Promise<Browser> {
  return puppeteer.launch({ executablePath: chromiumPath(), headless: 'shell', pipe: true, args: [...CHROMIUM_FLAGS, ...sandboxFlags(), ...extra], defaultViewport: null });
}

async function measure(name: string, browser: Browser, step: (frame: number) => Promise<number>): Promise<Record<string, unknown>> {
  for (let n = 0; n < 5; n++) await step(n);
  const pid = browser.process()!.pid!;
  const before = processTreeCounters(pid);
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  for (let n = 5; n < N + 5; n++) bytes += await step(n);
  const wall = performance.now() - t0;
  const node = process.cpuUsage(node0);
  const after = processTreeCounters(pid);
  const split: CpuSplit = {};
  const faults: CpuSplit = {};
  let chromium = 0;
  for (const [type, ms] of Object.entries(after.cpuMs)) {
    const per = (ms - (before.cpuMs[type] ?? 0)) / N;
    chromium += per;
    if (per >= 0.05) split[type] = round(per, 1);
    const faulted = ((after.minorFaults[type] ?? 0) - (before.minorFaults[type] ?? 0)) / N;
    if (faulted >= 1) faults[type] = Math.round(faulted);
  }
  const nodeMs = (node.user + node.system) / 1000 / N;
  return {
    path: name,
    chromiumCpuMsPerFrame: round(chromium, 1),
    nodeCpuMsPerFrame: round(nodeMs, 1),
    totalCpuMsPerFrame: round(chromium + nodeMs, 1),
    byProcess: split,
    pageFaultsPerFrame: faults,
    wallMsPerFrame: round(wall / N, 1),
    kbPerFrame: round(bytes / N / 1024, 0),
  };
}

async function plainPage(browser: Browser, url: string): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.newPage();
  await page.setViewport({ width: W, height: H });
  await page.goto(url);
  return { page, cdp: await page.createCDPSession() };
}

const setFrame = (page: Page, n: number) => page.evaluate((f) => (window as unknown as { setFrame: (f: number) => unknown }).setFrame(f), n);
const twoAnimationFrames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** Serves the two pages and receives raw frames. */
async function startServer() {
  let onFrame: ((bytes: number) => void) | undefined;
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.end();
        onFrame?.(Buffer.concat(chunks).length);
      });
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end(req.url === '/canvas' ? CANVAS_PAGE : PLAIN_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { base, server, nextFrame: () => new Promise<number>((resolve) => (onFrame = resolve)) };
}

async function screenshotPath(base: string, name: string, params: Record<string, unknown>) {
  const browser = await launch();
  try {
    const { page, cdp } = await plainPage(browser, `${base}/plain`);
    return await measure(name, browser, async (n) => {
      await setFrame(page, n);
      const { data } = await cdp.send('Page.captureScreenshot', params as never);
      return data.length * 0.75;
    });
  } finally {
    await browser.close();
  }
}

async function noReadbackPath(base: string) {
  const browser = await launch();
  try {
    const { page } = await plainPage(browser, `${base}/plain`);
    return await measure('no-readback', browser, async (n) => {
      await setFrame(page, n);
      await twoAnimationFrames(page);
      return 0;
    });
  } finally {
    await browser.close();
  }
}

async function beginFramePath() {
  const browser = await launch(['--deterministic-mode', '--enable-begin-frame-control', '--disable-new-content-rendering-timeout', '--run-all-compositor-stages-before-draw', '--disable-threaded-animation', '--disable-threaded-scrolling', '--disable-checker-imaging']);
  try {
    const session = await browser.target().createCDPSession();
    const { targetId } = await session.send('Target.createTarget', { url: 'about:blank', width: W, height: H, enableBeginFrameControl: true } as never);
    const target = await browser.waitForTarget((t) => (t as unknown as { _targetId: string })._targetId === targetId);
    const page = (await target.page())!;
    const cdp = await page.createCDPSession();
    await cdp.send('HeadlessExperimental.enable' as never);
    const content = cdp.send('Runtime.evaluate', { expression: `document.open(); document.write(${JSON.stringify(PLAIN_PAGE)}); document.close();` });
    await cdp.send('HeadlessExperimental.beginFrame' as never, {} as never);
    await content;
    let time = Date.now();
    return await measure('begin-frame', browser, async (n) => {
      await cdp.send('Runtime.evaluate', { expression: `window.setFrame(${n})` });
      time += 1000 / 30;
      const r = (await cdp.send('HeadlessExperimental.beginFrame' as never, { frameTimeTicks: time, interval: 1000 / 30, screenshot: { format: 'jpeg', quality: 80, optimizeForSpeed: true } } as never)) as { screenshotData?: string };
      return (r.screenshotData?.length ?? 0) * 0.75;
    });
  } finally {
    await browser.close();
  }
}

async function screencastPath(base: string) {
  const browser = await launch();
  try {
    const { page, cdp } = await plainPage(browser, `${base}/plain`);
    let waiting: ((bytes: number) => void) | undefined;
    cdp.on('Page.screencastFrame', (e: { data: string; sessionId: number }) => {
      void cdp.send('Page.screencastFrameAck', { sessionId: e.sessionId });
      waiting?.(e.data.length * 0.75);
      waiting = undefined;
    });
    await cdp.send('Page.startScreencast', { format: 'jpeg', quality: 80, maxWidth: W, maxHeight: H });
    return await measure('screencast', browser, async (n) => {
      const next = new Promise<number>((resolve) => (waiting = resolve));
      await setFrame(page, n);
      return next;
    });
  } finally {
    await browser.close();
  }
}

/** Largest channel difference and share of differing bytes between the canvas and the compositor. */
async function canvasFidelity(base: string, browser: Browser): Promise<{ maxDifference: number; differingBytesPercent: number }> {
  const { page: plain, cdp } = await plainPage(browser, `${base}/plain`);
  const { page: canvas } = await plainPage(browser, `${base}/canvas`);
  let max = 0;
  let differing = 0;
  let total = 0;
  for (const n of [3, 17, 44, 90]) {
    await setFrame(plain, n);
    await twoAnimationFrames(plain);
    const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', fromSurface: true });
    const reference = execFileSync('ffmpeg', ['-v', 'error', '-f', 'png_pipe', '-i', '-', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { input: Buffer.from(data, 'base64'), maxBuffer: 64 << 20 });
    await setFrame(canvas, n);
    const drawn = Buffer.from(await canvas.evaluate(() => (window as unknown as { rawBase64: () => string }).rawBase64()), 'base64');
    if (drawn.length !== reference.length) throw new Error(`canvas gave ${drawn.length} bytes, the screenshot ${reference.length}`);
    for (let i = 0; i < drawn.length; i++) {
      const d = Math.abs(drawn[i]! - reference[i]!);
      if (d) differing++;
      if (d > max) max = d;
    }
    total += drawn.length;
  }
  await plain.close();
  await canvas.close();
  return { maxDifference: max, differingBytesPercent: round((100 * differing) / total, 2) };
}

async function canvasPath(base: string, kind: 'canvas-jpeg' | 'canvas-raw', nextFrame: () => Promise<number>) {
  const browser = await launch(['--enable-blink-features=CanvasDrawElement']);
  try {
    const { page } = await plainPage(browser, `${base}/canvas`);
    // DevTools' Network domain (puppeteer enables it) would copy each 8 MB body into an event.
    if (kind === 'canvas-raw') await (page as unknown as { _client(): CDPSession })._client().send('Network.disable');
    const row = await measure(kind, browser, async (n) => {
      await setFrame(page, n);
      if (kind === 'canvas-jpeg') return (await page.evaluate(() => (window as unknown as { jpeg: () => Promise<string> }).jpeg())).length * 0.75;
      const received = nextFrame();
      await page.evaluate(() => (window as unknown as { postRaw: () => Promise<number> }).postRaw());
      return received;
    });
    return { ...row, ...(await canvasFidelity(base, browser)) };
  } finally {
    await browser.close();
  }
}

const { base, server, nextFrame } = await startServer();
const paths: Array<[string, () => Promise<Record<string, unknown>>]> = [
  ['no-readback', () => noReadbackPath(base)],
  ['jpeg', () => screenshotPath(base, 'jpeg', { format: 'jpeg', quality: 80, optimizeForSpeed: true, fromSurface: true })],
  ['jpeg-slow', () => screenshotPath(base, 'jpeg-slow', { format: 'jpeg', quality: 80, fromSurface: true })],
  ['half-frame', () => screenshotPath(base, 'half-frame', { format: 'jpeg', quality: 80, optimizeForSpeed: true, fromSurface: true, clip: { x: 0, y: 0, width: W, height: H / 2, scale: 1 } })],
  ['png', () => screenshotPath(base, 'png', { format: 'png', optimizeForSpeed: true, fromSurface: true })],
  ['begin-frame', () => beginFramePath()],
  ['screencast', () => screencastPath(base)],
  ['canvas-jpeg', () => canvasPath(base, 'canvas-jpeg', nextFrame)],
  ['canvas-raw', () => canvasPath(base, 'canvas-raw', nextFrame)],
];
const rows: Array<Record<string, unknown>> = [];
try {
  for (const [name, run] of paths) {
    if (only && !only.includes(name)) continue;
    rows.push(await run().catch((error: unknown) => ({ path: name, error: String((error as Error).message ?? error).slice(0, 200) })));
  }
} finally {
  server.close();
}
console.log(JSON.stringify({ ...benchHead('capture-paths'), frames: N, size: `${W}x${H}`, paths: rows }));
