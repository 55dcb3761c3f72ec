import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetServer, hideInternalUrls, type SiteUrls } from './asset-server.ts';

describe('AssetServer', () => {
  const server = new AssetServer();
  let dir: string;
  let urls: SiteUrls;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fw-assets-'));
    mkdirSync(path.join(dir, 'site'));
    mkdirSync(path.join(dir, 'public', 'folder'), { recursive: true });
    writeFileSync(path.join(dir, 'site', 'index.html'), '<html>page</html>');
    writeFileSync(path.join(dir, 'public', 'a b%.txt'), '0123456789');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside');
    await server.start();
    urls = server.register('k', path.join(dir, 'site'), path.join(dir, 'public'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the site index and public files with their types', async () => {
    const page = await fetch(urls.siteUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toBe('<html>page</html>');
    const file = await fetch(`${urls.publicUrl}a%20b%25.txt`);
    expect(await file.text()).toBe('0123456789');
  });

  it('answers Range requests (media elements seek with them), and 416 for a range past the end', async () => {
    const part = await fetch(`${urls.publicUrl}a%20b%25.txt`, { headers: { range: 'bytes=2-4' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await part.text()).toBe('234');
    const past = await fetch(`${urls.publicUrl}a%20b%25.txt`, { headers: { range: 'bytes=50-60' } });
    expect(past.status).toBe(416);
  });

  it('refuses folders, missing files and paths that climb out of the folder', async () => {
    for (const url of [`${urls.publicUrl}folder`, `${urls.publicUrl}missing.png`, `${urls.publicUrl}..%2F..%2Fsecret.txt`, `${urls.siteUrl}..%2Fsecret.txt`]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('outside');
    }
  });
});

describe('hideInternalUrls', () => {
  it.each([
    ['http://127.0.0.1:41234/s/3f9a0c/public/logo.png does not exist', 'public/logo.png does not exist'],
    ['Could not load http://127.0.0.1:41234/m/ab12cd/asset?url=x (502)', 'Could not load asset?url=x (502)'],
    ['at Foo (http://127.0.0.1:5555/s/hash/bundle.js:1:20)', 'at Foo (bundle.js:1:20)'],
  ])('%s', (message, shown) => {
    expect(hideInternalUrls(message)).toBe(shown);
    expect(hideInternalUrls(message)).not.toMatch(/127\.0\.0\.1:\d+/);
  });

  it.each([
    ['<Img> could not load https://cdn.example/a.png?token=secret: Could not fetch https://cdn.example/a.png?token=secret: HTTP 404', '<Img> could not load https://cdn.example/a.png?…: Could not fetch https://cdn.example/a.png?…: HTTP 404'],
    ['redirected to https://bucket.s3.example/k?X-Amz-Signature=abc&X-Amz-Credential=def, which timed out', 'redirected to https://bucket.s3.example/k?…, which timed out'],
    ['(at wss://example.org/socket#frag)', '(at wss://example.org/socket?…)'],
    ['The page requested http://10.0.0.1/x?…: refused', 'The page requested http://10.0.0.1/x?…: refused'],
  ])('drops the query string of every URL: %s', (message, shown) => {
    expect(hideInternalUrls(message)).toBe(shown);
  });

  it('leaves URLs the caller gave alone', () => {
    expect(hideInternalUrls('http://127.0.0.1:3299/x: a loopback address')).toBe('http://127.0.0.1:3299/x: a loopback address');
  });
});
