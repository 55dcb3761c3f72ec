import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { mediaProject, type MediaProject } from './media-helpers.ts';

let m: MediaProject;
let host: RenderHost;

beforeAll(() => {
  m = mediaProject();
  host = new RenderHost();
});

afterAll(async () => {
  await host.close();
  m.cleanup();
});

const still = (template: string, props: Record<string, unknown>) => renderStill({ project: m.project, host, template, props, format: 'png' });

describe('fonts declared with a CSS @font-face', () => {
  it('draws a public/ font declared in CSS exactly as loadFont() draws it', async () => {
    const css = await still('font-face-css', { url: 'fonts/DejaVuSansMono-Bold.ttf' });
    const loaded = await still('font-url', { url: 'fonts/DejaVuSansMono-Bold.ttf' });
    const fallback = await still('font-url', { url: 'fonts/DejaVuSansMono-Bold.ttf', load: false });
    expect(css.image.equals(loaded.image)).toBe(true);
    expect(css.image.equals(fallback.image)).toBe(false);
  });

  it('fails with FONT_LOAD_FAILED naming the file when the face does not load, instead of drawing a fallback', async () => {
    const error = await still('font-face-css', { url: 'fonts/missing.ttf' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FramewrightError);
    expect((error as FramewrightError).code).toBe('FONT_LOAD_FAILED');
    expect((error as FramewrightError).message).toContain('Fixture Css Font');
    expect((error as FramewrightError).message).toContain('public/fonts/missing.ttf');
  });
});
