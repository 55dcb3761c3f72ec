/** HLS ladder of an uploaded video: one decode feeding every rendition, then our master playlist. */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatNumber } from '../render/audio/volume-curve.ts';
import { ffprobe } from '../render/probe/ffprobe.ts';
import { hlsLadder, keyframeInterval, type Rendition } from '../render/encode/hls-args.ts';
import { avcCodecString, buildMasterPlaylist, measureBandwidth, fixTargetDuration, type VariantStream } from '../render/formats/hls-playlist.ts';
import type { HlsOutput } from './spec.ts';
import { inputArgs, QUIET, videoGraph, type Size, type WatermarkInput } from './video-args.ts';

export const HLS_MASTER = 'master.m3u8';
export const DEFAULT_HLS_HEIGHTS = [1080, 720, 480] as const;

export interface MediaRendition extends Rendition {
  /** Target bitrate asked for this rendition; constant quality with a VBV cap otherwise. */
  videoBitrate: string | undefined;
}

/** The ladder: asked (or default) heights not above the input, tallest first. */
export function mediaLadder(input: Size, o: HlsOutput): MediaRendition[] {
  const asked = o.renditions ?? DEFAULT_HLS_HEIGHTS.map((height) => ({ height, videoBitrate: undefined }));
  return hlsLadder(input.width, input.height, asked.map((r) => r.height)).map((r) => ({
    ...r,
    videoBitrate: asked.find((a) => a.height === r.height)?.videoBitrate,
  }));
}

export interface HlsSpec {
  input: string;
  folder: string;
  inputSize: Size;
  fps: number;
  ladder: readonly MediaRendition[];
  audio: boolean;
  segmentSeconds: number;
  preset: string;
  watermark?: WatermarkInput | undefined;
  /** The input's `color_space` tag (the watermark is converted with it). */
  colorSpace?: string | undefined;
}

/**
 * One FFmpeg: decode once (watermark applied once, at the input's size), split, scale to each
 * rendition, and write each rendition's segments and media playlist straight from the encoder.
 * Keyframes every segment-divisor seconds with scene cuts off, so segments cut where asked.
 */
export function hlsArgs(s: HlsSpec): string[] {
  const n = s.ladder.length;
  const graph = [
    videoGraph(s.inputSize, s.watermark, 'src', 'yuv420p', s.colorSpace, s.fps),
    `[src]split=${n}${s.ladder.map((_, i) => `[s${i}]`).join('')}`,
    ...s.ladder.map((r, i) => `[s${i}]scale=${r.width}:${r.height}[v${i}]`),
  ].join(';');
  const gop = String(keyframeInterval(s.fps, s.segmentSeconds));
  const perRendition = s.ladder.flatMap((r, i) => [
    '-map', `[v${i}]`,
    ...(s.audio ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', '128k'] : []),
    '-c:v', 'libx264', '-preset', s.preset,
    ...(r.videoBitrate ? ['-b:v', r.videoBitrate, '-maxrate', r.videoBitrate, '-bufsize', r.videoBitrate] : ['-crf', '23', '-maxrate', `${r.maxrateKbps}k`, '-bufsize', `${r.maxrateKbps * 2}k`]),
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
    '-r', formatNumber(s.fps), '-fps_mode', 'cfr',
    '-f', 'hls', '-hls_time', formatNumber(s.segmentSeconds), '-hls_playlist_type', 'vod', '-hls_list_size', '0',
    '-hls_segment_type', 'mpegts', '-hls_flags', 'independent_segments',
    '-hls_segment_filename', path.join(s.folder, r.name, 'segment-%03d.ts'),
    path.join(s.folder, r.name, 'index.m3u8'),
  ]);
  return [...QUIET, ...inputArgs(s.input, s.watermark), '-filter_complex', graph, ...perRendition];
}

export async function prepareHlsFolders(s: Pick<HlsSpec, 'folder' | 'ladder'>): Promise<void> {
  await Promise.all(s.ladder.map((r) => mkdir(path.join(s.folder, r.name), { recursive: true })));
}

/** Writes master.m3u8 with bandwidths measured from the segments and codecs read from the first one. */
export async function writeMaster(s: Pick<HlsSpec, 'folder' | 'ladder' | 'fps' | 'audio'>): Promise<void> {
  const variants = await Promise.all(s.ladder.map((r) => describeVariant(r, path.join(s.folder, r.name), s.fps, s.audio)));
  await writeFile(path.join(s.folder, HLS_MASTER), buildMasterPlaylist(variants));
}

async function describeVariant(r: Rendition, folder: string, fps: number, withAudio: boolean): Promise<VariantStream> {
  const segments = await fixTargetDuration(path.join(folder, 'index.m3u8'));
  const sized = await Promise.all(segments.map(async (seg) => ({ ...seg, bytes: (await stat(path.join(folder, seg.uri))).size })));
  const first = path.join(folder, segments[0]?.uri ?? 'segment-000.ts');
  const [stream] = (await ffprobe(first, { selectStreams: 'v:0', showEntries: 'stream=profile,level' })).streams;
  const codecs = [avcCodecString(stream?.profile ?? 'High', stream?.level ?? 40), ...(withAudio ? ['mp4a.40.2'] : [])].join(',');
  return { uri: `${r.name}/index.m3u8`, width: r.width, height: r.height, fps, ...measureBandwidth(sized), codecs };
}
