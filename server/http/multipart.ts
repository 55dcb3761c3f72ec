import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import busboy from 'busboy';
import { FramewrightError } from '../../src/errors/index.ts';

export interface UploadedFile {
  /** Temporary file holding the upload; the caller moves or deletes it. */
  path: string;
  /** The name the client gave (only ever shown back, never used as a path). */
  fileName: string | null;
  bytes: number;
  sha256: string;
}

export interface MultipartBody {
  fields: Record<string, string>;
  file: UploadedFile | undefined;
}

export interface MultipartOptions {
  /** The file field read (the first name is the documented one; any other file field is refused). */
  fileField: string | readonly string[];
  maxFileBytes: number;
  /** Folder for the temporary file. */
  dir: string;
  /** What the limit is called in the 413 message (e.g. MAX_ASSET_SIZE). */
  limitName: string;
}

const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 256 * 1024;

/**
 * Reads a multipart/form-data request: text fields, and one file streamed to disk while its
 * SHA-256 and size are taken. A file over the limit stops the upload at once with a 413 (the
 * rest of the body is not read into memory or onto disk).
 */
export async function readMultipart(req: Request, options: MultipartOptions): Promise<MultipartBody> {
  await mkdir(options.dir, { recursive: true });
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  const temp = path.join(options.dir, `upload-${randomBytes(8).toString('hex')}`);
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { fileSize: options.maxFileBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES } });
  } catch (error) {
    throw new FramewrightError('INVALID_REQUEST', `Malformed multipart request: ${(error as Error).message}`, { cause: error });
  }
  try {
    await new Promise<void>((resolve, reject) => {
      let pendingWrite: Promise<void> = Promise.resolve();
      const fail = (error: unknown) => {
        req.unpipe(parser);
        req.resume();
        reject(error);
      };
      parser.on('field', (name, value, info) => {
        if (info.valueTruncated) return fail(new FramewrightError('PAYLOAD_TOO_LARGE', `Form field "${name}" is larger than ${MAX_FIELD_BYTES} bytes`));
        fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        const accepted = typeof options.fileField === 'string' ? [options.fileField] : options.fileField;
        if (!accepted.includes(name)) {
          stream.resume();
          return fail(new FramewrightError('INVALID_BODY', `Unexpected file field "${name}": send the file as "${accepted[0]}"`, { issues: [{ path: [name], message: `send the file as "${accepted[0]}"` }] }));
        }
        const hash = createHash('sha256');
        let bytes = 0;
        const out = createWriteStream(temp);
        pendingWrite = new Promise<void>((done, failed) => {
          out.on('finish', done);
          out.on('error', failed);
        });
        // Awaited only when the form ends; a write cut short by the size limit is not an error of its own.
        pendingWrite.catch(() => undefined);
        stream.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          bytes += chunk.length;
        });
        stream.on('limit', () => {
          stream.unpipe(out);
          stream.resume();
          out.destroy();
          fail(new FramewrightError('PAYLOAD_TOO_LARGE', `The file is larger than ${options.maxFileBytes} bytes (${options.limitName})`));
        });
        stream.on('end', () => {
          file = { path: temp, fileName: info.filename ?? null, bytes, sha256: hash.digest('hex') };
        });
        stream.pipe(out);
      });
      parser.on('filesLimit', () => fail(new FramewrightError('INVALID_BODY', 'Send one file per request')));
      parser.on('fieldsLimit', () => fail(new FramewrightError('INVALID_BODY', `Send at most ${MAX_FIELDS} form fields`)));
      parser.on('error', (error: Error) => fail(new FramewrightError('INVALID_REQUEST', `Malformed multipart request: ${error.message}`, { cause: error })));
      parser.on('close', () => {
        pendingWrite.then(resolve, reject);
      });
      req.on('aborted', () => fail(new FramewrightError('INVALID_REQUEST', 'The client closed the upload before it ended')));
      req.pipe(parser);
    });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { fields, file };
}
