import { FramewrightError } from '../../errors/index.ts';
import { ffmpegPath } from '../binaries.ts';
import { spawnChild, type Child } from '../encode/child-process.ts';
import { JpegFrameReader, RawFrameReader, type FrameSplitter } from './frame-readers.ts';
import type { VideoStreamInfo } from './probe-media.ts';

/**
 * How decoded frames travel to the page. A browser takes ~90 ms to receive 8 MB of raw 1080p
 * RGBA through fetch() but ~25 ms to receive and decode a near-lossless JPEG of it, so opaque
 * sources go as JPEG (quality 2, BT.601 full range as JFIF decoders expect); sources with alpha
 * go raw.
 */
export type FrameEncoding = 'jpeg' | 'rgba';

export function frameEncodingFor(pixelFormat: string): FrameEncoding {
  return /^(yuva|rgba|bgra|argb|abgr|gbrap|ya|pal8)/.test(pixelFormat) ? 'rgba' : 'jpeg';
}

/** Planar YUV the `colorspace` filter converts: 8-bit (`yuvj` after a plain relabel), 10 and 12-bit. */
const COLORSPACE_SOURCE = /^yuvj?(420|422|444)p((?:10|12)le)?$/;

/**
 * The filters that turn decoded frames into the JPEG's full-range BT.601 YCbCr. A BT.709 source
 * (most HD video) is re-matrixed by the `colorspace` filter, exactly: swscale's YUV-to-YUV matrix
 * change left #111827 3 levels off and, with exact rounding, white at 255,253,255 (and 10-bit
 * white at 255,253,254 even without). Other sources
 * (BT.601, full-range JPEG-style, untagged: FFmpeg reads those as BT.601) need no matrix change.
 */
export function jpegFilter(pixelFormat: string, color: { space?: string | undefined; range?: string | undefined } = {}): string {
  const jpeg = pixelFormat.startsWith('yuv420') || pixelFormat.startsWith('yuvj420') ? 'yuvj420p' : 'yuvj444p';
  const m = COLORSPACE_SOURCE.exec(pixelFormat);
  if (color.space !== 'bt709' || !m) return `scale=out_color_matrix=bt601:out_range=full,format=${jpeg}`;
  const range = pixelFormat.startsWith('yuvj') || color.range === 'pc' ? 'pc' : 'tv';
  return [
    `scale=in_range=${range}:out_range=${range},format=yuv${m[1]}p${m[2] ?? ''}`,
    `colorspace=ispace=bt709:iprimaries=bt709:itrc=bt709:irange=${range}:space=bt470bg:primaries=bt709:trc=bt709:range=pc:fast=1${m[2] ? `:format=yuv${m[1]}p` : ''}`,
    `scale=in_range=pc:out_range=pc,format=${jpeg}`,
  ].join(',');
}

/** Pure: FFmpeg arguments that decode a video stream from `startFrame` to frames on stdout. */
export function decodeArgs(
  file: string, fps: number, startFrame: number, encoding: FrameEncoding = 'rgba', pixelFormat = 'yuv420p',
  color: { space?: string | undefined; range?: string | undefined } = {},
): string[] {
  // Half a frame early: accurate seeking drops every frame before the position, so the first
  // frame out is exactly `startFrame` despite rounding in the timestamps.
  const seek = startFrame > 0 ? ['-ss', ((startFrame - 0.5) / fps).toFixed(6)] : [];
  const output =
    encoding === 'rgba'
      ? ['-f', 'rawvideo', '-pix_fmt', 'rgba']
      : ['-vf', jpegFilter(pixelFormat, color), '-c:v', 'mjpeg', '-q:v', '2', '-f', 'image2pipe'];
  return ['-hide_banner', '-loglevel', 'error', ...seek, '-i', file, '-map', '0:v:0', '-an', '-sn', '-fps_mode', 'passthrough', ...output, 'pipe:1'];
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
  private reader: FrameSplitter | undefined;
  readonly encoding: FrameEncoding;
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
    this.encoding = frameEncodingFor(info.pixelFormat);
    this.frameBytes = info.width * info.height * 4;
    // Pages ask for neighbouring frames a few at a time: a dozen raw 1080p frames (~100 MB) is
    // plenty (JPEGs are counted at a quarter of that, generously).
    const bytesPerFrame = this.encoding === 'rgba' ? this.frameBytes : this.frameBytes / 4;
    this.maxCached = Math.max(8, Math.min(120, Math.floor((96 * 1024 * 1024) / bytesPerFrame)));
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
    this.child = spawnChild(ffmpegPath(), decodeArgs(this.file, this.info.fps, index, this.encoding, this.info.pixelFormat, { space: this.info.colorSpace, range: this.info.colorRange }));
    const stdout = this.child.process.stdout;
    this.reader = this.encoding === 'rgba' ? new RawFrameReader(stdout, this.frameBytes) : new JpegFrameReader(stdout);
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
