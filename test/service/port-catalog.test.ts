import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/bundle/project.ts';
import { colorDistance, decodeImage, meanColor } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { request } from './helpers/http.ts';
import { startTestService, type TestService } from './helpers/service.ts';

// The template catalog of a Remotion-style root (<Folder>s around <Composition>s), as the API
// and the CLI show it: the Studio groups templates by `folder`.
const run = promisify(execFile);
const portDir = fileURLToPath(new URL('../fixtures/port/', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/framewright.js', import.meta.url));
const scratch = tempDir('fw-port-catalog-');
let svc: TestService;

beforeAll(async () => {
  const dataDir = path.join(scratch.dir, 'data');
  svc = await startTestService({ worker: false, dataDir, project: Project.fromConfig(portDir, { templateRoot: 'index.ts', publicDir: 'public', dataDir }) });
});

afterAll(async () => {
  await svc?.stop();
  scratch.cleanup();
});

describe('folders in the template catalog', () => {
  it('GET /v1/templates gives each template its folder path', async () => {
    const list = await request<{ data: Array<{ id: string; folder?: string }> }>(`${svc.url}/v1/templates`);
    const folders = Object.fromEntries(list.body.data.map((t) => [t.id, t.folder ?? null]));
    expect(folders).toMatchObject({
      ProductTeaser: 'Marketing',
      'transition-check': 'Checks/Transitions',
      'loop-freeze': 'Checks',
      'product-teaser-twin': null,
    });
    const one = await request<{ id: string; folder?: string }>(`${svc.url}/v1/templates/ProductTeaser`);
    expect(one.body).toMatchObject({ id: 'ProductTeaser', folder: 'Marketing', width: 320, height: 180 });
  });

  it('POST /v1/stills renders the ported template, its props validated by its zod schema', async () => {
    const bad = await request<{ code: string; errors: Array<{ path: Array<string | number>; message: string }> }>(`${svc.url}/v1/stills`, {
      body: { template: 'ProductTeaser', props: { slides: ['#ff0000', 'blue'] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('INVALID_PROPS');
    expect(bad.body.errors).toContainEqual({ path: ['slides', 1], message: 'must be a #rrggbb colour' });
    const res = await fetch(`${svc.url}/v1/stills`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'ProductTeaser', props: { slides: ['#ff0000', '#0000ff'] }, frame: 50 }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const file = path.join(scratch.dir, 'teaser.png');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    // Frame 50 is inside the second slide (slides of 40 frames overlapping by 10).
    expect(colorDistance(meanColor(await decodeImage(file, 320, 180), 320, 20, 20, 2), [0, 0, 255])).toBeLessThanOrEqual(2);
  });

  it('`framewright templates` shows the folder, and --json carries it', async () => {
    const env = { ...process.env, DATA_DIR: path.join(scratch.dir, 'cli-data') };
    const { stdout } = await run(process.execPath, [bin, '--project', portDir, 'templates'], { env });
    expect(stdout).toMatch(/^transition-check .*folder: Checks\/Transitions$/m);
    expect(stdout).toMatch(/^product-teaser-twin .*props: title, accent, slides$/m);
    const { stdout: json } = await run(process.execPath, [bin, '--project', portDir, 'templates', '--json'], { env });
    expect((JSON.parse(json) as Array<{ id: string; folder?: string }>).find((t) => t.id === 'ProductTeaser')?.folder).toBe('Marketing');
  });
});
