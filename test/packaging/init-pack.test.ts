import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorDistance, decodeFrames, decodeImage, meanColor, probe, videoStream } from '../helpers/media.ts';
import { studioUrlOf } from '../helpers/processes.ts';
import { repoRoot, tempDir } from '../helpers/project.ts';

const run = promisify(execFile);

/**
 * The package as a user gets it: `npm pack` of this repo, `framewright init` of a new project
 * outside the repo, the tarball installed there, then the project's own `npx framewright`.
 */
describe('framewright init + the packed package', () => {
  const temp = tempDir('fw-init-');
  const projectDir = path.join(temp.dir, 'my-video');
  // The user's environment, minus anything that would point the CLI back at this repo.
  const { DATA_DIR: _dataDir, NODE_OPTIONS: _nodeOptions, ...env } = process.env;
  let tarball = '';

  beforeAll(async () => {
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', temp.dir], { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024 });
    tarball = path.join(temp.dir, stdout.trim().split('\n').at(-1)!);
    await run(process.execPath, [path.join(repoRoot, 'bin', 'framewright.js'), 'init', projectDir, '--framewright', `file:${tarball}`], { env });
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: projectDir, env, maxBuffer: 64 * 1024 * 1024 });
  }, 600_000);

  afterAll(() => temp.cleanup());

  const framewright = (...args: string[]) =>
    run('npx', ['--no-install', 'framewright', ...args], { cwd: projectDir, env, maxBuffer: 16 * 1024 * 1024 });

  it('ships the built entries and no tests, and installs without this repo or its dev dependencies', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
    const files = stdout.split('\n');
    for (const file of ['package/bin/framewright.js', 'package/dist/runtime/index.d.ts', 'package/dist/runtime/index.js', 'package/dist/render/index.js', 'package/dist/config/project-config.d.ts']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /\.test\.tsx?$/.test(f) || f.startsWith('package/test/'))).toEqual([]);

    const installed = path.join(projectDir, 'node_modules');
    expect(readFileSync(path.join(installed, 'framewright', 'package.json'), 'utf8')).toContain('"name": "framewright"');
    expect(existsSync(path.join(installed, 'vitest'))).toBe(false);
    expect(existsSync(path.join(installed, '@apidevtools'))).toBe(false);
    // One React for the templates and the runtime: a second copy would break every hook.
    expect(existsSync(path.join(installed, 'framewright', 'node_modules', 'react'))).toBe(false);
    expect(readdirSync(path.join(projectDir, 'src')).sort()).toEqual(['HelloWorld.tsx', 'index.ts']);
  });

  it('resolves the authoring API types in the project (tsc)', async () => {
    writeFileSync(
      path.join(projectDir, 'src', 'types-probe.ts'),
      [
        "import { Easing, interpolate, spring, type SpringConfig } from 'framewright';",
        "import { renderMedia } from 'framewright/render';",
        "import { defineConfig } from 'framewright/config';",
        'const value: number = spring({ frame: 1, fps: 30, config: { damping: 200 } satisfies Partial<SpringConfig> });',
        'interpolate(value, [0, 1], [0, 10], { easing: [Easing.ease], extrapolateRight: "wrap" });',
        '// @ts-expect-error frame must be a number: proves the types are real, not `any`',
        'spring({ frame: "1", fps: 30 });',
        'defineConfig({ templateRoot: "src/index.ts" });',
        'export { renderMedia };',
        '',
      ].join('\n'),
    );
    await run(process.execPath, [path.join(projectDir, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'], { cwd: projectDir, env });
  });

  it('lists, renders and stills the project template from its framewright.config.ts', async () => {
    const { stdout } = await framewright('templates', '--json');
    expect(JSON.parse(stdout)).toMatchObject([{ id: 'hello-world', width: 1280, height: 720, fps: 30, durationInFrames: 90 }]);

    await framewright('render', 'hello-world', 'out/hello.mp4', '--props', '{"title":"Hi","color":"#00ff00"}', '--scale', '0.5');
    const video = path.join(projectDir, 'out', 'hello.mp4');
    const stream = videoStream(await probe(video));
    expect([stream.width, stream.height, Number(stream.nb_read_frames)]).toEqual([640, 360, 90]);
    const frames = await decodeFrames(video, 640, 360);
    expect(colorDistance(meanColor(frames[45]!, 640, 20, 20), [0, 255, 0])).toBeLessThan(8);

    await framewright('still', 'hello-world', 'out/hello.png', '--frame', '45', '--props', '{"color":"#ff0000"}');
    const still = await decodeImage(path.join(projectDir, 'out', 'hello.png'), 1280, 720);
    expect(colorDistance(meanColor(still, 1280, 20, 20), [255, 0, 0])).toBeLessThanOrEqual(1);
    // The title is drawn in white across the middle band.
    let white = 0;
    for (let x = 0; x < 1280; x++) {
      const o = (360 * 1280 + x) * 3;
      if (still[o]! > 240 && still[o + 1]! > 240 && still[o + 2]! > 240) white++;
    }
    expect(white).toBeGreaterThan(20);
  });

  it('serves the Studio from the installed package, with the project template bundled', async () => {
    // The installed bin itself, not through npx: npx does not pass SIGTERM on, and the Studio
    // would outlive the test.
    const bin = path.join(projectDir, 'node_modules', 'framewright', 'bin', 'framewright.js');
    const child = spawn(process.execPath, [bin, 'studio', '--port', '0'], { cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await studioUrlOf(child);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      // The page's own script (the Studio app, built from the installed package) loads too.
      const script = /<script[^>]*src="([^"]+)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect((await fetch(new URL(script!, url))).status).toBe(200);
      const bundle = await fetch(new URL('build/templates.js', url));
      expect(bundle.status).toBe(200);
      expect(await bundle.text()).toContain('hello-world');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
