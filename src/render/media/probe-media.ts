import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FramewrightError } from '../../errors/index.ts';
import { ffprobePath } from '../binaries.ts';

const run = promisify(execFile);

export interface VideoStreamInfo {
  width: number;
  height: number;
  /** Frames per second (the stream's average rate). */
  fps: number;
  /** Number of frames, from the container or duration × fps. */
  frameCount: number;
  /** Decoded pixel format, e.g. yuva420p (alpha when it starts with yuva/rgba). */
  pixelFormat: string;
}

export interface MediaInfo {
  /** Seconds; undefined when the container does not say. */
  duration: number | undefined;
  hasAudio: boolean;
  video: VideoStreamInfo | undefined;
}

export interface ProbeStreamJson {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  pix_fmt?: string;
  sample_rate?: string;
  channels?: number;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}

/** ffprobe's `-show_streams -show_format` JSON, the fields we read. */
export interface ProbeJson {
  streams?: ProbeStreamJson[];
  format?: { duration?: string; format_name?: string; size?: string; bit_rate?: string };
}

export function rate(text: string | undefined): number {
  const [n, d] = (text ?? '0/1').split('/').map(Number);
  return n && d ? n / d : 0;
}

/** ffprobe's view of a file; a file FFmpeg cannot read is ASSET_FETCH_FAILED naming why. */
export async function probeJson(file: string, label: string, signal?: AbortSignal): Promise<ProbeJson> {
  try {
    const { stdout } = await run(ffprobePath(), ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], {
      maxBuffer: 8 * 1024 * 1024,
      ...(signal ? { signal } : {}),
    });
    return JSON.parse(stdout) as ProbeJson;
  } catch (error) {
    if (signal?.aborted) throw error;
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').pop() ?? (error as Error).message;
    throw new FramewrightError('ASSET_FETCH_FAILED', `${label} is not a media file FFmpeg can read: ${detail}`, { cause: error });
  }
}

/** What a media file holds: duration, whether it has sound, and its video stream. */
export async function probeMedia(file: string, label: string, signal?: AbortSignal): Promise<MediaInfo> {
  const json = await probeJson(file, label, signal);
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const durationText = json.format?.duration ?? v?.duration;
  const duration = durationText !== undefined && Number.isFinite(Number(durationText)) ? Number(durationText) : undefined;
  let video: VideoStreamInfo | undefined;
  if (v?.width && v.height) {
    const fps = rate(v.avg_frame_rate) || rate(v.r_frame_rate) || 30;
    const counted = Number(v.nb_frames);
    const frameCount = Number.isFinite(counted) && counted > 0 ? counted : Math.max(1, Math.round((Number(v.duration ?? duration) || 0) * fps));
    video = { width: v.width, height: v.height, fps, frameCount, pixelFormat: v.pix_fmt ?? 'unknown' };
  }
  return { duration, hasAudio: streams.some((s) => s.codec_type === 'audio'), video };
}
