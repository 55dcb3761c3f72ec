import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStill } from '../../src/render/render-still.ts';
import { renderFixture } from '../helpers/engine.ts';
import { decodeImage, meanColor } from '../helpers/media.ts';
import { failure } from '../helpers/failure.ts';

/**
 * The attack, every way a page can make a request: a template points at a loopback
 * "internal service". Nothing may arrive there, and the render fails naming the URL.
 */
const { tmp, project, host } = renderFixture();
const run = promisify(execFile);
let internal: http.Server;
let base: string;
const arrived: string[] = [];
let redPng: Buffer;

beforeAll(async () => {
  const png = path.join(tmp.dir, 'red.png');
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=16x16', '-frames:v', '1', png]);
  redPng = readFileSync(png);
  internal = http.createServer((req, res) => {
    arrived.push(req.url ?? '');
    if (req.url?.startsWith('/missing')) return void res.writeHead(404).end();
    if (req.url?.startsWith('/redirect')) return void res.writeHead(302, { location: '/missing.png?signature=secret' }).end();
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end(redPng);
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
});

afterAll(async () => {
  internal.closeAllConnections();
  await new Promise((resolve) => internal.close(resolve));
});

async function still(way: string, url: string, allowPrivateNetwork = false) {
  return renderStill({
    project, host, template: 'hostile', props: { way, url }, output: path.join(tmp.dir, `${way}.png`), format: 'png',
    remoteAssets: { allowPrivateNetwork, timeoutMs: 5_000 },
  });
}


describe('the page reaches the network only through the guard', () => {
  it.each(['css', 'img', 'fetch', 'xhr', 'font', 'worker', 'import', 'iframe', 'eventsource', 'prefetch', 'video', 'navigate', 'beacon', 'download', 'websocket', 'open'])('%s to a loopback address is refused, naming the URL', async (way) => {
    arrived.length = 0;
    const url = `${base}/${way}?token=secret`;
    const e = await failure(still(way, url));
    expect(['REQUEST_REFUSED']).toContain(e.code);
    expect(e.message).toContain(`${way === 'websocket' ? base.replace(/^http/, 'ws') : base}/${way}`);
    // Query strings may carry tokens: never in messages.
    expect(e.message).not.toContain('secret');
    expect(arrived).toEqual([]);
  });

  it.each([
    ['img', 'file:///etc/passwd'],
    ['css', 'file:///etc/hostname'],
  ])('%s of a file: URL fails the render naming it', async (way, url) => {
    const e = await failure(still(way, url));
    expect(e.code).toBe('REQUEST_REFUSED');
    expect(e.message).toContain(url);
  });

  it.each([
    ['IPv6 loopback', (b: string) => b.replace('127.0.0.1', '[::1]')],
    ['IPv4-mapped IPv6', (b: string) => b.replace('127.0.0.1', '[::ffff:127.0.0.1]')],
    ['decimal', (b: string) => b.replace('127.0.0.1', '2130706433')],
    ['octal', (b: string) => b.replace('127.0.0.1', '0177.0.0.1')],
    ['short hex', (b: string) => b.replace('127.0.0.1', '0x7f.1')],
  ])('a loopback address written as %s is refused', async (_form, rewrite) => {
    arrived.length = 0;
    expect((await failure(still('img', `${rewrite(base)}/form`))).code).toBe('REQUEST_REFUSED');
    expect(arrived).toEqual([]);
  });

  it('data: and blob: sources are the page\'s own data, not requests: the render succeeds', async () => {
    const png = `data:image/png;base64,${redPng.toString('base64')}`;
    await expect(still('img', png)).resolves.toMatchObject({ width: 64 });
    await expect(still('css', png)).resolves.toMatchObject({ width: 64 });
  });

  it('another loopback port by name (localhost) is refused too', async () => {
    arrived.length = 0;
    const e = await failure(still('css', base.replace('127.0.0.1', 'localhost') + '/by-name'));
    expect(e.code).toBe('REQUEST_REFUSED');
    expect(arrived).toEqual([]);
  });

  it('with private targets allowed, a CSS url() is fetched through the guard and painted', async () => {
    arrived.length = 0;
    const result = await still('css', `${base}/allowed.png`, true);
    expect(arrived).toEqual(['/allowed.png']);
    const file = path.join(tmp.dir, "css.png");
    const image = await decodeImage(file, 64, 36);
    expect(result.width).toBe(64);
    expect(meanColor(image, 64, 32, 18)[0]).toBeGreaterThan(200);
    expect(meanColor(image, 64, 32, 18)[1]).toBeLessThan(60);
  });

  it('a tab without interception still reaches nothing but the asset server (the proxy backstop)', async () => {
    arrived.length = 0;
    const lease = await host.browsers.acquire();
    const page = await lease.browser.newPage();
    try {
      const answer = await page.goto(`${base}/raw`).catch((error: Error) => error);
      expect(answer instanceof Error ? answer.message : answer?.status()).not.toBe(200);
      expect(arrived).toEqual([]);
    } finally {
      await page.close();
      await lease.release();
    }
  });

  it.each([
    ['an <Img>', 'remote-image', (url: string) => ({ src: url })],
    ['a CSS url()', 'hostile', (url: string) => ({ way: 'css', url })],
  ])('%s whose fetch fails or is refused names the URL without its query, after a redirect too', async (_what, template, props) => {
    const attempt = async (url: string, allowPrivateNetwork: boolean) =>
      failure(renderStill({ project, host, template, props: props(url), format: 'png', remoteAssets: { allowPrivateNetwork, timeoutMs: 5_000 } }));
    for (const [url, allowPrivateNetwork] of [
      [`${base}/missing.png?token=secret`, true],
      [`${base}/redirect?token=secret`, true],
      [`${base}/refused.png?token=secret`, false],
    ] as const) {
      const e = await attempt(url, allowPrivateNetwork);
      expect(e.message).toContain(url.replace(/\?.*$/, ''));
      expect(e.message, url).not.toContain('secret');
    }
  });

  it('bundle and public/ files still load (the fixture fonts and images render)', async () => {
    const result = await renderStill({ project, host, template: 'font-text', props: { face: 'loaded' }, format: 'png' });
    expect(result.image.length).toBeGreaterThan(100);
  });
});
