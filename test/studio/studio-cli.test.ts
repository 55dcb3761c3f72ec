import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../helpers/project.ts';
import { copyStudioProject } from './studio-helpers.ts';

const fixture = copyStudioProject();
afterAll(() => fixture.cleanup());

it('`framewright studio --port 0` serves the Studio on loopback and stops on SIGTERM', async () => {
  writeFileSync(path.join(fixture.dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(path.join(fixture.dir, 'framewright.config.ts'), `export default ${JSON.stringify({ templateRoot: 'index.ts', publicDir: 'public', dataDir: 'data' })};\n`);
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/framewright.js'), '--project', fixture.dir, 'studio', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /Framewright Studio: (http:\/\/127\.0\.0\.1:\d+\/studio\/)/.exec(output);
        if (m) resolve(m[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => reject(new Error(`exited before serving:\n${output}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="studio">');
    const info = (await (await fetch(new URL('api/info', url))).json()) as { mode: string; renderOptionsSchema: { properties: Record<string, unknown> } };
    expect(info.mode).toBe('local');
    expect(Object.keys(info.renderOptionsSchema.properties)).toEqual(expect.arrayContaining(['format', 'crf', 'scale', 'frames', 'concurrency']));
    const bundle = await fetch(new URL('build/templates.js', url));
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toContain('registerRoot');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
