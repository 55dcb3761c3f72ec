/** Pure FFmpeg argument builders for the video outputs of a media job (transcode, HLS). */
import { formatNumber } from '../render/audio/volume-curve.ts';
import { audioCodecArgs } from '../render/encode/format-args.ts';
import { FORMATS } from '../render/formats/formats.ts';
import type { TranscodeOutput, WatermarkPlacement } from './spec.ts';

export const QUIET = ['-hide_banner', '-loglevel', 'error', '-y'];
const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

export interface Size {
  width: number;
  height: number;
}

/**
 * The output size: the input's when nothing is asked; with one side, the other follows the
 * aspect ratio; with both, exactly those. Never larger than the input unless `upscale`: an asked
 * size over the input's is scaled down by the factor that fits it. Even numbers, for 4:2:0.
 */
export function outputSize(input: Size, ask: { width?: number | undefined; height?: number | undefined; upscale?: boolean | undefined }): Size {
  let w = ask.width ?? input.width;
  let h = ask.height ?? input.height;
  if (ask.width === undefined && ask.height !== undefined) w = (h * input.width) / input.height;
  if (ask.height === undefined && ask.width !== undefined) h = (w * input.height) / input.width;
  if (ask.upscale) return { width: even(w), height: even(h) };
  const factor = Math.min(1, input.width / w, input.height / h);
  // Rounding to even must not go past the input either: a 321x181 upload is 320x180, not 322x182.
  return { width: evenWithin(w * factor, input.width), height: evenWithin(h * factor, input.height) };
}

/** The nearest even number, stepping down when that is over `limit` (an odd input side). */
function evenWithin(n: number, limit: number): number {
  const e = even(n);
  return e > limit ? Math.max(2, e - 2) : e;
}

export interface WatermarkInput extends WatermarkPlacement {
  /** Local image file. */
  file: string;
}

/** Where the watermark's top-left corner goes, as overlay expressions. */
export function overlayPosition(position: WatermarkPlacement['position'], margin: number): { x: string; y: string } {
  const right = `main_w-overlay_w-${margin}`;
  const bottom = `main_h-overlay_h-${margin}`;
  switch (position) {
    case 'top-left':
      return { x: String(margin), y: String(margin) };
    case 'top-right':
      return { x: right, y: String(margin) };
    case 'bottom-left':
      return { x: String(margin), y: bottom };
    case 'bottom-right':
      return { x: right, y: bottom };
    case 'center':
      return { x: '(main_w-overlay_w)/2', y: '(main_h-overlay_h)/2' };
  }
}

/** swscale's name for a stream's `color_space` tag; untagged streams are BT.601 to FFmpeg. */
export function swsMatrix(colorSpace: string | undefined): string {
  switch (colorSpace) {
    case 'bt709':
      return 'bt709';
    case 'bt2020nc':
    case 'bt2020c':
      return 'bt2020';
    case 'smpte240m':
    case 'fcc':
      return colorSpace;
    default:
      return 'bt601';
  }
}

/**
 * Filter graph text that turns `[0:v]` into `[out]`: scale to `size`, then the watermark (input 1)
 * at its width fraction of `size`, alpha scaled by its opacity. Rotation was applied by the
 * decoder already (FFmpeg autorotates), so `size` is the displayed orientation.
 *
 * The watermark is RGB: it is converted to YUV with the input's matrix (`colorSpace`, its tag)
 * and laid on limited-range 4:2:0, what overlay works in. Left to overlay, it was converted as
 * BT.601 whatever the video: on HD (BT.709) video a #f59e0b logo showed as 254,157,4.
 */
export function videoGraph(size: Size, watermark: WatermarkInput | undefined, out: string, pixelFormat = 'yuv420p', colorSpace?: string, fps?: number): string {
  // The fps filter makes the constant rate: each frame lands on the slot nearest its timestamp,
  // gaps repeat the frame before, and the stream ends where the input does. The encoder's
  // `-fps_mode cfr` alone kept the last frame's source duration, so a variable-frame-rate input
  // came out two frames longer than it is.
  const rate = fps === undefined ? '' : `fps=${formatNumber(fps)},`;
  const base = `[0:v]${rate}scale=${size.width}:${size.height}:flags=bicubic,setsar=1`;
  if (!watermark) return `${base},format=${pixelFormat}[${out}]`;
  const { x, y } = overlayPosition(watermark.position, watermark.margin);
  const wmWidth = even(size.width * watermark.width);
  const toYuv = `scale=out_color_matrix=${swsMatrix(colorSpace)}:out_range=tv:flags=accurate_rnd+full_chroma_int+full_chroma_inp,format=yuva420p`;
  return [
    `${base},format=yuv420p[base]`,
    `[1:v]scale=${wmWidth}:-2,format=rgba,colorchannelmixer=aa=${formatNumber(watermark.opacity)},${toYuv}[wm]`,
    `[base][wm]overlay=x=${x}:y=${y}:eval=init,format=${pixelFormat}[${out}]`,
  ].join(';');
}

/** Input args: the source, then the watermark image (one frame: overlay repeats its last frame to the end). */
export function inputArgs(input: string, watermark: WatermarkInput | undefined, range?: { start: number; frames?: number }): string[] {
  const seek = range && range.start > 0 ? ['-ss', formatNumber(range.start)] : [];
  return [...seek, '-i', input, ...(watermark ? ['-i', watermark.file] : [])];
}

const CRF_DEFAULT = { mp4: 23, 'mp4-h265': 28, webm: 32, mov: 0 } as const;

/** VP9 has no presets: map the x264 names onto its deadline/cpu-used speed steps. */
export function vp9SpeedArgs(preset: string): string[] {
  if (['ultrafast', 'superfast', 'veryfast'].includes(preset)) return ['-deadline', 'realtime', '-cpu-used', '8'];
  if (['faster', 'fast'].includes(preset)) return ['-deadline', 'good', '-cpu-used', '4'];
  if (preset === 'medium') return ['-deadline', 'good', '-cpu-used', '2'];
  return ['-deadline', 'good', '-cpu-used', '1'];
}

function bitrateArgs(bitrate: string): string[] {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(bitrate)!;
  const bps = Number(m[1]) * (m[2]!.toLowerCase() === 'm' ? 1e6 : m[2]!.toLowerCase() === 'k' ? 1e3 : 1);
  return ['-b:v', String(Math.round(bps)), '-maxrate', String(Math.round(bps * 1.5)), '-bufsize', String(Math.round(bps * 2))];
}

/** Video codec and rate control of one transcode format. */
export function videoCodecArgs(o: Pick<TranscodeOutput, 'format' | 'crf' | 'preset' | 'videoBitrate'>): string[] {
  const preset = o.preset ?? 'medium';
  const crf = String(o.crf ?? CRF_DEFAULT[o.format]);
  switch (o.format) {
    case 'mp4':
      return ['-c:v', 'libx264', '-preset', preset, ...(o.videoBitrate ? bitrateArgs(o.videoBitrate) : ['-crf', crf]), '-pix_fmt', 'yuv420p'];
    case 'mp4-h265':
      return ['-c:v', 'libx265', '-preset', preset, ...(o.videoBitrate ? bitrateArgs(o.videoBitrate) : ['-crf', crf]), '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1', '-x265-params', 'log-level=error'];
    case 'webm':
      return ['-c:v', 'libvpx-vp9', ...vp9SpeedArgs(preset), '-row-mt', '1', ...(o.videoBitrate ? bitrateArgs(o.videoBitrate) : ['-crf', crf, '-b:v', '0']), '-pix_fmt', 'yuv420p'];
    case 'mov':
      // ProRes 422 HQ: the editing intermediate people ask a MOV for (no alpha in a camera upload).
      return ['-c:v', 'prores_ks', '-profile:v', '3', '-pix_fmt', 'yuv422p10le'];
  }
}

export function pixelFormatOf(format: TranscodeOutput['format']): string {
  return format === 'mov' ? 'yuv422p10le' : 'yuv420p';
}

/** Container options: MP4/MOV get their index at the front so playback starts before the download ends. */
export function containerArgs(format: TranscodeOutput['format']): string[] {
  return format === 'webm' ? ['-f', 'webm'] : ['-movflags', '+faststart', '-f', format === 'mov' ? 'mov' : 'mp4'];
}

export interface TranscodeSpec {
  input: string;
  output: string;
  options: TranscodeOutput;
  size: Size;
  fps: number;
  /** Encode the input's first audio stream. */
  audio: boolean;
  watermark?: WatermarkInput | undefined;
  /** A segment of the input (split transcodes): start at a keyframe, encode exactly `frames`. */
  range?: { start: number; frames: number } | undefined;
  /** The input's `color_space` tag (the watermark is converted with it). */
  colorSpace?: string | undefined;
}

/**
 * One transcode. The fps filter (videoGraph) at the chosen rate, then `-fps_mode cfr`, make a
 * constant-frame-rate output from any input: a variable-frame-rate phone video gets frames
 * duplicated or dropped where its timestamps say, so players and the stream-copy join of split
 * jobs see evenly spaced frames.
 */
export function transcodeArgs(s: TranscodeSpec): string[] {
  const profile = FORMATS[s.options.format];
  const audio = s.audio && !s.range;
  return [
    ...QUIET,
    ...inputArgs(s.input, s.watermark, s.range),
    '-filter_complex', videoGraph(s.size, s.watermark, 'v', pixelFormatOf(s.options.format), s.colorSpace, s.fps),
    '-map', '[v]',
    ...(audio ? ['-map', '0:a:0'] : []),
    ...videoCodecArgs(s.options),
    '-r', formatNumber(s.fps), '-fps_mode', 'cfr',
    ...(s.range ? ['-frames:v', String(s.range.frames)] : []),
    ...(audio ? audioCodecArgs({ codec: profile.audioCodec!, bitrate: s.options.audioBitrate ?? profile.defaultAudioBitrate }) : ['-an']),
    '-map_metadata', '-1',
    ...containerArgs(s.options.format),
    s.output,
  ];
}
