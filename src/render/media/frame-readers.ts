import type { Readable } from 'node:stream';

/** Cuts a decoder's stdout into frames. */
export interface FrameSplitter {
  /** The next whole frame, or undefined once the stream ends. */
  next(): Promise<Buffer | undefined>;
}

/**
 * Buffers a byte stream in flowing mode with explicit pause/resume: the stream is paused while
 * `highWater` bytes wait, so FFmpeg blocks instead of racing ahead. (Pulling with read(n)
 * between timer waits was seen to lose data on child-process pipes.)
 */
abstract class BufferedSplitter implements FrameSplitter {
  protected buffer: Buffer = Buffer.alloc(0);
  private chunks: Buffer[] = [];
  private pending = 0;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly stream: Readable,
    private readonly highWater: number,
  ) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.pending += chunk.length;
      if (this.pending + this.buffer.length >= highWater) stream.pause();
      this.notify();
    });
    const finish = () => {
      this.ended = true;
      this.notify();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
    stream.resume();
  }

  /** Length of the first whole frame in `buffer`, or undefined when it is not complete yet. */
  protected abstract frameLength(): number | undefined;

  async next(): Promise<Buffer | undefined> {
    for (;;) {
      if (this.chunks.length > 0) {
        this.buffer = Buffer.concat([this.buffer, ...this.chunks]);
        this.chunks = [];
        this.pending = 0;
      }
      const length = this.frameLength();
      if (length !== undefined) {
        const frame = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        if (this.buffer.length < this.highWater && !this.ended) this.stream.resume();
        return frame;
      }
      if (this.ended && this.chunks.length === 0) return undefined;
      this.stream.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Fixed-size frames (raw RGBA). */
export class RawFrameReader extends BufferedSplitter {
  constructor(
    stream: Readable,
    private readonly frameBytes: number,
  ) {
    super(stream, 2 * frameBytes);
  }

  protected frameLength(): number | undefined {
    return this.buffer.length >= this.frameBytes ? this.frameBytes : undefined;
  }
}

/** Concatenated JPEG images (image2pipe + mjpeg), split at each image's end. */
export class JpegFrameReader extends BufferedSplitter {
  constructor(stream: Readable) {
    super(stream, 4 * 1024 * 1024);
  }

  protected frameLength(): number | undefined {
    return jpegLength(this.buffer);
  }
}

/**
 * Length of the JPEG at the start of `b`, or undefined when it is incomplete. Walks the marker
 * segments by their lengths and skips entropy-coded data (where 0xFF is stuffed as FF00 and
 * FFD0–FFD7 are restart markers), so an FFD9 inside a segment cannot end an image early.
 */
export function jpegLength(b: Buffer): number | undefined {
  if (b.length < 4) return undefined;
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new Error('decoder output is not a JPEG stream');
  let i = 2;
  for (;;) {
    if (i + 2 > b.length) return undefined;
    if (b[i] !== 0xff) throw new Error(`bad JPEG marker at byte ${i}`);
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd9) return i + 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (i + 4 > b.length) return undefined;
    const length = b.readUInt16BE(i + 2);
    i += 2 + length;
    if (marker !== 0xda) continue;
    // Entropy-coded data after a start of scan, up to the next real marker.
    for (;;) {
      if (i + 1 >= b.length) return undefined;
      if (b[i] === 0xff && b[i + 1] !== 0x00 && !(b[i + 1]! >= 0xd0 && b[i + 1]! <= 0xd7)) break;
      i++;
    }
  }
}
