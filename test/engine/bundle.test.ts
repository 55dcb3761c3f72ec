import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleTemplates } from '../../src/bundle/bundle-templates.ts';
import { Project } from '../../src/bundle/project.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { decodeImage, pixel } from '../helpers/media.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { fixtureProjectDir, tempDir } from '../helpers/project.ts';

const tmp = tempDir();
const host = new RenderHost();
afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

describe('bundling once', () => {
  // A private copy of the fixture project, so editing a template touches nothing shared.
  const projectDir = path.join(tmp.dir, 'project');
  cpSync(fixtureProjectDir, projectDir, { recursive: true, filter: (src) => !src.includes('.framewright') });
  const project = Project.fromConfig(projectDir, { templateRoot: 'index.ts', publicDir: 'public', dataDir: path.join(tmp.dir, 'data') });

  it('a second render reuses the bundle without rebuilding it', async () => {
    const first = await renderMedia({ project, host, template: 'color-frames', output: path.join(tmp.dir, 'a.mp4'), frames: [0, 4] });
    const built = project.currentBundle!;
    expect(built.cached).toBe(false);
    const bundleMtime = statSync(path.join(built.siteDir, 'bundle.js')).mtimeMs;

    const second = await renderMedia({ project, host, template: 'color-frames', output: path.join(tmp.dir, 'b.mp4'), frames: [0, 4] });
    expect(project.currentBundle!.cached).toBe(true);
    expect(second.bundleHash).toBe(first.bundleHash);
    expect(statSync(path.join(built.siteDir, 'bundle.js')).mtimeMs).toBe(bundleMtime);
  });

  it('an edited template is rebuilt, with a new hash', async () => {
    const before = await project.bundle();
    const file = path.join(projectDir, 'templates', 'color-frames.tsx');
    writeFileSync(file, readFileSync(file, 'utf8').replace('left: 200', 'left: 201'));
    const after = await project.bundle();
    expect(after.cached).toBe(false);
    expect(after.hash).not.toBe(before.hash);
  });

  it('a syntax error names the file and line', async () => {
    const file = path.join(projectDir, 'templates', 'failures.tsx');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nconst broken = ;\n`);
    await expect(bundleTemplates({ templateRoot: project.config.templateRoot, bundlesDir: project.bundlesDir })).rejects.toMatchObject({
      code: 'BUNDLE_FAILED',
      message: expect.stringMatching(/failures\.tsx:\d+:\d+/),
    });
  });
});

describe('a template that imports a stylesheet', () => {
  // `import './card.css'` is how React components are usually styled: esbuild emits the rules as
  // bundle.css beside bundle.js, and the page must load it, or the render silently lacks them.
  it('renders with the imported rules applied', async () => {
    const dir = path.join(tmp.dir, 'styled');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'card.css'), '.card { position: absolute; inset: 0; background: rgb(0, 255, 0); }\n');
    writeFileSync(
      path.join(dir, 'index.tsx'),
      [
        "import { AbsoluteFill, defineTemplate, registerRoot } from 'framewright';",
        "import { z } from 'zod';",
        "import './card.css';",
        "const Card = () => <AbsoluteFill style={{ background: 'rgb(255, 0, 0)' }}><div className=\"card\" /></AbsoluteFill>;",
        "registerRoot([defineTemplate({ id: 'styled', component: Card, schema: z.object({}), defaultProps: {}, width: 32, height: 32, fps: 30, durationInFrames: 1 })]);",
      ].join('\n'),
    );
    const project = Project.fromConfig(dir, { templateRoot: 'index.tsx', publicDir: 'public', dataDir: path.join(tmp.dir, 'styled-data') });
    const output = path.join(tmp.dir, 'styled.png');
    await renderStill({ project, host, template: 'styled', output, format: 'png' });
    expect(pixel(await decodeImage(output, 32, 32), 32, 16, 16)).toEqual([0, 255, 0]);
  });
});
