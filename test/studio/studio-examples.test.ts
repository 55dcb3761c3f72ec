import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStill } from '../../src/render/render-still.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { startStudio, type RunningStudio } from '../../studio/server/start-studio.ts';
import { exampleProject, tempDir } from '../helpers/project.ts';
import { decodeRgb, diffRgb, launchBrowser, waitForFrame } from './studio-helpers.ts';

// A frame of each example where most of it is on screen (mid-animation, not a fade).
const FRAMES: Record<string, number> = { 'title-card': 40, 'product-ad': 60, 'data-chart': 70, 'bench-promo': 45 };

describe('the Studio preview equals `framewright still` (examples, 1080p)', () => {
  const tmp = tempDir('fw-studio-examples-');
  const project = exampleProject(path.join(tmp.dir, 'data'));
  const host = new RenderHost({ warmPages: false });
  let browser: Browser;
  let page: Page;
  let studio: RunningStudio;

  beforeAll(async () => {
    [browser, studio] = await Promise.all([launchBrowser(), startStudio({ project, port: 0 })]);
    // Room for the frame at 100 % beside the side panels.
    page = await browser.newPage({ viewport: { width: 2600, height: 1500 } });
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
    await host.close();
    tmp.cleanup();
  });

  for (const [template, frame] of Object.entries(FRAMES)) {
    it(`${template} at frame ${frame}`, async () => {
      await page.goto(`${studio.url}?template=${template}&frame=${frame}`);
      await page.getByLabel('Zoom').selectOption('1');
      await waitForFrame(page, frame);
      const [preview, still] = await Promise.all([
        page.locator('[data-framewright-root]').screenshot().then(decodeRgb),
        renderStill({ project, template, frame, host, format: 'png' }).then((s) => decodeRgb(s.image)),
      ]);
      // Same engine, no codec: a level or two per channel. Only anti-aliased edges of layers
      // under a (near-identity) transform may raster differently between the two screenshot
      // paths: at most 0.1 % of the pixels.
      const diff = diffRgb(preview, still, 1920, 2);
      expect(diff.differing, `differs in ${JSON.stringify(diff.box)}, by up to ${diff.maxDelta}`).toBeLessThanOrEqual(1920 * 1080 * 0.001);
    });
  }
});
