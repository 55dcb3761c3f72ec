import { createWriteStream } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import type { FrameSink } from './output-writer.ts';

// A fixed timestamp: the same frames give a byte-identical zip.
const MTIME = new Date('2000-01-01T00:00:00Z');

/** A zip written as entries arrive. PNG and MPEG-TS are compressed already, so entries are stored. */
class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly out;
  private readonly done: Promise<void>;

  constructor(readonly file: string) {
    this.out = createWriteStream(file);
    this.zip.outputStream.pipe(this.out);
    this.done = finished(this.out);
    // Observed by close(); after destroy() (an abort) a write error no longer matters.
    this.done.catch(() => undefined);
  }

  addBuffer(data: Buffer, name: string): void {
    this.zip.addBuffer(data, name, { compress: false, mtime: MTIME });
  }

  addFile(file: string, name: string): void {
    this.zip.addFile(file, name, { compress: false, mtime: MTIME });
  }

  async close(): Promise<void> {
    this.zip.end();
    await this.done;
  }

  async destroy(): Promise<void> {
    this.out.destroy();
    await rm(this.file, { force: true });
  }
}

/** A frame sink that stores each PNG as `frame-000123.png` (the template's frame number). */
export class ZipFrameSink implements FrameSink {
  private writer: ZipWriter | undefined;
  private index = 0;

  constructor(
    private readonly file: string,
    private readonly frames: readonly number[],
  ) {}

  start(): void {
    this.writer = new ZipWriter(this.file);
  }

  async writeFrame(image: Buffer): Promise<void> {
    const frame = this.frames[this.index++] ?? this.index - 1;
    this.writer!.addBuffer(image, `frame-${String(frame).padStart(6, '0')}.png`);
  }

  async finish(): Promise<void> {
    await this.writer!.close();
  }

  async abort(): Promise<void> {
    await this.writer?.destroy();
  }
}

/** Zips a folder (recursively) with paths relative to it, under `prefix/`. */
export async function zipDirectory(dir: string, file: string, prefix: string): Promise<void> {
  const writer = new ZipWriter(file);
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const f of files) writer.addFile(f, path.posix.join(prefix, path.relative(dir, f).split(path.sep).join('/')));
    await writer.close();
  } catch (error) {
    await writer.destroy();
    throw error;
  }
}
