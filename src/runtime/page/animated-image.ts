/**
 * Whether an image file animates on its own when shown in an `<img>` or a CSS background: a GIF
 * with more than one frame, an APNG, an animated WebP, an AVIF image sequence, or an SVG that
 * carries SMIL or CSS animations. Chromium plays those on its own clock, so a frame showing one
 * can never be reused. Reads headers only, no decoding; shared by the page (files of its own
 * origin) and the renderer's network guard (files it fetched for the page).
 */
export function isAnimatedImage(bytes: Uint8Array): boolean {
  if (startsWith(bytes, 0, 'GIF8')) return gifHasSeveralFrames(bytes);
  if (startsWith(bytes, 0, '\x89PNG\r\n\x1a\n')) return pngIsAnimated(bytes);
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return webpIsAnimated(bytes);
  if (startsWith(bytes, 4, 'ftyp')) return isImageSequence(bytes);
  if (looksLikeSvg(bytes)) return svgAnimates(bytes);
  return false;
}

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/** Walks the GIF's blocks and stops at the second image. */
function gifHasSeveralFrames(b: Uint8Array): boolean {
  let at = 13; // header (6) and logical screen descriptor (7)
  const screenFlags = b[10] ?? 0;
  if (screenFlags & 0x80) at += 3 * (1 << ((screenFlags & 0x07) + 1));
  let images = 0;
  const skipSubBlocks = () => {
    while (at < b.length && b[at]! !== 0) at += b[at]! + 1;
    at += 1;
  };
  while (at < b.length) {
    const introducer = b[at]!;
    if (introducer === 0x2c) {
      if (++images > 1) return true;
      const flags = b[at + 9] ?? 0;
      at += 10;
      if (flags & 0x80) at += 3 * (1 << ((flags & 0x07) + 1));
      at += 1; // LZW minimum code size
      skipSubBlocks();
    } else if (introducer === 0x21) {
      at += 2; // introducer and label
      skipSubBlocks();
    } else {
      return false; // the trailer (0x3b), or bytes no decoder would read on from
    }
  }
  return false;
}

/** An APNG declares itself in an `acTL` chunk before the first `IDAT`. */
function pngIsAnimated(b: Uint8Array): boolean {
  let at = 8;
  while (at + 8 <= b.length) {
    const length = u32be(b, at);
    if (startsWith(b, at + 4, 'IDAT')) return false;
    if (startsWith(b, at + 4, 'acTL')) return at + 12 <= b.length && u32be(b, at + 8) > 1;
    at += 12 + length;
  }
  return false;
}

/** An animated WebP is an extended file (`VP8X`) with the animation flag set. */
function webpIsAnimated(b: Uint8Array): boolean {
  return startsWith(b, 12, 'VP8X') && ((b[20] ?? 0) & 0x02) !== 0;
}

/** ISO media files (AVIF, HEIF): an image sequence names the `avis` or `msf1` brand. */
function isImageSequence(b: Uint8Array): boolean {
  const size = u32be(b, 0);
  const end = Math.min(b.length, size);
  for (let at = 8; at + 4 <= end; at += 4) {
    if (at === 12) continue; // minor version, not a brand
    if (startsWith(b, at, 'avis') || startsWith(b, at, 'msf1')) return true;
  }
  return false;
}

const decoder = new TextDecoder();

/** Markup whose first 4 KB hold an `<svg>` element. */
function looksLikeSvg(b: Uint8Array): boolean {
  const head = decoder.decode(b.subarray(0, 4096));
  return head.trimStart().startsWith('<') && /<svg[\s>]/i.test(head);
}

/** SMIL elements, or CSS animations (keyframes): the image moves by itself. Transitions need a style change, which an image never gets. */
function svgAnimates(b: Uint8Array): boolean {
  return /<(?:[\w-]+:)?(?:animate|animateMotion|animateTransform|animateColor|set)[\s/>]|@keyframes|\banimation\s*:|\banimation-name\s*:/i.test(decoder.decode(b));
}
