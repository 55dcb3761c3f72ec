import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type RunningStudio } from '../../studio/server/start-studio.ts';
import { probe, videoStream } from '../helpers/media.ts';
import { caption, TEXT_BOX } from './fixtures/project/templates/caption.tsx';
import { copyStudioProject, decodeRgb, diffRgb, launchBrowser, waitForFrame } from './studio-helpers.ts';

const W = 320;
const H = 180;

describe('Studio on an author project (framewright studio)', () => {
  let browser: Browser;
  let page: Page;
  let studio: RunningStudio;
  let fixture: ReturnType<typeof copyStudioProject>;

  beforeAll(async () => {
    fixture = copyStudioProject();
    [browser, studio] = await Promise.all([launchBrowser(), startStudio({ project: fixture.project, port: 0 })]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${studio.url}?template=caption&frame=3`);
    await waitForFrame(page, 3);
    await page.getByLabel('Zoom').selectOption('1');
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
    fixture?.cleanup();
  });

  const frameRgb = async () => decodeRgb(await page.locator('[data-framewright-root]').screenshot());
  const textField = () => page.locator('#root_text');
  const fieldErrors = () => page.locator('.form-group:has(> #root_text) .error-detail, .form-group:has(#root_text) .error-detail');

  it('lists the templates and shows the template’s sequences as named bars', async () => {
    await expect.poll(() => page.locator('[data-template-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-template-id')))).toEqual(['caption', 'colors']);
    await expect.poll(() => page.locator('.timeline-bar').allTextContents()).toEqual(['Middle part']);
    expect(await page.locator('[data-sequence-name="Middle part"]').getAttribute('title')).toBe('Middle part: frames 10–19');
    expect(await page.getByTestId('timecode').textContent()).toBe('00:00:00:03');
  });

  it('generates a field per prop from the JSON Schema: text, number with min/max, boolean, enum, colour, array, nested object', async () => {
    expect(await page.locator('#root_text').getAttribute('type')).toBe('text');
    expect(await page.locator('#root_size').evaluate((e: HTMLInputElement) => [e.type, e.min, e.max])).toEqual(['number', '10', '50']);
    expect(await page.locator('#root_bold').getAttribute('type')).toBe('checkbox');
    expect(await page.locator('#root_align option').allTextContents()).toEqual(expect.arrayContaining(['left', 'center']));
    expect(await page.locator('#root_color').getAttribute('type')).toBe('color');
    expect(await page.locator('#root_box_padding').evaluate((e: HTMLInputElement) => [e.type, e.min, e.max])).toEqual(['number', '0', '20']);
    expect(await page.locator('#root_tags_0').inputValue()).toBe('intro');
    const tags = () => page.locator('[id^="root_tags_"]:is(input)').count();
    await page.locator('.props-editor').getByTitle('Add', { exact: true }).click();
    await expect.poll(tags).toBe(2);
    await page.locator('.props-editor').getByTitle('Remove').last().click();
    await expect.poll(tags).toBe(1);
  });

  it('steps with the keys: ←/→ a frame, shift a second, Home/End, and puts the frame in the URL', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 4);
    await page.keyboard.press('Shift+ArrowRight');
    await waitForFrame(page, 29); // 4 + 30, clamped to the last frame
    await page.keyboard.press('Home');
    await waitForFrame(page, 0);
    await page.keyboard.press('End');
    await waitForFrame(page, 29);
    // The scrubber: frame f spans [f/30, (f+1)/30) of the track.
    const track = (await page.getByTestId('scrubber').boundingBox())!;
    await page.mouse.click(track.x + track.width * (20.5 / 30), track.y + 5);
    await waitForFrame(page, 20);
    await page.getByTestId('frame-input').fill('3');
    await page.getByTestId('frame-input').press('Enter');
    await waitForFrame(page, 3);
    await expect.poll(() => new URL(page.url()).searchParams.get('frame')).toBe('3');
  });

  it('a changed text prop changes the pixels where the text is, and nowhere else', async () => {
    const before = await frameRgb();
    await textField().fill('World');
    await page.waitForFunction(() => document.querySelector('[data-framewright-root]')?.textContent?.includes('World'));
    await waitForFrame(page, 3);
    const after = await frameRgb();
    const diff = diffRgb(before, after, W);
    expect(diff.differing).toBeGreaterThan(20);
    expect(diff.box!.left).toBeGreaterThanOrEqual(TEXT_BOX.left);
    expect(diff.box!.top).toBeGreaterThanOrEqual(TEXT_BOX.top);
    expect(diff.box!.right).toBeLessThan(TEXT_BOX.left + TEXT_BOX.width);
    expect(diff.box!.bottom).toBeLessThan(TEXT_BOX.top + TEXT_BOX.height);
    // The props travel in the URL, so the preview can be shared.
    await expect.poll(() => JSON.parse(new URL(page.url()).searchParams.get('props') ?? '{}').text).toBe('World');
  });

  it('an invalid prop shows zod’s message at the field, and the preview keeps the last valid props', async () => {
    const valid = await frameRgb();
    const tooLong = 'Much too long a text';
    const expected = caption.schema.safeParse({ ...caption.defaultProps, text: tooLong }).error!.issues[0]!.message;
    await textField().fill(tooLong);
    await expect.poll(() => fieldErrors().textContent()).toContain(expected);
    await waitForFrame(page, 3);
    expect(diffRgb(valid, await frameRgb(), W).differing).toBe(0);
    await textField().fill('World');
    await expect.poll(() => fieldErrors().count()).toBe(0);
  });

  it('live reload: an edit shows without reloading the page, keeping frame and props; a syntax error shows file:line until fixed', async () => {
    const file = path.join(fixture.dir, 'templates', 'caption.tsx');
    const original = readFileSync(file, 'utf8');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const background = () => page.evaluate(() => getComputedStyle(document.querySelector('[data-framewright-root] > div')!).backgroundColor);
    expect(await background()).toBe('rgb(32, 64, 128)');

    writeFileSync(file, original.replace("const BACKGROUND = '#204080';", "const BACKGROUND = '#802040';"));
    await expect.poll(background, { timeout: 20_000 }).toBe('rgb(128, 32, 64)');
    await waitForFrame(page, 3);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
    expect(await page.locator('[data-framewright-root]').textContent()).toContain('World');

    const lines = original.split('\n');
    const broken = lines.findIndex((l) => l.includes('function Caption('));
    lines[broken] = 'function Caption({ text, color, size, bold, align, box }: z.output<typeof schema>) { const = ;';
    writeFileSync(file, lines.join('\n'));
    const location = page.getByTestId('error-location');
    await expect.poll(() => location.textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^templates/caption\\.tsx:${broken + 1}:\\d+$`));
    expect(await page.getByTestId('error-overlay').textContent()).toContain('const = ;');

    writeFileSync(file, original);
    await page.getByTestId('error-overlay').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(background).toBe('rgb(32, 64, 128)');
  });

  it('a stylesheet the template imports styles the preview, follows edits, and goes with its import', async () => {
    const file = path.join(fixture.dir, 'templates', 'caption.tsx');
    const css = path.join(fixture.dir, 'templates', 'caption.css');
    const original = readFileSync(file, 'utf8');
    const probe = () => page.evaluate(() => getComputedStyle(document.querySelector('[data-framewright-root] > div')!).getPropertyValue('--from-css').trim());
    expect(await probe()).toBe('');
    writeFileSync(css, '[data-framewright-root] > div { --from-css: first; }\n');
    writeFileSync(file, `import './caption.css';\n${original}`);
    await expect.poll(probe, { timeout: 20_000 }).toBe('first');
    writeFileSync(css, '[data-framewright-root] > div { --from-css: second; }\n');
    await expect.poll(probe, { timeout: 20_000 }).toBe('second');
    writeFileSync(file, original);
    await expect.poll(probe, { timeout: 20_000 }).toBe('');
    await waitForFrame(page, 3);
  });

  it('an exception thrown by the template shows an overlay naming its file:line, gone when fixed', async () => {
    const file = path.join(fixture.dir, 'templates', 'caption.tsx');
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const at = lines.findIndex((l) => l.includes('const frame = useCurrentFrame();'));
    lines.splice(at + 1, 0, "  if (frame === 3) throw new Error('boom at three');");
    writeFileSync(file, lines.join('\n'));
    const location = page.getByTestId('error-location');
    await expect.poll(() => location.textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^templates/caption\\.tsx:${at + 2}:\\d+$`));
    expect(await page.getByTestId('error-overlay').textContent()).toContain('boom at three');
    writeFileSync(file, original);
    await page.getByTestId('error-overlay').waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('renders from the Studio to 100 % and the download is a valid MP4', async () => {
    await page.getByLabel('Format', { exact: true }).selectOption('mp4');
    await page.getByTestId('render-button').click();
    const link = page.getByTestId('render-download');
    await link.waitFor({ timeout: 90_000 });
    expect(await page.locator('.render-row').first().getByTestId('render-percent').textContent()).toBe('100 %');
    const href = await link.getAttribute('href');
    const response = await fetch(href!);
    expect(response.status).toBe(200);
    const out = path.join(fixture.dir, 'studio-render.mp4');
    writeFileSync(out, Buffer.from(await response.arrayBuffer()));
    const info = await probe(out);
    const video = videoStream(info);
    expect(video.codec_name).toBe('h264');
    expect([video.width, video.height]).toEqual([W, H]);
    expect(Number(video.nb_read_frames)).toBe(30);
  });

  it('opens a shared link with its template, props and frame', async () => {
    const shared = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await shared.goto(`${studio.url}?template=caption&props=${encodeURIComponent(JSON.stringify({ text: 'Linked' }))}&frame=5`);
      await waitForFrame(shared, 5);
      expect(await shared.locator('[data-framewright-root]').textContent()).toContain('Linked');
      expect(await shared.locator('#root_text').inputValue()).toBe('Linked');
      // Reset goes back to the defaults.
      await shared.getByRole('button', { name: 'Reset' }).click();
      await expect.poll(() => shared.locator('[data-framewright-root]').textContent()).toContain('Hello');
    } finally {
      await shared.close();
    }
  });

  it('saves a still of the current frame', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('still-button').click()]);
    expect(download.suggestedFilename()).toBe('caption-3.png');
    const png = readFileSync((await download.path())!);
    expect((await decodeRgb(png)).length).toBe(W * H * 3);
  });
});
