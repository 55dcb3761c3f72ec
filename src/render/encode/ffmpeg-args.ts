/** Pure builders of FFmpeg command lines: table-tested, no I/O. */
import { colorTags, evenCrop, toYuvFilter, type ColorRange } from './color.ts';

export type FrameImageFormat = 'jpeg' | 'png';

/**
 * How every FFmpeg that writes an output starts: quiet, overwrite, and `-xerror`. Without it
 * FFmpeg 5.1 exits 0 after "Error writing trailer" (a full disk, a file-size limit), leaving an
 * MP4 with no index that we would report as a success.
 */
export const WRITER_HEAD: readonly string[] = ['-hide_banner', '-loglevel', 'error', '-y', '-xerror'];

export interface VideoEncodeSpec {
  fps: number;
  /** Size of the frames fed in, in pixels. */
  width: number;
  height: number;
  imageFormat: FrameImageFormat;
  crf: number;
  preset: string;
  pixelFormat: string;
  /** @defaultValue 'full' (what mp4 renders use) */
  colorRange?: ColorRange;
  output: string;
}

/**
 * Frames arrive as a stream of images; their order gives frame n the timestamp n / fps.
 *
 * No probing: the format, codec and rate are given, and the first image tells the size. With
 * FFmpeg's default (`-probesize` 5 MB) it buffers ~100 1080p JPEGs — three seconds of capture —
 * before it encodes anything, so the encoder sits idle at the start and capture then stalls on a
 * full queue while it catches up (bench-promo: 23.8 → 22.7 s).
 */
export function imagePipeInputArgs(fps: number, imageFormat: FrameImageFormat): string[] {
  return ['-f', 'image2pipe', '-probesize', '32', '-analyzeduration', '0', '-c:v', imageFormat === 'jpeg' ? 'mjpeg' : 'png', '-framerate', String(fps), '-i', 'pipe:0'];
}

/**
 * The video filter chain from captured frames to the output pixel format: trim odd sizes
 * (4:2:0 / 4:2:2 need even dimensions) and convert exactly with the BT.709 matrix (color.ts).
 */
export function videoFilterArgs(width: number, height: number, pixelFormat: string, range: ColorRange = 'full', input: FrameImageFormat = 'jpeg'): string[] {
  const crop = evenCrop(width, height, pixelFormat);
  return ['-vf', [...(crop ? [crop] : []), toYuvFilter(pixelFormat, range, input)].join(',')];
}

export function h264EncodeArgs(spec: VideoEncodeSpec): string[] {
  return [
    ...WRITER_HEAD,
    ...imagePipeInputArgs(spec.fps, spec.imageFormat),
    ...videoFilterArgs(spec.width, spec.height, spec.pixelFormat, spec.colorRange, spec.imageFormat),
    '-c:v',
    'libx264',
    '-preset',
    spec.preset,
    '-crf',
    String(spec.crf),
    '-pix_fmt',
    spec.pixelFormat,
    ...colorTags(spec.colorRange ?? 'full'),
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    spec.output,
  ];
}
