import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { canceledError, FramewrightError, throwIfAborted } from '../../errors/index.ts';
import { ffmpegPath } from '../binaries.ts';
import { spawnChild } from '../encode/child-process.ts';
import { WRITER_HEAD } from '../encode/ffmpeg-args.ts';

export interface ConcatOptions {
  /** Segment files in playing order; each begins with a keyframe and has the same encoding. */
  segments: readonly string[];
  /**
   * Each segment's exact length in seconds (its frames / fps). The demuxer otherwise places each
   * segment after the previous one's container duration, which the muxers round (MP4 by a few
   * ticks, WebM to the millisecond): the error adds up seam by seam and the picture drifts away
   * from a sound track mixed once for the whole timeline.
   */
  durations?: readonly number[];
  output: string;
  /** An audio track for the whole timeline, muxed as it is (no re-encode). */
  audioFile?: string;
  /** FFmpeg muxer name (`mp4`, `mov`, `webm`). @defaultValue 'mp4' */
  muxer?: string;
  signal?: AbortSignal;
}

/** One entry of a concat-demuxer list; quotes in paths are escaped as the demuxer expects. */
export function concatListLine(file: string, durationSeconds?: number): string {
  const line = `file '${path.resolve(file).replace(/'/g, "'\\''")}'`;
  // Microseconds: what the demuxer keeps, so the rounding stays below a microsecond a seam.
  return durationSeconds === undefined ? line : `${line}\nduration ${durationSeconds.toFixed(6)}`;
}

export function concatArgs(listFile: string, output: string, o: { audioFile?: string; muxer: string }): string[] {
  const args = [...WRITER_HEAD, '-f', 'concat', '-safe', '0', '-i', listFile];
  if (o.audioFile) args.push('-i', o.audioFile, '-map', '0:v:0', '-map', '1:a:0', '-shortest');
  else args.push('-map', '0:v:0');
  args.push('-c', 'copy');
  if (o.muxer === 'mp4' || o.muxer === 'mov') args.push('-movflags', '+faststart');
  args.push('-f', o.muxer, output);
  return args;
}

/**
 * Joins chunk segments into one file with FFmpeg's concat demuxer: a stream copy, so assembly
 * costs I/O, not encoding. Written to a temporary name and renamed when complete.
 */
export async function concatSegments(o: ConcatOptions): Promise<void> {
  if (o.segments.length === 0) throw new FramewrightError('INTERNAL', 'concatSegments() needs at least one segment');
  throwIfAborted(o.signal);
  await mkdir(path.dirname(o.output), { recursive: true });
  const suffix = randomBytes(4).toString('hex');
  const listFile = path.join(path.dirname(o.output), `.concat-${suffix}.txt`);
  const temp = path.join(path.dirname(o.output), `.${path.basename(o.output)}.${suffix}.part`);
  if (o.durations && o.durations.length !== o.segments.length) {
    throw new FramewrightError('INTERNAL', `concatSegments() got ${o.durations.length} durations for ${o.segments.length} segments`);
  }
  await writeFile(listFile, `${o.segments.map((file, i) => concatListLine(file, o.durations?.[i])).join('\n')}\n`);
  const child = spawnChild(ffmpegPath(), concatArgs(listFile, temp, { ...(o.audioFile ? { audioFile: o.audioFile } : {}), muxer: o.muxer ?? 'mp4' }));
  const onAbort = () => void child.kill();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { code, signal, stderr } = await child.exited;
    if (o.signal?.aborted) throw canceledError(o.signal.reason);
    if (code !== 0) {
      throw new FramewrightError('ENCODER_FAILED', `Joining ${o.segments.length} segments failed (${signal ?? `code ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    await rename(temp, o.output);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await rm(listFile, { force: true });
    await rm(temp, { force: true });
  }
}
