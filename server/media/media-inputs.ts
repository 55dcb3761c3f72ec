import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { FramewrightError } from '../../src/errors/index.ts';
import { FetchError, fetchToFile } from '../../src/net/index.ts';
import { assetKey } from '../assets/asset-service.ts';
import type { AssetStore } from '../assets/asset-store.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * Resolves `asset:<id>` of an owner to a local file the caller may keep (a copy in `dir`), or
 * throws NOT_FOUND. Assets come from the asset store (POST /v1/assets); another key's asset is
 * not found, exactly like a missing one.
 */
export type MediaAssetSource = (owner: string, id: string, o: { dir: string; signal?: AbortSignal | undefined }) => Promise<{ file: string }>;

/** Assets uploaded with POST /v1/assets: the caller's own only (another key's answers as missing). */
export function storedAssets(storage: Storage, store: AssetStore): MediaAssetSource {
  return async (owner, id, { dir, signal }) => {
    if (!/^[0-9a-f]{64}$/.test(id) || !(await store.get(owner, id))) throw new FramewrightError('NOT_FOUND', `No asset "${id}"`, { issues: [{ path: ['input'], message: `no asset ${id}` }] });
    return { file: await storage.fileFor(assetKey(id), { dir, ...(signal ? { signal } : {}) }) };
  };
}

export interface FetchInputOptions {
  owner: string;
  ref: string;
  /** Where the copy goes (a folder of this request's own). */
  dir: string;
  name: string;
  assets: MediaAssetSource;
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
  /** The request field, for error paths (`input`, `watermark.image`). */
  field: string[];
  signal?: AbortSignal | undefined;
}

/**
 * A local copy of an input reference: an asset of the caller's, or a URL downloaded through the
 * one network guard (private and loopback addresses refused unless MEDIA_ALLOW_PRIVATE_INPUTS).
 */
export async function fetchInput(o: FetchInputOptions): Promise<string> {
  await mkdir(o.dir, { recursive: true });
  const target = path.join(o.dir, o.name);
  const asset = /^asset:(.+)$/.exec(o.ref);
  if (asset) {
    // The asset source names no field: the error must point at the one that holds the ref
    // (`watermark.image` as well as `input`).
    const { file } = await o.assets(o.owner, asset[1]!, { dir: o.dir, signal: o.signal }).catch((error: unknown) => {
      if (!(error instanceof FramewrightError)) throw error;
      throw new FramewrightError(error.code, error.message, { cause: error, issues: [{ path: o.field, message: error.issues[0]?.message ?? error.message }] });
    });
    if (file !== target) await copyFile(file, target);
    return target;
  }
  try {
    await fetchToFile(o.ref, target, { policy: { allowPrivateNetwork: o.allowPrivate }, timeoutMs: o.timeoutMs, maxBytes: o.maxBytes, ...(o.signal ? { signal: o.signal } : {}) });
    return target;
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    const code = error.reason === 'too-large' ? 'MEDIA_LIMIT_EXCEEDED' : error.reason === 'aborted' ? 'CANCELED' : 'ASSET_FETCH_FAILED';
    throw new FramewrightError(code, `Could not fetch ${error.message}`, { cause: error, issues: [{ path: o.field, message: error.message }] });
  }
}

/** A local file for a stored key: the file itself with local storage, a download into `dir` with S3. */
export function storedFile(storage: Storage, key: string, dir: string, signal?: AbortSignal): Promise<string> {
  return storage.fileFor(key, { dir, ...(signal ? { signal } : {}) });
}

export function mediaKey(jobId: string, name: string): string {
  return `media/${jobId}/${name}`;
}

export function mediaPrefix(jobId: string): string {
  return `media/${jobId}/`;
}
