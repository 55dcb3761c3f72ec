/**
 * The one conversion from captured frames to YUV every video output goes through, and the tags
 * that tell players how to undo it. Captured frames are JPEG (full-range BT.601 YCbCr, as every
 * JPEG is) or PNG (RGB); outputs are BT.709. swscale's default (fast) rounding shifts white to
 * Y 234 / UV 127 and greys by a few levels: every step here rounds exactly.
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

/** swscale flags for converting RGB captures: exact rounding, chroma from every pixel. */
export const EXACT_SWS_FLAGS = 'accurate_rnd+full_chroma_int+full_chroma_inp';

/** swscale flags for resizing YUV (no matrix change): exact rounding. */
export const EXACT_RESIZE_FLAGS = 'bicubic+accurate_rnd';

/**
 * Resizes YUV of the given range, keeping that range. swscale's output range defaults to limited
 * whatever the input's: left unsaid, a full-range frame resized came out with white at 235 while
 * still tagged full range (HLS renditions below the render's size, `--color-range full`).
 */
export function resizeFilter(width: number, height: number, range: ColorRange): string {
  const r = FFMPEG_RANGE[range];
  return `scale=${width}:${height}:in_range=${r}:out_range=${r}:flags=${EXACT_RESIZE_FLAGS}`;
}

/** 8-bit planar YUV that the `colorspace` filter converts in place. */
const COLORSPACE_FORMATS = new Set(['yuv420p', 'yuv422p', 'yuv444p']);

/**
 * The filters that convert captured frames into BT.709 YUV of the given range, then the output
 * pixel format.
 *
 * JPEG captures are already YCbCr (full-range BT.601): the `colorspace` filter re-matrixes them
 * to BT.709 in YUV, exactly and cheaply (3.8 ms of CPU per 1080p frame with the JPEG decode,
 * where swscale's exact path through RGB costs 52 ms: bench/color-convert.ts). The JPEG's chroma is first brought to the output's
 * subsampling, untouched in range. PNG captures are RGB(A): swscale converts them with exact
 * rounding and chroma from every pixel (its fast default makes white Y 234 / UV 127).
 */
export function toYuvFilter(pixelFormat: string, range: ColorRange, input: 'jpeg' | 'png'): string {
  if (input === 'jpeg' && COLORSPACE_FORMATS.has(pixelFormat)) {
    return [
      `scale=in_range=pc:out_range=pc:flags=${EXACT_RESIZE_FLAGS},format=${pixelFormat}`,
      `colorspace=ispace=bt470bg:iprimaries=bt709:itrc=bt709:irange=pc:space=bt709:primaries=bt709:trc=bt709:range=${FFMPEG_RANGE[range]}:fast=1`,
    ].join(',');
  }
  return `scale=in_range=pc:in_color_matrix=bt601:out_color_matrix=bt709:out_range=${FFMPEG_RANGE[range]}:flags=${EXACT_SWS_FLAGS},format=${pixelFormat}`;
}

/** Stream tags: BT.709 matrix, primaries and transfer, and the range the samples use. */
export function colorTags(range: ColorRange): string[] {
  return ['-color_range', FFMPEG_RANGE[range], '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709'];
}
