/**
 * What the network guard's per-capture work costs: a 1080p JPEG capture loop (a moving box and a
 * counter) in five browser set-ups, alternating, one fresh browser each, CPU read from /proc for
 * the browser's process tree plus this process. Prints one JSON line (median ms per capture and
 * every round's figure).
 *
 *   node --import tsx bench/guard-capture-cost.ts [--frames 40] [--rounds 3]
 *
 * Set-ups: `before` (Puppeteer's own Network tracking on, as before the guard heard announcements),
 * `after` (the engine's now: Puppeteer's off, Network.enable without bodies on the capture's
 * session, one Runtime.evaluate round trip after each capture), `announcements-only`,
 * `round-trip-only` and `neither`.
 */
import puppeteer from 'puppeteer-core';
import { chromiumPath } from '../src/render/binaries.ts';
import { cpuByProcessType, machine, round } from './lib.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const frames = arg('--frames', 40);
const rounds = arg('--rounds', 3);

const variants = {
  before: { announce: false, trip: false, puppeteerNetwork: true },
  after: { announce: true, trip: true, puppeteerNetwork: false },
  'announcements-only': { announce: true, trip: false, puppeteerNetwork: false },
  'round-trip-only': { announce: false, trip: true, puppeteerNetwork: false },
  neither: { announce: false, trip: false, puppeteerNetwork: false },
};

const total = (split: Record<string, number>) => Object.values(split).reduce((a, b) => a + b, 0);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function cpuPerCapture(v: (typeof variants)[keyof typeof variants]): Promise<number> {
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(), headless: 'shell', pipe: true, args: ['--no-sandbox'], networkEnabled: v.puppeteerNetwork, defaultViewport: null,
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1920, height: 1080 });
    await page.setContent('<body style="margin:0;background:#123"><div id=b style="position:absolute;width:400px;height:300px;background:linear-gradient(#f00,#00f)"></div><h1 id=t style="color:#fff;font:80px sans-serif">0</h1></body>');
    const cdp = await page.createCDPSession();
    if (v.announce) await cdp.send('Network.enable', { maxTotalBufferSize: 0, maxResourceBufferSize: 0 });
    const capture = async (i: number) => {
      await cdp.send('Runtime.evaluate', { expression: `b.style.left='${(i * 7) % 1500}px';t.textContent='${i}'` });
      await cdp.send('Page.captureScreenshot', { format: 'jpeg', quality: 80, optimizeForSpeed: true, fromSurface: true, captureBeyondViewport: false });
      if (v.trip) await cdp.send('Runtime.evaluate', { expression: '0' });
    };
    for (let i = 0; i < 5; i++) await capture(i);
    const pid = browser.process()!.pid!;
    const before = total(cpuByProcessType(pid));
    const node = process.cpuUsage();
    for (let i = 0; i < frames; i++) await capture(i);
    const own = process.cpuUsage(node);
    return (total(cpuByProcessType(pid)) - before + (own.user + own.system) / 1000) / frames;
  } finally {
    await browser.close();
  }
}

const results: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  for (const [name, v] of Object.entries(variants)) (results[name] ??= []).push(round(await cpuPerCapture(v), 1));
}
console.log(
  JSON.stringify({
    bench: 'guard-capture-cost',
    machine: machine(),
    loadAverage: (await import('node:os')).loadavg().map((n) => round(n, 1)).join(' '),
    frames,
    rounds,
    cpuMsPerCapture: Object.fromEntries(Object.entries(results).map(([k, all]) => [k, { median: median(all), all }])),
  }),
);
