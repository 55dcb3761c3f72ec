import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/bundle/project.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { tempDir } from '../helpers/project.ts';
import { decodeRgb, diffRgb, rgbAt, useStudioPage, waitForFrame } from './studio-helpers.ts';

// The Studio on a Remotion-style project: a <Composition> root with <Folder>s, TransitionSeries,
// named and hidden <Sequence>s, calculateMetadata() returning props.
const portDir = fileURLToPath(new URL('../fixtures/port/', import.meta.url));
const W = 160;
const H = 90;

describe('Studio on a Remotion-style project (test/fixtures/port)', () => {
  const tmp = tempDir('fw-studio-port-');
  const dataDir = path.join(tmp.dir, 'data');
  const project = Project.fromConfig(portDir, { templateRoot: 'index.ts', publicDir: 'public', dataDir });
  const session = useStudioPage(project, { width: 1400, height: 900 }, tmp.cleanup);
  const { host } = session;
  let page: Page;
  // Runs after the session's own beforeAll (vitest keeps their order): the page is open.
  beforeAll(() => {
    page = session.page;
  });

  /** Opens a template at a frame, at 100 %, and waits for the frame to be ready. */
  async function open(template: string, frame: number, props?: Record<string, unknown>): Promise<void> {
    const query = new URLSearchParams({ template, frame: String(frame), ...(props ? { props: JSON.stringify(props) } : {}) });
    await page.goto(`${session.studio.url}?${query}`);
    await waitForFrame(page, frame);
    await page.getByLabel('Zoom').selectOption('1');
    await waitForFrame(page, frame);
  }
  const previewRgb = async () => decodeRgb(await page.locator('[data-framewright-root]').screenshot());
  const stillRgb = async (template: string, frame: number, props?: Record<string, unknown>) =>
    decodeRgb((await renderStill({ project, template, frame, host, format: 'png', ...(props ? { props } : {}) })).image);

  it('groups the template list by <Folder> path', async () => {
    await open('transition-check', 0);
    const groups = await page.locator('.template-group').evaluateAll((els) =>
      els.map((g) => [g.querySelector('h3')?.textContent ?? '', [...g.querySelectorAll('[data-template-id]')].map((b) => b.getAttribute('data-template-id'))]),
    );
    expect(groups).toEqual([
      ['', ['product-teaser-twin']],
      ['Checks', ['loop-freeze', 'premount-check', 'flaky-load', 'calc-props', 'LoopStill', 'timeline-names']],
      ['Checks/Media', ['iframe-check', 'muted-media', 'offthread-check']],
      ['Checks/Transitions', ['transition-check']],
      ['Marketing', ['ProductTeaser']],
    ]);
    // calc-props leaves its length to calculateMetadata(): no placeholder "1 f" in the list.
    expect(await page.locator('[data-template-id="calc-props"] .template-meta').textContent()).toBe('160×90 · 30 fps · calculated length');
    expect(await page.locator('[data-template-id="transition-check"] .template-meta').textContent()).toBe('160×90 · 30 fps · 30 f');
  });

  // Mid-transition frames (both scenes drawn through the presentation), a <Composition> with no
  // schema (Loop, Freeze), and a <Still>.
  const PREVIEW_FRAMES: Array<[string, number]> = [
    ['transition-check', 15],
    ['ProductTeaser', 35],
    ['loop-freeze', 6],
    ['LoopStill', 0],
  ];
  for (const [template, frame] of PREVIEW_FRAMES) {
    it(`the preview equals \`framewright still\` (${template} at ${frame})`, async () => {
      await open(template, frame);
      const { width, height } = (await page.locator('[data-framewright-root]').boundingBox())!;
      const [preview, still] = await Promise.all([previewRgb(), stillRgb(template, frame)]);
      // Same engine, no codec: a level or two per channel, and at most 0.1 % of the pixels
      // (anti-aliased edges under a transform), as in studio-examples.test.ts.
      const diff = diffRgb(preview, still, width, 2);
      expect(diff.differing, `differs in ${JSON.stringify(diff.box)}, by up to ${diff.maxDelta}`).toBeLessThanOrEqual(width * height * 0.001);
    });
  }

  it('shows named sequences (TransitionSeries scenes) by name and leaves out showInTimeline={false}', async () => {
    await open('timeline-names', 3);
    // The series itself, then its scenes; "Hidden helper" is left out.
    await expect.poll(() => page.locator('.timeline-bar').allTextContents()).toEqual(['TransitionSeries', 'Red scene', 'Blue scene']);
    // The hidden sequence is on screen at frame 3 all the same.
    expect(rgbAt(await previewRgb(), W, 2, 2)).toEqual([0, 255, 0]);
    // Scenes overlap by the transition: the second starts 4 frames before the first ends.
    expect(await page.locator('[data-sequence-name="Red scene"]').getAttribute('title')).toBe('Red scene: frames 0–11');
    expect(await page.locator('[data-sequence-name="Blue scene"]').getAttribute('title')).toBe('Blue scene: frames 8–19');
  });

  it('shows a checkerboard behind a transparent template, and none behind an opaque one', async () => {
    await open('timeline-names', 0);
    const transparent = await previewRgb();
    // The right half is left transparent by the template: the checkerboard's two greys show.
    const seen = new Set<string>();
    for (let x = 90; x < W; x += 3) for (let y = 0; y < H; y += 3) seen.add(rgbAt(transparent, W, x, y).join(','));
    expect([...seen].sort()).toEqual(['204,204,204', '255,255,255']);
    // The template's own pixels are drawn over it.
    expect(rgbAt(transparent, W, 40, 45)).toEqual([255, 0, 0]);

    await open('calc-props', 0);
    expect(await page.locator('[data-framewright-player]').getAttribute('class')).not.toContain('checkerboard');
  });

  it('previews a template with the props its calculateMetadata() returns, and its duration', async () => {
    // Default props (2 scenes): red on the left; 4 scenes: green, and 20 frames.
    await open('calc-props', 0);
    expect(rgbAt(await previewRgb(), W, 40, 45)).toEqual([255, 0, 0]);
    // An edit in the props editor runs calculateMetadata() again.
    await page.locator('#root_scenes').fill('5');
    await expect.poll(async () => rgbAt(await previewRgb(), W, 40, 45)).toEqual([0, 255, 0]);
    await open('calc-props', 2, { scenes: 4 });
    const preview = await previewRgb();
    expect(rgbAt(preview, W, 40, 45)).toEqual([0, 255, 0]);
    expect(diffRgb(preview, await stillRgb('calc-props', 2, { scenes: 4 }), W, 2).differing).toBe(0);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('End');
    await waitForFrame(page, 19);
  });
});
