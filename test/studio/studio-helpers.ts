import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { Project } from '../../src/bundle/project.ts';
import { chromiumPath, ffmpegPath } from '../../src/render/binaries.ts';
import { CHROMIUM_FLAGS, sandboxFlags } from '../../src/render/browser/chromium-flags.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { startStudio, type RunningStudio } from '../../studio/server/start-studio.ts';
import { tempDir } from '../helpers/project.ts';

export const studioFixtureDir = fileURLToPath(new URL('./fixtures/project/', import.meta.url));

/**
 * Debian's Chromium (never a downloaded one), driven by Playwright, with the renderer's flags
 * (font hinting, colour profile): "the preview equals the still" compares like with like.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS, ...sandboxFlags()] });
}

/**
 * For a describe block comparing the Studio with the engine: a Studio on `project`, a page of
 * Debian's Chromium at `viewport`, and a render host for stills, started before the tests and
 * closed after them (with `cleanup`). Read `page` and `studio` inside the tests.
 */
export function useStudioPage(
  project: Project,
  viewport: { width: number; height: number },
  cleanup: () => void = () => undefined,
): { readonly page: Page; readonly studio: RunningStudio; readonly host: RenderHost } {
  const host = new RenderHost({ warmPages: false });
  let browser: Browser | undefined;
  let studio: RunningStudio | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    [browser, studio] = await Promise.all([launchBrowser(), startStudio({ project, port: 0 })]);
    page = await browser.newPage({ viewport });
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
    await host.close();
    cleanup();
  });
  return {
    get page() {
      if (!page) throw new Error('the Studio page is not open yet (read it inside a test)');
      return page;
    },
    get studio() {
      if (!studio) throw new Error('the Studio is not started yet (read it inside a test)');
      return studio;
    },
    host,
  };
}

/** A private, editable copy of the Studio fixture project with its own data dir. */
export function copyStudioProject(): { dir: string; project: Project; cleanup: () => void } {
  const tmp = tempDir('fw-studio-');
  const dir = path.join(tmp.dir, 'project');
  cpSync(studioFixtureDir, dir, { recursive: true });
  const project = Project.fromConfig(dir, { templateRoot: 'index.ts', publicDir: 'public', dataDir: path.join(tmp.dir, 'data') });
  return { dir, project, cleanup: tmp.cleanup };
}

/** Waits until the Player shows `frame` and it is ready (what a render would capture). */
export async function waitForFrame(page: Page, frame: number): Promise<void> {
  await page.waitForSelector(`[data-framewright-player][data-framewright-frame="${frame}"][data-framewright-ready="true"]`, { state: 'attached' });
}

/** Decodes an image (PNG, JPEG) to packed RGB24 with FFmpeg. */
export function decodeRgb(image: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-v', 'error', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exited ${code}: ${stderr}`))));
    child.stdin.end(image);
  });
}

export interface PixelDiff {
  /** Pixels where any channel differs by more than the tolerance. */
  differing: number;
  maxDelta: number;
  /** Bounding box of the differing pixels. */
  box: { left: number; top: number; right: number; bottom: number } | undefined;
}

export function diffRgb(a: Buffer, b: Buffer, width: number, tolerance = 0): PixelDiff {
  if (a.length !== b.length) throw new Error(`images differ in size: ${a.length} vs ${b.length} bytes`);
  let differing = 0;
  let maxDelta = 0;
  let box: PixelDiff['box'];
  for (let i = 0; i < a.length; i += 3) {
    const d = Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!));
    if (d > maxDelta) maxDelta = d;
    if (d <= tolerance) continue;
    differing++;
    const p = i / 3;
    const x = p % width;
    const y = Math.floor(p / width);
    box = box
      ? { left: Math.min(box.left, x), top: Math.min(box.top, y), right: Math.max(box.right, x), bottom: Math.max(box.bottom, y) }
      : { left: x, top: y, right: x, bottom: y };
  }
  return { differing, maxDelta, box };
}

export function rgbAt(rgb: Buffer, width: number, x: number, y: number): [number, number, number] {
  const o = (y * width + x) * 3;
  return [rgb[o]!, rgb[o + 1]!, rgb[o + 2]!];
}

const src = (p: string) => fileURLToPath(new URL(`../../src/${p}`, import.meta.url));

/**
 * A fixture host app (`test/studio/fixtures/<name>`) bundled as a user's app would be:
 * `framewright/player`, `framewright` and the transitions resolved to the sources the package
 * exports. `development` keeps React's development build, where StrictMode runs effects twice.
 */
export async function bundlePlayerApp(fixture: string, mode: 'production' | 'development' = 'production'): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    logLevel: 'silent',
    alias: {
      'framewright/player': src('player/index.ts'),
      framewright: src('runtime/index.ts'),
      'framewright/transitions': src('runtime/transitions/index.ts'),
      ...Object.fromEntries(['fade', 'slide', 'wipe', 'flip', 'clock-wipe'].map((p) => [`framewright/transitions/${p}`, src(`runtime/transitions/presentations/${p}.tsx`)])),
    },
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
  });
  return result.outputFiles[0]!.text;
}

