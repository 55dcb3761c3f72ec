import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FetchError, guardedRequest, type GuardedRequestOptions } from './guarded-request.ts';

export interface FetchedFile {
  file: string;
  /** The final URL, after redirects. */
  url: string;
  contentType: string | undefined;
  bytes: number;
}

/**
 * Downloads a URL to `file` under the request guards. Anything but a 2xx is a failure; a
 * partial download is removed.
 */
export async function fetchToFile(url: string, file: string, options: Omit<GuardedRequestOptions, 'method' | 'body'>): Promise<FetchedFile> {
  const response = await guardedRequest(url, options);
  if (response.status < 200 || response.status > 299) {
    response.destroy();
    throw new FetchError('status', url, `${url}: the server answered HTTP ${response.status}`, { status: response.status });
  }
  let bytes = 0;
  try {
    await pipeline(
      Readable.from(response.body),
      async function* count(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(file),
    );
  } catch (error) {
    await rm(file, { force: true });
    throw error instanceof FetchError ? error : new FetchError('network', url, `${url}: ${(error as Error).message}`, { cause: error });
  }
  const type = response.headers['content-type'];
  return { file, url: response.url, contentType: typeof type === 'string' ? type : undefined, bytes };
}
