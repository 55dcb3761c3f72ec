import { createHash } from 'node:crypto';
import path from 'node:path';
import { FramewrightError } from '../../errors/index.ts';
import { FetchError, fetchToFile, type FetchedFile } from '../../net/index.ts';

/** Limits on what a render may download. From the project config (`remoteAssets`). */
export interface RemoteAssetOptions {
  /** Allow loopback, private and link-local targets (SSRF guard off). @defaultValue false */
  allowPrivateNetwork: boolean;
  /** Deadline for one download. @defaultValue 30000 */
  timeoutMs: number;
  /** Largest file accepted. @defaultValue 512 MiB */
  maxBytes: number;
}

export const DEFAULT_REMOTE_ASSET_OPTIONS: RemoteAssetOptions = { allowPrivateNetwork: false, timeoutMs: 30_000, maxBytes: 512 * 1024 * 1024 };

/**
 * Remote assets of one render: each URL is downloaded once (every page and the audio mix share
 * the file), and a failure is remembered, so asking again gives the same error at no cost.
 */
export class RemoteAssets {
  private readonly files = new Map<string, Promise<FetchedFile>>();

  constructor(
    private readonly dir: string,
    private readonly options: RemoteAssetOptions,
    private readonly signal: AbortSignal,
  ) {}

  get(url: string): Promise<FetchedFile> {
    let file = this.files.get(url);
    if (!file) {
      file = this.download(url);
      // Kept rejected on purpose (see above); callers observe it, this only silences the spare copy.
      file.catch(() => undefined);
      this.files.set(url, file);
    }
    return file;
  }

  private async download(url: string): Promise<FetchedFile> {
    const name = createHash('sha256').update(url).digest('hex').slice(0, 24) + (path.extname(new URL(url).pathname).slice(0, 8) || '');
    try {
      return await fetchToFile(url, path.join(this.dir, name), {
        policy: { allowPrivateNetwork: this.options.allowPrivateNetwork },
        timeoutMs: this.options.timeoutMs,
        maxBytes: this.options.maxBytes,
        signal: this.signal,
      });
    } catch (error) {
      if (error instanceof FetchError) {
        throw new FramewrightError('ASSET_FETCH_FAILED', `Could not fetch ${error.message}`, { cause: error });
      }
      throw new FramewrightError('ASSET_FETCH_FAILED', `Could not fetch ${url}: ${(error as Error).message}`, { cause: error });
    }
  }
}
