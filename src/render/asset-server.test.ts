import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetServer, type SiteUrls } from './asset-server.ts';

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
