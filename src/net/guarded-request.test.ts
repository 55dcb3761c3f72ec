import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchToFile } from './fetch-to-file.ts';
import { FetchError, guardedRequest } from './guarded-request.ts';

let server: http.Server;
let base: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-net-'));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/ok') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    if (url.pathname === '/redirect') return void res.writeHead(302, { location: '/ok' }).end();
    if (url.pathname === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (url.pathname === '/big') return void res.writeHead(200, { 'content-length': '1000' }).end(Buffer.alloc(1000));
    if (url.pathname === '/big-chunked') {
      res.writeHead(200);
      res.write(Buffer.alloc(600));
      return void setTimeout(() => res.end(Buffer.alloc(600)), 10);
    }
    if (url.pathname === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 2_000);
    res.writeHead(404).end('nope');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = { policy: { allowPrivateNetwork: true }, timeoutMs: 5_000, maxBytes: 800 };

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('guardedRequest', () => {
  it('refuses a loopback literal by default', async () => {
    const error = await failure(guardedRequest(`${base}/ok`, { ...open, policy: { allowPrivateNetwork: false } }));
    expect(error.reason).toBe('blocked');
    expect(error.message).toMatch(/127\.0\.0\.1 is a loopback address/);
  });

  it('refuses a host name that resolves to loopback (checked at connect time)', async () => {
    const port = new URL(base).port;
    const error = await failure(guardedRequest(`http://localhost:${port}/ok`, { ...open, policy: { allowPrivateNetwork: false } }));
    expect(error.reason).toBe('blocked');
    expect(error.message).toMatch(/localhost \(.*\) is a loopback address/);
  });

  it('follows redirects and reports the final URL', async () => {
    const response = await guardedRequest(`${base}/redirect`, open);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${base}/ok`);
    response.destroy();
  });

  it('stops after too many redirects', async () => {
    expect((await failure(guardedRequest(`${base}/loop`, open))).reason).toBe('redirects');
  });

  it('refuses a declared body over the limit before reading it', async () => {
    expect((await failure(guardedRequest(`${base}/big`, open))).reason).toBe('too-large');
  });

  it('times out a slow server', async () => {
    const error = await failure(guardedRequest(`${base}/slow`, { ...open, timeoutMs: 200 }));
    expect(error.reason).toBe('timeout');
  });

  it.each(['ftp://example.com/x', 'not a url', 'http://user:pw@example.com/'])('refuses %s', async (url) => {
    expect((await failure(guardedRequest(url, open))).reason).toBe('invalid-url');
  });
});

describe('fetchToFile', () => {
  it('writes the body and the content type', async () => {
    const file = path.join(dir, 'ok.txt');
    const fetched = await fetchToFile(`${base}/ok`, file, open);
    expect(readFileSync(file, 'utf8')).toBe('hello');
    expect(fetched).toMatchObject({ bytes: 5, contentType: 'text/plain' });
  });

  it('fails on HTTP errors naming the URL and status', async () => {
    const error = await failure(fetchToFile(`${base}/missing`, path.join(dir, 'x'), open));
    expect(error).toMatchObject({ reason: 'status', status: 404 });
    expect(error.message).toContain(`${base}/missing`);
  });

  it('stops a streamed body at the size limit and leaves no partial file', async () => {
    const file = path.join(dir, 'big');
    expect((await failure(fetchToFile(`${base}/big-chunked`, file, open))).reason).toBe('too-large');
    expect(() => readFileSync(file)).toThrow();
  });
});
