import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePlayerApp, launchBrowser } from './studio-helpers.ts';

/**
 * The Studio's props form for zod kinds authors write beyond the example templates: every
 * field gets an input it can be edited with (fixtures/props-kinds-app.tsx).
 */
describe('Studio props form: tuples, literal unions', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const [app, b] = await Promise.all([bundlePlayerApp('props-kinds-app.tsx'), launchBrowser()]);
    browser = b;
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
    await page.addScriptTag({ content: app });
    await page.waitForSelector('form');
  });
  afterAll(async () => {
    await browser?.close();
  });
  const props = () => page.evaluate(() => window.latestProps);

  it('a z.tuple() has one input per element, and editing one changes that element', async () => {
    const inputs = page.locator('input[id^="root_point_"]');
    expect(await inputs.count()).toBe(2);
    await page.fill('#root_point_1', '7');
    await expect.poll(async () => (await props())?.point).toEqual([1, 7]);
  });

  it('a union of literals (z.union([z.literal(…), …])) is a select of those values', async () => {
    expect(await page.locator('text=Unsupported field schema').count()).toBe(0);
    const select = page.locator('select#root_mode');
    expect(await select.locator('option').allTextContents()).toEqual(expect.arrayContaining(['a', 'b']));
    await select.selectOption('b');
    await expect.poll(async () => (await props())?.mode).toBe('b');
    expect(errors).toEqual([]);
  });
});
