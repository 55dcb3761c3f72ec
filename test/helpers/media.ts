import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProbeStream {
  codec_name: string;
  codec_type: 'video' | 'audio' | string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  nb_read_frames?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
}

export interface Probe {
  streams: ProbeStream[];
  format: { format_name: string; duration?: string; size?: string };
}

/** ffprobe with an exact decoded frame count (-count_frames). */
export async function probe(file: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-show_format', '-of', 'json', file], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Probe;
}

export function videoStream(p: Probe): ProbeStream {
  const s = p.streams.find((x) => x.codec_type === 'video');
  if (!s) throw new Error('no video stream');
  return s;
}

/** Decodes every frame to packed RGB24 at the given size (default: the video's own). */
export async function decodeFrames(file: string, width: number, height: number): Promise<Buffer[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const size = width * height * 3;
  const frames: Buffer[] = [];
  for (let o = 0; o + size <= stdout.length; o += size) frames.push(stdout.subarray(o, o + size));
  return frames;
}

/**
 * Decodes every frame to RGB24 the way a careful player does: YUV range and matrix from the
 * stream's tags, exact rounding and full chroma interpolation, so the numbers measure the file
 * and not a fast decode. What colour tests read.
 */
export async function decodeFramesExact(file: string): Promise<Buffer[]> {
  const vf = 'scale=in_color_matrix=auto:in_range=auto:flags=accurate_rnd+full_chroma_int+full_chroma_inp+bitexact,format=rgb24';
  const p = await probe(file);
  const v = videoStream(p);
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-vf', vf, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const size = v.width! * v.height! * 3;
  const frames: Buffer[] = [];
  for (let o = 0; o + size <= stdout.length; o += size) frames.push(stdout.subarray(o, o + size));
  return frames;
}

/** Decodes an image file (PNG/JPEG/WebP) to RGB24. */
export async function decodeImage(file: string, width: number, height: number): Promise<Buffer> {
  const frames = await decodeFrames(file, width, height);
  if (!frames[0]) throw new Error(`could not decode ${file}`);
  return frames[0];
}

export function pixel(frame: Buffer, width: number, x: number, y: number): [number, number, number] {
  const o = (y * width + x) * 3;
  return [frame[o]!, frame[o + 1]!, frame[o + 2]!];
}

/** Mean colour of a square around (x, y): robust to codec noise at edges. */
export function meanColor(frame: Buffer, width: number, x: number, y: number, radius = 4): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const p = pixel(frame, width, x + dx, y + dy);
      sum[0]! += p[0];
      sum[1]! += p[1];
      sum[2]! += p[2];
      n++;
    }
  }
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

export function colorDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(Math.abs(a[0]! - b[0]!), Math.abs(a[1]! - b[1]!), Math.abs(a[2]! - b[2]!));
}

/** Mean absolute difference of two RGB24 images of one size. */
export function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** The RGB24 crop (x, y, w, h) of a frame `width` pixels wide. */
export function cropRgb(frame: Buffer, width: number, x: number, y: number, w: number, h: number): Buffer {
  const out = Buffer.alloc(w * h * 3);
  for (let row = 0; row < h; row++) frame.copy(out, row * w * 3, ((y + row) * width + x) * 3, ((y + row) * width + x + w) * 3);
  return out;
}
