import { loadFont, staticFile } from 'framewright';

/** The examples' font, shipped in public/fonts so every machine renders the same glyphs. */
export const FONT_FAMILY = 'Framewright DejaVu Sans';

export function loadExampleFonts(): void {
  void loadFont({ family: FONT_FAMILY, url: staticFile('fonts/DejaVuSans.ttf'), weight: 400 });
  void loadFont({ family: FONT_FAMILY, url: staticFile('fonts/DejaVuSans-Bold.ttf'), weight: 700 });
}
