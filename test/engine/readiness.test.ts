import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../helpers/failure.ts';
import { Project } from '../../src/bundle/project.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { colorDistance, decodeFrames, decodeImage, meanColor } from '../helpers/media.ts';
import { fixtureProject, tempDir } from '../helpers/project.ts';

const tmp = tempDir();
const project = fixtureProject(path.join(tmp.dir, 'data'));
const host = new RenderHost();
let server: http.Server;
let baseUrl: string;
const DELAY_MS = 1_500;
let heldRequestArrived: () => void = () => undefined;
const heldRequest = new Promise<void>((resolve) => (heldRequestArrived = resolve));

beforeAll(async () => {
  // A solid orange PNG, served only after a delay: the first frame must still show it.
  const png = path.join(tmp.dir, 'orange.png');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=0xff8000:s=160x90', '-frames:v', '1', png]);
  const body = readFileSync(png);
  server = http.createServer((req, res) => {
    // Held until the test ends: a frame that waits on it can only stop by being cancelled.
    if (req.url === '/hold.png') return void heldRequestArrived();
    setTimeout(() => {
      if (req.url !== '/slow.png') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length }).end(body);
    }, DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await host.close();
  tmp.cleanup();
});

describe('a frame is captured only when it is ready', () => {
  it('an <Img> that loads slowly is present in the first frame', async () => {
    const output = path.join(tmp.dir, 'slow.mp4');
    // The test server is on loopback, which renders refuse by default (SSRF guard).
    await renderMedia({ project, host, template: 'remote-image', output, props: { src: `${baseUrl}/slow.png` }, remoteAssets: { allowPrivateNetwork: true } });
    const frames = await decodeFrames(output, 160, 90);
    expect(frames).toHaveLength(10);
    for (const frame of frames) expect(colorDistance(meanColor(frame, 160, 80, 45), [255, 128, 0])).toBeLessThanOrEqual(14);
  });

  it('an <Img> that fails to load fails the render with ASSET_FETCH_FAILED naming the URL', async () => {
    const url = `${baseUrl}/missing.png`;
    await expect(
      renderMedia({ project, host, template: 'remote-image', output: path.join(tmp.dir, 'missing.mp4'), props: { src: url }, remoteAssets: { allowPrivateNetwork: true } }),
    ).rejects.toMatchObject({ code: 'ASSET_FETCH_FAILED', message: expect.stringContaining(url) });
  });

  it('a font loaded from public/ is the one drawn, not the fallback', async () => {
    const still = async (face: string) => {
      const file = path.join(tmp.dir, `font-${face}.png`);
      await renderStill({ project, host, template: 'font-text', props: { face }, output: file });
      return decodeImage(file, 200, 100);
    };
    const [loaded, system, fallback] = [await still('loaded'), await still('system'), await still('fallback')];
    const differingPixels = (a: Buffer, b: Buffer) => {
      let n = 0;
      for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i]! - b[i]!) > 60) n++;
      return n;
    };
    // The same face installed system-wide paints the same glyphs (web fonts and system fonts are
    // hinted a little differently: ~150 pixels here); the serif fallback differs in ~3600.
    expect(differingPixels(loaded, system)).toBeLessThan(600);
    expect(differingPixels(loaded, fallback)).toBeGreaterThan(2000);
  });
});

describe('cancelling a still', () => {
  // Ctrl-C on `framewright still`, or a client that hangs up on POST /v1/stills: a frame held by
  // an open delayRender() must stop now, not when its timeout ends. This template's handle is
  // only continued by a response the test server never sends; a failed fetch leaves it open.
  it('stops a frame held by delayRender(), well before the timeout', async () => {
    const dir = path.join(tmp.dir, 'held');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'index.tsx'),
      [
        "import { AbsoluteFill, continueRender, defineTemplate, delayRender, registerRoot } from 'framewright';",
        "import { useEffect } from 'react';",
        "import { z } from 'zod';",
        'function Held({ src }: { src: string }) {',
        "  useEffect(() => { const handle = delayRender('the held response'); fetch(src).then(() => continueRender(handle), () => undefined); }, [src]);",
        "  return <AbsoluteFill style={{ background: 'black' }} />;",
        '}',
        "registerRoot([defineTemplate({ id: 'held', component: Held, schema: z.object({ src: z.string() }), defaultProps: { src: '' }, width: 32, height: 32, fps: 30, durationInFrames: 1 })]);",
      ].join('\n'),
    );
    const heldProject = Project.fromConfig(dir, { templateRoot: 'index.tsx', publicDir: 'public', dataDir: path.join(tmp.dir, 'held-data') });
    const controller = new AbortController();
    const output = path.join(tmp.dir, 'cancelled-still', 'held.png');
    const still = renderStill({
      project: heldProject,
      host,
      template: 'held',
      output,
      props: { src: `${baseUrl}/hold.png` },
      remoteAssets: { allowPrivateNetwork: true },
      delayRenderTimeoutMs: 120_000,
      signal: controller.signal,
    });
    await heldRequest;
    const abortedAt = performance.now();
    controller.abort();
    const e = await failure(still);
    expect(e.code).toBe('CANCELED');
    // Far below the 120 s timeout, with room for a loaded machine.
    expect(performance.now() - abortedAt).toBeLessThan(20_000);
    expect(existsSync(output)).toBe(false);
  });
});
