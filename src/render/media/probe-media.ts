import { FramewrightError } from '../../errors/index.ts';
import { adtsDuration, ffprobe, frameRate, ProbeFailed, streamRotation, type ProbeReport } from '../probe/ffprobe.ts';

export interface VideoStreamInfo {
  /** Size as displayed: a stream with rotation metadata turned, as FFmpeg decodes it. */
  width: number;
  height: number;
  /** Frames per second (the stream's average rate). */
  fps: number;
  /** Number of frames, from the container or duration × fps. */
  frameCount: number;
  /** Decoded pixel format, e.g. yuva420p (alpha when it starts with yuva/rgba). */
  pixelFormat: string;
  /** YUV matrix the stream is tagged with (`bt709`, `smpte170m`, ...), when it says. */
  colorSpace?: string | undefined;
  /** `tv` (limited) or `pc` (full), when the stream says. */
  colorRange?: string | undefined;
}

export interface MediaInfo {
  /** Seconds; undefined when the container does not say. */
  duration: number | undefined;
  hasAudio: boolean;
  /**
   * Seconds from the first frame of the picture to the first sample of the sound (positive: the
   * sound starts later; negative: earlier). 0 without a picture or when the file does not say.
   */
  audioOffset: number;
  /** Channels of the sound (1 mono, 2 stereo, ...), when it has sound and the file says. */
  audioChannels?: number | undefined;
  video: VideoStreamInfo | undefined;
}

/** What a media file holds: duration, whether it has sound, and its video stream. */
export async function probeMedia(file: string, label: string, signal?: AbortSignal): Promise<MediaInfo> {
  let json: ProbeReport;
  try {
    json = await ffprobe(file, signal ? { signal } : {});
  } catch (error) {
    if (!(error instanceof ProbeFailed)) throw error;
    // FFmpeg names the file by its local path: the label is what the caller knows it by (and a
    // service's callers have no business seeing the server's folders).
    throw new FramewrightError('ASSET_FETCH_FAILED', `${label} is not a media file FFmpeg can read: ${error.detail.split(file).join(label)}`, { cause: error });
  }
  const streams = json.streams;
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const durationText = json.format?.duration ?? v?.duration;
  const stated = durationText !== undefined && Number.isFinite(Number(durationText)) ? Number(durationText) : undefined;
  // A raw AAC file's stated length is a bitrate guess: count its packets instead.
  const duration = json.format?.format_name === 'aac' ? ((await adtsDuration(file, signal ? { signal } : {})) ?? stated) : stated;
  let video: VideoStreamInfo | undefined;
  if (v?.width && v.height) {
    const fps = frameRate(v.avg_frame_rate) || frameRate(v.r_frame_rate) || 30;
    const counted = Number(v.nb_frames);
    const frameCount = Number.isFinite(counted) && counted > 0 ? counted : Math.max(1, Math.round((Number(v.duration ?? duration) || 0) * fps));
    // FFmpeg decodes a rotated stream upright: the frames the page gets have the displayed size.
    const turned = streamRotation(v) % 180 === 90;
    const [width, height] = turned ? [v.height, v.width] : [v.width, v.height];
    video = { width, height, fps, frameCount, pixelFormat: v.pix_fmt ?? 'unknown', colorSpace: v.color_space, colorRange: v.color_range };
  }
  const a = streams.find((s) => s.codec_type === 'audio');
  const audioStart = Number(a?.start_time);
  const videoStart = Number(v?.start_time);
  const audioOffset = video && Number.isFinite(audioStart) && Number.isFinite(videoStart) ? audioStart - videoStart : 0;
  return { duration, hasAudio: a !== undefined, audioOffset, audioChannels: a?.channels, video };
}
