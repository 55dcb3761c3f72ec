/** Pure builders of FFmpeg command lines: table-tested, no I/O. */

export type FrameImageFormat = 'jpeg' | 'png';

export interface VideoEncodeSpec {
  fps: number;
  /** Size of the frames fed in, in pixels. */
  width: number;
  height: number;
  imageFormat: FrameImageFormat;
  crf: number;
  preset: string;
  pixelFormat: string;
  output: string;
}

/** Frames arrive as a stream of images; their order gives frame n the timestamp n / fps. */
export function imagePipeInputArgs(fps: number, imageFormat: FrameImageFormat): string[] {
  return ['-f', 'image2pipe', '-c:v', imageFormat === 'jpeg' ? 'mjpeg' : 'png', '-framerate', String(fps), '-i', 'pipe:0'];
}

/**
 * The video filter chain from captured RGB-ish frames to the output pixel format: trim odd sizes
 * (4:2:0 / 4:2:2 need even dimensions) and convert with the BT.709 matrix into limited range, so
 * players show the colours the page painted.
 */
export function videoFilterArgs(width: number, height: number, pixelFormat: string): string[] {
  const filters: string[] = [];
  const needsEven = pixelFormat === 'yuv420p' || pixelFormat === 'yuv422p';
  if (needsEven && (width % 2 !== 0 || height % 2 !== 0)) {
    filters.push(`crop=${width - (width % 2)}:${height - (height % 2)}:0:0`);
  }
  filters.push('scale=out_color_matrix=bt709:out_range=tv', `format=${pixelFormat}`);
  return ['-vf', filters.join(',')];
}

export function h264EncodeArgs(spec: VideoEncodeSpec): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...imagePipeInputArgs(spec.fps, spec.imageFormat),
    ...videoFilterArgs(spec.width, spec.height, spec.pixelFormat),
    '-c:v',
    'libx264',
    '-preset',
    spec.preset,
    '-crf',
    String(spec.crf),
    '-pix_fmt',
    spec.pixelFormat,
    '-color_range',
    'tv',
    '-colorspace',
    'bt709',
    '-color_primaries',
    'bt709',
    '-color_trc',
    'bt709',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    spec.output,
  ];
}
