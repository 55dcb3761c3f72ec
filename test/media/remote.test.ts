import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMedia } from '../../src/render/render-media.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { decodeFrames, meanColor } from '../helpers/media.ts';
import { fixtureProjectDir } from '../helpers/project.ts';
import { decodeAudio, makeTone, mediaProject, rms, type MediaProject } from './media-helpers.ts';
import { failure } from '../helpers/failure.ts';

const run = promisify(execFile);
let m: MediaProject;
let trusting: MediaProject;
let host: RenderHost;
let server: http.Server;
let base: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  m = mediaProject();
  // A project whose config allows private targets (the option form is tested below).
  trusting = mediaProject({ remoteAssets: { allowPrivateNetwork: true, timeoutMs: 10_000, maxBytes: 50_000_000 } });
  host = new RenderHost();
  const png = path.join(m.dir, 'red.png');
  const tone = path.join(m.dir, 'tone.wav');
  await Promise.all([
    run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=40x20', '-frames:v', '1', png]),
    makeTone(tone, { frequency: 440, seconds: 2 }),
  ]);
  const files: Record<string, { body: Buffer; type: string; delayMs?: number }> = {
    '/slow.png': { body: readFileSync(png), type: 'image/png', delayMs: 1_500 },
    '/tone.wav': { body: readFileSync(tone), type: 'audio/wav' },
    '/font.ttf': { body: readFileSync(path.join(fixtureProjectDir, 'public/fonts/DejaVuSansMono-Bold.ttf')), type: 'font/ttf' },
  };
  server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    const file = files[url];
    if (!file) return void res.writeHead(404).end('not here');
    setTimeout(() => res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body), file.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await host.close();
  server.closeAllConnections();
  server.close();
  m.cleanup();
  trusting.cleanup();
});


describe('remote assets', () => {
  it('waits for a slow server: the image is in the very first frame', async () => {
    const result = await renderMedia({ project: trusting.project, host, template: 'remote-image', frames: [0, 2], props: { src: `${base}/slow.png` }, output: path.join(m.dir, 'slow.mp4') });
    const [first] = await decodeFrames(result.output, 160, 90);
    const [r, g, b] = meanColor(first!, 160, 80, 45);
    expect(r).toBeGreaterThan(200);
    expect(g + b).toBeLessThan(60);
  });

  it('fails a 404 with ASSET_FETCH_FAILED naming the URL and the status', async () => {
    const error = await failure(renderMedia({ project: trusting.project, host, template: 'remote-image', frames: [0, 1], props: { src: `${base}/missing.png` }, output: path.join(m.dir, 'missing.mp4') }));
    expect(error.code).toBe('ASSET_FETCH_FAILED');
    expect(error.message).toContain(`${base}/missing.png`);
    expect(error.message).toMatch(/HTTP 404/);
  });

  it('refuses http://127.0.0.1 by default (SSRF), and fetches it when allowed by option', async () => {
    const src = `${base}/slow.png`;
    const error = await failure(renderStill({ project: m.project, host, template: 'remote-image', props: { src } }));
    expect(error.code).toBe('ASSET_FETCH_FAILED');
    expect(error.message).toContain(src);
    expect(error.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    const still = await renderStill({ project: m.project, host, template: 'remote-image', props: { src }, remoteAssets: { allowPrivateNetwork: true } });
    expect(still.image.length).toBeGreaterThan(0);
  });

  it('downloads a remote sound once per render, shared by every page and the mix', async () => {
    hits.delete('/tone.wav');
    const src = `${base}/tone.wav`;
    const result = await renderMedia({
      project: trusting.project, host, template: 'audio-clips', concurrency: 2, output: path.join(m.dir, 'remote-audio.mp4'),
      props: { durationInFrames: 60, clips: [{ src, from: 0, durationInFrames: 20 }, { src, from: 30 }] },
    });
    expect(hits.get('/tone.wav')).toBe(1);
    const samples = await decodeAudio(result.output);
    expect(rms(samples, 0.05, 0.6)).toBeGreaterThan(0.05);
    expect(rms(samples, 0.7, 0.95)).toBeLessThan(0.001);
    expect(rms(samples, 1.05, 1.95)).toBeGreaterThan(0.05);
  });

  it('refuses a remote sound on a private address by default', async () => {
    const error = await failure(renderMedia({ project: m.project, host, template: 'audio-clips', format: 'wav', output: path.join(m.dir, 'refused.wav'), props: { clips: [{ src: `${base}/tone.wav` }] } }));
    expect(error.code).toBe('ASSET_FETCH_FAILED');
    expect(error.message).toMatch(/loopback/);
  });
});

describe('fonts', () => {
  it('loads a remote font through the proxy: the glyphs are that font’s, not a fallback’s', async () => {
    const pixels = async (props: Record<string, unknown>) => {
      const file = path.join(trusting.dir, `font-${hits.size}-${Object.values(props).join('-').replace(/\W+/g, '_')}.png`);
      await renderStill({ project: trusting.project, host, template: 'font-url', props, output: file });
      return decodeFrames(file, 160, 90).then((f) => f[0]!);
    };
    const remote = await pixels({ url: `${base}/font.ttf` });
    const local = await pixels({ url: 'fonts/DejaVuSansMono-Bold.ttf' });
    const fallback = await pixels({ url: 'fonts/DejaVuSansMono-Bold.ttf', load: false });
    const differing = (a: Buffer, b: Buffer) => a.reduce((n, v, i) => n + (Math.abs(v - b[i]!) > 64 ? 1 : 0), 0);
    // The same face from the public folder paints the same pixels; the fallback paints others.
    expect(differing(remote, local)).toBe(0);
    expect(differing(remote, fallback)).toBeGreaterThan(300);
    expect(hits.get('/font.ttf')).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['a missing public/ font', 'fonts/missing.ttf', /fonts\/missing\.ttf/],
    ['a remote 404', '/nope.ttf', /nope\.ttf.*HTTP 404/],
  ])('fails clearly for %s (FONT_LOAD_FAILED, no silent fallback)', async (_name, url, message) => {
    const error = await failure(renderStill({ project: trusting.project, host, template: 'font-url', props: { url: url.startsWith('/') ? `${base}${url}` : url } }));
    expect(error.code).toBe('FONT_LOAD_FAILED');
    expect(error.message).toMatch(message);
  });
});
