import { reportFatal } from '../fatal.ts';

/** The URLs in the `src` of the page's @font-face rules for `family` (as the stylesheets wrote them). */
function fontFaceUrls(family: string): string[] {
  const urls: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      // A cross-origin sheet hides its rules; the guard reports its own failures.
      continue;
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSFontFaceRule)) continue;
      if (rule.style.getPropertyValue('font-family').replace(/^["']|["']$/g, '') !== family) continue;
      for (const m of rule.style.getPropertyValue('src').matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/g)) urls.push(m[2]!);
    }
  }
  return urls;
}

/**
 * A face declared with a CSS @font-face that fails to load fails the render (FONT_LOAD_FAILED,
 * naming the family and its file), as loadFont() does, instead of drawing every frame in a
 * fallback font. The event fires before `document.fonts.ready` resolves, so the frame that waited
 * for the font sees the error.
 */
export function watchCssFontFailures(): void {
  document.fonts.addEventListener('loadingerror', (event) => {
    for (const face of (event as FontFaceSetLoadEvent).fontfaces) {
      const family = face.family.replace(/^["']|["']$/g, '');
      const urls = fontFaceUrls(family);
      const from = urls.length ? urls.join(', ') : 'its @font-face src';
      reportFatal({ code: 'FONT_LOAD_FAILED', message: `Font "${family}" (CSS @font-face) could not be loaded from ${from}` });
    }
  });
}
