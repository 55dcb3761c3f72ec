import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { FramewrightError, throwIfAborted } from '../../src/errors/index.ts';
import type { StorageConfig } from '../config/load-config.ts';
import type { Storage, StoredFile } from './storage.ts';

type S3Config = Extract<StorageConfig, { kind: 's3' }>;

function storageError(action: string, key: string, error: unknown): FramewrightError {
  if (error instanceof FramewrightError) return error;
  return new FramewrightError('STORAGE_FAILED', `S3 could not ${action} ${key}: ${(error as Error).message}`, { cause: error });
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Any S3-compatible store. Files over one part size go up as a multipart upload
 * (`@aws-sdk/lib-storage`, a few parts in flight); a failed or cancelled upload is aborted so
 * no orphan parts are billed.
 * Credentials come from the SDK's usual chain (AWS_ACCESS_KEY_ID, profiles, instance roles).
 */
export class S3Storage implements Storage {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      // The SDK's default checksums send `aws-chunked` bodies with trailers, which many
      // S3-compatible stores do not understand (they store the chunk framing as data).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    });
  }

  async putFile(key: string, file: string, options: { contentType: string; signal?: AbortSignal }): Promise<void> {
    throwIfAborted(options.signal);
    try {
      const { size } = await stat(file);
      if (size <= this.config.partSizeBytes) {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: createReadStream(file), ContentLength: size, ContentType: options.contentType }),
          { abortSignal: options.signal },
        );
        return;
      }
      await this.multipart(key, file, options);
    } catch (error) {
      throwIfAborted(options.signal);
      throw storageError('upload', key, error);
    }
  }

  private async multipart(key: string, file: string, options: { contentType: string; signal?: AbortSignal }): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: createReadStream(file), ContentType: options.contentType },
      partSize: this.config.partSizeBytes,
      queueSize: 4,
      // A failed upload removes its parts; the caller sees the original failure.
      leavePartsOnError: false,
    });
    const abort = () => void upload.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      await upload.done();
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  }

  async putJson(key: string, value: unknown, options: { signal?: AbortSignal } = {}): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: JSON.stringify(value, null, 2), ContentType: 'application/json' }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      throw storageError('upload', key, error);
    }
  }

  async getJson(key: string): Promise<unknown> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return JSON.parse((await result.Body?.transformToString('utf8')) ?? 'null') as unknown;
    } catch (error) {
      throw storageError('read', key, error);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw storageError('read', key, error);
    }
  }

  async locate(key: string, options: { downloadName: string }): Promise<StoredFile> {
    const command = new GetObjectCommand({
      Bucket: this.config.bucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename="${options.downloadName.replace(/["\\]/g, '')}"`,
    });
    return { kind: 'url', url: await getSignedUrl(this.client, command, { expiresIn: this.config.presignExpiresSeconds }) };
  }

  async deletePrefix(prefix: string): Promise<void> {
    try {
      let token: string | undefined;
      do {
        const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: prefix, ContinuationToken: token }));
        const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (objects.length) await this.client.send(new DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects: objects } }));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw storageError('delete', prefix, error);
    }
  }

  async openRead(key: string, options: { signal?: AbortSignal } = {}): Promise<Readable> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }), { abortSignal: options.signal });
      if (!(result.Body instanceof Readable)) throw new Error('the SDK gave no readable body');
      return result.Body;
    } catch (error) {
      if (isNotFound(error)) throw new FramewrightError('NOT_FOUND', `No stored object ${key}`, { cause: error });
      throw storageError('read', key, error);
    }
  }

  async fileFor(key: string, options: { dir: string; signal?: AbortSignal }): Promise<string> {
    const file = path.join(options.dir, key.replace(/[^\w.-]+/g, '_'));
    const body = await this.openRead(key, options);
    try {
      await pipeline(body, createWriteStream(file), { signal: options.signal });
      return file;
    } catch (error) {
      await rm(file, { force: true });
      throwIfAborted(options.signal);
      throw storageError('download', key, error);
    }
  }

  async presignUpload(key: string, options: { expiresInSeconds: number; contentLength?: number }): Promise<string> {
    const command = new PutObjectCommand({ Bucket: this.config.bucket, Key: key, ...(options.contentLength ? { ContentLength: options.contentLength } : {}) });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch (error) {
      throw storageError('reach bucket', this.config.bucket, error);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
