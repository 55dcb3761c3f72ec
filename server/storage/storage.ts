import type { Readable } from 'node:stream';

/**
 * Where finished outputs live. Keys look like `renders/<id>/<name>`; a render's metadata is
 * `renders/<id>/render.json` beside its file. Failures are STORAGE_FAILED (transient) so the
 * worker's retry policy treats a storage blip like a browser crash: worth another attempt.
 */
export interface Storage {
  readonly kind: 'local' | 's3';
  /** Uploads a file (multipart when large); resolves once it is durable. */
  putFile(key: string, file: string, options: { contentType: string; signal?: AbortSignal }): Promise<void>;
  putJson(key: string, value: unknown, options?: { signal?: AbortSignal }): Promise<void>;
  getJson(key: string): Promise<unknown>;
  exists(key: string): Promise<boolean>;
  /** How a client gets the file: a local path to stream, or a presigned URL to redirect to. */
  locate(key: string, options: { downloadName: string }): Promise<StoredFile>;
  /** Deletes every object under `prefix` (a render's folder). */
  deletePrefix(prefix: string): Promise<void>;
  /** Checks that the store answers (readiness). */
  check(): Promise<void>;
  /** A stream of the object's bytes (zips of batch outputs, asset checks). */
  openRead(key: string, options?: { signal?: AbortSignal }): Promise<Readable>;
  /**
   * A local file holding the object: the stored file itself for local storage, a download into
   * `dir` for S3. The caller owns `dir` and deletes it; it never deletes the returned file.
   */
  fileFor(key: string, options: { dir: string; signal?: AbortSignal }): Promise<string>;
  /** A presigned PUT URL for a client to upload an object straight to the store (S3 only). */
  presignUpload?(key: string, options: { expiresInSeconds: number; contentLength?: number }): Promise<string>;
}

export type StoredFile = { kind: 'path'; path: string } | { kind: 'url'; url: string };

export function renderKey(renderId: string, name: string): string {
  return `renders/${renderId}/${name}`;
}

export function renderPrefix(renderId: string): string {
  return `renders/${renderId}/`;
}
