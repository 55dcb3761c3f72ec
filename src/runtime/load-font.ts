import { continueRender, delayRender } from './delay-render.ts';
import { reportFatal } from './fatal.ts';

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
  const face = new FontFace(family, `url(${JSON.stringify(url)})`, { weight: String(weight), style });
  const promise = face.load().then(
    (f) => {
      document.fonts.add(f);
      continueRender(handle);
    },
    (error: unknown) => {
      reportFatal({
        code: 'FONT_LOAD_FAILED',
        message: `Font "${family}" could not be loaded from ${url}: ${error instanceof Error ? error.message : String(error)}`,
      });
      continueRender(handle);
      throw error;
    },
  );
  promise.catch(() => undefined);
  loaded.set(key, promise);
  return promise;
}
