/** Pure builders for the still outputs of a media job: thumbnails, the scrubbing sprite and its WebVTT. */
import { formatNumber } from '../render/audio/volume-curve.ts';
import type { SpriteOutput, ThumbnailsOutput } from './spec.ts';
import { QUIET, type Size } from './video-args.ts';

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

export const IMAGE_EXTENSIONS = { jpeg: '.jpg', png: '.png', webp: '.webp' } as const;

/**
 * The times of the thumbnails: `at` as given; `every` from 0 while before the last frame;
 * `count` spread evenly (the middle of each of `count` equal parts). Default: 5 evenly spread.
 */
export function thumbnailTimes(o: Pick<ThumbnailsOutput, 'at' | 'every' | 'count'>, duration: number, fps: number): number[] {
  if (o.at) return [...o.at];
  const last = Math.max(0, duration - 1 / fps);
  if (o.every !== undefined) {
    const times: number[] = [];
    for (let k = 0; k * o.every <= last + 1e-9; k++) times.push(Math.round(k * o.every * 1000) / 1000);
    return times;
  }
  const count = o.count ?? 5;
  return Array.from({ length: count }, (_, i) => Math.round(((i + 0.5) * duration * 1000) / count) / 1000);
}

export function thumbnailName(index: number, time: number, format: ThumbnailsOutput['format']): string {
  return `thumb-${String(index + 1).padStart(4, '0')}-${formatNumber(time)}s${IMAGE_EXTENSIONS[format]}`;
}

function imageCodecArgs(format: ThumbnailsOutput['format']): string[] {
  if (format === 'jpeg') return ['-c:v', 'mjpeg', '-q:v', '2', '-pix_fmt', 'yuvj444p'];
  if (format === 'webp') return ['-c:v', 'libwebp', '-quality', '90', '-pix_fmt', 'yuv420p'];
  return ['-c:v', 'png', '-pix_fmt', 'rgb24'];
}

/**
 * Scales a video frame to `width`×`height` in the pixel format the image codec takes, converting
 * to the colours its readers assume. Browsers and every other decoder read a JPEG as full-range
 * BT.601 and a WebP as limited-range BT.601 whatever the video was: left to swscale, an HD
 * (BT.709) frame kept its matrix and its orange came out 10 levels off. Rounding is exact, and
 * PNG's RGB takes chroma from every pixel (the fast path was 2 levels off on dark blues).
 */
export function imageScale(width: number, height: number, format: ThumbnailsOutput['format']): string {
  const flags = 'flags=bicubic+accurate_rnd+full_chroma_int';
  if (format === 'jpeg') return `scale=${width}:${height}:out_color_matrix=bt601:out_range=pc:${flags},format=yuvj444p`;
  if (format === 'webp') return `scale=${width}:${height}:out_color_matrix=bt601:out_range=tv:${flags},format=yuv420p`;
  return `scale=${width}:${height}:${flags},format=rgb24`;
}

/**
 * One thumbnail: the frame a player shows at `time`, i.e. the last frame at or before it. FFmpeg's
 * seek keeps the first frame at or after a time, one frame late for a time between two frames;
 * so it starts two frame intervals earlier, stops at `time`, and `-update 1` leaves the last
 * frame of that short window in the file. A variable-frame-rate input may have no frame in the
 * window (a gap): then nothing is written and thumbnailAfterArgs is the fallback.
 */
export function thumbnailArgs(input: string, time: number, fps: number, size: Size, format: ThumbnailsOutput['format'], output: string): string[] {
  const from = Math.max(0, time - 2 / fps);
  return [
    ...QUIET,
    '-ss', formatNumber(from), '-i', input,
    // trim reads each frame's own timestamp (from `from`); half a millisecond past `time` keeps
    // a frame stamped exactly at it. Passthrough: no frame is duplicated onto a rounded grid.
    '-vf', `trim=end=${formatNumber(time - from + 0.0005)},${imageScale(size.width, size.height, format)},setsar=1`,
    '-fps_mode', 'passthrough', '-an', ...imageCodecArgs(format), '-f', 'image2', '-update', '1', output,
  ];
}

/** The first frame at or after `time`: across a variable-frame-rate gap, the frame that ends it. */
export function thumbnailAfterArgs(input: string, time: number, size: Size, format: ThumbnailsOutput['format'], output: string): string[] {
  return [
    ...QUIET,
    '-ss', formatNumber(time), '-i', input,
    '-vf', `${imageScale(size.width, size.height, format)},setsar=1`,
    '-frames:v', '1', '-an', ...imageCodecArgs(format), '-f', 'image2', '-update', '1', output,
  ];
}

export interface SpriteLayout {
  tiles: number;
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  every: number;
}

/** Tiles at 0, every, 2·every, … up to the last frame; rows as needed. */
export function spriteLayout(o: Pick<SpriteOutput, 'every' | 'columns' | 'width'>, input: Size, duration: number, fps: number): SpriteLayout {
  const last = Math.max(0, duration - 1 / fps);
  const tiles = Math.floor(last / o.every + 1e-6) + 1;
  const columns = Math.min(o.columns, tiles);
  const tileWidth = even(o.width);
  return { tiles, columns, rows: Math.ceil(tiles / columns), tileWidth, tileHeight: even((tileWidth * input.height) / input.width), every: o.every };
}

/**
 * The sheet in one pass: tile k is the frame a player shows at k·every (the last frame at or
 * before it), scaled, tiled. The fps filter does exactly that with `round=up` (a frame at t lands
 * on ceil(t/every), so output k is the last frame with t ≤ k·every), from `start_time=0`, and it
 * repeats a frame across a gap: a variable-frame-rate input (a screen recording that sends
 * frames only on change) still fills tile k for every k, so each VTT cue shows its own time.
 * Picking "the first frame in each interval" instead left no tile for an interval without a
 * frame, and every later tile slid one place ahead of its cue.
 */
export function spriteArgs(input: string, layout: SpriteLayout, output: string): string[] {
  const e = formatNumber(layout.every);
  return [
    ...QUIET,
    '-i', input,
    '-vf', `fps=fps=1/${e}:round=up:start_time=0,${imageScale(layout.tileWidth, layout.tileHeight, 'jpeg')},setsar=1,tile=${layout.columns}x${layout.rows}`,
    '-fps_mode', 'passthrough', '-frames:v', '1', '-an', '-c:v', 'mjpeg', '-q:v', '3', '-pix_fmt', 'yuvj444p', '-f', 'image2', '-update', '1', output,
  ];
}

/** `HH:MM:SS.mmm`, as WebVTT wants. */
export function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** One cue per tile: from its time to the next tile's (the last to the end), pointing at its region. */
export function spriteVtt(layout: SpriteLayout, duration: number, imageName: string): string {
  const cues = ['WEBVTT', ''];
  for (let i = 0; i < layout.tiles; i++) {
    const start = i * layout.every;
    const end = Math.min(duration, (i + 1) * layout.every);
    const x = (i % layout.columns) * layout.tileWidth;
    const y = Math.floor(i / layout.columns) * layout.tileHeight;
    cues.push(`${vttTime(start)} --> ${vttTime(end)}`, `${imageName}#xywh=${x},${y},${layout.tileWidth},${layout.tileHeight}`, '');
  }
  return cues.join('\n');
}
