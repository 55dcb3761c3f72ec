/** Pure builders for HLS: the rendition ladder, the one-capture ladder encode, the packaging. */
import { formatNumber } from '../audio/volume-curve.ts';
import { audioCodecArgs, audioInputArgs, type AudioCodecSettings } from './format-args.ts';
import { colorTags, evenCrop, resizeFilter, toYuvFilter, type ColorRange } from './color.ts';
import { imagePipeInputArgs, WRITER_HEAD, type FrameImageFormat } from './ffmpeg-args.ts';

const QUIET = WRITER_HEAD;

export interface Rendition {
  /** Folder name inside the HLS output, e.g. `720p`. */
  name: string;
  width: number;
  height: number;
  /** Peak video bitrate (x264 VBV), kbit/s: keeps segments streamable under a CRF. */
  maxrateKbps: number;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/**
 * The ladder for a render of `width`×`height`: every requested height not larger than the render
 * (no upscaling), tallest first; the render's own height when none fits. Widths keep the aspect
 * ratio, rounded to even numbers for 4:2:0.
 */
export function hlsLadder(width: number, height: number, heights: readonly number[]): Rendition[] {
  // The ladder is cut from the frame as encoded: an odd size loses its last row/column first
  // (hlsLadderEncodeArgs crops it), so a 161×97 render's own rung is that 160×96 picture, pixel
  // for pixel, not a 162×98 upscale of it.
  const sourceWidth = width - (width % 2);
  const sourceHeight = height - (height % 2);
  let chosen = [...new Set(heights)].filter((h) => h <= sourceHeight).sort((a, b) => b - a);
  if (chosen.length === 0) chosen = [sourceHeight];
  return chosen.map((h) => {
    const w = even((sourceWidth * h) / sourceHeight);
    const hh = even(h);
    // About 0.1 bit per pixel per frame at 30 fps: 1080p ≈ 6.2 Mbit/s, 720p ≈ 2.8, 480p ≈ 1.2.
    const maxrateKbps = Math.max(300, Math.round((w * hh * 30 * 0.1) / 1000));
    return { name: `${hh}p`, width: w, height: hh, maxrateKbps };
  });
}

/**
 * Keyframes at a fixed interval that divides the segment length, so every segment can start
 * on one: 6 s segments get a keyframe every 2 s.
 */
export function keyframeInterval(fps: number, segmentSeconds: number): number {
  const gopSeconds = segmentSeconds / Math.ceil(segmentSeconds / 2);
  return Math.max(1, Math.round(fps * gopSeconds));
}

export interface LadderEncodeSpec {
  fps: number;
  /** Size of the captured frames. */
  width: number;
  height: number;
  imageFormat: FrameImageFormat;
  renditions: readonly Rendition[];
  crf: number | undefined;
  bitrate: string | undefined;
  preset: string;
  segmentSeconds: number;
  colorRange: ColorRange;
  /** One video-only MP4 per rendition, in ladder order. */
  outputs: readonly string[];
}

/** `4M` → 4000000, `2500k` → 2500000, `800000` → 800000. */
export function parseBitrate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new TypeError(`"${text}" is not a bitrate`);
  const unit = m[2]!.toLowerCase();
  return Number(m[1]) * (unit === 'm' ? 1_000_000 : unit === 'k' ? 1_000 : 1);
}

/**
 * Rate control of one rendition. With a crf, quality is constant and the VBV cap keeps peaks
 * streamable. With a target bitrate (meant for the tallest rendition), smaller renditions get
 * it scaled by their share of the pixels, peaking at 1.5×.
 */
export function renditionRateArgs(r: Rendition, top: Rendition, crf: number | undefined, bitrate: string | undefined): string[] {
  if (bitrate === undefined) return ['-crf', String(crf), '-maxrate', `${r.maxrateKbps}k`, '-bufsize', `${r.maxrateKbps * 2}k`];
  const kbps = Math.max(100, Math.round((parseBitrate(bitrate) * (r.width * r.height)) / (top.width * top.height) / 1000));
  return ['-b:v', `${kbps}k`, '-maxrate', `${Math.round(kbps * 1.5)}k`, '-bufsize', `${kbps * 3}k`];
}

/**
 * Frames on stdin are converted to YUV once, split, scaled to each rendition and encoded in the
 * same FFmpeg: the frames are captured once whatever the number of renditions.
 */
export function hlsLadderEncodeArgs(s: LadderEncodeSpec): string[] {
  const n = s.renditions.length;
  const crop = evenCrop(s.width, s.height, 'yuv420p');
  const split = n > 1 ? `,split=${n}${s.renditions.map((_, i) => `[s${i}]`).join('')}` : '[s0]';
  // Resizing stays in YUV (no matrix change, same range), with the same exact rounding as the conversion.
  const graph = [
    `[0:v]${crop ? `${crop},` : ''}${toYuvFilter('yuv420p', s.colorRange, s.imageFormat)}${split}`,
    ...s.renditions.map((r, i) => `[s${i}]${resizeFilter(r.width, r.height, s.colorRange)}[v${i}]`),
  ].join(';');
  const gop = String(keyframeInterval(s.fps, s.segmentSeconds));
  const perOutput = s.renditions.flatMap((r, i) => [
    '-map', `[v${i}]`,
    '-c:v', 'libx264', '-preset', s.preset,
    ...renditionRateArgs(r, s.renditions[0]!, s.crf, s.bitrate),
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0',
    '-pix_fmt', 'yuv420p', ...colorTags(s.colorRange),
    '-an', '-f', 'mp4', s.outputs[i]!,
  ]);
  return [...QUIET, ...imagePipeInputArgs(s.fps, s.imageFormat), '-filter_complex', graph, ...perOutput];
}

export interface HlsPackageSpec {
  /** The rendition MP4s, in ladder order. */
  videos: readonly string[];
  /** Folders (one per rendition) that receive `index.m3u8` and the segments. */
  folders: readonly string[];
  audioInputs: readonly string[];
  /** Mix graph file (output pad [aout]); undefined: no audio. */
  graphScript: string | undefined;
  audio: AudioCodecSettings;
  segmentSeconds: number;
}

/**
 * Cuts every rendition into MPEG-TS segments at its keyframes (video copied) with the one
 * audio mix encoded beside it, writing one media playlist per rendition. The mix graph's inputs
 * come after the videos (build it with `firstInput` = number of renditions). The master playlist
 * is ours (see hls-playlist.ts), with bandwidths measured from the segments.
 */
export function hlsPackageArgs(p: HlsPackageSpec): string[] {
  const n = p.videos.length;
  const withAudio = p.graphScript !== undefined;
  const args = [...QUIET, ...p.videos.flatMap((v) => ['-i', v]), ...audioInputArgs(p.audioInputs)];
  if (withAudio) {
    args.push('-filter_complex_script', p.graphScript!);
  }
  p.videos.forEach((_, i) => {
    args.push('-map', `${i}:v:0`, '-c:v', 'copy');
    if (withAudio) args.push('-map', n > 1 ? `[a${i}]` : '[aout]', ...audioCodecArgs(p.audio));
    args.push(
      '-f', 'hls',
      '-hls_time', formatNumber(p.segmentSeconds),
      '-hls_playlist_type', 'vod',
      '-hls_list_size', '0',
      '-hls_segment_type', 'mpegts',
      '-hls_flags', 'independent_segments',
      '-hls_segment_filename', `${p.folders[i]}/segment-%03d.ts`,
      `${p.folders[i]}/index.m3u8`,
    );
  });
  return args;
}

/** Appended to the mix graph when several renditions share the one mix. */
export function splitAudioGraph(count: number): string {
  return count > 1 ? `;\n[aout]asplit=${count}${Array.from({ length: count }, (_, i) => `[a${i}]`).join('')}` : '';
}
