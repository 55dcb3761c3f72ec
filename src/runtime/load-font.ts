import { continueRender, delayRender } from './delay-render.ts';
import { reportFatal } from './fatal.ts';
import { assetFailureReason, resolveAssetUrl } from './media/asset-url.ts';

export interface LoadFontOptions {
  family: string;
  /** A URL or a `staticFile()` path to a woff2/woff/ttf/otf file. */
  url: string;
  /** @defaultValue 'normal' */
  weight?: string | number;
  /** @defaultValue 'normal' */
  style?: 'normal' | 'italic' | 'oblique';
}

const loaded = new Map<string, Promise<void>>();

/**
 * Loads a font face and holds frames until it is ready. A font that fails to load fails the
 * render (FONT_LOAD_FAILED) rather than silently falling back to another face.
 */
export function loadFont({ family, url, weight = 'normal', style = 'normal' }: LoadFontOptions): Promise<void> {
  if (typeof document === 'undefined' || typeof FontFace === 'undefined') return Promise.resolve();
  const key = `${family}|${url}|${weight}|${style}`;
  const existing = loaded.get(key);
  if (existing) return existing;
  const handle = delayRender(`loadFont("${family}") from ${url}`);
  const loadedUrl = resolveAssetUrl(url, 'font');
  const face = new FontFace(family, `url(${JSON.stringify(loadedUrl)})`, { weight: String(weight), style });
  const promise = face.load().then(
    (f) => {
      document.fonts.add(f);
      continueRender(handle);
    },
    async (error: unknown) => {
      const reason = (await assetFailureReason(loadedUrl)) ?? (error instanceof Error ? error.message : String(error));
      reportFatal({ code: 'FONT_LOAD_FAILED', message: `Font "${family}" could not be loaded from ${url}: ${reason}` });
      continueRender(handle);
      throw error;
    },
  );
  promise.catch(() => undefined);
  loaded.set(key, promise);
  return promise;
}
