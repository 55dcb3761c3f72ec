import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/bundle/project.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { decodeImage, pixel } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';

// Remotion behaviours a ported template relies on, in a real browser: test/fixtures/port-audit.
const fixtureDir = fileURLToPath(new URL('../fixtures/port-audit/', import.meta.url));
const tmp = tempDir('fw-port-audit-');
const project = Project.fromConfig(fixtureDir, { templateRoot: 'index.tsx', publicDir: path.join(fixtureDir, 'public'), dataDir: path.join(tmp.dir, 'data') });
const host = new RenderHost();
afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

let stills = 0;
async function still(template: string): Promise<Buffer> {
  const output = path.join(tmp.dir, `still-${stills++}.png`);
  await renderStill({ project, host, template, frame: 0, props: {}, output });
  return decodeImage(output, 160, 90);
}

describe('ported Remotion behaviour, in pixels', () => {
  it('a <Sequence> lays its children out in a row, as Remotion does', async () => {
    const frame = await still('sequence-row');
    expect(pixel(frame, 160, 20, 20)).toEqual([255, 0, 0]);
    expect(pixel(frame, 160, 60, 20)).toEqual([0, 255, 0]);
    // Nothing stacked below (a column would put green at y 40–80), nothing further right.
    expect(pixel(frame, 160, 20, 60)).toEqual([255, 255, 255]);
    expect(pixel(frame, 160, 100, 20)).toEqual([255, 255, 255]);
  });

  it('an <Img> with onError lets the template swap in a fallback instead of failing the render', async () => {
    const frame = await still('img-fallback');
    const fallback = await decodeImage(path.join(fixtureDir, 'public', 'blue.png'), 32, 32);
    expect(pixel(frame, 160, 80, 45)).toEqual(pixel(fallback, 32, 16, 16));
  });
});
