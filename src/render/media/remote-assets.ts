import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FramewrightError } from '../../errors/index.ts';
import { FetchError, fetchToFile, type FetchedFile } from '../../net/index.ts';

/**
 * Where `asset:<id>` sources come from (the service's uploaded assets): a local file holding
 * the asset, and its sniffed content type. Files written under `dir` are deleted with the render.
 */
export type AssetResolver = (id: string, options: { dir: string; signal: AbortSignal }) => Promise<{ file: string; contentType: string }>;

/** `asset:<id>`: an uploaded asset, resolved by the host's AssetResolver, never fetched over the network. */
export const ASSET_SCHEME = 'asset:';

/** Limits on what a render may download. From the project config (`remoteAssets`). */
export interface RemoteAssetOptions {
  /** Resolves `asset:<id>` sources (set by the service; absent, such sources fail the render). */
  resolveAsset?: AssetResolver;
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
    if (url.startsWith(ASSET_SCHEME)) return this.stored(url);
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

  /** An uploaded asset: read from the asset store, so no private-network rule is bent for it. */
  private async stored(src: string): Promise<FetchedFile> {
    const id = src.slice(ASSET_SCHEME.length);
    const resolve = this.options.resolveAsset;
    if (!resolve) throw new FramewrightError('ASSET_FETCH_FAILED', `${src}: uploaded assets can only be used by renders of the service`);
    try {
      const { file, contentType } = await resolve(id, { dir: this.dir, signal: this.signal });
      const { size } = await stat(file);
      return { file, url: src, contentType, bytes: size };
    } catch (error) {
      if (error instanceof FramewrightError && error.code === 'CANCELED') throw error;
      throw new FramewrightError('ASSET_FETCH_FAILED', `Could not load ${src}: ${(error as Error).message}`, { cause: error });
    }
  }
}
