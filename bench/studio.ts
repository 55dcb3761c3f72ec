/**
 * The Studio and Player benchmark, on a copy of the example templates (1080p). Prints one JSON line.
 *
 *   node --import tsx bench/studio.ts [--edits 10] [--seeks 40] [--play-seconds 4]
 *
 * saveToPaintMs: a template file is rewritten on disk → esbuild rebuilds → the page loads the
 *   new bundle → the preview's frame is ready and painted (next animation frame). Measured from
 *   the write (Node's clock) to the paint (the page's clock, same machine).
 * seekMs: player.seekTo(f) → frame ready (images, fonts, delayRender) → painted; title-card at 100 %.
 * playback: title-card at 100 % playing in real time for a few seconds: frames shown per second
 *   and frames dropped (the clock skips frames rather than drifting), and the main-thread time
 *   one frame's render + commit takes (React and the template; the browser's paint comes after).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { Project } from '../src/bundle/project.ts';
import { chromiumPath } from '../src/render/binaries.ts';
import { CHROMIUM_FLAGS, sandboxFlags } from '../src/render/browser/chromium-flags.ts';
import { startStudio } from '../studio/server/start-studio.ts';
import { machine, round } from './lib.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const edits = arg('edits', 10);
const seeks = arg('seeks', 40);
const playSeconds = arg('play-seconds', 4);

const repo = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-studio-'));
const projectDir = path.join(work, 'project');
cpSync(path.join(repo, 'src', 'templates'), path.join(projectDir, 'templates'), { recursive: true });
cpSync(path.join(repo, 'public'), path.join(projectDir, 'public'), { recursive: true });
cpSync(path.join(repo, 'src', 'index.ts'), path.join(projectDir, 'index.ts'));
const project = Project.fromConfig(projectDir, { templateRoot: 'index.ts', publicDir: 'public', dataDir: path.join(work, 'data') });

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const summary = (values: number[]) => ({ p50: round(percentile(values, 50), 1), p95: round(percentile(values, 95), 1), max: round(Math.max(...values), 1), n: values.length });

/** Resolves with the page's epoch time (ms) of the first paint after the preview shows `frame` ready with a new tree. */
// Page-side code goes as text: tsx would otherwise wrap named functions in a helper the page lacks.
function nextReadyPaint(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const root = document.querySelector('[data-framewright-player]');
    let changed = false;
    const check = () => {
      if (!changed || root.getAttribute('data-framewright-ready') !== 'true') return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
    };
    const observer = new MutationObserver(() => { changed = true; check(); });
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  })`) as Promise<number>;
}

const studio = await startStudio({ project, port: 0 });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS, ...sandboxFlags()] });
try {
  const page = await browser.newPage({ viewport: { width: 2600, height: 1500 } });
  await page.goto(`${studio.url}?template=title-card&frame=40`);
  await page.getByLabel('Zoom').selectOption('1');
  await page.waitForSelector('[data-framewright-frame="40"][data-framewright-ready="true"]', { state: 'attached' });

  // 1. Save → new frame painted.
  const file = path.join(projectDir, 'templates', 'title-card', 'index.tsx');
  const original = readFileSync(file, 'utf8');
  const saveToPaint: number[] = [];
  for (let i = 0; i < edits; i++) {
    const painted = nextReadyPaint(page);
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
    const colour = i % 2 === 0 ? '#a1b2c3' : '#d1d5db';
    const written = Date.now();
    writeFileSync(file, original.replace("color: '#d1d5db'", `color: '${colour}'`));
    saveToPaint.push((await painted) - written);
  }
  writeFileSync(file, original);

  // 2. Seek latency.
  await page.waitForFunction('window.framewrightStudio?.player() != null');
  const seekTimes = (await page.evaluate(`(async () => {
    const player = window.framewrightStudio.player();
    const root = document.querySelector('[data-framewright-player]');
    const times = [];
    for (let i = 0; i < ${seeks}; i++) {
      const target = (i * 37 + 11) % 120;
      if (target === player.getCurrentFrame()) continue;
      const t0 = performance.now();
      player.seekTo(target);
      // Ready is marked in microtasks after the commit: observe it rather than poll per frame.
      await new Promise((resolve) => {
        const done = () => root.getAttribute('data-framewright-frame') === String(target) && root.getAttribute('data-framewright-ready') === 'true';
        if (done()) return resolve();
        const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(); } });
        observer.observe(root, { attributes: true });
      });
      await new Promise((r) => requestAnimationFrame(r));
      times.push(performance.now() - t0);
    }
    return times;
  })()`)) as number[];

  // 3. Real-time playback.
  const playback = (await page.evaluate(`(async () => {
    const player = window.framewrightStudio.player();
    player.seekTo(0);
    const t0 = performance.now();
    player.play();
    await new Promise((r) => setTimeout(r, ${playSeconds * 1000}));
    const stats = player.getStats();
    const elapsed = (performance.now() - t0) / 1000;
    player.pause();
    return { ...stats, elapsed };
  })()`)) as { shownFrames: number; droppedFrames: number; commitMs: number; elapsed: number };

  console.log(
    JSON.stringify({
      bench: 'studio',
      machine: machine(),
      load: os.loadavg().map((l) => round(l, 2)),
      template: 'title-card 1920x1080 30 fps, preview at 100 %',
      saveToPaintMs: summary(saveToPaint),
      seekMs: summary(seekTimes),
      playback: {
        seconds: round(playback.elapsed, 2),
        shownFps: round(playback.shownFrames / playback.elapsed, 1),
        templateFps: 30,
        shownFrames: playback.shownFrames,
        droppedFrames: playback.droppedFrames,
        commitMsPerFrame: round(playback.commitMs / Math.max(1, playback.shownFrames), 1),
      },
    }),
  );
} finally {
  await browser.close();
  await studio.close();
  rmSync(work, { recursive: true, force: true });
}
