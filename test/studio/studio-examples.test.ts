import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderStill } from '../../src/render/render-still.ts';
import { exampleProject, tempDir } from '../helpers/project.ts';
import { decodeRgb, diffRgb, useStudioPage, waitForFrame } from './studio-helpers.ts';

// A frame of each example where most of it is on screen (mid-animation, not a fade).
const FRAMES: Record<string, number> = { 'title-card': 40, 'product-ad': 60, 'data-chart': 70, 'bench-promo': 45 };

describe('the Studio preview equals `framewright still` (examples, 1080p)', () => {
  const tmp = tempDir('fw-studio-examples-');
  const project = exampleProject(path.join(tmp.dir, 'data'));
  // Room for the frame at 100 % beside the side panels.
  const session = useStudioPage(project, { width: 2600, height: 1500 }, tmp.cleanup);

  for (const [template, frame] of Object.entries(FRAMES)) {
    it(`${template} at frame ${frame}`, async () => {
      const { page, studio, host } = session;
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
