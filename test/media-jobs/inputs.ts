import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestVideo {
  seconds: number;
  width: number;
  height: number;
  fps: number;
  /** A 440 Hz tone beside the picture. @defaultValue true */
  audio?: boolean;
  /** Display-matrix rotation written into the MP4 (clockwise degrees). */
  rotate?: number;
  /** Keyframe interval in frames. @defaultValue fps (one a second) */
  gop?: number;
}

/** A testsrc2 video (it draws its own time) with a tone, made with the real FFmpeg. */
export async function makeTestVideo(file: string, v: TestVideo): Promise<void> {
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${v.width}x${v.height}:rate=${v.fps}:duration=${v.seconds}`];
  if (v.audio !== false) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${v.seconds}`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p', '-g', String(v.gop ?? v.fps));
  if (v.audio !== false) args.push('-c:a', 'aac', '-b:a', '96k');
  if (v.rotate === undefined) {
    await run('ffmpeg', [...args, file]);
    return;
  }
  // FFmpeg 5.1 writes the rotate tag as a display matrix only when stream-copying: remux once.
  const plain = `${file}.plain.mp4`;
  await run('ffmpeg', [...args, plain]);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', plain, '-c', 'copy', '-metadata:s:v:0', `rotate=${v.rotate}`, file]);
  await rm(plain, { force: true });
}

/** A solid-colour PNG (the watermark of the tests). */
export async function makeImage(file: string, width: number, height: number, color: string): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${color}:s=${width}x${height}`, '-frames:v', '1', file]);
}
