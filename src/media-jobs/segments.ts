/**
 * Long inputs split across workers: cut points at the input's keyframes, each segment transcoded
 * alone (video only, exactly its frames), then joined by stream copy with the audio encoded once
 * over the whole length — the pattern of split renders, applied to an uploaded video.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ffprobePath } from '../render/binaries.ts';
import { concatSegments } from '../render/chunks/concat-segments.ts';
import { audioCodecArgs } from '../render/encode/format-args.ts';
import { FORMATS } from '../render/formats/formats.ts';
import { runFfmpegWithProgress } from './ffmpeg-progress.ts';
import type { InputInfo } from './inspect-input.ts';
import type { TranscodeOutput } from './spec.ts';
import { outputSize, QUIET, transcodeArgs, type WatermarkInput } from './video-args.ts';

const run = promisify(execFile);

export interface SegmentPlan {
  index: number;
  /** Seconds from the input's start: a keyframe, so the seek is exact and cheap. */
  start: number;
  /** Output frames of this segment (at the output frame rate). */
  frames: number;
}

/**
 * Presentation times of the video keyframes, from the packet index (no decoding), relative to
 * the first frame. CSV rather than the JSON report of probe/ffprobe.ts: a 4-hour input has
 * hundreds of thousands of packets.
 */
export async function keyframeTimes(file: string, signal?: AbortSignal): Promise<{ keyframes: number[]; end: number }> {
  const { stdout } = await run(ffprobePath(), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,duration_time,flags', '-of', 'csv=p=0', file], {
    maxBuffer: 256 * 1024 * 1024,
    ...(signal ? { signal } : {}),
  });
  const packets = stdout
    .trim()
    .split('\n')
    .map((line) => line.split(','))
    .map(([pts, duration, flags]) => ({ pts: Number(pts), duration: Number(duration) || 0, key: (flags ?? '').includes('K') }))
    .filter((p) => Number.isFinite(p.pts));
  if (!packets.length) return { keyframes: [0], end: 0 };
  const first = Math.min(...packets.map((p) => p.pts));
  const last = packets.reduce((a, b) => (b.pts > a.pts ? b : a));
  const keyframes = [...new Set(packets.filter((p) => p.key).map((p) => Math.round((p.pts - first) * 1e6) / 1e6))].sort((a, b) => a - b);
  return { keyframes, end: last.pts - first + last.duration };
}

/**
 * `count` segments of about equal length, each starting at the keyframe nearest its ideal
 * start. Frame counts come from one grid (round(t × fps)), so the segments add up to exactly
 * the frames a whole-file transcode would make.
 */
export function planSegments(keyframes: readonly number[], end: number, fps: number, count: number): SegmentPlan[] {
  const starts = [0];
  for (let i = 1; i < count; i++) {
    const ideal = (end * i) / count;
    const nearest = keyframes.reduce((a, b) => (Math.abs(b - ideal) < Math.abs(a - ideal) ? b : a), 0);
    if (nearest > starts.at(-1)! && nearest < end) starts.push(nearest);
  }
  const grid = (t: number) => Math.round(t * fps);
  return starts.map((start, index) => ({ index, start, frames: grid(starts[index + 1] ?? end) - grid(start) }));
}

export interface SegmentEncode {
  input: string;
  info: InputInfo;
  options: TranscodeOutput;
  segment: SegmentPlan;
  output: string;
  watermark?: WatermarkInput | undefined;
  signal?: AbortSignal | undefined;
  onTime?: ((seconds: number) => void) | undefined;
}

/** One segment, video only, in the output's container, starting with a keyframe. */
export async function encodeSegment(s: SegmentEncode): Promise<void> {
  const video = s.info.video!;
  await runFfmpegWithProgress(
    transcodeArgs({
      input: s.input, output: s.output, options: s.options, size: outputSize(video, s.options), fps: s.options.fps ?? video.fps, audio: false,
      watermark: s.watermark, range: { start: s.segment.start, frames: s.segment.frames }, colorSpace: video.colorSpace,
    }),
    { what: `transcoding segment ${s.segment.index + 1}`, signal: s.signal, onTime: s.onTime },
  );
}

/** The segment file's extension for an output format. */
export function segmentExtension(format: TranscodeOutput['format']): string {
  return FORMATS[format].extension;
}

export interface JoinSpec {
  input: string;
  info: InputInfo;
  options: TranscodeOutput;
  segments: readonly string[];
  output: string;
  workDir: string;
  signal?: AbortSignal | undefined;
}

/** Joins the segments by stream copy, with the input's audio encoded once for the whole length. */
export async function joinSegments(j: JoinSpec): Promise<void> {
  const profile = FORMATS[j.options.format];
  const withAudio = j.options.audio !== false && j.info.audio !== undefined;
  const audioFile = withAudio ? path.join(j.workDir, `audio${j.options.format === 'webm' ? '.mka' : '.m4a'}`) : undefined;
  try {
    if (audioFile) {
      await runFfmpegWithProgress(
        [...QUIET, '-i', j.input, '-map', '0:a:0', '-vn', ...audioCodecArgs({ codec: profile.audioCodec!, bitrate: j.options.audioBitrate ?? profile.defaultAudioBitrate }), audioFile],
        { what: 'encoding the audio of the joined video', signal: j.signal },
      );
    }
    await concatSegments({
      segments: j.segments,
      output: j.output,
      muxer: j.options.format === 'webm' ? 'webm' : j.options.format === 'mov' ? 'mov' : 'mp4',
      ...(audioFile ? { audioFile } : {}),
      ...(j.signal ? { signal: j.signal } : {}),
    });
  } finally {
    if (audioFile) await rm(audioFile, { force: true });
  }
}

export interface SplitTranscode {
  input: string;
  info: InputInfo;
  options: TranscodeOutput;
  /** How many segments to cut. */
  count: number;
  /** How many segments are encoded at once on this machine. */
  parallel: number;
  workDir: string;
  output: string;
  watermark?: WatermarkInput | undefined;
  signal?: AbortSignal | undefined;
}

/** The split path on one machine (CLI, bench): plan, encode `parallel` segments at a time, join. */
export async function splitTranscode(s: SplitTranscode): Promise<SegmentPlan[]> {
  const { keyframes, end } = await keyframeTimes(s.input, s.signal);
  const plan = planSegments(keyframes, end, s.options.fps ?? s.info.video!.fps, s.count);
  const files = plan.map((p) => path.join(s.workDir, `segment-${String(p.index).padStart(4, '0')}${segmentExtension(s.options.format)}`));
  let next = 0;
  const lane = async () => {
    while (next < plan.length) {
      const i = next++;
      await encodeSegment({ input: s.input, info: s.info, options: s.options, segment: plan[i]!, output: files[i]!, watermark: s.watermark, signal: s.signal });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, s.parallel) }, lane));
    await joinSegments({ input: s.input, info: s.info, options: s.options, segments: files, output: s.output, workDir: s.workDir, signal: s.signal });
  } finally {
    await Promise.all(files.map((f) => rm(f, { force: true })));
  }
  return plan;
}
