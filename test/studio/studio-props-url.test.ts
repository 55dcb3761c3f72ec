import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type RunningStudio } from '../../studio/server/start-studio.ts';
import { copyStudioProject, launchBrowser, waitForFrame } from './studio-helpers.ts';

/** The props editor as an author meets it: hand-written links, the JSON tab, the keyboard in the form. */
describe('Studio props: links, JSON tab and keys in the form', () => {
  let browser: Browser;
  let studio: RunningStudio;
  let fixture: ReturnType<typeof copyStudioProject>;

  beforeAll(async () => {
    fixture = copyStudioProject();
    [browser, studio] = await Promise.all([launchBrowser(), startStudio({ project: fixture.project, port: 0 })]);
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
    fixture?.cleanup();
  });

  async function open(query: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${studio.url}${query}`);
    return page;
  }

  it('a link naming only some props shows the others as their defaults, with no error', async () => {
    // caption's `text` is required and has no zod default: its value comes from defaultProps.
    const page = await open(`?template=caption&props=${encodeURIComponent(JSON.stringify({ size: 20 }))}&frame=5`);
    try {
      await waitForFrame(page, 5);
      await expect.poll(() => page.locator('#root_size').inputValue()).toBe('20');
      expect(await page.locator('#root_text').inputValue()).toBe('Hello');
      expect(await page.locator('.props-editor .error-detail').count()).toBe(0);
      expect(await page.locator('.props-invalid').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('the JSON tab: a parse error shows while the text is broken, and Reset clears it with the text', async () => {
    const page = await open('?template=caption');
    try {
      await waitForFrame(page, 0);
      await page.getByRole('button', { name: 'JSON' }).click();
      const area = page.getByLabel('Props as JSON');
      await area.fill('{"text": "ok"');
      await expect.poll(() => page.locator('.json-view .field-error').allTextContents()).toEqual([expect.stringMatching(/^JSON: /)]);
      await page.getByRole('button', { name: 'Reset' }).click();
      await expect.poll(async () => JSON.parse(await area.inputValue()) as unknown).toEqual({ text: 'Hello' });
      await expect.poll(() => page.locator('.json-view .field-error').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('space on a focused checkbox ticks it and does not start playback', async () => {
    const page = await open('?template=caption');
    try {
      await waitForFrame(page, 0);
      await page.locator('#root_bold').focus();
      await page.keyboard.press(' ');
      await expect.poll(() => page.locator('#root_bold').isChecked()).toBe(true);
      await expect.poll(() => new URL(page.url()).searchParams.get('props')).toContain('"bold":true');
      // The key went through the page's handlers before press() returned.
      expect(await page.evaluate(() => (window as unknown as { framewrightStudio: { player(): { isPlaying(): boolean } } }).framewrightStudio.player().isPlaying())).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('the transport and the URL follow the frame of the template on screen: after a switch, and a clamped link', async () => {
    const page = await open('?template=caption&frame=20');
    try {
      await waitForFrame(page, 20);
      expect(await page.getByTestId('timecode').textContent()).toBe('00:00:00:20');
      // The defaults, even once the form has filled in each field's schema default, are no props.
      expect(new URL(page.url()).searchParams.get('props')).toBeNull();
      await page.locator('[data-template-id="colors"]').click();
      await waitForFrame(page, 0);
      await expect.poll(() => page.getByTestId('timecode').textContent()).toBe('00:00:00:00');
      expect(await page.getByTestId('frame-input').inputValue()).toBe('0');
      await expect.poll(() => new URL(page.url()).searchParams.get('template')).toBe('colors');
      expect(new URL(page.url()).searchParams.get('frame')).toBeNull();
    } finally {
      await page.close();
    }
    const clamped = await open('?template=caption&frame=99');
    try {
      await waitForFrame(clamped, 29);
      await expect.poll(() => clamped.getByTestId('timecode').textContent()).toBe('00:00:00:29');
      await expect.poll(() => new URL(clamped.url()).searchParams.get('frame')).toBe('29');
      // A frame typed past the end, while the last frame already shows, reads back as the last.
      await clamped.getByTestId('frame-input').fill('500');
      await clamped.getByTestId('frame-input').press('Enter');
      await expect.poll(() => clamped.getByTestId('frame-input').inputValue()).toBe('29');
    } finally {
      await clamped.close();
    }
  });
});
