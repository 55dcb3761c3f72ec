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
}

export type StoredFile = { kind: 'path'; path: string } | { kind: 'url'; url: string };

export function renderKey(renderId: string, name: string): string {
  return `renders/${renderId}/${name}`;
}

export function renderPrefix(renderId: string): string {
  return `renders/${renderId}/`;
}
