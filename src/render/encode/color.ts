/**
 * The one RGB → YUV conversion every video output goes through, and the tags that tell players
 * how to undo it. Captured frames are JPEG (full-range BT.601 YCbCr, as every JPEG is) or PNG
 * (RGB); outputs are BT.709. swscale's default (fast) rounding shifts white to Y 234 / UV 127
 * and greys by a few levels, so the conversion asks for exact rounding and chroma from every pixel.
 */

/**
 * `full` codes 0–255 (players that honour the range flag show the page's colours within a level);
 * `limited` codes 16–235 (the broadcast convention every player assumes when no flag is read).
 */
export type ColorRange = 'full' | 'limited';

export const COLOR_RANGES = ['full', 'limited'] as const;

const FFMPEG_RANGE: Readonly<Record<ColorRange, string>> = { full: 'pc', limited: 'tv' };

/** 4:2:0 and 4:2:2 store chroma per 2 pixels: such frames need even sizes. */
export function needsEvenSize(pixelFormat: string): boolean {
  return /^yuva?4(20|22)p/.test(pixelFormat);
}

/** Drops the last row/column of an odd-sized frame when the pixel format needs even sizes. */
export function evenCrop(width: number, height: number, pixelFormat: string): string | undefined {
  if (!needsEvenSize(pixelFormat) || (width % 2 === 0 && height % 2 === 0)) return undefined;
  return `crop=${width - (width % 2)}:${height - (height % 2)}:0:0`;
}

/** The size a frame of `width`×`height` has once encoded in `pixelFormat`. */
export function encodedSize(width: number, height: number, pixelFormat: string): { width: number; height: number } {
  return needsEvenSize(pixelFormat) ? { width: width - (width % 2), height: height - (height % 2) } : { width, height };
}

/** swscale flags for every conversion and resize of our frames: exact rounding, full chroma. */
export const EXACT_SWS_FLAGS = 'accurate_rnd+full_chroma_int+full_chroma_inp';

/**
 * The `scale` filter that converts captured frames (JPEG: full-range BT.601; PNG: RGB) into
 * BT.709 YUV of the given range, then the output pixel format.
 */
export function toYuvFilter(pixelFormat: string, range: ColorRange): string {
  return `scale=in_range=pc:in_color_matrix=bt601:out_color_matrix=bt709:out_range=${FFMPEG_RANGE[range]}:flags=${EXACT_SWS_FLAGS},format=${pixelFormat}`;
}

/** Stream tags: BT.709 matrix, primaries and transfer, and the range the samples use. */
export function colorTags(range: ColorRange): string[] {
  return ['-color_range', FFMPEG_RANGE[range], '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709'];
}
