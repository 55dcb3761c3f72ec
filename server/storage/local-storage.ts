import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FramewrightError, throwIfAborted } from '../../src/errors/index.ts';
import type { Storage, StoredFile } from './storage.ts';

function storageError(action: string, key: string, error: unknown): FramewrightError {
  return new FramewrightError('STORAGE_FAILED', `Local storage could not ${action} ${key}: ${(error as Error).message}`, { cause: error });
}

/** Outputs under a directory (`<DATA_DIR>/storage`), written to a temporary name and renamed. */
export class LocalStorage implements Storage {
  readonly kind = 'local';

  constructor(private readonly root: string) {}

  private resolve(key: string): string {
    const file = path.resolve(this.root, key);
    if (!file.startsWith(this.root + path.sep)) throw new FramewrightError('INVALID_REQUEST', `Storage key escapes the storage root: ${key}`);
    return file;
  }

  async putFile(key: string, file: string, options: { contentType: string; signal?: AbortSignal }): Promise<void> {
    throwIfAborted(options.signal);
    const target = this.resolve(key);
    const temp = `${target}.${process.pid}.part`;
    try {
      await mkdir(path.dirname(target), { recursive: true });
      // A rename when the file is on the same disk, a copy when it is on another one.
      await rename(file, temp).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV') throw error;
        return copyFile(file, temp);
      });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw storageError('store', key, error);
    }
  }

  async putJson(key: string, value: unknown): Promise<void> {
    const target = this.resolve(key);
    const temp = `${target}.${process.pid}.part`;
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(temp, JSON.stringify(value, null, 2));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw storageError('store', key, error);
    }
  }

  async getJson(key: string): Promise<unknown> {
    return JSON.parse(await readFile(this.resolve(key), 'utf8')) as unknown;
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.resolve(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw storageError('read', key, error);
    }
  }

  async locate(key: string): Promise<StoredFile> {
    return { kind: 'path', path: this.resolve(key) };
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.resolve(prefix), { recursive: true, force: true });
  }

  async openRead(key: string): Promise<Readable> {
    const file = await this.fileFor(key);
    return createReadStream(file);
  }

  async fileFor(key: string): Promise<string> {
    const file = this.resolve(key);
    if (!(await this.exists(key))) throw new FramewrightError('NOT_FOUND', `No stored object ${key}`);
    return file;
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
    } catch (error) {
      throw storageError('create', this.root, error);
    }
  }
}
