import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, videoStream } from '../helpers/media.ts';
import { startTestService, type TestService } from '../service/helpers/service.ts';
import { copyStudioProject, launchBrowser, waitForFrame } from './studio-helpers.ts';

describe('the Studio under framewright serve', () => {
  let browser: Browser;
  let service: TestService;
  let fixture: ReturnType<typeof copyStudioProject>;

  beforeAll(async () => {
    fixture = copyStudioProject();
    [browser, service] = await Promise.all([launchBrowser(), startTestService({ project: fixture.project })]);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    fixture?.cleanup();
  });

  it('is served at /studio and renders through the service API (POST /v1/renders, SSE) to a valid MP4', async () => {
    const redirect = await fetch(`${service.url}/studio`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/studio/');

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const posted: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posted.push(new URL(r.url()).pathname));
    await page.goto(`${service.url}/studio?template=caption&frame=2`);
    await waitForFrame(page, 2);
    await page.getByTestId('render-button').click();
    const link = page.getByTestId('render-download');
    await link.waitFor({ timeout: 90_000 });
    expect(await page.locator('.render-row').first().getByTestId('render-percent').textContent()).toBe('100 %');
    expect(posted).toContain('/v1/renders');

    const id = await page.locator('.render-row').first().getAttribute('data-render-id');
    const record = (await (await fetch(`${service.url}/v1/renders/${id}`)).json()) as { status: string; template: string };
    expect(record).toMatchObject({ status: 'succeeded', template: 'caption' });

    const response = await fetch(new URL((await link.getAttribute('href'))!, service.url));
    expect(response.status).toBe(200);
    const out = path.join(fixture.dir, 'served-render.mp4');
    writeFileSync(out, Buffer.from(await response.arrayBuffer()));
    const video = videoStream(await probe(out));
    expect([video.codec_name, video.width, video.height, Number(video.nb_read_frames)]).toEqual(['h264', 320, 180, 30]);
  });
});
