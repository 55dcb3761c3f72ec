import type { Readable } from 'node:stream';
import { FramewrightError } from '../../errors/index.ts';
import { ffmpegPath } from '../binaries.ts';
import { spawnChild, type Child } from '../encode/child-process.ts';
import type { VideoStreamInfo } from './probe-media.ts';

/** Pure: FFmpeg arguments that decode a video stream from `startFrame` to raw RGBA on stdout. */
export function decodeArgs(file: string, fps: number, startFrame: number): string[] {
  // Half a frame early: accurate seeking drops every frame before the position, so the first
  // frame out is exactly `startFrame` despite rounding in the timestamps.
  const seek = startFrame > 0 ? ['-ss', ((startFrame - 0.5) / fps).toFixed(6)] : [];
  return ['-hide_banner', '-loglevel', 'error', ...seek, '-i', file, '-map', '0:v:0', '-an', '-sn', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'];
}

/** Pure: the source frame shown at `seconds`, looping within [from, to) or held at the end. */
export function frameAt(seconds: number, o: { fps: number; frameCount: number; loop: boolean; from: number; to: number | undefined }): number {
  const last = o.frameCount - 1;
  const end = Math.min(o.to ?? Infinity, o.frameCount / o.fps);
  let t = seconds;
  if (o.loop && end > o.from) t = o.from + ((((t - o.from) % (end - o.from)) + (end - o.from)) % (end - o.from));
  const index = Math.floor(t * o.fps + 1e-6);
  const lastInRange = Math.min(last, Math.ceil(end * o.fps - 1e-6) - 1);
  return Math.max(0, Math.min(index, lastInRange));
}

/**
 * Decodes one source file on demand, for one render. Pages ask for frames in roughly ascending
 * order, so one FFmpeg reads forward; a jump back or far ahead restarts it at the frame. Recent
 * frames are kept (bounded by bytes) because several pages ask for neighbouring frames.
 */
export class VideoDecoder {
  private child: Child | undefined;
  private reader: FrameReader | undefined;
  private nextIndex = 0;
  private ended = false;
  private last: { index: number; data: Buffer } | undefined;
  private readonly cache = new Map<number, Buffer>();
  private readonly frameBytes: number;
  private readonly maxCached: number;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly file: string,
    readonly info: VideoStreamInfo,
    private readonly label: string,
  ) {
    this.frameBytes = info.width * info.height * 4;
    // Pages ask for neighbouring frames a few at a time: a dozen 1080p frames (~100 MB) is plenty.
    this.maxCached = Math.max(8, Math.min(120, Math.floor((96 * 1024 * 1024) / this.frameBytes)));
  }

  /** RGBA pixels of frame `index` (clamped to the frames the file really has). */
  frame(index: number): Promise<Buffer> {
    const result = this.queue.then(() => this.read(index));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
    this.cache.clear();
  }

  private async read(index: number): Promise<Buffer> {
    if (this.closed) throw new FramewrightError('CANCELED', 'The render was canceled');
    const cached = this.cache.get(index);
    if (cached) return cached;
    const forward = index >= this.nextIndex && index - this.nextIndex <= Math.max(8, this.info.fps * 2);
    if (!this.child || !forward) await this.restart(index);
    while (this.nextIndex <= index && !this.ended) {
      const data = await this.readFrame();
      if (!data) break;
      this.keep(this.nextIndex++, data);
    }
    const hit = this.cache.get(index) ?? (this.ended && this.last && this.last.index <= index ? this.last.data : undefined);
    if (!hit) throw new FramewrightError('ASSET_FETCH_FAILED', `${this.label}: frame ${index} could not be decoded`);
    return hit;
  }

  private keep(index: number, data: Buffer): void {
    this.cache.set(index, data);
    this.last = { index, data };
    while (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
  }

  private async restart(index: number): Promise<void> {
    await this.stop();
    this.child = spawnChild(ffmpegPath(), decodeArgs(this.file, this.info.fps, index));
    this.reader = new FrameReader(this.child.process.stdout, this.frameBytes);
    this.nextIndex = index;
    this.ended = false;
  }

  private async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.reader = undefined;
    if (!child) return;
    // Unread frames would hold the pipe (and so the child's exit) open: drop them first.
    child.process.stdout.destroy();
    await child.kill();
  }

  /** The next frame from FFmpeg, or undefined at the end of the stream. */
  private async readFrame(): Promise<Buffer | undefined> {
    const child = this.child!;
    const frame = await this.reader!.next();
    if (frame) return frame;
    this.ended = true;
    const { code, stderr } = await child.exited;
    if (code !== 0 && code !== null && this.last === undefined) {
      throw new FramewrightError('ASSET_FETCH_FAILED', `${this.label} could not be decoded: ${stderr.trim().split('\n').slice(-2).join(' | ')}`);
    }
    return undefined;
  }
}

/**
 * Cuts a byte stream into fixed-size frames, keeping at most a couple buffered (the stream is
 * paused beyond that, so FFmpeg waits). Flowing mode with explicit pause/resume: pulling with
 * read(n) between timer waits was seen to lose data on child-process pipes.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly stream: Readable,
    private readonly frameBytes: number,
  ) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.length += chunk.length;
      if (this.length >= 2 * frameBytes) stream.pause();
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

  /** The next whole frame, or undefined once the stream ends. */
  async next(): Promise<Buffer | undefined> {
    while (this.length < this.frameBytes && !this.ended) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.length < this.frameBytes) return undefined;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const frame = all.subarray(0, this.frameBytes);
    const rest = all.subarray(this.frameBytes);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    if (this.length < 2 * this.frameBytes && !this.ended) this.stream.resume();
    return frame;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
