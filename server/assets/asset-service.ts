import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Request } from 'express';
import { FramewrightError, type ErrorIssue } from '../../src/errors/index.ts';
import type { AssetResolver } from '../../src/render/media/remote-assets.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import { readMultipart, type UploadedFile } from '../http/multipart.ts';
import type { Logger } from '../observability/logger.ts';
import type { Principal } from '../auth/principal.ts';
import type { Storage } from '../storage/storage.ts';
import type { Asset } from './asset-schemas.ts';
import type { AssetRecord, AssetStore } from './asset-store.ts';
import { hashFile } from './hash-file.ts';
import { sniffAsset } from './sniff.ts';

/** Storage key of an asset's bytes: one file per content hash, whoever uploaded it. */
export function assetKey(id: string): string {
  return `assets/${id}`;
}

const ASSET_REF = /^asset:(.*)$/;
const ASSET_ID = /^[0-9a-f]{64}$/;

/** Reads `asset:<id>` sources for renders from the asset store: no network, no guard to open. */
export function assetResolver(storage: Storage, store: AssetStore): AssetResolver {
  return async (id, { dir, signal }) => {
    if (!ASSET_ID.test(id)) throw new FramewrightError('NOT_FOUND', `"${id}" is not an asset id`);
    const contentType = await store.typeOf(id);
    if (!contentType) throw new FramewrightError('NOT_FOUND', `no asset ${id} (deleted?)`);
    return { file: await storage.fileFor(assetKey(id), { dir, signal }), contentType };
  };
}

export interface AssetServiceDeps {
  store: AssetStore;
  storage: Storage;
  config: ServiceConfig;
  logger: Logger;
  /** Folder for uploads in progress. */
  tmpDir: string;
  baseUrl: () => string;
  /** Counts stored bytes in the owner's usage. */
  onStored?: (owner: string, bytes: number) => Promise<void>;
}

/** Uploaded assets: upload (multipart or presigned), list, read, delete, and their use in props. */
export class AssetService {
  constructor(private readonly deps: AssetServiceDeps) {}

  view(record: AssetRecord): Asset {
    return {
      id: record.id,
      ref: `asset:${record.id}`,
      kind: record.kind,
      contentType: record.contentType,
      bytes: record.bytes,
      fileName: record.fileName ?? null,
      createdAt: new Date(record.createdAt).toISOString(),
      url: `${this.deps.baseUrl()}/v1/assets/${record.id}/content`,
    };
  }

  /** A multipart upload (field `file`). */
  async upload(principal: Principal, req: Request): Promise<{ record: AssetRecord; created: boolean }> {
    const { file } = await readMultipart(req, { fileField: 'file', maxFileBytes: this.deps.config.assets.maxBytes, dir: this.deps.tmpDir, limitName: 'MAX_ASSET_SIZE' });
    if (!file) throw new FramewrightError('INVALID_BODY', 'Send the file as the multipart field "file"', { issues: [{ path: ['file'], message: 'is required' }] });
    try {
      return await this.keep(principal, file);
    } finally {
      await rm(file.path, { force: true });
    }
  }

  /** Sniffs, stores (once per content) and records the file for its owner. */
  private async keep(principal: Principal, file: UploadedFile): Promise<{ record: AssetRecord; created: boolean }> {
    if (file.bytes === 0) throw new FramewrightError('INVALID_BODY', 'The file is empty', { issues: [{ path: ['file'], message: 'is empty' }] });
    const type = await sniffAsset(file.path, file.fileName);
    const { storage, store } = this.deps;
    const key = assetKey(file.sha256);
    if (!(await storage.exists(key))) await storage.putFile(key, file.path, { contentType: type.contentType });
    const record: AssetRecord = { id: file.sha256, owner: principal.owner, ...type, bytes: file.bytes, createdAt: Date.now(), ...(file.fileName ? { fileName: file.fileName.slice(0, 255) } : {}) };
    const created = await store.add(record);
    if (created) await this.deps.onStored?.(principal.owner, file.bytes);
    this.deps.logger.info({ assetId: record.id, owner: principal.owner, kind: type.kind, bytes: file.bytes, created }, 'asset uploaded');
    return { record: created ? record : ((await store.get(principal.owner, record.id)) ?? record), created };
  }

  /** A presigned PUT URL for a large file (S3 storage only); completed by `completeUpload`. */
  async createUploadUrl(principal: Principal, body: { fileName?: string | undefined; bytes: number }): Promise<{ uploadId: string; url: string; expiresAt: Date }> {
    const { storage, config, store } = this.deps;
    if (!storage.presignUpload || config.storage.kind !== 's3') {
      throw new FramewrightError('STORAGE_UNSUPPORTED', 'Presigned uploads need STORAGE=s3; with local storage upload the file to POST /v1/assets');
    }
    if (body.bytes > config.assets.maxBytes) throw new FramewrightError('PAYLOAD_TOO_LARGE', `The file is larger than ${config.assets.maxBytes} bytes (MAX_ASSET_SIZE)`);
    const uploadId = `upl_${randomBytes(12).toString('hex')}`;
    const expiresIn = config.storage.presignExpiresSeconds;
    const url = await storage.presignUpload(this.uploadKey(principal, uploadId), { expiresInSeconds: expiresIn, contentLength: body.bytes });
    await store.rememberUpload(principal.owner, uploadId, { ...(body.fileName ? { fileName: body.fileName } : {}), bytes: body.bytes }, expiresIn + 3600);
    return { uploadId, url, expiresAt: new Date(Date.now() + expiresIn * 1000) };
  }

  /** Reads back what the client PUT, checks it like a direct upload, and makes it an asset. */
  async completeUpload(principal: Principal, uploadId: string): Promise<{ record: AssetRecord; created: boolean }> {
    const { storage, store } = this.deps;
    const pending = await store.takeUpload(principal.owner, uploadId);
    if (!pending) throw new FramewrightError('NOT_FOUND', `No pending upload "${uploadId}"`);
    const staged = this.uploadKey(principal, uploadId);
    const dir = path.join(this.deps.tmpDir, uploadId);
    try {
      await mkdir(dir, { recursive: true });
      const local = await storage.fileFor(staged, { dir }).catch((error: unknown) => {
        throw new FramewrightError('NOT_FOUND', `Nothing was uploaded for "${uploadId}": PUT the file to the presigned URL first`, { cause: error });
      });
      const { sha256, bytes } = await hashFile(local);
      if (bytes > this.deps.config.assets.maxBytes) throw new FramewrightError('PAYLOAD_TOO_LARGE', `The file is larger than ${this.deps.config.assets.maxBytes} bytes (MAX_ASSET_SIZE)`);
      return await this.keep(principal, { path: local, fileName: pending.fileName ?? null, bytes, sha256 });
    } finally {
      await rm(dir, { recursive: true, force: true });
      await storage.deletePrefix(staged).catch((error: unknown) => this.deps.logger.warn({ err: error, uploadId }, 'could not delete a staged upload'));
    }
  }

  private uploadKey(principal: Principal, uploadId: string): string {
    return `uploads/${principal.owner}/${uploadId}`;
  }

  async get(principal: Principal, id: string): Promise<AssetRecord> {
    const record = await this.deps.store.get(principal.owner, id);
    // Another key's asset answers exactly like a missing one.
    if (!record) throw new FramewrightError('NOT_FOUND', `No asset "${id}"`);
    return record;
  }

  list(principal: Principal, query: { limit: number; cursor?: string | undefined }) {
    return this.deps.store.list(principal.owner, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  }

  /** Deletes the owner's asset; its file goes once no other key holds the same bytes. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.get(principal, id);
    const unused = await this.deps.store.remove(principal.owner, id);
    if (unused) await this.deps.storage.deletePrefix(assetKey(id));
    this.deps.logger.info({ assetId: id, owner: principal.owner, fileDeleted: unused }, 'asset deleted');
  }

  /**
   * Checks every asset a render's props use and writes each as `asset:<id>`: the asset's URL on
   * this server becomes its ref, an unknown id or another key's asset is an INVALID_PROPS issue
   * at its path. Props without assets come back unchanged.
   */
  async resolveProps(owner: string, props: Record<string, unknown>): Promise<Record<string, unknown>> {
    const urlPrefix = `${this.deps.baseUrl()}/v1/assets/`;
    const found: Array<{ path: Array<string | number>; id: string }> = [];
    const issues: ErrorIssue[] = [];
    const walk = (value: unknown, path: Array<string | number>): unknown => {
      if (typeof value === 'string') {
        const ref = ASSET_REF.exec(value);
        const fromUrl = value.startsWith(urlPrefix) ? /^([0-9a-f]{64})(?:\/content)?$/.exec(value.slice(urlPrefix.length)) : null;
        const id = ref ? ref[1]! : fromUrl?.[1];
        if (id === undefined) return value;
        if (!ASSET_ID.test(id)) issues.push({ path: ['props', ...path], message: `"${value}" is not an asset ref (asset:<64 hex digits>)` });
        else found.push({ path, id });
        return `asset:${id}`;
      }
      if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
      return value;
    };
    const rewritten = walk(props, []) as Record<string, unknown>;
    const owned = await this.deps.store.owned(owner, [...new Set(found.map((f) => f.id))]);
    for (const f of found) if (!owned.has(f.id)) issues.push({ path: ['props', ...f.path], message: `no asset ${f.id} (upload it with POST /v1/assets using this key)` });
    if (issues.length) throw new FramewrightError('INVALID_PROPS', `Invalid props: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { issues });
    return rewritten;
  }
}
