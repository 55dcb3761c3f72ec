import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CELL_INSET, DATA_BITS, frameCells, GRID } from '../fixtures/project/templates/frame-grid.tsx';

const run = promisify(execFile);

/**
 * Reads the frame number the frame-grid template painted, from a decoded frame of any size
 * (packed, `channels` bytes per pixel: 3 for RGB24, 4 for RGBA). Each cell is the mean of its
 * central part against mid-grey; undefined when the check cells disagree (a blank, frozen or
 * garbled picture) instead of a wrong number.
 */
export function readFrameNumber(frame: Buffer, width: number, height: number, channels = 3): number | undefined {
  const cells: boolean[] = [];
  for (let i = 0; i < GRID * GRID; i++) {
    const cx = ((i % GRID) + 0.5) * (width / GRID);
    const cy = (Math.floor(i / GRID) + 0.5) * (height / GRID);
    const rx = Math.max(0, Math.floor((width / GRID) * 0.2));
    const ry = Math.max(0, Math.floor((height / GRID) * 0.2));
    let sum = 0;
    let n = 0;
    for (let y = Math.round(cy - ry); y <= Math.round(cy + ry); y++) {
      for (let x = Math.round(cx - rx); x <= Math.round(cx + rx); x++) {
        const xx = Math.min(width - 1, Math.max(0, x));
        const yy = Math.min(height - 1, Math.max(0, y));
        const o = (yy * width + xx) * channels;
        sum += (frame[o]! + frame[o + 1]! + frame[o + 2]!) / 3;
        n++;
      }
    }
    cells.push(sum / n >= 128);
  }
  let value = 0;
  for (let b = 0; b < DATA_BITS; b++) value = value * 2 + (cells[b] ? 1 : 0);
  const expected = frameCells(value);
  return expected.every((c, i) => c === cells[i]) ? value : undefined;
}

/** Frame numbers of every decoded frame. */
export function readFrameNumbers(frames: readonly Buffer[], width: number, height: number, channels = 3): Array<number | undefined> {
  return frames.map((f) => readFrameNumber(f, width, height, channels));
}

/** A point in the gap left of cell `i` (between cells): background or transparency shows there. */
export function gapPoint(width: number, height: number, i = 0): { x: number; y: number } {
  return { x: Math.floor((i % GRID) * (width / GRID) + (width / GRID) * (CELL_INSET / 2)), y: Math.floor((Math.floor(i / GRID) + 0.5) * (height / GRID)) };
}

/** The centre of cell `i`. */
export function cellPoint(width: number, height: number, i = 0): { x: number; y: number } {
  return { x: Math.floor(((i % GRID) + 0.5) * (width / GRID)), y: Math.floor((Math.floor(i / GRID) + 0.5) * (height / GRID)) };
}

/**
 * Decodes every frame to RGBA (`libvpx-vp9` as the decoder for WebM: FFmpeg's own VP9 decoder
 * drops the alpha channel), at the file's own size.
 */
export async function decodeFramesRgba(file: string, width: number, height: number): Promise<Buffer[]> {
  const decoder = file.endsWith('.webm') ? ['-c:v', 'libvpx-vp9'] : [];
  const { stdout } = await run('ffmpeg', ['-v', 'error', ...decoder, '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 });
  const size = width * height * 4;
  const frames: Buffer[] = [];
  for (let o = 0; o + size <= stdout.length; o += size) frames.push(stdout.subarray(o, o + size));
  return frames;
}
