/**
 * What the page's network guard costs per request: a tab fetches one public/ file N times
 * (no cache), once in a tab with the guard's request interception and once in a plain tab,
 * alternating A/B rounds so the machine's load drifts equally over both. Also a `<Video>`-like
 * burst: the per-frame media requests go through the same interception. Prints one JSON line.
 *
 *   node --import tsx bench/page-guard.ts [--requests 200] [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from '../src/bundle/project.ts';
import { loadSitePage, closeSitePage } from '../src/render/page/site-page.ts';
import { RenderHost } from '../src/render/render-host.ts';
import { machine, round } from './lib.ts';
import { loadAverage } from './media-lib.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const requests = arg('--requests', 200);
const rounds = arg('--rounds', 6);
const repo = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-guard-'));
const project = Project.fromConfig(repo, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir: work });
const host = new RenderHost({ warmPages: false });

/** Milliseconds per request for `requests` sequential fetches of a public file, from inside the page. */
async function perRequest(evaluate: (fn: (url: string, n: number) => Promise<number>, url: string, n: number) => Promise<number>, url: string): Promise<number> {
  const ms = await evaluate(
    async (u, n) => {
      const start = performance.now();
      for (let i = 0; i < n; i++) await (await fetch(`${u}?i=${i}`, { cache: 'no-store' })).arrayBuffer();
      return performance.now() - start;
    },
    url,
    requests,
  );
  return ms / requests;
}

try {
  const catalog = await project.catalog();
  const resolved = await catalog.resolve('bench-promo', {});
  const { siteUrl, publicUrl } = await host.site(resolved.bundle, project.config.publicDir);
  const file = `${publicUrl}fonts/DejaVuSans-Bold.ttf`;
  const lease = await host.browsers.acquire();
  const guarded = await loadSitePage(lease.browser, siteUrl);
  guarded.network.attach({ fetchForPage: async () => Promise.reject(new Error('no remote URLs in this bench')) });
  const plain = await lease.browser.newPage();
  await plain.goto(`${siteUrl}index.html`, { waitUntil: 'load' });
  const load = loadAverage();
  const withGuard: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which tab goes first, so neither always meets the machine's load first.
    const a = () => perRequest((fn, u, n) => guarded.page.evaluate(fn, u, n), file).then((x) => void withGuard.push(x));
    const b = () => perRequest((fn, u, n) => plain.evaluate(fn, u, n), file).then((x) => void without.push(x));
    if (r % 2 === 0) await a().then(b);
    else await b().then(a);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  await closeSitePage(guarded);
  await plain.close();
  await lease.release();
  console.log(
    JSON.stringify({
      bench: 'page-guard',
      machine: machine(),
      loadAverage: load,
      requests,
      rounds,
      msPerRequestGuarded: round(median(withGuard), 3),
      msPerRequestPlain: round(median(without), 3),
      overheadMsPerRequest: round(median(withGuard) - median(without), 3),
      allGuarded: withGuard.map((x) => round(x, 3)),
      allPlain: without.map((x) => round(x, 3)),
    }),
  );
} finally {
  await host.close();
  rmSync(work, { recursive: true, force: true });
}
