import { stat } from 'node:fs/promises';
import { FramewrightError } from '../errors/index.ts';
import { adtsDuration, ffprobe, frameRate as rate, ProbeFailed, streamRotation } from '../render/probe/ffprobe.ts';
import { spriteLayout, thumbnailTimes } from './image-args.ts';
import { needsVideo, type MediaLimits, type MediaOutput } from './spec.ts';

/** Most thumbnails one output makes (what `at` and `count` allow): each is one FFmpeg run. */
export const MAX_THUMBNAILS = 1000;
/** Largest side of a JPEG (what FFmpeg's encoder accepts): the sprite sheet must fit it. */
export const MAX_JPEG_SIDE = 65500;

export interface InputVideo {
  codec: string;
  /** Size of the coded frames. */
  codedWidth: number;
  codedHeight: number;
  /** Size as shown, after the rotation metadata is applied (what every output starts from). */
  width: number;
  height: number;
  /** Clockwise degrees a player turns the picture (0, 90, 180, 270). */
  rotation: number;
  /** Average frame rate: the rate outputs are made at unless one is asked for. */
  fps: number;
  /**
   * True when timestamps are not evenly spaced (phone recordings, screen captures): outputs are
   * made at a constant `fps` by duplicating or dropping frames as their timestamps say.
   */
  variableFrameRate: boolean;
  pixelFormat: string;
  /** The YUV matrix the stream is tagged with (`bt709`, `smpte170m`, ...), when it says. */
  colorSpace?: string | undefined;
}

export interface InputAudio {
  codec: string;
  sampleRate: number;
  channels: number;
}

export interface InputStream {
  index: number;
  type: string;
  codec: string;
  width?: number;
  height?: number;
  fps?: number;
  sampleRate?: number;
  channels?: number;
  bitrate?: number;
}

/** What a media job learns about its input before any work starts (also the `probe` output). */
export interface InputInfo {
  bytes: number;
  container: string;
  durationSeconds: number;
  bitrate: number | undefined;
  video: InputVideo | undefined;
  audio: InputAudio | undefined;
  streams: InputStream[];
}

/** The ffprobe fields a media job reads (the report is loose: these ride along). */
export interface ProbeStreamJson {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  pix_fmt?: string;
  color_space?: string;
  sample_rate?: string;
  channels?: number;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}

export interface ProbeJson {
  streams?: ProbeStreamJson[];
  format?: { duration?: string; format_name?: string; size?: string; bit_rate?: string };
}

export { streamRotation };

const num = (text: string | undefined) => (text !== undefined && Number.isFinite(Number(text)) ? Number(text) : undefined);

/** Reads ffprobe's answer into the facts a job needs. Pure, for tests. */
export function describeProbe(json: ProbeJson, bytes: number): InputInfo {
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const a = streams.find((s) => s.codec_type === 'audio');
  let video: InputVideo | undefined;
  if (v?.width && v.height) {
    const rotation = streamRotation(v);
    const turned = rotation === 90 || rotation === 270;
    const avg = rate(v.avg_frame_rate);
    const real = rate(v.r_frame_rate);
    const fps = avg || real || 30;
    video = {
      codec: v.codec_name ?? 'unknown',
      codedWidth: v.width,
      codedHeight: v.height,
      width: turned ? v.height : v.width,
      height: turned ? v.width : v.height,
      rotation,
      fps,
      // r_frame_rate is the rate every timestamp fits; a lower average means uneven spacing.
      variableFrameRate: avg > 0 && real > 0 && Math.abs(avg - real) / real > 0.01,
      pixelFormat: v.pix_fmt ?? 'unknown',
      ...(v.color_space && v.color_space !== 'unknown' ? { colorSpace: v.color_space } : {}),
    };
  }
  const audio: InputAudio | undefined = a ? { codec: a.codec_name ?? 'unknown', sampleRate: num(a.sample_rate) ?? 0, channels: a.channels ?? 0 } : undefined;
  const duration = num(json.format?.duration) ?? num(v?.duration) ?? num(a?.duration) ?? 0;
  return {
    bytes,
    container: json.format?.format_name ?? 'unknown',
    durationSeconds: duration,
    bitrate: num(json.format?.bit_rate),
    video,
    audio,
    streams: streams.map((s, i) => ({
      index: s.index ?? i,
      type: s.codec_type ?? 'unknown',
      codec: s.codec_name ?? 'unknown',
      ...(s.width ? { width: s.width, height: s.height ?? 0 } : {}),
      ...(s.codec_type === 'video' ? { fps: rate(s.avg_frame_rate) || rate(s.r_frame_rate) } : {}),
      ...(s.sample_rate ? { sampleRate: Number(s.sample_rate) } : {}),
      ...(s.channels ? { channels: s.channels } : {}),
      ...(num(s.bit_rate) ? { bitrate: num(s.bit_rate)! } : {}),
    })),
  };
}

/** Probes the input; a file FFmpeg cannot read is MEDIA_INPUT_INVALID saying so. */
export async function inspectInput(file: string, label: string, signal?: AbortSignal): Promise<InputInfo> {
  const bytes = (await stat(file)).size;
  let json: ProbeJson;
  try {
    json = (await ffprobe(file, signal ? { signal } : {})) as ProbeJson;
  } catch (error) {
    if (!(error instanceof ProbeFailed)) throw error;
    throw new FramewrightError('MEDIA_INPUT_INVALID', `${label} is not a media file FFmpeg can read: ${error.detail}`, { cause: error, issues: [{ path: ['input'], message: 'is not a media file' }] });
  }
  const info = describeProbe(json, bytes);
  // A raw AAC upload's stated length is a bitrate guess: the limit and the probe get its real one.
  if (info.container === 'aac') info.durationSeconds = (await adtsDuration(file, signal ? { signal } : {})) ?? info.durationSeconds;
  return info;
}

function invalid(message: string, path: Array<string | number> = ['input']): FramewrightError {
  return new FramewrightError('MEDIA_INPUT_INVALID', message, { issues: [{ path, message }] });
}

function overLimit(message: string, path: Array<string | number> = ['input']): FramewrightError {
  return new FramewrightError('MEDIA_LIMIT_EXCEEDED', message, { issues: [{ path, message }] });
}

/**
 * Checks the input against the limits and against what the outputs need, naming the rule and
 * the value: a job that would fail half-way fails here, before any work starts.
 */
export function checkInput(info: InputInfo, outputs: readonly MediaOutput[], limits: MediaLimits, label = 'The input'): void {
  if (info.bytes > limits.maxBytes) overLimitThrow(`${label} is ${info.bytes} bytes; the limit is ${limits.maxBytes}`);
  if (!info.video && !info.audio) throw invalid(`${label} has no video or audio stream`);
  if (!(info.durationSeconds > 0)) throw invalid(`${label} has no duration: it is not a video or audio file`);
  if (info.durationSeconds > limits.maxDurationSeconds) {
    overLimitThrow(`${label} is ${info.durationSeconds.toFixed(2)} s long; the limit is ${limits.maxDurationSeconds} s`);
  }
  if (info.video && info.video.width * info.video.height > limits.maxPixels) {
    overLimitThrow(`${label} is ${info.video.width}x${info.video.height} (${info.video.width * info.video.height} pixels); the limit is ${limits.maxPixels} pixels`);
  }
  outputs.forEach((o, i) => {
    if (needsVideo(o) && !info.video) throw invalid(`${label} has no video stream, which a ${o.type} output needs`, ['outputs', i, 'type']);
    if (o.type === 'audio' && !info.audio) throw invalid(`${label} has no audio stream, which an audio output needs`, ['outputs', i, 'type']);
    if (o.type === 'thumbnails' && o.at) {
      const late = o.at.findIndex((t) => t >= info.durationSeconds);
      if (late >= 0) throw invalid(`thumbnail time ${o.at[late]} s is not before the end of the input (${info.durationSeconds.toFixed(2)} s)`, ['outputs', i, 'at', late]);
    }
    // `every` is a count only once the input's length is known: hold it to what `count` allows.
    if (o.type === 'thumbnails' && o.every !== undefined && info.video) {
      const n = thumbnailTimes(o, info.durationSeconds, info.video.fps).length;
      if (n > MAX_THUMBNAILS) throw overLimit(`thumbnails every ${o.every} s of ${info.durationSeconds.toFixed(2)} s are ${n} images; the limit is ${MAX_THUMBNAILS}`, ['outputs', i, 'every']);
    }
    // The sheet is one picture: over JPEG's size FFmpeg fails after decoding the whole input, and
    // a huge one is a memory bomb, so it is held to the JPEG limit and to the pixels of a frame.
    if (o.type === 'sprite' && info.video) {
      const l = spriteLayout(o, info.video, info.durationSeconds, info.video.fps);
      const w = l.columns * l.tileWidth;
      const h = l.rows * l.tileHeight;
      if (w > MAX_JPEG_SIDE || h > MAX_JPEG_SIDE || w * h > limits.maxPixels) {
        throw overLimit(
          `the sprite sheet would be ${w}x${h} (${l.tiles} tiles of ${l.tileWidth}x${l.tileHeight}); the limit is ${MAX_JPEG_SIDE} pixels a side and ${limits.maxPixels} pixels: ask for a larger "every" or a smaller "width"`,
          ['outputs', i, 'every'],
        );
      }
    }
  });
}

function overLimitThrow(message: string): never {
  throw overLimit(message);
}
