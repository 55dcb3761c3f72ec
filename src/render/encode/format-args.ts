/**
 * Pure builders of the FFmpeg command lines for every output format: no I/O, table-tested.
 * Frames always arrive on stdin as a stream of images (see imagePipeInputArgs).
 */
import { FORMATS, type AudioCodec, type OutputFormat, type VideoCodec } from '../formats/formats.ts';
import { colorTags, evenCrop, toYuvFilter, type ColorRange } from './color.ts';
import { imagePipeInputArgs, WRITER_HEAD, type FrameImageFormat } from './ffmpeg-args.ts';

const QUIET = WRITER_HEAD;

export interface VideoCodecSettings {
  codec: VideoCodec;
  /** Constant quality; ignored when `bitrate` is set. */
  crf: number | undefined;
  /** Target bitrate, e.g. `4M`. */
  bitrate: string | undefined;
  preset: string;
  pixelFormat: string;
  proresProfile: string;
  /** Range of the YUV samples (ProRes is always limited). */
  colorRange: ColorRange;
}

/** VP9 has no named presets: map x264's names onto libvpx's speed (cpu-used, 0 slowest). */
export const VP9_SPEED: Readonly<Record<string, number>> = {
  ultrafast: 8, superfast: 7, veryfast: 6, faster: 5, fast: 4, medium: 3, slow: 2, slower: 1, veryslow: 0,
};

const PRORES_PROFILE: Readonly<Record<string, string>> = { proxy: '0', lt: '1', standard: '2', hq: '3', '4444': '4', '4444xq': '5' };

/**
 * Captured frames → the codec's pixel format with the BT.709 matrix and exact rounding (see
 * color.ts), so players show the colours the page painted. Chroma-subsampled formats need even sizes.
 */
export function pixelFilter(width: number, height: number, pixelFormat: string, range: ColorRange, input: FrameImageFormat): string {
  const crop = evenCrop(width, height, pixelFormat);
  return [...(crop ? [crop] : []), toYuvFilter(pixelFormat, range, input)].join(',');
}

export function videoCodecArgs(s: VideoCodecSettings): string[] {
  const tags = colorTags(s.codec === 'prores' ? 'limited' : s.colorRange);
  const rate = (crfFlag: string[]) => (s.bitrate !== undefined ? ['-b:v', s.bitrate] : crfFlag);
  switch (s.codec) {
    case 'h264':
      return ['-c:v', 'libx264', '-preset', s.preset, ...rate(['-crf', String(s.crf)]), '-pix_fmt', s.pixelFormat, ...tags];
    case 'h265':
      // hvc1 is the tag Apple players require for HEVC in MP4.
      return ['-c:v', 'libx265', '-preset', s.preset, ...rate(['-crf', String(s.crf)]), '-pix_fmt', s.pixelFormat, '-tag:v', 'hvc1', '-x265-params', 'log-level=error', ...tags];
    case 'vp9':
      // -b:v 0 with a crf is VP9's constant-quality mode; row-mt uses every core.
      return ['-c:v', 'libvpx-vp9', ...rate(['-crf', String(s.crf), '-b:v', '0']), '-deadline', 'good', '-cpu-used', String(VP9_SPEED[s.preset] ?? 3), '-row-mt', '1', '-pix_fmt', s.pixelFormat, ...tags];
    case 'prores':
      // prores_ks (FFmpeg 5.1) leaves the colour fields of its frame headers unset, so decoders
      // would assume BT.601: the bitstream filter writes BT.709 into every frame header.
      return [
        '-c:v', 'prores_ks', '-profile:v', PRORES_PROFILE[s.proresProfile] ?? '4', '-vendor', 'apl0', '-pix_fmt', s.pixelFormat, ...tags,
        '-bsf:v', 'prores_metadata=color_primaries=bt709:color_trc=bt709:colorspace=bt709',
      ];
  }
}

/** Muxer flags: MP4/MOV get their index up front so playback starts before the download ends. */
export function containerArgs(format: OutputFormat): string[] {
  const container = FORMATS[format].muxer;
  return [...(container === 'mp4' || container === 'mov' ? ['-movflags', '+faststart'] : []), '-f', container];
}

export interface VideoFileSpec {
  format: OutputFormat;
  fps: number;
  width: number;
  height: number;
  imageFormat: FrameImageFormat;
  codec: VideoCodecSettings;
  output: string;
}

/** Frames on stdin → one video file without audio (audio, if any, is muxed in afterwards). */
export function videoFileArgs(spec: VideoFileSpec): string[] {
  return [
    ...QUIET,
    ...imagePipeInputArgs(spec.fps, spec.imageFormat),
    '-vf', pixelFilter(spec.width, spec.height, spec.codec.pixelFormat, spec.codec.codec === 'prores' ? 'limited' : spec.codec.colorRange, spec.imageFormat),
    ...videoCodecArgs(spec.codec),
    '-an',
    ...containerArgs(spec.format),
    spec.output,
  ];
}

export interface AudioCodecSettings {
  codec: AudioCodec;
  bitrate: string | undefined;
}

export function audioCodecArgs(a: AudioCodecSettings): string[] {
  const bitrate = a.bitrate !== undefined ? ['-b:a', a.bitrate] : [];
  switch (a.codec) {
    case 'aac':
      return ['-c:a', 'aac', ...bitrate];
    case 'opus':
      return ['-c:a', 'libopus', ...bitrate];
    case 'mp3':
      return ['-c:a', 'libmp3lame', ...bitrate];
    case 'pcm':
      return ['-c:a', 'pcm_s16le'];
  }
}

/** `-i` for every audio source of the mix graph. */
export function audioInputArgs(inputs: readonly string[]): string[] {
  return inputs.flatMap((file) => ['-i', file]);
}

export interface MuxSpec {
  format: OutputFormat;
  /** The video-only file made from the frames. */
  video: string;
  audioInputs: readonly string[];
  /** File holding the mix graph whose output pad is [aout]. */
  graphScript: string;
  audio: AudioCodecSettings;
  output: string;
}

/** Video (copied, not re-encoded) + the audio mix → the final file. */
export function muxArgs(m: MuxSpec): string[] {
  return [
    ...QUIET,
    '-i', m.video,
    ...audioInputArgs(m.audioInputs),
    '-filter_complex_script', m.graphScript,
    '-map', '0:v:0', '-map', '[aout]',
    '-c:v', 'copy',
    ...(m.format === 'mp4-h265' ? ['-tag:v', 'hvc1'] : []),
    ...audioCodecArgs(m.audio),
    ...containerArgs(m.format),
    m.output,
  ];
}

export interface AudioFileSpec {
  format: OutputFormat;
  audioInputs: readonly string[];
  graphScript: string;
  audio: AudioCodecSettings;
  output: string;
}

/** The audio mix alone → mp3 / aac / wav. No video stream at all. */
export function audioFileArgs(a: AudioFileSpec): string[] {
  return [...QUIET, ...audioInputArgs(a.audioInputs), '-filter_complex_script', a.graphScript, '-map', '[aout]', '-vn', ...audioCodecArgs(a.audio), ...containerArgs(a.format), a.output];
}

/** PNG frames on stdin copied untouched into one file, for GIF's two palette passes. */
export function gifIntermediateArgs(fps: number, output: string): string[] {
  return [...QUIET, ...imagePipeInputArgs(fps, 'png'), '-c:v', 'copy', '-f', 'nut', output];
}

/** Pass 1: one palette from the colours of every frame. */
export function gifPaletteArgs(input: string, palette: string): string[] {
  return [...QUIET, '-i', input, '-vf', 'palettegen=stats_mode=full', '-frames:v', '1', '-update', '1', '-f', 'image2', palette];
}

/**
 * GIF loop counts as the muxer takes them: true → 0 (forever), false → -1 (once), n → n
 * extra plays. 0 extra plays is playing once, so it is -1 too: the muxer reads 0 as forever.
 */
export function gifLoopValue(loop: boolean | number): number {
  if (loop === true) return 0;
  if (loop === false || loop === 0) return -1;
  return loop;
}

/**
 * The fastest rate a GIF plays at: delays are whole centiseconds and browsers show any delay
 * under 2 cs as 10 cs, so a 60 fps GIF (delays 2, 1, 2, …) played almost 3× too slowly.
 */
export const GIF_MAX_FPS = 50;

/**
 * Pass 2: every frame mapped onto the palette. Over GIF_MAX_FPS the frames are resampled to it
 * (the fps filter keeps the frame nearest each 2 cs slot), so the GIF lasts what the render does.
 * `finalDelayCs` sets the last frame's delay: FFmpeg 5.1's GIF muxer writes a delay of 0 when the
 * GIF has a single frame (no next frame to measure against), which players show for 0.1 s or not at all.
 */
export function gifEncodeArgs(input: string, palette: string, loop: boolean | number, output: string, finalDelayCs?: number, fps?: number): string[] {
  const finalDelay = finalDelayCs === undefined ? [] : ['-final_delay', String(finalDelayCs)];
  const resample = fps !== undefined && fps > GIF_MAX_FPS ? `fps=${GIF_MAX_FPS},` : '';
  return [...QUIET, '-i', input, '-i', palette, '-lavfi', `[0:v]${resample}null[f];[f][1:v]paletteuse=dither=sierra2_4a`, '-loop', String(gifLoopValue(loop)), ...finalDelay, '-f', 'gif', output];
}
